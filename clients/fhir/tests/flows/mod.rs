//! The facade's flows beyond devices and members: writes (a device registered and an adverse
//! event reported through FHIR, and every way a write is refused), the chain's lists of
//! reports, a device's trail as Provenance, an order as SupplyRequest with its trail, a
//! patient's consents, records and audit trail, and a recall as DetectedIssue.

use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::records::RecordCategory,
			pallet_access_control::types::{AccessLevel, EmergencyReason, Grantee, Purpose, Scope},
			pallet_traceability::types::recalls::RecallScope,
		},
	},
	keys::Account,
	records, Client, Wait,
};
use serde_json::{json, Value};

use crate::common::{ids, link, Reader};

const PROFILE: &str = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

/// Eve, a patient of Hospital A (organisation 3), grants it access, keeps a record in its
/// store and opens it; Bob, a doctor there, breaks the glass to her records. The record's
/// and the break-glass access's ids.
pub async fn patient_trail(client: &Client, eve: &Account) -> (u64, u64) {
	let patient = eve.account_id();
	let grant = api::tx().access_control().grant_access(
		Grantee::Organisation(3),
		Scope::AllCategories,
		AccessLevel::ReadWrite,
		Purpose::Treatment,
		None,
		None,
	);
	client.submit(&grant, eve, Wait::InBlock, |_| {}).await.expect("granted");
	let hash = [42u8; 32];
	let cid = BoundedVec(records::cid_of_hash(&hash).into_bytes());
	let add = api::tx().emr_pointers().add_record(
		patient,
		RecordCategory::Observation,
		cid,
		hash,
		3,
		BoundedVec(Vec::new()),
	);
	let anchored = client.submit(&add, eve, Wait::InBlock, |_| {}).await.expect("anchored");
	let record = anchored.event("EmrPointers", "RecordAnchored").and_then(|e| e.number("record"));
	let record = record.expect("the event names the record");
	let open = api::tx().access_control().record_access(record);
	client.submit(&open, eve, Wait::InBlock, |_| {}).await.expect("opened");
	let bob = Account::from_uri("//Bob").unwrap();
	let glass = api::tx().access_control().break_glass(patient, EmergencyReason::LifeThreatening);
	let broken = client.submit(&glass, &bob, Wait::Finalized, |_| {}).await.expect("glass broken");
	let access =
		broken.event("AccessControl", "EmergencyAccessStarted").and_then(|e| e.number("id"));
	(record, access.expect("the event names the access"))
}

fn device(serial: &str, owner: u32) -> Value {
	json!({
		"resourceType": "Device",
		"identifier": [
			{ "system": "urn:medchain:device-profile-cid", "value": PROFILE },
			{ "system": "urn:medchain:device-profile-hash", "value": hex::encode([9u8; 32]) }
		],
		"status": "active",
		"udiCarrier": [{ "deviceIdentifier": "00643169007222", "issuer": "http://hl7.org/fhir/NamingSystem/gs1-di" }],
		"manufactureDate": "2026-02-01",
		"expirationDate": "2031-01-31",
		"lotNumber": "LOT-FHIR-2",
		"serialNumber": serial,
		"modelNumber": "5076-52",
		"type": [
			{ "coding": [{ "system": "http://snomed.info/sct", "code": "14106009" }] },
			{ "coding": [{ "system": "http://dicom.nema.org/resources/ontology/DCM", "code": "XC" }] }
		],
		"version": [{ "value": "2.2" }],
		"owner": { "reference": format!("Organization/{owner}") }
	})
}

/// A manufacturer's system registers a device through FHIR, and reads it back as it sent
/// it; every malformed, unmappable or unauthorised Device is refused where it fails, and
/// none is written. The device as read back.
pub async fn device_created(reader: &mut Reader) -> Value {
	let sent = device("SN-POST-1", 1);
	let (status, location, created) = reader.post("/Device", &sent.to_string()).await;
	assert_eq!(status, 201, "{created}");
	let id = created["id"].as_str().expect("an id").to_string();
	assert!(location.expect("a Location").ends_with(&format!("/Device/{id}")));
	let read = reader.ok(&format!("/Device/{id}")).await;
	assert_eq!(read, created);
	// Every element sent reads back as it was sent.
	for element in [
		"status",
		"udiCarrier",
		"manufactureDate",
		"expirationDate",
		"lotNumber",
		"serialNumber",
		"modelNumber",
		"type",
		"version",
		"owner",
	] {
		assert_eq!(read[element], sent[element], "{element}: {read}");
	}
	for identifier in sent["identifier"].as_array().unwrap() {
		assert!(
			read["identifier"].as_array().unwrap().contains(identifier),
			"{identifier}: {read}"
		);
	}

	// Refusals, each at its element, none written.
	let issue = reader.post_refused("/Device", "{ not json", 400, "structure").await;
	assert_eq!(issue["expression"], json!(["Device"]));
	reader.post_refused("/Device", r#"{"resourceType":"Patient"}"#, 400, "invalid").await;
	let mut missing = device("SN-POST-2", 1);
	missing.as_object_mut().unwrap().remove("modelNumber");
	let issue = reader.post_refused("/Device", &missing.to_string(), 400, "required").await;
	assert_eq!(issue["expression"], json!(["Device.modelNumber"]));
	let mut unknown = device("SN-POST-3", 1);
	unknown["type"][0]["coding"][0]["system"] = json!("http://loinc.org");
	let issue = reader.post_refused("/Device", &unknown.to_string(), 422, "code-invalid").await;
	assert_eq!(issue["expression"], json!(["Device.type[0].coding[0].system"]));
	let mut partial = device("SN-POST-7", 1);
	partial["manufactureDate"] = json!("2026-02");
	let issue = reader.post_refused("/Device", &partial.to_string(), 422, "value").await;
	assert_eq!(issue["expression"], json!(["Device.manufactureDate"]));
	let mut unkept = device("SN-POST-4", 1);
	unkept["note"] = json!([{ "text": "kept nowhere" }]);
	let issue = reader.post_refused("/Device", &unkept.to_string(), 400, "not-supported").await;
	assert_eq!(issue["expression"], json!(["Device.note"]));
	// An organisation the facade holds no account for, and one whose account may not
	// register devices (a hospital's).
	let issue =
		reader.post_refused("/Device", &device("SN-POST-5", 5).to_string(), 403, "forbidden").await;
	assert!(issue["diagnostics"].as_str().unwrap().contains("Organization/5"), "{issue}");
	reader.post_refused("/Device", &device("SN-POST-6", 4).to_string(), 403, "forbidden").await;
	let lot = reader.ok("/Device?udi-di=00643169007222&lot-number=LOT-FHIR-2").await;
	assert_eq!(ids(&lot), [id], "only the device accepted was written");
	read
}

/// Hospital B's system reports an adverse event on `device` through FHIR: it is on chain
/// (`medchain_adverseEvent`), found by device and status, and names no patient. The report
/// as read back.
pub async fn adverse_event_reported(reader: &mut Reader, client: &Client, device: &str) -> Value {
	let report = json!({
		"resourceType": "AdverseEvent",
		"extension": [{ "url": "urn:medchain:fhir:narrative-cid", "valueString": PROFILE }],
		"status": "in-progress",
		"actuality": "actual",
		"code": { "coding": [{ "system": "urn:medchain:imdrf-aer", "code": "A050202" }] },
		"subject": { "reference": "Patient/local-4711" },
		"detected": "2026-12-01T08:30:00Z",
		"seriousness": { "coding": [{ "system": "urn:medchain:adverse-event-seriousness", "code": "hospitalisation" }] },
		"outcome": [{ "coding": [{ "system": "urn:medchain:imdrf-aer", "code": "E0601" }] }],
		"suspectEntity": [{ "instanceReference": { "reference": format!("Device/{device}") } }],
		"participant": [{ "actor": { "reference": "Organization/4" } }]
	});
	let (status, _, created) = reader.post("/AdverseEvent", &report.to_string()).await;
	assert_eq!(status, 201, "{created}");
	let id = created["id"].as_str().unwrap().to_string();
	for element in ["status", "actuality", "code", "detected", "outcome", "suspectEntity"] {
		assert_eq!(created[element], report[element], "{element}: {created}");
	}
	assert_eq!(created["seriousness"]["coding"][1], report["seriousness"]["coding"][0]);
	assert!(!created.to_string().contains("local-4711"), "the patient is never written: {created}");
	let on_chain: Value =
		client.rpc("medchain_adverseEvent", vec![json!(id.parse::<u64>().unwrap())]).await.unwrap();
	assert_eq!(on_chain["device"].to_string(), device, "{on_chain}");

	let found = reader
		.ok(&format!("/AdverseEvent?device=Device/{device}&status=in-progress&date=ge2026"))
		.await;
	assert_eq!(ids(&found), std::slice::from_ref(&id));
	let none = reader.ok(&format!("/AdverseEvent?device=Device/{device}&status=completed")).await;
	assert_eq!(ids(&none), Vec::<String>::new());
	// Parameters combine: the report by id, but not in that status.
	let not_it = reader.ok(&format!("/AdverseEvent?_id={id}&status=completed")).await;
	assert_eq!(ids(&not_it), Vec::<String>::new());

	let mut unknown = report.clone();
	unknown["code"]["coding"][0]["system"] = json!("http://example.org/codes");
	reader.post_refused("/AdverseEvent", &unknown.to_string(), 422, "code-invalid").await;
	let mut no_device = report.clone();
	no_device.as_object_mut().unwrap().remove("suspectEntity");
	let issue = reader.post_refused("/AdverseEvent", &no_device.to_string(), 400, "required").await;
	assert_eq!(
		issue["expression"],
		json!(["AdverseEvent.suspectEntity[0].instanceReference.reference"])
	);
	let mut two = report.clone();
	let second = json!({ "instanceReference": { "reference": "Device/1" } });
	two["suspectEntity"].as_array_mut().unwrap().push(second);
	let issue = reader.post_refused("/AdverseEvent", &two.to_string(), 400, "not-supported").await;
	assert_eq!(issue["expression"], json!(["AdverseEvent.suspectEntity[1]"]));
	let mut contradicting = report.clone();
	contradicting["seriousness"]["coding"].as_array_mut().unwrap().push(json!({
		"system": "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness",
		"code": "non-serious"
	}));
	reader.post_refused("/AdverseEvent", &contradicting.to_string(), 422, "value").await;
	let again = reader.ok(&format!("/AdverseEvent?device=Device/{device}")).await;
	assert_eq!(ids(&again), std::slice::from_ref(&id), "no refused report was written");
	// Every report, from the chain's lists: by status, and in the order of filing.
	let open = reader.ok("/AdverseEvent?status=in-progress").await;
	assert_eq!(ids(&open), std::slice::from_ref(&id), "{open}");
	assert_eq!(ids(&reader.ok("/AdverseEvent?status=completed").await), Vec::<String>::new());
	let filed = reader.ok("/AdverseEvent?date=ge2026&_count=1").await;
	assert_eq!((ids(&filed), link(&filed, "next").is_some()), (vec![id.clone()], true));
	assert_eq!(ids(&reader.ok(&link(&filed, "next").unwrap()).await), Vec::<String>::new());
	assert_eq!(ids(&reader.ok("/AdverseEvent?date=lt2026").await), Vec::<String>::new());
	assert_eq!(ids(&reader.ok("/AdverseEvent").await), [id]);
	created
}

/// Hospital A (organisation 3) orders two leads from the manufacturer (1): the order reads
/// as a SupplyRequest, listed under both, and its trail as Provenance.
pub async fn order_as_supply_request(reader: &mut Reader, client: &Client, di: &str) {
	let bob = Account::from_uri("//Bob").unwrap();
	let place =
		api::tx().traceability().place_order(1, BoundedVec(di.as_bytes().to_vec()), 2, false);
	let placed = client.submit(&place, &bob, Wait::Finalized, |_| {}).await.expect("ordered");
	let order = placed.event("Traceability", "OrderPlaced").and_then(|e| e.number("order"));
	let order = order.expect("the event names the order").to_string();

	let request = reader.ok(&format!("/SupplyRequest/{order}")).await;
	assert_eq!((&request["status"], &request["quantity"]["value"]), (&json!("active"), &json!(2)));
	assert_eq!(request["item"]["concept"]["coding"][0]["code"], di);
	assert_eq!(request["requester"]["reference"], "Organization/3");
	assert_eq!(request["supplier"][0]["reference"], "Organization/1");
	assert_eq!(request["extension"][0]["valueCode"], "placed");
	let of_hospital = reader.ok("/SupplyRequest?requester=Organization/3").await;
	assert_eq!(ids(&of_hospital), std::slice::from_ref(&order));
	let of_maker = reader.ok("/SupplyRequest?supplier=Organization/1&status=active").await;
	assert_eq!(ids(&of_maker), std::slice::from_ref(&order));
	let done = reader.ok("/SupplyRequest?supplier=Organization/1&status=completed").await;
	assert_eq!(ids(&done), Vec::<String>::new());
	reader.refused("/SupplyRequest", 400, "not-supported").await;
	reader.refused("/SupplyRequest?requester=Organization/3&status=draft", 400, "invalid").await;
	reader.refused("/SupplyRequest/99999", 404, "not-found").await;

	let trail = reader.ok(&format!("/Provenance?target=SupplyRequest/{order}")).await;
	let stage = trail["entry"][0]["resource"].clone();
	assert_eq!(stage["activity"]["coding"][0]["code"], "placed", "{trail}");
	assert_eq!(stage["agent"][0]["onBehalfOf"]["reference"], "Organization/3");
	let id = stage["id"].as_str().unwrap();
	assert_eq!(reader.ok(&format!("/Provenance/{id}")).await, stage);
}

/// `device`'s trail as Provenance, each link naming the one before by its hash.
pub async fn trail_as_provenance(reader: &mut Reader, device: &str, reported: &Value) {
	let trail = reader.ok(&format!("/Provenance?target=Device/{device}&_count=1")).await;
	let registered = trail["entry"][0]["resource"].clone();
	assert_eq!(registered["activity"]["coding"][0]["code"], "registered", "{trail}");
	let next = reader.ok(&link(&trail, "next").expect("a next page")).await;
	let report = next["entry"][0]["resource"].clone();
	assert_eq!(report["activity"]["coding"][0]["code"], "adverse-event-reported", "{next}");
	let entities = report["entity"].as_array().unwrap();
	assert_eq!(
		entities[0]["what"]["identifier"]["value"],
		registered["extension"][0]["valueString"]
	);
	assert_eq!(
		entities[1]["what"]["reference"],
		format!("AdverseEvent/{}", reported["id"].as_str().unwrap())
	);
	let id = report["id"].as_str().unwrap();
	assert_eq!(reader.ok(&format!("/Provenance/{id}")).await, report);
	reader.refused("/Provenance?target=Organization/1", 400, "invalid").await;
	reader.refused("/Provenance/order-x-1", 404, "not-found").await;
}

/// Eve's grant, record and audit trail, as her hospital's integration engine reads them.
pub async fn patient_side(reader: &mut Reader, eve: &str, record: u64, break_glass: u64) {
	let consents = reader.ok(&format!("/Consent?patient={eve}")).await;
	assert_eq!(consents["total"], 1, "{consents}");
	let consent = consents["entry"][0]["resource"].clone();
	assert_eq!(
		(&consent["status"], &consent["grantee"][0]["reference"]),
		(&json!("active"), &json!("Organization/3"))
	);
	let actions: Vec<&str> = consent["provision"][0]["action"]
		.as_array()
		.unwrap()
		.iter()
		.map(|a| a["coding"][0]["code"].as_str().unwrap())
		.collect();
	assert_eq!(actions, ["access", "correct"]);
	assert_eq!(reader.ok(&format!("/Consent/{}", consent["id"].as_str().unwrap())).await, consent);
	reader.refused("/Consent", 400, "not-supported").await;
	reader.refused("/Consent?patient=nobody", 400, "invalid").await;

	let documents =
		reader.ok(&format!("/DocumentReference?patient=Patient/{eve}&category=Observation")).await;
	assert_eq!(ids(&documents), [record.to_string()]);
	let document = reader.ok(&format!("/DocumentReference/{record}")).await;
	assert_eq!(document["custodian"]["reference"], "Organization/3");
	let attachment = &document["content"][0]["attachment"];
	assert_eq!(attachment["url"], format!("http://vault-a.example/v1/records/{record}"));
	assert_eq!(attachment["extension"][0]["valueString"], records::cid_of_hash(&[42; 32]));
	let none = reader.ok(&format!("/DocumentReference?patient={eve}&category=CarePlan")).await;
	assert_eq!(ids(&none), Vec::<String>::new());

	// The opening (her own), then the break-glass access, one per page.
	let first = reader.ok(&format!("/AuditEvent?patient={eve}&_count=1")).await;
	let opening = first["entry"][0]["resource"].clone();
	assert_eq!(opening["id"], format!("{eve}-0"), "{first}");
	assert_eq!(opening["entity"][0]["what"]["reference"], format!("DocumentReference/{record}"));
	assert_eq!(opening["authorization"][0]["coding"][0]["code"], "PATRQT");
	let second = reader.ok(&link(&first, "next").expect("a next page")).await;
	let glass = second["entry"][0]["resource"].clone();
	assert_eq!(glass["id"], format!("{eve}-b{break_glass}"), "{second}");
	assert_eq!(glass["code"]["coding"][0]["code"], "110127");
	assert_eq!(reader.ok(&format!("/AuditEvent/{eve}-0")).await, opening);
	assert_eq!(reader.ok(&format!("/AuditEvent/{eve}-b{break_glass}")).await, glass);
	let before = reader.ok(&format!("/AuditEvent?patient={eve}&date=lt2000")).await;
	assert_eq!(ids(&before), Vec::<String>::new());
	reader.refused(&format!("/AuditEvent/{eve}-99"), 404, "not-found").await;
}

/// Alice, a regulatory officer, recalls the lot of `device` for the adverse event
/// `reported`: the device reads recalled, and the recall is the DetectedIssue in force over
/// it, found by its status too.
pub async fn recall_as_detected_issue(
	reader: &mut Reader,
	client: &Client,
	(di, lot): (&str, &str),
	device: &str,
	reported: &Value,
) {
	let over = format!("/DetectedIssue?device=Device/{device}");
	assert_eq!(ids(&reader.ok(&over).await), Vec::<String>::new());
	assert_eq!(ids(&reader.ok("/DetectedIssue?status=final").await), Vec::<String>::new());
	let alice = Account::from_uri("//Alice").unwrap();
	let event = reported["id"].as_str().unwrap();
	let scope = RecallScope::Lots {
		di: BoundedVec(di.as_bytes().to_vec()),
		lots: BoundedVec(vec![BoundedVec(lot.as_bytes().to_vec())]),
	};
	let issue = api::tx().traceability().issue_recall(
		scope,
		BoundedVec(b"FSCA-FHIR-1".to_vec()),
		Some(event.parse().unwrap()),
	);
	let issued = client.submit(&issue, &alice, Wait::Finalized, |_| {}).await.expect("recalled");
	let recall = issued.event("Traceability", "RecallIssued").and_then(|e| e.number("recall"));
	let recall = recall.expect("the event names the recall").to_string();

	let found = reader.ok(&over).await;
	assert_eq!(ids(&found), std::slice::from_ref(&recall));
	let issue = found["entry"][0]["resource"].clone();
	assert_eq!(
		(&issue["status"], &issue["extension"][0]["valueCode"]),
		(&json!("final"), &json!("confirmed"))
	);
	assert_eq!(issue["code"]["coding"][0]["code"], "FSCA-FHIR-1");
	assert_eq!(issue["evidence"][0]["detail"][0]["reference"], format!("AdverseEvent/{event}"));
	let scope = &issue["extension"][1]["extension"];
	assert_eq!(
		(&scope[0]["valueCoding"]["code"], &scope[1]["valueString"]),
		(&json!(di), &json!(lot))
	);
	assert_eq!(issue["extension"][2]["valueReference"]["reference"], "Organization/0");
	let alice = alice.account_id().to_string();
	assert_eq!(issue["author"]["identifier"]["value"], alice);
	let approvals = issue["mitigation"].as_array().unwrap();
	assert_eq!(approvals.len(), 1, "{issue}");
	assert_eq!(approvals[0]["action"]["coding"][0]["code"], "approved");
	assert_eq!(approvals[0]["author"]["identifier"]["value"], alice);
	assert_eq!(reader.ok(&format!("/DetectedIssue/{recall}")).await, issue);
	let lead = reader.ok(&format!("/Device/{device}")).await;
	assert_eq!(lead["property"][0]["valueCodeableConcept"]["coding"][0]["code"], "recalled");

	assert_eq!(ids(&reader.ok("/DetectedIssue?status=final").await), std::slice::from_ref(&recall));
	assert_eq!(ids(&reader.ok("/DetectedIssue?status=preliminary").await), Vec::<String>::new());
	let narrowed = format!("/DetectedIssue?_id={recall}&status=entered-in-error");
	assert_eq!(ids(&reader.ok(&narrowed).await), Vec::<String>::new());
	reader.refused("/DetectedIssue", 400, "not-supported").await;
	reader.refused("/DetectedIssue?status=draft", 400, "invalid").await;
	reader.refused("/DetectedIssue?device=Organization/1", 400, "invalid").await;
	reader.refused("/DetectedIssue?status=final&_cursor=x", 400, "invalid").await;
	reader.refused("/DetectedIssue/99999", 404, "not-found").await;
}
