//! What the CLI's node-level tests share: the binary run against a development node.

#![allow(dead_code)]

use std::{
	path::PathBuf,
	process::{Command, Output, Stdio},
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
