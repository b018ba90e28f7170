//! Records encrypted and opened on the user's machine, in medchain's record format
//! (`medchain_client::records`, docs/records-and-consent.md): `record seal`, `record share`,
//! `record unseal`, and the X25519 record keys they use. The ciphertext goes to and comes from
//! a file; storing it in a record vault is issue 22's `record put`/`get`.

use std::path::{Path, PathBuf};

use clap::Args;
use medchain_client::{
	api::{self, runtime_types::bounded_collections::bounded_vec::BoundedVec},
	records::{self, EncryptionKey},
	AccountId,
};
use serde_json::json;

use crate::{
	choices::Category,
	context::{Context, Failure, Outcome},
	output, parse,
};

/// `record seal`'s arguments.
#[derive(Args)]
pub struct SealArgs {
	/// The file to encrypt (the record's content, e.g. a FHIR resource as JSON).
	file: PathBuf,
	/// The patient's account.
	#[arg(long)]
	patient: String,
	#[arg(long, value_enum)]
	category: Category,
	/// The organisation whose record store will keep the ciphertext.
	#[arg(long)]
	store: u32,
	/// Where to write the ciphertext, for the store (never overwritten).
	#[arg(long, short)]
	out: PathBuf,
	/// Another reader to seal the key to (repeatable); the patient and the signer always are.
	#[arg(long = "reader")]
	readers: Vec<String>,
}

/// Encrypts the file, writes the ciphertext, and anchors it with the key sealed to the patient,
/// the signer and each reader, each at the X25519 key they registered.
pub async fn seal(context: &Context, args: SealArgs) -> Outcome {
	let content = read(&args.file)?;
	let patient = parse::account(&args.patient)?;
	let (sealed, key) = records::encrypt(&content).map_err(|e| Failure::Keys(e.to_string()))?;
	write_new(&args.out, &sealed.bytes, 0o644)
		.map_err(|e| Failure::Input(format!("{}: {e}", args.out.display())))?;
	eprintln!(
		"ciphertext written to {} ({} bytes, {})",
		args.out.display(),
		sealed.bytes.len(),
		sealed.cid
	);
	let new = NewRecord { patient, category: args.category, store: args.store };
	anchor(context, new, &sealed, &key, &args.readers).await
}

/// Whose record a new one is, of what, and where its ciphertext is kept.
pub struct NewRecord {
	pub patient: AccountId,
	pub category: Category,
	pub store: u32,
}

/// Anchors `sealed` as `new`, with its key sealed to the patient, the signer and each reader
/// (each once, wherever named again: the chain refuses a second envelope), each at the X25519
/// key they registered.
pub async fn anchor(
	context: &Context,
	new: NewRecord,
	sealed: &records::Sealed,
	key: &records::ContentKey,
	readers: &[String],
) -> Outcome {
	let mut sealed_to = vec![new.patient, context.signer()?.account_id()];
	for reader in readers {
		sealed_to.push(parse::account(reader)?);
	}
	let mut seen = std::collections::BTreeSet::new();
	sealed_to.retain(|reader| seen.insert(reader.0));
	let mut envelopes = Vec::new();
	for reader in sealed_to {
		let public = registered_key(context, reader).await?;
		let envelope =
			key.seal_to(&public, &sealed.content_hash).map_err(|e| Failure::Keys(e.to_string()))?;
		envelopes.push((reader, BoundedVec(envelope)));
	}
	let call = api::tx().emr_pointers().add_record(
		new.patient,
		new.category.into(),
		parse::cid(&sealed.cid)?,
		sealed.content_hash,
		new.store,
		BoundedVec(envelopes),
	);
	context.run(&call).await
}

/// Seals `record`'s key to `reader`: opens the signer's own envelope with their record key,
/// seals the content key to the reader's registered key, and adds that envelope.
pub async fn share(context: &Context, record: u64, reader: &str, key_file: &Path) -> Outcome {
	let key = read_record_key(key_file)?;
	let reader = parse::account(reader)?;
	let (_, hash) = anchored(context, record).await?;
	let content_key = own_content_key(context, record, &key, &hash).await?;
	let public = registered_key(context, reader).await?;
	let envelope = content_key.seal_to(&public, &hash).map_err(|e| Failure::Keys(e.to_string()))?;
	let call = api::tx()
		.emr_pointers()
		.add_envelopes(record, BoundedVec(vec![(reader, BoundedVec(envelope))]));
	context.run(&call).await
}

/// Opens a record's ciphertext: checks that `file` is that record version's ciphertext (the
/// tamper check), records the opening on chain (refused without consent, so no opening goes
/// unaudited; a patient opening their own record is not an access to audit), opens the
/// signer's envelope and writes the content to `out`.
pub async fn unseal(
	context: &Context,
	record: u64,
	file: &Path,
	key_file: &Path,
	out: &Path,
) -> Outcome {
	let key = read_record_key(key_file)?;
	let bytes = read(file)?;
	let hash = records::content_hash(&bytes);
	let (patient, anchored) = anchored(context, record).await?;
	if anchored != hash {
		return Err(Failure::Refused(format!(
			"{} is not record {record}'s ciphertext: altered, or another record's",
			file.display()
		)));
	}
	let content_key = own_content_key(context, record, &key, &hash).await?;
	if patient != context.signer()?.account_id() {
		context.submit(&api::tx().access_control().record_access(record)).await?;
	}
	let content =
		records::decrypt(&bytes, &content_key).map_err(|e| Failure::Keys(e.to_string()))?;
	write_new(out, &content, 0o600)
		.map_err(|e| Failure::Input(format!("{}: {e}", out.display())))?;
	output::value(context, &json!({ "record": record, "out": out, "bytes": content.len() }));
	Ok(())
}

/// A new record key in `file` (mode 0600, never overwritten); returns its public half.
pub fn new_record_key(file: &Path) -> Result<[u8; 32], Failure> {
	let key = EncryptionKey::generate().map_err(|e| Failure::Keys(e.to_string()))?;
	write_new(file, format!("{}\n", hex::encode(key.secret_bytes())).as_bytes(), 0o600)
		.map_err(|e| Failure::Keys(format!("{}: {e}", file.display())))?;
	Ok(key.public())
}

/// The record key kept in `file` (64 hex digits, as `keys record-key` wrote it).
pub fn read_record_key(file: &Path) -> Result<EncryptionKey, Failure> {
	let text = std::fs::read_to_string(file)
		.map_err(|e| Failure::Keys(format!("record key {}: {e}", file.display())))?;
	hex::decode(text.trim().trim_start_matches("0x"))
		.map_err(|e| e.to_string())
		.and_then(|bytes| EncryptionKey::from_secret(&bytes).map_err(|e| e.to_string()))
		.map_err(|e| Failure::Keys(format!("record key {}: {e}", file.display())))
}

/// `record`'s patient and the content hash it was anchored with, or why there is none.
pub async fn anchored(context: &Context, record: u64) -> Result<(AccountId, [u8; 32]), Failure> {
	let client = context.client().await?;
	let pointer =
		client.call(api::runtime_apis().emr_api().record(record)).await?.ok_or_else(|| {
			Failure::Refused(format!("record {record} does not exist (or was erased)"))
		})?;
	Ok((pointer.patient, pointer.content_hash))
}

/// The content key of `record` from the signer's own envelope, opened with `key`.
pub async fn own_content_key(
	context: &Context,
	record: u64,
	key: &EncryptionKey,
	hash: &[u8; 32],
) -> Result<records::ContentKey, Failure> {
	let reader = context.signer()?.account_id();
	let envelope =
		context.client().await?.key_envelope(record, reader).await?.ok_or_else(|| {
			Failure::Refused(format!("record {record} has no key envelope for {reader}"))
		})?;
	key.open(&envelope, hash).map_err(|e| Failure::Keys(e.to_string()))
}

async fn registered_key(context: &Context, who: AccountId) -> Result<[u8; 32], Failure> {
	context.client().await?.encryption_key(who).await?.ok_or_else(|| {
		Failure::Refused(format!(
			"{who} has registered no encryption key (`medchain keys encryption-key`)"
		))
	})
}

pub fn read(file: &Path) -> Result<Vec<u8>, Failure> {
	std::fs::read(file).map_err(|e| Failure::Input(format!("{}: {e}", file.display())))
}

/// Writes `bytes` to a new file (never an existing one) with permissions `mode`, synced.
pub fn write_new(file: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
	use std::{io::Write, os::unix::fs::OpenOptionsExt};
	let mut out = std::fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(file)?;
	out.write_all(bytes).and_then(|()| out.sync_all())
}
