//! The consortium network's authorities: governance (`Authorities`) decides the set,
//! `pallet-session` applies it at session boundaries and hands each authority's keys to Aura
//! and GRANDPA.

use alloc::vec::Vec;
use frame_support::traits::ConstU32;
use sp_runtime::{
	traits::{ConvertInto, OpaqueKeys},
	DispatchResult,
};

use super::governance::GovernanceOrigin;
use crate::{AccountId, Balances, BlockNumber, Runtime, RuntimeEvent, RuntimeOrigin, SessionKeys};

/// How often a session may end: every 20 blocks, 40 s. A change of authorities decided in
/// session n is planned at the end of n and active from n + 2, so within 80 s.
pub const SESSION_PERIOD: BlockNumber = 20;

/// The period's boundaries.
type Boundaries = pallet_session::PeriodicSessions<ConstU32<SESSION_PERIOD>, ConstU32<0>>;

/// Ends a session at a period boundary only when the rotation changes something: a change of
/// the set decided by governance and not yet planned (`Authorities::Pending`), a set or keys
/// planned at the last rotation and not yet active (`QueuedChanged`), an authority's new
/// session keys, or a finality stall noted for the next session (`Grandpa::Stalled`).
///
/// Why not every boundary: `pallet-session` charges a rotation a whole block (its
/// `on_initialize` returns `max_block`), so rotating every 20 blocks left one block in
/// twenty without transactions, and the transactions waiting for it a slot more (the p99 of
/// inclusion above two slots at every load; docs/PERFORMANCE.md).
pub struct RotateOnChange;

impl pallet_session::ShouldEndSession<BlockNumber> for RotateOnChange {
	fn should_end_session(now: BlockNumber) -> bool {
		Boundaries::should_end_session(now)
			&& (pallet_authorities::Pending::<Runtime>::get()
				|| pallet_session::QueuedChanged::<Runtime>::get()
				|| pallet_grandpa::Stalled::<Runtime>::exists()
				|| keys_changed())
	}
}

/// Whether an authority's next keys differ from those queued for the next session (new keys
/// set through `session.set_keys`): only a rotation queues them.
fn keys_changed() -> bool {
	pallet_session::QueuedKeys::<Runtime>::get()
		.into_iter()
		.any(|(who, keys)| pallet_session::NextKeys::<Runtime>::get(&who) != Some(keys))
}

/// Authorities' session keys, kept by `pallet-session`.
pub struct SessionKeysOfAuthorities;

impl pallet_authorities::AuthorityKeys<AccountId> for SessionKeysOfAuthorities {
	type Keys = SessionKeys;

	fn has_keys(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}

	/// `session.set_keys` as `who` would make it: the proof of possession is checked there.
	fn set_keys(who: &AccountId, keys: SessionKeys, proof: Vec<u8>) -> DispatchResult {
		pallet_session::Pallet::<Runtime>::set_keys(RuntimeOrigin::signed(who.clone()), keys, proof)
	}

	/// Keys generated in the benchmark's keystore, with the proof `author_rotateKeysWithOwner`
	/// would give.
	#[cfg(feature = "runtime-benchmarks")]
	fn keys_with_proof_for_benchmarks(who: &AccountId) -> (SessionKeys, Vec<u8>) {
		use codec::Encode;
		// A member's account exists (the consortium provides it); session keys need that.
		frame_system::Pallet::<Runtime>::inc_providers(who);
		let generated = SessionKeys::generate(&who.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

/// `pallet_authorities`: the authority set, changed by governance.
impl pallet_authorities::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type SessionKeys = SessionKeysOfAuthorities;
	// With three, one authority may fail and finality goes on (GRANDPA needs > 2/3).
	type MinAuthorities = ConstU32<3>;
	// Aura's and GRANDPA's bound.
	type MaxAuthorities = ConstU32<32>;
	type WeightInfo = pallet_authorities::weights::SubstrateWeight<Runtime>;
}

/// `pallet_session`: authorities are accounts (no stash/controller split); the keys are
/// Aura's and GRANDPA's. Setting keys holds no deposit: only consortium members transact.
impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = RotateOnChange;
	// The earliest the next rotation can be (the next boundary).
	type NextSessionRotation = Boundaries;
	type SessionManager = crate::Authorities;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = frame_support::traits::ConstU128<0>;
}

/// `pallet_node_authorization`: the peer allow-list. Each node with the offchain worker on
/// (authorities run it by default; other nodes with `--offchain-worker always`) accepts
/// peers from its list only: a well-known node's list is every other well-known node plus
/// its owner's extra connections; any other node's list is its extra connections alone.
impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// The authorities' nodes (at most 32) and as many other member nodes.
	type MaxWellKnownNodes = ConstU32<64>;
	// An Ed25519 peer id is 38 bytes; room for other key types.
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	// Measured with medchain's benchmarks for it (polkadot-sdk ships none).
	type WeightInfo = crate::weights::pallet_node_authorization::WeightInfo<Runtime>;
}
