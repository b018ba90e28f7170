//! `medchain-fhir`: the chain as FHIR R5 resources, for the integration engines hospitals
//! already run (docs/fhir.md).
//!
//! Every answer is read from the node at the moment of the request (its finalised state):
//! the facade keeps nothing, so any number of them can run beside a member's node. Only what
//! the privacy design lets any member read leaves it (docs/privacy.md): a device names its
//! custodian and where it is kept, never a patient.
//!
//! - [`device`]: `Device`, from the device registry;
//! - [`organization`]: `Organization`, from the consortium's members;
//! - [`capability`]: the `CapabilityStatement` of exactly that;
//! - [`bundle`] and [`outcome`]: search results and errors as FHIR has them.

pub mod bundle;
pub mod capability;
pub mod device;
pub mod http;
pub mod organization;
pub mod outcome;

use std::sync::Arc;

use medchain_client::Client;

/// The facade's configuration.
pub struct Config {
	/// The node's WebSocket URL.
	pub node: String,
	/// The facade's base URL as clients reach it, without a trailing `/`.
	pub base: String,
}

/// Why the facade could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
	/// The node did not answer.
	#[error(transparent)]
	Node(#[from] medchain_client::Error),
	/// The HTTP server failed.
	#[error("the HTTP server failed: {0}")]
	Serve(std::io::Error),
}

/// Runs the facade on `listener` until the process ends.
pub async fn run(config: Config, listener: tokio::net::TcpListener) -> Result<(), StartError> {
	let client = Client::connect(&config.node).await?;
	let facade = Arc::new(http::Facade::new(&config.node, client, config.base));
	axum::serve(listener, http::router(facade)).await.map_err(StartError::Serve)
}
