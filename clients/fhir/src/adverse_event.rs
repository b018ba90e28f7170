//! `AdverseEvent`: a report on a device and its investigation, as FHIR R5 has them
//! (docs/fhir.md).
//!
//! The device is the suspect entity (R5 lets an AdverseEvent's `subject` be only a patient,
//! a group or a person). The subject, which R5 requires, names no one: the chain keeps no
//! patient in a report (docs/privacy.md), and a posted subject is never written.

use std::sync::Arc;

use axum::{
	body::Bytes,
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::consortium::OrganisationKind,
			pallet_traceability::types::{
				adverse_events::{
					AdverseEvent, AdverseEventReport, InvestigationStatus, ReportSource,
					Seriousness,
				},
				DeviceEvent,
			},
		},
	},
	AccountId,
};
use medchain_primitives::{codes, records::is_cid_v1};
use serde_json::{json, Value};

use crate::{
	bundle::{Page, MAX_COUNT},
	elements::{coding, extension, instant, person, text, DateRange, EXTENSIONS},
	http::{created, fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
	posted::Posted,
	walk::{StatusWalk, Walked},
};

/// The identifier system of a report's id on chain.
pub const ADVERSE_EVENT_ID_SYSTEM: &str = "urn:medchain:adverse-event";
/// The code system of how serious an event was (FDA MedWatch's outcome categories).
pub const SERIOUSNESS_SYSTEM: &str = "urn:medchain:adverse-event-seriousness";
/// HL7's serious / non-serious.
const HL7_SERIOUSNESS: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

/// The codes of [`SERIOUSNESS_SYSTEM`].
const SERIOUSNESS: [&str; 6] = [
	"death",
	"life-threatening",
	"hospitalisation",
	"disability",
	"intervention-required",
	"non-serious",
];

fn seriousness_code(seriousness: &Seriousness) -> &'static str {
	match seriousness {
		Seriousness::Death => "death",
		Seriousness::LifeThreatening => "life-threatening",
		Seriousness::Hospitalisation => "hospitalisation",
		Seriousness::Disability => "disability",
		Seriousness::InterventionRequired => "intervention-required",
		Seriousness::NonSerious => "non-serious",
	}
}

fn seriousness_of(code: &str) -> Option<Seriousness> {
	Some(match code {
		"death" => Seriousness::Death,
		"life-threatening" => Seriousness::LifeThreatening,
		"hospitalisation" => Seriousness::Hospitalisation,
		"disability" => Seriousness::Disability,
		"intervention-required" => Seriousness::InterventionRequired,
		"non-serious" => Seriousness::NonSerious,
		_ => return None,
	})
}

/// The investigation's step, and the FHIR `status` it is.
fn investigation(status: &InvestigationStatus) -> (&'static str, &'static str) {
	match status {
		InvestigationStatus::Reported => ("reported", "in-progress"),
		InvestigationStatus::UnderInvestigation => ("under-investigation", "in-progress"),
		InvestigationStatus::RootCauseFound => ("root-cause-found", "in-progress"),
		InvestigationStatus::Closed => ("closed", "completed"),
		InvestigationStatus::Rejected => ("rejected", "entered-in-error"),
	}
}

fn source(source: &ReportSource) -> &'static str {
	match source {
		ReportSource::Patient => "patient",
		ReportSource::Organisation(kind) => match kind {
			OrganisationKind::Hospital => "hospital",
			OrganisationKind::Manufacturer => "manufacturer",
			OrganisationKind::Supplier => "supplier",
			OrganisationKind::Logistics => "logistics",
			OrganisationKind::Regulator => "regulator",
			OrganisationKind::Laboratory => "laboratory",
			OrganisationKind::Pharmacy => "pharmacy",
		},
	}
}

/// Report `id` as a FHIR R5 `AdverseEvent`.
pub fn resource(id: u64, event: &AdverseEvent<AccountId>) -> Value {
	let (step, status) = investigation(&event.status);
	let seriousness = seriousness_code(&event.report.seriousness);
	let serious = if seriousness == "non-serious" { "non-serious" } else { "serious" };
	json!({
		"resourceType": "AdverseEvent",
		"id": id.to_string(),
		"extension": [
			extension("investigation-status", "Code", json!(step)),
			extension("report-source", "Code", json!(source(&event.source))),
			extension("late-report", "Boolean", json!(event.late)),
			extension("narrative-cid", "String", json!(text(&event.report.narrative_cid))),
		],
		"identifier": [{ "system": ADVERSE_EVENT_ID_SYSTEM, "value": id.to_string() }],
		"status": status,
		"actuality": "actual",
		"code": { "coding": [coding(&text(&event.report.event_code))] },
		"subject": { "type": "Patient", "display": "not disclosed: the chain names no patient" },
		"detected": instant(event.report.learned_at),
		"recordedDate": instant(event.reported_at),
		"seriousness": { "coding": [
			{ "system": HL7_SERIOUSNESS, "code": serious },
			{ "system": SERIOUSNESS_SYSTEM, "code": seriousness }
		] },
		"outcome": [{ "coding": [coding(&text(&event.report.outcome_code))] }],
		"recorder": person(&event.reporter, "Practitioner"),
		"suspectEntity": [{ "instanceReference": { "reference": format!("Device/{}", event.device) } }],
	})
}

/// `GET /AdverseEvent/{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let found = match id.parse::<u64>() {
		Ok(number) => by_id(&facade, number).await?,
		Err(_) => None,
	};
	found.map(fhir).ok_or_else(|| not_found("AdverseEvent", &id))
}

async fn by_id(facade: &Facade, id: u64) -> Result<Option<Value>, FhirError> {
	Ok(report_of(facade, id).await?.map(|found| resource(id, &found)))
}

async fn report_of(facade: &Facade, id: u64) -> Result<Option<AdverseEvent<AccountId>>, FhirError> {
	facade
		.ask(|client| async move {
			client.call(api::runtime_apis().traceability_api().adverse_event(id)).await
		})
		.await
}

/// How many links of a device's trail one search request reads at most: a page may come back
/// short (with a `next` link) on a device with a long trail and few reports.
const TRAIL_LINKS_PER_REQUEST: u32 = 10 * MAX_COUNT;

/// `GET /AdverseEvent?…`: one by `_id`; a device's reports (`device=Device/ID`, from its
/// trail); or every report, by `status` (the chain's lists by investigation status) or in
/// the order of filing from the start of `date`. Every parameter narrows the others; paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["_id", "device", "status", "date", "_count", "_cursor"])?;
	let count = search.count()?;
	let (dates, status) = (search.dates()?, search.get("status").map(str::to_string));
	if let Some(status) = &status {
		if !["in-progress", "completed", "entered-in-error"].contains(&status.as_str()) {
			return Err(FhirError::invalid(
				"status",
				format!("`{status}` is not an AdverseEvent status"),
			));
		}
	}
	let wanted = status.clone();
	let keeps = move |event: &AdverseEvent<AccountId>| {
		dates.contains(event.reported_at)
			&& wanted.as_deref().is_none_or(|status| investigation(&event.status).1 == status)
	};
	let device = search.reference::<u64>("device", "Device", "a device")?;
	let (found, next) = match (search.number::<u64>("_id")?, device, status) {
		(Some(id), ..) => {
			let found = report_of(&facade, id)
				.await?
				.filter(|found| keeps(found) && device.is_none_or(|device| found.device == device));
			(found.map(|found| (id, found)).into_iter().collect(), None)
		},
		(None, Some(device), _) => {
			let start = search.number::<u32>("_cursor")?.unwrap_or(0);
			let (found, next) = of_device(&facade, device, start, count, keeps).await?;
			(found, next.map(|next| next.to_string()))
		},
		// Without a start date, the lists by status are the shorter walk.
		(None, None, Some(status)) if dates.from() == 0 => {
			let matches = |chain: &_| investigation(chain).1 == status;
			let walk = StatusWalk::parse(chain_status, matches, search.get("_cursor"))?;
			by_status(&facade, walk, count, keeps).await?
		},
		(None, None, _) => {
			let after = search.number::<u64>("_cursor")?;
			by_time(&facade, dates, after, count, keeps).await?
		},
	};
	let resources = found.iter().map(|(id, event)| resource(*id, event)).collect();
	let page = Page { resources, next: next.map(|next| search.next(&next)), total: None };
	Ok(searchset(&facade, "AdverseEvent", &search, page))
}

/// The reports found, and the cursor of the next page if there may be one.
type Found = Walked<AdverseEvent<AccountId>>;

/// The chain's investigation statuses, by index.
fn chain_status(index: usize) -> Option<InvestigationStatus> {
	use InvestigationStatus::*;
	[Reported, UnderInvestigation, RootCauseFound, Closed, Rejected].into_iter().nth(index)
}

/// Up to `count` reports `keeps` keeps from the chain's lists by status, reading at most
/// [`TRAIL_LINKS_PER_REQUEST`] reports.
async fn by_status(
	facade: &Facade,
	walk: StatusWalk,
	count: u32,
	keeps: impl Fn(&AdverseEvent<AccountId>) -> bool + Send + 'static,
) -> Result<Found, FhirError> {
	facade
		.ask(|client| async move {
			let list = |status, after, limit| {
				let status = chain_status(status).expect("the walk's statuses are the chain's");
				let api = api::runtime_apis().traceability_api();
				client.call(api.adverse_events_by_status(status, after, limit))
			};
			walk.run(count, TRAIL_LINKS_PER_REQUEST, list, keeps).await
		})
		.await
}

/// Up to `count` reports `keeps` keeps in the order of filing, from the start of `dates` (or
/// after report `after`) to its end, reading at most [`TRAIL_LINKS_PER_REQUEST`] reports;
/// the cursor is the last report read.
async fn by_time(
	facade: &Facade,
	dates: DateRange,
	mut after: Option<u64>,
	count: u32,
	keeps: impl Fn(&AdverseEvent<AccountId>) -> bool + Send + 'static,
) -> Result<Found, FhirError> {
	facade
		.ask(|client| async move {
			let api = api::runtime_apis().traceability_api();
			let mut found = Vec::new();
			for _ in 0..TRAIL_LINKS_PER_REQUEST / MAX_COUNT {
				let page =
					client.call(api.adverse_events_from(dates.from(), after, MAX_COUNT)).await?;
				let full = page.len() == MAX_COUNT as usize;
				for (id, report) in page {
					if dates.ended_by(report.reported_at) {
						return Ok((found, None));
					}
					after = Some(id);
					if keeps(&report) {
						found.push((id, report));
						if found.len() == count as usize {
							return Ok((found, after.map(|id| id.to_string())));
						}
					}
				}
				if !full {
					return Ok((found, None));
				}
			}
			Ok((found, after.map(|id| id.to_string())))
		})
		.await
}

/// Up to `count` reports on `device` that `keeps` keeps, from its trail's link `start` on,
/// and the link the next page starts at, if any.
async fn of_device(
	facade: &Facade,
	device: u64,
	start: u32,
	count: u32,
	keeps: impl Fn(&AdverseEvent<AccountId>) -> bool + Send + 'static,
) -> Result<(Vec<(u64, AdverseEvent<AccountId>)>, Option<u32>), FhirError> {
	facade
		.ask(|client| async move {
			let api = api::runtime_apis().traceability_api();
			let mut found = Vec::new();
			let mut at = start;
			while at - start < TRAIL_LINKS_PER_REQUEST {
				let (_, _, links) = client.call(api.trace(device, at, MAX_COUNT)).await?;
				for (index, link) in &links {
					let DeviceEvent::AdverseEventReported { event } = link.entry else { continue };
					let Some(report) = client.call(api.adverse_event(event)).await? else {
						continue;
					};
					if keeps(&report) {
						found.push((event, report));
						if found.len() == count as usize {
							return Ok((found, Some(index + 1)));
						}
					}
				}
				match links.last() {
					Some((last, _)) if links.len() == MAX_COUNT as usize => at = last + 1,
					_ => return Ok((found, None)),
				}
			}
			Ok((found, Some(at)))
		})
		.await
}

/// The elements a posted AdverseEvent may have: what a report keeps, and the subject FHIR
/// requires (never written).
const KEPT: [&str; 10] = [
	"extension",
	"status",
	"actuality",
	"code",
	"subject",
	"detected",
	"seriousness",
	"outcome",
	"suspectEntity",
	"participant",
];

/// `POST /AdverseEvent`: a member's system reports an adverse event on a device, signed
/// with the account the facade holds for the reporting organisation (`participant.actor`).
/// Answers 201 with the report as the chain now has it (`medchain_adverseEvent`), once its
/// block is final; nothing is written if any element cannot be mapped or the chain refuses.
pub(crate) async fn create(
	State(facade): State<Arc<Facade>>,
	body: Bytes,
) -> Result<Response, FhirError> {
	let posted = Posted::parse(&body, "AdverseEvent", &KEPT)?;
	let org = posted.organization(
		"participant[0].actor",
		"the reporting organisation (`Organization/ID`), whose account signs",
	)?;
	let (device, report) = report(&posted)?;
	let call = api::tx().traceability().report_adverse_event(device, report);
	let id = facade.write(org, call, ("Traceability", "AdverseEventReported", "event")).await?;
	Ok(created(&facade, "AdverseEvent", id, by_id(&facade, id).await))
}

/// The device and the report a posted AdverseEvent makes, each element checked as the
/// chain will.
fn report(posted: &Posted) -> Result<(u64, AdverseEventReport), FhirError> {
	if let Some(status) = posted.text("status")? {
		posted.check(status == "in-progress", "status", status, "a new report is in progress")?;
	}
	if let Some(actuality) = posted.text("actuality")? {
		posted.check(
			actuality == "actual",
			"actuality",
			actuality,
			"the chain keeps actual events",
		)?;
	}
	for single in ["suspectEntity", "outcome", "participant"] {
		posted.single(single)?;
	}
	let suspect = "suspectEntity[0].instanceReference.reference";
	let reference =
		posted.required(suspect, "the device (`Device/ID`) the event is reported on")?;
	let device = reference.strip_prefix("Device/").and_then(|id| id.parse().ok());
	posted.check(device.is_some(), suspect, reference, "a device of the chain (`Device/ID`)")?;
	let event_code = posted.code("code")?.ok_or_else(|| {
		FhirError::unmappable(
			"required",
			posted.at("code"),
			"what went wrong: an IMDRF Annex A coding",
		)
	})?;
	posted.check(
		codes::is_event_code(event_code.as_bytes()),
		"code",
		&event_code,
		"an IMDRF Annex A code (A and 2, 4 or 6 digits)",
	)?;
	let outcome_code = posted.code("outcome[0]")?.ok_or_else(|| {
		FhirError::unmappable(
			"required",
			posted.at("outcome"),
			"what it did: an IMDRF Annex E/F or SNOMED CT coding",
		)
	})?;
	let why = "an IMDRF Annex E or F code, or a SNOMED CT concept";
	posted.check(
		codes::is_outcome_code(outcome_code.as_bytes()),
		"outcome[0]",
		&outcome_code,
		why,
	)?;
	let detected = posted.required("detected", "when the reporter learned of the event")?;
	let learned_at = chrono::DateTime::parse_from_rfc3339(detected)
		.ok()
		.and_then(|at| u64::try_from(at.timestamp_millis()).ok());
	posted.check(learned_at.is_some(), "detected", detected, "a dateTime with a time zone")?;
	let narrative = narrative(posted)?;
	let report = AdverseEventReport {
		event_code: BoundedVec(event_code.into_bytes()),
		seriousness: seriousness(posted)?,
		outcome_code: BoundedVec(outcome_code.into_bytes()),
		narrative_cid: BoundedVec(narrative.into_bytes()),
		learned_at: learned_at.unwrap_or_default(),
	};
	Ok((device.unwrap_or_default(), report))
}

/// How serious: a coding of [`SERIOUSNESS_SYSTEM`], or HL7's `non-serious`.
fn seriousness(posted: &Posted) -> Result<Seriousness, FhirError> {
	let codings = posted.list("seriousness.coding")?;
	let coded = |system: &str| {
		codings
			.iter()
			.find(|c| c.get("system").and_then(Value::as_str) == Some(system))
			.and_then(|c| c.get("code")?.as_str())
	};
	if let Some(code) = coded(SERIOUSNESS_SYSTEM) {
		let found = seriousness_of(code).ok_or_else(|| {
			let why = format!("`{code}` is none of {}", SERIOUSNESS.join(", "));
			FhirError::unmappable("code-invalid", posted.at("seriousness"), why)
		})?;
		// HL7's serious / non-serious, if given too, must say the same.
		let serious = if code == "non-serious" { "non-serious" } else { "serious" };
		if let Some(hl7) = coded(HL7_SERIOUSNESS).filter(|hl7| *hl7 != serious) {
			let why = format!("HL7's `{hl7}` contradicts `{code}`");
			return Err(FhirError::unmappable("value", posted.at("seriousness"), why));
		}
		return Ok(found);
	}
	match coded(HL7_SERIOUSNESS) {
		Some("non-serious") => Ok(Seriousness::NonSerious),
		_ => Err(FhirError::unmappable(
			"required",
			posted.at("seriousness"),
			format!(
				"say how serious with a coding of `{SERIOUSNESS_SYSTEM}` ({})",
				SERIOUSNESS.join(", ")
			),
		)),
	}
}

/// The narrative's CID, from the `narrative-cid` extension: the narrative itself stays off
/// chain, sealed to the regulator.
fn narrative(posted: &Posted) -> Result<String, FhirError> {
	let url = format!("{EXTENSIONS}:narrative-cid");
	let extensions = posted.list("extension")?;
	let cid = extensions
		.iter()
		.find(|e| e.get("url").and_then(Value::as_str) == Some(url.as_str()))
		.and_then(|e| e.get("valueString")?.as_str())
		.ok_or_else(|| {
			FhirError::unmappable(
				"required",
				posted.at("extension"),
				format!("the narrative's CID, as the extension `{url}`"),
			)
		})?;
	posted.check(
		is_cid_v1(cid.as_bytes()),
		"extension",
		cid,
		"a canonical CIDv1 (base32, sha2-256)",
	)?;
	Ok(cid.to_string())
}
