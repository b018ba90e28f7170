//! `Provenance`: a device's or an order's hash-linked trail (docs/traceability.md), one
//! Provenance per link: what happened, who did it for which member, when, and the link before
//! it by its hash. A use on a patient names the hospital and the clinician, never the
//! patient.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::pallet_traceability::types::{
			AfterSalesKind, DeviceEvent, OrderStage, PatientUse, TrailLink,
		},
	},
	AccountId,
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	device::lifecycle,
	elements::{account, extension, instant, member, person, text},
	http::{fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
};

/// The code system of a device trail's entries.
pub const DEVICE_EVENT_SYSTEM: &str = "urn:medchain:device-event";
/// The code system of an order trail's entries.
pub const ORDER_STAGE_SYSTEM: &str = "urn:medchain:order-stage";
/// The identifier system of a trail link's hash (hex).
pub const TRAIL_LINK_SYSTEM: &str = "urn:medchain:trail-link";

/// The entry's code, and what it says in words.
fn activity(event: &DeviceEvent) -> (&'static str, String) {
	match event {
		DeviceEvent::Registered { manufacturer } => {
			("registered", format!("registered by Organization/{manufacturer}"))
		},
		DeviceEvent::Lifecycle { from, to } => {
			("lifecycle", format!("from {} to {}", lifecycle(from), lifecycle(to)))
		},
		DeviceEvent::Custody { from, to } => {
			("custody", format!("from Organization/{from} to Organization/{to}"))
		},
		DeviceEvent::Produced { order } => ("produced", format!("produced for order {order}")),
		DeviceEvent::RegulatorDecision { order, approved } => (
			"regulator-decision",
			format!("order {order} {}", if *approved { "approved" } else { "rejected" }),
		),
		DeviceEvent::UsedOn { usage } => {
			let usage = match usage {
				PatientUse::Implant => "implant",
				PatientUse::Explant => "explant",
				PatientUse::Procedure => "procedure",
			};
			("used-on", format!("used on a patient: {usage}"))
		},
		DeviceEvent::AdverseEventReported { event } => {
			("adverse-event-reported", format!("AdverseEvent/{event} reported"))
		},
		DeviceEvent::AfterSales { order, kind } => {
			("after-sales", format!("{} under order {order}", after_sales(kind)))
		},
	}
}

fn after_sales(kind: &AfterSalesKind) -> &'static str {
	match kind {
		AfterSalesKind::ServiceVisit => "service visit",
		AfterSalesKind::SoftwareUpdate => "software update",
		AfterSalesKind::Training => "training",
		AfterSalesKind::Complaint => "complaint",
		AfterSalesKind::Return => "return",
	}
}

/// An order stage's code, and what it says in words.
fn stage(stage: &OrderStage) -> (&'static str, String) {
	match stage {
		OrderStage::Placed { manufacturer, di, quantity, custom } => {
			let custom = if *custom { ", made to a patient's parameters" } else { "" };
			let di = text(di);
			("placed", format!("{quantity} of {di} from Organization/{manufacturer}{custom}"))
		},
		OrderStage::ParametersSet { .. } => ("parameters-set", "parameters set".into()),
		OrderStage::MaterialsRecorded { materials } => {
			("materials-recorded", format!("{} materials recorded", materials.0.len()))
		},
		OrderStage::Produced { count } => ("produced", format!("{count} devices produced")),
		OrderStage::Approved { reason } => ("approved", format!("approved: {}", text(reason))),
		OrderStage::Rejected { reason } => ("rejected", format!("rejected: {}", text(reason))),
		OrderStage::Shipped { carrier } => {
			("shipped", format!("shipped by Organization/{carrier}"))
		},
		OrderStage::Delivered => ("delivered", "delivered".into()),
		OrderStage::Installed => ("installed", "installed".into()),
		OrderStage::AfterSales { kind, .. } => ("after-sales", after_sales(kind).into()),
	}
}

/// Link `n` of device `device`'s trail as a FHIR R5 `Provenance`.
pub fn resource(device: u64, n: u32, link: &TrailLink<DeviceEvent, AccountId>) -> Value {
	let mut sources = Vec::new();
	if let DeviceEvent::AdverseEventReported { event } = link.entry {
		sources.push(json!({ "reference": format!("AdverseEvent/{event}") }));
	}
	let id = format!("device-{device}-{n}");
	let target = format!("Device/{device}");
	provenance(id, target, (DEVICE_EVENT_SYSTEM, activity(&link.entry)), link, sources)
}

/// Link `n` of order `order`'s trail as a FHIR R5 `Provenance`.
pub fn order_resource(order: u64, n: u32, link: &TrailLink<OrderStage, AccountId>) -> Value {
	let id = format!("order-{order}-{n}");
	let target = format!("SupplyRequest/{order}");
	provenance(id, target, (ORDER_STAGE_SYSTEM, stage(&link.entry)), link, Vec::new())
}

/// A trail link as a `Provenance` of `target`, with its activity (code system, code, words)
/// and the resources it came from.
fn provenance<Entry>(
	id: String,
	target: String,
	(system, (code, text)): (&str, (&str, String)),
	link: &TrailLink<Entry, AccountId>,
	sources: Vec<Value>,
) -> Value {
	// Staff act for an organisation; a link without one is the unlinked account of the
	// spec-108 migration (docs/privacy.md), typed as nothing.
	let agent = match link.org {
		Some(org) => json!({ "who": person(&link.by, "Practitioner"), "onBehalfOf": member(org) }),
		None => json!({ "who": account(&link.by) }),
	};
	let mut resource = json!({
		"resourceType": "Provenance",
		"id": id,
		"extension": [extension("trail-link-hash", "String", json!(hex::encode(link.hash)))],
		"target": [{ "reference": target }],
		"occurredDateTime": instant(link.at),
		"recorded": instant(link.at),
		"activity": { "coding": [{ "system": system, "code": code }], "text": text },
		"agent": [agent],
	});
	let mut entities = Vec::new();
	if link.prev != [0; 32] {
		let previous = json!({ "system": TRAIL_LINK_SYSTEM, "value": hex::encode(link.prev) });
		entities.push(json!({ "role": "revision", "what": { "identifier": previous } }));
	}
	entities.extend(sources.into_iter().map(|what| json!({ "role": "source", "what": what })));
	if !entities.is_empty() {
		resource["entity"] = json!(entities);
	}
	resource
}

/// Whose trail: a device's or an order's.
#[derive(Clone, Copy)]
enum Trail {
	Device(u64),
	Order(u64),
}

impl Trail {
	/// The trail a reference names: `Device/ID` or `SupplyRequest/ID`.
	fn of(reference: &str) -> Option<Trail> {
		let (kind, id) = reference.split_once('/')?;
		let id = id.parse().ok()?;
		match kind {
			"Device" => Some(Trail::Device(id)),
			"SupplyRequest" => Some(Trail::Order(id)),
			_ => None,
		}
	}

	/// The trail a Provenance id (`device-{id}-{n}`, `order-{id}-{n}`) is in, and its link.
	fn of_link(id: &str) -> Option<(Trail, u32)> {
		let (kind, rest) = id.split_once('-')?;
		let (trail, n) = rest.split_once('-')?;
		let (trail, n) = (trail.parse().ok()?, n.parse().ok()?);
		match kind {
			"device" => Some((Trail::Device(trail), n)),
			"order" => Some((Trail::Order(trail), n)),
			_ => None,
		}
	}

	/// Up to `count` links of the trail from link `start`.
	async fn links(self, facade: &Facade, start: u32, count: u32) -> Result<Vec<Value>, FhirError> {
		facade
			.ask(|client| async move {
				let api = api::runtime_apis().traceability_api();
				Ok(match self {
					Trail::Device(device) => {
						let (_, _, links) = client.call(api.trace(device, start, count)).await?;
						links.iter().map(|(n, link)| resource(device, *n, link)).collect()
					},
					Trail::Order(order) => {
						let links = client.call(api.order_trail(order, start, count)).await?;
						links.iter().map(|(n, link)| order_resource(order, *n, link)).collect()
					},
				})
			})
			.await
	}
}

/// `GET /Provenance?target=Device/ID` or `target=SupplyRequest/ID`: the device's or the
/// order's trail, oldest first, paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["target", "_count", "_cursor"])?;
	let target = search.get("target").ok_or_else(|| {
		FhirError::not_supported(
			"target",
			"name the device or order whose trail to list: `target=Device/ID` or `target=SupplyRequest/ID`",
		)
	})?;
	let trail = Trail::of(target).ok_or_else(|| {
		FhirError::invalid(
			"target",
			format!("`{target}`: the trails served are devices' (`Device/ID`) and orders' (`SupplyRequest/ID`)"),
		)
	})?;
	let (count, start) = (search.count()?, search.number::<u32>("_cursor")?.unwrap_or(0));
	let resources = trail.links(&facade, start, count).await?;
	let next = (resources.len() == count as usize)
		.then(|| search.next(&(start.saturating_add(count)).to_string()));
	Ok(searchset(&facade, "Provenance", &search, Page { resources, next, total: None }))
}

/// `GET /Provenance/device-{device}-{n}` or `/Provenance/order-{order}-{n}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let Some((trail, n)) = Trail::of_link(&id) else { return Err(not_found("Provenance", &id)) };
	let found = trail.links(&facade, n, 1).await?.into_iter().find(|p| p["id"] == id.as_str());
	found.map(fhir).ok_or_else(|| not_found("Provenance", &id))
}
