//! Runtime API of the traceability pallet: what the node's `medchain_order`,
//! `medchain_orderTrail`, `medchain_trace`, `medchain_devicesUsedOn`, `medchain_recall`,
//! `medchain_recallScope`, `medchain_adverseEvent` and `medchain_adverseEventStats` JSON-RPC
//! methods answer from (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_device_registry::DeviceId;
pub use pallet_traceability::{
	AdverseEvent, AdverseEventId, AffectedDevice, DeviceEvent, DeviceTrailLink, DeviceUse, Order,
	OrderId, OrderStage, OrderTrailLink, Recall, RecallId, ReportCounts, ReportSource, Seriousness,
	TrailLink,
};

/// The most entries one page returns.
pub const MAX_PAGE: u32 = 1_000;

/// A page of a device's trail: the order it was produced for, the recall in force on it,
/// and the links with their indexes.
pub type DeviceTrace<AccountId> =
	(Option<OrderId>, Option<RecallId>, Vec<(u32, DeviceTrailLink<AccountId>)>);

sp_api::decl_runtime_apis! {
	/// Queries over orders, trails, uses, adverse events and recalls.
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

		/// Up to `limit` devices used on `patient`, after `start_after`.
		fn devices_used_on(patient: AccountId, start_after: Option<DeviceId>, limit: u32) -> Vec<(DeviceId, DeviceUse)>;

		/// The recall `recall`, if issued.
		fn recall(recall: RecallId) -> Option<Recall<AccountId>>;

		/// Up to `limit` devices in a recall's scope, after `start_after`, each with its
		/// custodian and the patients it was used on.
		fn recall_scope(recall: RecallId, start_after: Option<DeviceId>, limit: u32) -> Vec<AffectedDevice<AccountId>>;

		/// The adverse-event report `event`, if filed.
		fn adverse_event(event: AdverseEventId) -> Option<AdverseEvent<AccountId>>;

		/// Up to `limit` report counts of `year` by (source, seriousness), after `start_after`.
		fn adverse_event_stats(year: u16, start_after: Option<(ReportSource, Seriousness)>, limit: u32) -> Vec<((ReportSource, Seriousness), ReportCounts)>;
	}
}
