//! `DocumentReference`: a record's pointer as FHIR R5 has it (docs/records-and-consent.md).
//!
//! The record itself is ciphertext in its store's vault: the attachment names it by its CID
//! and content hash and, where the facade knows the store's vault, by the URL a reader asks
//! with a signed request (docs/vault.md). Erased records have no pointer and are not served.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::{
			medchain_primitives::records::RecordCategory,
			pallet_emr_pointers::types::{Record, RecordStatus},
		},
	},
	records, AccountId,
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	elements::{extension, instant, member, patient, person},
	http::{fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
};

/// The identifier system of a record's id on chain.
pub const RECORD_ID_SYSTEM: &str = "urn:medchain:record";
/// FHIR's resource types, which name a record's category.
const FHIR_TYPES: &str = "http://hl7.org/fhir/fhir-types";

const CATEGORIES: [(RecordCategory, &str); 10] = [
	(RecordCategory::DocumentReference, "DocumentReference"),
	(RecordCategory::DiagnosticReport, "DiagnosticReport"),
	(RecordCategory::Observation, "Observation"),
	(RecordCategory::MedicationRequest, "MedicationRequest"),
	(RecordCategory::ImagingStudy, "ImagingStudy"),
	(RecordCategory::Condition, "Condition"),
	(RecordCategory::Procedure, "Procedure"),
	(RecordCategory::AllergyIntolerance, "AllergyIntolerance"),
	(RecordCategory::Immunization, "Immunization"),
	(RecordCategory::CarePlan, "CarePlan"),
];

/// A record category's FHIR resource type.
pub fn category_code(category: &RecordCategory) -> &'static str {
	let index = match category {
		RecordCategory::DocumentReference => 0,
		RecordCategory::DiagnosticReport => 1,
		RecordCategory::Observation => 2,
		RecordCategory::MedicationRequest => 3,
		RecordCategory::ImagingStudy => 4,
		RecordCategory::Condition => 5,
		RecordCategory::Procedure => 6,
		RecordCategory::AllergyIntolerance => 7,
		RecordCategory::Immunization => 8,
		RecordCategory::CarePlan => 9,
	};
	CATEGORIES[index].1
}

/// Record `id` as a FHIR R5 `DocumentReference`; `vaults` are the stores' vault URLs the
/// facade knows.
pub fn resource(id: u64, record: &Record<AccountId>, vaults: &BTreeMap<u32, String>) -> Value {
	let status = match record.status {
		RecordStatus::Current => "current",
		RecordStatus::Superseded { .. } => "superseded",
	};
	let cid = records::cid_text(&record.cid.0).unwrap_or_else(|| hex::encode(&record.cid.0));
	let mut attachment = json!({
		"extension": [
			extension("cid", "String", json!(cid)),
			extension("content-hash", "String", json!(hex::encode(record.content_hash))),
		],
		"contentType": "application/octet-stream",
		"title": "medchain sealed record (docs/records-and-consent.md)",
	});
	if let Some(vault) = vaults.get(&record.store) {
		attachment["url"] = json!(format!("{vault}/v1/records/{id}"));
	}
	let mut author = vec![match record.author_org {
		Some(_) => person(&record.author, "Practitioner"),
		None => patient(&record.author),
	}];
	author.extend(record.author_org.map(member));
	let mut resource = json!({
		"resourceType": "DocumentReference",
		"id": id.to_string(),
		"identifier": [{ "system": RECORD_ID_SYSTEM, "value": id.to_string() }],
		"version": record.version.to_string(),
		"status": status,
		"category": [{ "coding": [{ "system": FHIR_TYPES, "code": category_code(&record.category) }] }],
		"subject": patient(&record.patient),
		"date": instant(record.created_at),
		"author": author,
		"custodian": member(record.store),
		"content": [{ "attachment": attachment }],
	});
	if let Some(previous) = record.previous {
		resource["relatesTo"] = json!([{
			"code": { "coding": [{ "system": "http://hl7.org/fhir/document-relationship-type", "code": "replaces" }] },
			"target": { "reference": format!("DocumentReference/{previous}") }
		}]);
	}
	resource
}

/// `GET /DocumentReference/{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let found = match id.parse::<u64>() {
		Ok(number) => facade
			.ask(
				|client| async move { client.call(api::runtime_apis().emr_api().record(number)).await },
			)
			.await?
			.map(|record| resource(number, &record, facade.vaults())),
		Err(_) => None,
	};
	found.map(fhir).ok_or_else(|| not_found("DocumentReference", &id))
}

/// `GET /DocumentReference?patient=ADDRESS[&category=TYPE]`: the patient's current records,
/// paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["patient", "category", "_count", "_cursor"])?;
	let (subject, count) = (search.patient()?, search.count()?);
	let category = search.get("category").map(category).transpose()?;
	let after = search.number::<u64>("_cursor")?;
	let found = facade
		.ask(|client| async move {
			let api = api::runtime_apis().emr_api();
			// Listed as the patient sees them: every current record.
			client.call(api.records_of(subject, subject, category, after, count)).await
		})
		.await?;
	let full = found.len() == count as usize;
	let next = found.last().filter(|_| full).map(|(last, _)| search.next(&last.to_string()));
	let resources =
		found.iter().map(|(id, record)| resource(*id, record, facade.vaults())).collect();
	Ok(searchset(&facade, "DocumentReference", &search, Page { resources, next, total: None }))
}

/// A `category` search value: a FHIR resource type, with or without its system.
fn category(value: &str) -> Result<RecordCategory, FhirError> {
	let code = value.strip_prefix(FHIR_TYPES).and_then(|v| v.strip_prefix('|')).unwrap_or(value);
	CATEGORIES.into_iter().find(|(_, name)| *name == code).map(|(category, _)| category).ok_or_else(
		|| {
			let names: Vec<&str> = CATEGORIES.iter().map(|(_, name)| *name).collect();
			FhirError::invalid("category", format!("`{value}` is none of {}", names.join(", ")))
		},
	)
}
