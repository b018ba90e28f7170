//! Weights of the EMR pointers pallet's calls.
//!
//! Until the benchmark issue generates this file with frame-benchmarking, each weight is an
//! estimate: the storage reads and writes the call makes at worst (counted from the code, at
//! the runtime's `DbWeight`; a consent check reads up to 68 items, see the access-control
//! pallet) plus a fixed execution cost of 25 µs and 10 µs per envelope.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	fn register_encryption_key() -> Weight;
	fn add_record(envelopes: u32) -> Weight;
	fn add_envelopes(envelopes: u32) -> Weight;
	fn remove_envelope() -> Weight;
	fn erase_record() -> Weight;
}

const CALL_BASE: Weight = Weight::from_parts(25_000_000, 4_000);
const PER_ENVELOPE: Weight = Weight::from_parts(10_000_000, 200);
/// Reads of one consent check (membership, grants, break-glass).
const CONSENT_READS: u64 = 68;
/// Versions an erasure may walk, and envelopes it may delete per version, at worst (the
/// runtime's `MaxVersions` and `MaxEnvelopesPerRecord`).
const ERASE_VERSIONS: u64 = 16;
const ERASE_ENVELOPES: u64 = 32;

/// Estimated weights at the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! estimated_weights {
	($db:ty) => {
		fn register_encryption_key() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(3, 1))
		}
		// Membership, consent, the store, the hash index, the previous version, the id;
		// each envelope: the reader's key, its consent, the existing envelope.
		fn add_record(envelopes: u32) -> Weight {
			let n = u64::from(envelopes);
			CALL_BASE
				.saturating_add(PER_ENVELOPE.saturating_mul(n))
				.saturating_add(<$db>::get().reads_writes(CONSENT_READS + 8, 6))
				.saturating_add(<$db>::get().reads_writes(n * (CONSENT_READS + 2), n))
		}
		fn add_envelopes(envelopes: u32) -> Weight {
			let n = u64::from(envelopes);
			CALL_BASE
				.saturating_add(PER_ENVELOPE.saturating_mul(n))
				.saturating_add(<$db>::get().reads_writes(CONSENT_READS + 2, 1))
				.saturating_add(<$db>::get().reads_writes(n * (CONSENT_READS + 2), n))
		}
		fn remove_envelope() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(CONSENT_READS + 3, 2))
		}
		fn erase_record() -> Weight {
			CALL_BASE.saturating_add(
				<$db>::get()
					.reads_writes(3 + 2 * ERASE_VERSIONS, ERASE_VERSIONS * (ERASE_ENVELOPES + 2)),
			)
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimated_weights!(T::DbWeight);
}

impl WeightInfo for () {
	estimated_weights!(RocksDbWeight);
}
