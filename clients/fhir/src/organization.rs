//! `Organization`: a consortium member as FHIR R5 has it. The chain keeps a member's kind,
//! status and staff counts, not its name or address (docs/privacy.md): an Organization here
//! is identified by its id on chain, typed by its kind.

use medchain_client::api::runtime_types::{
	medchain_primitives::consortium::{OrganisationKind, OrganisationStatus},
	pallet_consortium::types::Organisation,
};
use serde_json::{json, Value};

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
