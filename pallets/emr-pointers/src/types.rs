//! A record's pointer, its state, and what the tamper check answers.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
pub use medchain_primitives::is_cid_v1;
use medchain_primitives::{Moment, OrgId, RecordCategory, RecordId};
use scale_info::TypeInfo;

/// The longest CID accepted, in characters.
pub const MAX_CID_LENGTH: u32 = 128;

/// A CIDv1 in its base32 string form (`bafy…`), so the ciphertext can live in any
/// IPFS-compatible store.
pub type Cid = BoundedVec<u8, ConstU32<MAX_CID_LENGTH>>;

/// The longest CID kept in binary form, in bytes (an accepted CIDv1 is 36).
pub const MAX_CID_BYTES: u32 = 64;

/// A CIDv1 in binary form (version, codec, multihash), as a record's pointer keeps it: the
/// calls take the string form ([`Cid`]), the chain keeps these 36 bytes instead of 59
/// characters, and the JSON-RPC answers give the string form back.
pub type CidBytes = BoundedVec<u8, ConstU32<MAX_CID_BYTES>>;

/// The binary form a pointer keeps of `cid`, if it is an accepted CIDv1 in its canonical
/// string form ([`medchain_primitives::parse_cid_v1`]).
pub fn cid_bytes(cid: &[u8]) -> Option<CidBytes> {
	medchain_primitives::parse_cid_v1(cid).and_then(|bytes| CidBytes::try_from(bytes).ok())
}

/// How many record ids one page of a patient's index holds ([`crate::PatientRecords`]).
pub const RECORDS_PER_PAGE: u32 = 64;

/// One page of a patient's index: record ids in anchoring order.
pub type RecordPage = BoundedVec<medchain_primitives::RecordId, ConstU32<RECORDS_PER_PAGE>>;

/// The SHA-256 (or BLAKE2-256) hash of a record's ciphertext: what a copy is checked against.
pub type ContentHash = [u8; 32];

/// An X25519 public key that content keys are sealed to.
pub type EncryptionKey = [u8; 32];

/// Where a record stands.
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
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum RecordStatus {
	/// The latest version.
	Current,
	/// A newer version replaced it; it stays as it was (until it is retired, see
	/// `Config::MaxVersions`).
	Superseded {
		/// The version that replaced it.
		by: RecordId,
	},
	// Version 0 had a third variant, `Erased { at }`. An erased record now keeps no pointer,
	// only a receipt in `ErasedRecords`; `migrations::v1` turned every stored `Erased`
	// pointer into one, so no stored value needs the variant any more.
}

/// A record's pointer: everything the chain keeps of an off-chain, encrypted record.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Record<AccountId> {
	/// The patient it is about.
	pub patient: AccountId,
	/// Who anchored it: registered clinical staff, or the patient.
	pub author: AccountId,
	/// The author's organisation (none when the patient anchored it).
	pub author_org: Option<OrgId>,
	/// The FHIR resource type of its content.
	pub category: RecordCategory,
	/// Where the ciphertext is: a CIDv1, in binary form (JSON-RPC shows its text).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::cid"))]
	pub cid: CidBytes,
	/// The hash of the ciphertext.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
	pub content_hash: ContentHash,
	/// When it was anchored.
	pub created_at: Moment,
	/// The organisation whose store holds the ciphertext.
	pub store: OrgId,
	/// Its version: 1 for the first, one more for each amendment.
	pub version: u32,
	/// The version it replaced, if any.
	pub previous: Option<RecordId>,
	/// Current or superseded.
	pub status: RecordStatus,
	/// The page of the patient's index that lists it ([`crate::PatientRecords`]).
	pub page: u32,
}

/// One record of a batch ([`crate::Pallet::add_records`]): what `add_record` takes but the
/// store (the caller's organisation's) and the envelopes (sealed afterwards), with the
/// clinician who wrote it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BatchRecord<AccountId> {
	/// The patient it is about.
	pub patient: AccountId,
	/// The clinician who wrote it: clinical staff of the caller's organisation whom the
	/// patient's consent lets write `category`.
	pub author: AccountId,
	/// The FHIR resource type of its content.
	pub category: RecordCategory,
	/// Where the ciphertext is: a CIDv1.
	pub cid: Cid,
	/// The hash of the ciphertext.
	pub content_hash: ContentHash,
}

/// What the tamper check found for a content hash.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "status"))]
pub enum Verification {
	/// The hash is that of the current version of `record`: the copy is genuine and up to
	/// date.
	#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
	Current {
		/// The record.
		record: RecordId,
	},
	/// The hash is that of an older version; `current` replaced it.
	#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
	Superseded {
		/// The version the hash belongs to.
		record: RecordId,
		/// The current version.
		current: RecordId,
	},
	/// `record` was erased. The chain keeps no hash of an erased record, so it cannot tell
	/// whether the copy was one: whatever it is, it must not be used.
	#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
	Erased {
		/// The record.
		record: RecordId,
	},
	/// The chain knows no such record (for this record or patient): the copy is not
	/// genuine, was altered, is of a version retired after `MaxVersions` newer ones, or is of
	/// an erased record (when asked by patient, not by record).
	Unknown,
}
