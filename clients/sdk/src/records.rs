//! The record format: how a record's content is encrypted, how its content key is sealed to
//! each reader, and how the ciphertext is named (docs/records-and-consent.md, "The record
//! format"). Every primitive is a standard one from a maintained crate:
//!
//! - **content**: AES-256-GCM (RustCrypto's `aes-gcm`) under a random 32-byte content key and a
//!   random 96-bit nonce. The stored bytes are `1 ‖ nonce ‖ ciphertext ‖ tag`; the leading
//!   byte is the format's version, and it is also authenticated (it is the associated data).
//! - **key envelopes**: the content key sealed to one reader with HPKE (RFC 9180, `hpke`
//!   crate), base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. The info string
//!   names the format and the associated data is the record's content hash, so an envelope
//!   opens only for the record it was sealed for. An envelope is `1 ‖ enc (32) ‖ sealed key
//!   (48)`: 81 bytes, under the chain's 128.
//! - **names**: the content hash is SHA-256 of the stored bytes, and the CID is CIDv1 (raw
//!   codec, sha2-256) of the same bytes in base32, what IPFS names a single raw block.

use aes_gcm::{
	aead::{Aead, KeyInit, Payload},
	Aes256Gcm, Nonce,
};
use hpke::{
	aead::AesGcm256, kdf::HkdfSha256, kem::X25519HkdfSha256, Deserializable, Kem as _, OpModeR,
	OpModeS, Serializable,
};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The version byte every stored record and every envelope of this format starts with.
pub const FORMAT_VERSION: u8 = 1;

/// HPKE's `info`: which format and which use the shared secret is for.
const ENVELOPE_INFO: &[u8] = b"medchain/envelope/v1";

/// The multicodec of raw bytes and of a SHA-256 multihash (the multiformats table).
const RAW_CODEC: u64 = 0x55;
const SHA2_256: u64 = 0x12;

/// Bytes of the version and the AES-GCM nonce in front of the ciphertext.
const HEADER: usize = 1 + 12;
/// Bytes of an envelope: version, HPKE's encapsulated key, the content key and its tag.
pub const ENVELOPE_LEN: usize = 1 + 32 + 32 + 16;

type Kem = X25519HkdfSha256;

/// What can go wrong opening or sealing a record.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
	/// The bytes are shorter than the format's header and tag.
	#[error("not a medchain record or envelope: {0} bytes is too short")]
	Truncated(usize),
	/// The bytes are of a format version this client does not know.
	#[error("record format version {0} is not known to this client (it reads version 1)")]
	UnknownVersion(u8),
	/// The content does not decrypt under the key: the wrong key, or the bytes were altered.
	#[error("the record does not decrypt under this key: the wrong key, or altered bytes")]
	Undecryptable,
	/// The envelope does not open with this reader's key, or is not for this record.
	#[error("the key envelope does not open with this key, or is not this record's")]
	NotYourEnvelope,
	/// A public key is not 32 bytes, or a private key file is not a key.
	#[error("not an X25519 key: {0}")]
	BadKey(String),
	/// The system's random source failed.
	#[error("no random source: {0}")]
	NoRandomness(String),
}

/// A reader's X25519 key pair: its public half is registered on chain
/// (`EmrPointers.register_encryption_key`), its private half opens the envelopes sealed to it.
pub struct EncryptionKey {
	secret: <Kem as hpke::Kem>::PrivateKey,
	public: <Kem as hpke::Kem>::PublicKey,
}

impl std::fmt::Debug for EncryptionKey {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "EncryptionKey(public 0x{})", hex::encode(self.public()))
	}
}

impl EncryptionKey {
	/// A new key pair from 32 bytes of the system's random source (RFC 9180's DeriveKeyPair).
	pub fn generate() -> Result<Self, RecordError> {
		let mut seed = random::<32>()?;
		let (secret, public) = Kem::derive_keypair(&seed);
		seed.zeroize();
		Ok(EncryptionKey { secret, public })
	}

	/// The key pair whose private key is `secret` (as [`EncryptionKey::secret_bytes`] gave it).
	pub fn from_secret(secret: &[u8]) -> Result<Self, RecordError> {
		let secret = <Kem as hpke::Kem>::PrivateKey::from_bytes(secret)
			.map_err(|e| RecordError::BadKey(e.to_string()))?;
		let public = Kem::sk_to_pk(&secret);
		Ok(EncryptionKey { secret, public })
	}

	/// The private key's 32 bytes: keep them secret.
	pub fn secret_bytes(&self) -> [u8; 32] {
		self.secret.to_bytes().into()
	}

	/// The public key's 32 bytes: what the chain keeps.
	pub fn public(&self) -> [u8; 32] {
		self.public.to_bytes().into()
	}

	/// Opens `envelope`, sealed to this key for the record whose content hash is
	/// `content_hash`.
	pub fn open(
		&self,
		envelope: &[u8],
		content_hash: &[u8; 32],
	) -> Result<ContentKey, RecordError> {
		let body = versioned(envelope, ENVELOPE_LEN)?;
		let (encapped, sealed) = body.split_at(32);
		let encapped = <Kem as hpke::Kem>::EncappedKey::from_bytes(encapped)
			.map_err(|_| RecordError::NotYourEnvelope)?;
		let mut key = hpke::single_shot_open::<AesGcm256, HkdfSha256, Kem>(
			&OpModeR::Base,
			&self.secret,
			&encapped,
			ENVELOPE_INFO,
			sealed,
			content_hash,
		)
		.map_err(|_| RecordError::NotYourEnvelope)?;
		let content =
			<[u8; 32]>::try_from(key.as_slice()).map_err(|_| RecordError::NotYourEnvelope);
		key.zeroize();
		content.map(ContentKey)
	}
}

/// A record's content key: it encrypts one record and is sealed to each of its readers.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ContentKey([u8; 32]);

impl std::fmt::Debug for ContentKey {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("ContentKey(…)")
	}
}

impl ContentKey {
	/// Seals this key to the reader whose registered public key is `reader`, for the record
	/// whose content hash is `content_hash`: the envelope to anchor for that reader.
	pub fn seal_to(&self, reader: &[u8], content_hash: &[u8; 32]) -> Result<Vec<u8>, RecordError> {
		let reader = <Kem as hpke::Kem>::PublicKey::from_bytes(reader)
			.map_err(|e| RecordError::BadKey(e.to_string()))?;
		let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
		let (encapped, sealed) = hpke::single_shot_seal::<AesGcm256, HkdfSha256, Kem, _>(
			&OpModeS::Base,
			&reader,
			ENVELOPE_INFO,
			&self.0,
			content_hash,
			&mut rng,
		)
		.map_err(|e| RecordError::BadKey(e.to_string()))?;
		let mut envelope = Vec::with_capacity(ENVELOPE_LEN);
		envelope.push(FORMAT_VERSION);
		envelope.extend_from_slice(&encapped.to_bytes());
		envelope.extend_from_slice(&sealed);
		Ok(envelope)
	}
}

/// A record's content, encrypted: the bytes a store keeps and the names the chain anchors.
#[derive(Clone, Debug)]
pub struct Sealed {
	/// What the store keeps: `1 ‖ nonce ‖ ciphertext ‖ tag`.
	pub bytes: Vec<u8>,
	/// SHA-256 of [`Sealed::bytes`]: the content hash the chain anchors.
	pub content_hash: [u8; 32],
	/// CIDv1 (raw, sha2-256) of [`Sealed::bytes`], base32: the record's pointer.
	pub cid: String,
}

/// Encrypts `content` under a new content key.
pub fn encrypt(content: &[u8]) -> Result<(Sealed, ContentKey), RecordError> {
	let key = ContentKey(random::<32>()?);
	let nonce = random::<12>()?;
	let cipher = Aes256Gcm::new((&key.0).into());
	let aad = [FORMAT_VERSION];
	let ciphertext = cipher
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: content, aad: &aad })
		.map_err(|_| RecordError::Undecryptable)?;
	let mut bytes = Vec::with_capacity(HEADER + ciphertext.len());
	bytes.push(FORMAT_VERSION);
	bytes.extend_from_slice(&nonce);
	bytes.extend_from_slice(&ciphertext);
	let (content_hash, cid) = (content_hash(&bytes), cid(&bytes));
	Ok((Sealed { bytes, content_hash, cid }, key))
}

/// Decrypts a record's stored bytes with its content key. Fails, changing nothing, if the
/// key is wrong or a single byte was altered (GCM's tag).
pub fn decrypt(bytes: &[u8], key: &ContentKey) -> Result<Vec<u8>, RecordError> {
	let body = versioned(bytes, HEADER + 16)?;
	let (nonce, ciphertext) = body.split_at(12);
	let cipher = Aes256Gcm::new((&key.0).into());
	let aad = [FORMAT_VERSION];
	cipher
		.decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: &aad })
		.map_err(|_| RecordError::Undecryptable)
}

/// SHA-256 of stored bytes: what the chain's `contentHash` is, and what a copy is checked
/// against (the tamper check).
pub fn content_hash(bytes: &[u8]) -> [u8; 32] {
	Sha256::digest(bytes).into()
}

/// CIDv1 (raw codec, sha2-256) of stored bytes in base32 (`bafkrei…`), as IPFS names them.
pub fn cid(bytes: &[u8]) -> String {
	cid_of_hash(&content_hash(bytes))
}

/// The CIDv1 (raw codec, sha2-256) of the bytes whose SHA-256 is `hash`: how a store names
/// what the chain anchors by its content hash.
pub fn cid_of_hash(hash: &[u8; 32]) -> String {
	let digest = cid::multihash::Multihash::<64>::wrap(SHA2_256, hash)
		.expect("a 32-byte digest fits a 64-byte multihash");
	cid::Cid::new_v1(RAW_CODEC, digest).to_string()
}

/// A CID the chain keeps in binary form (a record's pointer) in its text form, if it is one.
pub fn cid_text(bytes: &[u8]) -> Option<String> {
	cid::Cid::try_from(bytes).ok().map(|cid| cid.to_string())
}

/// The SHA-256 a CID names, if it is a CIDv1 of raw bytes hashed with sha2-256 (the only
/// kind the record format makes), in its canonical text.
pub fn hash_of_cid(text: &str) -> Option<[u8; 32]> {
	let cid = cid::Cid::try_from(text).ok()?;
	let canonical = cid.version() == cid::Version::V1
		&& cid.codec() == RAW_CODEC
		&& cid.hash().code() == SHA2_256
		&& cid.to_string() == text;
	canonical.then(|| cid.hash().digest().try_into().ok()).flatten()
}

/// The bytes after the version byte, once the version is known and `bytes` at least `min`
/// long.
fn versioned(bytes: &[u8], min: usize) -> Result<&[u8], RecordError> {
	match bytes.first() {
		_ if bytes.len() < min => Err(RecordError::Truncated(bytes.len())),
		Some(&FORMAT_VERSION) => Ok(&bytes[1..]),
		Some(&other) => Err(RecordError::UnknownVersion(other)),
		None => Err(RecordError::Truncated(0)),
	}
}

fn random<const N: usize>() -> Result<[u8; N], RecordError> {
	crate::keys::random::<N>().map_err(|e| RecordError::NoRandomness(e.to_string()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_record_opens_for_its_readers_and_only_for_its_content() {
		let (sealed, key) = encrypt(b"Observation: INR 2.4").expect("encrypts");
		assert_eq!(sealed.content_hash, content_hash(&sealed.bytes));
		assert!(sealed.cid.starts_with("bafkrei"), "{}", sealed.cid);

		let reader = EncryptionKey::generate().expect("a key");
		let other = EncryptionKey::generate().expect("a key");
		let envelope = key.seal_to(&reader.public(), &sealed.content_hash).expect("seals");
		assert_eq!(envelope.len(), ENVELOPE_LEN);

		let opened = reader.open(&envelope, &sealed.content_hash).expect("opens");
		assert_eq!(decrypt(&sealed.bytes, &opened).expect("decrypts"), b"Observation: INR 2.4");
		// Another reader's key, or the envelope moved to another record, opens nothing.
		assert_eq!(
			other.open(&envelope, &sealed.content_hash).unwrap_err(),
			RecordError::NotYourEnvelope
		);
		assert_eq!(reader.open(&envelope, &[0; 32]).unwrap_err(), RecordError::NotYourEnvelope);
		// The same key from its saved secret opens it too.
		let restored = EncryptionKey::from_secret(&reader.secret_bytes()).expect("restores");
		assert_eq!(restored.public(), reader.public());
		assert!(restored.open(&envelope, &sealed.content_hash).is_ok());
	}

	#[test]
	fn an_altered_or_foreign_record_is_refused() {
		let (sealed, key) = encrypt(b"DiagnosticReport").expect("encrypts");
		let mut altered = sealed.bytes.clone();
		*altered.last_mut().expect("not empty") ^= 1;
		assert_eq!(decrypt(&altered, &key).unwrap_err(), RecordError::Undecryptable);
		let (_, other_key) = encrypt(b"another").expect("encrypts");
		assert_eq!(decrypt(&sealed.bytes, &other_key).unwrap_err(), RecordError::Undecryptable);
		let mut future = sealed.bytes.clone();
		future[0] = 2;
		assert_eq!(decrypt(&future, &key).unwrap_err(), RecordError::UnknownVersion(2));
		assert_eq!(decrypt(&sealed.bytes[..20], &key).unwrap_err(), RecordError::Truncated(20));
	}

	/// The CID is the one IPFS gives "hello world" stored as a single raw block
	/// (`ipfs add --raw-leaves --cid-version 1`).
	#[test]
	fn the_cid_is_ipfs_raw_sha2_256() {
		assert_eq!(
			cid(b"hello world"),
			"bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"
		);
	}

	/// A store finds the digest in the CID, and only in a canonical raw sha2-256 one.
	#[test]
	fn the_hash_comes_back_out_of_the_cid() {
		let hash = content_hash(b"hello world");
		assert_eq!(hash_of_cid(&cid_of_hash(&hash)), Some(hash));
		// dag-pb (CIDv0, base58) and uppercase base32 name the same digest in other ways.
		assert_eq!(hash_of_cid("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u"), None);
		assert_eq!(
			hash_of_cid("BAFKREIFZJUT3TE2NHYEKKLSS27NH3K72YSCO7Y32KOAO5EEI66WOF36N5E"),
			None
		);
		assert_eq!(hash_of_cid("not a cid"), None);
	}
}
