//! `medchain-vault`: one organisation's record vault, beside its node (docs/vault.md).
//!
//! It keeps ciphertext that the chain anchors (records, service-log files, display photos),
//! content-addressed by CIDv1 in an object store ([`storage`]: a local directory or any
//! S3-compatible service), and serves it only as the chain allows ([`chain`]):
//!
//! - an upload comes from an account that may write to this organisation's vault, and is
//!   stored only if its bytes are what its CID names;
//! - a read carries the reader's signed request; the vault serves it only if the chain lets
//!   the reader open the record now, after queueing the opening on disk ([`audit`]), and
//!   relays it to the chain ([`relay`]), so that the patient's audit trail names the reader;
//! - what the chain erases is deleted ([`erasure`]).
//!
//! Refusals are JSON ([`error`]); [`metrics`] are Prometheus'.

pub mod audit;
pub mod chain;
pub mod erasure;
pub mod error;
pub mod http;
pub mod metrics;
pub mod relay;
pub mod storage;

use std::{path::PathBuf, sync::Arc};

use medchain_client::keys::Account;

/// Where the ciphertext goes.
#[derive(Clone, Debug)]
pub enum Backend {
	/// Files under a directory.
	Local(PathBuf),
	/// An S3 bucket, at AWS or at an S3-compatible `endpoint`.
	S3 {
		/// The bucket.
		bucket: String,
		/// The service's URL, if not AWS's.
		endpoint: Option<String>,
	},
}

/// A vault's configuration.
pub struct Config {
	/// The node's WebSocket URL.
	pub node: String,
	/// The organisation whose records it keeps.
	pub org: u32,
	/// Its record-store account, which signs the audits.
	pub signer: Account,
	/// Where the ciphertext goes.
	pub backend: Backend,
	/// Where the audit queue and the erasure cursor live (a local directory).
	pub state: PathBuf,
	/// The largest upload accepted, in bytes.
	pub max_upload_bytes: u64,
	/// The most openings waiting for their audit before reads are refused (503).
	pub max_queued_audits: usize,
	/// The web origins whose pages may call the vault (CORS), such as the web app's
	/// `https://records.hospital.example`; none by default.
	pub allowed_origins: Vec<String>,
}

/// Why a vault could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
	/// The node did not answer, or the organisation is not a member.
	#[error(transparent)]
	Node(#[from] medchain_client::Error),
	/// The object store could not be opened.
	#[error("cannot open the object store: {0}")]
	Storage(#[from] object_store::Error),
	/// The state directory could not be used.
	#[error("cannot use the state directory {0}: {1}")]
	State(PathBuf, std::io::Error),
	/// The metrics could not be registered.
	#[error("cannot register the metrics: {0}")]
	Metrics(#[from] prometheus::Error),
	/// An allowed origin is not a web origin.
	#[error("{0} is not a web origin (scheme://host[:port], no path)")]
	Origin(String),
	/// The HTTP server failed.
	#[error("the HTTP server failed: {0}")]
	Serve(std::io::Error),
}

/// Runs a vault on `listener` until the process ends: the HTTP API, the audit worker and the
/// erasure follower.
pub async fn run(config: Config, listener: tokio::net::TcpListener) -> Result<(), StartError> {
	let origins = http::origins(&config.allowed_origins).map_err(StartError::Origin)?;
	let chain = Arc::new(chain::Chain::connect(&config.node, config.org).await?);
	let objects = match &config.backend {
		Backend::Local(dir) => storage::Objects::local(dir)?,
		Backend::S3 { bucket, endpoint } => storage::Objects::s3(bucket, endpoint.as_deref())?,
	};
	let state_error = |e| StartError::State(config.state.clone(), e);
	std::fs::create_dir_all(&config.state).map_err(state_error)?;
	let queue = Arc::new(
		audit::AuditQueue::open(&config.state.join("audit"), config.max_queued_audits)
			.map_err(state_error)?,
	);
	let metrics = Arc::new(metrics::Metrics::new()?);
	tracing::info!(pending = queue.len(), "audit queue opened");
	tokio::spawn(relay::run(queue.clone(), chain.clone(), config.signer, metrics.clone()));
	tokio::spawn(erasure::follow(
		chain.clone(),
		objects.clone(),
		config.state.join("erasure-cursor"),
		metrics.clone(),
	));
	let vault = Arc::new(http::Vault {
		chain,
		objects,
		queue,
		metrics,
		max_upload_bytes: config.max_upload_bytes,
	});
	axum::serve(listener, http::router(vault, origins)).await.map_err(StartError::Serve)
}
