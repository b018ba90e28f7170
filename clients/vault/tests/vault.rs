//! The vault (the real binary) against a development node and real files: uploads from writers
//! and from others, reads with consent and without, forged and replayed requests, every opening
//! audited on chain (through a crash with the opening queued), erasure, and the node going away.

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
			pallet_access_control::types::{AccessLevel, Grantee, Purpose, Scope},
		},
	},
	dev_node::{node_beside_tests, DevNode},
	keys::Account,
	records::{self, EncryptionKey},
	subxt::tx::Payload,
	vault::{VaultClient, VaultError},
	AccountId, Client, Receipt, Wait,
};

/// Hospital A, whose record store is `//One` in the development chain.
const HOSPITAL_A: u32 = 3;
/// The vault's upload limit in this test.
const MAX_UPLOAD: u64 = 1024 * 1024;

/// A `medchain-vault` process of Hospital A, its files under one directory.
struct Vault {
	child: Child,
	url: String,
	dir: PathBuf,
}

impl Vault {
	fn start(node: &str, dir: &Path) -> Vault {
		let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		let log = File::options().create(true).append(true).open(dir.join("vault.log")).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_medchain-vault"))
			.args(["--node", node, "--org", &HOSPITAL_A.to_string()])
			.args(["--listen", &format!("127.0.0.1:{port}")])
			.arg("--data")
			.arg(dir.join("data"))
			.arg("--state")
			.arg(dir.join("state"))
			.args(["--max-upload-bytes", &MAX_UPLOAD.to_string()])
			.env("MEDCHAIN_VAULT_SIGNER", "//One")
			.stdout(log.try_clone().unwrap())
			.stderr(log)
			.spawn()
			.expect("the medchain-vault binary starts");
		Vault { child, url: format!("http://127.0.0.1:{port}"), dir: dir.to_path_buf() }
	}

	async fn ready(&self) -> VaultClient {
		let http = VaultClient::new(&self.url).unwrap();
		let started = Instant::now();
		while http.info().await.is_err() {
			assert!(started.elapsed() < Duration::from_secs(60), "vault not up: {}", self.log());
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		http
	}

	fn log(&self) -> String {
		std::fs::read_to_string(self.dir.join("vault.log")).unwrap_or_default()
	}

	fn object(&self, cid: &str) -> PathBuf {
		self.dir.join("data/objects").join(cid)
	}

	fn pending_audits(&self) -> usize {
		std::fs::read_dir(self.dir.join("state/audit/pending")).unwrap().count()
	}
}

impl Drop for Vault {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

fn account(uri: &str) -> Account {
	Account::from_uri(uri).unwrap()
}

async fn submit(client: &Client, call: impl Payload, signer: &Account) -> Receipt {
	client.submit(&call, signer, Wait::Finalized, |_| {}).await.expect("the chain accepts it")
}

fn assert_refused<T: std::fmt::Debug>(result: Result<T, VaultError>, status: u16, code: &str) {
	match result {
		Err(VaultError::Refused { status: s, code: c, message }) => {
			assert_eq!((s, c.as_str()), (status, code), "{message}");
			assert!(!message.is_empty());
		},
		other => panic!("expected {status} {code}, got {other:?}"),
	}
}

async fn read_nonce(client: &Client, reader: &AccountId) -> u64 {
	let at = client.subxt().at_current_block().await.unwrap();
	let key = api::storage().access_control().read_nonces();
	let nonce = at.storage().try_fetch(key, (*reader,)).await.unwrap();
	nonce.map(|n| n.decode().unwrap()).unwrap_or_default()
}

/// Waits until the chain has audited `reader`'s request `nonce` (finalised).
async fn audited(client: &Client, vault: &Vault, reader: &AccountId, nonce: u64) {
	let started = Instant::now();
	while read_nonce(client, reader).await != nonce {
		assert!(started.elapsed() < Duration::from_secs(90), "not audited: {}", vault.log());
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

async fn metric(vault: &Vault, name: &str) -> u64 {
	let text = reqwest::get(format!("{}/metrics", vault.url)).await.unwrap().text().await.unwrap();
	text.lines()
		.find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
		.unwrap_or_else(|| panic!("no {name} in {text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vault_serves_only_as_the_chain_allows_and_audits_every_opening() {
	let node = DevNode::start(node_beside_tests()).expect("a development node");
	let client = Client::connect(&node.ws_url()).await.unwrap();
	let dir = tempfile::tempdir().unwrap();
	let mut vault = Vault::start(&node.ws_url(), dir.path());
	let http = vault.ready().await;
	let info = http.info().await.unwrap();
	assert_eq!((info.org, info.genesis), (HOSPITAL_A, client.subxt().genesis_hash()));
	let age = client.max_read_request_age().await.unwrap();
	let (eve, bob, charlie, alice) =
		(account("//Eve"), account("//Bob"), account("//Charlie"), account("//Alice"));

	// Eve, a patient of Hospital A, registers her record key.
	let key = EncryptionKey::generate().unwrap();
	submit(&client, api::tx().emr_pointers().register_encryption_key(key.public()), &eve).await;

	// Uploads: a regulator may not write to a hospital's vault; a forged signature, bytes
	// that are not what the CID names and an oversized body are refused, and nothing is kept.
	let content = br#"{"resourceType":"Observation","status":"final"}"#;
	let (sealed, content_key) = records::encrypt(content).unwrap();
	let upload = |who: Account, cid: String| {
		let client = client.clone();
		async move { client.sign_upload(&who, HOSPITAL_A, &cid, age).await.unwrap() }
	};
	let by_alice = upload(alice.clone(), sealed.cid.clone()).await;
	assert_refused(http.put(&by_alice, sealed.bytes.clone()).await, 403, "not-a-writer");
	let mut forged = upload(charlie.clone(), sealed.cid.clone()).await;
	forged.uploader = eve.account_id();
	assert_refused(http.put(&forged, sealed.bytes.clone()).await, 401, "bad-signature");
	let by_eve = upload(eve.clone(), sealed.cid.clone()).await;
	assert_refused(http.put(&by_eve, b"other bytes".to_vec()).await, 422, "digest-mismatch");
	let big = vec![7u8; MAX_UPLOAD as usize + 1];
	let big_upload = upload(eve.clone(), records::cid(&big)).await;
	assert_refused(http.put(&big_upload, big).await, 413, "too-large");
	let mut not_a_cid = by_eve.clone();
	not_a_cid.cid = "not-a-cid".into();
	assert_refused(http.put(&not_a_cid, sealed.bytes.clone()).await, 400, "bad-request");
	assert!(!vault.object(&sealed.cid).exists());

	// Eve's own upload is stored under its CID, byte for byte; uploading it again is harmless.
	http.put(&by_eve, sealed.bytes.clone()).await.unwrap();
	assert_eq!(std::fs::read(vault.object(&sealed.cid)).unwrap(), sealed.bytes);
	http.put(&by_eve, sealed.bytes.clone()).await.unwrap();

	// Anchored in Hospital A's store, its key sealed to Eve.
	let envelope = content_key.seal_to(&key.public(), &sealed.content_hash).unwrap();
	let anchor = api::tx().emr_pointers().add_record(
		eve.account_id(),
		RecordCategory::Observation,
		BoundedVec(sealed.cid.as_bytes().to_vec()),
		sealed.content_hash,
		HOSPITAL_A,
		BoundedVec(vec![(eve.account_id(), BoundedVec(envelope.clone()))]),
	);
	let receipt = submit(&client, anchor, &eve).await;
	let record = receipt.event("EmrPointers", "RecordAnchored").unwrap().number("record").unwrap();

	// Eve reads it: the bytes are the anchored ones and decrypt; the opening is audited.
	let read = client.sign_read(&eve, record, HOSPITAL_A, age).await.unwrap();
	let bytes = http.get(&read).await.unwrap();
	assert_eq!(records::content_hash(&bytes), sealed.content_hash);
	let opened = records::decrypt(&bytes, &key.open(&envelope, &sealed.content_hash).unwrap());
	assert_eq!(opened.unwrap(), content);
	// The same request again is a replay, before its audit and after.
	assert_refused(http.get(&read).await, 401, "replayed");
	audited(&client, &vault, &eve.account_id(), read.request.nonce).await;
	assert_refused(http.get(&read).await, 401, "replayed");

	// Bob, Hospital A's doctor, has no consent; a request in his name signed by Charlie is
	// forged; an expired one is refused.
	let by_bob = client.sign_read(&bob, record, HOSPITAL_A, age).await.unwrap();
	assert_refused(http.get(&by_bob).await, 403, "no-consent");
	let mut forged = client.sign_read(&charlie, record, HOSPITAL_A, age).await.unwrap();
	forged.reader = bob.account_id();
	assert_refused(http.get(&forged).await, 401, "bad-signature");
	let stale = client.sign_read(&bob, record, HOSPITAL_A, 0).await.unwrap();
	tokio::time::sleep(Duration::from_secs(5)).await;
	assert_refused(http.get(&stale).await, 401, "expired");
	let unknown = client.sign_read(&eve, record + 1000, HOSPITAL_A, age).await.unwrap();
	assert_refused(http.get(&unknown).await, 404, "not-found");

	// Eve grants Bob: he reads. The vault is killed right after serving him, with his opening
	// still on its queue; started again, it audits the opening, which names Bob.
	let grant = api::tx().access_control().grant_access(
		Grantee::Person(bob.account_id()),
		Scope::AllCategories,
		AccessLevel::Read,
		Purpose::Treatment,
		None,
		None,
	);
	submit(&client, grant, &eve).await;
	let by_bob = client.sign_read(&bob, record, HOSPITAL_A, age).await.unwrap();
	assert_eq!(records::content_hash(&http.get(&by_bob).await.unwrap()), sealed.content_hash);
	kill_at_once(&mut vault);
	assert_eq!(vault.pending_audits(), 1, "the opening is on disk: {}", vault.log());
	vault = Vault::start(&node.ws_url(), dir.path());
	let http = vault.ready().await;
	audited(&client, &vault, &bob.account_id(), by_bob.request.nonce).await;
	let trail = client
		.call(api::runtime_apis().access_control_api().audit_trail(eve.account_id(), 0, 16))
		.await
		.unwrap();
	assert!(trail
		.iter()
		.any(|(_, entry)| entry.reader == bob.account_id() && entry.record == record));
	let started = Instant::now();
	while vault.pending_audits() != 0 {
		assert!(started.elapsed() < Duration::from_secs(30), "queue not emptied: {}", vault.log());
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	assert_eq!(metric(&vault, "medchain_vault_audits_total").await, 1);

	// Eve erases the record: the vault deletes the ciphertext and answers 410.
	submit(&client, api::tx().emr_pointers().erase_record(record), &eve).await;
	let started = Instant::now();
	while vault.object(&sealed.cid).exists() {
		assert!(started.elapsed() < Duration::from_secs(60), "not deleted: {}", vault.log());
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let after = client.sign_read(&eve, record, HOSPITAL_A, age).await.unwrap();
	assert_refused(http.get(&after).await, 410, "erased");

	// The node goes away: the vault refuses rather than serve without the chain.
	let last = client.sign_read(&eve, record, HOSPITAL_A, age).await.unwrap();
	drop(client);
	drop(node);
	assert_refused(http.get(&last).await, 503, "node-unavailable");
	let health = reqwest::get(format!("{}/health", vault.url)).await.unwrap();
	assert_eq!(health.status(), 503);
}

/// Kills the vault at once (SIGKILL): no shutdown, no flush.
fn kill_at_once(vault: &mut Vault) {
	vault.child.kill().unwrap();
	vault.child.wait().unwrap();
}
