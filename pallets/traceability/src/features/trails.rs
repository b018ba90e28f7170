//! Hash-linked trails: each order's stages and each device's events, appended here and
//! checked link by link; the registry's hooks, which turn its moves into device events.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Up to `limit` links of an order's trail from index `start`.
	pub fn order_trail(
		order: OrderId,
		start: u32,
		limit: u32,
	) -> Vec<(u32, OrderTrailLink<T::AccountId>)> {
		let end = OrderTrailHead::<T>::get(order).length.min(start.saturating_add(limit));
		(start..end).filter_map(|i| OrderTrail::<T>::get(order, i).map(|l| (i, l))).collect()
	}

	/// Up to `limit` links of a device's trail from index `start`.
	pub fn trace(
		device: DeviceId,
		start: u32,
		limit: u32,
	) -> Vec<(u32, DeviceTrailLink<T::AccountId>)> {
		let end = DeviceTrailHead::<T>::get(device).length.min(start.saturating_add(limit));
		(start..end).filter_map(|i| DeviceTrail::<T>::get(device, i).map(|l| (i, l))).collect()
	}

	/// Whether an order's trail is intact: every link's `prev` is the hash before it, every
	/// hash is recomputed, and the head matches.
	pub fn order_trail_intact(order: OrderId) -> bool {
		let head = OrderTrailHead::<T>::get(order);
		chain_intact((0..head.length).map(|i| OrderTrail::<T>::get(order, i)), head)
	}

	/// Whether a device's trail is intact (as [`Self::order_trail_intact`]).
	pub fn device_trail_intact(device: DeviceId) -> bool {
		let head = DeviceTrailHead::<T>::get(device);
		chain_intact((0..head.length).map(|i| DeviceTrail::<T>::get(device, i)), head)
	}
	/// Appends a link to a device's trail.
	pub(crate) fn note_device(
		device: DeviceId,
		entry: DeviceEvent,
		by: &T::AccountId,
		org: Option<OrgId>,
	) {
		DeviceTrailHead::<T>::mutate(device, |head| {
			let link = Self::link(head, entry, by, org);
			head.hash = link.hash;
			DeviceTrail::<T>::insert(device, head.length, link);
			head.length.saturating_inc();
		});
	}

	/// Appends a stage to an order's trail, stores the order with its new status, and emits
	/// `OrderAdvanced`.
	pub(crate) fn advance(
		id: OrderId,
		mut order: Order,
		status: OrderStatus,
		stage: OrderStage,
		who: T::AccountId,
		org: OrgId,
	) {
		OrderTrailHead::<T>::mutate(id, |head| {
			let link = Self::link(head, stage, &who, Some(org));
			head.hash = link.hash;
			OrderTrail::<T>::insert(id, head.length, link);
			head.length.saturating_inc();
		});
		Self::refile::<OrdersByStatus<T>, _, _>(id, Some(order.status), status);
		order.status = status;
		Orders::<T>::insert(id, order);
		Self::deposit_event(Event::OrderAdvanced { order: id, status, by: who });
	}

	/// The link that follows `head`.
	pub(crate) fn link<Entry: Encode>(
		head: &TrailHead,
		entry: Entry,
		by: &T::AccountId,
		org: Option<OrgId>,
	) -> TrailLink<Entry, T::AccountId> {
		let at = Self::now();
		let hash = link_hash(&head.hash, &entry, by, &org, at);
		TrailLink { entry, by: by.clone(), org, at, prev: head.hash, hash }
	}
}

/// The hash of a trail link: BLAKE2-256 over `(prev, entry, by, org, at)`.
pub fn link_hash<Entry: Encode, AccountId: Encode>(
	prev: &LinkHash,
	entry: &Entry,
	by: &AccountId,
	org: &Option<OrgId>,
	at: Moment,
) -> LinkHash {
	BlakeTwo256::hash_of(&(prev, entry, by, org, at)).into()
}

/// Whether `links` (in order) form an unbroken chain ending at `head`.
fn chain_intact<Entry: Encode, AccountId: Encode>(
	links: impl Iterator<Item = Option<TrailLink<Entry, AccountId>>>,
	head: TrailHead,
) -> bool {
	let mut prev = LinkHash::default();
	for link in links {
		let Some(link) = link else { return false };
		if link.prev != prev
			|| link.hash != link_hash(&link.prev, &link.entry, &link.by, &link.org, link.at)
		{
			return false;
		}
		prev = link.hash;
	}
	prev == head.hash
}

/// The registry tells this pallet of every change to a device: each becomes a trail link.
impl<T: Config> OnDeviceEvent<T::AccountId> for Pallet<T> {
	fn registered(device: DeviceId, manufacturer: OrgId, by: &T::AccountId) {
		Self::note_device(device, DeviceEvent::Registered { manufacturer }, by, Some(manufacturer));
	}

	fn lifecycle_changing(
		device: DeviceId,
		from: Lifecycle,
		to: Lifecycle,
		by: &T::AccountId,
		org: OrgId,
	) -> DispatchResult {
		if to == Lifecycle::InTransit {
			ensure!(!ImplantedIn::<T>::contains_key(device), Error::<T>::DeviceImplanted);
		}
		if matches!(to, Lifecycle::Released | Lifecycle::InTransit) {
			if let Some(order) = DeviceOrder::<T>::get(device).and_then(Orders::<T>::get) {
				ensure!(
					matches!(
						order.status,
						OrderStatus::Approved
							| OrderStatus::Shipped
							| OrderStatus::Delivered
							| OrderStatus::Installed
					),
					Error::<T>::OrderNotApproved
				);
			}
		}
		Self::note_device(device, DeviceEvent::Lifecycle { from, to }, by, Some(org));
		Ok(())
	}

	fn custody_changed(device: DeviceId, from: OrgId, to: OrgId, by: &T::AccountId, org: OrgId) {
		Self::note_device(device, DeviceEvent::Custody { from, to }, by, Some(org));
	}
}
