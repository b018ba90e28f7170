//! `Provenance`: a device's hash-linked trail (docs/traceability.md), one Provenance per
//! link: what happened, who did it for which member, when, and the link before it by its
//! hash. A use on a patient names the hospital and the clinician, never the patient.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::pallet_traceability::types::{
			AfterSalesKind, DeviceEvent, PatientUse, TrailLink,
		},
	},
	AccountId,
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	device::lifecycle,
	elements::{account, extension, instant, member, person},
	http::{fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
};

/// The code system of a device trail's entries.
pub const DEVICE_EVENT_SYSTEM: &str = "urn:medchain:device-event";
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
			let kind = match kind {
				AfterSalesKind::ServiceVisit => "service visit",
				AfterSalesKind::SoftwareUpdate => "software update",
				AfterSalesKind::Training => "training",
				AfterSalesKind::Complaint => "complaint",
				AfterSalesKind::Return => "return",
			};
			("after-sales", format!("{kind} under order {order}"))
		},
	}
}

/// Link `n` of device `device`'s trail as a FHIR R5 `Provenance`.
pub fn resource(device: u64, n: u32, link: &TrailLink<DeviceEvent, AccountId>) -> Value {
	let (code, text) = activity(&link.entry);
	// Staff act for an organisation; a link without one is the unlinked account of the
	// spec-108 migration (docs/privacy.md), typed as nothing.
	let agent = match link.org {
		Some(org) => json!({ "who": person(&link.by, "Practitioner"), "onBehalfOf": member(org) }),
		None => json!({ "who": account(&link.by) }),
	};
	let mut resource = json!({
		"resourceType": "Provenance",
		"id": format!("device-{device}-{n}"),
		"extension": [extension("trail-link-hash", "String", json!(hex::encode(link.hash)))],
		"target": [{ "reference": format!("Device/{device}") }],
		"occurredDateTime": instant(link.at),
		"recorded": instant(link.at),
		"activity": { "coding": [{ "system": DEVICE_EVENT_SYSTEM, "code": code }], "text": text },
		"agent": [agent],
	});
	let mut entities = Vec::new();
	if link.prev != [0; 32] {
		let previous = json!({ "system": TRAIL_LINK_SYSTEM, "value": hex::encode(link.prev) });
		entities.push(json!({ "role": "revision", "what": { "identifier": previous } }));
	}
	if let DeviceEvent::AdverseEventReported { event } = link.entry {
		let what = json!({ "reference": format!("AdverseEvent/{event}") });
		entities.push(json!({ "role": "source", "what": what }));
	}
	if !entities.is_empty() {
		resource["entity"] = json!(entities);
	}
	resource
}

/// Up to `count` links of `device`'s trail from link `start`.
async fn links(
	facade: &Facade,
	device: u64,
	start: u32,
	count: u32,
) -> Result<Vec<Value>, FhirError> {
	let (_, _, links) = facade
		.ask(|client| async move {
			client.call(api::runtime_apis().traceability_api().trace(device, start, count)).await
		})
		.await?;
	Ok(links.iter().map(|(n, link)| resource(device, *n, link)).collect())
}

/// `GET /Provenance?target=Device/ID`: the device's trail, oldest first, paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["target", "_count", "_cursor"])?;
	let target = search.get("target").ok_or_else(|| {
		FhirError::not_supported(
			"target",
			"name the device whose trail to list: `target=Device/ID`",
		)
	})?;
	let device =
		target.strip_prefix("Device/").and_then(|id| id.parse::<u64>().ok()).ok_or_else(|| {
			FhirError::invalid(
				"target",
				format!("`{target}`: the trails served are devices' (`Device/ID`)"),
			)
		})?;
	let (count, start) = (search.count()?, search.number::<u32>("_cursor")?.unwrap_or(0));
	let resources = links(&facade, device, start, count).await?;
	let next = (resources.len() == count as usize)
		.then(|| search.next(&(start.saturating_add(count)).to_string()));
	Ok(searchset(&facade, "Provenance", &search, Page { resources, next, total: None }))
}

/// `GET /Provenance/device-{device}-{n}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let link = id.strip_prefix("device-").and_then(|rest| {
		let (device, n) = rest.split_once('-')?;
		Some((device.parse::<u64>().ok()?, n.parse::<u32>().ok()?))
	});
	let Some((device, n)) = link else { return Err(not_found("Provenance", &id)) };
	let found = links(&facade, device, n, 1).await?.into_iter().find(|p| p["id"] == id.as_str());
	found.map(fhir).ok_or_else(|| not_found("Provenance", &id))
}
