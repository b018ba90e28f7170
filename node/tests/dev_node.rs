//! The dev chain end to end: the real `medchain-node --dev` produces and finalises blocks,
//! answers the standard JSON-RPC methods, includes a signed extrinsic from //Alice in a
//! finalised block, and shuts down cleanly.

mod common;

use common::*;
use medchain_runtime::RuntimeCall;
use serde_json::json;
use sp_keyring::Sr25519Keyring;

#[test]
fn dev_node_finalises_blocks_and_includes_a_signed_remark() {
	let node = Node::start("dev", &["--dev", "--tmp"]);
	node.wait_for_rpc();

	// Blocks are produced and finalised: a finalised block >= 2, and it is the same block
	// as the best chain's at that height.
	let (finalized, finalized_hash) = node.wait_for_finalized(2);
	assert_eq!(node.block_hash(finalized), finalized_hash);

	// The standard methods answer.
	let health = node.call("system_health", json!([]));
	assert_eq!(health["isSyncing"], false, "a lone dev node is not syncing: {health}");
	let head = node.call("chain_getFinalizedHead", json!([]));
	assert!(head.as_str().is_some_and(|h| h.starts_with("0x") && h.len() == 66), "{head}");
	let metadata = node.call("state_getMetadata", json!([]));
	let metadata = metadata.as_str().expect("metadata is a hex string");
	// SCALE-encoded `RuntimeMetadataPrefixed` starts with the magic "meta".
	assert!(metadata.starts_with("0x6d657461"), "metadata lacks its magic prefix");
	// The WASM runtime's metadata carries doc comments (here frame_system's `remark`).
	let docs = hex::encode("Make some on-chain remark.");
	assert!(metadata.contains(&docs), "the runtime's metadata has no doc comments");
	let methods = node.call("rpc_methods", json!([]));
	let methods: Vec<&str> = methods["methods"]
		.as_array()
		.expect("rpc_methods lists methods")
		.iter()
		.filter_map(|m| m.as_str())
		.collect();
	for expected in [
		"system_health",
		"chain_getFinalizedHead",
		"state_getMetadata",
		"author_submitExtrinsic",
		"system_accountNextIndex",
	] {
		assert!(methods.contains(&expected), "rpc_methods lacks {expected}: {methods:?}");
	}

	// A signed `system.remark` from //Alice lands in a finalised block and succeeds.
	let alice = Sr25519Keyring::Alice;
	let nonce = node.next_nonce(&alice.to_account_id());
	let remark = RuntimeCall::System(frame_system::Call::remark {
		remark: b"medchain walking skeleton".to_vec(),
	});
	let xt = signed_extrinsic(&alice.pair(), remark, nonce, node.genesis_hash());
	let (block, index) = node.submit_and_wait_finalized(&xt);
	assert!(
		node.extrinsic_succeeded(&block, index),
		"the remark did not succeed; events: {:?}",
		node.events_at(&block)
	);
	assert_eq!(node.next_nonce(&alice.to_account_id()), nonce + 1);

	// A clean shutdown on SIGINT.
	node.stop_cleanly();
}
