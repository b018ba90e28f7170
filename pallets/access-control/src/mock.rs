//! A test runtime: the real consortium pallet for roles, pallet-timestamp for time, and a
//! fixed set of records standing in for the EMR pointers pallet.

use crate as pallet_access_control;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64, Everything},
};
use frame_system::EnsureRoot;
use medchain_primitives::{
	Moment, OrganisationKind, RecordCategory, RecordId, RecordLookup, RecordSubject, StaffRole,
};
use sp_runtime::BuildStorage;
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

impl pallet_timestamp::Config for Test {
	type Moment = Moment;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

frame_support::parameter_types! {
	/// The gate's budget here: transactions only, as the domain tests need.
	pub const TestBudget: pallet_consortium::Budget =
		pallet_consortium::Budget { transactions: 100, weight: u64::MAX, length: u32::MAX };
}

impl pallet_consortium::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = EnsureRoot<u64>;
	type GateExempt = Everything;
	type MaxOrganisations = ConstU32<10>;
	type MaxStaffPerOrganisation = ConstU32<10>;
	type RateLimitWindow = ConstU64<10>;
	type CallPolicy = ();
	type Budgets = pallet_consortium::UniformBudget<TestBudget>;
	type RegistrationWindow = ConstU64<10>;
	type MaxRegistrationsPerWindow = ConstU32<100>;
	type WeightInfo = ();
}

/// Bounds small enough to reach in tests.
pub const MAX_GRANTS: u32 = 4;
pub const MAX_REQUESTS: u32 = 2;
/// Break-glass lasts 15 minutes.
pub const BREAK_GLASS_MS: Moment = 15 * 60 * 1000;

impl pallet_access_control::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Membership = Consortium;
	type Records = MockRecords;
	type Time = Timestamp;
	type MaxGrantsPerPatient = ConstU32<MAX_GRANTS>;
	type MaxRequestsPerPatient = ConstU32<MAX_REQUESTS>;
	type BreakGlassDuration = ConstU64<BREAK_GLASS_MS>;
	type WeightInfo = ();
}

thread_local! {
	static RECORDS: RefCell<BTreeMap<RecordId, RecordSubject<u64>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The records the tests know, standing in for the EMR pointers pallet.
pub struct MockRecords;
impl RecordLookup<u64> for MockRecords {
	fn subject(record: RecordId) -> Option<RecordSubject<u64>> {
		RECORDS.with(|r| r.borrow().get(&record).cloned())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(
		patient: &u64,
		category: RecordCategory,
		store: u32,
	) -> Option<RecordId> {
		let record = RECORDS.with(|r| r.borrow().keys().max().map_or(0, |id| id + 1));
		put_record(record, *patient, category, store, false);
		Some(record)
	}
}

/// Adds (or replaces) a record.
pub fn put_record(
	record: RecordId,
	patient: u64,
	category: RecordCategory,
	store: u32,
	erased: bool,
) {
	RECORDS.with(|r| {
		r.borrow_mut().insert(record, RecordSubject { patient, category, store, erased })
	});
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
pub const DOCTOR_B: u64 = 20;
pub const PHARMACIST: u64 = 30;
pub const PATIENT: u64 = 100;
pub const OTHER_PATIENT: u64 = 101;
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

pub fn new_test_ext() -> sp_io::TestExternalities {
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
			],
			patients: vec![(PATIENT, HOSPITAL_A), (OTHER_PATIENT, HOSPITAL_A)],
		},
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(START);
		RECORDS.with(|r| r.borrow_mut().clear());
		put_record(OBSERVATION, PATIENT, RecordCategory::Observation, HOSPITAL_A, false);
		put_record(IMAGING, PATIENT, RecordCategory::ImagingStudy, HOSPITAL_A, false);
		put_record(ERASED, PATIENT, RecordCategory::Observation, HOSPITAL_A, true);
	});
	ext
}

/// Sets the chain's time.
pub fn set_time(now: Moment) {
	pallet_timestamp::Now::<Test>::put(now);
}
