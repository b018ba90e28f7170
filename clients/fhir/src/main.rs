//! `medchain-fhir`: the FHIR R5 facade's service (docs/fhir.md).

use std::{net::SocketAddr, process::ExitCode};

use clap::Parser;
use medchain_client::keys::Account;
use medchain_fhir::Config;

/// The chain's devices, adverse events, consents, audit trails, record pointers, trails and
/// members as FHIR R5 resources, read through a node; devices and adverse events written.
#[derive(Parser)]
#[command(version)]
struct Args {
	/// The node's WebSocket URL.
	#[arg(long, env = "MEDCHAIN_NODE", default_value = "ws://127.0.0.1:9944")]
	node: String,
	/// Where to listen.
	#[arg(long, default_value = "127.0.0.1:8090")]
	listen: SocketAddr,
	/// The facade's base URL as clients reach it (behind a proxy, its public URL): the root of
	/// every `fullUrl` and paging link. `http://LISTEN` if not given.
	#[arg(long, env = "MEDCHAIN_FHIR_BASE")]
	base: Option<String>,
	/// `ORG=SECRET_URI`: the account that signs what the facade writes for organisation
	/// `ORG` (`1=//Dave` on the development chain); repeat for each organisation. Better in
	/// the environment (comma-separated) than on the command line. Without one, the facade
	/// writes nothing for that organisation (403).
	#[arg(
		long = "signer",
		env = "MEDCHAIN_FHIR_SIGNERS",
		value_delimiter = ',',
		hide_env_values = true
	)]
	signers: Vec<String>,
	/// `ORG=URL`: organisation `ORG`'s record vault, which record links name; repeat for
	/// each.
	#[arg(long = "vault", value_parser = vault)]
	vaults: Vec<(u32, String)>,
}

fn org_and(value: &str) -> Result<(u32, &str), String> {
	let (org, rest) = value.split_once('=').ok_or("expected ORG=…")?;
	let org = org.parse().map_err(|_| format!("`{org}` is not an organisation id"))?;
	Ok((org, rest))
}

/// An organisation's signer; an error never repeats the secret.
fn signer(value: &str) -> Result<(u32, Account), String> {
	let (org, uri) = org_and(value).map_err(|_| "a --signer is ORG=SECRET_URI".to_string())?;
	let account = Account::from_uri(uri)
		.map_err(|_| format!("the --signer of organisation {org} is not a secret URI"))?;
	Ok((org, account))
}

fn vault(value: &str) -> Result<(u32, String), String> {
	let (org, url) = org_and(value)?;
	Ok((org, url.trim_end_matches('/').to_string()))
}

#[tokio::main]
async fn main() -> ExitCode {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
		)
		.init();
	let args = Args::parse();
	let signers = match args.signers.iter().map(|value| signer(value)).collect() {
		Ok(signers) => signers,
		Err(e) => {
			tracing::error!("{e}");
			return ExitCode::FAILURE;
		},
	};
	let base = args.base.unwrap_or_else(|| format!("http://{}", args.listen));
	let config = Config {
		node: args.node,
		base: base.trim_end_matches('/').to_string(),
		signers,
		vaults: args.vaults.into_iter().collect(),
	};
	let listener = match tokio::net::TcpListener::bind(args.listen).await {
		Ok(listener) => listener,
		Err(e) => {
			tracing::error!("cannot listen on {}: {e}", args.listen);
			return ExitCode::FAILURE;
		},
	};
	tracing::info!("FHIR R5 facade listening on http://{} (base {})", args.listen, config.base);
	match medchain_fhir::run(config, listener).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			tracing::error!("{e}");
			ExitCode::FAILURE
		},
	}
}
