//! Runtime-level checks that need no node: constants the node and clients rely on, and the
//! metadata clients render their UIs from.

use super::*;
use frame_support::traits::Get;

/// Externalities holding the development chain's genesis state.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	let json = genesis_config_presets::preset_config(sp_genesis_builder::DEV_RUNTIME_PRESET);
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(json)
			.expect("the development genesis builds")
	});
	ext
}

#[test]
fn slots_are_two_seconds() {
	assert_eq!(MILLI_SECS_PER_BLOCK, 2000);
	new_test_ext().execute_with(|| {
		assert_eq!(Aura::slot_duration(), 2000);
		assert_eq!(<pallet_aura::MinimumPeriodTimesTwo<Runtime> as Get<u64>>::get(), 2000);
	});
}

#[test]
fn development_genesis_has_alice_as_authority_and_sudo() {
	new_test_ext().execute_with(|| {
		let alice = sp_keyring::Sr25519Keyring::Alice;
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			vec![alice.public().into()]
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.to_account_id()));
		// The account exists, so `CheckNonce` accepts its transactions.
		assert!(frame_system::Pallet::<Runtime>::account_exists(&alice.to_account_id()));
	});
}

#[test]
fn metadata_carries_doc_comments() {
	let metadata = Runtime::metadata().1;
	let json = serde_json::to_string(&metadata).expect("metadata serialises");
	// frame_system's doc comment of `remark`, as Polkadot.js Apps shows it.
	assert!(json.contains("Make some on-chain remark."), "call docs missing from metadata");
	// Storage docs too.
	assert!(json.contains("The full account information for a particular account ID."));
}
