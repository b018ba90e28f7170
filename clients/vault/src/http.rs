//! The HTTP API (docs/vault.md): upload, read, and the vault's own state.

use std::{sync::Arc, time::Instant};

use axum::{
	body::Body,
	extract::{DefaultBodyLimit, Path, State},
	http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri},
	response::{IntoResponse, Response},
	routing::{get, put},
	Json, Router,
};
use medchain_client::{records, vault};
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::{
	audit::{AuditQueue, Opening},
	chain::Chain,
	error::ApiError,
	metrics::Metrics,
	storage::Objects,
};

/// What every request handler shares.
pub struct Vault {
	/// The node, for every decision.
	pub chain: Arc<Chain>,
	/// The ciphertext.
	pub objects: Objects,
	/// Openings waiting for their audit.
	pub queue: Arc<AuditQueue>,
	/// The metrics.
	pub metrics: Arc<Metrics>,
	/// The largest upload accepted, in bytes.
	pub max_upload_bytes: u64,
}

/// The routes; pages from `origins` may call them from a browser.
pub fn router(vault: Arc<Vault>, origins: Vec<HeaderValue>) -> Router {
	let router = Router::new()
		.route("/v1/info", get(info))
		.route("/v1/objects/{cid}", put(upload))
		.route("/v1/records/{id}", get(read))
		.route("/v1/devices/{device}/log/{entry}", get(read_log))
		.route("/health", get(health))
		.route("/metrics", get(metrics))
		// The vault bounds uploads itself (`--max-upload-bytes`), while streaming them.
		.layer(DefaultBodyLimit::disable())
		.with_state(vault);
	if origins.is_empty() {
		return router;
	}
	// A browser sends the signed headers only after a preflight names them, and lets the
	// page read the served CID only if it is exposed.
	let signed = [
		vault::ACCOUNT_HEADER,
		vault::VALID_UNTIL_HEADER,
		vault::NONCE_HEADER,
		vault::SIGNATURE_HEADER,
	]
	.map(HeaderName::from_static);
	router.layer(
		CorsLayer::new()
			.allow_origin(AllowOrigin::list(origins))
			.allow_methods([Method::GET, Method::PUT])
			.allow_headers([&signed[..], &[header::CONTENT_TYPE]].concat())
			.expose_headers([HeaderName::from_static(vault::CID_HEADER), header::CONTENT_LENGTH]),
	)
}

/// The allowed origins as header values, or the first that is not an origin.
pub fn origins(origins: &[String]) -> Result<Vec<HeaderValue>, String> {
	origins.iter().map(|typed| origin(typed).ok_or_else(|| typed.clone())).collect()
}

/// An origin as a browser sends it in `Origin`, whatever way it was typed: lower-case scheme
/// and host, no default port, no path.
fn origin(typed: &str) -> Option<HeaderValue> {
	let uri: Uri = typed.trim().trim_end_matches('/').parse().ok()?;
	let scheme = uri.scheme_str()?.to_ascii_lowercase();
	let default_port = match scheme.as_str() {
		"http" => 80,
		"https" => 443,
		_ => return None,
	};
	let authority = uri.authority()?;
	let has_path = uri.path_and_query().is_some_and(|path| path.as_str() != "/");
	if has_path || authority.as_str().contains('@') || authority.host().is_empty() {
		return None;
	}
	let host = authority.host().to_ascii_lowercase();
	let text = match authority.port_u16().filter(|port| *port != default_port) {
		Some(port) => format!("{scheme}://{host}:{port}"),
		None => format!("{scheme}://{host}"),
	};
	HeaderValue::from_str(&text).ok()
}

impl Vault {
	/// Counts a refusal by its code.
	fn counted<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
		result.inspect_err(|e| {
			self.metrics.refused.with_label_values(&[e.code()]).inc();
			tracing::info!(code = e.code(), message = %e, "refused");
		})
	}
}

fn header_of(headers: &HeaderMap) -> impl Fn(&str) -> Option<String> + '_ {
	|name| headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_string)
}

/// `GET /v1/info`: the organisation, the chain and the limits.
async fn info(State(vault): State<Arc<Vault>>) -> Json<Value> {
	Json(json!({
		"org": vault.chain.org(),
		"genesis": format!("0x{}", hex::encode(vault.chain.genesis().0)),
		"maxUploadBytes": vault.max_upload_bytes,
	}))
}

/// `PUT /v1/objects/{cid}`: stores ciphertext for a record or service-log entry about to be
/// anchored, streamed and checked against its CID.
async fn upload(
	State(vault): State<Arc<Vault>>,
	Path(cid): Path<String>,
	headers: HeaderMap,
	body: Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
	let result = async {
		let digest = records::hash_of_cid(&cid).ok_or_else(|| {
			ApiError::BadRequest(format!(
				"{cid} is not a CIDv1 of raw bytes hashed with sha2-256 in base32 (bafkrei…)"
			))
		})?;
		let upload = vault::upload_from_headers(&cid, vault.chain.org(), header_of(&headers))
			.map_err(ApiError::BadRequest)?;
		let declared = headers
			.get(header::CONTENT_LENGTH)
			.and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
		let mut body = body.into_data_stream();
		if declared.is_some_and(|length| length > vault.max_upload_bytes) {
			crate::storage::discard(&mut body, vault.max_upload_bytes).await;
			return Err(crate::storage::too_large(vault.max_upload_bytes));
		}
		vault.chain.authorise_upload(&upload).await?;
		if vault.objects.exists(&cid).await? {
			return Ok((StatusCode::OK, Json(json!({ "cid": cid, "stored": "already" }))));
		}
		let size = vault.objects.put(&cid, &digest, vault.max_upload_bytes, body).await?;
		vault.metrics.uploads.inc();
		vault.metrics.upload_bytes.inc_by(size);
		tracing::info!(%cid, size, uploader = %upload.uploader, "stored");
		Ok((StatusCode::CREATED, Json(json!({ "cid": cid, "size": size }))))
	}
	.await;
	vault.counted(result)
}

/// `GET /v1/records/{id}`: a record's ciphertext, to a reader the chain lets open it now; the
/// opening is queued for its audit before the first byte is sent.
async fn read(
	State(vault): State<Arc<Vault>>,
	Path(id): Path<String>,
	headers: HeaderMap,
) -> Result<Response, ApiError> {
	let started = Instant::now();
	let result = async {
		let id: u64 =
			id.parse().map_err(|_| ApiError::BadRequest(format!("{id} is not a record id")))?;
		let read = vault::read_from_headers(id, vault.chain.org(), header_of(&headers))
			.map_err(ApiError::BadRequest)?;
		let record = vault.chain.authorise_read(&read).await?;
		let response = serve(&vault, record.cid, Opening::Record(read), started).await?;
		vault.metrics.reads.inc();
		Ok(response)
	}
	.await;
	vault.counted(result)
}

/// `GET /v1/devices/{device}/log/{entry}`: a service-log file (a log, a report, a photo of the
/// display), to a reader who may open the device's log now; audited like a record.
async fn read_log(
	State(vault): State<Arc<Vault>>,
	Path((device, entry)): Path<(String, String)>,
	headers: HeaderMap,
) -> Result<Response, ApiError> {
	let started = Instant::now();
	let result = async {
		let device: u64 = device
			.parse()
			.map_err(|_| ApiError::BadRequest(format!("{device} is not a device id")))?;
		let entry: u32 = entry
			.parse()
			.map_err(|_| ApiError::BadRequest(format!("{entry} is not a log entry number")))?;
		let read =
			vault::log_read_from_headers(device, entry, vault.chain.org(), header_of(&headers))
				.map_err(ApiError::BadRequest)?;
		let cid = vault.chain.authorise_log_read(&read).await?;
		let response = serve(&vault, cid, Opening::Log(read), started).await?;
		vault.metrics.log_reads.inc();
		Ok(response)
	}
	.await;
	vault.counted(result)
}

/// Queues `opening` for its audit, then streams object `cid`.
async fn serve(
	vault: &Vault,
	cid: String,
	opening: Opening,
	started: Instant,
) -> Result<Response, ApiError> {
	let what = opening.what();
	let (size, bytes) = vault.objects.get(&cid).await?.ok_or_else(|| {
		ApiError::NotFound(format!("{what}'s ciphertext ({cid}) was never uploaded to this vault"))
	})?;
	let reader = opening.reader();
	vault.queue.enqueue(opening)?;
	vault.metrics.read_bytes.inc_by(size);
	vault.metrics.read_seconds.observe(started.elapsed().as_secs_f64());
	tracing::info!(opened = %what, %reader, size, "served; audit queued");
	let headers = [
		(header::CONTENT_TYPE, "application/octet-stream".to_string()),
		(header::CONTENT_LENGTH, size.to_string()),
		(HeaderName::from_static(vault::CID_HEADER), cid),
	];
	Ok((headers, Body::from_stream(bytes)).into_response())
}

/// `GET /health`: 200 while the node answers, 503 when it does not.
async fn health(State(vault): State<Arc<Vault>>) -> (StatusCode, Json<Value>) {
	let queued = vault.queue.len();
	match vault.chain.best().await {
		Ok(best) => (
			StatusCode::OK,
			Json(json!({
				"status": "ok",
				"org": vault.chain.org(),
				"bestBlock": best,
				"auditQueue": queued,
			})),
		),
		Err(e) => (
			StatusCode::SERVICE_UNAVAILABLE,
			Json(json!({ "status": e.code(), "message": e.to_string(), "auditQueue": queued })),
		),
	}
}

/// `GET /metrics`: Prometheus' text format.
async fn metrics(State(vault): State<Arc<Vault>>) -> impl IntoResponse {
	([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], vault.metrics.render())
}
