//! Orders and their stages, device trails, uses on patients, adverse events and recalls.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use medchain_primitives::devices::{
	Cid, Code, DeviceId, DocumentHash, Lifecycle, ProductionId, UdiDi,
};
use medchain_primitives::{Moment, OrgId, OrganisationKind};
use scale_info::TypeInfo;

/// An order's id, given when it is placed and never reused.
pub type OrderId = u64;

/// An adverse-event report's id.
pub type AdverseEventId = u64;

/// A recall's id.
pub type RecallId = u64;

/// A reason code from a code system (e.g. an IMDRF Annex code or a regulator's own list):
/// never free text.
pub type ReasonCode = BoundedVec<u8, ConstU32<32>>;

/// The hash linking a trail: each link's hash covers the previous one.
pub type LinkHash = [u8; 32];

/// The most input materials one `MaterialsRecorded` stage lists.
pub type MaxMaterials = ConstU32<16>;

/// The most status changes an adverse event goes through (investigation, root cause,
/// closure; or rejection).
pub type MaxStatusChanges = ConstU32<4>;

/// Derives shared by every fieldless code enum of this pallet.
macro_rules! code_enum {
	($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)+ }) => {
		$(#[$meta])*
		#[derive(
			Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking,
			MaxEncodedLen, TypeInfo, Debug,
		)]
		#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
		pub enum $name { $($(#[$vmeta])* $variant,)+ }
	};
}

// After the macro: its scope is textual, and the two modules use it.
mod adverse_events;
mod recalls;
pub use adverse_events::*;
pub use recalls::*;

code_enum! {
	/// Where an order is: each stage moves it on, in this order (a catalogue order skips
	/// `ParametersSet`). `Rejected` is final; after-sales stages keep it `Installed`.
	pub enum OrderStatus {
		/// Placed by the hospital.
		Placed,
		/// A clinician set the custom device's parameters (their hash).
		ParametersSet,
		/// The manufacturer recorded the input materials.
		MaterialsRecorded,
		/// The manufacturer produced the devices and linked them.
		Produced,
		/// A regulator approved the devices for release.
		Approved,
		/// A regulator refused them: the order ends here.
		Rejected,
		/// Handed to a carrier.
		Shipped,
		/// Received by the hospital.
		Delivered,
		/// Installed and in service at the hospital.
		Installed,
	}
}

/// A hospital's order to a manufacturer (its devices are listed in `OrderDevices`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Order {
	/// The ordering hospital: the devices' recipient.
	pub hospital: OrgId,
	/// The manufacturer.
	pub manufacturer: OrgId,
	/// The model ordered (its UDI-DI).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub di: UdiDi,
	/// How many devices.
	pub quantity: u32,
	/// Whether the device is made to a patient's parameters (kept off chain).
	pub custom: bool,
	/// The hash of the parameter document, once set (the document carries a random salt so
	/// the hash cannot be guessed from the measurements).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash_opt"))]
	pub parameters: Option<DocumentHash>,
	/// Where it is.
	pub status: OrderStatus,
	/// When it was placed.
	pub placed_at: Moment,
}

/// One input of a production run: a component's model and lot.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Material {
	/// The component's UDI-DI (or the supplier's article code).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
	pub di: UdiDi,
	/// Its lot, if it has one.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text_opt"))]
	pub lot: Option<ProductionId>,
}

code_enum! {
	/// What an after-sales stage is.
	pub enum AfterSalesKind {
		/// A service visit.
		ServiceVisit,
		/// A software or firmware update.
		SoftwareUpdate,
		/// Training of the hospital's staff.
		Training,
		/// A complaint handled.
		Complaint,
		/// A return to the manufacturer.
		Return,
	}
}

/// One stage of an order's trail.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum OrderStage {
	/// The hospital placed the order.
	Placed {
		/// The manufacturer.
		manufacturer: OrgId,
		/// The model.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
		di: UdiDi,
		/// How many.
		quantity: u32,
		/// Made to a patient's parameters.
		custom: bool,
	},
	/// A clinician set the parameters of a custom device.
	ParametersSet {
		/// The hash of the (salted) parameter document.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
		parameters: DocumentHash,
	},
	/// The manufacturer recorded input materials.
	MaterialsRecorded {
		/// The materials.
		materials: BoundedVec<Material, MaxMaterials>,
	},
	/// The manufacturer produced the devices (listed in the order).
	Produced {
		/// How many devices were linked.
		count: u32,
	},
	/// A regulator approved the devices for release.
	Approved {
		/// The regulator's reason code.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
		reason: ReasonCode,
	},
	/// A regulator refused them.
	Rejected {
		/// The regulator's reason code.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
		reason: ReasonCode,
	},
	/// The manufacturer handed the devices to a carrier.
	Shipped {
		/// The logistics firm.
		carrier: OrgId,
	},
	/// The hospital received the devices.
	Delivered,
	/// The hospital installed them and put them in service.
	Installed,
	/// After-sales service, documented off chain.
	AfterSales {
		/// What it was.
		kind: AfterSalesKind,
		/// The CIDv1 of the report.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text"))]
		cid: Cid,
		/// The hash of the report.
		#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
		hash: DocumentHash,
	},
}

code_enum! {
	/// How a device was used on a patient.
	pub enum PatientUse {
		/// Implanted.
		Implant,
		/// Explanted.
		Explant,
		/// Used in a procedure.
		Procedure,
	}
}

/// A patient's pseudonym for the uses of one device, chosen by the hospital that records
/// them and resolvable only by it (docs/privacy.md: keyed BLAKE2b-256 under the hospital's
/// pseudonym key over the patient's account, the device and a nonce). The chain never sees
/// the patient; all zeroes is reserved for uses the version-1 migration unlinked.
pub type UsePseudonym = [u8; 32];

/// One event of a device's trail. No event names a patient, not even by pseudonym: the
/// trail is hash-linked and cannot be erased.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum DeviceEvent {
	/// Registered by its manufacturer.
	Registered {
		/// The manufacturer.
		manufacturer: OrgId,
	},
	/// Moved in its lifecycle.
	Lifecycle {
		/// From.
		from: Lifecycle,
		/// To.
		to: Lifecycle,
	},
	/// Changed hands.
	Custody {
		/// The previous custodian.
		from: OrgId,
		/// The custodian now.
		to: OrgId,
	},
	/// Linked to the order it was produced for.
	Produced {
		/// The order.
		order: OrderId,
	},
	/// A regulator decided on its order.
	RegulatorDecision {
		/// The order.
		order: OrderId,
		/// Approved (or rejected).
		approved: bool,
	},
	/// Used on a patient (the link's organisation is the hospital; who the patient is, only
	/// it knows).
	UsedOn {
		/// How.
		usage: PatientUse,
	},
	/// An adverse event was reported on it.
	AdverseEventReported {
		/// The report.
		event: AdverseEventId,
	},
	/// An order's after-sales service touched it.
	AfterSales {
		/// The order.
		order: OrderId,
		/// What it was.
		kind: AfterSalesKind,
	},
}

/// One link of a hash-linked trail: the entry, who made it, when, and the hashes that chain
/// it to the link before.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct TrailLink<Entry, AccountId> {
	/// What happened.
	pub entry: Entry,
	/// Who did it.
	pub by: AccountId,
	/// For which organisation (`None` for a patient).
	pub org: Option<OrgId>,
	/// When (pallet-timestamp, ms since the Unix epoch).
	pub at: Moment,
	/// The previous link's hash (zero for the first).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
	pub prev: LinkHash,
	/// BLAKE2-256 of `(prev, entry, by, org, at)`, SCALE-encoded.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
	pub hash: LinkHash,
}

/// A link of an order's trail.
pub type OrderTrailLink<AccountId> = TrailLink<OrderStage, AccountId>;

/// A link of a device's trail.
pub type DeviceTrailLink<AccountId> = TrailLink<DeviceEvent, AccountId>;

/// The end of a trail: how long it is and its last hash.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct TrailHead {
	/// How many links.
	pub length: u32,
	/// The last link's hash (zero while empty).
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
	pub hash: LinkHash,
}

/// A device's uses under one pseudonym: the latest, when the first was, and the hospital that
/// recorded them (the only party that can tell whom the pseudonym stands for).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DeviceUse {
	/// The latest use.
	pub last: PatientUse,
	/// When it was.
	pub last_at: Moment,
	/// When the first use was.
	pub first_at: Moment,
	/// The hospital that recorded the latest use.
	pub hospital: OrgId,
}

/// One device a recall reaches: where it is, and under which pseudonyms it was used. The
/// regulator learns devices, custodians and hospitals; each hospital resolves its own
/// pseudonyms to its own patients.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AffectedDevice {
	/// The device.
	pub device: DeviceId,
	/// Its serial, if it has one.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text_opt"))]
	pub serial: Option<ProductionId>,
	/// Its lot, if it has one.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::text_opt"))]
	pub lot: Option<ProductionId>,
	/// Its custodian now (the carrier while in transit).
	pub custodian: OrgId,
	/// Where it is going, while in transit.
	pub recipient: Option<OrgId>,
	/// Its lifecycle state as it reads now.
	pub lifecycle: Lifecycle,
	/// Its uses by pseudonym (up to the page bound; `more_uses` says if cut).
	pub uses: alloc::vec::Vec<PseudonymousUse>,
	/// Whether more uses exist than listed (page them with `deviceUses`).
	pub more_uses: bool,
}

/// A device's uses under one pseudonym, as queries return them.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct PseudonymousUse {
	/// The hospital's pseudonym of the patient.
	#[cfg_attr(feature = "std", serde(with = "medchain_primitives::json::hash"))]
	pub pseudonym: UsePseudonym,
	/// The uses.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub uses: DeviceUse,
}

/// Days since 1970-01-01 → the proleptic Gregorian calendar year (UTC), after Howard
/// Hinnant's `civil_from_days`.
pub fn year_of(moment: Moment) -> u16 {
	let days = moment / 86_400_000;
	let z = days + 719_468;
	let era = z / 146_097;
	let day_of_era = z - era * 146_097;
	let year_of_era =
		(day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let month_index = (5 * day_of_year + 2) / 153;
	// Months are counted from March: January and February belong to the next year.
	let year = year_of_era + era * 400 + u64::from(month_index >= 10);
	year.min(u16::MAX as u64) as u16
}
