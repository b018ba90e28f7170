//! # medchain primitives
//!
//! What every medchain pallet shares, so that no pallet copies another's types or reaches into
//! another's storage:
//!
//! - [`OrganisationKind`], [`StaffRole`] and [`OrganisationStatus`]: the consortium's roles
//!   (DESIGN.md, "Roles"), and which role an organisation of each kind may give its staff.
//! - [`ConsortiumMembership`]: the questions a domain pallet asks about an account ("is it
//!   active staff of organisation X with role R?", "is it a registered patient?", "which
//!   organisation does it act for?"). `pallet-consortium` answers them; every other pallet
//!   asks them through its `Config::Membership` and checks roles with
//!   [`StaffMembership::acts_for`] and [`StaffMembership::has_role`]: one vocabulary of
//!   permissions, everywhere.
//! - [`codes`]: the shapes of the codes the pallets keep (device types, modalities, adverse
//!   events and outcomes, locations, reasons, lots and serials), checked at every call.
//! - [`devices`]: what a device is, the keys its UDI, lot and model are indexed under, and
//!   the seam between the device registry and traceability ([`devices::DeviceRegistry`],
//!   [`devices::OnDeviceEvent`], [`devices::RecallStatus`]).
//! - [`records`]: record categories, CIDs, and the traits that let `pallet-emr-pointers` and
//!   `pallet-access-control` ask each other without depending on each other, and
//!   [`SignedRequests`], through which the device registry spends a reader's signed
//!   request for a log file from the same nonces as their record requests.
//!
//! Nothing here is personal data: accounts, organisation ids, kinds, roles and states only.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod codes;
mod consortium;
pub mod devices;
pub mod json;
pub mod records;
#[cfg(feature = "std")]
pub mod testing;
pub mod weights;

pub use consortium::{
	ConsortiumMembership, OrgId, OrganisationKind, OrganisationStatus, StaffMembership, StaffRole,
	StaffRoles, STAFF_ROLE_COUNT,
};
pub use records::{
	cid_v1_text, is_cid_v1, now_millis, parse_cid_v1, raw_cid_v1, wrapped_bytes, ConsentCheck,
	Moment, RecordCategory, RecordId, RecordLookup, RecordSubject, RequestRefusal, SignedRequests,
};

/// The most entries one page of any medchain runtime API returns; the runtime clamps every
/// requested page size to it ([`page_limit`]) and the node's RPC refuses larger ones.
pub const MAX_PAGE: u32 = 1_000;

/// A requested page size as the runtime answers it: at most [`MAX_PAGE`].
pub fn page_limit(limit: u32) -> u32 {
	limit.min(MAX_PAGE)
}
