//! The REST API (docs/fhir.md): FHIR's read and search interactions on the resource types
//! the [`capability`](crate::capability) statement lists, JSON only.

use std::sync::Arc;

use axum::{
	extract::{Path, RawQuery, State},
	http::header,
	response::{IntoResponse, Response},
	routing::get,
	Router,
};
use medchain_client::{api, Client};
use serde_json::Value;
use tokio::sync::RwLock;

use crate::{
	bundle::{self, Page, DEFAULT_COUNT, MAX_COUNT},
	capability, device,
	device::DEVICE_ID_SYSTEM,
	organization,
	outcome::FhirError,
};

/// FHIR's JSON media type, for R5.
pub const FHIR_JSON: &str = "application/fhir+json; fhirVersion=5.0";

/// What every handler shares: the node, and the base URL of every link.
pub struct Facade {
	node: String,
	client: RwLock<Option<Client>>,
	base: String,
}

impl Facade {
	/// The facade on the node at `node` (connected as `client`), reached at `base`.
	pub fn new(node: &str, client: Client, base: String) -> Self {
		Facade { node: node.to_string(), client: RwLock::new(Some(client)), base }
	}

	/// Runs `ask` on the node, connecting again if the connection was lost; a failure drops the
	/// connection, to be opened again by the next request.
	async fn ask<T, F>(&self, ask: impl FnOnce(Client) -> F) -> Result<T, FhirError>
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
			if let Ok(mut slot) = self.client.try_write() {
				*slot = None;
			}
			FhirError::from(e)
		})
	}
}

/// The routes.
pub fn router(facade: Arc<Facade>) -> Router {
	Router::new()
		.route("/metadata", get(metadata))
		.route("/Device", get(search_devices))
		.route("/Device/{id}", get(read_device))
		.route("/Organization", get(search_organizations))
		.route("/Organization/{id}", get(read_organization))
		.fallback(unknown)
		.with_state(facade)
}

fn fhir(resource: Value) -> Response {
	([(header::CONTENT_TYPE, FHIR_JSON)], resource.to_string()).into_response()
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
struct Search {
	params: Vec<(String, String)>,
	raw: String,
}

impl Search {
	fn parse(raw: Option<String>, served: &[&str]) -> Result<Self, FhirError> {
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

	fn get(&self, name: &str) -> Option<&str> {
		self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
	}

	fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, FhirError> {
		self.get(name)
			.map(|value| {
				value
					.parse()
					.map_err(|_| FhirError::invalid(name, format!("`{value}` is not a number")))
			})
			.transpose()
	}

	/// The page size: `_count`, at most [`MAX_COUNT`].
	fn count(&self) -> Result<u32, FhirError> {
		match self.number::<u32>("_count")? {
			None => Ok(DEFAULT_COUNT),
			Some(0) => Err(FhirError::invalid("_count", "`_count` must be at least 1")),
			Some(count) => Ok(count.min(MAX_COUNT)),
		}
	}

	/// This search's query with `_cursor` set to `cursor`: the next page's.
	fn next(&self, cursor: &str) -> String {
		let mut query = form_urlencoded::Serializer::new(String::new());
		for (name, value) in self.params.iter().filter(|(name, _)| name != "_cursor") {
			query.append_pair(name, value);
		}
		query.append_pair("_cursor", cursor);
		query.finish()
	}
}

fn bounded(
	value: &str,
	at: &str,
	max: usize,
) -> Result<api::runtime_types::bounded_collections::bounded_vec::BoundedVec<u8>, FhirError> {
	if value.is_empty() || value.len() > max {
		return Err(FhirError::invalid(at, format!("`{value}` must have 1 to {max} characters")));
	}
	Ok(api::runtime_types::bounded_collections::bounded_vec::BoundedVec(value.as_bytes().to_vec()))
}

/// `GET /Device/{id}`.
async fn read_device(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let found = match id.parse::<u64>() {
		Ok(number) => device_by_id(&facade, number).await?,
		Err(_) => None,
	};
	found.map(fhir).ok_or_else(|| FhirError::NotFound(format!("there is no Device/{id}")))
}

async fn device_by_id(facade: &Facade, id: u64) -> Result<Option<Value>, FhirError> {
	let found = facade
		.ask(|client| async move {
			client.call(api::runtime_apis().device_registry_api().device(id)).await
		})
		.await?;
	Ok(found.map(|found| device::resource(id, &found)))
}

/// `GET /Device?…`: by `_id` or `identifier` (`urn:medchain:device|ID`), or by UDI: `udi-di`
/// with `serial-number` (and `lot-number` if the UDI carries one) for one device, or with
/// `lot-number` alone for the lot's devices, paged.
async fn search_devices(
	State(facade): State<Arc<Facade>>,
	RawQuery(raw): RawQuery,
) -> Result<Response, FhirError> {
	const SERVED: [&str; 7] =
		["_id", "identifier", "udi-di", "serial-number", "lot-number", "_count", "_cursor"];
	let search = Search::parse(raw, &SERVED)?;
	let count = search.count()?;
	let id = requested_id(&search)?;
	let page = match (id, search.get("udi-di")) {
		(Some(id), _) => {
			let resources = device_by_id(&facade, id).await?.into_iter().collect();
			Page { resources, next: None, total: None }
		},
		(None, Some(di)) => {
			let di = bounded(di, "udi-di", 64)?;
			let serial = search.get("serial-number").map(|s| bounded(s, "serial-number", 40)).transpose()?;
			let lot = search.get("lot-number").map(|l| bounded(l, "lot-number", 40)).transpose()?;
			match (serial, lot) {
				(None, None) => {
					return Err(FhirError::not_supported(
						"udi-di",
						"a search by udi-di needs serial-number or lot-number (a model's devices are not listed)",
					))
				},
				(Some(serial), lot) => {
					let found = facade
						.ask(|client| async move {
							let api = api::runtime_apis().device_registry_api();
							client.call(api.device_by_udi(di, Some(serial), lot)).await
						})
						.await?;
					let resources = found.map(|(id, found)| device::resource(id, &found)).into_iter().collect();
					Page { resources, next: None, total: None }
				},
				(None, Some(lot)) => {
					let after = search.number::<u64>("_cursor")?;
					let devices = facade
						.ask(|client| async move {
							let api = api::runtime_apis().device_registry_api();
							client.call(api.devices_of_lot(di, lot, after, count)).await
						})
						.await?;
					let full = devices.len() == count as usize;
					let next = devices.last().filter(|_| full).map(|(last, _)| search.next(&last.to_string()));
					let resources = devices.iter().map(|(id, found)| device::resource(*id, found)).collect();
					Page { resources, next, total: None }
				},
			}
		},
		(None, None) => {
			return Err(FhirError::not_supported(
				"Device",
				"name _id, identifier, or udi-di with serial-number or lot-number (the chain lists no devices by other criteria yet)",
			))
		},
	};
	Ok(fhir(bundle::searchset(&facade.base, "Device", &search.raw, page)))
}

/// The device id a search names by `_id` or by `identifier` (`urn:medchain:device|ID`).
fn requested_id(search: &Search) -> Result<Option<u64>, FhirError> {
	let (at, value) = match (search.get("_id"), search.get("identifier")) {
		(Some(id), _) => ("_id", id),
		(None, Some(identifier)) => match identifier.split_once('|') {
			Some((DEVICE_ID_SYSTEM | "", value)) => ("identifier", value),
			None => ("identifier", identifier),
			Some((system, _)) => {
				return Err(FhirError::not_supported(
					"identifier",
					format!(
						"identifiers of system `{system}` are not searched; use \
						 `{DEVICE_ID_SYSTEM}|ID`, or udi-di for a UDI"
					),
				))
			},
		},
		(None, None) => return Ok(None),
	};
	let id = value
		.parse()
		.map_err(|_| FhirError::invalid(at, format!("`{value}` is not a device id")))?;
	Ok(Some(id))
}

/// `GET /Organization/{id}`.
async fn read_organization(
	State(facade): State<Arc<Facade>>,
	Path(id): Path<String>,
) -> Result<Response, FhirError> {
	let found = match id.parse::<u32>() {
		Ok(org) => facade
			.ask(|client| async move {
				client.call(api::runtime_apis().consortium_api().organisation(org)).await
			})
			.await?
			.map(|found| organization::resource(org, &found)),
		Err(_) => None,
	};
	found.map(fhir).ok_or_else(|| FhirError::NotFound(format!("there is no Organization/{id}")))
}

/// `GET /Organization?…`: every member, or one by `_id`.
async fn search_organizations(
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
		.map(|(id, found)| organization::resource(*id, found))
		.collect();
	let total = Some(resources.len() as u64);
	let page = Page { resources, next: None, total };
	Ok(fhir(bundle::searchset(&facade.base, "Organization", &search.raw, page)))
}
