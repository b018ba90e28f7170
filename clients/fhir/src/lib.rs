//! `medchain-fhir`: the chain as FHIR R5 resources, for the integration engines hospitals
//! already run (docs/fhir.md).
//!
//! Every answer is read from the node at the moment of the request (its finalised state):
//! the facade keeps nothing, so any number of them can run beside a member's node. Only what
//! the privacy design lets any member read leaves it (docs/privacy.md): a device names its
//! custodian and where it is kept, never a patient; patients are their pseudonymous
//! accounts. What it writes (a device, an adverse event) it signs with the account its
//! operator gave it for the organisation the resource names.
//!
//! - [`device`]: `Device`, from the device registry, and its registration;
//! - [`adverse_event`]: `AdverseEvent`, the reports on a device, and a new report;
//! - [`consent`]: `Consent`, a patient's grants and waiting requests;
//! - [`audit_event`]: `AuditEvent`, a patient's audit trail and break-glass accesses;
//! - [`document_reference`]: `DocumentReference`, a record's pointer;
//! - [`provenance`]: `Provenance`, a device's or an order's hash-linked trail;
//! - [`organization`]: `Organization`, the consortium's members;
//! - [`supply_request`]: `SupplyRequest`, a hospital's order of devices;
//! - [`detected_issue`]: `DetectedIssue`, a recall, and the one in force over a device;
//! - [`capability`]: the `CapabilityStatement` of exactly that;
//! - [`elements`], [`bundle`], [`posted`], `walk` and [`outcome`]: what they share:
//!   references, search results, resources sent to be written, walks through the chain's
//!   lists by status, and errors as FHIR has them.

pub mod adverse_event;
pub mod audit_event;
pub mod bundle;
pub mod capability;
pub mod consent;
pub mod detected_issue;
pub mod device;
pub mod document_reference;
pub mod elements;
pub mod http;
pub mod organization;
pub mod outcome;
mod posted;
pub mod provenance;
pub mod supply_request;
mod walk;

use std::{collections::BTreeMap, sync::Arc};

use medchain_client::{keys::Account, Client};

/// The facade's configuration.
pub struct Config {
	/// The node's WebSocket URL.
	pub node: String,
	/// The facade's base URL as clients reach it, without a trailing `/`.
	pub base: String,
	/// The account that signs what the facade writes for each organisation: its
	/// integration (or, for a manufacturer, registering) staff account.
	pub signers: BTreeMap<u32, Account>,
	/// The record vault of each organisation whose vault the facade names in record links,
	/// without a trailing `/`.
	pub vaults: BTreeMap<u32, String>,
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
	let facade = Arc::new(http::Facade::new(client, config));
	axum::serve(listener, http::router(facade)).await.map_err(StartError::Serve)
}
