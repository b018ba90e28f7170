//! The IHE pacemaker-lead recall against the real `medchain-node --dev`, over JSON-RPC:
//! Hospitals A and B each order two leads; the manufacturer produces one lot of four; the
//! regulator approves both orders; the leads are shipped, delivered and put in service; one
//! lead is implanted in patient Eve under Hospital A's pseudonym; her clinician files her
//! adverse-event report; the regulator recalls the lot; `medchain_recallScope` returns
//! exactly the four leads, both hospitals as custodians, and one use that Hospital A alone
//! resolves to Eve, and nothing the node answers names Eve. `medchain_trace`,
//! `medchain_orderTrail`, `medchain_deviceUses` and `medchain_adverseEventStats` follow it.

mod common;

use std::collections::BTreeSet;

use blake2::{
	digest::{consts::U32, KeyInit, Mac},
	Blake2bMac,
};
use codec::Encode;
use common::*;
use medchain_runtime::{AccountId, Runtime, RuntimeCall};
use pallet_device_registry::{DeviceProfile, Udi};
use pallet_traceability::{
	AdverseEventReport, Call, Material, PatientUse, RecallScope, Seriousness,
};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, Bob, BobStash, Dave, Eve, Ferdie};

const MANUFACTURER: u32 = 1;
const LOGISTICS: u32 = 2;
const HOSPITAL_A: u32 = 3;
const HOSPITAL_B: u32 = 4;
const MODEL: &str = "00643169007222";
const LOT: &str = "LOT-PL-2611";
const CID: &str = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

fn bytes<S: sp_core::Get<u32>>(text: &str) -> sp_runtime::BoundedVec<u8, S> {
	text.as_bytes().to_vec().try_into().expect("fits its bound")
}

/// Submits every call at once (each signer's in the order given) and checks each succeeded.
fn all_ok(node: &Node, calls: Vec<(sr25519::Pair, RuntimeCall)>) {
	node.submit_all_ok(&calls);
}

fn trace(call: Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Traceability(call)
}

fn lead(serial: &str) -> RuntimeCall {
	RuntimeCall::DeviceRegistry(pallet_device_registry::Call::register_device {
		udi: Udi {
			di: bytes(MODEL),
			serial: Some(bytes(serial)),
			lot: Some(bytes(LOT)),
			manufactured_on: Some(20261101),
			expires_on: Some(20281101),
		},
		profile: DeviceProfile {
			device_type: bytes("GMDN:47264"),
			model: bytes("CAPSUREFIX-5076"),
			version: bytes("1"),
			modality: None,
			profile_cid: bytes(CID),
			profile_hash: [5; 32],
		},
	})
}

/// A hospital's pseudonym of `patient` for `device`: keyed BLAKE2b-256 under the hospital's
/// secret key over the SCALE encoding of (account, device, nonce), as docs/privacy.md says.
fn pseudonym(key: &[u8], patient: &AccountId, device: u64) -> [u8; 32] {
	let mut mac = <Blake2bMac<U32> as KeyInit>::new_from_slice(key).expect("a 32-byte key");
	mac.update(&(patient, device, 0u32).encode());
	mac.finalize().into_bytes().into()
}

fn ids(value: &Value) -> BTreeSet<u64> {
	value.as_array().expect("a list").iter().map(|d| d["device"].as_u64().unwrap()).collect()
}

/// The ids of a list's entries (orders, reports, recalls).
fn listed(value: &Value) -> BTreeSet<u64> {
	value.as_array().expect("a list").iter().map(|d| d["id"].as_u64().unwrap()).collect()
}

#[test]
fn a_pacemaker_lead_lot_is_recalled_and_reaches_its_patient() {
	let node = Node::start("recall-scenario", &["--dev", "--tmp"]);
	node.wait_for_rpc();
	node.wait_for_finalized(1);
	let (regulator, maker, admin_a, admin_b, patient) =
		(Alice.pair(), Dave.pair(), Bob.pair(), BobStash.pair(), Eve.pair());

	// Two orders; four leads of one lot.
	let serials = ["PL-0001", "PL-0002", "PL-0003", "PL-0004"];
	let order = |quantity| {
		trace(Call::place_order {
			manufacturer: MANUFACTURER,
			di: bytes(MODEL),
			quantity,
			custom: false,
		})
	};
	let mut calls = vec![(admin_a.clone(), order(2)), (admin_b.clone(), order(2))];
	calls.extend(serials.iter().map(|s| (maker.clone(), lead(s))));
	all_ok(&node, calls);
	let device_of = |serial: &str| {
		node.call("medchain_deviceByUdi", json!([MODEL, serial, LOT]))["id"]
			.as_u64()
			.expect("the lead is registered")
	};
	let leads: Vec<u64> = serials.iter().map(|s| device_of(s)).collect();
	let orders: Vec<u64> = [HOSPITAL_A, HOSPITAL_B]
		.iter()
		.map(|hospital| {
			(0..2)
				.find(|id| node.call("medchain_order", json!([id]))["hospital"] == json!(hospital))
				.expect("each hospital's order is placed")
		})
		.collect();

	// Materials, production, approval, shipping.
	let materials: sp_runtime::BoundedVec<Material, _> =
		vec![Material { di: bytes("04035479112345"), lot: Some(bytes("SILICONE-LOT-9")) }]
			.try_into()
			.unwrap();
	let produced = |order: u64, devices: &[u64]| {
		trace(Call::record_production { order, devices: devices.to_vec().try_into().unwrap() })
	};
	all_ok(
		&node,
		vec![
			(
				maker.clone(),
				trace(Call::record_materials { order: orders[0], materials: materials.clone() }),
			),
			(maker.clone(), trace(Call::record_materials { order: orders[1], materials })),
			(maker.clone(), produced(orders[0], &leads[..2])),
			(maker.clone(), produced(orders[1], &leads[2..])),
		],
	);
	let approve = |order| trace(Call::approve_order { order, reason: bytes("MDR-ART-52") });
	all_ok(
		&node,
		vec![(regulator.clone(), approve(orders[0])), (regulator.clone(), approve(orders[1]))],
	);
	let ship = |order| trace(Call::ship_order { order, carrier: LOGISTICS });
	all_ok(&node, vec![(maker.clone(), ship(orders[0])), (maker.clone(), ship(orders[1]))]);

	// Delivery and installation at both hospitals; one lead implanted in Eve.
	let deliver = |order| {
		trace(Call::deliver_order { order, location: Some(bytes("GLN:0614141000012.CATHLAB")) })
	};
	let install = |order| trace(Call::install_order { order });
	all_ok(
		&node,
		vec![
			(admin_a.clone(), deliver(orders[0])),
			(admin_b.clone(), deliver(orders[1])),
			(admin_a.clone(), install(orders[0])),
			(admin_b.clone(), install(orders[1])),
		],
	);
	let eve = AccountId::from(patient.public());
	// Each hospital's secret pseudonym key, and its registered patients.
	let (key_a, key_b) = ([0xA5; 32], [0xB6; 32]);
	let (patients_a, patients_b) = (vec![eve.clone()], vec![Ferdie.to_account_id()]);
	all_ok(
		&node,
		vec![(
			admin_a.clone(),
			trace(Call::record_use {
				device: leads[0],
				pseudonym: pseudonym(&key_a, &eve, leads[0]),
				usage: PatientUse::Implant,
			}),
		)],
	);
	let trail = node.call("medchain_orderTrail", json!([orders[0]]));
	let stages: Vec<String> = trail
		.as_array()
		.unwrap()
		.iter()
		.map(|link| {
			link["entry"].as_object().map_or_else(
				|| link["entry"].as_str().unwrap().to_string(),
				|o| o.keys().next().unwrap().clone(),
			)
		})
		.collect();
	assert_eq!(
		stages,
		[
			"placed",
			"materialsRecorded",
			"produced",
			"approved",
			"shipped",
			"delivered",
			"installed"
		]
		.map(String::from),
		"{trail}"
	);
	for window in trail.as_array().unwrap().windows(2) {
		assert_eq!(window[1]["prev"], window[0]["hash"], "the order's trail is hash-linked");
	}

	// Eve's clinician files her adverse-event report (she may not sign one); the regulator
	// recalls the lot.
	let (_, head) = node.finalized_head();
	let now = node.timestamp_at(&head);
	let report = AdverseEventReport {
		event_code: bytes("IMDRF:A050202"),
		seriousness: Seriousness::Hospitalisation,
		outcome_code: bytes("IMDRF:E0601"),
		narrative_cid: bytes(CID),
		learned_at: now - 3_600_000,
	};
	all_ok(
		&node,
		vec![(admin_a.clone(), trace(Call::report_for_patient { device: leads[0], report }))],
	);
	all_ok(
		&node,
		vec![(
			regulator.clone(),
			trace(Call::issue_recall {
				scope: RecallScope::Lots {
					di: bytes(MODEL),
					lots: vec![bytes(LOT)].try_into().expect("one lot"),
				},
				reason: bytes("FSCA-LEAD-FRACTURE"),
				event: Some(0),
			}),
		)],
	);

	// The recall's scope: exactly the four leads, both hospitals, one use at Hospital A.
	let recall = node.call("medchain_recall", json!([0]));
	assert_eq!(recall["status"], "Confirmed", "{recall}");
	assert_eq!(recall["scope"]["lots"]["lots"], json!([LOT]), "{recall}");
	let scope = node.call("medchain_recallScope", json!([0]));
	assert_eq!(ids(&scope), leads.iter().copied().collect(), "{scope}");
	let custodians: BTreeSet<u64> =
		scope.as_array().unwrap().iter().map(|d| d["custodian"].as_u64().unwrap()).collect();
	assert_eq!(custodians, BTreeSet::from([HOSPITAL_A.into(), HOSPITAL_B.into()]));
	let uses: Vec<(u64, Value)> = scope
		.as_array()
		.unwrap()
		.iter()
		.flat_map(|d| {
			let device = d["device"].as_u64().unwrap();
			d["uses"].as_array().unwrap().iter().map(move |u| (device, u.clone()))
		})
		.collect();
	assert_eq!(uses.len(), 1, "{scope}");
	assert_eq!(uses[0].1["hospital"], json!(HOSPITAL_A));
	// Each hospital recomputes its pseudonyms for its own patients: A finds Eve, B no one,
	// and B's key (anyone's but A's) leads nowhere.
	let resolve = |key: &[u8], patients: &[AccountId]| -> Vec<AccountId> {
		uses.iter()
			.flat_map(|(device, used)| {
				patients.iter().filter(move |p| {
					used["pseudonym"]
						== json!(format!("0x{}", hex::encode(pseudonym(key, p, *device))))
				})
			})
			.cloned()
			.collect()
	};
	assert_eq!(resolve(&key_a, &patients_a), vec![eve.clone()]);
	assert!(resolve(&key_b, &patients_b).is_empty());
	assert!(resolve(&key_b, &patients_a).is_empty());
	assert!(scope.as_array().unwrap().iter().all(|d| d["lifecycle"] == "Recalled"));
	// Paged one device at a time, the same four.
	let mut paged = BTreeSet::new();
	let mut after = Value::Null;
	loop {
		let page = node.call("medchain_recallScope", json!([0, after, 1]));
		let Some(device) = page.as_array().unwrap().first() else { break };
		assert!(paged.insert(device["device"].as_u64().unwrap()), "a page repeated a device");
		after = device["device"].clone();
	}
	assert_eq!(paged, ids(&scope));

	// The implanted lead's whole story, and what the patient's record shows.
	let story = node.call("medchain_trace", json!([leads[0]]));
	assert_eq!(story["order"], orders[0]);
	assert_eq!(story["recall"], 0);
	let links = story["links"].as_array().unwrap();
	assert_eq!(links[0]["entry"]["registered"]["manufacturer"], MANUFACTURER, "{story}");
	assert_eq!(links.last().unwrap()["entry"]["adverseEventReported"]["event"], 0);
	assert!(links
		.iter()
		.any(|l| l["entry"]["usedOn"]["usage"] == "Implant" && l["org"] == json!(HOSPITAL_A)));
	assert!(links.iter().any(|l| l["entry"]["custody"]["to"] == json!(HOSPITAL_A)));
	assert_eq!(node.call("medchain_device", json!([leads[3]]))["lifecycle"], "Recalled");
	let used = node.call("medchain_deviceUses", json!([leads[0]]));
	assert_eq!(used.as_array().unwrap().len(), 1);
	assert_eq!(used[0]["last"], "Implant");
	// Nothing the node answered about the devices names Eve.
	for answer in [&scope, &story, &used, &node.call("medchain_adverseEvent", json!([0]))] {
		assert!(!answer.to_string().contains(&eve.to_string()), "{answer}");
	}

	let event = node.call("medchain_adverseEvent", json!([0]));
	assert_eq!((event["late"].clone(), event["status"].clone()), (json!(false), json!("Reported")));
	let year = event["year"].as_u64().unwrap();
	let stats = node.call("medchain_adverseEventStats", json!([year]));
	assert_eq!(
		stats,
		json!([{ "source": "Patient", "seriousness": "Hospitalisation", "reported": 1, "late": 0, "rejected": 0 }])
	);

	// The lists: each hospital's order and both at the manufacturer, the report in the
	// regulator's queue and by time of filing, the recall in force.
	assert_eq!(
		listed(&node.call("medchain_ordersOf", json!([HOSPITAL_A]))),
		BTreeSet::from([orders[0]])
	);
	let made = node.call("medchain_ordersOf", json!([MANUFACTURER, null, 10]));
	assert_eq!(listed(&made), orders.iter().copied().collect(), "{made}");
	let installed = node.call("medchain_ordersByStatus", json!(["Installed"]));
	assert_eq!(listed(&installed), orders.iter().copied().collect(), "{installed}");
	assert_eq!(node.call("medchain_ordersByStatus", json!(["Produced"])), json!([]));
	let queue = node.call("medchain_adverseEventsByStatus", json!(["Reported"]));
	assert_eq!(
		(listed(&queue), queue[0]["device"].clone()),
		(BTreeSet::from([0]), json!(leads[0]))
	);
	assert_eq!(
		listed(&node.call("medchain_adverseEventsFrom", json!([now - 3_600_000]))),
		BTreeSet::from([0])
	);
	assert_eq!(node.call("medchain_adverseEventsFrom", json!([now + 86_400_000])), json!([]));
	assert_eq!(
		listed(&node.call("medchain_recallsByStatus", json!(["Confirmed"]))),
		BTreeSet::from([0])
	);
	assert_eq!(node.call("medchain_recallsByStatus", json!(["Pending"])), json!([]));

	node.stop_cleanly();
}
