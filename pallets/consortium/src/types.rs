//! The consortium's stored records and what its runtime API returns.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use medchain_primitives::{OrgId, OrganisationKind, OrganisationStatus, StaffRole, StaffRoles};
use scale_info::TypeInfo;

/// A member organisation. Its name and registration details stay off chain.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Organisation<BlockNumber> {
	/// What the organisation is (hospital, manufacturer, …): decides which roles its staff
	/// may hold.
	pub kind: OrganisationKind,
	/// Active or suspended.
	pub status: OrganisationStatus,
	/// How many of its staff hold the Admin role (never zero).
	pub admins: u32,
	/// How many staff accounts it has, admins included.
	pub staff: u32,
	/// The block at which it was admitted.
	pub admitted_at: BlockNumber,
}

/// A staff account's membership: the organisation it acts for and its roles there.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct StaffRecord {
	/// The organisation the account acts for.
	pub org: OrgId,
	/// Its roles: sorted, without duplicates, never empty.
	pub roles: StaffRoles,
}

/// A registered patient: a pseudonymous account, and which hospital registered it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct PatientRecord<BlockNumber> {
	/// The hospital whose staff registered the patient.
	pub registered_by: OrgId,
	/// The block at which the patient was registered.
	pub registered_at: BlockNumber,
}

/// What an account has had included in the current rate-limit window: transactions, and the
/// work (ref-time weight) and bytes they carried. Batches count by their content: their
/// weight is their calls' weights, their length every byte of them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Default,
)]
pub struct TransactionWindow<BlockNumber> {
	/// The first block of the window the figures belong to.
	pub start: BlockNumber,
	/// Transactions included in that window.
	pub count: u32,
	/// Their ref-time weight, in picoseconds (what `validate` was told, before any refund).
	pub weight: u64,
	/// Their encoded length, in bytes.
	pub length: u32,
}

/// What one account may have included per rate-limit window. A transaction is admitted only
/// if the window's figures plus its own stay within every bound.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Budget {
	/// Transactions.
	pub transactions: u32,
	/// Ref-time weight, in picoseconds.
	pub weight: u64,
	/// Encoded length, in bytes.
	pub length: u32,
}

/// The kinds of account the gate budgets differently (`Config::Budgets`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum AccountKind {
	/// A registered patient: a person with a phone or the web app.
	Patient,
	/// Active staff without the Integration role: a person at a member organisation.
	Staff,
	/// Active staff holding the Integration role: a member's system account.
	Integration,
	/// A governance key (the sudo key, a council member) signing governance calls; its other
	/// calls count as its member kind's.
	Governance,
}

/// How many patients one hospital has registered in its current registration window.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct RegistrationWindow<BlockNumber> {
	/// The first block of the window.
	pub start: BlockNumber,
	/// Patients registered in it.
	pub count: u32,
}

/// What an account is in the consortium, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "kind"))]
pub enum AccountRole<BlockNumber> {
	/// A staff account. `active` is false when its organisation is suspended or removed: the
	/// account then can do nothing.
	#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
	Staff {
		/// The organisation it acts for.
		org: OrgId,
		/// Its roles there.
		roles: StaffRoles,
		/// Whether it may act now.
		active: bool,
	},
	/// A registered patient.
	#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
	Patient {
		/// The hospital whose staff registered it.
		registered_by: OrgId,
		/// The block at which it was registered.
		registered_at: BlockNumber,
	},
}

/// An organisation in a genesis config: its kind, and its staff accounts with their roles.
pub type GenesisOrganisation<AccountId> = (OrganisationKind, Vec<(AccountId, Vec<StaffRole>)>);

/// A patient key recovery under way ([`crate::Pallet::start_key_recovery`]): the key that
/// will act as the patient, the hospital whose admin attested it, and the block from which
/// it may be completed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct KeyRecovery<AccountId, BlockNumber> {
	/// The patient's new key.
	pub new_key: AccountId,
	/// The registering hospital, whose admin attested the new key.
	pub hospital: OrgId,
	/// The admin who attested it.
	pub attested_by: AccountId,
	/// The first block at which the recovery may be completed: until then the patient's
	/// current key, the hospital's admins or governance may cancel it.
	pub ready_at: BlockNumber,
}
