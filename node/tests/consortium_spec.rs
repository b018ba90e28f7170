//! The real-consortium chain spec path: `chain-specs/consortium-template.json`, filled in
//! with fresh (non-development) keys, goes through `scripts/consortium-spec.py`, whose raw
//! spec has no sudo key and the members' authorities and nodes; a template with a
//! placeholder left, or with a sudo key, is refused with the reason.

mod common;

use std::{path::PathBuf, process::Command};

use serde_json::Value;
use sp_core::{crypto::Ss58Codec, ed25519, sr25519, Pair};
use sp_io::hashing::twox_128;

fn repo() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The template with every placeholder replaced: four members, each with its own admin
/// account, Aura and GRANDPA keys (derived from a test phrase, not the development keys)
/// and node.
fn filled_template() -> String {
	let mut text = std::fs::read_to_string(repo().join("chain-specs/consortium-template.json"))
		.expect("read the template");
	let phrase = "//medchain-consortium-spec-test";
	for member in 1..=4 {
		let sr = |path: &str| {
			sr25519::Pair::from_string(&format!("{phrase}//{member}{path}"), None)
				.expect("a derivation")
				.public()
				.to_ss58check()
		};
		let grandpa = ed25519::Pair::from_string(&format!("{phrase}//{member}//grandpa"), None)
			.expect("a derivation")
			.public()
			.to_ss58check();
		for (placeholder, value) in [
			(format!("<member {member} admin>"), sr("")),
			(format!("<member {member} aura key>"), sr("//aura")),
			(format!("<member {member} grandpa key>"), grandpa),
			(format!("<member {member} node peer id>"), common::PEER_IDS[member - 1].to_owned()),
			(format!("<member {member} node host>"), format!("node{member}.example.org")),
		] {
			text = text.replace(&placeholder, &value);
		}
	}
	text.replace("<consortium name>", "test consortium").replace("<consortium id>", "test")
}

/// Runs the script on `template`; returns whether it succeeded, its output, and the dir.
fn build(name: &str, template: &str) -> (bool, String, PathBuf) {
	let dir = std::env::temp_dir().join(format!("medchain-{name}-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).expect("a temporary directory");
	let filled = dir.join("filled.json");
	std::fs::write(&filled, template).expect("write the filled template");
	let output = Command::new("python3")
		.arg(repo().join("scripts/consortium-spec.py"))
		.arg(&filled)
		.arg(dir.join("out"))
		.arg("--node")
		.arg(common::node_binary())
		.output()
		.expect("run python3 scripts/consortium-spec.py");
	let text = format!(
		"{}{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	(output.status.success(), text, dir)
}

fn storage_key(pallet: &str, item: &str) -> String {
	format!(
		"0x{}{}",
		hex::encode(twox_128(pallet.as_bytes())),
		hex::encode(twox_128(item.as_bytes()))
	)
}

#[test]
fn the_filled_template_builds_a_consortium_chain_without_sudo() {
	let (ok, output, dir) = build("consortium-spec", &filled_template());
	assert!(ok, "the filled template did not build: {output}");
	assert!(output.contains("sha256 "), "no checksum printed: {output}");
	let raw: Value = serde_json::from_str(
		&std::fs::read_to_string(dir.join("out/consortium-raw.json")).expect("the raw spec"),
	)
	.expect("the raw spec is JSON");
	assert_eq!(raw["chainType"], "Live");
	let top = raw["genesis"]["raw"]["top"].as_object().expect("raw genesis storage");
	assert!(!top.contains_key(&storage_key("Sudo", "Key")), "the consortium chain has a sudo key");
	for (pallet, item) in [
		("Authorities", "Authorities"),
		("NodeAuthorization", "WellKnownNodes"),
		("CouncilMembership", "Members"),
		("Session", "Validators"),
	] {
		assert!(top.contains_key(&storage_key(pallet, item)), "no {pallet}.{item} at genesis");
	}
	// Four peer ids of 38 bytes each, SCALE-encoded as a set.
	let nodes = top[&storage_key("NodeAuthorization", "WellKnownNodes")].as_str().unwrap();
	assert_eq!(nodes.len(), 2 + 2 * (1 + 4 * 39));
	let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unfilled_or_sudo_template_is_refused() {
	let template = filled_template();
	let (ok, output, dir) = build(
		"consortium-spec-unfilled",
		&template.replacen(common::PEER_IDS[2], "<member 3 node peer id>", 1),
	);
	assert!(!ok && output.contains("1 placeholder(s) still to fill in"), "{output}");
	let _ = std::fs::remove_dir_all(&dir);

	let admin = sr25519::Pair::from_string("//medchain-consortium-spec-test//1", None)
		.unwrap()
		.public()
		.to_ss58check();
	let with_sudo = template.replace("\"key\": null", &format!("\"key\": \"{admin}\""));
	let (ok, output, dir) = build("consortium-spec-sudo", &with_sudo);
	assert!(!ok && output.contains("no sudo key"), "{output}");
	let _ = std::fs::remove_dir_all(&dir);
}
