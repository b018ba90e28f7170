//! `Organization`: a consortium member as FHIR R5 has it. The chain keeps a member's kind,
//! status and staff counts, not its name or address (docs/privacy.md): an Organization here
//! is identified by its id on chain, typed by its kind.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::api::{
	self,
	runtime_types::{
		medchain_primitives::consortium::{OrganisationKind, OrganisationStatus},
		pallet_consortium::types::Organisation,
	},
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	http::{fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
};

/// The identifier system of an organisation's id on chain.
pub const ORGANISATION_ID_SYSTEM: &str = "urn:medchain:organisation";
/// The code system of an organisation's kind in the consortium (docs/consortium.md).
pub const KIND_SYSTEM: &str = "urn:medchain:organisation-kind";

/// The kind's code in medchain's system and in FHIR's `organization-type`
/// (`http://terminology.hl7.org/CodeSystem/organization-type`).
fn kind(kind: &OrganisationKind) -> (&'static str, &'static str) {
	match kind {
		OrganisationKind::Hospital => ("hospital", "prov"),
		OrganisationKind::Manufacturer => ("manufacturer", "bus"),
		OrganisationKind::Supplier => ("supplier", "bus"),
		OrganisationKind::Logistics => ("logistics", "bus"),
		OrganisationKind::Regulator => ("regulator", "govt"),
		OrganisationKind::Laboratory => ("laboratory", "prov"),
		OrganisationKind::Pharmacy => ("pharmacy", "prov"),
	}
}

/// Member `id` as a FHIR R5 `Organization`.
pub fn resource(id: u32, organisation: &Organisation<u32>) -> Value {
	let (medchain, fhir) = kind(&organisation.kind);
	json!({
		"resourceType": "Organization",
		"id": id.to_string(),
		"identifier": [{ "system": ORGANISATION_ID_SYSTEM, "value": id.to_string() }],
		"active": matches!(organisation.status, OrganisationStatus::Active),
		"type": [{
			"coding": [
				{ "system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": fhir },
				{ "system": KIND_SYSTEM, "code": medchain }
			]
		}],
	})
}

/// `GET /Organization/{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let found = match id.parse::<u32>() {
		Ok(org) => facade
			.ask(|client| async move {
				client.call(api::runtime_apis().consortium_api().organisation(org)).await
			})
			.await?
			.map(|found| resource(org, &found)),
		Err(_) => None,
	};
	found.map(fhir).ok_or_else(|| not_found("Organization", &id))
}

/// `GET /Organization?…`: every member, or one by `_id`.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["_id"])?;
	let only = search.number::<u32>("_id")?;
	let members = facade
		.ask(|client| async move {
			client.call(api::runtime_apis().consortium_api().organisations()).await
		})
		.await?;
	let resources: Vec<Value> = members
		.iter()
		.filter(|(id, _)| only.is_none_or(|only| only == *id))
		.map(|(id, found)| resource(*id, found))
		.collect();
	let total = Some(resources.len() as u64);
	Ok(searchset(&facade, "Organization", &search, Page { resources, next: None, total }))
}
