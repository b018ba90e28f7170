//! The client crate against a real development node: typed calls, named errors with their
//! docs, the gate's refusals, runtime APIs, and a finalised event stream that sees a recall.

use futures::StreamExt;
use medchain_client::{
	api::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			medchain_primitives::devices::{DeviceProfile, Udi},
			pallet_traceability::types::recalls::RecallScope,
		},
	},
	dev_node::{self, DevNode},
	events::EventFilter,
	keys::Account,
	Client, Error, GateRefusal, Wait,
};

fn text(value: &str) -> BoundedVec<u8> {
	BoundedVec(value.as_bytes().to_vec())
}

#[tokio::test(flavor = "multi_thread")]
async fn typed_calls_errors_and_events_against_a_dev_node() {
	let node = DevNode::start(dev_node::node_beside_tests()).expect("start a development node");
	let client = Client::connect(&node.ws_url()).await.expect("connect");
	let metadata = client.subxt().at_current_block().await.expect("the finalised head").metadata();
	assert!(api::is_codegen_valid_for(&metadata), "the node's metadata is the committed one");
	let account = |uri: &str| Account::from_uri(uri).unwrap();

	// A dispatch error comes back as the pallet's named error with its documentation.
	let refused = client
		.submit(
			&api::tx().access_control().revoke_grant(999),
			&account("//Eve"),
			Wait::InBlock,
			|_| {},
		)
		.await;
	let Err(Error::Refused(refusal)) = refused else { panic!("not refused: {refused:?}") };
	assert_eq!(
		(refusal.pallet.as_str(), refusal.error.as_str()),
		("AccessControl", "GrantNotFound")
	);
	assert!(!refusal.docs.is_empty(), "{refusal}");

	// The gate's refusal, before any block.
	let stranger = client
		.submit(
			&api::tx().access_control().revoke_grant(0),
			&account("//Ferdie//stash"),
			Wait::InBlock,
			|_| {},
		)
		.await;
	assert!(matches!(stranger, Err(Error::Gate(GateRefusal::NotAMember))), "{stranger:?}");

	// A finalised event stream of recalls, opened before the recall.
	let recalls = client
		.finalized_events(EventFilter::default().kind("Traceability", "RecallIssued"))
		.await
		.expect("subscribe");

	// The manufacturer registers a lead of a lot (typed call, finalised, progress reported).
	let udi = Udi {
		di: text("00643169007222"),
		serial: Some(text("SN-SDK-1")),
		lot: Some(text("LOT-SDK-1")),
		manufactured_on: None,
		expires_on: None,
	};
	let profile = DeviceProfile {
		device_type: text("GMDN:47264"),
		model: text("5076-52"),
		version: text("2.1"),
		modality: None,
		profile_cid: text("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"),
		profile_hash: [7; 32],
	};
	let mut steps = Vec::new();
	let receipt = client
		.submit(
			&api::tx().device_registry().register_device(udi, profile),
			&account("//Dave"),
			Wait::Finalized,
			|progress| steps.push(progress),
		)
		.await
		.expect("registered");
	assert!(receipt.finalized && steps.len() >= 2, "{steps:?}");
	let device =
		receipt.event("DeviceRegistry", "DeviceRegistered").and_then(|e| e.number("device"));
	let device = device.expect("the event names the device");

	// Typed and JSON reads of the same device.
	let (finalized, _) = client.finalized_head().await.unwrap();
	assert!(finalized >= receipt.block_number);
	let typed =
		client.call(api::runtime_apis().device_registry_api().device(device)).await.unwrap();
	assert_eq!(typed.expect("registered").manufacturer, 1);
	let json =
		client.query(api::runtime_apis().device_registry_api().device(device)).await.unwrap();
	assert_eq!(json["udi"]["lot"], "LOT-SDK-1", "{json}");

	// The regulator recalls the lot; the stream sees it.
	let scope =
		RecallScope::Lots { di: text("00643169007222"), lots: BoundedVec(vec![text("LOT-SDK-1")]) };
	let issued = client
		.submit(
			&api::tx().traceability().issue_recall(scope, text("FSCA-2026-17"), None),
			&account("//Alice"),
			Wait::InBlock,
			|_| {},
		)
		.await
		.expect("recalled");
	let recall = issued.event("Traceability", "RecallIssued").and_then(|e| e.number("recall"));
	let mut recalls = Box::pin(recalls);
	let seen = tokio::time::timeout(std::time::Duration::from_secs(120), recalls.next())
		.await
		.expect("a finalised recall within two minutes")
		.expect("the stream is open")
		.expect("decoded");
	assert_eq!(seen.number("recall"), recall, "{seen:?}");
	assert!(seen.block >= issued.block_number);
}
