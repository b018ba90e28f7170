//! The JavaScript scenarios of `clients/polkadot-js` (recall, records) and a governance
//! motion, replayed with `medchain` commands alone against a development node: what a
//! hospital, a manufacturer, a regulator, a patient and the council do, without code.

mod common;

use std::path::Path;

use common::{address, event, Cli, Vault, CID, DI};
use medchain_client::dev_node::{node_beside_tests, DevNode};
use serde_json::{json, Value};

const REGULATOR: Option<&str> = Some("//Alice");
const MAKER: Option<&str> = Some("//Dave");
const ADMIN_A: Option<&str> = Some("//Bob");
const ADMIN_B: Option<&str> = Some("//Bob//stash");
const STORE_A: Option<&str> = Some("//One");
/// The council's seats on the development chain; five of seven pass a motion.
const SEATS: [&str; 7] = [
	"//Alice",
	"//Dave",
	"//Alice//stash",
	"//Bob",
	"//Bob//stash",
	"//Charlie//stash",
	"//Dave//stash",
];

fn number(value: &Value, field: &str) -> String {
	value[field].as_u64().unwrap_or_else(|| panic!("no {field} in {value}")).to_string()
}

#[test]
fn the_scenarios_play_with_medchain_commands_alone() {
	let node = DevNode::start(node_beside_tests()).expect("start a development node");
	let dir = std::env::temp_dir().join(format!("medchain-cli-scenarios-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let cli = Cli { url: node.ws_url(), keystore: dir.join("keystore.json") };
	governance(&cli);
	let vault = Vault::start(&cli.url, &dir, 3, "//One");
	let leads = recall(&cli, &dir);
	device_logs(&cli, &dir, &vault, &leads[0]);
	records(&cli, &dir, &vault);
	let _ = std::fs::remove_dir_all(dir);
}

/// The council admits a hospital by motion; a failing call comes back as its pallet's error.
fn governance(cli: &Cli) {
	let proposed =
		cli.json(REGULATOR, &["org", "admit", "--kind", "hospital", "--admin", "//Grace"]);
	let hash = event(&proposed, "Council.Proposed")["proposal_hash"].as_str().unwrap().to_string();
	let motions = cli.json(None, &["motion", "list"]);
	assert_eq!(motions[0]["hash"], hash, "{motions}");
	assert_eq!(motions[0]["threshold"], 5, "{motions}");
	assert!(motions.to_string().contains("admit_organisation"), "{motions}");
	let not_a_seat = cli.refused(Some("//Charlie"), &["motion", "vote", &hash, "--aye"], 3);
	assert!(not_a_seat.contains("call-permission table"), "the gate: {not_a_seat}");
	for seat in &SEATS[..5] {
		cli.json(Some(seat), &["motion", "vote", &hash, "--aye"]);
	}
	let closed = cli.json(REGULATOR, &["motion", "close", &hash]);
	event(&closed, "Council.Executed");
	let admitted = event(&closed, "Consortium.OrganisationAdmitted");
	let org = admitted["org"].as_u64().unwrap();
	let shown = cli.json(None, &["org", "show", &org.to_string()]);
	assert_eq!(shown["kind"], "Hospital", "{shown}");
	assert_eq!(cli.json(None, &["motion", "list"]), json!([]));
	let unknown = cli.refused(REGULATOR, &["motion", "close", &hash], 2);
	assert!(unknown.contains("no open council motion"), "{unknown}");
	// The sudo key's call fails inside: the transaction is refused with the pallet's words.
	let inner = cli.refused(REGULATOR, &["org", "suspend", "999", "--sudo"], 3);
	assert!(inner.contains("Consortium."), "{inner}");
}

/// clients/polkadot-js/recall-scenario.mjs: two hospitals order leads of one lot, one is
/// implanted under Hospital A's pseudonym, the patient's report is filed for her, the
/// regulator recalls the lot, and only Hospital A resolves the use to its patient.
fn recall(cli: &Cli, dir: &Path) -> Vec<String> {
	let lot = format!("LOT-CLI-{}", std::process::id());
	let orders: Vec<String> = [ADMIN_A, ADMIN_B]
		.into_iter()
		.map(|admin| {
			let placed = cli.json(
				admin,
				&["order", "place", "--manufacturer", "1", "--di", DI, "--quantity", "2"],
			);
			number(event(&placed, "Traceability.OrderPlaced"), "order")
		})
		.collect();
	let hash = "05".repeat(32);
	let leads: Vec<String> = ["PL-1", "PL-2", "PL-3", "PL-4"]
		.into_iter()
		.map(|serial| {
			let registered = cli.json(
				MAKER,
				&[
					"--in-block",
					"device",
					"register",
					"--di",
					DI,
					"--serial",
					serial,
					"--lot",
					&lot,
					"--manufactured",
					"2026-11-01",
					"--expires",
					"2028-11-01",
					"--type",
					"GMDN:47264",
					"--model",
					"CAPSUREFIX-5076",
					"--version",
					"1",
					"--profile-cid",
					CID,
					"--profile-hash",
					&hash,
				],
			);
			number(event(&registered, "DeviceRegistry.DeviceRegistered"), "device")
		})
		.collect();
	for (order, devices) in orders.iter().zip(leads.chunks(2)) {
		let material = "04035479112345:SILICONE-LOT-9";
		cli.json(MAKER, &["order", "materials", order, "--material", material]);
		cli.json(MAKER, &["order", "produce", order, &devices[0], &devices[1]]);
		cli.json(REGULATOR, &["order", "approve", order, "--reason", "MDR-ART-52"]);
		cli.json(MAKER, &["order", "ship", order, "--carrier", "2"]);
	}
	for (order, admin) in orders.iter().zip([ADMIN_A, ADMIN_B]) {
		cli.json(admin, &["order", "deliver", order, "--location", "GLN:0614141000012.CATHLAB"]);
		cli.json(admin, &["order", "install", order]);
	}
	let after_sales =
		["order", "after-sales", &orders[0], "--kind", "training", "--cid", CID, "--hash", &hash];
	cli.json(ADMIN_A, &after_sales);

	// Hospital A implants the first lead in Eve under its pseudonym key.
	let (key_a, key_b) = (dir.join("pseudonyms-a.key"), dir.join("pseudonyms-b.key"));
	for key in [&key_a, &key_b] {
		let made = cli.run(None, &["keys", "pseudonym-key", key.to_str().unwrap()]);
		assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
	}
	let again = cli.refused(None, &["keys", "pseudonym-key", key_a.to_str().unwrap()], 5);
	assert!(again.contains("exists"), "a key is never overwritten: {again}");
	let key_a = key_a.to_str().unwrap();
	let implant =
		["device", "use", &leads[0], "--usage", "implant", "--patient", "//Eve", "--pseudonym-key"];
	let used = cli.json(ADMIN_A, &[&implant[..], &[key_a]].concat());
	assert!(!used.to_string().contains(&address("//Eve")), "no patient on chain: {used}");

	// Eve cannot sign a report; her clinician files it for her; the regulator recalls.
	let report = common::report(&leads[0]);
	let refused = cli.refused(Some("//Eve"), &report, 3);
	assert!(refused.contains("refused"), "{refused}");
	let reported = cli.json(ADMIN_A, &[&report[..], &["--for-patient"]].concat());
	let adverse = event(&reported, "Traceability.AdverseEventReported");
	assert_eq!(adverse["late"], false, "{reported}");
	let recalled = cli.json(
		REGULATOR,
		&[
			"recall",
			"issue",
			"--di",
			DI,
			"--lot",
			&lot,
			"--reason",
			"FSCA-LEAD-FRACTURE",
			"--event",
			&number(adverse, "event"),
		],
	);
	let recall = event(&recalled, "Traceability.RecallIssued");
	assert_eq!(recall["status"], "Confirmed", "a regulator's recall is in force at once");
	let recall = number(recall, "recall");

	// Who must act: every lead, both hospitals, one use that only Hospital A resolves.
	let scope = cli.json(None, &["recall", "scope", &recall]);
	let mut devices: Vec<String> =
		scope.as_array().unwrap().iter().map(|d| d["device"].to_string()).collect();
	devices.sort();
	assert_eq!(devices, leads, "{scope}");
	assert!(!scope.to_string().contains(&address("//Eve")), "{scope}");
	let patients = |key: &str| {
		let args = ["recall", "patients", &recall, "--pseudonym-key", key, "--patient", "//Ferdie"];
		cli.json(None, &[&args[..], &["--patient", "//Eve"]].concat())
	};
	let found = patients(key_a);
	assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
	assert_eq!(found[0]["patient"], address("//Eve"), "{found}");
	assert_eq!(found[0]["device"].to_string(), leads[0], "{found}");
	assert_eq!(patients(key_b.to_str().unwrap()), json!([]), "another key resolves no one");
	let uses = cli.json(None, &["device", "uses", &leads[0]]);
	assert_eq!(uses.as_array().map(Vec::len), Some(1), "{uses}");
	let trail = cli.json(None, &["device", "trail", &leads[0]]);
	assert!(trail.to_string().contains("Implant"), "{trail}");
	leads
}

/// Seed S0's service log with Hospital A's vault: the hospital's device operator uploads an
/// error log and a photo of the display; the manufacturer's field-service engineer opens
/// both (each opening audited on chain in the engineer's name); another hospital's admin is
/// refused.
fn device_logs(cli: &Cli, dir: &Path, vault: &Vault, device: &str) {
	const OPERATOR_A: Option<&str> = Some("//Charlie");
	let file = |name: &str| dir.join(name).to_str().unwrap().to_string();
	let files = [("error-log", "error.log", b"E042 lead impedance out of range".to_vec())];
	let photo = ("display-photo", "display.png", vec![0x89, b'P', b'N', b'G', 13, 10, 26, 10, 7]);
	for (entry, (kind, name, content)) in files.into_iter().chain([photo]).enumerate() {
		std::fs::write(file(name), &content).unwrap();
		let put = ["device", "log", "put", device, &file(name), "--kind", kind];
		let appended = cli.json(OPERATOR_A, &[&put[..], &["--vault", &vault.url]].concat());
		assert_eq!(event(&appended, "DeviceRegistry.LogAppended")["entry"], json!(entry));
		let out = file(&format!("opened-{name}"));
		let get = ["device", "log", "get", device, &entry.to_string(), "-o", &out];
		let opened = cli.json(MAKER, &[&get[..], &["--vault", &vault.url]].concat());
		assert_eq!(opened["bytes"], json!(content.len()), "{opened}");
		assert_eq!(std::fs::read(&out).unwrap(), content);
	}
	let get = ["device", "log", "get", device, "0", "-o", &file("never.log"), "--vault"];
	let refused = cli.refused(ADMIN_B, &[&get[..], &[&vault.url]].concat(), 3);
	assert!(refused.contains("no-consent"), "{refused}");
	assert!(!dir.join("never.log").exists());
	// The vault audits after serving: both openings reach the chain, in the engineer's name.
	let started = std::time::Instant::now();
	loop {
		let openings = cli.json(None, &["device", "log", "openings", device]);
		let readers: Vec<&Value> =
			openings.as_array().unwrap().iter().map(|o| &o["reader"]).collect();
		if readers.len() == 2 {
			assert!(readers.iter().all(|r| **r == json!(address("//Dave"))), "{openings}");
			break;
		}
		assert!(started.elapsed().as_secs() < 90, "openings not audited: {openings}");
		std::thread::sleep(std::time::Duration::from_secs(1));
	}
}

/// clients/polkadot-js/records-scenario.mjs, on chain: a record anchored with key
/// envelopes, consent granted and revoked, break-glass, a store's audited opening with the
/// reader's signature, the patient's flag and the hospital's review, erasure. (Encrypting and
/// storing the record itself is the record vault's: `medchain record put`, issue 22.)
fn records(cli: &Cli, dir: &Path, vault: &Vault) {
	let patient_uri = format!("//medchain-cli-patient-{}", std::process::id());
	let patient = Some(patient_uri.as_str());
	cli.json(ADMIN_A, &["patient", "register", &patient_uri]);
	cli.json(patient, &["consent", "grant", "--org", "3", "--access", "read-write"]);
	// Each reader makes a record key and registers its public half.
	let key = |name: &str| dir.join(format!("{name}.key")).to_str().unwrap().to_string();
	for (signer, name) in [(patient, "patient"), (ADMIN_A, "doctor-a"), (ADMIN_B, "doctor-b")] {
		let public = cli.json(None, &["keys", "record-key", &key(name)]);
		assert_eq!(public.as_str().map(str::len), Some(66), "{public}");
		cli.json(signer, &["keys", "encryption-key", "--key-file", &key(name)]);
	}
	let again = cli.refused(None, &["keys", "record-key", &key("patient")], 5);
	assert!(again.contains("exists"), "a record key is never overwritten: {again}");

	// Hospital A's doctor seals an observation: the ciphertext for the store, the pointer and
	// the envelopes (the patient's and the author's) on chain.
	let file = |name: &str| dir.join(name).to_str().unwrap().to_string();
	let content = br#"{"resourceType":"Observation","status":"final","code":{"text":"INR"}}"#;
	std::fs::write(file("observation.json"), content).unwrap();
	let ciphertext = file("observation.bin");
	let anchored = cli.json(
		ADMIN_A,
		&[
			"record",
			"seal",
			&file("observation.json"),
			"--patient",
			&patient_uri,
			"--category",
			"observation",
			"--store",
			"3",
			"--out",
			&ciphertext,
		],
	);
	let record = number(event(&anchored, "EmrPointers.RecordAnchored"), "record");
	let verified = cli.json(None, &["record", "verify", &record, &ciphertext]);
	assert_eq!(verified["current"], true, "{verified}");
	assert!(!std::fs::read(&ciphertext).unwrap().windows(8).any(|w| w == b"resource"));
	let unseal = |signer: Option<&str>, name: &str, out: &str| {
		let args = ["record", "unseal", &record, &ciphertext, "--key-file", &key(name), "-o", out];
		cli.run(signer, &args)
	};
	assert!(unseal(patient, "patient", &file("by-patient.json")).status.success());
	assert_eq!(std::fs::read(file("by-patient.json")).unwrap(), content);
	// A tampered copy is refused before anything is opened.
	let mut tampered = std::fs::read(&ciphertext).unwrap();
	tampered[20] ^= 1;
	std::fs::write(file("tampered.bin"), tampered).unwrap();
	let (tampered, patient_key, never) = (file("tampered.bin"), key("patient"), file("never.json"));
	let args = ["record", "unseal", &record, &tampered, "--key-file", &patient_key, "-o", &never];
	let refused = cli.refused(patient, &args, 3);
	assert!(refused.contains("altered"), "{refused}");

	// Hospital B's doctor is granted; the patient shares the key; the doctor opens it (an
	// audited opening); then the grant is revoked.
	let granted = cli.json(patient, &["consent", "grant", "--org", "4", "--until", "2099-01-01"]);
	let grant = number(event(&granted, "AccessControl.AccessGranted"), "grant");
	let can_open = |who: &str| cli.json(None, &["record", "can-open", &record, "--who", who]);
	assert_eq!(can_open("//Bob//stash"), json!(true));
	let share =
		["record", "share", &record, "--with", "//Bob//stash", "--key-file", &key("patient")];
	cli.json(patient, &share);
	let opened = unseal(ADMIN_B, "doctor-b", &file("by-doctor-b.json"));
	assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
	assert_eq!(std::fs::read(file("by-doctor-b.json")).unwrap(), content);
	let envelope =
		cli.json(None, &["record", "envelope", "show", &record, "--reader", "//Bob//stash"]);
	assert_eq!(envelope.as_str().map(str::len), Some(2 + 2 * 81), "{envelope}");
	cli.json(patient, &["consent", "revoke", &grant]);
	assert_eq!(can_open("//Bob//stash"), json!(false));
	let refused = unseal(ADMIN_B, "doctor-b", &file("after-revoke.json"));
	assert_eq!(refused.status.code(), Some(3), "{}", String::from_utf8_lossy(&refused.stderr));
	assert!(!dir.join("after-revoke.json").exists(), "nothing is written without consent");
	let refused = cli.refused(ADMIN_B, &["record", "open", &record], 3);
	assert!(refused.contains("AccessControl."), "{refused}");
	cli.json(ADMIN_A, &["record", "envelope", "remove", &record, "--reader", "//Bob//stash"]);

	// An emergency: break-glass, an opening, and the store's audited serving.
	let glass = cli.json(
		ADMIN_B,
		&["consent", "break-glass", &patient_uri, "--reason", "patient-unable-to-consent"],
	);
	let glass = number(event(&glass, "AccessControl.EmergencyAccessStarted"), "id");
	cli.json(ADMIN_B, &["record", "open", &record]);
	let reviews = cli.json(None, &["consent", "reviews", "4"]);
	assert!(reviews.to_string().contains(&address(&patient_uri)), "{reviews}");
	let ask = cli.json(ADMIN_B, &["record", "ask", &record, "--store", "3"]);
	let request = dir.join("request.json");
	std::fs::write(&request, ask.to_string()).unwrap();
	cli.json(STORE_A, &["record", "audit-read", request.to_str().unwrap()]);
	let replayed = cli.refused(STORE_A, &["record", "audit-read", request.to_str().unwrap()], 3);
	assert!(replayed.contains("AccessControl."), "a request is audited once: {replayed}");
	let trail = cli.json(None, &["consent", "audit", &patient_uri]);
	assert_eq!(trail.as_array().map(Vec::len), Some(3), "{trail}");
	assert!(trail.to_string().contains(&address("//One")), "{trail}");

	// The patient flags the break-glass; Hospital A, which registered them, reviews it.
	cli.json(patient, &["consent", "flag", &glass]);
	let flagged = cli.json(None, &["consent", "reviews", "3", "--flagged"]);
	assert_eq!(flagged.as_array().map(Vec::len), Some(1), "{flagged}");
	cli.json(ADMIN_A, &["consent", "review", &glass, "--outcome", "justified"]);

	// The patient erases the record: the tamper check says so, and nobody may open it.
	let erased = cli.json(patient, &["record", "erase", &record]);
	event(&erased, "EmrPointers.RecordErased");
	let gone = cli.refused(None, &["record", "verify", &record, &ciphertext], 3);
	assert!(gone.contains("Erased"), "{gone}");
	assert_eq!(can_open(&patient_uri), json!(false));

	// With Hospital A's record vault: the doctor puts a record (encrypted, uploaded, anchored
	// in the vault's organisation's store); the patient gets it back; Hospital B's doctor, who
	// may open it under the break-glass but holds no key envelope, is refused before any
	// opening (the vault's own refusals: clients/vault/tests).
	let put = cli.json(
		ADMIN_A,
		&[
			"record",
			"put",
			&file("observation.json"),
			"--patient",
			&patient_uri,
			"--category",
			"observation",
			"--vault",
			&vault.url,
		],
	);
	let stored = number(event(&put, "EmrPointers.RecordAnchored"), "record");
	let shown = cli.json(None, &["record", "show", &stored]);
	assert_eq!(shown["store"], json!(3), "{shown}");
	let get = |signer: Option<&str>, name: &str, out: &str| {
		let args =
			["record", "get", &stored, "--key-file", &key(name), "-o", out, "--vault", &vault.url];
		cli.run(signer, &args)
	};
	let fetched = get(patient, "patient", &file("from-vault.json"));
	assert!(fetched.status.success(), "{}", String::from_utf8_lossy(&fetched.stderr));
	assert_eq!(std::fs::read(file("from-vault.json")).unwrap(), content);
	let refused = get(ADMIN_B, "doctor-b", &file("never-from-vault.json"));
	let stderr = String::from_utf8_lossy(&refused.stderr);
	assert_eq!(refused.status.code(), Some(3), "{stderr}");
	assert!(stderr.contains("no key envelope"), "{stderr}");
	assert!(!dir.join("never-from-vault.json").exists());
}
