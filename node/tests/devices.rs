//! The device registry against the real `medchain-node --dev`, over JSON-RPC: the demo
//! manufacturer registers a device by UDI, releases it and hands it to the logistics firm
//! for Hospital A, whose admin installs it; `medchain_device`, `medchain_deviceByUdi`,
//! `medchain_devicesOfLot`, `medchain_devicesOfCustodian` and `medchain_serviceLog` follow it.

mod common;

use common::*;
use medchain_runtime::{AccountId, Runtime, RuntimeCall};
use pallet_device_registry::{Call, DeviceProfile, LogKind, Udi};
use serde_json::json;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Bob, Dave};

const LOGISTICS: u32 = 2;
const HOSPITAL_A: u32 = 3;
const CID: &str = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
/// Hospital A's catheter lab 2: a GLN and its extension.
const CATH_LAB: &str = "GLN:0614141000012.CATHLAB2";

fn ok(node: &Node, signer: &sr25519::Pair, call: Call<Runtime>) {
	let nonce = node.next_nonce(&AccountId::from(signer.public()));
	let xt =
		signed_extrinsic(signer, RuntimeCall::DeviceRegistry(call), nonce, node.genesis_hash());
	let (block, index) = node.submit_and_wait_finalized(&xt);
	assert_eq!(node.extrinsic_error(&block, index), None, "the call failed");
}

fn bytes<S: sp_core::Get<u32>>(text: &str) -> sp_runtime::BoundedVec<u8, S> {
	text.as_bytes().to_vec().try_into().expect("fits its bound")
}

#[test]
fn a_device_goes_from_its_manufacturer_to_a_hospital() {
	let node = Node::start("devices", &["--dev", "--tmp"]);
	node.wait_for_rpc();
	node.wait_for_finalized(1);
	let (maker, hospital_admin) = (Dave.pair(), Bob.pair());

	let udi = Udi {
		di: bytes("00643169007222"),
		serial: Some(bytes("PJN123456H")),
		lot: Some(bytes("LOT-A17")),
		manufactured_on: Some(20261101),
		expires_on: Some(20281101),
	};
	let profile = DeviceProfile {
		device_type: bytes("GMDN:47264"),
		model: bytes("CAPSUREFIX-5076"),
		version: bytes("1"),
		modality: None,
		profile_cid: bytes(CID),
		profile_hash: [5; 32],
	};
	ok(&node, &maker, Call::register_device { udi, profile });
	let device =
		node.call("medchain_deviceByUdi", json!(["00643169007222", "PJN123456H", "LOT-A17"]));
	let id = device["id"].as_u64().expect("the device is found by its UDI");
	assert_eq!(device["lifecycle"], "Manufactured");
	assert_eq!(device["model"], "CAPSUREFIX-5076");
	assert_eq!(device["manufacturer"], 1);

	ok(&node, &maker, Call::release { device: id });
	ok(&node, &maker, Call::dispatch { device: id, carrier: LOGISTICS, recipient: HOSPITAL_A });
	let moving = node.call("medchain_device", json!([id]));
	assert_eq!(
		(moving["custodian"].clone(), moving["recipient"].clone()),
		(json!(LOGISTICS), json!(HOSPITAL_A))
	);
	ok(&node, &hospital_admin, Call::install { device: id, location: Some(bytes(CATH_LAB)) });
	let installed = node.call("medchain_device", json!([id]));
	assert_eq!(installed["lifecycle"], "Installed");
	assert_eq!(installed["custodian"], HOSPITAL_A);
	assert_eq!(installed["location"], CATH_LAB);
	let held = node.call("medchain_devicesOfCustodian", json!([HOSPITAL_A]));
	assert_eq!(
		held.as_array().map(|page| page.iter().any(|d| d["id"] == id)),
		Some(true),
		"{held}"
	);
	let carried = node.call("medchain_devicesOfCustodian", json!([LOGISTICS, null, 100]));
	assert_eq!(carried.as_array().map(|page| page.iter().any(|d| d["id"] == id)), Some(false));

	ok(
		&node,
		&maker,
		Call::append_log { device: id, kind: LogKind::Inspection, cid: bytes(CID), hash: [6; 32] },
	);
	let log = node.call("medchain_serviceLog", json!([id]));
	assert_eq!(log[0]["kind"], "Inspection", "{log}");
	assert_eq!(log[0]["cid"], CID);

	let lot = node.call("medchain_devicesOfLot", json!(["00643169007222", "LOT-A17"]));
	assert_eq!(lot.as_array().map(Vec::len), Some(1), "{lot}");
	assert_eq!(node.call("medchain_device", json!([999])), serde_json::Value::Null);

	node.stop_cleanly();
}
