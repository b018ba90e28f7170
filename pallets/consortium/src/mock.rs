//! A test runtime with the consortium pallet, and a small genesis consortium.

use crate as pallet_consortium;
use crate::{AccountKind, Budget, CallPolicy, Member, Verdict};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use medchain_primitives::testing::{CheckedExternalities, Invariants};
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
pub const MAX_GOVERNANCE_TX_PER_WINDOW: u32 = 5;
pub const REGISTRATION_WINDOW: u64 = 100;
/// Blocks a patient key recovery waits before it may be completed.
pub const KEY_RECOVERY_DELAY: u64 = 20;
pub const MAX_REGISTRATIONS: u32 = 3;

/// The budgets: three transactions each (governance five); bytes and weight grow with the
/// kind.
pub struct Budgets;
impl sp_runtime::traits::Convert<AccountKind, Budget> for Budgets {
	fn convert(kind: AccountKind) -> Budget {
		let scale = match kind {
			AccountKind::Patient => 1,
			AccountKind::Staff => 10,
			AccountKind::Integration | AccountKind::Governance => 100,
		};
		let transactions = match kind {
			AccountKind::Governance => MAX_GOVERNANCE_TX_PER_WINDOW,
			_ => MAX_TX_PER_WINDOW,
		};
		Budget { transactions, weight: scale * 1_000_000_000, length: scale as u32 * 1_000 }
	}
}

/// The test's call table: `remark_with_event` is a governance call, `remark` anyone's, and
/// `set_heap_pages` nobody's.
pub struct Policy;
impl CallPolicy<u64, RuntimeCall> for Policy {
	fn check(who: &u64, member: Option<&Member>, call: &RuntimeCall) -> Result<Verdict, u8> {
		match call {
			RuntimeCall::System(frame_system::Call::remark_with_event { .. })
				if Exempt::get().contains(who) =>
			{
				Ok(Verdict::Governance)
			},
			RuntimeCall::System(frame_system::Call::remark { .. }) if member.is_some() => {
				Ok(Verdict::Counted)
			},
			RuntimeCall::System(frame_system::Call::remark { .. }) => {
				Err(crate::extension::NOT_A_MEMBER)
			},
			_ => Err(crate::extension::CALL_NOT_ALLOWED),
		}
	}

	fn weight(_: &RuntimeCall) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// The consortium's own tests override every bound of the shared test defaults, to reach them.
#[derive_impl(crate::config_preludes::TestDefaultConfig)]
impl pallet_consortium::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type GateExempt = ExemptKeys;
	type MaxOrganisations = ConstU32<MAX_ORGANISATIONS>;
	type MaxStaffPerOrganisation = ConstU32<MAX_STAFF>;
	type RateLimitWindow = ConstU64<WINDOW>;
	type CallPolicy = Policy;
	type Budgets = Budgets;
	type RegistrationWindow = ConstU64<REGISTRATION_WINDOW>;
	type MaxRegistrationsPerWindow = ConstU32<MAX_REGISTRATIONS>;
	type KeyRecoveryDelay = ConstU64<KEY_RECOVERY_DELAY>;
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

/// The pallets whose invariants every test checks when it ends.
const INVARIANTS: &[(&str, Invariants)] = &[("consortium", Consortium::do_try_state)];

pub fn new_test_ext() -> CheckedExternalities {
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
	CheckedExternalities::at_block_one::<Test>(storage, INVARIANTS, || ())
}

/// Runs `test` on the genesis consortium, then checks the invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(test)
}
