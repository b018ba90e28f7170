//! `Consent`: a patient's grants, and the requests waiting for them, as FHIR R5 has them
//! (docs/records-and-consent.md maps the consent model).
//!
//! A grant is an active Consent while in force and inactive before or after; a request is a
//! draft. A revoked grant is deleted on chain, so it is no longer served (the patient's
//! consent history keeps it). Ids are the patient's address and the grant's (`-g{id}`) or
//! request's (`-r{id}`) id, since the chain keeps both under the patient.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::pallet_access_control::types::{
			AccessLevel, AccessRequest, Grant, Grantee, Purpose, Scope,
		},
	},
	AccountId,
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	document_reference::category_code,
	elements::{account, day, instant, member, patient},
	http::{fhir, not_found, patient_scoped, searchset, Facade, Search},
	outcome::FhirError,
};

/// The identifier system of a grant's id on chain.
pub const GRANT_ID_SYSTEM: &str = "urn:medchain:grant";
/// The identifier system of a request's id on chain.
pub const REQUEST_ID_SYSTEM: &str = "urn:medchain:access-request";

/// The HL7 v3 purpose-of-use code of a grant's purpose.
pub fn purpose_code(purpose: &Purpose) -> &'static str {
	match purpose {
		Purpose::Treatment => "TREAT",
		Purpose::EmergencyTreatment => "ETREAT",
		Purpose::CareManagement => "CAREMGT",
		Purpose::Payment => "HPAYMT",
		Purpose::Operations => "HOPERAT",
		Purpose::Research => "HRESCH",
		Purpose::PublicHealth => "PUBHLTH",
		Purpose::PatientRequest => "PATRQT",
	}
}

/// A purpose-of-use code as a Coding.
pub fn purpose(purpose: &str) -> Value {
	json!({ "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": purpose })
}

fn grantee(grantee: &Grantee<AccountId>) -> Value {
	match grantee {
		Grantee::Person(who) => account(who),
		Grantee::Organisation(org) => member(*org),
	}
}

/// What a grant or a request would allow.
struct Terms<'a> {
	grantee: &'a Grantee<AccountId>,
	scope: &'a Scope,
	access: &'a AccessLevel,
	purpose: &'a Purpose,
	from: Option<u64>,
	until: Option<u64>,
}

fn consent(id: String, subject: &AccountId, status: &str, date: u64, terms: Terms) -> Value {
	let mut period = json!({});
	if let Some(from) = terms.from {
		period["start"] = json!(instant(from));
	}
	if let Some(until) = terms.until {
		period["end"] = json!(instant(until));
	}
	let action = |code: &str| json!({ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": code }] });
	let mut actions = vec![action("access")];
	if matches!(terms.access, AccessLevel::ReadWrite) {
		// Adding records (or their new versions) to the patient's file.
		actions.push(action("correct"));
	}
	let recipient = json!({
		"role": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP" }] },
		"reference": grantee(terms.grantee),
	});
	let mut provision = json!({
		"actor": [recipient],
		"action": actions,
		"purpose": [purpose(purpose_code(terms.purpose))],
	});
	if period.as_object().is_some_and(|p| !p.is_empty()) {
		provision["period"] = period.clone();
	}
	if let Scope::Categories(categories) = terms.scope {
		let types: Vec<Value> = categories
			.0
			.iter()
			.map(
				|c| json!({ "system": "http://hl7.org/fhir/fhir-types", "code": category_code(c) }),
			)
			.collect();
		provision["resourceType"] = json!(types);
	}
	let mut resource = json!({
		"resourceType": "Consent",
		"id": id,
		"status": status,
		"category": [{ "coding": [{ "system": "http://loinc.org", "code": "59284-0" }] }],
		"subject": patient(subject),
		"date": day(date),
		"grantor": [patient(subject)],
		"grantee": [grantee(terms.grantee)],
		"decision": "permit",
		"provision": [provision],
	});
	if period.as_object().is_some_and(|p| !p.is_empty()) {
		resource["period"] = period;
	}
	resource
}

/// Grant `id` of `subject`, in force or not, as a FHIR R5 `Consent`.
pub fn of_grant(subject: &AccountId, id: u64, grant: &Grant<AccountId>, in_force: bool) -> Value {
	let terms = Terms {
		grantee: &grant.grantee,
		scope: &grant.scope,
		access: &grant.access,
		purpose: &grant.purpose,
		from: Some(grant.valid_from),
		until: grant.valid_until,
	};
	let status = if in_force { "active" } else { "inactive" };
	let mut resource =
		consent(format!("{subject}-g{id}"), subject, status, grant.granted_at, terms);
	resource["identifier"] = json!([{ "system": GRANT_ID_SYSTEM, "value": id.to_string() }]);
	resource
}

/// Request `id` to `subject` as a draft FHIR R5 `Consent`.
pub fn of_request(subject: &AccountId, id: u64, request: &AccessRequest<AccountId>) -> Value {
	let terms = Terms {
		grantee: &request.grantee,
		scope: &request.scope,
		access: &request.access,
		purpose: &request.purpose,
		from: None,
		until: request.valid_until,
	};
	let mut resource =
		consent(format!("{subject}-r{id}"), subject, "draft", request.requested_at, terms);
	resource["identifier"] = json!([{ "system": REQUEST_ID_SYSTEM, "value": id.to_string() }]);
	resource
}

/// Every grant and waiting request of `subject` (the chain bounds both per patient).
async fn of_patient(facade: &Facade, subject: AccountId) -> Result<Vec<Value>, FhirError> {
	let asked = subject;
	let (grants, requests) = facade
		.ask(|client| async move {
			let api = api::runtime_apis().access_control_api();
			let grants = client.call(api.grants_of(asked)).await?;
			let requests = client.call(api.requests_of(asked)).await?;
			Ok((grants, requests))
		})
		.await?;
	let grants =
		grants.iter().map(|(id, grant, in_force)| of_grant(&subject, *id, grant, *in_force));
	let requests = requests.iter().map(|(id, request)| of_request(&subject, *id, request));
	Ok(grants.chain(requests).collect())
}

/// `GET /Consent/{patient}-g{grant}` or `…-r{request}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let Some((subject, _)) = patient_scoped(&id) else { return Err(not_found("Consent", &id)) };
	let found = of_patient(&facade, subject).await?.into_iter().find(|c| c["id"] == id.as_str());
	found.map(fhir).ok_or_else(|| not_found("Consent", &id))
}

/// `GET /Consent?patient=ADDRESS[&status=…]`: the patient's grants and waiting requests.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["patient", "status"])?;
	let status = search.get("status");
	if let Some(status) = status {
		if !["active", "inactive", "draft"].contains(&status) {
			return Err(FhirError::invalid(
				"status",
				format!("`{status}`: these are served: active, inactive, draft"),
			));
		}
	}
	let consents = of_patient(&facade, search.patient()?).await?;
	let resources: Vec<Value> = consents
		.into_iter()
		.filter(|c| status.is_none_or(|status| c["status"] == status))
		.collect();
	let total = Some(resources.len() as u64);
	Ok(searchset(&facade, "Consent", &search, Page { resources, next: None, total }))
}
