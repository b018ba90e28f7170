//! A test runtime with the real consortium and access-control pallets around the EMR
//! pointers pallet.

use crate as pallet_emr_pointers;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use medchain_primitives::testing::{CheckedExternalities, Invariants};
use medchain_primitives::{Moment, OrganisationKind, StaffRole};
use sp_runtime::{testing::TestSignature, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Consortium: pallet_consortium,
		AccessControl: pallet_access_control,
		EmrPointers: pallet_emr_pointers,
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

impl pallet_access_control::Config for Test {
	type Membership = Consortium;
	type Records = EmrPointers;
	type Time = Timestamp;
	type MaxGrantsPerPatient = ConstU32<8>;
	type MaxGrantsPerGrantee = ConstU32<4>;
	type MaxRequestsPerPatient = ConstU32<8>;
	type RequestLifetime = ConstU64<{ 7 * 24 * 3_600_000 }>;
	type MaxBlockedPerPatient = ConstU32<2>;
	type BreakGlassDuration = ConstU64<900_000>;
	type MaxBreakGlassPerPatientPerDay = ConstU32<3>;
	type MaxBreakGlassPerClinicianPerDay = ConstU32<2>;
	type ReviewOrigin = EnsureRoot<u64>;
	type Signature = TestSignature;
	type MaxReadRequestAge = ConstU64<5>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestSigner;
	type WeightInfo = ();
}

/// Test signatures for the access-control pallet's benchmarks (which run with these).
#[cfg(feature = "runtime-benchmarks")]
pub struct TestSigner;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_access_control::BenchmarkHelper<u64, TestSignature> for TestSigner {
	fn sign(message: &[u8]) -> (u64, TestSignature) {
		(7_000, TestSignature(7_000, message.to_vec()))
	}

	fn set_now(now: Moment) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

/// Bounds small enough to reach in tests.
pub const MAX_ENVELOPES: u32 = 3;
pub const MAX_ENVELOPE_LENGTH: u32 = 8;
pub const MAX_VERSIONS: u32 = 3;
pub const MAX_BATCH: u32 = 3;

impl pallet_emr_pointers::Config for Test {
	type Membership = Consortium;
	type Consent = AccessControl;
	type Time = Timestamp;
	type MaxEnvelopesPerRecord = ConstU32<MAX_ENVELOPES>;
	type MaxEnvelopeLength = ConstU32<MAX_ENVELOPE_LENGTH>;
	type MaxBatchRecords = ConstU32<MAX_BATCH>;
	type MaxVersions = ConstU32<MAX_VERSIONS>;
	type WeightInfo = ();
}

pub const HOSPITAL_A: u32 = 0;
pub const HOSPITAL_B: u32 = 1;
pub const ADMIN_A: u64 = 1;
pub const ADMIN_B: u64 = 2;
pub const DOCTOR_A: u64 = 10;
/// A nurse of hospital A: DOCTOR_A's colleague.
pub const NURSE_A: u64 = 11;
/// Staff of hospital A without a clinical role.
pub const OPERATOR_A: u64 = 12;
/// Hospital A's integration engine.
pub const INTEGRATION_A: u64 = 13;
pub const DOCTOR_B: u64 = 20;
pub const PATIENT: u64 = 100;
pub const OTHER_PATIENT: u64 = 101;
pub const STRANGER: u64 = 500;

/// 2026-11-23T00:00:00Z.
pub const START: Moment = 1_795_392_000_000;

/// The pallets whose invariants every test checks when it ends.
const INVARIANTS: &[(&str, Invariants)] = &[
	("consortium", Consortium::do_try_state),
	("access_control", AccessControl::do_try_state),
	("emr_pointers", EmrPointers::do_try_state),
];

/// The genesis consortium (two hospitals, two patients) at block 1, [`START`].
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
						(INTEGRATION_A, vec![Integration]),
					],
				),
				(
					OrganisationKind::Hospital,
					vec![(ADMIN_B, vec![Admin]), (DOCTOR_B, vec![Doctor])],
				),
			],
			patients: vec![(PATIENT, HOSPITAL_A), (OTHER_PATIENT, HOSPITAL_A)],
		},
	}
	.build_storage()
	.unwrap();
	CheckedExternalities::at_block_one::<Test>(storage, INVARIANTS, || {
		pallet_timestamp::Now::<Test>::put(START);
	})
}
