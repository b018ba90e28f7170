//! `DetectedIssue`: a recall, as FHIR R5 has a known risk and what is done about it
//! (docs/fhir.md). Its code is the recall's reason, its evidence the adverse event that
//! prompted it, its mitigations the approvals that put it in force; its scope (lots of a
//! model, or a model's production up to a time) and its issuer's organisation are medchain's
//! extensions. The recall in force over a device is `DetectedIssue?device=Device/ID`.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	response::Response,
};
use medchain_client::{
	api::{
		self,
		runtime_types::pallet_traceability::types::recalls::{Recall, RecallScope, RecallStatus},
	},
	AccountId,
};
use serde_json::{json, Value};

use crate::{
	bundle::{Page, MAX_COUNT},
	device::udi_issuer,
	elements::{extension, instant, member, person, text, EXTENSIONS},
	http::{fhir, not_found, searchset, Facade, Search},
	outcome::FhirError,
	walk::StatusWalk,
};

/// The identifier system of a recall's id on chain.
pub const RECALL_ID_SYSTEM: &str = "urn:medchain:recall";
/// The code system of a recall's reason: the issuer's own or a public list's code.
pub const RECALL_REASON_SYSTEM: &str = "urn:medchain:recall-reason";
/// The code system of what was done about a recall (`DetectedIssue.mitigation.action`).
pub const RECALL_ACTION_SYSTEM: &str = "urn:medchain:recall-action";

/// The chain's recall statuses, by index.
fn chain_status(index: usize) -> Option<RecallStatus> {
	use RecallStatus::*;
	[Pending, Confirmed, Dismissed, Superseded, Withdrawn].into_iter().nth(index)
}

/// The recall's status on chain (medchain's code), and FHIR's for it: `preliminary` while it
/// awaits approval, `final` once in force (and when a later recall of the model replaced
/// it), `entered-in-error` once dismissed or withdrawn (it no longer stands).
fn status(status: &RecallStatus) -> (&'static str, &'static str) {
	match status {
		RecallStatus::Pending => ("pending", "preliminary"),
		RecallStatus::Confirmed => ("confirmed", "final"),
		RecallStatus::Superseded => ("superseded", "final"),
		RecallStatus::Dismissed => ("dismissed", "entered-in-error"),
		RecallStatus::Withdrawn => ("withdrawn", "entered-in-error"),
	}
}

/// FHIR's statuses of a recall.
const STATUSES: [&str; 3] = ["preliminary", "final", "entered-in-error"];

/// What the recall covers, as one complex extension, and in words.
fn scope(scope: &RecallScope) -> (Value, String) {
	let (di, mut parts, words) = match scope {
		RecallScope::Lots { di, lots } => {
			let lots: Vec<String> = lots.0.iter().map(text).collect();
			let words = format!("lots {}", lots.join(", "));
			let parts = lots.into_iter().map(|lot| json!({ "url": "lot", "valueString": lot }));
			(di, parts.collect::<Vec<_>>(), words)
		},
		RecallScope::Model { di, until } => {
			let until = instant(*until);
			let words = format!("the production registered up to {until}");
			(di, vec![json!({ "url": "registered-until", "valueInstant": until })], words)
		},
	};
	let di = text(di);
	let words = format!("{words} of model {di}");
	let model =
		json!({ "url": "udi-di", "valueCoding": { "system": udi_issuer(&di), "code": di } });
	parts.insert(0, model);
	(json!({ "url": format!("{EXTENSIONS}:recall-scope"), "extension": parts }), words)
}

/// An action taken on the recall, by whom and when.
fn action(code: &str, words: &str, at: u64, by: Option<&AccountId>) -> Value {
	let mut action = json!({
		"action": { "coding": [{ "system": RECALL_ACTION_SYSTEM, "code": code }], "text": words },
		"date": instant(at),
	});
	if let Some(by) = by {
		action["author"] = person(by, "Practitioner");
	}
	action
}

/// Recall `id` as a FHIR R5 `DetectedIssue`.
pub fn resource(id: u64, recall: &Recall<AccountId>) -> Value {
	let (chain, fhir_status) = status(&recall.status);
	let (scope, covers) = scope(&recall.scope);
	let reason = text(&recall.reason);
	let mut extensions = vec![
		extension("recall-status", "Code", json!(chain)),
		scope,
		extension("issuer-organization", "Reference", member(recall.issuer_org)),
	];
	if let Some(dismissed) = &recall.dismissed {
		let (by, at) = dismissed;
		extensions.push(json!({ "url": format!("{EXTENSIONS}:dismissed"), "extension": [
			{ "url": "by", "valueReference": person(by, "Practitioner") },
			{ "url": "at", "valueInstant": instant(*at) },
		] }));
	}
	if let Some(withdrawn) = &recall.withdrawn {
		extensions.push(json!({ "url": format!("{EXTENSIONS}:withdrawn"), "extension": [
			{ "url": "at", "valueInstant": instant(withdrawn.at) },
			{ "url": "reason", "valueCoding": { "system": RECALL_REASON_SYSTEM, "code": text(&withdrawn.reason) } },
		] }));
	}
	if let Some(replaced) = recall.supersedes {
		let replaced = json!({ "reference": format!("DetectedIssue/{replaced}") });
		extensions.push(extension("supersedes", "Reference", replaced));
	}
	let mut mitigations: Vec<Value> = recall
		.approvals
		.0
		.iter()
		.map(|(officer, at)| {
			action("approved", "approved by a regulatory officer", *at, Some(officer))
		})
		.collect();
	if let Some(at) = recall.enforced_by_governance {
		mitigations.push(action(
			"enforced",
			"put in force by the consortium's governance",
			at,
			None,
		));
	}
	let mut resource = json!({
		"resourceType": "DetectedIssue",
		"id": id.to_string(),
		"extension": extensions,
		"identifier": [{ "system": RECALL_ID_SYSTEM, "value": id.to_string() }],
		"status": fhir_status,
		"category": [{ "text": "device recall" }],
		"code": { "coding": [{ "system": RECALL_REASON_SYSTEM, "code": reason }] },
		"identifiedDateTime": instant(recall.issued_at),
		"author": person(&recall.issued_by, "Practitioner"),
		"detail": format!("Recall of {covers}, for `{reason}`."),
	});
	if let Some(event) = recall.event {
		let report = json!({ "reference": format!("AdverseEvent/{event}") });
		resource["evidence"] = json!([{ "detail": [report] }]);
	}
	if !mitigations.is_empty() {
		resource["mitigation"] = json!(mitigations);
	}
	resource
}

/// `GET /DetectedIssue/{id}`.
pub(crate) async fn read(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let Ok(recall) = id.parse::<u64>() else { return Err(not_found("DetectedIssue", &id)) };
	let found = recall_of(&facade, recall).await?;
	found.map(|found| fhir(resource(recall, &found))).ok_or_else(|| not_found("DetectedIssue", &id))
}

async fn recall_of(facade: &Facade, id: u64) -> Result<Option<Recall<AccountId>>, FhirError> {
	facade
		.ask(|client| async move {
			client.call(api::runtime_apis().traceability_api().recall(id)).await
		})
		.await
}

/// How many recalls one search by status reads at most.
const RECALLS_PER_REQUEST: u32 = 10 * MAX_COUNT;

/// `GET /DetectedIssue?…`: one by `_id`; the recall in force over a device
/// (`device=Device/ID`); or every recall of a `status` (the chain's lists by status). Each
/// narrows the others; paged.
pub(crate) async fn search(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	let search = Search::parse(raw, &["_id", "device", "status", "_count", "_cursor"])?;
	let count = search.count()?;
	let wanted = search.get("status").map(str::to_string);
	if let Some(wanted) = wanted.as_deref().filter(|wanted| !STATUSES.contains(wanted)) {
		return Err(FhirError::invalid(
			"status",
			format!("`{wanted}`: a recall's statuses are {}", STATUSES.join(", ")),
		));
	}
	let device = search.reference::<u64>("device", "Device", "a device")?;
	let in_force = match device {
		Some(device) => Some(
			facade
				.ask(|client| async move {
					let api = api::runtime_apis().traceability_api();
					Ok(client.call(api.trace(device, 0, 0)).await?.1)
				})
				.await?,
		),
		None => None,
	};
	let keeps = {
		let wanted = wanted.clone();
		move |recall: &Recall<AccountId>| {
			wanted.as_deref().is_none_or(|wanted| status(&recall.status).1 == wanted)
		}
	};
	let (found, next) = match (search.number::<u64>("_id")?, in_force, wanted) {
		(Some(id), ..) => {
			let named = in_force.is_none_or(|in_force| in_force == Some(id));
			let found = recall_of(&facade, id).await?.filter(|recall| named && keeps(recall));
			(found.map(|found| (id, found)).into_iter().collect(), None)
		},
		(None, Some(in_force), _) => {
			let found = match in_force {
				Some(id) => recall_of(&facade, id).await?.filter(keeps).map(|found| (id, found)),
				None => None,
			};
			(found.into_iter().collect(), None)
		},
		(None, None, Some(wanted)) => {
			let matches = |chain: &_| status(chain).1 == wanted;
			let walk = StatusWalk::parse(chain_status, matches, search.get("_cursor"))?;
			facade
				.ask(|client| async move {
					let list = |index, after, limit| {
						let status =
							chain_status(index).expect("the walk's statuses are the chain's");
						let api = api::runtime_apis().traceability_api();
						client.call(api.recalls_by_status(status, after, limit))
					};
					walk.run(count, RECALLS_PER_REQUEST, list, keeps).await
				})
				.await?
		},
		(None, None, None) => {
			return Err(FhirError::not_supported(
				"DetectedIssue",
				"name _id, device (`Device/ID`: the recall in force over it) or status",
			))
		},
	};
	let resources = found.iter().map(|(id, recall)| resource(*id, recall)).collect();
	let page = Page { resources, next: next.map(|next| search.next(&next)), total: None };
	Ok(searchset(&facade, "DetectedIssue", &search, page))
}
