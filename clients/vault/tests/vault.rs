//! The vault (the real binary) against a development node and real files: uploads from writers
//! and from others, reads with consent and without, forged and replayed requests, every opening
//! audited on chain (through a crash with the opening queued), erasure, and the node going away.

mod common;

use std::{
	io::Write,
	net::TcpStream,
	time::{Duration, Instant},
};

use common::*;
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
	reads,
	records::{self, EncryptionKey},
	vault::{self, ACCOUNT_HEADER, SIGNATURE_HEADER, VALID_UNTIL_HEADER},
	Client,
};

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

	// A browser may send signed reads from the web app's origin, and only from there.
	let preflight = |origin: &'static str| {
		reqwest::Client::new()
			.request(reqwest::Method::OPTIONS, format!("{}/v1/records/0", vault.url))
			.header("origin", origin)
			.header("access-control-request-method", "GET")
			.header("access-control-request-headers", "medchain-account,medchain-signature")
			.send()
	};
	let allowed = preflight(WEB_APP).await.unwrap();
	let header = |name| allowed.headers().get(name).map(|v| v.to_str().unwrap().to_string());
	assert_eq!(header("access-control-allow-origin").as_deref(), Some(WEB_APP));
	let headers = header("access-control-allow-headers").unwrap();
	assert!(headers.contains("medchain-signature") && headers.contains("medchain-nonce"));
	let elsewhere = preflight("http://elsewhere.example").await.unwrap();
	assert!(elsewhere.headers().get("access-control-allow-origin").is_none());
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

	// Eve's own upload is stored under its CID, byte for byte; uploading it again is harmless,
	// here signed as a browser extension signs bytes (wrapped in `<Bytes>…</Bytes>`).
	http.put(&by_eve, sealed.bytes.clone()).await.unwrap();
	assert_eq!(std::fs::read(vault.object(&sealed.cid)).unwrap(), sealed.bytes);
	let genesis = client.subxt().genesis_hash();
	let mut wrapped_upload = by_eve.clone();
	wrapped_upload.signature = wrapped(
		&eve,
		&vault::upload_message(&genesis, HOSPITAL_A, &sealed.cid, by_eve.valid_until),
	);
	http.put(&wrapped_upload, sealed.bytes.clone()).await.unwrap();

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
	// A read signed as an extension signs is served, and the chain audits it too.
	let mut by_extension = client.sign_read(&eve, record, HOSPITAL_A, age).await.unwrap();
	by_extension.signature = wrapped(&eve, &reads::message(&genesis, &by_extension.request));
	assert_eq!(records::content_hash(&http.get(&by_extension).await.unwrap()), sealed.content_hash);
	audited(&client, &vault, &eve.account_id(), by_extension.request.nonce).await;

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
	vault.ready().await;
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

	// Killed in the middle of an upload, the vault keeps nothing of it; sent again to the
	// restarted vault, the upload is stored whole.
	let (large, _) = records::encrypt(&vec![5u8; 600 * 1024]).unwrap();
	let half = large.bytes.len() / 2;
	let upload = client.sign_upload(&eve, HOSPITAL_A, &large.cid, age).await.unwrap();
	let mut socket = TcpStream::connect(vault.url.trim_start_matches("http://")).unwrap();
	let head = format!(
		"PUT /v1/objects/{} HTTP/1.1\r\nhost: vault\r\ncontent-length: {}\r\n{}: {}\r\n\
		 {}: {}\r\n{}: 0x{}\r\n\r\n",
		large.cid,
		large.bytes.len(),
		ACCOUNT_HEADER,
		upload.uploader,
		VALID_UNTIL_HEADER,
		upload.valid_until,
		SIGNATURE_HEADER,
		hex::encode(upload.signature)
	);
	socket.write_all(head.as_bytes()).unwrap();
	socket.write_all(&large.bytes[..half]).unwrap();
	tokio::time::sleep(Duration::from_secs(2)).await;
	kill_at_once(&mut vault);
	drop(socket);
	assert!(!vault.object(&large.cid).exists(), "half an upload kept: {}", vault.log());
	vault = Vault::start(&node.ws_url(), dir.path());
	let http = vault.ready().await;
	let upload = client.sign_upload(&eve, HOSPITAL_A, &large.cid, age).await.unwrap();
	http.put(&upload, large.bytes.clone()).await.unwrap();
	assert_eq!(std::fs::read(vault.object(&large.cid)).unwrap(), large.bytes);

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

/// `who`'s signature over `message` as browser extensions sign bytes: wrapped in
/// `<Bytes>…</Bytes>`.
fn wrapped(who: &Account, message: &[u8]) -> [u8; 64] {
	who.sign(&vault::wrapped(message))
}
