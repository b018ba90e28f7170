//! Signed read requests: a reader asks an organisation's record store for a record by signing
//! a request, and the store, once it has served the reader, audits the opening on chain with
//! `access_control.record_access_for` and that signature, so that the audit trail shows who
//! really asked (docs/records-and-consent.md).

use serde_json::{json, Value as Json};
use subxt::{ext::codec::Encode, tx::Payload};

use crate::{
	api::{
		self,
		runtime_types::{pallet_access_control::types::ReadRequest, sp_runtime::MultiSignature},
	},
	keys::Account,
	AccountId, Client, Error,
};

/// The domain tag the signed message starts with (`pallet_access_control::READ_REQUEST_CONTEXT`).
pub const READ_REQUEST_CONTEXT: &[u8] = b"medchain/read-request/v1";

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
		json!({
			"reader": self.reader.to_string(),
			"record": self.request.record,
			"store": self.request.store,
			"nonce": self.request.nonce,
			"validUntil": self.request.valid_until,
			"signature": format!("0x{}", hex::encode(self.signature)),
		})
	}

	/// A request as [`SignedRead::to_json`] wrote it; the error names the field that is missing
	/// or malformed.
	pub fn from_json(value: &Json) -> Result<Self, String> {
		let number = |field: &str| value[field].as_u64().ok_or_else(|| field.to_string());
		let reader = value["reader"]
			.as_str()
			.and_then(|text| text.parse().ok())
			.ok_or_else(|| "reader".to_string())?;
		let signature = value["signature"]
			.as_str()
			.and_then(|text| hex::decode(text.trim_start_matches("0x")).ok())
			.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
			.ok_or_else(|| "signature".to_string())?;
		let store = u32::try_from(number("store")?).map_err(|_| "store".to_string())?;
		let valid_until =
			u32::try_from(number("validUntil")?).map_err(|_| "validUntil".to_string())?;
		let request =
			ReadRequest { record: number("record")?, store, nonce: number("nonce")?, valid_until };
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
		let (best, _) = self.best_head().await?;
		let nonce = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map_err(Error::chain)?
			.as_millis() as u64;
		let valid_until = u32::try_from(best).map_err(Error::chain)?.saturating_add(valid_for);
		let request = ReadRequest { record, store, nonce, valid_until };
		let signature = reader.sign(&message(&self.subxt().genesis_hash(), &request));
		Ok(SignedRead { reader: reader.account_id(), request, signature })
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
