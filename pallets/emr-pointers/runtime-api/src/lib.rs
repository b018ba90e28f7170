//! Runtime API of the EMR pointers pallet: what the node's `medchain_record`,
//! `medchain_versions`, `medchain_recordsOf`, `medchain_verifyRecord` and
//! `medchain_verifyForPatient` JSON-RPC methods answer from (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use medchain_primitives::{RecordCategory, RecordId};
pub use pallet_emr_pointers::{ContentHash, Record, Verification};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

sp_api::decl_runtime_apis! {
	/// Queries over record pointers.
	pub trait EmrApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The pointer of `record`, if it exists.
		fn record(record: RecordId) -> Option<Record<AccountId>>;

		/// The version chain `record` belongs to, oldest first.
		fn versions(record: RecordId) -> Vec<(RecordId, Record<AccountId>)>;

		/// One page of `patient`'s current records (of `category`, if given) that `viewer`
		/// may read: up to `limit` (at most [`MAX_PAGE`]) with ids after `start_after`.
		fn records_of(
			viewer: AccountId,
			patient: AccountId,
			category: Option<RecordCategory>,
			start_after: Option<RecordId>,
			limit: u32,
		) -> Vec<(RecordId, Record<AccountId>)>;

		/// Whether `content_hash` is the current version of `record` (the tamper check).
		fn verify_record(record: RecordId, content_hash: ContentHash) -> Verification;

		/// Whether `content_hash` is a version of any record of `patient`.
		fn verify_for_patient(patient: AccountId, content_hash: ContentHash) -> Verification;
	}
}
