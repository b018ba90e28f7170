//! The two-authority `local` chain: alice and bob, two real `medchain-node` processes on
//! loopback, peer with each other, both author blocks, and finalise the same blocks
//! (GRANDPA needs more than two thirds of the votes: with two authorities, both).

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::json;

#[test]
fn alice_and_bob_peer_and_finalise_the_same_blocks() {
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
	alice.wait_for_rpc();
	bob.wait_for_rpc();
	assert_eq!(alice.genesis_hash(), bob.genesis_hash(), "different genesis blocks");

	for node in [&alice, &bob] {
		node.wait_for("a peer", || {
			let health = node.call("system_health", json!([]));
			(health["peers"].as_u64() >= Some(1)).then_some(())
		});
	}

	// Both finalise block 4 or later; at the lower of their finalised heights they have the
	// same block.
	let (alice_finalized, _) = alice.wait_for_finalized(4);
	let (bob_finalized, _) = bob.wait_for_finalized(4);
	let height = alice_finalized.min(bob_finalized);
	assert_eq!(
		alice.block_hash(height),
		bob.block_hash(height),
		"alice and bob finalised different blocks at height {height}"
	);

	// Both author: Aura gives slot s to authority s mod 2, so the finalised blocks' slots
	// have both parities.
	let authors: BTreeSet<u64> =
		(1..=height).map(|n| alice.aura_slot(&alice.block_hash(n)) % 2).collect();
	assert_eq!(authors.len(), 2, "only one authority authored blocks 1..={height}");

	alice.stop_cleanly();
	bob.stop_cleanly();
}
