//! The record vault's HTTP protocol (`medchain-vault`, docs/vault.md), for both sides: what a
//! caller signs, the headers that carry it, and [`VaultClient`], which uploads and fetches
//! ciphertext.
//!
//! Every request names the caller's account and carries the caller's sr25519 signature, so
//! that the vault can ask the chain what that account may do:
//!
//! - an **upload** (`PUT /v1/objects/{cid}`) is signed over [`upload_message`]: the upload
//!   context, the chain's genesis hash, the vault's organisation, the CID and the last block at
//!   which the signature holds. Uploads are content-addressed, so replaying one stores the same
//!   bytes again and nothing else;
//! - a **read** (`GET /v1/records/{id}`) is the chain's own signed read request
//!   ([`crate::reads`]): the vault relays it to `access_control.record_access_for`, so the
//!   patient's audit trail names the reader, and the chain's nonce makes it good once;
//! - a **service-log file** (`GET /v1/devices/{device}/log/{entry}`) is read the same way, with
//!   a signed log request the vault relays to `device_registry.open_log_for`.

use std::time::Duration;

use serde_json::Value as Json;
use subxt::ext::codec::Encode;

use crate::{
	api::runtime_types::{
		pallet_access_control::types::ReadRequest, pallet_device_registry::types::LogReadRequest,
	},
	keys::Account,
	reads::{SignedLogRead, SignedRead},
	AccountId, Client, Error, Hash,
};

/// The domain tag an upload's signed message starts with.
pub const UPLOAD_CONTEXT: &[u8] = b"medchain/vault-upload/v1";

/// The caller's account (SS58).
pub const ACCOUNT_HEADER: &str = "medchain-account";
/// The last block at which the signature holds.
pub const VALID_UNTIL_HEADER: &str = "medchain-valid-until";
/// A read request's nonce.
pub const NONCE_HEADER: &str = "medchain-nonce";
/// The caller's sr25519 signature, `0x` and 128 hex digits.
pub const SIGNATURE_HEADER: &str = "medchain-signature";
/// On a served record: the ciphertext's CID.
pub const CID_HEADER: &str = "medchain-cid";

/// What an uploader signs: the domain tag, the genesis hash, the vault's organisation, the
/// CID (as text) and the last valid block, SCALE-encoded one after the other.
pub fn upload_message(genesis: &Hash, store: u32, cid: &str, valid_until: u32) -> Vec<u8> {
	(UPLOAD_CONTEXT, genesis.0, store, cid.as_bytes(), valid_until).encode()
}

/// An upload's authorisation: who uploads which CID to which organisation's vault, until when.
#[derive(Clone, Debug)]
pub struct SignedUpload {
	/// Who uploads.
	pub uploader: AccountId,
	/// The vault's organisation.
	pub store: u32,
	/// The ciphertext's CIDv1 (raw, sha2-256).
	pub cid: String,
	/// The last block at which the vault accepts it.
	pub valid_until: u32,
	/// The uploader's signature over [`upload_message`].
	pub signature: [u8; 64],
}

impl Client {
	/// `uploader`'s signed upload of `cid` to `store`'s vault, valid for `valid_for` blocks
	/// from the best block.
	pub async fn sign_upload(
		&self,
		uploader: &Account,
		store: u32,
		cid: &str,
		valid_for: u32,
	) -> Result<SignedUpload, Error> {
		let valid_until = self.valid_until(valid_for).await?;
		let message = upload_message(&self.subxt().genesis_hash(), store, cid, valid_until);
		Ok(SignedUpload {
			uploader: uploader.account_id(),
			store,
			cid: cid.to_string(),
			valid_until,
			signature: uploader.sign(&message),
		})
	}
}

/// The first runtime whose chain accepts signed requests wrapped as browser extensions sign
/// them; a vault that accepts them needs it (docs/vault.md).
pub const WRAPPED_SIGNATURES_SINCE_SPEC: u32 = 118;

/// `message` as browser extensions sign bytes, `<Bytes>message</Bytes>` (the chain's
/// `medchain_primitives::wrapped_bytes`).
pub fn wrapped(message: &[u8]) -> Vec<u8> {
	[b"<Bytes>".as_slice(), message, b"</Bytes>"].concat()
}

/// Whether `signature` is `signer`'s sr25519 signature over `message`, raw or wrapped in
/// `<Bytes>…</Bytes>` as browser extensions sign bytes: the chain accepts signed requests in
/// both forms (`medchain_primitives::wrapped_bytes`), and so does the vault.
pub fn verify(signer: &AccountId, message: &[u8], signature: &[u8; 64]) -> bool {
	let public = subxt_signer::sr25519::PublicKey(signer.0);
	let signature = subxt_signer::sr25519::Signature(*signature);
	// The wrapped form is built only when the raw one fails.
	subxt_signer::sr25519::verify(&signature, message, &public)
		|| subxt_signer::sr25519::verify(&signature, wrapped(message), &public)
}

/// A signed read request from the headers the vault received; the error names the header
/// that is missing or malformed.
pub fn read_from_headers(
	record: u64,
	store: u32,
	header: impl Fn(&str) -> Option<String>,
) -> Result<SignedRead, String> {
	let (reader, valid_until, signature) = signed_headers(&header)?;
	let nonce = required(&header, NONCE_HEADER)?;
	Ok(SignedRead { reader, request: ReadRequest { record, store, nonce, valid_until }, signature })
}

/// A signed request for a service-log file from the headers the vault received (as
/// [`read_from_headers`]).
pub fn log_read_from_headers(
	device: u64,
	entry: u32,
	store: u32,
	header: impl Fn(&str) -> Option<String>,
) -> Result<SignedLogRead, String> {
	let (reader, valid_until, signature) = signed_headers(&header)?;
	let nonce = required(&header, NONCE_HEADER)?;
	let request = LogReadRequest { device, entry, store, nonce, valid_until };
	Ok(SignedLogRead { reader, request, signature })
}

/// A signed upload from the headers the vault received (as [`read_from_headers`]).
pub fn upload_from_headers(
	cid: &str,
	store: u32,
	header: impl Fn(&str) -> Option<String>,
) -> Result<SignedUpload, String> {
	let (uploader, valid_until, signature) = signed_headers(&header)?;
	Ok(SignedUpload { uploader, store, cid: cid.to_string(), valid_until, signature })
}

/// The headers every signed request carries: the account, the last valid block, the signature.
fn signed_headers(
	header: &impl Fn(&str) -> Option<String>,
) -> Result<(AccountId, u32, [u8; 64]), String> {
	let account = required(header, ACCOUNT_HEADER)?;
	let valid_until = required(header, VALID_UNTIL_HEADER)?;
	let text: String = required(header, SIGNATURE_HEADER)?;
	let signature =
		signature(&text).ok_or_else(|| format!("malformed header {SIGNATURE_HEADER}"))?;
	Ok((account, valid_until, signature))
}

/// Header `name`, parsed.
fn required<T: std::str::FromStr>(
	header: &impl Fn(&str) -> Option<String>,
	name: &str,
) -> Result<T, String> {
	let text = header(name).ok_or_else(|| format!("missing header {name}"))?;
	text.parse().map_err(|_| format!("malformed header {name}"))
}

fn signature(text: &str) -> Option<[u8; 64]> {
	hex::decode(text.strip_prefix("0x")?).ok()?.try_into().ok()
}

fn signature_text(signature: &[u8; 64]) -> String {
	format!("0x{}", hex::encode(signature))
}

/// What a vault says about itself (`GET /v1/info`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultInfo {
	/// The organisation whose records it keeps.
	pub org: u32,
	/// The genesis hash of the chain it serves.
	pub genesis: Hash,
	/// The largest upload it accepts, in bytes.
	pub max_upload_bytes: u64,
}

/// What went wrong talking to a vault.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
	/// No answer (connection refused, timeout) or an answer that is not the vault's protocol.
	#[error("cannot reach the vault at {url}: {reason}")]
	Unreachable {
		/// The vault's URL.
		url: String,
		/// What went wrong.
		reason: String,
	},
	/// The vault refused: its HTTP status, its error code and its words.
	#[error("the vault refused ({status} {code}): {message}")]
	Refused {
		/// The HTTP status (401, 403, 404, 410, 413, 422, 503 …).
		status: u16,
		/// The error code (`no-consent`, `erased`, `digest-mismatch` …; docs/vault.md).
		code: String,
		/// What the vault said.
		message: String,
	},
}

/// An HTTP client of one vault.
#[derive(Clone, Debug)]
pub struct VaultClient {
	http: reqwest::Client,
	url: String,
}

impl VaultClient {
	/// A client of the vault at `url` (`http://127.0.0.1:8088`).
	pub fn new(url: &str) -> Result<Self, VaultError> {
		let http = reqwest::Client::builder()
			.connect_timeout(Duration::from_secs(10))
			.build()
			.map_err(|e| VaultError::Unreachable { url: url.into(), reason: e.to_string() })?;
		Ok(VaultClient { http, url: url.trim_end_matches('/').to_string() })
	}

	/// The vault's URL.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The vault's organisation, chain and limits.
	pub async fn info(&self) -> Result<VaultInfo, VaultError> {
		let response = self.send(self.http.get(format!("{}/v1/info", self.url))).await?;
		let body = response.bytes().await.map_err(|e| self.unreachable(e))?;
		let json: Json = serde_json::from_slice(&body).map_err(|e| self.unreachable(e))?;
		let org = json["org"].as_u64().and_then(|org| u32::try_from(org).ok());
		let genesis = json["genesis"]
			.as_str()
			.and_then(|text| hex::decode(text.trim_start_matches("0x")).ok())
			.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok());
		match (org, genesis, json["maxUploadBytes"].as_u64()) {
			(Some(org), Some(genesis), Some(max_upload_bytes)) => {
				Ok(VaultInfo { org, genesis: Hash::from(genesis), max_upload_bytes })
			},
			_ => Err(self.unreachable("GET /v1/info did not answer as a medchain vault")),
		}
	}

	/// Uploads `bytes`, the ciphertext `upload` names. Uploading what the vault already holds
	/// succeeds.
	pub async fn put(&self, upload: &SignedUpload, bytes: Vec<u8>) -> Result<(), VaultError> {
		let request = self
			.http
			.put(format!("{}/v1/objects/{}", self.url, upload.cid))
			.header(ACCOUNT_HEADER, upload.uploader.to_string())
			.header(VALID_UNTIL_HEADER, upload.valid_until)
			.header(SIGNATURE_HEADER, signature_text(&upload.signature))
			.body(bytes);
		self.send(request).await.map(drop)
	}

	/// Fetches a record's ciphertext with the reader's signed request; the vault audits the
	/// opening on chain.
	pub async fn get(&self, read: &SignedRead) -> Result<Vec<u8>, VaultError> {
		let path = format!("records/{}", read.request.record);
		let ReadRequest { nonce, valid_until, .. } = read.request;
		self.fetch(&path, &read.reader, nonce, valid_until, &read.signature).await
	}

	/// Fetches a service-log file with the reader's signed request; the vault audits the
	/// opening on chain.
	pub async fn get_log(&self, read: &SignedLogRead) -> Result<Vec<u8>, VaultError> {
		let LogReadRequest { device, entry, nonce, valid_until, .. } = read.request;
		let path = format!("devices/{device}/log/{entry}");
		self.fetch(&path, &read.reader, nonce, valid_until, &read.signature).await
	}

	async fn fetch(
		&self,
		path: &str,
		reader: &AccountId,
		nonce: u64,
		valid_until: u32,
		signature: &[u8; 64],
	) -> Result<Vec<u8>, VaultError> {
		let request = self
			.http
			.get(format!("{}/v1/{path}", self.url))
			.header(ACCOUNT_HEADER, reader.to_string())
			.header(NONCE_HEADER, nonce)
			.header(VALID_UNTIL_HEADER, valid_until)
			.header(SIGNATURE_HEADER, signature_text(signature));
		let response = self.send(request).await?;
		Ok(response.bytes().await.map_err(|e| self.unreachable(e))?.to_vec())
	}

	async fn send(
		&self,
		request: reqwest::RequestBuilder,
	) -> Result<reqwest::Response, VaultError> {
		let response = request.send().await.map_err(|e| self.unreachable(e))?;
		if response.status().is_success() {
			return Ok(response);
		}
		let status = response.status().as_u16();
		let body = response.bytes().await.unwrap_or_default();
		let body: Json = serde_json::from_slice(&body).unwrap_or_default();
		let text = |field: &str| body[field].as_str().unwrap_or_default().to_string();
		Err(VaultError::Refused { status, code: text("error"), message: text("message") })
	}

	fn unreachable(&self, reason: impl std::fmt::Display) -> VaultError {
		VaultError::Unreachable { url: self.url.clone(), reason: reason.to_string() }
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_signature_over_the_message_raw_or_as_an_extension_wraps_it_verifies() {
		let alice = subxt_signer::sr25519::dev::alice();
		let signer = AccountId::from(alice.public_key().0);
		let message = upload_message(&Hash::zero(), 3, "bafk", 10);
		assert!(verify(&signer, &message, &alice.sign(&message).0));
		let wrapped = wrapped(&message);
		assert!(verify(&signer, &message, &alice.sign(&wrapped).0));
		// Half a wrapping, another message, another signer: no.
		assert!(!verify(&signer, &message, &alice.sign(&wrapped[..wrapped.len() - 1]).0));
		assert!(!verify(
			&signer,
			&upload_message(&Hash::zero(), 4, "bafk", 10),
			&alice.sign(&message).0
		));
		let bob = AccountId::from(subxt_signer::sr25519::dev::bob().public_key().0);
		assert!(!verify(&bob, &message, &alice.sign(&message).0));
	}
}
