//! Each pallet's configuration. One section a pallet here; [`governance`] holds the
//! consortium and its council, [`records`] the EMR pointers and access control, [`devices`]
//! the device registry.

pub mod authorities;
pub mod devices;
pub mod governance;
pub mod records;

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{
		constants::{RocksDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		ConstantMultiplier, Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, EXISTENTIAL_DEPOSIT, SLOT_DURATION, VERSION,
};

/// Normal (signed) extrinsics may fill 75% of a block; the rest is kept for operational
/// extrinsics and inherents.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	/// How many recent block hashes `frame_system` keeps (mortal transactions refer to one):
	/// 2400 blocks, 80 minutes at 2 s a block.
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime's version, as `frame_system` reports it.
	pub const Version: RuntimeVersion = VERSION;

	/// One second of execution a block: the author has two thirds of a 2 s slot to build it,
	/// and every other authority must import it within the same slot.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// Five megabytes a block.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// Generic Substrate address format (prefix 42) until the consortium registers its own.
	pub const SS58Prefix: u8 = 42;
}

/// `frame_system`: accounts, blocks and events.
#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// polkadot-sdk's measured RocksDB costs: a conservative stand-in for ParityDB until the
	// weights issue measures ours with `benchmark storage`.
	type DbWeight = RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

/// `pallet_aura`: block production by the authorities in turn.
impl pallet_aura::Config for Runtime {
	type AuthorityId = super::AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

/// `pallet_grandpa`: finality. No equivocation reporting yet (it needs historical sessions and
/// an offences pallet; authorities are vetted consortium members).
impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// `pallet_timestamp`: the block author sets the time; two blocks are at least one slot apart.
impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

/// `pallet_balances`: medchain charges no fees; a balance only makes an account exist (see
/// [`crate::UNIT`]).
impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// `pallet_sudo`: a superuser key, configured only in development chain specs.
impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// `pallet_transaction_payment`, for its fee queries only: medchain charges no fees (there is
/// no fee-charging transaction extension), and weight and length convert to a fee of zero,
/// so `payment_queryInfo` and the `TransactionPaymentApi` that Polkadot.js Apps asks before
/// signing answer 0.
impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = ConstantMultiplier<Balance, ConstU128<0>>;
	type LengthToFee = ConstantMultiplier<Balance, ConstU128<0>>;
	type FeeMultiplierUpdate = ();
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
