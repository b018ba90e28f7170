//! The consortium end to end against the real `medchain-node --dev`: the demo consortium is
//! there, the `medchain_*` and `payment_*` methods answer, the transaction gate refuses a
//! fresh key at `author_submitExtrinsic` (and the transaction never reaches a block), a
//! staff member's transaction is included, and once a hospital registers the fresh key as a
//! patient, that key transacts without ever holding a balance.

mod common;

use common::*;
use medchain_runtime::{AccountId, RuntimeCall};
use pallet_consortium::extension::NOT_A_MEMBER;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{self, Bob, Charlie, One};

fn remark(text: &str) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: text.as_bytes().to_vec() })
}

fn hex_of(xt: &medchain_runtime::UncheckedExtrinsic) -> String {
	format!("0x{}", hex::encode(codec::Encode::encode(xt)))
}

fn ss58(key: Sr25519Keyring) -> String {
	key.to_account_id().to_string()
}

#[test]
fn only_registered_accounts_transact_and_the_consortium_is_queryable() {
	let node = Node::start("permissioned", &["--dev", "--tmp"]);
	node.wait_for_rpc();
	node.wait_for_finalized(1);
	let genesis = node.genesis_hash();

	// ---- the demo consortium over medchain_* ----
	let organisations = node.call("medchain_organisations", json!([]));
	let kinds: Vec<&str> = organisations
		.as_array()
		.expect("a list")
		.iter()
		.map(|o| o["kind"].as_str().expect("a kind"))
		.collect();
	assert_eq!(
		kinds,
		[
			"Regulator",
			"Manufacturer",
			"Logistics",
			"Hospital",
			"Hospital",
			"Laboratory",
			"Pharmacy"
		]
	);
	let hospital_a = node.call("medchain_organisation", json!([3]));
	assert_eq!(hospital_a["status"], "Active", "{hospital_a}");
	// Bob (admin), Charlie, and One (the hospital's record store).
	assert_eq!(hospital_a["staff"], 3);
	assert_eq!(node.call("medchain_organisation", json!([99])), Value::Null);

	let charlie = node.call("medchain_roleOf", json!([ss58(Charlie)]));
	assert_eq!(
		charlie,
		json!({"kind": "staff", "org": 3, "roles": ["Nurse", "DeviceOperator", "Registrar"], "active": true})
	);
	let eve = node.call("medchain_roleOf", json!([ss58(Sr25519Keyring::Eve)]));
	assert_eq!(eve["kind"], "patient", "{eve}");
	assert_eq!(eve["registeredBy"], 3);

	let mut staff: Vec<String> = node
		.call("medchain_staffOf", json!([3]))
		.as_array()
		.expect("a list")
		.iter()
		.map(|entry| entry["account"].as_str().expect("an SS58 account").to_string())
		.collect();
	staff.sort();
	let mut expected = vec![ss58(Bob), ss58(Charlie), ss58(One)];
	expected.sort();
	assert_eq!(staff, expected);
	// Paging: one account per page, the second page starts after the first.
	let first = node.call("medchain_staffOf", json!([3, null, 1]));
	let after = first[0]["account"].clone();
	let second = node.call("medchain_staffOf", json!([3, after, 1]));
	assert_eq!(second.as_array().map(Vec::len), Some(1));
	assert_ne!(first[0]["account"], second[0]["account"]);
	let too_many = node.try_call("medchain_staffOf", json!([3, null, 5000]));
	assert!(too_many.is_err_and(|e| e.contains("-32602")), "a limit over 1000 is refused");

	// ---- a fresh key is refused at the pool, with the gate's code ----
	let (stranger, _) = sr25519::Pair::generate();
	let stranger_id = AccountId::from(stranger.public());
	assert_eq!(node.call("medchain_mayTransact", json!([stranger_id.to_string()])), false);
	assert_eq!(node.call("medchain_roleOf", json!([stranger_id.to_string()])), Value::Null);
	let refused = signed_extrinsic(&stranger, remark("let me in"), 0, genesis);
	let (before, _) = node.finalized_head();
	let error = node
		.try_call("author_submitExtrinsic", json!([hex_of(&refused)]))
		.expect_err("the pool must refuse an unregistered signer");
	assert!(
		error.contains("1010") && error.contains(&format!("Custom error: {NOT_A_MEMBER}")),
		"unexpected error: {error}"
	);
	// The fee estimate still answers (zero) for a well-formed transaction.
	let info = node.call("payment_queryInfo", json!([hex_of(&refused)]));
	assert_eq!(info["partialFee"], "0", "{info}");

	// ---- a staff member's transaction is included ----
	let nonce = node.next_nonce(&Charlie.to_account_id());
	let included = signed_extrinsic(&Charlie.pair(), remark("nurse on duty"), nonce, genesis);
	let (block, index) = node.submit_and_wait_finalized(&included);
	assert!(node.extrinsic_succeeded(&block, index), "Charlie's remark failed");
	// By then the refused transaction has had blocks to land in, and did not.
	assert!(!node.any_block_holds(before, &refused), "a refused transaction was included");
	let pending = node.call("author_pendingExtrinsics", json!([]));
	assert!(!pending.to_string().contains(&hex_of(&refused)[2..]), "it waits in the pool");

	// ---- Bob (Hospital A) registers the key as a patient; it then transacts, balance-less ----
	let register = RuntimeCall::Consortium(pallet_consortium::Call::register_patient {
		patient: stranger_id.clone(),
	});
	let nonce = node.next_nonce(&Bob.to_account_id());
	let (block, index) =
		node.submit_and_wait_finalized(&signed_extrinsic(&Bob.pair(), register, nonce, genesis));
	assert!(node.extrinsic_succeeded(&block, index), "registering the patient failed");
	assert_eq!(node.call("medchain_mayTransact", json!([stranger_id.to_string()])), true);
	// A patient does not remark (docs/consortium.md, "Who may call what"); it registers its
	// encryption key, its first transaction.
	let remark_refused = node
		.try_call(
			"author_submitExtrinsic",
			json!([hex_of(&signed_extrinsic(&stranger, remark("hi"), 0, genesis))]),
		)
		.expect_err("a patient's remark is refused");
	assert!(remark_refused.contains("Custom error: 3"), "{remark_refused}");
	let key = RuntimeCall::EmrPointers(pallet_emr_pointers::Call::register_encryption_key {
		key: [7; 32],
	});
	let admitted = signed_extrinsic(&stranger, key, 0, genesis);
	let (block, index) = node.submit_and_wait_finalized(&admitted);
	assert!(node.extrinsic_succeeded(&block, index), "the new patient's first call failed");
	assert_eq!(node.next_nonce(&stranger_id), 1);

	node.stop_cleanly();
}
