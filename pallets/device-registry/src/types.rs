//! A device's identity (its UDI), profile, state, and service-log entries.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use medchain_primitives::{codes, Moment, OrgId};
use scale_info::TypeInfo;

/// A device's id on chain, given at registration and never reused.
pub type DeviceId = u64;

/// A UDI device identifier (UDI-DI) as issued by GS1, HIBCC or ICCBBA: the model's code.
pub type UdiDi = BoundedVec<u8, ConstU32<64>>;

/// A production identifier: a serial or a lot number (GS1 AI 10 / 21's shape, at most 20
/// characters, `medchain_primitives::codes`; the bound is the storage's).
pub type ProductionId = BoundedVec<u8, ConstU32<40>>;

/// A short code from a code system (GMDN/SNOMED device type, modality, model, version), of
/// that system's shape (`medchain_primitives::codes`).
pub type Code = BoundedVec<u8, ConstU32<64>>;

/// Where the custodian keeps a device: a GS1 GLN with an optional extension for a ward or
/// room (`medchain_primitives::codes`); what it names stays off chain.
pub type LocationCode = BoundedVec<u8, ConstU32<32>>;

/// A canonical CIDv1 (base32 string) of a document kept off chain
/// (`medchain_primitives::is_cid_v1`).
pub type Cid = BoundedVec<u8, ConstU32<128>>;

/// The hash of a document kept off chain.
pub type DocumentHash = [u8; 32];

/// A calendar date as `YYYYMMDD` (UDI production identifiers carry dates, not times).
pub type Date = u32;

/// A device's Unique Device Identifier: the model (UDI-DI) and its production identifiers
/// (UDI-PI). At least a serial or a lot is required.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Udi {
	/// The device identifier of the model.
	pub di: UdiDi,
	/// The serial number, if the device has one.
	pub serial: Option<ProductionId>,
	/// The lot (batch) number, if the device has one.
	pub lot: Option<ProductionId>,
	/// Manufacturing date (`YYYYMMDD`).
	pub manufactured_on: Option<Date>,
	/// Expiry date (`YYYYMMDD`).
	pub expires_on: Option<Date>,
}

/// The device's descriptive profile, after HL7 FHIR Device and IEEE 11073 MDS; the full
/// profile document stays off chain.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DeviceProfile {
	/// The device type (a GMDN or SNOMED CT code).
	pub device_type: Code,
	/// The model name or number.
	pub model: Code,
	/// The hardware/software version.
	pub version: Code,
	/// The modality (DICOM modality or IEEE 11073 code), if any.
	pub modality: Option<Code>,
	/// The CIDv1 of the full profile document.
	pub profile_cid: Cid,
	/// The hash of that document.
	pub profile_hash: DocumentHash,
}

impl DeviceProfile {
	/// Whether every code has its code system's shape (`medchain_primitives::codes`).
	pub fn has_valid_codes(&self) -> bool {
		codes::is_device_type(&self.device_type)
			&& codes::is_model(&self.model)
			&& codes::is_version(&self.version)
			&& self.modality.as_ref().is_none_or(|code| codes::is_modality(code))
	}
}

/// Where a device is in its life. `Recalled` and `Decommissioned` are final.
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
pub enum Lifecycle {
	/// Made, not yet released by its manufacturer.
	Manufactured,
	/// Released for distribution.
	Released,
	/// On its way to the recipient.
	InTransit,
	/// Installed at its custodian, not yet in service.
	Installed,
	/// In clinical use.
	InService,
	/// Out of use for maintenance.
	Maintenance,
	/// Recalled: out of use for good.
	Recalled,
	/// Taken out of use for good.
	Decommissioned,
}

impl Lifecycle {
	/// Whether no transition leaves this state.
	pub fn is_final(self) -> bool {
		matches!(self, Lifecycle::Recalled | Lifecycle::Decommissioned)
	}
}

/// FHIR `Device.status`.
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
pub enum RecordStatus {
	/// The record is in use.
	Active,
	/// The record is no longer in use.
	Inactive,
	/// Registered by mistake.
	EnteredInError,
}

/// FHIR `Device.availabilityStatus`.
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
pub enum Availability {
	/// Available.
	Available,
	/// Lost.
	Lost,
	/// Damaged.
	Damaged,
	/// Destroyed.
	Destroyed,
}

/// FHIR `Device.statusReason` (device-status-reason codes).
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
pub enum StatusReason {
	/// Online.
	Online,
	/// Paused.
	Paused,
	/// Standby.
	Standby,
	/// Offline.
	Offline,
	/// Not ready.
	NotReady,
	/// Transducer disconnected.
	TransducerDisconnected,
	/// Hardware disconnected.
	HardwareDisconnected,
	/// Off.
	Off,
}

/// IEEE 11073 MDS operating mode.
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
pub enum OperatingMode {
	/// Normal operation.
	Normal,
	/// Demonstration mode.
	Demonstration,
	/// Service mode.
	Service,
	/// Standby.
	Standby,
}

/// The device's current condition, as its custodian reports it.
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
pub struct Condition {
	/// FHIR status.
	pub status: RecordStatus,
	/// FHIR availability.
	pub availability: Availability,
	/// Why it is in this status.
	pub reason: StatusReason,
	/// Its operating mode.
	pub mode: OperatingMode,
}

/// A registered device.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Device {
	/// Its UDI.
	pub udi: Udi,
	/// Its profile.
	pub profile: DeviceProfile,
	/// The manufacturer organisation.
	pub manufacturer: OrgId,
	/// The organisation that holds it now.
	pub custodian: OrgId,
	/// Where it is going, while in transit.
	pub recipient: Option<OrgId>,
	/// Where at the custodian it is (opaque code).
	pub location: Option<LocationCode>,
	/// Its lifecycle state.
	pub lifecycle: Lifecycle,
	/// Its condition.
	pub condition: Condition,
	/// Working hours so far.
	pub working_hours: u32,
	/// Operating cycles so far.
	pub operating_cycles: u32,
	/// When it was registered.
	pub registered_at: Moment,
}

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
	pub cid: Cid,
	/// The hash of the document.
	pub hash: DocumentHash,
	/// Who added it.
	pub author: AccountId,
	/// The author's organisation.
	pub org: OrgId,
	/// When.
	pub at: Moment,
}

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
