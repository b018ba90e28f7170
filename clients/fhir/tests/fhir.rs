//! The FHIR facade against a development node: the manufacturer's devices and the consortium's
//! members read as FHIR R5, searched and paged, and refused in OperationOutcomes; a device
//! and an adverse event written through it (flows.rs), the devices a member holds, the
//! reports by status and date, an order and its trail, a patient's consents, records and
//! audit trail, a device's trail, and its recall read; every
//! resource the facade returned is then validated by validators no one here wrote
//! (clients/fhir/validation: the `fhir.resources` models, HL7's JSON Schema from
//! `hl7.fhir.r5.core`, and the required bindings of the codes filled).

mod common;
mod flows;

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
use serde_json::json;

use common::{ids, link, validate, Facade, Reader};
use flows::{
	adverse_event_reported, device_created, order_as_supply_request, patient_side, patient_trail,
	recall_as_detected_issue, trail_as_provenance,
};

const DI: &str = "00643169007222";
const LOT: &str = "LOT-FHIR-1";

fn text(value: &str) -> BoundedVec<u8> {
	BoundedVec(value.as_bytes().to_vec())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chain_reads_and_writes_as_valid_fhir_r5() {
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

	let eve = Account::from_uri("//Eve").unwrap();
	let (record, break_glass) = patient_trail(&client, &eve).await;

	let signers = ["--signer", "1=//Dave", "--signer", "4=//Eve//stash"];
	let facade = Facade::start(
		&node.ws_url(),
		&dir.path().join("facade.log"),
		&[&signers[..], &["--vault", "3=http://vault-a.example/"]].concat(),
	);
	let mut reader = Reader::new(&facade.url, dir.path().join("resources"));

	// What the server serves, true to its routes.
	let statement = reader.ok("/metadata").await;
	assert_eq!(statement["fhirVersion"], "5.0.0");
	let served: Vec<&str> = statement["rest"][0]["resource"]
		.as_array()
		.unwrap()
		.iter()
		.map(|r| r["type"].as_str().unwrap())
		.collect();
	assert_eq!(
		served,
		[
			"Device",
			"AdverseEvent",
			"Consent",
			"AuditEvent",
			"DocumentReference",
			"Provenance",
			"Organization",
			"SupplyRequest",
			"DetectedIssue"
		]
	);

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
	// The devices a member holds: the manufacturer's three, until they ship; none elsewhere.
	let held = reader.ok("/Device?organization=Organization/1&_count=100").await;
	let mut held = ids(&held);
	held.sort_by_key(|id| id.parse::<u64>().unwrap());
	assert_eq!(held, devices);
	assert_eq!(ids(&reader.ok("/Device?organization=3").await), Vec::<String>::new());
	let narrowed = format!("/Device?_id={}&organization=Organization/3", devices[0]);
	assert_eq!(ids(&reader.ok(&narrowed).await), Vec::<String>::new());
	reader.refused("/Device?organization=Patient/1", 400, "invalid").await;

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

	let posted = device_created(&mut reader).await;
	let reported = adverse_event_reported(&mut reader, &client, &devices[0]).await;
	trail_as_provenance(&mut reader, &devices[0], &reported).await;
	order_as_supply_request(&mut reader, &client, DI).await;
	assert_eq!(posted["owner"]["reference"], "Organization/1");
	patient_side(&mut reader, &eve.account_id().to_string(), record, break_glass).await;
	recall_as_detected_issue(&mut reader, &client, (DI, LOT), &devices[0], &reported).await;

	validate(&reader.kept);
}
