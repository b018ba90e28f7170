//! # The medchain runtime
//!
//! The state-transition function of medchain, the permissioned chain that a consortium of
//! hospitals, device manufacturers, suppliers, logistics firms and regulators runs together.
//! It is compiled twice: natively (with `std`) for the node and its tests, and to WASM by
//! `substrate-wasm-builder`; the WASM blob is the one that every authority executes and that
//! governance upgrades on chain.
//!
//! Pallets: block production (Aura), finality (GRANDPA), time, accounts, sudo (development
//! chains only), the council of member organisations, and the consortium pallet: who the
//! members, their staff and the patients are. Its [`pallet_consortium::CheckMembership`]
//! transaction extension makes the chain permissioned and feeless: only registered accounts
//! transact, each at a bounded rate. The device registry keeps medical devices by UDI and
//! the traceability pallet their orders, trails, uses, adverse events and recalls (through
//! the registry's one seam, `medchain_primitives::devices::DeviceRegistry`). Patients'
//! records are anchored by the EMR pointers pallet and opened only as the access-control
//! pallet's consent allows. docs/ARCHITECTURE.md draws the crates and their seams.
//!
//! Layout: [`configs`] holds each pallet's `Config`, [`apis`] the runtime APIs the node and
//! clients call, [`genesis_config_presets`] the `development` and `local_testnet` presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-generated code is large.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod permissions;
#[cfg(test)]
mod tests;
pub mod weights;

extern crate alloc;

use alloc::vec::Vec;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

/// An authority's Aura (block production) public key.
pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
/// An authority's GRANDPA (finality) public key.
pub use sp_consensus_grandpa::AuthorityId as GrandpaId;

/// Opaque types: what the node needs to know of the runtime's types without knowing the
/// runtime itself (the node decodes blocks and extrinsics only as bytes).
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	/// An extrinsic as opaque bytes.
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = sp_runtime::generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of an authority node: its Aura (block production) and GRANDPA
	/// (finality) keys. `author_rotateKeys` generates both in the node's keystore.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. `spec_version` must be bumped for every runtime upgrade, and
/// `transaction_version` whenever the encoding of calls or transaction extensions changes.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("medchain"),
	impl_name: alloc::borrow::Cow::Borrowed("medchain"),
	authoring_version: 1,
	spec_version: 118,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Milliseconds per block. Two-second slots are chosen for latency: a hospital waits for
/// finality before it treats a record or a consent change as settled, and GRANDPA
/// finalises within a few slots. Never change it in a runtime upgrade of a live chain: slot
/// numbers are derived from time and this duration, and Aura would misnumber them.
pub const MILLI_SECS_PER_BLOCK: u64 = 2000;

/// Aura's slot duration. One slot is one block.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute, for time-based constants.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One unit of the chain's balance (12 decimals, as Polkadot.js Apps shows by default).
/// medchain charges no fees and needs no balance: a registered account exists because the
/// consortium pallet gives it a provider reference (which `CheckNonce` requires).
pub const UNIT: Balance = 1_000_000_000_000;

/// The least balance that keeps an account alive. Any non-zero amount does.
pub const EXISTENTIAL_DEPOSIT: Balance = 1;

/// A signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account id: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// A balance.
pub type Balance = u128;

/// An account's transaction index (its nonce).
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// A block number.
pub type BlockNumber = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// A block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A block, signed with a justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// A block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions every signed extrinsic carries, in this order. None of them
/// adds signed data beyond what generic clients (@polkadot/api, substrate-interface) know.
/// There is no fee-charging extension: medchain is feeless. `CheckMembership` is the
/// consortium's gate (only registered accounts, only the calls [`permissions`] lets them make,
/// within their budget); it runs immediately before `CheckNonce`, whose nonce it reads to
/// count the signer's transactions waiting in the pool, and so that an unregistered signer
/// gets the gate's error, not a nonce error. It adds no data, so moving it changed neither
/// the wire format nor the signed payload.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	pallet_consortium::CheckMembership<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it travels over the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// A signed, immortal extrinsic calling `call` from `signer` with `nonce`, for the chain with
/// genesis hash `genesis` running a runtime with these `(spec_version, transaction_version)`
/// (what `state_getRuntimeVersion` reports). Kept beside [`TxExtension`] so the two change
/// together; the node's benchmarks, its tests and `medchain-bench` sign with it.
#[cfg(feature = "std")]
pub fn sign_extrinsic(
	signer: &sp_core::sr25519::Pair,
	call: RuntimeCall,
	nonce: Nonce,
	genesis: Hash,
	(spec_version, transaction_version): (u32, u32),
) -> UncheckedExtrinsic {
	use codec::Encode;
	use sp_core::Pair;

	let tx_ext: TxExtension = (
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(generic::Era::Immortal),
		pallet_consortium::CheckMembership::<Runtime>::new(),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	// What each extension adds to the signed payload without sending it: spec and transaction
	// version, and the genesis hash twice (CheckGenesis, and CheckEra's birth block, which for
	// an immortal transaction is genesis). The consortium's gate adds nothing.
	let implicit = ((), (), spec_version, transaction_version, genesis, genesis, (), (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(AccountId::from(signer.public())),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// Storage migrations run at the next runtime upgrade, each guarded by the storage version
/// it moves from (so it runs once). Kept until every live chain has passed them.
/// - spec 103: the consortium pallet's storage 0 → 1 (patients counted per hospital).
/// - spec 106: the consortium pallet's storage 1 → 2 (the gate's windows count weight and
///   bytes).
/// - spec 107: access control 0 → 1 (grants and requests bound to registration epochs), EMR
///   pointers 0 → 1 (an erased record leaves only its receipt).
/// - spec 108: traceability 0 → 1 (uses by pseudonym; no patient account beside a device or
///   an outcome, docs/privacy.md).
/// - spec 109: traceability 1 → 2 (recalls scoped explicitly, approved, withdrawable).
/// - spec 110: none (codes, lots, locations and CIDs are checked at the call; no stored
///   shape changed).
/// - spec 114: EMR pointers 1 → 2 (the lean record: the CID in binary form, the patient's
///   index in pages, no hash index).
/// - spec 117: device registry 0 → 1 (devices by custodian), traceability 2 → 3 (orders by
///   organisation and stage, adverse events and recalls by status).
type Migrations = (
	pallet_consortium::migrations::MigrateV0ToV1<Runtime>,
	pallet_consortium::migrations::MigrateV1ToV2<Runtime>,
	pallet_access_control::migrations::MigrateV0ToV1<Runtime>,
	pallet_access_control::migrations::MigrateV1ToV2<Runtime>,
	pallet_emr_pointers::migrations::MigrateV0ToV1<Runtime>,
	pallet_emr_pointers::migrations::MigrateV1ToV2<Runtime>,
	pallet_traceability::migrations::MigrateV0ToV1<Runtime>,
	pallet_traceability::migrations::MigrateV1ToV2<Runtime>,
	pallet_device_registry::migrations::MigrateV0ToV1<Runtime>,
	pallet_traceability::migrations::MigrateV2ToV3<Runtime>,
);

/// Executive: dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: every pallet of medchain, with the index clients address it by. Indices are
/// part of the encoding of calls: never reuse or reorder one on a live chain.
///
/// The declaration order is not the index order, on purpose: it is the order in which
/// genesis is built and block hooks run, and it is part of the live chain's behaviour. The
/// consensus pallets come first (Aura and GRANDPA, then the authority set and the sessions
/// that hand it to them); the pallets added beside governance later (utility, the peer allow-list,
/// preimages, the whitelist) follow them because they were declared there when they
/// arrived, and moving them would change the order of every block's hooks; then balances,
/// sudo, fees and the council; then the consortium and the domain pallets, the consortium
/// first because their genesis refers to its organisations.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	/// The medchain runtime: the type every pallet's `Config` is implemented for.
	pub struct Runtime;

	/// Accounts, blocks, events and runtime upgrades.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	/// On-chain time, set by the block author's inherent; every medchain record is dated by it.
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// Block production: the authorities take turns, one slot each.
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	/// Finality: blocks are final once more than two thirds of the authorities vote for them.
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	/// The authority set, decided by governance and applied at session boundaries.
	#[runtime::pallet_index(15)]
	pub type Authorities = pallet_authorities;

	/// Sessions: each authority's Aura and GRANDPA keys, and when a new set takes over.
	#[runtime::pallet_index(16)]
	pub type Session = pallet_session;

	/// Batches of calls: one council motion onboards or offboards an organisation.
	#[runtime::pallet_index(17)]
	pub type Utility = pallet_utility;

	/// The peer allow-list: member nodes known to all (decided by governance), and each
	/// owner's extra connections (a hospital's integration nodes to its own nodes).
	#[runtime::pallet_index(18)]
	pub type NodeAuthorization = pallet_node_authorization;

	/// Preimages of calls governance has asked for (whitelisted calls).
	#[runtime::pallet_index(19)]
	pub type Preimage = pallet_preimage;

	/// Root calls the council decides on (a runtime upgrade, a stalled-finality recovery):
	/// governance whitelists a call and dispatches it as root.
	#[runtime::pallet_index(20)]
	pub type Whitelist = pallet_whitelist;

	/// Account balances. medchain charges no fees; balances exist so that accounts exist.
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	/// A superuser key, present only in development chain specs.
	#[runtime::pallet_index(5)]
	pub type Sudo = pallet_sudo;

	/// Fee queries (always zero): medchain charges no fees.
	#[runtime::pallet_index(6)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// The council of member organisations: motions and votes.
	#[runtime::pallet_index(7)]
	pub type Council = pallet_collective<Instance1>;

	/// The council's seats, changed by governance.
	#[runtime::pallet_index(8)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	/// Member organisations, their staff and roles, and registered patients.
	#[runtime::pallet_index(10)]
	pub type Consortium = pallet_consortium;

	/// Medical devices by UDI: lifecycle, custody, condition, usage and service log.
	#[runtime::pallet_index(11)]
	pub type DeviceRegistry = pallet_device_registry;

	/// Orders and their trails, each device's trail, uses on patients, adverse events, recalls.
	#[runtime::pallet_index(12)]
	pub type Traceability = pallet_traceability;

	/// Pointers to patients' off-chain, encrypted records: versions, key envelopes, erasure.
	#[runtime::pallet_index(13)]
	pub type EmrPointers = pallet_emr_pointers;

	/// Patients' consent: grants, requests, break-glass, and the audit trail.
	#[runtime::pallet_index(14)]
	pub type AccessControl = pallet_access_control;
}
