//! The lists clients page through: orders by organisation and by stage, adverse events by
//! investigation status and by when they were reported, recalls by status. Each index is
//! written by the call that changes what it lists, through [`Pallet::refile`].

use crate::*;
use codec::FullCodec;
use frame_support::storage::StorageDoubleMap as DoubleMap;

/// The ids under `key` in `$map` after `start_after` (in the index's order).
macro_rules! ids_after {
	($map:ident, $key:expr, $start_after:expr) => {{
		let key = $key;
		match $start_after {
			Some(after) => {
				$map::<T>::iter_key_prefix_from(key, $map::<T>::hashed_key_for(key, after))
			},
			None => $map::<T>::iter_key_prefix(key),
		}
	}};
}

impl<T: Config> Pallet<T> {
	/// Moves `id` in the status index `Index` from `from` (none for a new entry) to `to`.
	pub(crate) fn refile<Index, Status, Id>(id: Id, from: Option<Status>, to: Status)
	where
		Index: DoubleMap<Status, Id, ()>,
		Status: FullCodec + PartialEq,
		Id: FullCodec + Clone,
	{
		if from.as_ref() == Some(&to) {
			return;
		}
		if let Some(from) = from {
			Index::remove(from, id.clone());
		}
		Index::insert(to, id, ());
	}

	/// Lists a new order under its hospital, its manufacturer and its status.
	pub(crate) fn list_order(id: OrderId, order: &Order) {
		OrdersOf::<T>::insert(order.hospital, id, ());
		OrdersOf::<T>::insert(order.manufacturer, id, ());
		Self::refile::<OrdersByStatus<T>, _, _>(id, None, order.status);
	}

	/// Up to `limit` orders `org` placed or makes, after the id `start_after`.
	pub fn orders_of(
		org: OrgId,
		start_after: Option<OrderId>,
		limit: u32,
	) -> Vec<(OrderId, Order)> {
		Self::page(ids_after!(OrdersOf, org, start_after), limit, Orders::<T>::get)
	}

	/// Up to `limit` orders at `status`, after the id `start_after`.
	pub fn orders_in(
		status: OrderStatus,
		start_after: Option<OrderId>,
		limit: u32,
	) -> Vec<(OrderId, Order)> {
		Self::page(ids_after!(OrdersByStatus, status, start_after), limit, Orders::<T>::get)
	}

	/// Up to `limit` adverse-event reports whose investigation is at `status`, after the id
	/// `start_after`.
	pub fn adverse_events_in(
		status: InvestigationStatus,
		start_after: Option<AdverseEventId>,
		limit: u32,
	) -> Vec<(AdverseEventId, AdverseEvent<T::AccountId>)> {
		let ids = ids_after!(AdverseEventsByStatus, status, start_after);
		Self::page(ids, limit, AdverseEvents::<T>::get)
	}

	/// Up to `limit` adverse-event reports in id order, which is the order they were filed:
	/// from the first reported at or after `from`, or after `start_after` if that is later.
	/// A client reading a period stops at the first report past its end.
	pub fn adverse_events_from(
		from: Moment,
		start_after: Option<AdverseEventId>,
		limit: u32,
	) -> Vec<(AdverseEventId, AdverseEvent<T::AccountId>)> {
		let next = NextAdverseEventId::<T>::get();
		let first = start_after.map_or(0, |after| after.saturating_add(1));
		let first = Self::first_reported_from(from, first, next);
		Self::page(first..next, limit, AdverseEvents::<T>::get)
	}

	/// Up to `limit` recalls in `status`, after the id `start_after`.
	pub fn recalls_in(
		status: RecallStatus,
		start_after: Option<RecallId>,
		limit: u32,
	) -> Vec<(RecallId, Recall<T::AccountId>)> {
		Self::page(ids_after!(RecallsByStatus, status, start_after), limit, Recalls::<T>::get)
	}

	/// The id of the first report in `low..high` filed at or after `from` (`high` if none
	/// was): ids are given in the order of filing and the chain's time never goes back, so a
	/// binary search over ids finds it in as many reads as the ids have bits.
	fn first_reported_from(
		from: Moment,
		mut low: AdverseEventId,
		mut high: AdverseEventId,
	) -> AdverseEventId {
		while low < high {
			let middle = low + (high - low) / 2;
			match AdverseEvents::<T>::get(middle) {
				Some(event) if event.reported_at >= from => high = middle,
				_ => low = middle + 1,
			}
		}
		low
	}

	/// The first `limit` of `ids` with what `read` finds for each.
	fn page<Id, Item>(
		ids: impl Iterator<Item = Id>,
		limit: u32,
		read: impl Fn(Id) -> Option<Item>,
	) -> Vec<(Id, Item)>
	where
		Id: Copy,
	{
		ids.take(limit as usize).filter_map(|id| read(id).map(|item| (id, item))).collect()
	}
}
