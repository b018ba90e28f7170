//! `GET /metadata`: the CapabilityStatement of exactly what the facade serves. Each resource
//! type's interactions and search parameters here are those [`crate::http`] routes.

use serde_json::{json, Value};

/// When this statement last changed (FHIR's `CapabilityStatement.date`).
const CHANGED: &str = "2026-12-06";

fn search_param(resource: &str, name: &str, kind: &str, documentation: &str) -> Value {
	let definition = match name {
		"_id" => "http://hl7.org/fhir/SearchParameter/Resource-id".to_string(),
		_ => format!("http://hl7.org/fhir/SearchParameter/{resource}-{name}"),
	};
	json!({ "name": name, "definition": definition, "type": kind, "documentation": documentation })
}

fn resource(kind: &str, params: Vec<Value>, documentation: &str) -> Value {
	json!({
		"type": kind,
		"profile": format!("http://hl7.org/fhir/StructureDefinition/{kind}"),
		"documentation": documentation,
		"interaction": [{ "code": "read" }, { "code": "search-type" }],
		"searchParam": params,
	})
}

/// The statement, for a facade reached at `base`.
pub fn statement(base: &str) -> Value {
	let device = resource(
		"Device",
		vec![
			search_param("Device", "_id", "token", "The device's id on chain."),
			search_param(
				"Device",
				"identifier",
				"token",
				"`urn:medchain:device|ID`: the device's id on chain.",
			),
			search_param(
				"Device",
				"udi-di",
				"string",
				"The UDI-DI, exactly; with serial-number (and lot-number if the UDI carries \
				 one) for one device, or with lot-number for the lot's devices.",
			),
			search_param("Device", "serial-number", "string", "The UDI's serial, exactly."),
			search_param("Device", "lot-number", "string", "The UDI's lot, exactly."),
		],
		"Registered devices, from the device registry: UDI, type, model, version, status, \
		 availability, operating mode, custodian (owner) and location, working hours and \
		 cycles, lifecycle state (recalled included). No patient.",
	);
	let organization = resource(
		"Organization",
		vec![search_param("Organization", "_id", "token", "The member's id on chain.")],
		"The consortium's members: id, kind and whether active. Names and addresses are not \
		 on chain.",
	);
	json!({
		"resourceType": "CapabilityStatement",
		"status": "active",
		"date": CHANGED,
		"publisher": "medchain",
		"kind": "instance",
		"software": { "name": "medchain-fhir", "version": env!("CARGO_PKG_VERSION") },
		"implementation": {
			"description": "medchain's FHIR R5 facade: the chain's state, read through a member's node",
			"url": base
		},
		"fhirVersion": "5.0.0",
		"format": ["json"],
		"rest": [{
			"mode": "server",
			"documentation": "Read and search only; every answer is the chain's finalised state at the moment of the request. Searches page with `_count` (at most 100) and a `next` link.",
			"resource": [device, organization]
		}]
	})
}
