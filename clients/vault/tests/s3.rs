//! The vault on an S3-compatible object store: moto's S3 server (PyPI, installed by
//! scripts/setup.sh into `$MEDCHAIN_CACHE/s3-venv`) started by the test, the vault pointed at
//! a bucket in it. An upload large enough to go up in several parts, a read, a refused upload
//! that leaves nothing, and an erasure that deletes the object from the bucket.

mod common;

use std::{
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	sync::Arc,
	time::{Duration, Instant},
};

use common::*;
use medchain_client::{
	api,
	dev_node::{node_beside_tests, DevNode},
	records, Client,
};
use object_store::{aws::AmazonS3Builder, path::Path as ObjectPath, ObjectStore};

const BUCKET: &str = "medchain-vault-test";
/// Static credentials: moto accepts any.
const CREDENTIALS: [(&str, &str); 3] = [
	("AWS_ACCESS_KEY_ID", "medchain-test"),
	("AWS_SECRET_ACCESS_KEY", "medchain-test"),
	("AWS_REGION", "us-east-1"),
];

/// moto's S3 server on a free port, stopped when dropped.
struct S3Server {
	child: Child,
	url: String,
}

impl S3Server {
	fn start() -> S3Server {
		let cache = std::env::var_os("MEDCHAIN_CACHE").map(PathBuf::from).unwrap_or_else(|| {
			PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/medchain")
		});
		let binary = cache.join("s3-venv/bin/moto_server");
		assert!(binary.exists(), "{} is missing: run scripts/setup.sh", binary.display());
		let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		let child = Command::new(binary)
			.args(["-H", "127.0.0.1", "-p", &port.to_string()])
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.expect("moto_server starts");
		let started = Instant::now();
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			assert!(started.elapsed() < Duration::from_secs(60), "moto_server did not start");
			std::thread::sleep(Duration::from_millis(200));
		}
		S3Server { child, url: format!("http://127.0.0.1:{port}") }
	}

	/// The bucket, as the test sees it (the vault's objects are under `objects/`).
	async fn bucket(&self) -> Arc<dyn ObjectStore> {
		let created = reqwest::Client::new().put(format!("{}/{BUCKET}", self.url)).send().await;
		assert!(created.unwrap().status().is_success(), "bucket created");
		let mut builder = AmazonS3Builder::new()
			.with_bucket_name(BUCKET)
			.with_endpoint(&self.url)
			.with_allow_http(true);
		for (key, value) in CREDENTIALS {
			builder = builder.with_config(key.to_lowercase().parse().unwrap(), value);
		}
		Arc::new(builder.build().unwrap())
	}
}

impl Drop for S3Server {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

async fn stored(bucket: &dyn ObjectStore, cid: &str) -> Option<Vec<u8>> {
	match bucket.get(&ObjectPath::from(format!("objects/{cid}"))).await {
		Ok(object) => Some(object.bytes().await.unwrap().to_vec()),
		Err(object_store::Error::NotFound { .. }) => None,
		Err(e) => panic!("the bucket: {e}"),
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vault_keeps_records_in_an_s3_bucket() {
	let s3 = S3Server::start();
	let bucket = s3.bucket().await;
	let node = DevNode::start(node_beside_tests()).expect("a development node");
	let client = Client::connect(&node.ws_url()).await.unwrap();
	let dir = tempfile::tempdir().unwrap();
	let backend = ["--s3-bucket", BUCKET, "--s3-endpoint", &s3.url, "--max-upload-bytes"];
	let vault = Vault::start_with(
		&node.ws_url(),
		dir.path(),
		&[&backend[..], &["16777216"]].concat(),
		&CREDENTIALS,
	);
	let http = vault.ready().await;
	let age = client.max_read_request_age().await.unwrap();
	let eve = account("//Eve");

	// 12 MiB: three parts of a multipart upload. Bytes that are not the CID's leave nothing.
	let content: Vec<u8> = (0..12 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
	let (sealed, content_key) = records::encrypt(&content).unwrap();
	let upload = client.sign_upload(&eve, HOSPITAL_A, &sealed.cid, age).await.unwrap();
	let mut wrong = sealed.bytes.clone();
	wrong[7] ^= 1;
	assert_refused(http.put(&upload, wrong).await, 422, "digest-mismatch");
	assert_eq!(stored(&*bucket, &sealed.cid).await, None);
	http.put(&upload, sealed.bytes.clone()).await.unwrap();
	assert_eq!(stored(&*bucket, &sealed.cid).await.as_ref(), Some(&sealed.bytes));

	// Anchored (its key sealed to Eve) and read back through the vault from the bucket.
	let record = anchor_own(&client, &eve, &sealed, &content_key).await;
	let read = client.sign_read(&eve, record, HOSPITAL_A, age).await.unwrap();
	assert_eq!(http.get(&read).await.unwrap(), sealed.bytes);
	audited(&client, &vault, &eve.account_id(), read.request.nonce).await;

	// Erased: the object leaves the bucket.
	submit(&client, api::tx().emr_pointers().erase_record(record), &eve).await;
	let started = Instant::now();
	while stored(&*bucket, &sealed.cid).await.is_some() {
		assert!(started.elapsed() < Duration::from_secs(60), "not deleted: {}", vault.log());
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let after = client.sign_read(&eve, record, HOSPITAL_A, age).await.unwrap();
	assert_refused(http.get(&after).await, 410, "erased");
}
