//! A test runtime with the consortium pallet, and a small genesis consortium.

use crate as pallet_consortium;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use medchain_primitives::{OrganisationKind, StaffRole};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consortium: pallet_consortium,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The governance key the gate always lets through (in the runtime: sudo, council members).
pub const GOVERNANCE_KEY: u64 = 99;

parameter_types! {
	pub static Exempt: Vec<u64> = vec![GOVERNANCE_KEY];
}

/// The gate's exempt set.
pub struct ExemptKeys;
impl frame_support::traits::Contains<u64> for ExemptKeys {
	fn contains(who: &u64) -> bool {
		Exempt::get().contains(who)
	}
}

/// Bounds small enough to reach in tests.
pub const MAX_ORGANISATIONS: u32 = 5;
pub const MAX_STAFF: u32 = 4;
pub const WINDOW: u64 = 10;
pub const MAX_TX_PER_WINDOW: u32 = 3;

impl pallet_consortium::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = EnsureRoot<u64>;
	type GateExempt = ExemptKeys;
	type MaxOrganisations = ConstU32<MAX_ORGANISATIONS>;
	type MaxStaffPerOrganisation = ConstU32<MAX_STAFF>;
	type RateLimitWindow = ConstU64<WINDOW>;
	type MaxTransactionsPerWindow = ConstU32<MAX_TX_PER_WINDOW>;
	type WeightInfo = ();
}

// The genesis consortium every test starts from.
/// Organisation 0, a hospital; its admin is [`HOSPITAL_ADMIN`].
pub const HOSPITAL: u32 = 0;
/// Organisation 1, a pharmacy.
pub const PHARMACY: u32 = 1;
/// Organisation 2, a regulator.
pub const REGULATOR: u32 = 2;
pub const HOSPITAL_ADMIN: u64 = 1;
pub const PHARMACY_ADMIN: u64 = 2;
pub const REGULATOR_ADMIN: u64 = 3;
/// A doctor (and nurse) at the hospital.
pub const DOCTOR: u64 = 10;
/// A pharmacist at the pharmacy.
pub const PHARMACIST: u64 = 11;
/// A patient registered by the hospital.
pub const PATIENT: u64 = 20;
/// An account nobody registered.
pub const STRANGER: u64 = 50;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		consortium: pallet_consortium::GenesisConfig {
			organisations: vec![
				(
					OrganisationKind::Hospital,
					vec![
						(HOSPITAL_ADMIN, vec![StaffRole::Admin]),
						(DOCTOR, vec![StaffRole::Nurse, StaffRole::Doctor]),
					],
				),
				(
					OrganisationKind::Pharmacy,
					vec![
						(PHARMACY_ADMIN, vec![StaffRole::Admin]),
						(PHARMACIST, vec![StaffRole::Pharmacist]),
					],
				),
				(OrganisationKind::Regulator, vec![(REGULATOR_ADMIN, vec![StaffRole::Admin])]),
			],
			patients: vec![(PATIENT, HOSPITAL)],
		},
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the genesis consortium, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		pallet_consortium::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}
