//! Weights of the access-control pallet's calls.
//!
//! Until the benchmark issue generates this file with frame-benchmarking, each weight is an
//! estimate: the storage reads and writes the call makes at worst (counted from the code,
//! at the runtime's `DbWeight`; an access check reads all `MaxGrantsPerPatient` grants, here
//! taken as 64) plus a fixed execution cost of 25 µs.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	fn grant_access() -> Weight;
	fn revoke_grant() -> Weight;
	fn request_access() -> Weight;
	fn approve_request() -> Weight;
	fn deny_request() -> Weight;
	fn break_glass() -> Weight;
	fn close_review() -> Weight;
	fn record_access() -> Weight;
	fn sweep_base() -> Weight;
	fn sweep_grant() -> Weight;
}

/// Fixed execution cost of a call, before its storage accesses.
const CALL_BASE: Weight = Weight::from_parts(25_000_000, 4_000);
/// Storage reads of one access check: membership (2), the patient's grants (64), the
/// latest break-glass access and its record (2).
const ACCESS_CHECK_READS: u64 = 68;

/// Estimated weights at the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! estimated_weights {
	($db:ty) => {
		// Reads: membership (3), GrantCount, NextGrantId, ConsentHistoryLength, time.
		// Writes: Grants, GrantCount, NextGrantId, ConsentHistory(+Length).
		fn grant_access() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(7, 5))
		}
		fn revoke_grant() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(4, 4))
		}
		fn request_access() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(6, 5))
		}
		// A request plus a grant.
		fn approve_request() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(9, 8))
		}
		fn deny_request() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(4, 4))
		}
		fn break_glass() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(5, 7))
		}
		fn close_review() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(5, 4))
		}
		// The record's subject, the access check, the audit trail's length; writes the
		// entry and the length.
		fn record_access() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(ACCESS_CHECK_READS + 4, 2))
		}
		// The idle-time sweep: the cursor and the time, then per grant a read and, when it
		// has expired, the grant, its count and an event.
		fn sweep_base() -> Weight {
			Weight::from_parts(5_000_000, 1_000).saturating_add(<$db>::get().reads_writes(2, 1))
		}
		fn sweep_grant() -> Weight {
			Weight::from_parts(5_000_000, 500).saturating_add(<$db>::get().reads_writes(2, 3))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimated_weights!(T::DbWeight);
}

impl WeightInfo for () {
	estimated_weights!(RocksDbWeight);
}
