//! The vault under load: 50 readers at once, each reading a 1 MiB record several times from
//! Hospital A's vault (local files) beside a development node on this machine; every opening
//! checked against the chain, queued, served and then audited. Run by hand (it measures, it
//! asserts only that everything was served and audited), and write the figures it prints in
//! docs/PERFORMANCE.md:
//!
//!   scripts/common.sh's environment, then
//!   cargo test --release -p medchain-vault --test load -- --ignored --nocapture

mod common;

use std::time::{Duration, Instant};

use common::*;
use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::consortium::StaffRole,
			pallet_access_control::types::{AccessLevel, Grantee, Purpose, Scope},
		},
	},
	dev_node::{node_beside_tests, DevNode},
	keys::Account,
	records,
	vault::VaultError,
	Client, Progress, Wait,
};

/// Readers at once.
const READERS: usize = 50;
/// Reads by each reader, one after the other.
const READS_EACH: usize = 4;
/// The record's content.
const RECORD_BYTES: usize = 1024 * 1024;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, run by hand (docs/PERFORMANCE.md)"]
async fn fifty_readers_of_a_one_mebibyte_record() {
	let node = DevNode::start(node_beside_tests()).expect("a development node");
	let client = Client::connect(&node.ws_url()).await.unwrap();
	let dir = tempfile::tempdir().unwrap();
	let data = dir.path().join("data");
	let options = ["--data", data.to_str().unwrap(), "--max-upload-bytes", "2097152"];
	let vault = Vault::start_with(&node.ws_url(), dir.path(), &options, &[]);
	let http = vault.ready().await;
	let age = client.max_read_request_age().await.unwrap();
	let (eve, bob) = (account("//Eve"), account("//Bob"));

	// Eve's 1 MiB record in Hospital A's vault, and her grant to the hospital.
	let content: Vec<u8> = (0..RECORD_BYTES).map(|i| (i % 253) as u8).collect();
	let (sealed, content_key) = records::encrypt(&content).unwrap();
	let upload = client.sign_upload(&eve, HOSPITAL_A, &sealed.cid, age).await.unwrap();
	http.put(&upload, sealed.bytes.clone()).await.unwrap();
	let record = anchor_own(&client, &eve, &sealed, &content_key).await;
	let grant = api::tx().access_control().grant_access(
		Grantee::Organisation(HOSPITAL_A),
		Scope::AllCategories,
		AccessLevel::Read,
		Purpose::Treatment,
		None,
		None,
	);
	submit(&client, grant, &eve).await;

	// The readers: Hospital A's doctors, added by its admin (in rounds of 8 transactions).
	let readers: Vec<Account> = (0..READERS).map(|i| account(&format!("//load-{i}"))).collect();
	let first = client.next_nonce(&bob.account_id()).await.unwrap();
	for (round, chunk) in readers.chunks(8).enumerate() {
		let adds = chunk.iter().enumerate().map(|(i, reader)| {
			let (client, bob) = (&client, &bob);
			let nonce = first + (round * 8 + i) as u64;
			async move {
				let call = api::tx()
					.consortium()
					.add_staff(reader.account_id(), BoundedVec(vec![StaffRole::Doctor]));
				let call = client.encode(&call).await.unwrap();
				let mut quiet = |_: Progress| {};
				client.submit_at_nonce(&call, bob, nonce, Wait::InBlock, &mut quiet).await
			}
		});
		for added in futures::future::join_all(adds).await {
			added.expect("the admin adds a doctor");
		}
	}
	let mut ready = Instant::now();
	let last_reader = readers[READERS - 1].account_id();
	let may = api::runtime_apis().access_control_api().can_access(last_reader, record);
	while !client.call(may.clone()).await.unwrap() {
		assert!(ready.elapsed() < Duration::from_secs(60), "the readers have no access");
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	// All readers at once; each request signed just before it is sent.
	let size = sealed.bytes.len();
	ready = Instant::now();
	let runs = readers.iter().map(|reader| {
		let (client, http) = (&client, &http);
		async move {
			let (mut latencies, mut busy) = (Vec::new(), 0);
			for _ in 0..READS_EACH {
				// A full audit queue refuses (503 audit-queue): the reader tries again.
				let (bytes, asked) = loop {
					let read = client.sign_read(reader, record, HOSPITAL_A, age).await.unwrap();
					let asked = Instant::now();
					match http.get(&read).await {
						Ok(bytes) => break (bytes, asked),
						Err(VaultError::Refused { status: 503, code, .. })
							if code == "audit-queue" =>
						{
							busy += 1;
							tokio::time::sleep(Duration::from_millis(500)).await;
						},
						Err(e) => panic!("not served: {e}"),
					}
				};
				latencies.push(asked.elapsed());
				assert_eq!(bytes.len(), size);
				// Nonces are milliseconds: the next request of this reader is a newer one.
				tokio::time::sleep(Duration::from_millis(2)).await;
			}
			(latencies, busy)
		}
	});
	let results = futures::future::join_all(runs).await;
	let served_in = ready.elapsed();

	// Then until the queue is empty: every opening audited and final, or refused for good.
	while vault.pending_audits() > 0 {
		assert!(ready.elapsed() < Duration::from_secs(300), "the queue never emptied");
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let settled_in = ready.elapsed();
	let audits = metric(&vault, "medchain_vault_audits_total").await;
	let failed = metric(&vault, "medchain_vault_audits_failed_total").await;

	let busy: usize = results.iter().map(|(_, busy)| busy).sum();
	let mut latencies: Vec<Duration> = results.into_iter().flat_map(|(l, _)| l).collect();
	latencies.sort();
	let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).max(1) - 1];
	let reads = latencies.len();
	let mib = (reads * size) as f64 / (1024.0 * 1024.0);
	println!("readers {READERS}, reads {reads} of {size} bytes, {busy} refused busy and retried");
	println!(
		"served in {:.2} s: {:.1} reads/s, {:.1} MiB/s",
		served_in.as_secs_f64(),
		reads as f64 / served_in.as_secs_f64(),
		mib / served_in.as_secs_f64()
	);
	println!(
		"latency (request to last byte): p50 {} ms, p90 {} ms, p99 {} ms, max {} ms",
		at(0.50).as_millis(),
		at(0.90).as_millis(),
		at(0.99).as_millis(),
		at(1.0).as_millis()
	);
	println!(
		"queue empty {:.1} s after the first read: {audits} audited, {failed} refused by the chain",
		settled_in.as_secs_f64()
	);
	if failed > 0 {
		let log = vault.log();
		let refusals = log.lines().filter(|line| line.contains("not audited"));
		refusals.take(10).for_each(|line| println!("{line}"));
	}
	assert_eq!(failed, 0, "openings served but not audited (docs/PERFORMANCE.md)");
}
