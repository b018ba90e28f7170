//! The real `medchain` binary against a development node: each role's main flow with its
//! JSON output checked, and refusals in words (one per pallet, the gate, bad input).
//! docs/cli.md walks through the same flows by hand.

mod common;

use std::process::Stdio;

use common::{event, Cli, CID, DI};
use medchain_client::dev_node::{node_beside_tests, DevNode};
use serde_json::Value;

#[test]
fn every_role_works_from_the_command_line() {
	let node = DevNode::start(node_beside_tests()).expect("start a development node");
	let dir = std::env::temp_dir().join(format!("medchain-cli-test-{}", std::process::id()));
	let cli = Cli { url: node.ws_url(), keystore: dir.join("keystore.json") };
	let hash = "ab".repeat(32);
	let (regulator, maker, admin_a, nurse_a) =
		(Some("//Alice"), Some("//Dave"), Some("//Bob"), Some("//Charlie"));
	let eve = Some("//Eve");

	// The chain answers.
	let status = cli.json(None, &["chain", "status"]);
	assert!(status["specVersion"].as_u64().unwrap() >= 115, "{status}");
	let orgs = cli.json(None, &["org", "list"]);
	assert_eq!(orgs[3]["kind"], "Hospital", "{orgs}");
	assert_eq!(orgs[3]["id"], 3, "{orgs}");

	// The manufacturer registers a lead and ships it to Hospital A.
	let registered = cli.json(
		maker,
		&[
			"device",
			"register",
			"--di",
			DI,
			"--serial",
			"SN-CLI-1",
			"--lot",
			"LOT-CLI-1",
			"--manufactured",
			"2026-01-15",
			"--type",
			"GMDN:47264",
			"--model",
			"5076-52",
			"--version",
			"2.1",
			"--profile-cid",
			CID,
			"--profile-hash",
			&hash,
		],
	);
	assert_eq!(registered["finalized"], true);
	let device = event(&registered, "DeviceRegistry.DeviceRegistered")["device"].as_u64().unwrap();
	let id = device.to_string();
	cli.json(maker, &["device", "release", &id]);
	cli.json(maker, &["device", "dispatch", &id, "--carrier", "2", "--recipient", "3"]);
	let by_udi = cli
		.json(None, &["device", "show", "--di", DI, "--serial", "SN-CLI-1", "--lot", "LOT-CLI-1"]);
	assert_eq!(by_udi[0], device, "{by_udi}");
	assert_eq!(by_udi[1]["lifecycle"], "InTransit", "{by_udi}");
	assert_eq!(by_udi[1]["udi"]["serial"], "SN-CLI-1", "codes print as text: {by_udi}");

	// The hospital installs it, puts it in service and logs an error.
	cli.json(admin_a, &["device", "install", &id, "--location", "GLN:0614141000012.ICU3"]);
	cli.json(nurse_a, &["device", "in-service", &id]);
	let logged = cli.json(
		nurse_a,
		&["device", "log", "append", &id, "--kind", "error-log", "--cid", CID, "--hash", &hash],
	);
	assert_eq!(event(&logged, "DeviceRegistry.LogAppended")["kind"], "ErrorLog", "{logged}");
	let log = cli.json(None, &["device", "log", "list", &id]);
	assert_eq!(log.as_array().map(Vec::len), Some(1), "{log}");
	assert_eq!(log[0]["org"], 3, "{log}");
	let trail = cli.json(None, &["device", "trail", &id]);
	assert!(trail.to_string().contains("InService"), "{trail}");

	// A patient grants Hospital B and finds nobody has opened anything.
	let granted = cli.json(
		eve,
		&["consent", "grant", "--org", "4", "--category", "observation", "--until", "2099-01-01"],
	);
	let grant = event(&granted, "AccessControl.AccessGranted");
	assert_eq!(grant["grantee"], serde_json::json!({ "Organisation": 4 }), "{granted}");
	let grants = cli.json(None, &["consent", "list", "//Eve"]);
	assert!(grants.to_string().contains("Organisation"), "{grants}");
	let audit = cli.json(None, &["consent", "audit", "//Eve"]);
	assert_eq!(audit, serde_json::json!([]), "{audit}");
	let history = cli.json(None, &["consent", "history", "//Eve"]);
	assert!(!history.as_array().unwrap().is_empty(), "{history}");

	// A watcher for recalls that touch Hospital A, started before the recall.
	let watcher = cli
		.command(None, &["watch", "--recalls-for", "3", "--count", "1"])
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("start medchain watch");
	std::thread::sleep(std::time::Duration::from_secs(3));

	// The nurse reports an adverse event; the regulator triages it and recalls the lot.
	let reported = cli.json(nurse_a, &common::report(&id));
	let adverse = event(&reported, "Traceability.AdverseEventReported")["event"].as_u64().unwrap();
	let advanced = cli.json(
		regulator,
		&[
			"event",
			"advance",
			&adverse.to_string(),
			"--to",
			"under-investigation",
			"--reason",
			"TRIAGE",
		],
	);
	assert_eq!(
		event(&advanced, "Traceability.InvestigationAdvanced")["status"],
		"UnderInvestigation"
	);
	let shown = cli.json(None, &["event", "show", &adverse.to_string()]);
	assert!(shown.to_string().contains("UnderInvestigation"), "{shown}");
	let recalled = cli.json(
		regulator,
		&[
			"recall",
			"issue",
			"--di",
			DI,
			"--lot",
			"LOT-CLI-1",
			"--reason",
			"FSCA-2026-17",
			"--event",
			&adverse.to_string(),
		],
	);
	let recall = event(&recalled, "Traceability.RecallIssued")["recall"].as_u64().unwrap();
	let scope = cli.json(None, &["recall", "scope", &recall.to_string()]);
	assert_eq!(scope[0]["device"], device, "{scope}");
	assert_eq!(scope[0]["custodian"], 3, "{scope}");
	let stats = cli.json(None, &["event", "stats", "2026"]);
	assert!(stats.to_string().contains("Hospitalisation"), "{stats}");

	let watched = watcher.wait_with_output().expect("medchain watch ends after one event");
	assert!(watched.status.success(), "{}", String::from_utf8_lossy(&watched.stderr));
	let line: Value = serde_json::from_slice(&watched.stdout).expect("one JSON line");
	assert_eq!(line["pallet"], "Traceability", "{line}");
	assert_eq!(line["fields"]["recall"], recall, "{line}");

	// Refusals, in words, and nothing signed for bad input.
	let gate = cli.refused(Some("//Ferdie//stash"), &["consent", "revoke", "0"], 3);
	assert!(gate.contains("not a registered member"), "{gate}");
	let not_allowed = cli.refused(nurse_a, &["consent", "grant", "--org", "4"], 3);
	assert!(not_allowed.contains("call-permission table"), "{not_allowed}");
	for (signer, args, error) in [
		(admin_a, &["staff", "remove", "//Dave"][..], "Consortium."),
		(maker, &["device", "release", "999"][..], "DeviceRegistry."),
		(
			regulator,
			&["event", "advance", "999", "--to", "closed", "--reason", "X"][..],
			"Traceability.",
		),
		(eve, &["record", "erase", "999"][..], "EmrPointers."),
		(eve, &["consent", "revoke", "999"][..], "AccessControl.GrantNotFound"),
	] {
		let refused = cli.refused(signer, args, 3);
		assert!(refused.contains(error), "{args:?}: {refused}");
	}
	for args in [
		&["device", "show", "--di", "00643169007223"][..],
		&["consent", "grant", "--org", "4", "--until", "2001-01-01"][..],
		&["recall", "issue", "--di", DI, "--lot", "lot with spaces", "--reason", "X"][..],
		&[
			"event",
			"report",
			"1",
			"--code",
			"A05",
			"--seriousness",
			"death",
			"--outcome",
			"IMDRF:E0601",
			"--narrative-cid",
			CID,
		][..],
	] {
		let bad = cli.refused(eve, args, 2);
		assert!(bad.contains("bad input") && !bad.contains("submitted"), "{args:?}: {bad}");
	}
	let unsigned = cli.refused(None, &["consent", "revoke", "0"], 5);
	assert!(unsigned.contains("--as NAME"), "{unsigned}");
	let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_keystore_holds_accounts_under_a_passphrase() {
	let dir = std::env::temp_dir().join(format!("medchain-cli-keys-{}", std::process::id()));
	let cli = Cli { url: "ws://127.0.0.1:1".into(), keystore: dir.join("keystore.json") };
	let generate = |name: &str| {
		let output = cli
			.command(None, &["--json", "keys", "generate", name])
			.env("MEDCHAIN_PASSPHRASE", "pw")
			.output()
			.unwrap();
		assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
		serde_json::from_slice::<Value>(&output.stdout).unwrap()
	};
	let made = generate("clinician");
	assert_eq!(made["mnemonic"].as_str().unwrap().split(' ').count(), 12);
	let mut import = cli.command(None, &["--json", "keys", "import", "admin"]);
	let mut child = import
		.env("MEDCHAIN_PASSPHRASE", "pw")
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.unwrap();
	use std::io::Write;
	child.stdin.take().unwrap().write_all(b"//Bob\n").unwrap();
	let imported = child.wait_with_output().unwrap();
	assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
	let listed = cli.json(None, &["keys", "list"]);
	assert_eq!(listed[0]["address"], made["address"], "{listed}");
	assert_eq!(listed[1]["name"], "admin", "{listed}");
	let text = std::fs::read_to_string(dir.join("keystore.json")).unwrap();
	assert!(
		!text.contains(made["mnemonic"].as_str().unwrap()) && !text.contains("//Bob"),
		"sealed"
	);
	// A wrong passphrase opens nothing.
	let wrong = cli
		.command(None, &["--as", "admin", "keys", "sign", "0x00"])
		.env("MEDCHAIN_PASSPHRASE", "not it")
		.output()
		.unwrap();
	assert_eq!(wrong.status.code(), Some(5));
	assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong passphrase"));
	let duplicate = cli
		.command(None, &["keys", "generate", "admin"])
		.env("MEDCHAIN_PASSPHRASE", "pw")
		.output()
		.unwrap();
	assert_eq!(duplicate.status.code(), Some(5));
	let _ = std::fs::remove_dir_all(dir);
}
