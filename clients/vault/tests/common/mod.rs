//! What the vault's tests share: a `medchain-vault` process of Hospital A against a
//! development node, and the questions they ask the chain and the vault.

#![allow(dead_code)] // each test file uses its own part

use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command},
	time::{Duration, Instant},
};

use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::records::RecordCategory,
		},
	},
	keys::Account,
	records::{ContentKey, EncryptionKey, Sealed},
	subxt::tx::Payload,
	vault::{VaultClient, VaultError},
	AccountId, Client, Receipt, Wait,
};

/// Hospital A, whose record store is `//One` in the development chain.
pub const HOSPITAL_A: u32 = 3;
/// The vault's upload limit in this test.
pub const MAX_UPLOAD: u64 = 1024 * 1024;

/// A `medchain-vault` process of Hospital A, its files under one directory.
pub struct Vault {
	pub child: Child,
	pub url: String,
	pub dir: PathBuf,
}

/// The web app's origin the test vaults let call them from a browser.
pub const WEB_APP: &str = "http://127.0.0.1:8080";

impl Vault {
	/// Starts the vault with its objects as files under `dir/data`.
	/// Starts the vault with its objects as files under `dir/data`, uploads up to
	/// [`MAX_UPLOAD`].
	pub fn start(node: &str, dir: &Path) -> Vault {
		let data = dir.join("data");
		let limit = MAX_UPLOAD.to_string();
		let args = [
			["--data", data.to_str().unwrap()],
			["--max-upload-bytes", &limit],
			// As an operator might type it: the vault matches it to the browser's `Origin`.
			["--allow-origin", "HTTP://127.0.0.1:8080/"],
		];
		let args = args.concat();
		Vault::start_with(node, dir, &args, &[])
	}

	/// Starts the vault with `options` (its backend, its limits) and `environment`, its state
	/// under `dir`.
	pub fn start_with(
		node: &str,
		dir: &Path,
		options: &[&str],
		environment: &[(&str, &str)],
	) -> Vault {
		let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		let log = File::options().create(true).append(true).open(dir.join("vault.log")).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_medchain-vault"))
			.args(["--node", node, "--org", &HOSPITAL_A.to_string()])
			.args(["--listen", &format!("127.0.0.1:{port}")])
			.args(options)
			.envs(environment.iter().copied())
			.arg("--state")
			.arg(dir.join("state"))
			.env("MEDCHAIN_VAULT_SIGNER", "//One")
			.stdout(log.try_clone().unwrap())
			.stderr(log)
			.spawn()
			.expect("the medchain-vault binary starts");
		Vault { child, url: format!("http://127.0.0.1:{port}"), dir: dir.to_path_buf() }
	}

	pub async fn ready(&self) -> VaultClient {
		let http = VaultClient::new(&self.url).unwrap();
		let started = Instant::now();
		while http.info().await.is_err() {
			assert!(started.elapsed() < Duration::from_secs(60), "vault not up: {}", self.log());
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		http
	}

	pub fn log(&self) -> String {
		std::fs::read_to_string(self.dir.join("vault.log")).unwrap_or_default()
	}

	pub fn object(&self, cid: &str) -> PathBuf {
		self.dir.join("data/objects").join(cid)
	}

	pub fn pending_audits(&self) -> usize {
		std::fs::read_dir(self.dir.join("state/audit/pending")).unwrap().count()
	}
}

impl Drop for Vault {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

pub fn account(uri: &str) -> Account {
	Account::from_uri(uri).unwrap()
}

pub async fn submit(client: &Client, call: impl Payload, signer: &Account) -> Receipt {
	client.submit(&call, signer, Wait::Finalized, |_| {}).await.expect("the chain accepts it")
}

pub fn assert_refused<T: std::fmt::Debug>(result: Result<T, VaultError>, status: u16, code: &str) {
	match result {
		Err(VaultError::Refused { status: s, code: c, message }) => {
			assert_eq!((s, c.as_str()), (status, code), "{message}");
			assert!(!message.is_empty());
		},
		other => panic!("expected {status} {code}, got {other:?}"),
	}
}

pub async fn read_nonce(client: &Client, reader: &AccountId) -> u64 {
	let at = client.subxt().at_current_block().await.unwrap();
	let key = api::storage().access_control().read_nonces();
	let nonce = at.storage().try_fetch(key, (*reader,)).await.unwrap();
	nonce.map(|n| n.decode().unwrap()).unwrap_or_default()
}

/// Waits until the chain has audited `reader`'s request `nonce` (finalised).
pub async fn audited(client: &Client, vault: &Vault, reader: &AccountId, nonce: u64) {
	let started = Instant::now();
	while read_nonce(client, reader).await != nonce {
		assert!(started.elapsed() < Duration::from_secs(90), "not audited: {}", vault.log());
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

pub async fn metric(vault: &Vault, name: &str) -> u64 {
	let text = reqwest::get(format!("{}/metrics", vault.url)).await.unwrap().text().await.unwrap();
	text.lines()
		.find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
		.unwrap_or_else(|| panic!("no {name} in {text}"))
}

/// Anchors `sealed` as an observation of `patient`'s in Hospital A's store, its key sealed to
/// a record key the patient registers now; the record's id.
pub async fn anchor_own(
	client: &Client,
	patient: &Account,
	sealed: &Sealed,
	content_key: &ContentKey,
) -> u64 {
	let key = EncryptionKey::generate().unwrap();
	let register = api::tx().emr_pointers().register_encryption_key(key.public());
	submit(client, register, patient).await;
	let envelope = content_key.seal_to(&key.public(), &sealed.content_hash).unwrap();
	let anchor = api::tx().emr_pointers().add_record(
		patient.account_id(),
		RecordCategory::Observation,
		BoundedVec(sealed.cid.as_bytes().to_vec()),
		sealed.content_hash,
		HOSPITAL_A,
		BoundedVec(vec![(patient.account_id(), BoundedVec(envelope))]),
	);
	let receipt = submit(client, anchor, patient).await;
	receipt.event("EmrPointers", "RecordAnchored").unwrap().number("record").unwrap()
}

/// Kills the vault at once (SIGKILL): no shutdown, no flush.
pub fn kill_at_once(vault: &mut Vault) {
	vault.child.kill().unwrap();
	vault.child.wait().unwrap();
}
