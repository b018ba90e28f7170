//! Test defaults, so that the test runtimes of the pallets built on the consortium do not
//! repeat its configuration (as `pallet-timestamp` publishes its own):
//!
//! ```ignore
//! #[derive_impl(pallet_consortium::config_preludes::TestDefaultConfig)]
//! impl pallet_consortium::Config for Test {
//!     type GovernanceOrigin = frame_system::EnsureRoot<u64>;
//! }
//! ```

use crate::{Budget, DefaultConfig, UniformBudget};
use frame_support::{
	derive_impl,
	pallet_prelude::inject_runtime_type,
	traits::{ConstU32, ConstU64, Everything},
};

/// A test consortium: every account exempt from the gate's governance check, no
/// call-permission table, a budget of 100 transactions per 10-block window, ten
/// organisations of ten staff, and short registration and key-recovery windows.
pub struct TestDefaultConfig;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
impl frame_system::DefaultConfig for TestDefaultConfig {}

frame_support::parameter_types! {
	/// The gate's budget in tests: transactions only, as the domain tests need.
	pub const TestBudget: Budget =
		Budget { transactions: 100, weight: u64::MAX, length: u32::MAX };
}

#[frame_support::register_default_impl(TestDefaultConfig)]
impl DefaultConfig for TestDefaultConfig {
	type GateExempt = Everything;
	type CallPolicy = ();
	type Budgets = UniformBudget<TestBudget>;
	type MaxOrganisations = ConstU32<10>;
	type MaxStaffPerOrganisation = ConstU32<10>;
	type RateLimitWindow = ConstU64<10>;
	type RegistrationWindow = ConstU64<10>;
	type MaxRegistrationsPerWindow = ConstU32<100>;
	type KeyRecoveryDelay = ConstU64<10>;
	type WeightInfo = ();
}
