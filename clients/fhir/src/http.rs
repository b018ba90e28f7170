//! The REST API (docs/fhir.md): FHIR's read and search interactions on the resource types
//! the [`capability`](crate::capability) statement lists, `create` on Device and
//! AdverseEvent, JSON only. Each resource's handlers live beside its mapping.

use std::{collections::BTreeMap, str::FromStr, sync::Arc};

use axum::{
	extract::State,
	http::{header, StatusCode},
	response::{IntoResponse, Response},
	routing::get,
	Router,
};
use medchain_client::{api, keys::Account, subxt::tx::Payload, AccountId, Client, Wait};
use serde_json::Value;
use tokio::sync::{Mutex, RwLock};

use crate::{
	adverse_event, audit_event,
	bundle::{self, Page, DEFAULT_COUNT, MAX_COUNT},
	capability, consent, detected_issue, device, document_reference,
	elements::{DateRange, ACCOUNT_SYSTEM},
	organization,
	outcome::FhirError,
	provenance, supply_request, Config,
};

/// FHIR's JSON media type, for R5.
pub const FHIR_JSON: &str = "application/fhir+json; fhirVersion=5.0";

/// What every handler shares: the node, the base URL of every link, and the accounts that
/// sign what the facade writes.
pub struct Facade {
	node: String,
	client: RwLock<Option<Client>>,
	base: String,
	signers: BTreeMap<u32, (Account, Arc<Mutex<()>>)>,
	vaults: BTreeMap<u32, String>,
}

impl Facade {
	/// The facade `config` describes, connected to its node as `client`.
	pub fn new(client: Client, config: Config) -> Self {
		let Config { node, base, signers, vaults } = config;
		let signers =
			signers.into_iter().map(|(org, account)| (org, (account, Arc::default()))).collect();
		Facade { node, client: RwLock::new(Some(client)), base, signers, vaults }
	}

	/// The record vaults the facade links to, by organisation.
	pub(crate) fn vaults(&self) -> &BTreeMap<u32, String> {
		&self.vaults
	}

	/// Signs `call` with the account the facade holds for `org`, submits it, waits until its
	/// block is final, and gives the `field` of the `event` (`pallet`, name) it emitted: the
	/// id of what it wrote. Nothing is written if the chain refuses.
	pub(crate) async fn write<C: Payload + Send + Sync + 'static>(
		&self,
		org: u32,
		call: C,
		(pallet, event, field): (&str, &str, &str),
	) -> Result<u64, FhirError> {
		let (signer, submitting) = self.signers.get(&org).cloned().ok_or_else(|| {
			FhirError::Forbidden(format!(
				"this facade writes for no Organization/{org}: its operator starts it with `--signer {org}=…`"
			))
		})?;
		// One submission per account at a time until it is in the pool, so that two writes
		// never take the same nonce.
		let mut turn = Some(submitting.lock_owned().await);
		let receipt = self
			.ask(|client| async move {
				client.submit(&call, &signer, Wait::Finalized, move |_| drop(turn.take())).await
			})
			.await
			.map_err(|e| match e {
				// The node took no transaction, or stopped reporting on the one it took.
				FhirError::NodeUnavailable(why) => FhirError::Unconfirmed(why),
				refused => refused,
			})?;
		receipt.event(pallet, event).and_then(|found| found.number(field)).ok_or_else(|| {
			FhirError::Unconfirmed(format!("the transaction's {pallet}.{event} was not found"))
		})
	}

	/// Runs `ask` on the node, connecting again if the connection was lost; a failure drops the
	/// connection, to be opened again by the next request.
	pub(crate) async fn ask<T, F>(&self, ask: impl FnOnce(Client) -> F) -> Result<T, FhirError>
	where
		F: std::future::Future<Output = Result<T, medchain_client::Error>>,
	{
		// The read guard is a temporary of this statement: gone before a write is asked.
		let connected = self.client.read().await.clone();
		let client = match connected {
			Some(client) => client,
			None => {
				let client = Client::connect(&self.node).await?;
				*self.client.write().await = Some(client.clone());
				client
			},
		};
		ask(client).await.map_err(|e| {
			if matches!(
				e,
				medchain_client::Error::Connect { .. } | medchain_client::Error::Chain(_)
			) {
				if let Ok(mut slot) = self.client.try_write() {
					*slot = None;
				}
			}
			FhirError::from(e)
		})
	}
}

/// The routes.
pub fn router(facade: Arc<Facade>) -> Router {
	Router::new()
		.route("/metadata", get(metadata))
		.route("/Device", get(device::search).post(device::create))
		.route("/Device/{id}", get(device::read))
		.route("/AdverseEvent", get(adverse_event::search).post(adverse_event::create))
		.route("/AdverseEvent/{id}", get(adverse_event::read))
		.route("/Consent", get(consent::search))
		.route("/Consent/{id}", get(consent::read))
		.route("/AuditEvent", get(audit_event::search))
		.route("/AuditEvent/{id}", get(audit_event::read))
		.route("/DocumentReference", get(document_reference::search))
		.route("/DocumentReference/{id}", get(document_reference::read))
		.route("/Provenance", get(provenance::search))
		.route("/Provenance/{id}", get(provenance::read))
		.route("/Organization", get(organization::search))
		.route("/Organization/{id}", get(organization::read))
		.route("/SupplyRequest", get(supply_request::search))
		.route("/SupplyRequest/{id}", get(supply_request::read))
		.route("/DetectedIssue", get(detected_issue::search))
		.route("/DetectedIssue/{id}", get(detected_issue::read))
		.fallback(unknown)
		.with_state(facade)
}

/// A resource as the response's body.
pub(crate) fn fhir(resource: Value) -> Response {
	([(header::CONTENT_TYPE, FHIR_JSON)], resource.to_string()).into_response()
}

/// The answer to a create that wrote `{kind}/{id}`: 201 with its `Location` and the resource
/// as `read` back from the chain; if it could not be read back, an OperationOutcome that
/// says it was written all the same (FHIR lets a create answer with one).
pub(crate) fn created(
	facade: &Facade,
	kind: &str,
	id: u64,
	read: Result<Option<Value>, FhirError>,
) -> Response {
	let location = format!("{}/{kind}/{id}", facade.base);
	let body = match read {
		Ok(Some(resource)) => resource,
		unread => {
			let why = unread.err().map_or("it was not found".to_string(), |e| e.to_string());
			let issue = serde_json::json!({
				"severity": "warning",
				"code": "transient",
				"diagnostics": format!("{kind}/{id} was written, but reading it back failed ({why}): GET {location}"),
			});
			serde_json::json!({ "resourceType": "OperationOutcome", "issue": [issue] })
		},
	};
	let headers = [(header::CONTENT_TYPE, FHIR_JSON.to_string()), (header::LOCATION, location)];
	(StatusCode::CREATED, headers, body.to_string()).into_response()
}

/// A page of search results as a `searchset` Bundle.
pub(crate) fn searchset(facade: &Facade, path: &str, search: &Search, page: Page) -> Response {
	fhir(bundle::searchset(&facade.base, path, &search.raw, page))
}

/// 404 for `{kind}/{id}`.
pub(crate) fn not_found(kind: &str, id: &str) -> FhirError {
	FhirError::NotFound(format!("there is no {kind}/{id}"))
}

/// `GET /metadata`: what this server serves.
async fn metadata(State(facade): State<Arc<Facade>>) -> Response {
	fhir(capability::statement(&facade.base))
}

/// Anything else: a resource type or interaction not served.
async fn unknown(uri: axum::http::Uri) -> FhirError {
	FhirError::UnknownPath(format!(
		"{} is not served here; GET {{base}}/metadata lists what is",
		uri.path()
	))
}

/// A search's parameters, checked against those the resource type serves.
pub(crate) struct Search {
	params: Vec<(String, String)>,
	raw: String,
}

impl Search {
	pub(crate) fn parse(raw: Option<String>, served: &[&str]) -> Result<Self, FhirError> {
		let raw = raw.unwrap_or_default();
		let params: Vec<(String, String)> =
			form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
		for (name, _) in &params {
			// `_format` asks for JSON or XML: only JSON is served, whatever it says.
			if name != "_format" && !served.contains(&name.as_str()) {
				return Err(FhirError::not_supported(
					name,
					format!("not served; these are: {}", served.join(", ")),
				));
			}
		}
		Ok(Search { params, raw })
	}

	pub(crate) fn get(&self, name: &str) -> Option<&str> {
		self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
	}

	/// Every value of a parameter that may repeat (`date=ge…&date=lt…`).
	fn all(&self, name: &str) -> Vec<&str> {
		self.params.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
	}

	pub(crate) fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>, FhirError> {
		self.get(name)
			.map(|value| {
				value
					.parse()
					.map_err(|_| FhirError::invalid(name, format!("`{value}` is not a number")))
			})
			.transpose()
	}

	/// The id a reference parameter names (`{kind}/ID`, or the id alone), if it is given;
	/// refused unless it names `what`.
	pub(crate) fn reference<T: FromStr>(
		&self,
		name: &str,
		kind: &str,
		what: &str,
	) -> Result<Option<T>, FhirError> {
		self.get(name)
			.map(|value| {
				let id = value.strip_prefix(kind).and_then(|id| id.strip_prefix('/'));
				id.unwrap_or(value).parse().map_err(|_| {
					FhirError::invalid(name, format!("`{value}` is not {what} (`{kind}/ID`)"))
				})
			})
			.transpose()
	}

	/// The page size: `_count`, at most [`MAX_COUNT`].
	pub(crate) fn count(&self) -> Result<u32, FhirError> {
		match self.number::<u32>("_count")? {
			None => Ok(DEFAULT_COUNT),
			Some(0) => Err(FhirError::invalid("_count", "`_count` must be at least 1")),
			Some(count) => Ok(count.min(MAX_COUNT)),
		}
	}

	/// The `date` values' range.
	pub(crate) fn dates(&self) -> Result<DateRange, FhirError> {
		DateRange::parse(&self.all("date"))
	}

	/// The patient a search names (`patient=ADDRESS`, `Patient/ADDRESS`, or the token
	/// `urn:medchain:account|ADDRESS`), which it must.
	pub(crate) fn patient(&self) -> Result<AccountId, FhirError> {
		let value = self.get("patient").ok_or_else(|| {
			FhirError::not_supported("patient", "name the patient: `patient=ADDRESS`")
		})?;
		let address = value
			.strip_prefix("Patient/")
			.or_else(|| value.strip_prefix(ACCOUNT_SYSTEM).and_then(|v| v.strip_prefix('|')))
			.unwrap_or(value);
		account(address).map_err(|message| FhirError::invalid("patient", message))
	}

	/// This search's query with `_cursor` set to `cursor`: the next page's.
	pub(crate) fn next(&self, cursor: &str) -> String {
		let mut query = form_urlencoded::Serializer::new(String::new());
		for (name, value) in self.params.iter().filter(|(name, _)| name != "_cursor") {
			query.append_pair(name, value);
		}
		query.append_pair("_cursor", cursor);
		query.finish()
	}
}

/// An account from its SS58 address.
pub(crate) fn account(address: &str) -> Result<AccountId, String> {
	AccountId::from_str(address).map_err(|_| format!("`{address}` is not an account's address"))
}

/// `{patient}-{suffix}`: the id of a resource that only exists under its patient (an audit
/// entry, a grant), split back. SS58 addresses hold no `-`.
pub(crate) fn patient_scoped(id: &str) -> Option<(AccountId, &str)> {
	let (address, rest) = id.split_once('-')?;
	Some((account(address).ok()?, rest))
}

/// `value` as a bounded byte string of the chain, 1 to `max` bytes, or refused at `at`.
pub(crate) fn bounded(
	value: &str,
	at: &str,
	max: usize,
) -> Result<api::runtime_types::bounded_collections::bounded_vec::BoundedVec<u8>, FhirError> {
	if value.is_empty() || value.len() > max {
		return Err(FhirError::invalid(at, format!("`{value}` must have 1 to {max} characters")));
	}
	Ok(api::runtime_types::bounded_collections::bounded_vec::BoundedVec(value.as_bytes().to_vec()))
}
