//! The committed chain specs (`chain-specs/*.json`) must match what the runtime's genesis
//! presets produce now: regenerate them with `scripts/chain-specs.sh` after changing a
//! preset, the chain properties or the runtime.

mod common;

use std::{path::PathBuf, process::Command};

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

/// Takes the runtime code out of a spec and checks it is a (possibly compressed) WASM blob.
///
/// The code is compared separately from the rest: its bytes depend on the exact toolchain
/// and on the checkout's path (panic locations), so a fresh clone builds a functionally
/// identical runtime whose bytes differ.
fn split_code(mut spec: Value, what: &str) -> Value {
	let code = spec["genesis"]["runtimeGenesis"]
		.as_object_mut()
		.and_then(|genesis| genesis.remove("code"))
		.unwrap_or_else(|| panic!("{what} has no genesis.runtimeGenesis.code"));
	let code = hex::decode(code.as_str().expect("code is a hex string").trim_start_matches("0x"))
		.expect("code is valid hex");
	const WASM_MAGIC: &[u8] = b"\0asm";
	// substrate-wasm-builder's compressed-blob prefix (sp-maybe-compressed-blob).
	const ZSTD_PREFIX: &[u8] = &[82, 188, 83, 118, 70, 219, 142, 5];
	assert!(
		code.starts_with(WASM_MAGIC) || code.starts_with(ZSTD_PREFIX),
		"{what}'s code is not a WASM runtime"
	);
	spec
}

fn assert_committed_spec_is_current(chain: &str, file: &str) {
	let exported = split_code(exported_spec(chain), "the exported spec");
	let committed = split_code(committed_spec(file), file);
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
