//! `medchain-fhir`: the FHIR R5 facade's service (docs/fhir.md).

use std::{net::SocketAddr, process::ExitCode};

use clap::Parser;
use medchain_fhir::Config;

/// The chain's devices and organisations as FHIR R5 resources, read through a node.
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
}

#[tokio::main]
async fn main() -> ExitCode {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
		)
		.init();
	let args = Args::parse();
	let base = args.base.unwrap_or_else(|| format!("http://{}", args.listen));
	let config = Config { node: args.node, base: base.trim_end_matches('/').to_string() };
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
