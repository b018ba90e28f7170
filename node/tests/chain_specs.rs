//! The committed chain specs (`chain-specs/*.json`) must match what the node exports now:
//! regenerate them with `scripts/chain-specs.sh` after changing a preset, the chain
//! properties or the runtime (and bump the runtime's `spec_version` for every runtime
//! change: that is what tells a stale runtime blob from a current one).

mod common;

use std::{path::PathBuf, process::Command};

use sc_executor_common::runtime_blob::RuntimeBlob;
use serde_json::Value;

/// The spec the built node exports for `chain`.
fn exported_spec(chain: &str) -> Value {
	let output = Command::new(common::node_binary())
		.args(["export-chain-spec", "--chain", chain])
		.output()
		.expect("run medchain-node export-chain-spec");
	assert!(
		output.status.success(),
		"export-chain-spec --chain {chain} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("export-chain-spec prints JSON")
}

fn committed_spec(file: &str) -> Value {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs").join(file);
	let text =
		std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
	serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Takes the runtime code out of a spec; returns the rest and the code's embedded version.
///
/// The code's bytes are not compared: they depend on the checkout's path (panic locations
/// in the WASM), so a fresh clone builds a functionally identical runtime whose bytes
/// differ. Its version (`spec_version`, `impl_version`, `transaction_version`, the runtime
/// APIs) must be the one this build's runtime has.
fn split_code(mut spec: Value, what: &str) -> (Value, sc_executor::RuntimeVersion) {
	let code = spec["genesis"]["runtimeGenesis"]
		.as_object_mut()
		.and_then(|genesis| genesis.remove("code"))
		.unwrap_or_else(|| panic!("{what} has no genesis.runtimeGenesis.code"));
	let code = hex::decode(code.as_str().expect("code is a hex string").trim_start_matches("0x"))
		.expect("code is valid hex");
	let blob = RuntimeBlob::uncompress_if_needed(&code)
		.unwrap_or_else(|e| panic!("{what}'s code is not a WASM runtime: {e}"));
	let version = sc_executor::read_embedded_version(&blob)
		.unwrap_or_else(|e| panic!("{what}'s code has an unreadable version: {e}"))
		.unwrap_or_else(|| panic!("{what}'s code carries no runtime version"));
	(spec, normalized(version))
}

/// A runtime version with its API list in a fixed order (the WASM's embedded list and the
/// native one are ordered differently).
fn normalized(mut version: sc_executor::RuntimeVersion) -> sc_executor::RuntimeVersion {
	let mut apis = version.apis.to_vec();
	apis.sort();
	version.apis = std::borrow::Cow::Owned(apis);
	version
}

fn assert_committed_spec_is_current(chain: &str, file: &str) {
	let (exported, exported_version) = split_code(exported_spec(chain), "the exported spec");
	let (committed, committed_version) = split_code(committed_spec(file), file);
	let built_version = normalized(medchain_runtime::VERSION);
	assert_eq!(exported_version, built_version, "the node exports another runtime");
	assert_eq!(
		committed_version, built_version,
		"chain-specs/{file} holds a runtime of another version: run scripts/chain-specs.sh"
	);
	assert!(
		exported == committed,
		"chain-specs/{file} is stale: run scripts/chain-specs.sh and commit the result.\n\
		 exported now:\n{}\ncommitted:\n{}",
		serde_json::to_string_pretty(&exported).unwrap_or_default(),
		serde_json::to_string_pretty(&committed).unwrap_or_default(),
	);
}

#[test]
fn committed_dev_spec_is_current() {
	assert_committed_spec_is_current("dev", "dev.json");
}

#[test]
fn committed_local_spec_is_current() {
	assert_committed_spec_is_current("local", "local.json");
}
