//! The consortium network's authorities: governance (`Authorities`) decides the set,
//! `pallet-session` applies it at session boundaries and hands each authority's keys to Aura
//! and GRANDPA.

use frame_support::traits::{ConstU32, Contains};
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

use super::governance::GovernanceOrigin;
use crate::{AccountId, Balances, BlockNumber, Runtime, RuntimeEvent, SessionKeys};

/// How many blocks a session lasts: 20 blocks, 40 s. A change of authorities decided in
/// session n is planned at the end of n and active from n + 2, so within 80 s.
pub const SESSION_PERIOD: BlockNumber = 20;

/// Accounts whose session keys are set (`session.set_keys`).
pub struct HasSessionKeys;

impl Contains<AccountId> for HasSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

/// `pallet_authorities`: the authority set, changed by governance.
impl pallet_authorities::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = GovernanceOrigin;
	type HasSessionKeys = HasSessionKeys;
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
	type ShouldEndSession = pallet_session::PeriodicSessions<ConstU32<SESSION_PERIOD>, ConstU32<0>>;
	type NextSessionRotation =
		pallet_session::PeriodicSessions<ConstU32<SESSION_PERIOD>, ConstU32<0>>;
	type SessionManager = crate::Authorities;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = frame_support::traits::ConstU128<0>;
}
