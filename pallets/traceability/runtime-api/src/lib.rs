//! Runtime API of the traceability pallet: what the node's `medchain_order`,
//! `medchain_orderTrail`, `medchain_trace`, `medchain_deviceUses`, `medchain_recall`,
//! `medchain_recallScope`, `medchain_adverseEvent`, `medchain_adverseEventStats`,
//! `medchain_ordersOf`, `medchain_ordersByStatus`, `medchain_adverseEventsByStatus`,
//! `medchain_adverseEventsFrom` and `medchain_recallsByStatus` JSON-RPC methods answer from
//! (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use medchain_primitives::devices::DeviceId;
pub use medchain_primitives::{Moment, OrgId};
pub use pallet_traceability::{
	AdverseEvent, AdverseEventId, AffectedDevice, DeviceEvent, DeviceTrailLink, DeviceUse,
	InvestigationStatus, Order, OrderId, OrderStage, OrderStatus, OrderTrailLink, PseudonymousUse,
	Recall, RecallId, RecallStatus, ReportCounts, ReportSource, Seriousness, TrailLink,
	UsePseudonym,
};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

/// A page of a device's trail: the order it was produced for, the recall in force on it,
/// and the links with their indexes.
pub type DeviceTrace<AccountId> =
	(Option<OrderId>, Option<RecallId>, Vec<(u32, DeviceTrailLink<AccountId>)>);

sp_api::decl_runtime_apis! {
	/// Queries over orders, trails, uses, adverse events and recalls. Version 2: uses by
	/// pseudonym (`device_uses`), no query by patient. Version 3 (spec 117): the lists of
	/// orders by organisation and stage, adverse events by status and by time of filing,
	/// recalls by status. A page of an index (by organisation or status) comes in the
	/// index's order, not the ids'.
	#[api_version(3)]
	pub trait TraceabilityApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The order `order`, if placed, with the devices produced for it.
		fn order(order: OrderId) -> Option<(Order, Vec<DeviceId>)>;

		/// Up to `limit` (at most [`MAX_PAGE`]) stages of an order's trail from index `start`.
		fn order_trail(order: OrderId, start: u32, limit: u32) -> Vec<(u32, OrderTrailLink<AccountId>)>;

		/// Up to `limit` links of a device's trail from index `start`, with the order it was
		/// produced for and the recall in force on it, if any.
		fn trace(device: DeviceId, start: u32, limit: u32) -> DeviceTrace<AccountId>;

		/// Up to `limit` of a device's uses by pseudonym, after the pseudonym `start_after`.
		fn device_uses(device: DeviceId, start_after: Option<UsePseudonym>, limit: u32) -> Vec<PseudonymousUse>;

		/// The recall `recall`, if issued.
		fn recall(recall: RecallId) -> Option<Recall<AccountId>>;

		/// Up to `limit` devices in a recall's scope, after `start_after`, each with its
		/// custodian and the pseudonyms it was used under.
		fn recall_scope(recall: RecallId, start_after: Option<DeviceId>, limit: u32) -> Vec<AffectedDevice>;

		/// The adverse-event report `event`, if filed.
		fn adverse_event(event: AdverseEventId) -> Option<AdverseEvent<AccountId>>;

		/// Up to `limit` report counts of `year` by (source, seriousness), after `start_after`.
		fn adverse_event_stats(year: u16, start_after: Option<(ReportSource, Seriousness)>, limit: u32) -> Vec<((ReportSource, Seriousness), ReportCounts)>;

		/// Up to `limit` (at most [`MAX_PAGE`]) orders `org` placed (a hospital) or makes (a
		/// manufacturer), after `start_after`.
		#[api_version(3)]
		fn orders_of(org: OrgId, start_after: Option<OrderId>, limit: u32) -> Vec<(OrderId, Order)>;

		/// Up to `limit` orders at stage `status`, after `start_after`.
		#[api_version(3)]
		fn orders_by_status(status: OrderStatus, start_after: Option<OrderId>, limit: u32) -> Vec<(OrderId, Order)>;

		/// Up to `limit` adverse-event reports whose investigation is at `status`, after
		/// `start_after`.
		#[api_version(3)]
		fn adverse_events_by_status(status: InvestigationStatus, start_after: Option<AdverseEventId>, limit: u32) -> Vec<(AdverseEventId, AdverseEvent<AccountId>)>;

		/// Up to `limit` adverse-event reports in the order they were filed, from the first
		/// filed at or after `from` (milliseconds since the Unix epoch), after `start_after`
		/// if that is later.
		#[api_version(3)]
		fn adverse_events_from(from: Moment, start_after: Option<AdverseEventId>, limit: u32) -> Vec<(AdverseEventId, AdverseEvent<AccountId>)>;

		/// Up to `limit` recalls in `status` (`Confirmed`: in force), after `start_after`.
		#[api_version(3)]
		fn recalls_by_status(status: RecallStatus, start_after: Option<RecallId>, limit: u32) -> Vec<(RecallId, Recall<AccountId>)>;
	}
}
