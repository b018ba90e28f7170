//! The two-authority `local` chain: alice and bob, two real `medchain-node` processes on
//! loopback, peer with each other and finalise the same blocks (GRANDPA needs both votes:
//! with two authorities, more than two thirds means both).

mod common;

use common::*;
use jsonrpsee::rpc_params;

#[tokio::test(flavor = "multi_thread")]
async fn alice_and_bob_peer_and_finalise_the_same_blocks() {
	let alice_port = free_port();
	let alice = Node::start_on(
		"alice",
		alice_port,
		&["--chain", "local", "--alice", "--tmp", "--node-key", NODE_KEY_1],
	);
	let bootnode = format!("/ip4/127.0.0.1/tcp/{alice_port}/p2p/{PEER_ID_1}");
	let bob = Node::start(
		"bob",
		&["--chain", "local", "--bob", "--tmp", "--node-key", NODE_KEY_2, "--bootnodes", &bootnode],
	);
	wait_for_rpc(&alice).await;
	wait_for_rpc(&bob).await;

	for node in [&alice, &bob] {
		let rpc = node.rpc();
		wait_for(node, "a peer", || async {
			let health = call(&rpc, "system_health", rpc_params![]).await;
			(health["peers"].as_u64() >= Some(1)).then_some(())
		})
		.await;
	}

	// Both finalise block 2 or later; at the lower of their finalised heights, both have the
	// same block, and it is the one each calls finalised (or an ancestor of it).
	let (alice_finalized, _) = wait_for_finalized(&alice, 2).await;
	let (bob_finalized, _) = wait_for_finalized(&bob, 2).await;
	let height = alice_finalized.min(bob_finalized);
	let (alice_rpc, bob_rpc) = (alice.rpc(), bob.rpc());
	assert_eq!(
		block_hash(&alice_rpc, height).await,
		block_hash(&bob_rpc, height).await,
		"alice and bob finalised different blocks at height {height}"
	);

	let genesis = genesis_hash(&alice_rpc).await;
	assert_eq!(genesis, genesis_hash(&bob_rpc).await, "different genesis blocks");

	for node in [alice, bob] {
		let name = node.name.clone();
		let log = node.log_tail();
		let status = node.stop();
		assert!(status.success(), "{name} exited with {status}; log:\n{log}");
	}
}
