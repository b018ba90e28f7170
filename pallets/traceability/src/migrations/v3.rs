//! Version 2 → 3: the lists clients page through. Every order is listed under its hospital,
//! its manufacturer and its stage, every adverse-event report and every recall under its
//! status. Nothing stored changes shape; one block, a read and up to three writes an entry
//! (the consortium's chain holds thousands of each, not millions).

use super::*;
use crate::{AdverseEvents, AdverseEventsByStatus, Orders, Recalls, RecallsByStatus};
use frame_support::{traits::Get, weights::Weight};

/// Writes the version-3 lists from the orders, reports and recalls stored.
pub struct ListByStatus<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListByStatus<T> {
	fn on_runtime_upgrade() -> Weight {
		let (mut reads, mut writes) = (0u64, 0u64);
		for (id, order) in Orders::<T>::iter() {
			Pallet::<T>::list_order(id, &order);
			reads += 1;
			writes += 3;
		}
		for (id, event) in AdverseEvents::<T>::iter() {
			AdverseEventsByStatus::<T>::insert(event.status, id, ());
			reads += 1;
			writes += 1;
		}
		for (id, recall) in Recalls::<T>::iter() {
			RecallsByStatus::<T>::insert(recall.status, id, ());
			reads += 1;
			writes += 1;
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}

	/// Every order, report and recall is listed, and nothing else.
	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::try_lists()
	}
}
