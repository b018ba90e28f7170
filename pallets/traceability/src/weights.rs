//! Weights of the traceability pallet's calls.
//!
//! Until the benchmark issue generates this file with frame-benchmarking, each weight is an
//! estimate: the storage reads and writes the call makes at worst (counted from the code, at
//! the runtime's `DbWeight`) plus a fixed execution cost of 25 µs, and per device of an order
//! the registry's own work (its transition weight: up to two per shipped device).

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of this pallet.
pub trait WeightInfo {
	fn place_order() -> Weight;
	fn stage() -> Weight;
	fn record_production(devices: u32) -> Weight;
	fn decide_order(devices: u32) -> Weight;
	fn ship_order(devices: u32) -> Weight;
	fn deliver_order(devices: u32) -> Weight;
	fn install_order(devices: u32) -> Weight;
	fn record_after_sales(devices: u32) -> Weight;
	fn record_use() -> Weight;
	fn report_adverse_event() -> Weight;
	fn advance_investigation() -> Weight;
	fn issue_recall() -> Weight;
	fn decide_recall() -> Weight;
}

const CALL_BASE: Weight = Weight::from_parts(25_000_000, 4_000);
const PER_DEVICE: Weight = Weight::from_parts(10_000_000, 1_000);

/// Estimated weights at the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);

macro_rules! estimated_weights {
	($db:ty) => {
		// Membership (2), the manufacturer, the id, the trail head; writes the id, the order,
		// the trail link and head.
		fn place_order() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(5, 4))
		}
		// Membership (2), the order, the trail head; writes the order, the link and head.
		fn stage() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(4, 3))
		}
		// Per device: the device, its recalls (2), its order link, its trail head; writes the
		// order link, a trail link and head.
		fn record_production(devices: u32) -> Weight {
			let n = u64::from(devices);
			Self::stage()
				.saturating_add(PER_DEVICE.saturating_mul(n))
				.saturating_add(<$db>::get().reads_writes(5 * n, 3 * n))
		}
		// Per device: its trail head; writes a trail link and head.
		fn decide_order(devices: u32) -> Weight {
			let n = u64::from(devices);
			Self::stage()
				.saturating_add(PER_DEVICE.saturating_mul(n))
				.saturating_add(<$db>::get().reads_writes(n, 2 * n))
		}
		// Per device: the registry's release and dispatch (each 11 reads, 6 writes).
		fn ship_order(devices: u32) -> Weight {
			let n = u64::from(devices);
			Self::stage()
				.saturating_add(PER_DEVICE.saturating_mul(2 * n))
				.saturating_add(<$db>::get().reads_writes(22 * n, 12 * n))
		}
		// Per device: the registry's install.
		fn deliver_order(devices: u32) -> Weight {
			let n = u64::from(devices);
			Self::stage()
				.saturating_add(PER_DEVICE.saturating_mul(n))
				.saturating_add(<$db>::get().reads_writes(11 * n, 6 * n))
		}
		// Per device: the registry's put-in-service.
		fn install_order(devices: u32) -> Weight {
			Self::deliver_order(devices)
		}
		fn record_after_sales(devices: u32) -> Weight {
			Self::decide_order(devices)
		}
		// Membership (2), the device and its recalls (3), the patient, the implant, the use,
		// the trail head; writes the implant, the use, the patient index, the link and head.
		fn record_use() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(9, 5))
		}
		// Membership (3), the device, the id, the counts, the trail head; writes the id, the
		// report, the counts, the link and head.
		fn report_adverse_event() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(7, 5))
		}
		// Membership (2), the report, the counts; writes the report and the counts.
		fn advance_investigation() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(4, 2))
		}
		// Membership (2), the first device in scope and its record, the report, the id, the
		// recall index; writes the id, the recall, the index.
		fn issue_recall() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(7, 3))
		}
		// Membership (2), the recall, the index; writes the recall and the index.
		fn decide_recall() -> Weight {
			CALL_BASE.saturating_add(<$db>::get().reads_writes(4, 2))
		}
	};
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	estimated_weights!(T::DbWeight);
}

impl WeightInfo for () {
	estimated_weights!(RocksDbWeight);
}
