//! `GET /metadata`: the CapabilityStatement of exactly what the facade serves. Each resource
//! type's interactions and search parameters here are those [`crate::http`] routes.

use serde_json::{json, Value};

/// When this statement last changed (FHIR's `CapabilityStatement.date`).
const CHANGED: &str = "2026-12-07";

fn search_param(resource: &str, name: &str, kind: &str, documentation: &str) -> Value {
	let mut param = json!({ "name": name, "type": kind, "documentation": documentation });
	// HL7's definition, where ours is HL7's: R5 shares `patient` and `date` across resources;
	// medchain's own `device`, and `date` on when a report was filed (HL7's is when the event
	// occurred, which the chain does not keep), have none.
	let definition = match (resource, name) {
		(_, "_id") => Some("http://hl7.org/fhir/SearchParameter/Resource-id".to_string()),
		("AdverseEvent" | "DetectedIssue", "device") | ("AdverseEvent", "date") => None,
		(_, "patient" | "date") => {
			Some(format!("http://hl7.org/fhir/SearchParameter/clinical-{name}"))
		},
		_ => Some(format!("http://hl7.org/fhir/SearchParameter/{resource}-{name}")),
	};
	if let Some(definition) = definition {
		param["definition"] = json!(definition);
	}
	param
}

fn resource(kind: &str, create: bool, params: Vec<Value>, documentation: &str) -> Value {
	let mut interactions = vec![json!({ "code": "read" }), json!({ "code": "search-type" })];
	if create {
		interactions.push(json!({ "code": "create" }));
	}
	json!({
		"type": kind,
		"profile": format!("http://hl7.org/fhir/StructureDefinition/{kind}"),
		"documentation": documentation,
		"interaction": interactions,
		"searchParam": params,
	})
}

const PATIENT: &str = "The patient's account: its SS58 address (or `Patient/ADDRESS`).";
const PAGED: &str = "Searches page with `_count` (at most 100) and a `next` link.";

/// The statement, for a facade reached at `base`.
pub fn statement(base: &str) -> Value {
	let device = resource(
		"Device",
		true,
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
			search_param(
				"Device",
				"organization",
				"reference",
				"The member holding the devices now (`Organization/ID`, the owner), paged.",
			),
		],
		"Registered devices, from the device registry: UDI, type, model, version, status, \
		 availability, operating mode, custodian (owner) and location, working hours and \
		 cycles, lifecycle state (recalled included). No patient. Create registers a device, \
		 signed with the account the facade holds for its owner (docs/fhir.md).",
	);
	let adverse_event = resource(
		"AdverseEvent",
		true,
		vec![
			search_param("AdverseEvent", "_id", "token", "The report's id on chain."),
			search_param(
				"AdverseEvent",
				"device",
				"reference",
				"medchain's: the suspect device (`Device/ID`), whose reports are listed.",
			),
			search_param(
				"AdverseEvent",
				"status",
				"token",
				"in-progress, completed or entered-in-error; alone, the chain's lists by \
				 investigation status.",
			),
			search_param(
				"AdverseEvent",
				"date",
				"date",
				"When it was reported (recordedDate); alone, the reports in the order of filing \
				 from the range's start.",
			),
		],
		"Adverse-event reports on devices and their investigation: the device as suspect \
		 entity, IMDRF codes, seriousness, when learned and reported, the reporter. No \
		 patient. Create files a report, signed with the account the facade holds for the \
		 reporting organisation (participant.actor).",
	);
	let consent = resource(
		"Consent",
		false,
		vec![
			search_param("Consent", "patient", "reference", PATIENT),
			search_param("Consent", "status", "token", "active, inactive or draft."),
		],
		"A patient's grants (active while in force) and the requests waiting for them (draft).",
	);
	let audit_event = resource(
		"AuditEvent",
		false,
		vec![
			search_param("AuditEvent", "patient", "reference", PATIENT),
			search_param(
				"AuditEvent",
				"date",
				"date",
				"When the record was opened or the glass broken.",
			),
		],
		"A patient's audit trail: every opening of their records, then every break-glass \
		 access (DICOM 110127).",
	);
	let document_reference = resource(
		"DocumentReference",
		false,
		vec![
			search_param("DocumentReference", "patient", "reference", PATIENT),
			search_param(
				"DocumentReference",
				"category",
				"token",
				"The record's category: a FHIR resource type.",
			),
		],
		"Record pointers: category, author, store, version, the sealed content's CID and \
		 hash, and the store's vault URL where the facade knows it.",
	);
	let provenance = resource(
		"Provenance",
		false,
		vec![search_param(
			"Provenance",
			"target",
			"reference",
			"The device (`Device/ID`) whose trail to list.",
		)],
		"A device's or an order's hash-linked trail, one Provenance per link, oldest first.",
	);
	let supply_request = resource(
		"SupplyRequest",
		false,
		vec![
			search_param(
				"SupplyRequest",
				"requester",
				"reference",
				"The ordering hospital (`Organization/ID`), whose orders are listed.",
			),
			search_param(
				"SupplyRequest",
				"supplier",
				"reference",
				"The manufacturer (`Organization/ID`), whose orders are listed.",
			),
			search_param("SupplyRequest", "status", "token", "active, completed or cancelled."),
		],
		"Hospitals' orders of devices: the model (UDI-DI), quantity, requester, supplier, \
		 when placed, the stage on chain. Their stages are Provenance (target=SupplyRequest/ID).",
	);
	let detected_issue = resource(
		"DetectedIssue",
		false,
		vec![
			search_param("DetectedIssue", "_id", "token", "The recall's id on chain."),
			search_param(
				"DetectedIssue",
				"device",
				"reference",
				"A device (`Device/ID`): the recall in force over it, if any.",
			),
			search_param(
				"DetectedIssue",
				"status",
				"token",
				"preliminary (awaiting approval), final (in force, or replaced by a later recall \
				 of the model) or entered-in-error (dismissed or withdrawn).",
			),
		],
		"Recalls: the reason, the adverse event that prompted it, the scope (lots, or a model's \
		 production up to a time), the issuer, the approvals that put it in force, a dismissal \
		 or withdrawal.",
	);
	let organization = resource(
		"Organization",
		false,
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
			"documentation": format!("Every answer is the chain's finalised state at the moment of the request; a create answers once its block is final. {PAGED}"),
			"resource": [device, adverse_event, consent, audit_event, document_reference, provenance, organization, supply_request, detected_issue]
		}]
	})
}
