//! The registry's own records: service-log entries, UDI issuing agencies and company
//! prefixes, and what a carrier does with a recalled device. What a device is lives in
//! `medchain_primitives::devices`, shared with the pallets built on the registry.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use medchain_primitives::{
	devices::{Cid, DeviceId, DocumentHash},
	Moment, OrgId,
};
use scale_info::TypeInfo;

/// What a service-log entry is.
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
pub enum LogKind {
	/// An error log exported from the device.
	ErrorLog,
	/// A maintenance report.
	Maintenance,
	/// A calibration certificate.
	Calibration,
	/// A photo of the device's display.
	DisplayPhoto,
	/// An inspection report.
	Inspection,
}

/// One entry of a device's service log: the document stays off chain.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LogEntry<AccountId> {
	/// What it is.
	pub kind: LogKind,
	/// The CIDv1 of the document.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub cid: Cid,
	/// The hash of the document.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
	pub hash: DocumentHash,
	/// Who added it.
	pub author: AccountId,
	/// The author's organisation.
	pub org: OrgId,
	/// When.
	pub at: Moment,
}

/// What a reader signs to have an organisation's store serve them a service-log file: the
/// store submits it with `open_log_for`, and the chain checks the signature, so that the log's
/// audit shows who really asked. The signed message is [`LOG_REQUEST_CONTEXT`], the chain's
/// genesis hash and this request, SCALE-encoded one after the other.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LogReadRequest<BlockNumber> {
	/// The device.
	pub device: DeviceId,
	/// The entry of its service log.
	pub entry: u32,
	/// The organisation whose store is asked to serve the entry's file.
	pub store: OrgId,
	/// Larger than the nonce of every signed request of this reader already audited, for
	/// records too (a millisecond clock will do).
	pub nonce: u64,
	/// The last block at which the request may be audited.
	pub valid_until: BlockNumber,
}

/// The domain tag a reader's signed [`LogReadRequest`] starts with (after `<Bytes>` if
/// wrapped), so that the signature can never be mistaken for one over anything else.
pub const LOG_REQUEST_CONTEXT: &[u8] = b"medchain/log-request/v1";

/// An agency accredited to issue UDIs (FDA 21 CFR 830, EU MDR Article 27).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum IssuingAgency {
	/// GS1: the UDI-DI is a GTIN-14.
	Gs1,
	/// HIBCC: the UDI-DI is `+`, the labeler identification code, the product number and
	/// the unit of measure.
	Hibcc,
	/// ICCBBA: the UDI-DI is an ISBT 128 processor product identification code.
	Iccbba,
}

/// The part of a UDI-DI an issuing agency gives a company: a GS1 Company Prefix (4 to 12
/// digits, after the GTIN-14's indicator digit), a HIBCC Labeler Identification Code (a
/// letter and 3 letters or digits) or an ICCBBA Facility Identification Number (a letter
/// and 4 digits). Governance binds each to the manufacturer it was issued to.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct CompanyPrefix {
	/// Who issued it.
	pub agency: IssuingAgency,
	/// The prefix, as printed (ASCII).
	pub code: BoundedVec<u8, ConstU32<12>>,
}

/// What the carrier did with a device recalled on its way.
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
pub enum Disposition {
	/// Brought back to its manufacturer, who holds it now.
	Returned,
	/// Kept in the carrier's quarantine, which holds it now.
	Quarantined,
}
