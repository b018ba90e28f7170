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
		// The session keys, the set; writes the set and the pending flag.
		fn add_authority() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(2, 2))
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
