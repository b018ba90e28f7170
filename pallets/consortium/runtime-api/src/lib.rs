//! Runtime API of the consortium pallet: what the node's `medchain_organisation`,
//! `medchain_organisations`, `medchain_staffOf` and `medchain_roleOf` JSON-RPC methods
//! answer from (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use medchain_primitives::{OrgId, StaffRoles};
pub use pallet_consortium::{AccountRole, Organisation};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

sp_api::decl_runtime_apis! {
	/// Queries over the consortium's organisations, staff and patients.
	pub trait ConsortiumApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The member organisation `org`, if it is one.
		fn organisation(org: OrgId) -> Option<Organisation<BlockNumber>>;

		/// Every member organisation with its id (at most `MaxOrganisations`).
		fn organisations() -> Vec<(OrgId, Organisation<BlockNumber>)>;

		/// One page of `org`'s staff with their roles: up to `limit` (at most [`MAX_PAGE`])
		/// accounts after `start_after`, the last account of the previous page.
		fn staff_of(org: OrgId, start_after: Option<AccountId>, limit: u32) -> Vec<(AccountId, StaffRoles)>;

		/// What `who` is in the consortium: staff (with its organisation, roles and whether
		/// it may act now), a patient, or nothing.
		fn role_of(who: AccountId) -> Option<AccountRole<BlockNumber>>;

		/// Whether the transaction gate admits transactions signed by `who`.
		fn may_transact(who: AccountId) -> bool;
	}
}
