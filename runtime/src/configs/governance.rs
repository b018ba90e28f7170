//! The consortium and its governance: the council of member organisations
//! (`pallet-collective`, its members managed by `pallet-membership`) and the consortium
//! pallet, whose organisations only governance admits.

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstU32, Contains, EitherOfDiverse, LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, Council, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, DAYS, HOURS, UNIT,
};
use pallet_consortium::{AccountKind, Budget};

/// The council: one seat for each member organisation, held by one of its admins.
pub type CouncilCollective = pallet_collective::Instance1;

/// Governance: root (sudo, in the development chain only) or two thirds of the council.
/// It admits, suspends and removes organisations and manages the council's seats.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

parameter_types! {
	/// A council motion is open for a week; it is closed early once the outcome is decided.
	pub const CouncilMotionDuration: BlockNumber = 7 * DAYS;
	/// A motion may dispatch at most half a block's weight.
	pub MaxCouncilProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// `pallet_collective` (instance 1): council motions and votes. Members abstaining count as
/// voting with the prime member, if one is set.
impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// Seats change only through `CouncilMembership`, which tells the council.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	// Council members are vetted organisations: proposing costs no deposit.
	type Consideration = ();
}

/// `pallet_membership` (instance 1): the council's seats, changed by governance.
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<100>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

/// `pallet_utility`: batches, so that one council motion can onboard an organisation
/// (admit it and make its node an authority) or offboard it, all or nothing (`batch_all`).
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = crate::OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

/// The governance keys: the sudo key (development chain) and the council's members. The
/// gate admits their governance calls (crate::permissions) uncounted, even when their
/// organisation is suspended; their other calls are counted like anyone's.
pub struct GovernanceKeys;

impl Contains<AccountId> for GovernanceKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who)
			|| pallet_collective::Pallet::<Runtime, CouncilCollective>::is_member(who)
	}
}

parameter_types! {
	/// The transaction gate budgets each account over windows of 10 blocks (20 s).
	pub const RateLimitWindow: BlockNumber = 10;
	/// A hospital registers patients over windows of an hour.
	pub const RegistrationWindow: BlockNumber = HOURS;
}

/// What one account may have included per 10-block window, by kind. A window's blocks hold
/// 7.5 s of normal-class weight and 37.5 MiB; an integration account may take a fifth of the
/// weight and a little over a fifth of the bytes, a person at a member organisation a
/// twentieth of the weight, a patient a hundredth of it and 64 KiB; a governance key's
/// governance calls have their own budget, as large as an integration account's: each far above what
/// their work needs (docs/consortium.md, "Budgets"), far below what would crowd out others.
pub struct Budgets;

impl sp_runtime::traits::Convert<AccountKind, Budget> for Budgets {
	fn convert(kind: AccountKind) -> Budget {
		let window = MaxWindowWeight::get();
		match kind {
			AccountKind::Patient => Budget {
				transactions: 100,
				weight: Perbill::from_percent(1) * window,
				length: 64 * 1024,
			},
			AccountKind::Staff => Budget {
				transactions: 600,
				weight: Perbill::from_percent(5) * window,
				length: 1024 * 1024,
			},
			AccountKind::Integration => Budget {
				transactions: 3_000,
				weight: Perbill::from_percent(20) * window,
				length: 8 * 1024 * 1024,
			},
			// Motions, votes, a runtime upgrade's code (615 KiB today): bounded like the rest.
			AccountKind::Governance => Budget {
				transactions: 200,
				weight: Perbill::from_percent(20) * window,
				length: 8 * 1024 * 1024,
			},
		}
	}
}

parameter_types! {
	/// The normal-class ref-time weight of one window's blocks.
	pub MaxWindowWeight: u64 = RuntimeBlockWeights::get()
		.get(frame_support::dispatch::DispatchClass::Normal)
		.max_total
		.unwrap_or(RuntimeBlockWeights::get().max_block)
		.ref_time()
		.saturating_mul(RateLimitWindow::get() as u64);
}

/// `pallet_consortium`: organisations, staff, patients and the transaction gate.
impl pallet_consortium::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type GateExempt = GovernanceKeys;
	type CallPolicy = crate::permissions::CallPermissions;
	type Budgets = Budgets;
	// A consortium of hospitals, manufacturers, suppliers, carriers, labs, pharmacies and
	// regulators of one health system.
	type MaxOrganisations = ConstU32<1_000>;
	// A large hospital's staff with chain accounts.
	type MaxStaffPerOrganisation = ConstU32<50_000>;
	type RateLimitWindow = RateLimitWindow;
	type RegistrationWindow = RegistrationWindow;
	// A busy hospital's admissions desk in an hour, with room to spare; a compromised
	// registrar account can mint at most this many transacting accounts an hour.
	type MaxRegistrationsPerWindow = ConstU32<500>;
	// Three days: long enough for a patient to see a recovery they did not ask for (the web
	// app and the hospital's notice tell them) and cancel it; short enough that a patient
	// who lost their key is not shut out of their consent for long.
	type KeyRecoveryDelay = ConstU32<{ 3 * crate::DAYS }>;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// What noting a preimage holds: medchain accounts have no balance, so only preimages
	/// governance has requested (which cost nothing) can be noted.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// And per byte.
	pub const PreimageByteDeposit: Balance = UNIT / 1_000;
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// A whitelisted call dispatched before its whitelisting waits at most a week for it.
	pub const DeferredDispatchExpiration: BlockNumber = 7 * DAYS;
}

/// `pallet_preimage`: stores the preimages whitelisted calls ask for.
impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = GovernanceOrigin;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

/// `pallet_whitelist`: how a council motion acts as root, for the few calls that need it
/// (`system.authorize_upgrade`, `grandpa.note_stalled`). One motion, a `utility.batch_all`,
/// whitelists the call's hash and dispatches the call; docs/operators.md shows both.
impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = GovernanceOrigin;
	type DispatchWhitelistedOrigin = GovernanceOrigin;
	type Preimages = crate::Preimage;
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = crate::System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}
