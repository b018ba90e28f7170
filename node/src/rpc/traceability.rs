//! `medchain_*` JSON-RPC methods over the traceability pallet's runtime API: orders and their
//! trails, a device's trail, a device's uses by pseudonym, recalls and their scope, adverse
//! events and their yearly counts, and the lists: orders by organisation and by stage,
//! adverse events by status and by time of filing, recalls by status. Codes, identifiers and CIDs come out as text, hashes as
//! hex, accounts as SS58. Each takes an optional block hash (`at`). docs/rpc.md documents
//! them.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medchain_runtime::{opaque::Block, AccountId};
use pallet_traceability_runtime_api::{
	AdverseEvent, AdverseEventId, AffectedDevice, DeviceEvent, DeviceId, InvestigationStatus,
	Moment, Order, OrderId, OrderStage, OrderStatus, OrgId, PseudonymousUse, Recall, RecallId,
	RecallStatus, ReportCounts, ReportSource, Seriousness, TraceabilityApi, TrailLink,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

use super::{at_or_best, page_limit, runtime_error};

type Hash = <Block as BlockT>::Hash;

/// An order with the devices produced for it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct OrderView {
	/// The order's id.
	pub id: OrderId,
	/// The order.
	#[serde(flatten)]
	pub order: Order,
	/// The devices produced for it.
	pub devices: Vec<DeviceId>,
}

/// An order with its id, as the lists give it (without its devices: `medchain_order` has
/// them).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct OrderEntry {
	/// The order's id.
	pub id: OrderId,
	/// The order.
	#[serde(flatten)]
	pub order: Order,
}

/// One link of a trail, with its index.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct LinkView<Entry> {
	/// Its index in the trail.
	pub index: u32,
	/// The link.
	#[serde(flatten)]
	pub link: TrailLink<Entry, AccountId>,
}

fn links<Entry>(links: Vec<(u32, TrailLink<Entry, AccountId>)>) -> Vec<LinkView<Entry>> {
	links.into_iter().map(|(index, link)| LinkView { index, link }).collect()
}

/// A device's trail: the order it was produced for, the recall in force on it, and a page
/// of its links.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct TraceView {
	/// The device.
	pub device: DeviceId,
	/// The order it was produced for.
	pub order: Option<OrderId>,
	/// The recall in force on its lot or model.
	pub recall: Option<RecallId>,
	/// The links of this page.
	pub links: Vec<LinkView<DeviceEvent>>,
}

/// A recall with its id.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct RecallView {
	/// The recall's id.
	pub id: RecallId,
	/// The recall.
	#[serde(flatten)]
	pub recall: Recall<AccountId>,
}

/// An adverse-event report with its id.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct AdverseEventView {
	/// The report's id.
	pub id: AdverseEventId,
	/// The report.
	#[serde(flatten)]
	pub event: AdverseEvent<AccountId>,
}

/// Report counts of one source and seriousness.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct StatsRow {
	/// Who reported.
	pub source: ReportSource,
	/// How serious.
	pub seriousness: Seriousness,
	/// The counts.
	#[serde(flatten)]
	pub counts: ReportCounts,
}

/// Traceability queries.
#[rpc(server, namespace = "medchain")]
pub trait TraceabilityRpc<BlockHash> {
	/// An order with its devices, or null.
	#[method(name = "order")]
	fn order(&self, order: OrderId, at: Option<BlockHash>) -> RpcResult<Option<OrderView>>;

	/// One page of an order's trail from index `start` (default 0).
	#[method(name = "orderTrail")]
	fn order_trail(
		&self,
		order: OrderId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LinkView<OrderStage>>>;

	/// One page of a device's trail from index `start` (default 0), with its order and the
	/// recall in force on it.
	#[method(name = "trace")]
	fn trace(
		&self,
		device: DeviceId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<TraceView>;

	/// One page of a device's uses by pseudonym, after the pseudonym `startAfter` (hex):
	/// each hospital resolves its own pseudonyms; nobody else can.
	#[method(name = "deviceUses")]
	fn device_uses(
		&self,
		device: DeviceId,
		start_after: Option<H256>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<PseudonymousUse>>;

	/// A recall, or null.
	#[method(name = "recall")]
	fn recall(&self, recall: RecallId, at: Option<BlockHash>) -> RpcResult<Option<RecallView>>;

	/// One page of the devices a recall reaches, after `startAfter`: custodian, state, and
	/// the pseudonyms each was used under.
	#[method(name = "recallScope")]
	fn recall_scope(
		&self,
		recall: RecallId,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<AffectedDevice>>;

	/// An adverse-event report, or null.
	#[method(name = "adverseEvent")]
	fn adverse_event(
		&self,
		event: AdverseEventId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AdverseEventView>>;

	/// One page of a year's report counts by source and seriousness, after `startAfter`
	/// (a `[source, seriousness]` pair).
	#[method(name = "adverseEventStats")]
	fn adverse_event_stats(
		&self,
		year: u16,
		start_after: Option<(ReportSource, Seriousness)>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<StatsRow>>;

	/// One page of the orders organisation `org` placed or makes, after `startAfter`.
	#[method(name = "ordersOf")]
	fn orders_of(
		&self,
		org: OrgId,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<OrderEntry>>;

	/// One page of the orders at stage `status` (e.g. `"Produced"`: awaiting approval),
	/// after `startAfter`.
	#[method(name = "ordersByStatus")]
	fn orders_by_status(
		&self,
		status: OrderStatus,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<OrderEntry>>;

	/// One page of the adverse-event reports whose investigation is at `status`, after
	/// `startAfter`.
	#[method(name = "adverseEventsByStatus")]
	fn adverse_events_by_status(
		&self,
		status: InvestigationStatus,
		start_after: Option<AdverseEventId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<AdverseEventView>>;

	/// One page of the adverse-event reports in the order they were filed, from the first
	/// filed at or after `from` (ms since the Unix epoch; default 0), after `startAfter`.
	#[method(name = "adverseEventsFrom")]
	fn adverse_events_from(
		&self,
		from: Option<Moment>,
		start_after: Option<AdverseEventId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<AdverseEventView>>;

	/// One page of the recalls in `status` (`"Confirmed"`: in force), after `startAfter`.
	#[method(name = "recallsByStatus")]
	fn recalls_by_status(
		&self,
		status: RecallStatus,
		start_after: Option<RecallId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<RecallView>>;
}

fn order_entries(page: Vec<(OrderId, Order)>) -> Vec<OrderEntry> {
	page.into_iter().map(|(id, order)| OrderEntry { id, order }).collect()
}

fn event_views(page: Vec<(AdverseEventId, AdverseEvent<AccountId>)>) -> Vec<AdverseEventView> {
	page.into_iter().map(|(id, event)| AdverseEventView { id, event }).collect()
}

/// The server side of [`TraceabilityRpcServer`].
pub struct Traceability<C, B> {
	client: Arc<C>,
	_block: PhantomData<B>,
}

impl<C, B> Traceability<C, B> {
	/// The methods, answering from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C> TraceabilityRpcServer<Hash> for Traceability<C, Block>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: TraceabilityApi<Block, AccountId>,
{
	fn order(&self, order: OrderId, at: Option<Hash>) -> RpcResult<Option<OrderView>> {
		let at = at_or_best(&*self.client, at);
		let found = self.client.runtime_api().order(at, order).map_err(runtime_error)?;
		Ok(found.map(|(o, devices)| OrderView { id: order, order: o, devices }))
	}

	fn order_trail(
		&self,
		order: OrderId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<LinkView<OrderStage>>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.order_trail(at, order, start.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		Ok(links(page))
	}

	fn trace(
		&self,
		device: DeviceId,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<TraceView> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let (order, recall, page) = self
			.client
			.runtime_api()
			.trace(at, device, start.unwrap_or(0), limit)
			.map_err(runtime_error)?;
		Ok(TraceView { device, order, recall, links: links(page) })
	}

	fn device_uses(
		&self,
		device: DeviceId,
		start_after: Option<H256>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<PseudonymousUse>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		self.client
			.runtime_api()
			.device_uses(at, device, start_after.map(|p| p.0), limit)
			.map_err(runtime_error)
	}

	fn recall(&self, recall: RecallId, at: Option<Hash>) -> RpcResult<Option<RecallView>> {
		let at = at_or_best(&*self.client, at);
		let found = self.client.runtime_api().recall(at, recall).map_err(runtime_error)?;
		Ok(found.map(|r| RecallView { id: recall, recall: r }))
	}

	fn recall_scope(
		&self,
		recall: RecallId,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<AffectedDevice>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		self.client
			.runtime_api()
			.recall_scope(at, recall, start_after, limit)
			.map_err(runtime_error)
	}

	fn adverse_event(
		&self,
		event: AdverseEventId,
		at: Option<Hash>,
	) -> RpcResult<Option<AdverseEventView>> {
		let at = at_or_best(&*self.client, at);
		let found = self.client.runtime_api().adverse_event(at, event).map_err(runtime_error)?;
		Ok(found.map(|e| AdverseEventView { id: event, event: e }))
	}

	fn adverse_event_stats(
		&self,
		year: u16,
		start_after: Option<(ReportSource, Seriousness)>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<StatsRow>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.adverse_event_stats(at, year, start_after, limit)
			.map_err(runtime_error)?;
		Ok(page
			.into_iter()
			.map(|((source, seriousness), counts)| StatsRow { source, seriousness, counts })
			.collect())
	}

	fn orders_of(
		&self,
		org: OrgId,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<OrderEntry>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let page = self.client.runtime_api().orders_of(at, org, start_after, limit);
		Ok(order_entries(page.map_err(runtime_error)?))
	}

	fn orders_by_status(
		&self,
		status: OrderStatus,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<OrderEntry>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let page = self.client.runtime_api().orders_by_status(at, status, start_after, limit);
		Ok(order_entries(page.map_err(runtime_error)?))
	}

	fn adverse_events_by_status(
		&self,
		status: InvestigationStatus,
		start_after: Option<AdverseEventId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<AdverseEventView>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		let page = api.adverse_events_by_status(at, status, start_after, limit);
		Ok(event_views(page.map_err(runtime_error)?))
	}

	fn adverse_events_from(
		&self,
		from: Option<Moment>,
		start_after: Option<AdverseEventId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<AdverseEventView>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		let page = api.adverse_events_from(at, from.unwrap_or(0), start_after, limit);
		Ok(event_views(page.map_err(runtime_error)?))
	}

	fn recalls_by_status(
		&self,
		status: RecallStatus,
		start_after: Option<RecallId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RecallView>> {
		let limit = page_limit(limit)?;
		let at = at_or_best(&*self.client, at);
		let page = self.client.runtime_api().recalls_by_status(at, status, start_after, limit);
		let page = page.map_err(runtime_error)?;
		Ok(page.into_iter().map(|(id, recall)| RecallView { id, recall }).collect())
	}
}
