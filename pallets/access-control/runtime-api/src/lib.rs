//! Runtime API of the access-control pallet: what the node's `medchain_canAccess`,
//! `medchain_grantsOf`, `medchain_requestsOf`, `medchain_auditTrail`,
//! `medchain_consentHistory`, `medchain_breakGlassOf`, `medchain_openReviews` and
//! `medchain_flaggedReviews` JSON-RPC methods answer from (see docs/rpc.md).
//!
//! Version 2: the break-glass lists are paged (`start_after`, `limit`), and
//! `flagged_reviews` lists what patients flagged.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use medchain_primitives::{OrgId, RecordId};
pub use pallet_access_control::{
	AccessRequest, AuditEntry, BreakGlassAccess, BreakGlassId, ConsentEvent, Grant, GrantId,
	RequestId,
};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

sp_api::decl_runtime_apis! {
	/// The patient's consent and the audit trail.
	#[api_version(2)]
	pub trait AccessControlApi<AccountId>
	where
		AccountId: Codec,
	{
		/// Whether `who` may open `record` now: the one answer every off-chain store enforces.
		fn can_access(who: AccountId, record: RecordId) -> bool;

		/// The patient's grants, each with whether it is in force now.
		fn grants_of(patient: AccountId) -> Vec<(GrantId, Grant<AccountId>, bool)>;

		/// Requests waiting for the patient.
		fn requests_of(patient: AccountId) -> Vec<(RequestId, AccessRequest<AccountId>)>;

		/// Up to `limit` (at most [`MAX_PAGE`]) entries of the patient's audit trail from
		/// index `start`, oldest first.
		fn audit_trail(patient: AccountId, start: u64, limit: u32) -> Vec<(u64, AuditEntry<AccountId>)>;

		/// Up to `limit` entries of the patient's consent history from index `start`.
		fn consent_history(patient: AccountId, start: u64, limit: u32) -> Vec<(u64, ConsentEvent<AccountId>)>;

		/// The break-glass accesses to the patient, unpaged (version 1).
		#[changed_in(2)]
		fn break_glass_of(patient: AccountId) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)>;

		/// Up to `limit` (at most [`MAX_PAGE`]) break-glass accesses to the patient after
		/// the id `start_after` in storage order, each with whether it is still open.
		fn break_glass_of(patient: AccountId, start_after: Option<BreakGlassId>, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)>;

		/// Up to `limit` break-glass accesses awaiting review (version 1).
		#[changed_in(2)]
		fn open_reviews(org: OrgId, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)>;

		/// Up to `limit` break-glass accesses by `org`'s clinicians awaiting its review, after
		/// the id `start_after`, each with whether it still gives access.
		fn open_reviews(org: OrgId, start_after: Option<BreakGlassId>, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)>;

		/// Up to `limit` break-glass accesses to patients `hospital` registered that the
		/// patients flagged for review, after the id `start_after`.
		#[api_version(2)]
		fn flagged_reviews(hospital: OrgId, start_after: Option<BreakGlassId>, limit: u32) -> Vec<(BreakGlassId, BreakGlassAccess<AccountId>, bool)>;
	}
}
