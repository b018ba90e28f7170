//! Signed read requests: a reader asks an organisation's record store for a record (or a
//! device's service-log file) by signing a request, and the store, once it has served the
//! reader, audits the opening on chain with `access_control.record_access_for` (or
//! `device_registry.open_log_for`) and that signature, so that the audit trail shows who
//! really asked (docs/records-and-consent.md, docs/vault.md). Both kinds spend nonces from one
//! sequence per reader.

use serde_json::{json, Value as Json};
use subxt::{ext::codec::Encode, tx::Payload};

use crate::{
	api::{
		self,
		runtime_types::{
			pallet_access_control::types::{BreakGlassAccess, ReadRequest},
			pallet_device_registry::types::LogReadRequest,
			sp_runtime::MultiSignature,
		},
	},
	keys::Account,
	AccountId, Client, Error,
};

/// The domain tag the signed message starts with (`pallet_access_control::READ_REQUEST_CONTEXT`).
pub const READ_REQUEST_CONTEXT: &[u8] = b"medchain/read-request/v1";

/// The domain tag of a log file's request (`pallet_device_registry::LOG_REQUEST_CONTEXT`).
pub const LOG_REQUEST_CONTEXT: &[u8] = b"medchain/log-request/v1";

/// A read request and the reader's signature over it.
#[derive(Debug)]
pub struct SignedRead {
	/// Who asks.
	pub reader: AccountId,
	/// What they ask for.
	pub request: ReadRequest<u32>,
	/// The reader's sr25519 signature over [`message`].
	pub signature: [u8; 64],
}

// By hand: the generated `ReadRequest` derives no `Clone`.
impl Clone for SignedRead {
	fn clone(&self) -> Self {
		let ReadRequest { record, store, nonce, valid_until } = self.request;
		SignedRead {
			reader: self.reader,
			request: ReadRequest { record, store, nonce, valid_until },
			signature: self.signature,
		}
	}
}

impl SignedRead {
	/// As JSON, to hand to the store.
	pub fn to_json(&self) -> Json {
		let fields = json!({
			"record": self.request.record,
			"store": self.request.store,
			"nonce": self.request.nonce,
			"validUntil": self.request.valid_until,
		});
		signed(fields, &self.reader, &self.signature)
	}

	/// A request as [`SignedRead::to_json`] wrote it; the error names the field that is missing
	/// or malformed.
	pub fn from_json(value: &Json) -> Result<Self, String> {
		let (reader, signature) = signer_of(value)?;
		let request = ReadRequest {
			record: number(value, "record")?,
			store: number(value, "store")?,
			nonce: number(value, "nonce")?,
			valid_until: number(value, "validUntil")?,
		};
		Ok(SignedRead { reader, request, signature })
	}

	/// The store's call that audits the opening on chain.
	pub fn audit_call(self) -> impl Payload {
		api::tx().access_control().record_access_for(
			self.reader,
			self.request,
			MultiSignature::Sr25519(self.signature),
		)
	}
}

/// What the reader signs: the domain tag, the chain's genesis hash and the request, each
/// SCALE-encoded, one after the other.
pub fn message(genesis: &crate::Hash, request: &ReadRequest<u32>) -> Vec<u8> {
	(
		READ_REQUEST_CONTEXT,
		genesis.0,
		(request.record, request.store, request.nonce, request.valid_until),
	)
		.encode()
}

/// A request for a device's service-log file and the reader's signature over it.
#[derive(Debug)]
pub struct SignedLogRead {
	/// Who asks.
	pub reader: AccountId,
	/// What they ask for.
	pub request: LogReadRequest<u32>,
	/// The reader's sr25519 signature over [`log_message`].
	pub signature: [u8; 64],
}

// By hand: the generated `LogReadRequest` derives no `Clone`.
impl Clone for SignedLogRead {
	fn clone(&self) -> Self {
		let LogReadRequest { device, entry, store, nonce, valid_until } = self.request;
		SignedLogRead {
			reader: self.reader,
			request: LogReadRequest { device, entry, store, nonce, valid_until },
			signature: self.signature,
		}
	}
}

impl SignedLogRead {
	/// As JSON (`"kind": "log"`, beside [`SignedRead::to_json`]'s fields).
	pub fn to_json(&self) -> Json {
		let fields = json!({
			"kind": "log",
			"device": self.request.device,
			"entry": self.request.entry,
			"store": self.request.store,
			"nonce": self.request.nonce,
			"validUntil": self.request.valid_until,
		});
		signed(fields, &self.reader, &self.signature)
	}

	/// A request as [`SignedLogRead::to_json`] wrote it; the error names the field that is
	/// missing or malformed.
	pub fn from_json(value: &Json) -> Result<Self, String> {
		let (reader, signature) = signer_of(value)?;
		let request = LogReadRequest {
			device: number(value, "device")?,
			entry: number(value, "entry")?,
			store: number(value, "store")?,
			nonce: number(value, "nonce")?,
			valid_until: number(value, "validUntil")?,
		};
		Ok(SignedLogRead { reader, request, signature })
	}

	/// The store's call that audits the opening on chain.
	pub fn audit_call(self) -> impl Payload {
		api::tx().device_registry().open_log_for(
			self.reader,
			self.request,
			MultiSignature::Sr25519(self.signature),
		)
	}
}

/// What the reader of a log file signs: the domain tag, the chain's genesis hash and the
/// request, each SCALE-encoded, one after the other.
pub fn log_message(genesis: &crate::Hash, request: &LogReadRequest<u32>) -> Vec<u8> {
	let LogReadRequest { device, entry, store, nonce, valid_until } = *request;
	(LOG_REQUEST_CONTEXT, genesis.0, (device, entry, store, nonce, valid_until)).encode()
}

/// Field `field` of `value`, a number that fits `T`.
fn number<T: TryFrom<u64>>(value: &Json, field: &str) -> Result<T, String> {
	value[field].as_u64().and_then(|n| T::try_from(n).ok()).ok_or_else(|| field.to_string())
}

/// A request's `fields` with the `reader` and `signature` every signed request's JSON has
/// ([`signer_of`] reads them back).
fn signed(mut fields: Json, reader: &AccountId, signature: &[u8; 64]) -> Json {
	fields["reader"] = json!(reader.to_string());
	fields["signature"] = json!(format!("0x{}", hex::encode(signature)));
	fields
}

/// The `reader` and `signature` fields every signed request's JSON has.
fn signer_of(value: &Json) -> Result<(AccountId, [u8; 64]), String> {
	let reader = value["reader"]
		.as_str()
		.and_then(|text| text.parse().ok())
		.ok_or_else(|| "reader".to_string())?;
	let signature = value["signature"]
		.as_str()
		.and_then(|text| hex::decode(text.trim_start_matches("0x")).ok())
		.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
		.ok_or_else(|| "signature".to_string())?;
	Ok((reader, signature))
}

/// The clock in milliseconds: a nonce newer than every earlier one of the same reader.
fn clock_nonce() -> Result<u64, Error> {
	Ok(std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_err(Error::chain)?
		.as_millis() as u64)
}

impl Client {
	/// How many blocks ahead a read request may be valid (`MaxReadRequestAge`).
	pub async fn max_read_request_age(&self) -> Result<u32, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let age = api::constants().access_control().max_read_request_age();
		at.constants().entry(age).map_err(Error::chain)
	}

	/// `reader`'s signed request for `record` from `store`'s record store, valid for
	/// `valid_for` blocks from the best block (at most [`Client::max_read_request_age`]). The
	/// nonce is the clock in milliseconds, so every request of a reader is newer than the
	/// last.
	pub async fn sign_read(
		&self,
		reader: &Account,
		record: u64,
		store: u32,
		valid_for: u32,
	) -> Result<SignedRead, Error> {
		let (nonce, valid_until) = (clock_nonce()?, self.valid_until(valid_for).await?);
		let request = ReadRequest { record, store, nonce, valid_until };
		let signature = reader.sign(&message(&self.subxt().genesis_hash(), &request));
		Ok(SignedRead { reader: reader.account_id(), request, signature })
	}

	/// `reader`'s signed request for the file of `entry` of `device`'s service log from
	/// `store`'s record store (as [`Client::sign_read`]).
	pub async fn sign_log_read(
		&self,
		reader: &Account,
		device: u64,
		entry: u32,
		store: u32,
		valid_for: u32,
	) -> Result<SignedLogRead, Error> {
		let (nonce, valid_until) = (clock_nonce()?, self.valid_until(valid_for).await?);
		let request = LogReadRequest { device, entry, store, nonce, valid_until };
		let signature = reader.sign(&log_message(&self.subxt().genesis_hash(), &request));
		Ok(SignedLogRead { reader: reader.account_id(), request, signature })
	}

	/// The block `valid_for` blocks after the best one.
	pub(crate) async fn valid_until(&self, valid_for: u32) -> Result<u32, Error> {
		let (best, _) = self.best_head().await?;
		Ok(u32::try_from(best).map_err(Error::chain)?.saturating_add(valid_for))
	}
}

/// One opening of a device's service log (`DeviceRegistry.LogAccesses`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogOpening {
	/// Its place among the device's openings, from 0.
	pub index: u32,
	/// Who opened it.
	pub reader: AccountId,
	/// Which entry.
	pub entry: u32,
	/// When (ms since the Unix epoch).
	pub at: u64,
}

impl Client {
	/// Up to `limit` openings of `device`'s service log from index `start`, oldest first: who
	/// read which entry, and when.
	pub async fn log_openings(
		&self,
		device: u64,
		start: u32,
		limit: u32,
	) -> Result<Vec<LogOpening>, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let storage = api::storage().device_registry();
		let count = at.storage().try_fetch(storage.log_access_count(), (device,)).await;
		let count = match count.map_err(Error::chain)? {
			Some(count) => count.decode().map_err(Error::chain)?,
			None => 0,
		};
		// The page's entries asked for at once, not one round trip after another.
		let fetches = (start..count.min(start.saturating_add(limit))).map(|index| {
			let (at, storage) = (&at, &storage);
			async move {
				let opening = at.storage().try_fetch(storage.log_accesses(), (device, index)).await;
				let Some(opening) = opening.map_err(Error::chain)? else { return Ok(None) };
				let (reader, entry, at) = opening.decode().map_err(Error::chain)?;
				Ok::<_, Error>(Some(LogOpening { index, reader, entry, at }))
			}
		});
		let openings: Vec<Option<LogOpening>> = futures::future::try_join_all(fetches).await?;
		Ok(openings.into_iter().flatten().collect())
	}
}

impl Client {
	/// The content key of `record` sealed to `reader` (`EmrPointers.KeyEnvelopes`), if any.
	pub async fn key_envelope(
		&self,
		record: u64,
		reader: AccountId,
	) -> Result<Option<Vec<u8>>, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let envelope = at
			.storage()
			.try_fetch(api::storage().emr_pointers().key_envelopes(), (record, reader))
			.await
			.map_err(Error::chain)?;
		envelope.map(|e| e.decode().map(|bytes| bytes.0)).transpose().map_err(Error::chain)
	}

	/// Break-glass access `id` (`AccessControl.BreakGlassAccesses`), if any.
	pub async fn break_glass_access(
		&self,
		id: u64,
	) -> Result<Option<BreakGlassAccess<AccountId>>, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let access = at
			.storage()
			.try_fetch(api::storage().access_control().break_glass_accesses(), (id,))
			.await
			.map_err(Error::chain)?;
		access.map(|a| a.decode()).transpose().map_err(Error::chain)
	}

	/// `who`'s registered X25519 public key (`EmrPointers.EncryptionKeys`), to which record
	/// keys are sealed for them, if they registered one.
	pub async fn encryption_key(&self, who: AccountId) -> Result<Option<[u8; 32]>, Error> {
		let at = self.subxt().at_current_block().await.map_err(Error::chain)?;
		let key = at
			.storage()
			.try_fetch(api::storage().emr_pointers().encryption_keys(), (who,))
			.await
			.map_err(Error::chain)?;
		key.map(|k| k.decode()).transpose().map_err(Error::chain)
	}
}
