//! Fault tests of the four-authority `local` chain (alice, bob, charlie, dave), four real
//! `medchain-node` processes on loopback, each on its own base path:
//!
//! 1. all four finalise the same blocks (equal hashes at equal heights);
//! 2. one authority is SIGKILLed: blocks and finality go on;
//! 3. a second is SIGKILLed: finality stops (GRANDPA needs more than two thirds); both
//!    restart on their databases: finality resumes and catches up, and no block finalised
//!    before the faults is ever reverted;
//! 4. a restarted node resumes from its own database and syncs to the tip.
//!
//! What each step measured is printed (`--nocapture`) and recorded in docs/operations.md.
//! These tests take minutes: `scripts/test.sh` runs them in their own stage
//! (`cargo test --test network_faults -- --ignored`).

mod common;

use std::{path::PathBuf, time::Instant};

use common::*;
use serde_json::json;

/// One authority of the local network: its name, dev key flag, network key index and p2p
/// port, and its base path (kept across restarts).
struct Authority {
	name: &'static str,
	key: usize,
	port: u16,
	base: PathBuf,
}

impl Authority {
	fn start(&self, bootnode: &str) -> Node {
		let base = self.base.to_string_lossy().into_owned();
		let flag = format!("--{}", self.name);
		let node_key = node_key(self.key);
		let mut args =
			vec!["--chain", "local", flag.as_str(), "--base-path", &base, "--node-key", &node_key];
		if self.key != 1 {
			args.extend(["--bootnodes", bootnode]);
		}
		Node::start_on(self.name, self.port, &args)
	}
}

/// The best block number a node has.
fn best(node: &Node) -> u32 {
	let header = node.call("chain_getHeader", json!([]));
	u32::from_str_radix(header["number"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// Waits until `node`'s best block is `blocks` past where it is now.
fn wait_blocks(node: &Node, blocks: u32) -> u32 {
	let target = best(node) + blocks;
	node.wait_for("new blocks", || {
		let now = best(node);
		(now >= target).then_some(now)
	})
}

/// Asserts every node has the same block at `height` and returns its hash.
fn same_block(nodes: &[&Node], height: u32) -> String {
	let hash = nodes[0].block_hash(height);
	for (i, node) in nodes.iter().enumerate().skip(1) {
		assert_eq!(node.block_hash(height), hash, "node {i} disagrees at height {height}");
	}
	hash
}

/// best − finalised, sampled on `node`.
fn finality_lag(node: &Node) -> u32 {
	best(node) - node.finalized_head().0
}

#[test]
#[ignore = "minutes long: scripts/test.sh runs it in its own stage"]
fn four_authorities_survive_faults() {
	let root = std::env::temp_dir().join(format!("medchain-network-faults-{}", std::process::id()));
	let authorities: Vec<Authority> = ["alice", "bob", "charlie", "dave"]
		.into_iter()
		.enumerate()
		.map(|(i, name)| Authority { name, key: i + 1, port: free_port(), base: root.join(name) })
		.collect();
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", authorities[0].port, PEER_IDS[0]);
	let mut nodes: Vec<Node> = authorities.iter().map(|a| a.start(&bootnode)).collect();
	for node in &nodes {
		node.wait_for_rpc();
	}

	// 1. All four peer, author, and finalise the same blocks.
	for node in &nodes {
		node.wait_for("three peers", || {
			(node.call("system_health", json!([]))["peers"].as_u64() >= Some(3)).then_some(())
		});
	}
	let heights: Vec<u32> = nodes.iter().map(|n| n.wait_for_finalized(8).0).collect();
	let common = *heights.iter().min().unwrap();
	let all: Vec<&Node> = nodes.iter().collect();
	let mut finalised: Vec<(u32, String)> =
		(1..=common).map(|h| (h, same_block(&all, h))).collect();
	let authors: std::collections::BTreeSet<u64> =
		(1..=common).map(|h| nodes[0].aura_slot(&nodes[0].block_hash(h)) % 4).collect();
	assert_eq!(authors.len(), 4, "not every authority authored one of blocks 1..={common}");
	eprintln!("[1] four authorities finalised blocks 1..={common}, identical on every node");

	// 2. dave dies: blocks and finality continue on the other three.
	nodes[3].kill_hard();
	let before = nodes[0].finalized_head().0;
	let started = Instant::now();
	let (after, _) = nodes[0].wait_for_finalized(before + 5);
	let lag_one_down = finality_lag(&nodes[0]);
	eprintln!(
		"[2] dave killed: finality went on from {before} to {after} in {:.1} s; lag {lag_one_down} blocks",
		started.elapsed().as_secs_f64()
	);
	let three: Vec<&Node> = nodes[..3].iter().collect();
	finalised.extend((common + 1..=after).map(|h| (h, same_block(&three, h))));

	// 3. charlie dies too: two of four cannot finalise; blocks go on (Aura) in alice's and
	// bob's slots.
	nodes[2].kill_hard();
	wait_blocks(&nodes[0], 3); // a GRANDPA round in flight may still complete
	let stalled_at = nodes[0].finalized_head().0;
	let best_before = wait_blocks(&nodes[0], 6);
	let stalled_now = nodes[0].finalized_head().0;
	assert_eq!(stalled_now, stalled_at, "finality went on with two of four authorities");
	eprintln!(
		"[3] charlie killed too: finality stalled at {stalled_at} while best reached \
		 {best_before} (lag {})",
		best_before - stalled_at
	);
	let two: Vec<&Node> = nodes[..2].iter().collect();
	finalised.extend((after + 1..=stalled_at).map(|h| (h, same_block(&two, h))));

	// Both come back on their own databases: finality resumes and catches up.
	let restarted = Instant::now();
	nodes.truncate(2);
	nodes.push(authorities[2].start(&bootnode));
	nodes.push(authorities[3].start(&bootnode));
	for node in &nodes[2..] {
		node.wait_for_rpc();
	}
	// 4. A restarted node starts from its database, not from genesis: the best block it
	// found there is at least the last one finalised before it died.
	let from_db =
		|node: &Node| node.wait_for("the node's start-up log", || node.highest_known_at_start());
	let (charlie_db_best, dave_db_best) = (from_db(&nodes[2]), from_db(&nodes[3]));
	assert!(charlie_db_best >= after, "charlie restarted from {charlie_db_best}, not its database");
	assert!(dave_db_best >= before, "dave restarted from {dave_db_best}, not its database");
	let target = best(&nodes[0]);
	let (resumed, _) = nodes[0].wait_for_finalized(target);
	let catch_up = restarted.elapsed().as_secs_f64();
	for node in &nodes[2..] {
		node.wait_for_finalized(target);
	}
	eprintln!(
		"[3] restarted charlie (from block {charlie_db_best}) and dave (from {dave_db_best}): \
		 finality caught up to {resumed} (the best block at restart: {target}) in {catch_up:.1} s"
	);
	eprintln!("[4] both resumed from their databases and synced to the tip");

	// Nothing finalised before or during the faults was reverted, on any node.
	let all: Vec<&Node> = nodes.iter().collect();
	for (height, hash) in &finalised {
		for node in &all {
			assert_eq!(&node.block_hash(*height), hash, "block {height} was reverted");
		}
	}
	let lag_all_up = finality_lag(&nodes[0]);
	eprintln!(
		"[3] {} finalised blocks kept their hashes on all four; lag now {lag_all_up}",
		finalised.len()
	);

	for node in nodes {
		node.stop_cleanly();
	}
	let _ = std::fs::remove_dir_all(&root);
}
