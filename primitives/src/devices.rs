//! What a device is, as every pallet that deals with devices sees it: its id, UDI, profile,
//! lifecycle and condition (as JSON too: codes and identifiers as text, hashes as hex, the
//! UDI and profile flattened into the device); the keys its UDI, lot and model are indexed under; and the seam
//! between the device registry and the pallets built on it.
//!
//! - [`DeviceRegistry`]: what another pallet may read from and ask of the registry
//!   (`pallet-device-registry` implements it). Traceability drives the registry only through
//!   it; the registry's storage and `do_*` functions stay its own.
//! - [`OnDeviceEvent`] and [`RecallStatus`]: what the registry tells, and asks, the pallet
//!   configured as its listener (`pallet-traceability`), without depending on it.

use crate::{codes, Moment, OrgId, StaffMembership, StaffRole};
use alloc::boxed::Box;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	DispatchResult,
};

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
	#[cfg_attr(feature = "std", serde(rename = "udiDi", with = "crate::json::text"))]
	/// The device identifier of the model.
	pub di: UdiDi,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_opt"))]
	/// The serial number, if the device has one.
	pub serial: Option<ProductionId>,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_opt"))]
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
	#[cfg_attr(feature = "std", serde(with = "crate::json::text"))]
	/// The device type (a GMDN or SNOMED CT code).
	pub device_type: Code,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text"))]
	/// The model name or number.
	pub model: Code,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text"))]
	/// The hardware/software version.
	pub version: Code,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_opt"))]
	/// The modality (DICOM modality or IEEE 11073 code), if any.
	pub modality: Option<Code>,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text"))]
	/// The CIDv1 of the full profile document.
	pub profile_cid: Cid,
	#[cfg_attr(feature = "std", serde(with = "crate::json::hash"))]
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
	#[cfg_attr(feature = "std", serde(flatten))]
	/// Its UDI.
	pub udi: Udi,
	#[cfg_attr(feature = "std", serde(flatten))]
	/// Its profile.
	pub profile: DeviceProfile,
	/// The manufacturer organisation.
	pub manufacturer: OrgId,
	/// The organisation that holds it now.
	pub custodian: OrgId,
	/// Where it is going, while in transit.
	pub recipient: Option<OrgId>,
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_opt"))]
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

/// The roles that service a device for its custodian or manufacturer: they append to and
/// open its log, and take it along an order's stages.
pub const SERVICE_ROLES: [StaffRole; 3] =
	[StaffRole::Admin, StaffRole::FieldServiceEngineer, StaffRole::DeviceOperator];

/// The key a UDI is registered under (one device per UDI).
pub fn udi_key(udi: &Udi) -> [u8; 32] {
	BlakeTwo256::hash_of(&(&udi.di, &udi.serial, &udi.lot)).into()
}

/// The key of a model (its UDI-DI): the registry indexes the model's devices, and a model
/// recall is kept, under it.
pub fn model_key(di: &UdiDi) -> [u8; 32] {
	BlakeTwo256::hash_of(di).into()
}

/// The key of a lot of a model: the registry indexes the lot's devices, and a lot recall is
/// kept, under it.
pub fn lot_key(di: &UdiDi, lot: &ProductionId) -> [u8; 32] {
	BlakeTwo256::hash_of(&(di, lot)).into()
}

/// The keys recalls of this UDI's model and (if it has one) lot are kept under.
pub fn recall_keys(udi: &Udi) -> ([u8; 32], Option<[u8; 32]>) {
	(model_key(&udi.di), udi.lot.as_ref().map(|lot| lot_key(&udi.di, lot)))
}

/// Device ids, one by one, as the registry's indexes hold them (storage order).
pub type DeviceIds = Box<dyn Iterator<Item = DeviceId>>;

/// The device registry, as the pallets built on it see it: reads of its devices and
/// indexes, and the moves of a device that those pallets make for their callers. Every
/// move checks the registry's own rules (roles, lifecycle, custody) and tells the
/// registry's [`OnDeviceEvent`] listener, as the registry's calls do.
pub trait DeviceRegistry<AccountId> {
	/// A device as it stands: `Recalled` if a recall in force covers it.
	fn device(id: DeviceId) -> Option<Device>;

	/// A device as registered, without asking whether a recall covers it (one read).
	fn registered_device(id: DeviceId) -> Option<Device>;

	/// Whether `id` is a registered device.
	fn exists(id: DeviceId) -> bool;

	/// The manufacturer the UDI-DI's company prefix is bound to, if any.
	fn issuer_of(di: &UdiDi) -> Option<OrgId>;

	/// The devices of the lot with key [`lot_key`], after `start_after` if given.
	fn devices_of_lot(lot_key: [u8; 32], start_after: Option<DeviceId>) -> DeviceIds;

	/// The devices of the model with key [`model_key`], after `start_after` if given.
	fn devices_of_model(model_key: [u8; 32], start_after: Option<DeviceId>) -> DeviceIds;

	/// The registry's error unless `location` is absent or a location code
	/// ([`codes::is_location`]).
	fn ensure_location(location: &Option<LocationCode>) -> DispatchResult;

	/// Moves `device` to `to` for `who` (active staff `staff`).
	fn transition(
		who: AccountId,
		staff: StaffMembership,
		device: DeviceId,
		to: Lifecycle,
	) -> DispatchResult;

	/// Hands `device` to `carrier` on its way to `recipient`, for `who` (staff `staff`).
	fn dispatch(
		who: AccountId,
		staff: StaffMembership,
		device: DeviceId,
		carrier: OrgId,
		recipient: OrgId,
	) -> DispatchResult;

	/// Installs `device` at its recipient, at `location`, for `who` (staff `staff`).
	fn install(
		who: AccountId,
		staff: StaffMembership,
		device: DeviceId,
		location: Option<LocationCode>,
	) -> DispatchResult;

	/// Binds the GS1 company prefix `prefix` to `manufacturer`; for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn bind_gs1_prefix_for_benchmarks(
		prefix: &[u8],
		manufacturer: OrgId,
	) -> Result<(), sp_runtime::DispatchError>;

	/// Registers a device for `maker`, a manufacturer's service staff; for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_device_for_benchmarks(
		maker: AccountId,
		udi: Udi,
		profile: DeviceProfile,
	) -> Result<DeviceId, sp_runtime::DispatchError>;
}

/// What the registry tells (and lets veto) the pallet that listens to it: every change a
/// device goes through. The traceability pallet keeps each device's trail from these.
pub trait OnDeviceEvent<AccountId> {
	/// A manufacturer's staff `by` registered `device`.
	fn registered(device: DeviceId, manufacturer: OrgId, by: &AccountId);
	/// `device` is about to move from `from` to `to`, by `by` of `org`: an error refuses it.
	fn lifecycle_changing(
		device: DeviceId,
		from: Lifecycle,
		to: Lifecycle,
		by: &AccountId,
		org: OrgId,
	) -> DispatchResult;
	/// `device` passed from organisation `from` to `to`, by `by` of `org`.
	fn custody_changed(device: DeviceId, from: OrgId, to: OrgId, by: &AccountId, org: OrgId);
}

impl<AccountId> OnDeviceEvent<AccountId> for () {
	fn registered(_: DeviceId, _: OrgId, _: &AccountId) {}
	fn lifecycle_changing(
		_: DeviceId,
		_: Lifecycle,
		_: Lifecycle,
		_: &AccountId,
		_: OrgId,
	) -> DispatchResult {
		Ok(())
	}
	fn custody_changed(_: DeviceId, _: OrgId, _: OrgId, _: &AccountId, _: OrgId) {}
}

/// Whether recalls of whole lots or models, kept elsewhere (the traceability pallet), cover
/// a device: the registry reads a covered device as `Recalled`.
pub trait RecallStatus {
	/// Whether a recall in force covers, if given, this lot, or the production of the model
	/// with this key up to a time at or after `registered_at` (the device's registration).
	fn covers(model_key: &[u8; 32], lot_key: Option<&[u8; 32]>, registered_at: Moment) -> bool;

	/// Put a recall in force on this lot (or, without one, this model) for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn recall_for_benchmarks(_model_key: [u8; 32], _lot_key: Option<[u8; 32]>) {}
}

impl RecallStatus for () {
	fn covers(_: &[u8; 32], _: Option<&[u8; 32]>, _: Moment) -> bool {
		false
	}
}
