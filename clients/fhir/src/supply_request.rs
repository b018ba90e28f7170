//! `SupplyRequest`: a hospital's order of devices from their manufacturer (docs/fhir.md).
//! The model ordered is the item, by its UDI-DI; the hospital is the requester and where it
//! is delivered, the manufacturer the supplier. The order's stages are its `Provenance`
//! (`target=SupplyRequest/ID`), and the stage it is at an extension beside FHIR's status.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::api::{
	self,
	runtime_types::pallet_traceability::types::{Order, OrderStatus},
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	device::udi_issuer,
	elements::{extension, instant, member, text},
	http::{fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
};

/// The identifier system of an order's id on chain.
pub const ORDER_ID_SYSTEM: &str = "urn:medchain:order";

/// The order's stage on chain (medchain's code, kebab-case), and FHIR's status for it: an
/// order is active until its devices are installed, cancelled if the regulator rejected it.
pub fn stage(status: &OrderStatus) -> (&'static str, &'static str) {
	match status {
		OrderStatus::Placed => ("placed", "active"),
		OrderStatus::ParametersSet => ("parameters-set", "active"),
		OrderStatus::MaterialsRecorded => ("materials-recorded", "active"),
		OrderStatus::Produced => ("produced", "active"),
		OrderStatus::Approved => ("approved", "active"),
		OrderStatus::Rejected => ("rejected", "cancelled"),
		OrderStatus::Shipped => ("shipped", "active"),
		OrderStatus::Delivered => ("delivered", "active"),
		OrderStatus::Installed => ("installed", "completed"),
	}
}

/// Order `id` as a FHIR R5 `SupplyRequest`.
pub fn resource(id: u64, order: &Order) -> Value {
	let (stage, status) = stage(&order.status);
	let di = text(&order.di);
	let mut extensions = vec![extension("order-stage", "Code", json!(stage))];
	if let Some(hash) = order.parameters {
		// The hash of the (salted) parameter document of a custom device.
		extensions.push(extension("parameters-hash", "String", json!(hex::encode(hash))));
	}
	let mut resource = json!({
		"resourceType": "SupplyRequest",
		"id": id.to_string(),
		"extension": extensions,
		"identifier": [{ "system": ORDER_ID_SYSTEM, "value": id.to_string() }],
		"status": status,
		"item": { "concept": {
			"coding": [{ "system": udi_issuer(&di), "code": di }],
			"text": format!("devices of model {di}"),
		} },
		"quantity": { "value": order.quantity },
		"authoredOn": instant(order.placed_at),
		"requester": member(order.hospital),
		"supplier": [member(order.manufacturer)],
		"deliverTo": member(order.hospital),
	});
	if order.custom {
		resource["parameter"] = json!([{
			"code": { "text": "made to a patient's parameters (kept off chain)" },
			"valueBoolean": true,
		}]);
	}
	resource
}

/// `GET /SupplyRequest/{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let Ok(order) = id.parse::<u64>() else { return Err(not_found("SupplyRequest", &id)) };
	let found = facade
		.ask(|client| async move {
			client.call(api::runtime_apis().traceability_api().order(order)).await
		})
		.await?;
	found
		.map(|(found, _)| fhir(resource(order, &found)))
		.ok_or_else(|| not_found("SupplyRequest", &id))
}

/// `GET /SupplyRequest?…`: the orders a member placed (`requester=Organization/ID`) or makes
/// (`supplier=Organization/ID`), narrowed by the other and by `status`; paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["requester", "supplier", "status", "_count", "_cursor"])?;
	let named = |name| search.reference::<u32>(name, "Organization", "a member");
	let (requester, supplier) = (named("requester")?, named("supplier")?);
	let status = search.get("status");
	const STATUSES: [&str; 3] = ["active", "completed", "cancelled"];
	if let Some(status) = status.filter(|status| !STATUSES.contains(status)) {
		return Err(FhirError::invalid(
			"status",
			format!("`{status}`: the orders' statuses are {}", STATUSES.join(", ")),
		));
	}
	let Some(org) = requester.or(supplier) else {
		return Err(FhirError::not_supported(
			"SupplyRequest",
			"name the member whose orders to list: `requester=Organization/ID` or `supplier=Organization/ID`",
		));
	};
	let (count, after) = (search.count()?, search.number::<u64>("_cursor")?);
	let orders = facade
		.ask(|client| async move {
			client.call(api::runtime_apis().traceability_api().orders_of(org, after, count)).await
		})
		.await?;
	let next = orders
		.last()
		.filter(|_| orders.len() == count as usize)
		.map(|(last, _)| search.next(&last.to_string()));
	let resources = orders
		.iter()
		.filter(|(_, order)| {
			requester.is_none_or(|r| order.hospital == r)
				&& supplier.is_none_or(|s| order.manufacturer == s)
				&& status.is_none_or(|s| stage(&order.status).1 == s)
		})
		.map(|(id, order)| resource(*id, order))
		.collect();
	Ok(searchset(&facade, "SupplyRequest", &search, Page { resources, next, total: None }))
}
