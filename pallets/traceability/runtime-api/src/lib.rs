//! Runtime API of the traceability pallet: what the node's `medchain_order`,
//! `medchain_orderTrail`, `medchain_trace`, `medchain_deviceUses`, `medchain_recall`,
//! `medchain_recallScope`, `medchain_adverseEvent` and `medchain_adverseEventStats` JSON-RPC
//! methods answer from (see docs/rpc.md).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use medchain_primitives::devices::DeviceId;
pub use pallet_traceability::{
	AdverseEvent, AdverseEventId, AffectedDevice, DeviceEvent, DeviceTrailLink, DeviceUse, Order,
	OrderId, OrderStage, OrderTrailLink, PseudonymousUse, Recall, RecallId, ReportCounts,
	ReportSource, Seriousness, TrailLink, UsePseudonym,
};

/// The most entries one page returns (the same for every medchain runtime API).
pub use medchain_primitives::MAX_PAGE;

/// A page of a device's trail: the order it was produced for, the recall in force on it,
/// and the links with their indexes.
pub type DeviceTrace<AccountId> =
	(Option<OrderId>, Option<RecallId>, Vec<(u32, DeviceTrailLink<AccountId>)>);

sp_api::decl_runtime_apis! {
	/// Queries over orders, trails, uses, adverse events and recalls. Version 2: uses by
	/// pseudonym (`device_uses`), no query by patient.
	#[api_version(2)]
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
	}
}
