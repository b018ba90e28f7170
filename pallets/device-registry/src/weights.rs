//! Weights of the device registry's calls.
//!
//! Until the benchmark issue generates this file with frame-benchmarking, each weight is an
//! estimate: the storage reads and writes the call makes at worst (counted from the code, at
//! the runtime's `DbWeight`) plus a fixed execution cost of 25 µs (5 µs per operator).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	fn register_device() -> Weight;
	fn transition() -> Weight;
	fn report() -> Weight;
	fn assign_operators(operators: u32) -> Weight;
	fn append_log() -> Weight;
}

const CALL_BASE: Weight = Weight::from_parts(25_000_000, 4_000);
const PER_OPERATOR: Weight = Weight::from_parts(5_000_000, 100);

/// Estimated weights at the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! estimated_weights {
	($db:ty) => {
		// Membership (2), the UDI index, the id, the hook's trail head; writes the device, the
		// three indexes, the id, the hook's trail link and head.
		fn register_device() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(5, 7))
		}
		// Membership (2), the device and its recalls (2), the carrier and recipient, the hook's
		// order check (2) and trail heads (2); writes the device, the operators, and two trail
		// links with their heads (a dispatch reports a move and a change of hands).
		fn transition() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(11, 6))
		}
		fn report() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(5, 1))
		}
		// Per operator: their membership (2).
		fn assign_operators(operators: u32) -> Weight {
			let n = u64::from(operators);
			CALL_BASE
				.saturating_add(PER_OPERATOR.saturating_mul(n))
				.saturating_add(<$db>::get().reads_writes(5 + 2 * n, 1))
		}
		// Membership (2), the device and its recalls (2), the log's length (and the entry); two
		// writes.
		fn append_log() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(7, 2))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimated_weights!(T::DbWeight);
}

impl WeightInfo for () {
	estimated_weights!(RocksDbWeight);
}
