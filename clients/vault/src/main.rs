//! `medchain-vault`: the record vault's service (docs/vault.md).

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use clap::{ArgGroup, Parser};
use medchain_client::keys::{Account, Keystore};
use medchain_vault::{Backend, Config};

/// One organisation's record vault: stores ciphertext the chain anchors and serves it as the
/// chain's consent allows, every opening audited.
#[derive(Parser)]
#[command(version, group(ArgGroup::new("key").required(true).args(["signer_uri", "keystore"])))]
struct Args {
	/// The node's WebSocket URL.
	#[arg(long, env = "MEDCHAIN_NODE", default_value = "ws://127.0.0.1:9944")]
	node: String,
	/// The organisation whose records the vault keeps.
	#[arg(long)]
	org: u32,
	/// The organisation's record-store account, as a secret URI (`//One` on the development
	/// chain); better in the environment than on the command line.
	#[arg(long, env = "MEDCHAIN_VAULT_SIGNER", hide_env_values = true)]
	signer_uri: Option<String>,
	/// Or: a keystore (`medchain keys`), with `--account` and the passphrase in
	/// `MEDCHAIN_VAULT_PASSPHRASE`.
	#[arg(long, requires = "account")]
	keystore: Option<PathBuf>,
	/// The account's name in the keystore.
	#[arg(long)]
	account: Option<String>,
	/// Where to listen.
	#[arg(long, default_value = "127.0.0.1:8088")]
	listen: SocketAddr,
	/// Keep the ciphertext as files under this directory (the default backend).
	#[arg(long, default_value = "vault-data", conflicts_with = "s3_bucket")]
	data: PathBuf,
	/// Keep the ciphertext in this S3 bucket instead (credentials and region from the usual
	/// `AWS_*` variables).
	#[arg(long)]
	s3_bucket: Option<String>,
	/// The S3-compatible service's URL, if not AWS (MinIO, Ceph RGW, Garage).
	#[arg(long, requires = "s3_bucket")]
	s3_endpoint: Option<String>,
	/// Where the audit queue and the erasure cursor live (a local directory, one per vault).
	#[arg(long, default_value = "vault-state")]
	state: PathBuf,
	/// The largest upload accepted, in bytes.
	#[arg(long, default_value_t = 64 * 1024 * 1024)]
	max_upload_bytes: u64,
	/// The most openings waiting to get their audit into a block before reads are refused
	/// with 503: two blocks' worth of the relay's submissions (60 at a time, the gate lets one
	/// account have 64 waiting), well within a request's 20-second validity.
	#[arg(long, default_value_t = 120)]
	max_queued_audits: usize,
	/// A web origin whose pages may call the vault from a browser (CORS), such as the web
	/// app's `https://records.hospital.example`; repeat it for more, or give a comma-separated
	/// list in the environment. None by default: browsers then refuse pages from elsewhere.
	#[arg(long = "allow-origin", env = "MEDCHAIN_VAULT_ALLOW_ORIGINS", value_delimiter = ',')]
	allowed_origins: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
		)
		.init();
	let args = Args::parse();
	let signer = match signer(&args) {
		Ok(signer) => signer,
		Err(e) => {
			tracing::error!("{e}");
			return ExitCode::from(2);
		},
	};
	let backend = match args.s3_bucket {
		Some(bucket) => Backend::S3 { bucket, endpoint: args.s3_endpoint },
		None => Backend::Local(args.data),
	};
	let config = Config {
		node: args.node,
		org: args.org,
		signer,
		backend,
		state: args.state,
		max_upload_bytes: args.max_upload_bytes,
		max_queued_audits: args.max_queued_audits,
		allowed_origins: args.allowed_origins,
	};
	let listener = match tokio::net::TcpListener::bind(args.listen).await {
		Ok(listener) => listener,
		Err(e) => {
			tracing::error!("cannot listen on {}: {e}", args.listen);
			return ExitCode::FAILURE;
		},
	};
	tracing::info!(org = config.org, "vault listening on http://{}", args.listen);
	match medchain_vault::run(config, listener).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			tracing::error!("{e}");
			ExitCode::FAILURE
		},
	}
}

/// The record-store account, from a secret URI or a keystore.
fn signer(args: &Args) -> Result<Account, String> {
	if let Some(uri) = &args.signer_uri {
		return Account::from_uri(uri).map_err(|e| format!("--signer-uri: {e}"));
	}
	let (Some(path), Some(name)) = (&args.keystore, &args.account) else {
		return Err("give --signer-uri, or --keystore with --account".into());
	};
	let passphrase = std::env::var("MEDCHAIN_VAULT_PASSPHRASE")
		.map_err(|_| "set MEDCHAIN_VAULT_PASSPHRASE to open the keystore".to_string())?;
	let keystore = Keystore::open(path).map_err(|e| e.to_string())?;
	keystore.get(name).and_then(|stored| stored.open(&passphrase)).map_err(|e| e.to_string())
}
