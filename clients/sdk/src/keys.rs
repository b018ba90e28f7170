//! Accounts as the Polkadot ecosystem already has them, and a keystore to keep them in.
//!
//! An account comes from a secret URI (`//Alice`, `<mnemonic>//hospital-a`), a BIP-39
//! mnemonic, or the encrypted JSON Polkadot.js Apps and the browser extensions export (so a
//! clinician's existing account works). All are sr25519 keys, as in Apps.
//!
//! The [`Keystore`] is one JSON file. Each account in it is encrypted under a passphrase:
//!
//! - an account imported from Apps' JSON is kept as that JSON, untouched (its own password
//!   opens it, and it can be imported back into Apps);
//! - any other account keeps its secret (the URI or mnemonic it was made from) sealed the way
//!   that JSON seals a key: scrypt (N = 2^15, r = 8, p = 1, a random 32-byte salt) derives a
//!   key from the passphrase, and XSalsa20-Poly1305 (NaCl's `secretbox`, a random 24-byte
//!   nonce) encrypts. Both are RustCrypto's implementations.

use std::{
	path::{Path, PathBuf},
	str::FromStr,
};

use crypto_secretbox::{
	aead::{Aead, KeyInit},
	Key, Nonce, XSalsa20Poly1305,
};
use serde::{Deserialize, Serialize};
use subxt_signer::{sr25519::Keypair, SecretUri};

use crate::AccountId;

/// What can go wrong with keys.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
	/// The secret URI or mnemonic does not parse or derive.
	#[error("not a valid secret URI or mnemonic: {0}")]
	BadSecret(String),
	/// The Polkadot.js JSON could not be opened.
	#[error("cannot open the Polkadot.js account JSON: {0}")]
	BadJson(String),
	/// The passphrase does not open the account.
	#[error("wrong passphrase for account `{0}`")]
	WrongPassphrase(String),
	/// No account of that name (or address) in the keystore.
	#[error("no account `{0}` in the keystore {1} (`medchain keys list` shows them)")]
	Unknown(String, PathBuf),
	/// An account of that name is there already.
	#[error("the keystore already has an account named `{0}`")]
	Exists(String),
	/// The keystore file could not be read or written.
	#[error("keystore {path}: {reason}")]
	File {
		/// The file.
		path: PathBuf,
		/// What failed.
		reason: String,
	},
}

/// An account that can sign: an sr25519 key pair.
#[derive(Clone)]
pub struct Account {
	keypair: Keypair,
}

impl std::fmt::Debug for Account {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "Account({})", self.account_id())
	}
}

impl Account {
	/// From a secret URI: `//Alice` (the development accounts), a mnemonic with optional
	/// derivation (`<12 words>//hospital-a`), or a `0x…` seed.
	pub fn from_uri(uri: &str) -> Result<Self, KeyError> {
		let uri = SecretUri::from_str(uri).map_err(|e| KeyError::BadSecret(e.to_string()))?;
		let keypair = Keypair::from_uri(&uri).map_err(|e| KeyError::BadSecret(e.to_string()))?;
		Ok(Account { keypair })
	}

	/// From the encrypted JSON Polkadot.js Apps or a browser extension exports ("Export
	/// account"), opened with the password it was exported with.
	pub fn from_polkadot_js(json: &str, password: &str) -> Result<Self, KeyError> {
		let keypair = subxt_signer::polkadot_js_compat::decrypt_json(json, password)
			.map_err(|e| KeyError::BadJson(e.to_string()))?;
		Ok(Account { keypair })
	}

	/// A new account from a fresh 12-word mnemonic (128 bits from the operating system's
	/// random source). Returns the account and its mnemonic, which is the only backup.
	pub fn generate() -> Result<(Self, String), KeyError> {
		let entropy: [u8; 16] = random()?;
		let mnemonic = subxt_signer::bip39::Mnemonic::from_entropy(&entropy)
			.map_err(|e| KeyError::BadSecret(e.to_string()))?
			.to_string();
		Ok((Self::from_uri(&mnemonic)?, mnemonic))
	}

	/// The account's id (its public key).
	pub fn account_id(&self) -> AccountId {
		self.keypair.public_key().to_account_id()
	}

	/// The key pair, for subxt's signing.
	pub fn keypair(&self) -> &Keypair {
		&self.keypair
	}

	/// Signs `message` (sr25519 with the `substrate` context, as the runtime verifies).
	pub fn sign(&self, message: &[u8]) -> [u8; 64] {
		self.keypair.sign(message).0
	}
}

pub(crate) fn random<const N: usize>() -> Result<[u8; N], KeyError> {
	let mut bytes = [0u8; N];
	getrandom::getrandom(&mut bytes)
		.map_err(|e| KeyError::BadSecret(format!("no random source: {e}")))?;
	Ok(bytes)
}

/// One account in the keystore.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredAccount {
	/// The name the user gave it (`hospital-a-admin`).
	pub name: String,
	/// Its SS58 address.
	pub address: String,
	/// How it is sealed.
	pub sealed: Sealed,
}

/// How an account's secret is kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Sealed {
	/// Polkadot.js Apps' encrypted JSON, as exported.
	PolkadotJs {
		/// The JSON.
		json: serde_json::Value,
	},
	/// A secret URI or mnemonic under scrypt and XSalsa20-Poly1305 (module docs).
	Secret {
		/// scrypt's salt, hex.
		salt: String,
		/// The secretbox nonce, hex.
		nonce: String,
		/// The sealed secret, hex.
		ciphertext: String,
	},
}

/// scrypt's cost: log2 N = 15, r = 8, p = 1 (Polkadot.js's default).
fn passphrase_key(passphrase: &str, salt: &[u8]) -> Result<Key, KeyError> {
	let params =
		scrypt::Params::new(15, 8, 1, 32).map_err(|e| KeyError::BadSecret(e.to_string()))?;
	let mut key = Key::default();
	scrypt::scrypt(passphrase.as_bytes(), salt, &params, &mut key)
		.map_err(|e| KeyError::BadSecret(e.to_string()))?;
	Ok(key)
}

impl StoredAccount {
	/// Seals `secret` (a URI or mnemonic) under `passphrase`.
	pub fn seal(name: &str, secret: &str, passphrase: &str) -> Result<Self, KeyError> {
		let account = Account::from_uri(secret)?;
		let salt: [u8; 32] = random()?;
		let nonce: [u8; 24] = random()?;
		let cipher = XSalsa20Poly1305::new(&passphrase_key(passphrase, &salt)?);
		let ciphertext = cipher
			.encrypt(Nonce::from_slice(&nonce), secret.as_bytes())
			.map_err(|e| KeyError::BadSecret(e.to_string()))?;
		Ok(StoredAccount {
			name: name.to_string(),
			address: account.account_id().to_string(),
			sealed: Sealed::Secret {
				salt: hex::encode(salt),
				nonce: hex::encode(nonce),
				ciphertext: hex::encode(ciphertext),
			},
		})
	}

	/// Keeps Polkadot.js's JSON as it is, once `password` is shown to open it.
	pub fn polkadot_js(name: &str, json: &str, password: &str) -> Result<Self, KeyError> {
		let account = Account::from_polkadot_js(json, password)?;
		let json = serde_json::from_str(json).map_err(|e| KeyError::BadJson(e.to_string()))?;
		Ok(StoredAccount {
			name: name.to_string(),
			address: account.account_id().to_string(),
			sealed: Sealed::PolkadotJs { json },
		})
	}

	/// Opens the account with `passphrase`.
	pub fn open(&self, passphrase: &str) -> Result<Account, KeyError> {
		let wrong = || KeyError::WrongPassphrase(self.name.clone());
		let account = match &self.sealed {
			Sealed::PolkadotJs { json } => {
				Account::from_polkadot_js(&json.to_string(), passphrase).map_err(|_| wrong())?
			},
			Sealed::Secret { salt, nonce, ciphertext } => {
				let unhex = |s: &str| hex::decode(s).map_err(|_| wrong());
				let (salt, nonce, ciphertext) = (unhex(salt)?, unhex(nonce)?, unhex(ciphertext)?);
				if nonce.len() != 24 {
					return Err(wrong());
				}
				let cipher = XSalsa20Poly1305::new(&passphrase_key(passphrase, &salt)?);
				let secret = cipher
					.decrypt(Nonce::from_slice(&nonce), ciphertext.as_slice())
					.map_err(|_| wrong())?;
				Account::from_uri(&String::from_utf8(secret).map_err(|_| wrong())?)?
			},
		};
		if account.account_id().to_string() != self.address {
			return Err(wrong());
		}
		Ok(account)
	}
}

/// A file of passphrase-sealed accounts (module docs). Written whole, through a temporary
/// file renamed over the old one, so that a crash never leaves half a keystore.
#[derive(Debug)]
pub struct Keystore {
	path: PathBuf,
	accounts: Vec<StoredAccount>,
}

#[derive(Serialize, Deserialize)]
struct KeystoreFile {
	version: u32,
	accounts: Vec<StoredAccount>,
}

impl Keystore {
	/// Opens the keystore at `path`; a missing file is an empty keystore.
	pub fn open(path: &Path) -> Result<Self, KeyError> {
		let file_error = |reason: String| KeyError::File { path: path.to_path_buf(), reason };
		let accounts = match std::fs::read_to_string(path) {
			Ok(text) => {
				let file: KeystoreFile =
					serde_json::from_str(&text).map_err(|e| file_error(e.to_string()))?;
				if file.version != 1 {
					return Err(file_error(format!("unknown keystore version {}", file.version)));
				}
				file.accounts
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
			Err(e) => return Err(file_error(e.to_string())),
		};
		Ok(Keystore { path: path.to_path_buf(), accounts })
	}

	/// The keystore's file.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// The accounts, in the order they were added.
	pub fn accounts(&self) -> &[StoredAccount] {
		&self.accounts
	}

	/// The account named `name` (or with that address).
	pub fn get(&self, name: &str) -> Result<&StoredAccount, KeyError> {
		self.accounts
			.iter()
			.find(|a| a.name == name || a.address == name)
			.ok_or_else(|| KeyError::Unknown(name.to_string(), self.path.clone()))
	}

	/// Adds an account and writes the file.
	pub fn add(&mut self, account: StoredAccount) -> Result<(), KeyError> {
		if self.accounts.iter().any(|a| a.name == account.name) {
			return Err(KeyError::Exists(account.name));
		}
		self.accounts.push(account);
		self.save()
	}

	fn save(&self) -> Result<(), KeyError> {
		let file_error =
			|e: std::io::Error| KeyError::File { path: self.path.clone(), reason: e.to_string() };
		if let Some(dir) = self.path.parent() {
			std::fs::create_dir_all(dir).map_err(file_error)?;
		}
		let file = KeystoreFile { version: 1, accounts: self.accounts.clone() };
		let text = serde_json::to_string_pretty(&file)
			.map_err(|e| KeyError::File { path: self.path.clone(), reason: e.to_string() })?;
		let temporary = self.path.with_extension("json.tmp");
		write_private(&temporary, text.as_bytes()).map_err(file_error)?;
		std::fs::rename(&temporary, &self.path).map_err(file_error)
	}
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
	use std::io::Write;
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create(true).truncate(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_sealed_secret_opens_with_its_passphrase_only() {
		let stored = StoredAccount::seal("bob", "//Bob", "correct horse").unwrap();
		let bob = Account::from_uri("//Bob").unwrap();
		assert_eq!(stored.address, bob.account_id().to_string());
		assert_eq!(stored.open("correct horse").unwrap().account_id(), bob.account_id());
		assert!(matches!(stored.open("wrong"), Err(KeyError::WrongPassphrase(_))));
		let Sealed::Secret { ciphertext, .. } = &stored.sealed else { panic!("sealed") };
		assert!(!ciphertext.contains(&hex::encode("//Bob")), "the secret is not in clear");
	}

	#[test]
	fn a_generated_account_is_its_mnemonic() {
		let (account, mnemonic) = Account::generate().unwrap();
		assert_eq!(mnemonic.split(' ').count(), 12);
		assert_eq!(Account::from_uri(&mnemonic).unwrap().account_id(), account.account_id());
		assert_ne!(Account::generate().unwrap().1, mnemonic);
	}

	#[test]
	fn the_keystore_keeps_accounts_across_opens() {
		let dir = std::env::temp_dir().join(format!("medchain-keystore-{}", std::process::id()));
		let path = dir.join("keystore.json");
		let _ = std::fs::remove_file(&path);
		let mut keystore = Keystore::open(&path).unwrap();
		keystore.add(StoredAccount::seal("a", "//Alice", "pw").unwrap()).unwrap();
		assert!(matches!(
			keystore.add(StoredAccount::seal("a", "//Bob", "pw").unwrap()),
			Err(KeyError::Exists(_))
		));
		let again = Keystore::open(&path).unwrap();
		let alice = Account::from_uri("//Alice").unwrap();
		assert_eq!(again.get("a").unwrap().open("pw").unwrap().account_id(), alice.account_id());
		assert!(again.get(&alice.account_id().to_string()).is_ok());
		assert!(matches!(again.get("b"), Err(KeyError::Unknown(..))));
		std::fs::remove_dir_all(dir).unwrap();
	}
}
