//! A hospital's pseudonyms of its patients, under which it records the uses of devices
//! (`traceability.record_use`) without naming the patient on chain (docs/privacy.md).
//!
//! A pseudonym is keyed BLAKE2b-256 (RFC 7693's keyed mode) under the hospital's secret
//! pseudonym key over the SCALE encoding of `(patient account, device id, nonce)`: different
//! for every device, and nobody without the key can test a guess. The hospital resolves a
//! recall's uses to its own patients by computing their pseudonyms again ([`PseudonymKey::resolve`]).

use blake2::{
	digest::{consts::U32, KeyInit, Mac},
	Blake2bMac,
};
use subxt::ext::codec::Encode;

use crate::{keys::KeyError, AccountId};

/// A hospital's secret pseudonym key: 32 random bytes, kept by the hospital alone.
#[derive(Clone)]
pub struct PseudonymKey([u8; 32]);

impl std::fmt::Debug for PseudonymKey {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("PseudonymKey(…)")
	}
}

impl PseudonymKey {
	/// A new key from the operating system's entropy.
	pub fn generate() -> Result<Self, KeyError> {
		Ok(PseudonymKey(crate::keys::random()?))
	}

	/// The key from 64 hex digits (a leading `0x` and surrounding white space allowed), as
	/// [`PseudonymKey::to_hex`] writes it.
	pub fn from_hex(text: &str) -> Result<Self, KeyError> {
		let text = text.trim();
		let bytes = hex::decode(text.strip_prefix("0x").unwrap_or(text))
			.map_err(|_| KeyError::BadSecret("a pseudonym key is 64 hex digits".into()))?;
		let key = bytes.try_into().map_err(|_| {
			KeyError::BadSecret("a pseudonym key is 32 bytes (64 hex digits)".into())
		})?;
		Ok(PseudonymKey(key))
	}

	/// The key as 64 hex digits.
	pub fn to_hex(&self) -> String {
		hex::encode(self.0)
	}

	/// The pseudonym of `patient` for `device` (`nonce` 0 unless two uses of one device on
	/// one patient are to be kept apart).
	pub fn pseudonym(&self, patient: &AccountId, device: u64, nonce: u32) -> [u8; 32] {
		let mut mac = <Blake2bMac<U32> as KeyInit>::new_from_slice(&self.0)
			.expect("BLAKE2b takes keys of up to 64 bytes; this one has 32");
		mac.update(&(patient, device, nonce).encode());
		mac.finalize().into_bytes().into()
	}

	/// Which of `patients` a use of `device` under `pseudonym` was (nonces `0..nonces`).
	pub fn resolve<'a>(
		&self,
		pseudonym: &[u8; 32],
		device: u64,
		patients: &'a [AccountId],
		nonces: u32,
	) -> Option<&'a AccountId> {
		patients.iter().find(|patient| {
			(0..nonces.max(1)).any(|nonce| &self.pseudonym(patient, device, nonce) == pseudonym)
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_pseudonym_resolves_only_under_its_key() {
		let key = PseudonymKey::generate().unwrap();
		let other = PseudonymKey::generate().unwrap();
		let eve = AccountId::from([7u8; 32]);
		let ferdie = AccountId::from([8u8; 32]);
		let patients = [ferdie, eve];
		let pseudonym = key.pseudonym(&eve, 42, 0);
		assert_ne!(pseudonym, key.pseudonym(&eve, 43, 0), "one pseudonym per device");
		assert_ne!(pseudonym, key.pseudonym(&eve, 42, 1), "one per nonce");
		assert_eq!(key.resolve(&pseudonym, 42, &patients, 1), Some(&eve));
		assert_eq!(key.resolve(&pseudonym, 43, &patients, 1), None);
		assert_eq!(other.resolve(&pseudonym, 42, &patients, 1), None);
		let again = PseudonymKey::from_hex(&format!("0x{}\n", key.to_hex())).unwrap();
		assert_eq!(again.pseudonym(&eve, 42, 0), pseudonym);
		assert!(PseudonymKey::from_hex("abcd").is_err());
	}
}
