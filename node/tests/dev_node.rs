//! The dev chain end to end: the real `medchain-node --dev` produces and finalises blocks,
//! answers the standard JSON-RPC methods, includes a signed extrinsic from //Alice in a
//! finalised block, and shuts down cleanly.

mod common;

use common::*;
use jsonrpsee::rpc_params;
use medchain_runtime::RuntimeCall;
use sp_keyring::Sr25519Keyring;

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalises_blocks_and_includes_a_signed_remark() {
	let node = Node::start("dev", &["--dev", "--tmp"]);
	wait_for_rpc(&node).await;
	let rpc = node.rpc();

	// Blocks are produced and finalised: a finalised block >= 2, and it is the same block
	// as the best chain's at that height.
	let (finalized, finalized_hash) = wait_for_finalized(&node, 2).await;
	assert_eq!(block_hash(&rpc, finalized).await, finalized_hash);

	// The standard methods answer.
	let health = call(&rpc, "system_health", rpc_params![]).await;
	assert_eq!(health["isSyncing"], false, "a lone dev node is not syncing: {health}");
	let head = call(&rpc, "chain_getFinalizedHead", rpc_params![]).await;
	assert!(head.as_str().is_some_and(|h| h.starts_with("0x") && h.len() == 66), "{head}");
	let metadata = call(&rpc, "state_getMetadata", rpc_params![]).await;
	let metadata = metadata.as_str().expect("metadata is a hex string");
	// SCALE-encoded `RuntimeMetadataPrefixed` starts with the magic "meta".
	assert!(metadata.starts_with("0x6d657461"), "metadata lacks its magic prefix");
	let methods = call(&rpc, "rpc_methods", rpc_params![]).await;
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
	let nonce = next_nonce(&rpc, &alice.to_account_id()).await;
	let remark = RuntimeCall::System(frame_system::Call::remark {
		remark: b"medchain walking skeleton".to_vec(),
	});
	let xt = signed_extrinsic(alice, remark, nonce, genesis_hash(&rpc).await);
	let (_, block, index) = submit_and_wait_finalized(&node, &xt).await;
	let events = events_at(&rpc, &block).await;
	let succeeded = events.iter().any(|record| {
		record.phase == frame_system::Phase::ApplyExtrinsic(index as u32)
			&& matches!(
				record.event,
				medchain_runtime::RuntimeEvent::System(
					frame_system::Event::ExtrinsicSuccess { .. }
				)
			)
	});
	assert!(succeeded, "the remark did not succeed; events: {events:?}");
	assert_eq!(next_nonce(&rpc, &alice.to_account_id()).await, nonce + 1);

	// A clean shutdown on SIGINT.
	let log = node.log_tail();
	let status = node.stop();
	assert!(status.success(), "the node exited with {status}; log:\n{log}");
}
