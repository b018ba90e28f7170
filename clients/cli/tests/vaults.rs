//! Seeds S2, S3 and S4's record flows through two hospitals' record vaults, with `medchain`
//! commands alone against a development node: Hospital A's doctor puts a patient's record in
//! A's vault; the patient gets it back; with the patient's consent Hospital B's doctor gets it
//! from A's vault, and not after the patient revokes, nor after a time-limited grant ends; in
//! an emergency B's doctor opens it under break-glass, audited as such; a tampered copy in the
//! vault is caught before anything is written; the patient erases the record and the vault
//! deletes its bytes.

mod common;

use std::path::Path;

use common::{address, eventually, Cli, Vault};
use medchain_client::dev_node::{node_beside_tests, DevNode};
use serde_json::json;

const ADMIN_A: Option<&str> = Some("//Bob");
const ADMIN_B: Option<&str> = Some("//Bob//stash");

#[test]
fn records_flow_through_two_hospitals_vaults() {
	let node = DevNode::start(node_beside_tests()).expect("start a development node");
	let dir = std::env::temp_dir().join(format!("medchain-cli-vaults-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let cli = Cli { url: node.ws_url(), keystore: dir.join("keystore.json") };
	// Hospital B's record store, added as scripts/run-dev.sh adds it.
	cli.json(ADMIN_B, &["staff", "add", "//Two", "--role", "record-store"]);
	let vault_a = Vault::start(&cli.url, &dir, 3, "//One");
	let vault_b = Vault::start(&cli.url, &dir, 4, "//Two");
	Flows { cli: &cli, dir: &dir, vault_a: &vault_a, vault_b: &vault_b }.play();
	let _ = std::fs::remove_dir_all(dir);
}

struct Flows<'a> {
	cli: &'a Cli,
	dir: &'a Path,
	vault_a: &'a Vault,
	vault_b: &'a Vault,
}

impl Flows<'_> {
	fn file(&self, name: &str) -> String {
		self.dir.join(name).to_str().unwrap().to_string()
	}

	/// `medchain record get RECORD` by `signer` with their record key `key`, into `out`.
	fn get(&self, signer: &str, key: &str, record: &str, vault: &Vault, out: &str) -> Output {
		let (key, out) = (self.file(&format!("{key}.key")), self.file(out));
		let args = ["record", "get", record, "--key-file", &key, "-o", &out, "--vault", &vault.url];
		let output = self.cli.run(Some(signer), &args);
		let stderr = String::from_utf8_lossy(&output.stderr).to_string();
		let written = std::fs::read(&out).ok();
		Output { code: output.status.code(), stderr, written }
	}

	fn can_open(&self, record: &str, who: &str) -> bool {
		self.cli.json(None, &["record", "can-open", record, "--who", who]) == json!(true)
	}

	fn play(&self) {
		let cli = self.cli;
		let patient_uri = format!("//medchain-vaults-patient-{}", std::process::id());
		let patient = patient_uri.as_str();
		cli.json(ADMIN_A, &["patient", "register", patient]);
		cli.json(Some(patient), &["consent", "grant", "--org", "3", "--access", "read-write"]);
		for (signer, name) in
			[(patient, "patient"), ("//Bob", "doctor-a"), ("//Bob//stash", "doctor-b")]
		{
			let key = self.file(&format!("{name}.key"));
			cli.json(None, &["keys", "record-key", &key]);
			cli.json(Some(signer), &["keys", "encryption-key", "--key-file", &key]);
		}

		// S3: Hospital A's doctor puts a discharge summary in A's vault; the patient gets it.
		let content =
			br#"{"resourceType":"DocumentReference","status":"current","description":"Discharge"}"#;
		std::fs::write(self.file("summary.json"), content).unwrap();
		let put = [
			"record",
			"put",
			&self.file("summary.json"),
			"--patient",
			patient,
			"--category",
			"document-reference",
			"--vault",
			&self.vault_a.url,
		];
		let put = cli.json(ADMIN_A, &put);
		let record = common::event(&put, "EmrPointers.RecordAnchored")["record"].to_string();
		let got = self.get(patient, "patient", &record, self.vault_a, "by-patient.json");
		assert_eq!(got.written.as_deref(), Some(&content[..]), "{}", got.stderr);
		// Hospital B's vault does not keep it, and says whose does.
		let elsewhere = self.get(patient, "patient", &record, self.vault_b, "from-b.json");
		assert!(elsewhere.stderr.contains("organisation 3"), "{elsewhere:?}");
		assert_eq!((elsewhere.code, elsewhere.written), (Some(3), None));

		// S4: the patient consents to Hospital B and shares the key with its doctor, who gets
		// the record from A's vault; the opening is audited in the doctor's name.
		let granted = cli.json(Some(patient), &["consent", "grant", "--org", "4"]);
		let grant = common::event(&granted, "AccessControl.AccessGranted")["grant"].to_string();
		let key = self.file("patient.key");
		cli.json(
			Some(patient),
			&["record", "share", &record, "--with", "//Bob//stash", "--key-file", &key],
		);
		let got = self.get("//Bob//stash", "doctor-b", &record, self.vault_a, "by-b.json");
		assert_eq!(got.written.as_deref(), Some(&content[..]), "{}", got.stderr);
		let doctor_b = address("//Bob//stash");
		let trail = || cli.json(None, &["consent", "audit", patient]);
		eventually(60, "the opening by Hospital B's doctor audited", || {
			trail().to_string().contains(&doctor_b)
		});
		assert!(trail().to_string().contains(&address("//One")), "reported by A's store");
		// Revoked: the vault refuses, and writes nothing.
		cli.json(Some(patient), &["consent", "revoke", &grant]);
		let refused = self.get("//Bob//stash", "doctor-b", &record, self.vault_a, "revoked.json");
		assert!(refused.stderr.contains("no-consent"), "{refused:?}");
		assert_eq!((refused.code, refused.written), (Some(3), None));

		// S2: a grant for a visit, to the doctor in person: opened before its end, refused after.
		let visit = ["consent", "grant", "--person", "//Bob//stash", "--until", "+24s"];
		cli.json(Some(patient), &visit);
		let got = self.get("//Bob//stash", "doctor-b", &record, self.vault_a, "in-visit.json");
		assert_eq!(got.written.as_deref(), Some(&content[..]), "{}", got.stderr);
		eventually(60, "the visit's grant ended", || !self.can_open(&record, "//Bob//stash"));
		let refused =
			self.get("//Bob//stash", "doctor-b", &record, self.vault_a, "after-visit.json");
		assert!(refused.stderr.contains("no-consent"), "{refused:?}");
		assert_eq!((refused.code, refused.written), (Some(3), None));

		// An emergency: Hospital B's doctor breaks the glass and opens the record through A's
		// vault; the patient's audit trail shows that opening on break-glass grounds.
		let reason = ["consent", "break-glass", patient, "--reason", "patient-unable-to-consent"];
		cli.json(ADMIN_B, &reason);
		let got = self.get("//Bob//stash", "doctor-b", &record, self.vault_a, "emergency.json");
		assert_eq!(got.written.as_deref(), Some(&content[..]), "{}", got.stderr);
		eventually(60, "the break-glass opening audited", || {
			let trail = trail();
			trail.as_array().unwrap().iter().any(|entry| {
				entry["reader"] == json!(doctor_b)
					&& entry["basis"].to_string().contains("BreakGlass")
			})
		});
		eventually(60, "every opening audited", || self.vault_a.pending_audits() == 0);

		// A copy altered in the vault's store is caught before anything is written.
		let objects: Vec<_> = std::fs::read_dir(self.vault_a.dir.join("data/objects"))
			.unwrap()
			.map(|entry| entry.unwrap().path())
			.collect();
		assert_eq!(objects.len(), 1, "{objects:?}");
		let original = std::fs::read(&objects[0]).unwrap();
		let mut altered = original.clone();
		altered[40] ^= 1;
		std::fs::write(&objects[0], &altered).unwrap();
		let caught = self.get(patient, "patient", &record, self.vault_a, "altered.json");
		assert!(caught.stderr.contains("altered"), "{caught:?}");
		assert_eq!(caught.written, None);
		std::fs::write(&objects[0], &original).unwrap();

		// The patient erases the record: the vault deletes its bytes once the erasure is final,
		// and answers 410.
		cli.json(Some(patient), &["record", "erase", &record]);
		eventually(60, "the erased record's bytes deleted", || !objects[0].exists());
		let gone = self.get(patient, "patient", &record, self.vault_a, "erased.json");
		assert!(gone.stderr.contains("erased"), "{gone:?}");
		assert_eq!(gone.written, None);
	}
}

/// What `record get` did: its exit code, its standard error, and the file it wrote, if any.
#[derive(Debug)]
struct Output {
	code: Option<i32>,
	stderr: String,
	written: Option<Vec<u8>>,
}
