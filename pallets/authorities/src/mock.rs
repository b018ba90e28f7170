//! A test runtime: governance is root; every account but 10–19 has set its session keys.

use crate as pallet_authorities;
use frame_support::{
	derive_impl,
	traits::{ConstU32, Contains},
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Authorities: pallet_authorities,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Every account but 10–19 has set its session keys.
pub struct KeysSet;
impl Contains<u64> for KeysSet {
	fn contains(who: &u64) -> bool {
		!(10..20).contains(who)
	}
}

pub const MIN: u32 = 3;
pub const MAX: u32 = 5;

impl pallet_authorities::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = EnsureRoot<u64>;
	type HasSessionKeys = KeysSet;
	type MinAuthorities = ConstU32<MIN>;
	type MaxAuthorities = ConstU32<MAX>;
	type WeightInfo = ();
}

/// Genesis: authorities 1, 2, 3, 4.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		authorities: pallet_authorities::GenesisConfig { authorities: vec![1, 2, 3, 4] },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
