//! Files kept in an organisation's record vault (`medchain-vault`, docs/vault.md): `record
//! put` encrypts, uploads and anchors; `record get` fetches with a signed request (the vault
//! audits the opening on chain), checks the bytes against the chain and decrypts. `device log
//! put` and `device log get` do the same for a device's service-log files (error logs,
//! reports, photos of the display), which are kept as they are, not encrypted.

use std::path::PathBuf;

use clap::Args;
use medchain_client::{
	api, records,
	vault::{VaultClient, VaultError, VaultInfo},
};
use serde_json::json;

use crate::{
	choices::{Category, LogKind},
	context::{Context, Failure, Outcome},
	output, parse,
	sealing::{self, NewRecord},
};

/// Which vault: its URL.
#[derive(Args)]
pub struct VaultArg {
	/// The record vault's URL (the organisation's `medchain-vault`).
	#[arg(long, env = "MEDCHAIN_VAULT", default_value = "http://127.0.0.1:8088")]
	vault: String,
}

/// `record put`'s arguments.
#[derive(Args)]
pub struct PutArgs {
	/// The file to store (the record's content, e.g. a FHIR resource as JSON).
	file: PathBuf,
	/// The patient's account.
	#[arg(long)]
	patient: String,
	#[arg(long, value_enum)]
	category: Category,
	/// Another reader to seal the key to (repeatable); the patient and the signer always are.
	#[arg(long = "reader")]
	readers: Vec<String>,
	#[command(flatten)]
	vault: VaultArg,
}

/// `record get`'s arguments.
#[derive(Args)]
pub struct GetArgs {
	record: u64,
	/// The signer's record key (`keys record-key`).
	#[arg(long)]
	key_file: PathBuf,
	/// Where to write the content (never overwritten).
	#[arg(long, short)]
	out: PathBuf,
	#[command(flatten)]
	vault: VaultArg,
}

/// `device log put`'s arguments.
#[derive(Args)]
pub struct LogPutArgs {
	device: u64,
	/// The file: an error log, a report, a photo of the display.
	file: PathBuf,
	#[arg(long, value_enum)]
	kind: LogKind,
	#[command(flatten)]
	vault: VaultArg,
}

/// `device log get`'s arguments.
#[derive(Args)]
pub struct LogGetArgs {
	device: u64,
	entry: u32,
	/// Where to write the file (never overwritten).
	#[arg(long, short)]
	out: PathBuf,
	#[command(flatten)]
	vault: VaultArg,
}

/// Encrypts the file, uploads the ciphertext to the vault, and anchors it in the vault's
/// organisation's store.
pub async fn put(context: &Context, args: PutArgs) -> Outcome {
	let content = sealing::read(&args.file)?;
	let patient = parse::account(&args.patient)?;
	let (vault, info) = connect(context, &args.vault.vault).await?;
	let (sealed, key) = records::encrypt(&content).map_err(|e| Failure::Keys(e.to_string()))?;
	let client = context.client().await?;
	let valid_for = client.max_read_request_age().await?;
	let upload = client.sign_upload(&context.signer()?, info.org, &sealed.cid, valid_for).await?;
	eprintln!("uploading {} bytes to {} ({})…", sealed.bytes.len(), vault.url(), sealed.cid);
	vault.put(&upload, sealed.bytes.clone()).await.map_err(refused)?;
	eprintln!("stored; anchoring");
	let new = NewRecord { patient, category: args.category, store: info.org };
	sealing::anchor(context, new, &sealed, &key, &args.readers).await
}

/// Opens the signer's envelope with their record key, fetches the record's ciphertext from the
/// vault (which audits the opening), checks it against the hash anchored on chain (the tamper
/// check), and writes the decrypted content to a new file.
pub async fn get(context: &Context, args: GetArgs) -> Outcome {
	let key = sealing::read_record_key(&args.key_file)?;
	let (_, anchored) = sealing::anchored(context, args.record).await?;
	// The signer's envelope first: an opening they could not decrypt is not worth an audit.
	let content_key = sealing::own_content_key(context, args.record, &key, &anchored).await?;
	let (vault, info) = connect(context, &args.vault.vault).await?;
	let client = context.client().await?;
	let valid_for = client.max_read_request_age().await?;
	let read = client.sign_read(&context.signer()?, args.record, info.org, valid_for).await?;
	let bytes = vault.get(&read).await.map_err(refused)?;
	if records::content_hash(&bytes) != anchored {
		return Err(Failure::Refused(format!(
			"the vault at {} served {} bytes that are not record {}'s ciphertext (altered, or \
			 another record's); nothing was written",
			vault.url(),
			bytes.len(),
			args.record
		)));
	}
	let content =
		records::decrypt(&bytes, &content_key).map_err(|e| Failure::Keys(e.to_string()))?;
	sealing::write_new(&args.out, &content, 0o600)
		.map_err(|e| Failure::Input(format!("{}: {e}", args.out.display())))?;
	let summary = json!({ "record": args.record, "out": args.out, "bytes": content.len() });
	output::value(context, &summary);
	Ok(())
}

/// Uploads a service-log file to the signer's organisation's vault, then appends it to the
/// device's log (by CID and hash): the vault serves it to the device's service staff.
pub async fn log_put(context: &Context, args: LogPutArgs) -> Outcome {
	let content = sealing::read(&args.file)?;
	let (vault, info) = connect(context, &args.vault.vault).await?;
	let client = context.client().await?;
	let signer = context.signer()?;
	let cid = records::cid(&content);
	let valid_for = client.max_read_request_age().await?;
	let upload = client.sign_upload(&signer, info.org, &cid, valid_for).await?;
	eprintln!("uploading {} bytes to {} ({cid})…", content.len(), vault.url());
	vault.put(&upload, content.clone()).await.map_err(refused)?;
	eprintln!("stored; appending to device {}'s log", args.device);
	let hash = records::content_hash(&content);
	let call = api::tx().device_registry().append_log(
		args.device,
		args.kind.into(),
		parse::cid(&cid)?,
		hash,
	);
	context.run(&call).await
}

/// Fetches a service-log file from the vault that keeps it with a signed request (the vault
/// audits the opening), checks it against the hash in the log, and writes it to a new file.
pub async fn log_get(context: &Context, args: LogGetArgs) -> Outcome {
	let (device, entry) = (args.device, args.entry);
	let client = context.client().await?;
	let page = api::runtime_apis().device_registry_api().service_log(device, entry, 1);
	let logged = client.call(page).await?.into_iter().find(|(index, _)| *index == entry);
	let Some((_, logged)) = logged else {
		return Err(Failure::Input(format!("device {device}'s log has no entry {entry}")));
	};
	let (vault, info) = connect(context, &args.vault.vault).await?;
	if info.org != logged.org {
		return Err(Failure::Input(format!(
			"entry {entry}'s file is kept by organisation {}'s vault; {} is organisation {}'s",
			logged.org,
			vault.url(),
			info.org
		)));
	}
	let valid_for = client.max_read_request_age().await?;
	let read = client.sign_log_read(&context.signer()?, device, entry, info.org, valid_for).await?;
	let bytes = vault.get_log(&read).await.map_err(refused)?;
	if records::content_hash(&bytes) != logged.hash {
		return Err(Failure::Refused(format!(
			"the vault at {} served {} bytes that are not the file of entry {entry} of device \
			 {device}'s log (altered, or another file); nothing was written",
			vault.url(),
			bytes.len()
		)));
	}
	sealing::write_new(&args.out, &bytes, 0o600)
		.map_err(|e| Failure::Input(format!("{}: {e}", args.out.display())))?;
	let summary =
		json!({ "device": device, "entry": entry, "out": args.out, "bytes": bytes.len() });
	output::value(context, &summary);
	Ok(())
}

/// The vault at `url`, which must serve the chain the CLI is connected to.
async fn connect(context: &Context, url: &str) -> Result<(VaultClient, VaultInfo), Failure> {
	let vault = VaultClient::new(url).map_err(refused)?;
	let info = vault.info().await.map_err(refused)?;
	let genesis = context.client().await?.subxt().genesis_hash();
	if info.genesis != genesis {
		return Err(Failure::Input(format!(
			"the vault at {url} serves another chain (genesis {:?}, the node's {genesis:?})",
			info.genesis
		)));
	}
	Ok((vault, info))
}

fn refused(error: VaultError) -> Failure {
	match error {
		VaultError::Unreachable { .. } => Failure::Node(error.to_string()),
		VaultError::Refused { .. } => Failure::Refused(error.to_string()),
	}
}
