//! Weights of the authorities pallet's calls.
//!
//! Until the benchmark issue generates this file with frame-benchmarking, each weight is an
//! estimate: the storage reads and writes the call makes at worst (counted from the code, at
//! the runtime's `DbWeight`) plus a fixed execution cost of 25 µs.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	fn add_authority() -> Weight;
	fn remove_authority() -> Weight;
}

const CALL_BASE: Weight = Weight::from_parts(25_000_000, 4_000);

/// Estimated weights at the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! estimated_weights {
	($db:ty) => {
		// With keys given, pallet-session's set_keys first (its keys, the two key owners, the
		// account: 4 reads, 4 writes, and two signature checks ≈ 100 µs); then the set.
		fn add_authority() -> Weight {
			CALL_BASE
				.saturating_add(Weight::from_parts(100_000_000, 0))
				.saturating_add(<$db>::get().reads_writes(6, 6))
		}
		// The set; writes the set and the pending flag.
		fn remove_authority() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(1, 2))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimated_weights!(T::DbWeight);
}

impl WeightInfo for () {
	estimated_weights!(RocksDbWeight);
}
