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
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use super::{
	weights::{
		block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight,
		paritydb_weights::constants::ParityDbWeight,
	},
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, EXISTENTIAL_DEPOSIT, SLOT_DURATION, VERSION,
};

/// Normal (signed) extrinsics may fill 75% of a block; the rest is kept for operational
/// extrinsics and inherents.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// One second of execution a block: the author has two thirds of a 2 s slot to build it,
/// and every other authority must import it within the same slot.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// What `on_initialize` hooks may take of a block, on average.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);

parameter_types! {
	/// How many recent block hashes `frame_system` keeps (mortal transactions refer to one):
	/// 2400 blocks, 80 minutes at 2 s a block.
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime's version, as `frame_system` reports it.
	pub const Version: RuntimeVersion = VERSION;

	/// An empty block's and an extrinsic's fixed costs are the ones measured here
	/// (`benchmark overhead`, [`crate::weights`]).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational extrinsics may use the part normal ones may not.
			weights.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
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
	// ParityDB (medchain's only database), measured here with `benchmark storage`.
	type DbWeight = ParityDbWeight;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	// Root-only calls refused to every other origin (crate::permissions has the table).
	type BaseCallFilter = crate::permissions::CallFilter;
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

/// The chain's time for medchain's pallets: `pallet_timestamp`'s `Now`, read without its
/// `UnixTime` wrapper, which logs an error whenever `Now` is still zero (genesis, and every
/// benchmark setup, where it would flood the log and time the logging).
pub struct ChainTime;

impl frame_support::traits::UnixTime for ChainTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(pallet_timestamp::Now::<Runtime>::get())
	}
}

/// `pallet_timestamp`: the block author sets the time; two blocks are at least one slot apart.
impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
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
