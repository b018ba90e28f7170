//! Serde helpers for JSON-RPC: byte strings that hold codes, identifiers and CIDs read as
//! text, and 32-byte hashes as `0x`-prefixed hex (SCALE encoding is unaffected).

use alloc::{format, string::String, vec::Vec};
use serde::{de::Error, Deserialize, Deserializer, Serializer};

/// A byte string as UTF-8 text (`#[serde(with = "medchain_primitives::json::text")]`).
pub mod text {
	use super::*;

	/// Writes the bytes as text (invalid UTF-8 is replaced, never refused).
	pub fn serialize<B: AsRef<[u8]>, S: Serializer>(bytes: &B, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&String::from_utf8_lossy(bytes.as_ref()))
	}

	/// Reads text into a (bounded) byte string; too long is an error.
	pub fn deserialize<'de, B: TryFrom<Vec<u8>>, D: Deserializer<'de>>(
		d: D,
	) -> Result<B, D::Error> {
		let text = String::deserialize(d)?;
		B::try_from(text.into_bytes()).map_err(|_| D::Error::custom("text is too long"))
	}
}

/// An optional byte string as text or null.
pub mod text_opt {
	use super::*;

	/// Writes the bytes as text, or null.
	pub fn serialize<B: AsRef<[u8]>, S: Serializer>(
		bytes: &Option<B>,
		s: S,
	) -> Result<S::Ok, S::Error> {
		match bytes {
			Some(bytes) => s.serialize_some(&String::from_utf8_lossy(bytes.as_ref())),
			None => s.serialize_none(),
		}
	}

	/// Reads text (or null) into an optional (bounded) byte string.
	pub fn deserialize<'de, B: TryFrom<Vec<u8>>, D: Deserializer<'de>>(
		d: D,
	) -> Result<Option<B>, D::Error> {
		Option::<String>::deserialize(d)?
			.map(|text| {
				B::try_from(text.into_bytes()).map_err(|_| D::Error::custom("text is too long"))
			})
			.transpose()
	}
}

/// A list of byte strings as a list of texts.
pub mod text_list {
	use super::*;

	/// Writes each byte string as text.
	pub fn serialize<B, L, S>(list: &L, s: S) -> Result<S::Ok, S::Error>
	where
		B: AsRef<[u8]>,
		L: core::ops::Deref<Target = Vec<B>>,
		S: Serializer,
	{
		s.collect_seq(list.iter().map(|bytes| String::from_utf8_lossy(bytes.as_ref())))
	}

	/// Reads texts into a (bounded) list of (bounded) byte strings; too long is an error.
	pub fn deserialize<'de, B, L, D>(d: D) -> Result<L, D::Error>
	where
		B: TryFrom<Vec<u8>>,
		L: TryFrom<Vec<B>> + core::ops::Deref<Target = Vec<B>>,
		D: Deserializer<'de>,
	{
		let items = Vec::<String>::deserialize(d)?
			.into_iter()
			.map(|text| {
				B::try_from(text.into_bytes()).map_err(|_| D::Error::custom("text is too long"))
			})
			.collect::<Result<Vec<B>, _>>()?;
		L::try_from(items).map_err(|_| D::Error::custom("the list is too long"))
	}
}

/// A CID the chain keeps in binary form, as its canonical text (`bafy…`).
pub mod cid {
	use super::*;

	/// Writes the CID as text; bytes that are not one CID, as lossy text (never refused).
	pub fn serialize<B: AsRef<[u8]>, S: Serializer>(bytes: &B, s: S) -> Result<S::Ok, S::Error> {
		match crate::cid_v1_text(bytes.as_ref()) {
			Some(text) => s.serialize_str(&text),
			None => super::text::serialize(bytes, s),
		}
	}

	/// Reads a CIDv1's canonical text into its binary form.
	pub fn deserialize<'de, B: TryFrom<Vec<u8>>, D: Deserializer<'de>>(
		d: D,
	) -> Result<B, D::Error> {
		let text = String::deserialize(d)?;
		let bytes = crate::parse_cid_v1(text.as_bytes())
			.ok_or_else(|| D::Error::custom("not a CIDv1 in canonical text form"))?;
		B::try_from(bytes).map_err(|_| D::Error::custom("the CID is too long"))
	}
}

/// A 32-byte hash as `0x`-prefixed hex.
pub mod hash {
	use super::*;

	/// Writes the hash as hex.
	pub fn serialize<S: Serializer>(hash: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
		let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
		s.serialize_str(&format!("0x{hex}"))
	}

	/// Reads `0x`-prefixed (or bare) hex of 32 bytes.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
		let text = String::deserialize(d)?;
		let hex = text.strip_prefix("0x").unwrap_or(&text);
		let mut hash = [0u8; 32];
		if hex.len() != 64 || !hex.is_ascii() {
			return Err(D::Error::custom("a hash is 32 bytes of hex"));
		}
		for (i, byte) in hash.iter_mut().enumerate() {
			*byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
				.map_err(|_| D::Error::custom("a hash is 32 bytes of hex"))?;
		}
		Ok(hash)
	}
}

/// An optional 32-byte hash as hex or null.
pub mod hash_opt {
	use super::*;

	/// Writes the hash as hex, or null.
	pub fn serialize<S: Serializer>(hash: &Option<[u8; 32]>, s: S) -> Result<S::Ok, S::Error> {
		match hash {
			Some(hash) => super::hash::serialize(hash, s),
			None => s.serialize_none(),
		}
	}

	/// Reads hex (or null).
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<[u8; 32]>, D::Error> {
		#[derive(Deserialize)]
		struct Hash(#[serde(with = "super::hash")] [u8; 32]);
		Ok(Option::<Hash>::deserialize(d)?.map(|Hash(h)| h))
	}
}
