//! A test runtime: the real consortium pallet for roles, pallet-timestamp for time, and a
//! fixed set of records standing in for the EMR pointers pallet.

use crate as pallet_access_control;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use medchain_primitives::testing::{CheckedExternalities, Invariants};
use medchain_primitives::{
	Moment, OrganisationKind, RecordCategory, RecordId, RecordLookup, RecordSubject, StaffRole,
};
use sp_runtime::{testing::TestSignature, BuildStorage};
use std::{cell::RefCell, collections::BTreeMap};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Consortium: pallet_consortium,
		AccessControl: pallet_access_control,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_consortium::config_preludes::TestDefaultConfig)]
impl pallet_consortium::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
}

/// Bounds small enough to reach in tests.
pub const MAX_GRANTS: u32 = 4;
pub const MAX_GRANTS_PER_GRANTEE: u32 = 3;
pub const MAX_REQUESTS: u32 = 2;
pub const MAX_BLOCKED: u32 = 2;
pub const MAX_GLASS_PER_PATIENT: u32 = 3;
pub const MAX_GLASS_PER_CLINICIAN: u32 = 2;
/// Break-glass lasts 15 minutes.
pub const BREAK_GLASS_MS: Moment = 15 * 60 * 1000;
/// Requests wait a week.
pub const REQUEST_LIFETIME_MS: Moment = 7 * 24 * 3_600_000;
/// A signed read request is good for 5 blocks.
pub const READ_REQUEST_AGE: u64 = 5;

impl pallet_access_control::Config for Test {
	type Membership = Consortium;
	type Records = MockRecords;
	type Time = Timestamp;
	type MaxGrantsPerPatient = ConstU32<MAX_GRANTS>;
	type MaxGrantsPerGrantee = ConstU32<MAX_GRANTS_PER_GRANTEE>;
	type MaxRequestsPerPatient = ConstU32<MAX_REQUESTS>;
	type RequestLifetime = ConstU64<REQUEST_LIFETIME_MS>;
	type MaxBlockedPerPatient = ConstU32<MAX_BLOCKED>;
	type BreakGlassDuration = ConstU64<BREAK_GLASS_MS>;
	type MaxBreakGlassPerPatientPerDay = ConstU32<MAX_GLASS_PER_PATIENT>;
	type MaxBreakGlassPerClinicianPerDay = ConstU32<MAX_GLASS_PER_CLINICIAN>;
	type ReviewOrigin = EnsureRoot<u64>;
	type Signature = TestSignature;
	type MaxReadRequestAge = ConstU64<READ_REQUEST_AGE>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestSigner;
	type WeightInfo = ();
}

/// Test signatures: a signer's id and the message (`TestSignature` verifies both).
#[cfg(feature = "runtime-benchmarks")]
pub struct TestSigner;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_access_control::BenchmarkHelper<u64, TestSignature> for TestSigner {
	fn sign(message: &[u8]) -> (u64, TestSignature) {
		(7_000, TestSignature(7_000, message.to_vec()))
	}

	fn set_now(now: Moment) {
		set_time(now);
	}
}

thread_local! {
	static RECORDS: RefCell<BTreeMap<RecordId, RecordSubject<u64>>> = const { RefCell::new(BTreeMap::new()) };
	static ERASED_RECORDS: RefCell<Vec<RecordId>> = const { RefCell::new(Vec::new()) };
}

/// The records the tests know, standing in for the EMR pointers pallet.
pub struct MockRecords;
impl RecordLookup<u64> for MockRecords {
	fn subject(record: RecordId) -> Option<RecordSubject<u64>> {
		RECORDS.with(|r| r.borrow().get(&record).cloned())
	}

	fn is_erased(record: RecordId) -> bool {
		ERASED_RECORDS.with(|r| r.borrow().contains(&record))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(
		patient: &u64,
		category: RecordCategory,
		store: u32,
	) -> Option<RecordId> {
		let record = RECORDS.with(|r| r.borrow().keys().max().map_or(0, |id| id + 1));
		let record = ERASED_RECORDS
			.with(|r| r.borrow().iter().max().map_or(record, |id| record.max(id + 1)));
		put_record(record, *patient, category, store);
		Some(record)
	}
}

/// Adds (or replaces) a record.
pub fn put_record(record: RecordId, patient: u64, category: RecordCategory, store: u32) {
	RECORDS.with(|r| r.borrow_mut().insert(record, RecordSubject { patient, category, store }));
}

/// Erases a record: only its receipt is left.
pub fn erase_record(record: RecordId) {
	RECORDS.with(|r| r.borrow_mut().remove(&record));
	ERASED_RECORDS.with(|r| r.borrow_mut().push(record));
}

// The consortium: two hospitals and a pharmacy.
pub const HOSPITAL_A: u32 = 0;
pub const HOSPITAL_B: u32 = 1;
pub const PHARMACY: u32 = 2;
pub const ADMIN_A: u64 = 1;
pub const ADMIN_B: u64 = 2;
pub const DOCTOR_A: u64 = 10;
pub const NURSE_A: u64 = 11;
/// Staff of hospital A without a clinical role.
pub const OPERATOR_A: u64 = 12;
/// Hospital A's record store's service account.
pub const STORE_A: u64 = 13;
/// Hospital A's admin who also registers patients (a second admin, to review).
pub const ADMIN_A2: u64 = 14;
pub const DOCTOR_B: u64 = 20;
pub const PHARMACIST: u64 = 30;
/// A doctor at a laboratory: clinical, but not where emergencies are treated.
pub const LAB_DOCTOR: u64 = 40;
pub const PATIENT: u64 = 100;
pub const OTHER_PATIENT: u64 = 101;
/// A patient hospital B registered.
pub const PATIENT_OF_B: u64 = 102;
pub const STRANGER: u64 = 500;

// The patient's records.
/// An observation of PATIENT, in hospital A's store.
pub const OBSERVATION: RecordId = 1000;
/// An imaging study of PATIENT, in hospital A's store.
pub const IMAGING: RecordId = 1001;
/// An erased record of PATIENT.
pub const ERASED: RecordId = 1002;

/// The time the tests start at: 2026-11-23T00:00:00Z.
pub const START: Moment = 1_795_392_000_000;

/// The pallets whose invariants every test checks when it ends.
const INVARIANTS: &[(&str, Invariants)] =
	&[("consortium", Consortium::do_try_state), ("access_control", AccessControl::do_try_state)];

pub fn new_test_ext() -> CheckedExternalities {
	use StaffRole::*;
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		consortium: pallet_consortium::GenesisConfig {
			organisations: vec![
				(
					OrganisationKind::Hospital,
					vec![
						(ADMIN_A, vec![Admin]),
						(DOCTOR_A, vec![Doctor]),
						(NURSE_A, vec![Nurse]),
						(OPERATOR_A, vec![DeviceOperator]),
						(STORE_A, vec![RecordStore]),
						(ADMIN_A2, vec![Admin]),
					],
				),
				(
					OrganisationKind::Hospital,
					vec![(ADMIN_B, vec![Admin]), (DOCTOR_B, vec![Doctor])],
				),
				(
					OrganisationKind::Pharmacy,
					vec![(3, vec![Admin]), (PHARMACIST, vec![Pharmacist])],
				),
				(OrganisationKind::Laboratory, vec![(4, vec![Admin]), (LAB_DOCTOR, vec![Doctor])]),
			],
			patients: vec![
				(PATIENT, HOSPITAL_A),
				(OTHER_PATIENT, HOSPITAL_A),
				(PATIENT_OF_B, HOSPITAL_B),
			],
		},
	}
	.build_storage()
	.unwrap();
	CheckedExternalities::at_block_one::<Test>(storage, INVARIANTS, || {
		pallet_timestamp::Now::<Test>::put(START);
		RECORDS.with(|r| r.borrow_mut().clear());
		ERASED_RECORDS.with(|r| r.borrow_mut().clear());
		put_record(OBSERVATION, PATIENT, RecordCategory::Observation, HOSPITAL_A);
		put_record(IMAGING, PATIENT, RecordCategory::ImagingStudy, HOSPITAL_A);
		erase_record(ERASED);
	})
}

/// Runs `test` on the test chain, then checks every pallet's invariants.
pub fn run<R>(test: impl FnOnce() -> R) -> R {
	new_test_ext().execute_with(test)
}

/// Sets the chain's time.
pub fn set_time(now: Moment) {
	pallet_timestamp::Now::<Test>::put(now);
}
