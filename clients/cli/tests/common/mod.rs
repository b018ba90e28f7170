//! What the CLI's node-level tests share: the binary run against a development node.

#![allow(dead_code)]

use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	time::{Duration, Instant},
};

use serde_json::Value;

pub struct Cli {
	pub url: String,
	pub keystore: PathBuf,
}

impl Cli {
	pub fn command(&self, signer: Option<&str>, args: &[&str]) -> Command {
		let mut command = Command::new(env!("CARGO_BIN_EXE_medchain"));
		command.args(["--url", &self.url, "--keystore"]).arg(&self.keystore);
		if let Some(signer) = signer {
			command.args(["--suri", signer]);
		}
		command.args(args).env_remove("MEDCHAIN_ACCOUNT").stdin(Stdio::null());
		command
	}

	pub fn run(&self, signer: Option<&str>, args: &[&str]) -> Output {
		self.command(signer, args).output().expect("run medchain")
	}

	/// Runs a command that must succeed, with `--json`; returns its document.
	pub fn json(&self, signer: Option<&str>, args: &[&str]) -> Value {
		let mut all = vec!["--json"];
		all.extend_from_slice(args);
		let output = self.run(signer, &all);
		assert!(
			output.status.success(),
			"medchain {args:?} failed: {}",
			String::from_utf8_lossy(&output.stderr)
		);
		serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
			panic!(
				"medchain {args:?} printed no JSON ({e}): {}",
				String::from_utf8_lossy(&output.stdout)
			)
		})
	}

	/// Runs a command that must fail with `code`; returns its standard error.
	pub fn refused(&self, signer: Option<&str>, args: &[&str], code: i32) -> String {
		let output = self.run(signer, args);
		let stderr = String::from_utf8_lossy(&output.stderr).to_string();
		assert_eq!(output.status.code(), Some(code), "medchain {args:?}: {stderr}");
		stderr
	}
}

/// The SS58 address of a development URI, as the CLI prints accounts.
pub fn address(uri: &str) -> String {
	medchain_client::keys::Account::from_uri(uri).unwrap().account_id().to_string()
}

/// The first event `name` of a transaction's receipt.
pub fn event<'a>(receipt: &'a Value, name: &str) -> &'a Value {
	receipt["events"]
		.as_array()
		.and_then(|events| events.iter().find(|e| e["event"] == name))
		.map(|e| &e["fields"])
		.unwrap_or_else(|| panic!("no {name} in {receipt}"))
}

pub const CID: &str = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
pub const DI: &str = "00643169007222";

/// `event report DEVICE` with a lead-fracture report (IMDRF codes), as a reporter types it.
pub fn report(device: &str) -> [&str; 11] {
	[
		"event",
		"report",
		device,
		"--code",
		"IMDRF:A050202",
		"--seriousness",
		"hospitalisation",
		"--outcome",
		"IMDRF:E0601",
		"--narrative-cid",
		CID,
	]
}

/// A hospital's `medchain-vault` (built beside `medchain` by `cargo test --workspace`), its
/// files and log under `dir/vault-ORG`.
pub struct Vault {
	child: Child,
	pub url: String,
	pub dir: PathBuf,
}

impl Vault {
	/// Starts organisation `org`'s vault, signing audits with `signer` (its record store).
	pub fn start(node: &str, dir: &Path, org: u32, signer: &str) -> Vault {
		let binary = Path::new(env!("CARGO_BIN_EXE_medchain")).with_file_name("medchain-vault");
		assert!(binary.exists(), "build it first: cargo build --release -p medchain-vault");
		let dir = dir.join(format!("vault-{org}"));
		std::fs::create_dir_all(&dir).unwrap();
		let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		let log = std::fs::File::create(dir.join("vault.log")).unwrap();
		let child = Command::new(binary)
			.args(["--node", node, "--org", &org.to_string()])
			.args(["--listen", &format!("127.0.0.1:{port}")])
			.arg("--data")
			.arg(dir.join("data"))
			.arg("--state")
			.arg(dir.join("state"))
			.env("MEDCHAIN_VAULT_SIGNER", signer)
			.stdout(log.try_clone().unwrap())
			.stderr(log)
			.spawn()
			.expect("start medchain-vault");
		let started = Instant::now();
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			assert!(started.elapsed() < Duration::from_secs(60), "the vault did not start");
			std::thread::sleep(Duration::from_millis(200));
		}
		Vault { child, url: format!("http://127.0.0.1:{port}"), dir }
	}

	/// The file that keeps the object `cid`.
	pub fn object(&self, cid: &str) -> PathBuf {
		self.dir.join("data/objects").join(cid)
	}

	/// How many served openings wait for their audit.
	pub fn pending_audits(&self) -> usize {
		std::fs::read_dir(self.dir.join("state/audit/pending")).map_or(0, |d| d.count())
	}
}

impl Drop for Vault {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Waits up to `seconds` for `done`, every half second; `what` names it if it never comes.
pub fn eventually(seconds: u64, what: &str, mut done: impl FnMut() -> bool) {
	let started = Instant::now();
	while !done() {
		assert!(started.elapsed() < Duration::from_secs(seconds), "never: {what}");
		std::thread::sleep(Duration::from_millis(500));
	}
}
