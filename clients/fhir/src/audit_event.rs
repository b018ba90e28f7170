//! `AuditEvent`: a patient's audit trail, as FHIR R5 and the DICOM audit codes have it
//! (docs/records-and-consent.md).
//!
//! Two kinds of entries, listed in this order: every opening of one of the patient's
//! records (`{patient}-{n}`, the n-th entry of the trail), then every break-glass access to
//! them (`{patient}-b{id}`, DICOM's *Emergency Override Started*). An opening under a
//! break-glass access or a grant names it among its entities.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::pallet_access_control::types::{
			AccessBasis, AuditEntry, BreakGlassAccess, EmergencyReason, Review, ReviewOutcome,
		},
	},
	AccountId,
};
use serde_json::{json, Value};

use crate::{
	bundle::Page,
	consent::{purpose, purpose_code},
	elements::{instant, member, patient, person, DateRange},
	http::{fhir, not_found, patient_scoped, searchset, Facade, Search},
	outcome::FhirError,
};

const DICOM: &str = "http://dicom.nema.org/resources/ontology/DCM";

fn object_role(code: &str) -> Value {
	json!({ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/object-role", "code": code }] })
}

/// A person who opened a record: staff (with an organisation) or a patient.
fn reader(who: &AccountId, org: Option<u32>) -> Value {
	if org.is_some() {
		person(who, "Practitioner")
	} else {
		patient(who)
	}
}

/// The `n`-th entry of `subject`'s audit trail, an opening of one of their records, as a
/// FHIR R5 `AuditEvent`; `grant_purpose` is the purpose-of-use of the grant it was opened
/// under, if that grant is still on chain.
pub fn opening(
	subject: &AccountId,
	n: u64,
	entry: &AuditEntry<AccountId>,
	grant_purpose: Option<&str>,
) -> Value {
	let mut entities = vec![json!({
		"what": { "reference": format!("DocumentReference/{}", entry.record) },
		"role": object_role("4"),
	})];
	let authorization = match entry.basis {
		AccessBasis::Patient => Some("PATRQT"),
		AccessBasis::Grant(grant) => {
			let what = json!({ "reference": format!("Consent/{subject}-g{grant}") });
			entities.push(json!({ "what": what, "role": object_role("13") }));
			grant_purpose
		},
		AccessBasis::BreakGlass(access) => {
			let what = json!({ "reference": format!("AuditEvent/{subject}-b{access}") });
			entities.push(json!({ "what": what, "role": object_role("13") }));
			Some("ETREAT")
		},
	};
	let mut agents = vec![json!({ "who": reader(&entry.reader, entry.org), "requestor": true })];
	agents.extend(entry.org.map(|org| json!({ "who": member(org), "requestor": false })));
	// A store that served the reader reported the opening, with the reader's signature.
	let source = if entry.reported_by == entry.reader {
		json!({ "observer": reader(&entry.reader, entry.org) })
	} else {
		json!({
			"observer": person(&entry.reported_by, "Device"),
			"type": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4" }] }]
		})
	};
	let mut resource = json!({
		"resourceType": "AuditEvent",
		"id": format!("{subject}-{n}"),
		"category": [{ "coding": [{ "system": DICOM, "code": "110110", "display": "Patient Record" }] }],
		"code": { "coding": [{ "system": "http://hl7.org/fhir/restful-interaction", "code": "read" }] },
		"action": "R",
		"occurredDateTime": instant(entry.at),
		"recorded": instant(entry.at),
		"patient": patient(subject),
		"agent": agents,
		"source": source,
		"entity": entities,
	});
	if let Some(code) = authorization {
		resource["authorization"] = json!([{ "coding": [purpose(code)] }]);
	}
	resource
}

fn reason(reason: &EmergencyReason) -> &'static str {
	match reason {
		EmergencyReason::PatientUnableToConsent => "patient-unable-to-consent",
		EmergencyReason::LifeThreatening => "life-threatening",
		EmergencyReason::UrgentTreatment => "urgent-treatment",
		EmergencyReason::PublicHealthEmergency => "public-health-emergency",
	}
}

fn review(review: &Review<AccountId>) -> &'static str {
	let judged = |outcome: &ReviewOutcome| match outcome {
		ReviewOutcome::Justified => "justified",
		ReviewOutcome::Unjustified => "unjustified",
	};
	match review {
		Review::Open => "open",
		Review::Flagged { .. } => "flagged",
		Review::Closed { outcome, .. } | Review::ClosedByGovernance { outcome, .. } => {
			judged(outcome)
		},
	}
}

/// Break-glass access `id` to `access.patient`'s records as a FHIR R5 `AuditEvent`: DICOM's
/// *Emergency Override Started*, with its reason and where its review stands.
pub fn break_glass(id: u64, access: &BreakGlassAccess<AccountId>) -> Value {
	let detail =
		|kind: &str, value: &str| json!({ "type": { "text": kind }, "valueString": value });
	json!({
		"resourceType": "AuditEvent",
		"id": format!("{}-b{id}", access.patient),
		"category": [{ "coding": [{ "system": DICOM, "code": "110113", "display": "Security Alert" }] }],
		"code": { "coding": [{ "system": DICOM, "code": "110127", "display": "Emergency Override Started" }] },
		"action": "E",
		"occurredPeriod": { "start": instant(access.started_at), "end": instant(access.expires_at) },
		"recorded": instant(access.started_at),
		"authorization": [{ "coding": [purpose("ETREAT")] }],
		"patient": patient(&access.patient),
		"agent": [
			{ "who": person(&access.accessor, "Practitioner"), "requestor": true },
			{ "who": member(access.org), "requestor": false }
		],
		"source": { "observer": person(&access.accessor, "Practitioner") },
		"entity": [{
			"what": patient(&access.patient),
			"role": object_role("1"),
			"detail": [detail("reason", reason(&access.reason)), detail("review", review(&access.review))]
		}],
	})
}

/// Where a page of a patient's audit events starts.
enum Cursor {
	/// At the trail's entry `n`.
	Openings(u64),
	/// At the break-glass accesses after this one (all, if none).
	BreakGlass(Option<u64>),
}

impl Cursor {
	fn parse(value: Option<&str>) -> Result<Cursor, FhirError> {
		let bad = || FhirError::invalid("_cursor", "not a cursor this server gave");
		Ok(match value {
			None => Cursor::Openings(0),
			Some("b") => Cursor::BreakGlass(None),
			Some(v) => match (v.strip_prefix('o'), v.strip_prefix('b')) {
				(Some(n), _) => Cursor::Openings(n.parse().map_err(|_| bad())?),
				(_, Some(id)) => Cursor::BreakGlass(Some(id.parse().map_err(|_| bad())?)),
				_ => return Err(bad()),
			},
		})
	}
}

/// One page of `subject`'s audit events from `cursor`, those `dates` keeps, and the next
/// page's cursor.
async fn page(
	facade: &Facade,
	subject: AccountId,
	cursor: Cursor,
	count: u32,
	dates: DateRange,
) -> Result<(Vec<Value>, Option<String>), FhirError> {
	facade
		.ask(|client| async move {
			let api = api::runtime_apis().access_control_api();
			let mut found = Vec::new();
			let mut after = None;
			if let Cursor::Openings(start) = cursor {
				let entries = client.call(api.audit_trail(subject, start, count)).await?;
				// The grants' purposes, only if an opening on this page was under a grant.
				let by_grant =
					entries.iter().any(|(_, e)| matches!(e.basis, AccessBasis::Grant(_)));
				let grants =
					if by_grant { client.call(api.grants_of(subject)).await? } else { Vec::new() };
				let purpose_of = |grant: u64| {
					grants
						.iter()
						.find(|(id, ..)| *id == grant)
						.map(|(_, g, _)| purpose_code(&g.purpose))
				};
				for (n, entry) in entries.iter().filter(|(_, entry)| dates.contains(entry.at)) {
					let granted = match entry.basis {
						AccessBasis::Grant(grant) => purpose_of(grant),
						_ => None,
					};
					found.push(opening(&subject, *n, entry, granted));
				}
				if entries.len() == count as usize {
					let next = entries.last().map(|(n, _)| format!("o{}", n + 1));
					return Ok((found, next));
				}
			} else if let Cursor::BreakGlass(start) = cursor {
				after = start;
			}
			let room = count.saturating_sub(found.len() as u32);
			if room == 0 {
				return Ok((found, Some("b".to_string())));
			}
			let accesses = client.call(api.break_glass_of(subject, after, room)).await?;
			for (id, access, _) in accesses.iter().filter(|(_, a, _)| dates.contains(a.started_at))
			{
				found.push(break_glass(*id, access));
			}
			let next = accesses.last().filter(|_| accesses.len() == room as usize);
			Ok((found, next.map(|(id, ..)| format!("b{id}"))))
		})
		.await
}

/// `GET /AuditEvent?patient=ADDRESS[&date=…]`: the patient's record openings, then the
/// break-glass accesses to their records, paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["patient", "date", "_count", "_cursor"])?;
	let (subject, count, dates) = (search.patient()?, search.count()?, search.dates()?);
	let cursor = Cursor::parse(search.get("_cursor"))?;
	let (resources, next) = page(&facade, subject, cursor, count, dates).await?;
	let next = next.map(|cursor| search.next(&cursor));
	Ok(searchset(&facade, "AuditEvent", &search, Page { resources, next, total: None }))
}

/// `GET /AuditEvent/{patient}-{n}` or `…-b{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let Some((subject, rest)) = patient_scoped(&id) else {
		return Err(not_found("AuditEvent", &id));
	};
	let found = match rest.strip_prefix('b').map(str::parse::<u64>) {
		// A break-glass access is kept by its id; it must be to this patient's records.
		Some(Ok(access)) => facade
			.ask(|client| async move { client.break_glass_access(access).await })
			.await?
			.filter(|found| found.patient == subject)
			.map(|found| break_glass(access, &found)),
		Some(Err(_)) => None,
		None => match rest.parse::<u64>() {
			Ok(n) => {
				let (found, _) =
					page(&facade, subject, Cursor::Openings(n), 1, DateRange::ALL).await?;
				found.into_iter().find(|event| event["id"] == id.as_str())
			},
			Err(_) => None,
		},
	};
	found.map(fhir).ok_or_else(|| not_found("AuditEvent", &id))
}
