//! The FHIR facade against a development node: the manufacturer's devices and the consortium's
//! members read as FHIR R5, searched and paged, and refused in OperationOutcomes; every
//! resource the facade returned is then validated by validators no one here wrote
//! (clients/fhir/validation: the `fhir.resources` models, HL7's JSON Schema from
//! `hl7.fhir.r5.core`, and the required bindings of the codes filled).

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command},
	time::{Duration, Instant},
};

use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::devices::{DeviceProfile, Udi},
		},
	},
	dev_node::{node_beside_tests, DevNode},
	keys::Account,
	Client, Wait,
};
use serde_json::{json, Value};

const DI: &str = "00643169007222";
const LOT: &str = "LOT-FHIR-1";

fn text(value: &str) -> BoundedVec<u8> {
	BoundedVec(value.as_bytes().to_vec())
}

/// The facade's process, stopped when dropped.
struct Facade {
	child: Child,
	url: String,
}

impl Facade {
	fn start(node: &str, log: &Path) -> Facade {
		let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		let log = std::fs::File::create(log).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_medchain-fhir"))
			.args(["--node", node, "--listen", &format!("127.0.0.1:{port}")])
			.stderr(log.try_clone().unwrap())
			.stdout(log)
			.spawn()
			.expect("the medchain-fhir binary starts");
		let started = Instant::now();
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			assert!(started.elapsed() < Duration::from_secs(60), "the facade did not start");
			std::thread::sleep(Duration::from_millis(200));
		}
		Facade { child, url: format!("http://127.0.0.1:{port}") }
	}
}

impl Drop for Facade {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Reads from the facade, keeping every answer for the validators.
struct Reader {
	http: reqwest::Client,
	facade: String,
	kept: PathBuf,
	count: usize,
}

impl Reader {
	/// `GET url` (absolute, or a path under the facade): its status and its JSON, kept.
	async fn get(&mut self, url: &str) -> (u16, Value) {
		let url =
			if url.starts_with("http") { url.to_string() } else { format!("{}{url}", self.facade) };
		let response = self.http.get(&url).send().await.expect("the facade answers");
		let status = response.status().as_u16();
		let kind = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_string();
		assert!(kind.starts_with("application/fhir+json"), "{url}: {kind}");
		let body = response.bytes().await.unwrap();
		let json: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
			panic!("{url}: not JSON ({e}): {}", String::from_utf8_lossy(&body))
		});
		self.count += 1;
		std::fs::write(self.kept.join(format!("{:03}.json", self.count)), &body).unwrap();
		(status, json)
	}

	async fn ok(&mut self, url: &str) -> Value {
		let (status, json) = self.get(url).await;
		assert_eq!(status, 200, "{url}: {json}");
		json
	}

	/// A refusal: its status, and its OperationOutcome's issue.
	async fn refused(&mut self, url: &str, status: u16, code: &str) -> Value {
		let (got, json) = self.get(url).await;
		assert_eq!(
			(got, json["resourceType"].as_str()),
			(status, Some("OperationOutcome")),
			"{url}: {json}"
		);
		let issue = json["issue"][0].clone();
		assert_eq!(issue["code"], code, "{url}: {json}");
		issue
	}
}

fn ids(bundle: &Value) -> Vec<String> {
	let entries = bundle["entry"].as_array().cloned().unwrap_or_default();
	entries.iter().map(|e| e["resource"]["id"].as_str().unwrap().to_string()).collect()
}

fn link(bundle: &Value, relation: &str) -> Option<String> {
	let links = bundle["link"].as_array()?;
	let found = links.iter().find(|l| l["relation"] == relation)?;
	found["url"].as_str().map(str::to_string)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chain_reads_as_valid_fhir_r5() {
	let node = DevNode::start(node_beside_tests()).expect("a development node");
	let client = Client::connect(&node.ws_url()).await.unwrap();
	let dir = tempfile::tempdir().unwrap();

	// The manufacturer registers three leads of one lot, the last with a DICOM modality.
	let maker = Account::from_uri("//Dave").unwrap();
	let first = client.next_nonce(&maker.account_id()).await.unwrap();
	let mut devices = Vec::new();
	for n in 0..3u64 {
		let udi = Udi {
			di: text(DI),
			serial: Some(text(&format!("SN-FHIR-{n}"))),
			lot: Some(text(LOT)),
			manufactured_on: Some(20_260_115),
			expires_on: Some(20_310_114),
		};
		let profile = DeviceProfile {
			device_type: text("GMDN:47264"),
			model: text("5076-52"),
			version: text("2.1"),
			modality: (n == 2).then(|| text("DCM:XC")),
			profile_cid: text("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"),
			profile_hash: [7; 32],
		};
		let call = client
			.encode(&api::tx().device_registry().register_device(udi, profile))
			.await
			.unwrap();
		let receipt = client
			.submit_at_nonce(&call, &maker, first + n, Wait::Finalized, &mut |_| {})
			.await
			.expect("registered");
		let device =
			receipt.event("DeviceRegistry", "DeviceRegistered").and_then(|e| e.number("device"));
		devices.push(device.expect("the event names the device").to_string());
	}

	let facade = Facade::start(&node.ws_url(), &dir.path().join("facade.log"));
	let kept = dir.path().join("resources");
	std::fs::create_dir_all(&kept).unwrap();
	let mut reader =
		Reader { http: reqwest::Client::new(), facade: facade.url.clone(), kept, count: 0 };

	// What the server serves, true to its routes.
	let statement = reader.ok("/metadata").await;
	assert_eq!(statement["fhirVersion"], "5.0.0");
	let served: Vec<&str> = statement["rest"][0]["resource"]
		.as_array()
		.unwrap()
		.iter()
		.map(|r| r["type"].as_str().unwrap())
		.collect();
	assert_eq!(served, ["Device", "Organization"]);

	// A device, read: its UDI, dates, type, custodian (the manufacturer, until it ships).
	let lead = reader.ok(&format!("/Device/{}", devices[2])).await;
	assert_eq!(lead["udiCarrier"][0]["deviceIdentifier"], DI);
	assert_eq!(lead["udiCarrier"][0]["issuer"], "http://hl7.org/fhir/NamingSystem/gs1-di");
	assert_eq!((&lead["serialNumber"], &lead["lotNumber"]), (&json!("SN-FHIR-2"), &json!(LOT)));
	assert_eq!(
		(&lead["manufactureDate"], &lead["expirationDate"]),
		(&json!("2026-01-15"), &json!("2031-01-14"))
	);
	assert_eq!(
		lead["type"][0]["coding"][0],
		json!({ "system": "http://terminology.hl7.org/CodeSystem/GMDN", "code": "47264" })
	);
	assert_eq!(lead["type"][1]["coding"][0]["code"], "XC");
	assert_eq!(lead["owner"]["reference"], "Organization/1");
	assert_eq!(lead["status"], "active");
	assert!(!lead.to_string().contains("patient"), "no patient in a device: {lead}");

	// Searches: by UDI (one device), by identifier, and a lot paged two at a time.
	let by_udi =
		reader.ok(&format!("/Device?udi-di={DI}&serial-number=SN-FHIR-1&lot-number={LOT}")).await;
	assert_eq!(ids(&by_udi), [devices[1].clone()]);
	let by_id = reader.ok(&format!("/Device?identifier=urn:medchain:device|{}", devices[0])).await;
	assert_eq!(ids(&by_id), [devices[0].clone()]);
	let page = reader.ok(&format!("/Device?udi-di={DI}&lot-number={LOT}&_count=2")).await;
	assert_eq!((page["type"].as_str(), ids(&page)), (Some("searchset"), devices[..2].to_vec()));
	let next = link(&page, "next").expect("a next page");
	let rest = reader.ok(&next).await;
	assert_eq!(ids(&rest), devices[2..].to_vec());
	assert_eq!(link(&rest, "next"), None, "{rest}");
	let entry = &page["entry"][0];
	assert_eq!(entry["fullUrl"], format!("{}/Device/{}", facade.url, devices[0]));

	// The consortium's members.
	let members = reader.ok("/Organization").await;
	assert_eq!(members["total"], 7, "{members}");
	let hospital = reader.ok("/Organization/3").await;
	assert_eq!(hospital["type"][0]["coding"][0]["code"], "prov");
	assert_eq!(hospital["active"], true);

	// Refusals, each an OperationOutcome that says what and where.
	reader.refused("/Device/99999", 404, "not-found").await;
	reader.refused("/Device/not-a-number", 404, "not-found").await;
	let unknown = reader.refused("/Device?colour=red", 400, "not-supported").await;
	assert!(unknown["diagnostics"].as_str().unwrap().contains("`colour`"), "{unknown}");
	let zero = reader
		.refused(&format!("/Device?udi-di={DI}&lot-number={LOT}&_count=0"), 400, "invalid")
		.await;
	assert!(zero["diagnostics"].as_str().unwrap().contains("`_count`"), "{zero}");
	reader.refused(&format!("/Device?udi-di={DI}"), 400, "not-supported").await;
	reader.refused("/Device?identifier=http://example.org|7", 400, "not-supported").await;
	reader.refused("/Device", 400, "not-supported").await;
	reader.refused("/Patient/1", 404, "not-supported").await;

	validate(&reader.kept);
}

/// Runs clients/fhir/validation/validate.py over every kept resource.
fn validate(kept: &Path) {
	let cache = std::env::var_os("MEDCHAIN_CACHE").map(PathBuf::from).unwrap_or_else(|| {
		PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/medchain")
	});
	let python = cache.join("fhir-venv/bin/python");
	assert!(
		python.exists(),
		"run scripts/setup.sh: it installs the validators into {}",
		python.display()
	);
	let validation = Path::new(env!("CARGO_MANIFEST_DIR")).join("validation");
	let output = Command::new(python)
		.arg(validation.join("validate.py"))
		.arg(kept)
		.output()
		.expect("the validator runs");
	let report = String::from_utf8_lossy(&output.stdout).to_string()
		+ &String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "not valid FHIR R5:\n{report}");
	let resources = std::fs::read_dir(kept).unwrap().count();
	let valid = report.lines().filter(|line| line.starts_with("ok ")).count();
	assert_eq!(valid, resources, "every resource validated:\n{report}");
}
