//! A test runtime: governance is root; every account but 10–19 has set its session keys
//! (those set them through `add_authority` with the mock's valid proof).

use crate as pallet_authorities;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use sp_runtime::{DispatchError, DispatchResult};

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

std::thread_local! {
	/// Accounts 10–19 that set keys during a test.
	static KEYS_SET: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The proof the mock accepts.
pub const VALID_PROOF: &[u8] = b"pop";

/// Every account but 10–19 has set its session keys; those set them with [`VALID_PROOF`].
pub struct MockKeys;
impl pallet_authorities::AuthorityKeys<u64> for MockKeys {
	type Keys = u64;
	fn has_keys(who: &u64) -> bool {
		!(10..20).contains(who) || KEYS_SET.with(|set| set.borrow().contains(who))
	}
	fn set_keys(who: &u64, _: u64, proof: Vec<u8>) -> DispatchResult {
		if proof != VALID_PROOF {
			return Err(DispatchError::Other("invalid proof"));
		}
		KEYS_SET.with(|set| set.borrow_mut().push(*who));
		Ok(())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn keys_with_proof_for_benchmarks(_: &u64) -> (u64, Vec<u8>) {
		(0, VALID_PROOF.to_vec())
	}
}

pub const MIN: u32 = 3;
pub const MAX: u32 = 5;

impl pallet_authorities::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type SessionKeys = MockKeys;
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
