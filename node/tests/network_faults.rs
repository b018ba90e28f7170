//! Fault tests of the four-authority `local` chain (alice, bob, charlie, dave), four real
//! `medchain-node` processes on loopback, each on its own base path:
//!
//! 1. all four finalise the same blocks (equal hashes at equal heights);
//! 2. one authority is SIGKILLed: blocks and finality go on;
//! 3. a second is SIGKILLed: finality stops (GRANDPA needs more than two thirds); both
//!    restart on their databases: finality resumes and catches up, and no block finalised
//!    before the faults is ever reverted;
//! 4. a restarted node resumes from its own database and syncs to the tip;
//! 5. a fifth node (eve) joins as a full node and syncs; one council motion allows her node
//!    and makes her an authority (her session keys with their proof of possession), and she
//!    authors blocks after the session change; another motion removes her and the four
//!    author alone again;
//! 6. a runtime upgrade through governance on the running network, from a chain started on
//!    the previous runtime (`tests/fixtures/local-spec-102.json`): the chain goes on, the
//!    consortium pallet's storage migration ran, every node reports the new spec_version;
//! 7. a node whose peer id is not on the allow-list cannot join; a hospital's integration
//!    node, once its owner connects it to the hospital's node, syncs from that node alone.
//!
//! What each step measured is printed (`--nocapture`) and recorded in docs/operations.md.
//! These tests take minutes: `scripts/test.sh` runs them in their own stage
//! (`cargo test --test network_faults -- --ignored`).

mod common;

use std::{path::PathBuf, time::Instant};

use codec::{Decode, Encode};
use common::*;
use frame_support::weights::Weight;
use medchain_runtime::{AuraId, Runtime, RuntimeCall, RuntimeEvent, SessionKeys};
use serde_json::json;
use sp_core::Pair;
use sp_runtime::traits::Hash;

/// One authority of the local network: its name (its dev key flag), its network key index,
/// and its base path (kept across restarts).
struct Authority {
	name: &'static str,
	key: usize,
	base: PathBuf,
}

impl Authority {
	/// Starts this authority's node on `chain`, booting from `bootnode` (the first
	/// authority's address; the first boots from nobody).
	fn start(&self, chain: &str, bootnode: Option<&str>) -> Node {
		let base = self.base.to_string_lossy().into_owned();
		let flag = format!("--{}", self.name);
		let node_key = node_key(self.key);
		let mut args =
			vec!["--chain", chain, flag.as_str(), "--base-path", &base, "--node-key", &node_key];
		if let Some(bootnode) = bootnode {
			args.extend(["--bootnodes", bootnode]);
		}
		Node::start(self.name, &args)
	}
}

/// The authorities `names` (node keys 1, 2, … in order, base paths under `root`).
fn authorities_under(root: &std::path::Path, names: &[&'static str]) -> Vec<Authority> {
	names
		.iter()
		.enumerate()
		.map(|(i, &name)| Authority { name, key: i + 1, base: root.join(name) })
		.collect()
}

/// Starts `authorities` on `chain`: the first, then the others booting from the address it
/// listens on (its own choice of port, so no port picked here can be taken meanwhile), which
/// is returned with the nodes. Every node answers JSON-RPC when this returns.
fn start_network(authorities: &[Authority], chain: &str) -> (Vec<Node>, String) {
	let first = authorities[0].start(chain, None);
	first.wait_for_rpc();
	let bootnode = first.p2p_address();
	let mut nodes = vec![first];
	nodes.extend(authorities[1..].iter().map(|a| a.start(chain, Some(&bootnode))));
	for node in &nodes[1..] {
		node.wait_for_rpc();
	}
	(nodes, bootnode)
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
	let authorities = authorities_under(&root, &["alice", "bob", "charlie", "dave"]);
	let (mut nodes, bootnode) = start_network(&authorities, "local");

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
	nodes.push(authorities[2].start("local", Some(&bootnode)));
	nodes.push(authorities[3].start("local", Some(&bootnode)));
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

/// Passes `call` through a council motion on `node`: a seat proposes it (threshold five of
/// seven), five seats vote aye, one closes it; asserts it executed without error.
fn council_motion(node: &Node, call: RuntimeCall) {
	use sp_keyring::Sr25519Keyring::*;
	let seats = [Alice, Dave, AliceStash, Bob, BobStash, CharlieStash, DaveStash];
	let length = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = node
		.storage_value("Council", "ProposalCount")
		.map_or(0, |raw| u32::decode(&mut &raw[..]).expect("a count"));
	let propose = RuntimeCall::Council(pallet_collective::Call::propose {
		threshold: 5,
		proposal: Box::new(call),
		length_bound: length,
	});
	node.submit_all_ok(&[(seats[0].pair(), propose)]);
	let votes: Vec<_> = seats[..5]
		.iter()
		.map(|seat| {
			let vote = pallet_collective::Call::vote { proposal: hash, index, approve: true };
			(seat.pair(), RuntimeCall::Council(vote))
		})
		.collect();
	node.submit_all_ok(&votes);
	let close = RuntimeCall::Council(pallet_collective::Call::close {
		proposal_hash: hash,
		index,
		// The proposal (an authority change) weighs far less than 10 ms.
		proposal_weight_bound: Weight::from_parts(10_000_000_000, 100_000),
		length_bound: length,
	});
	let (block, _) = node.submit_all_ok(&[(seats[0].pair(), close)]).remove(0);
	let executed = node.events_at(&block).into_iter().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
		_ => None,
	});
	assert_eq!(executed, Some(Ok(())), "the motion did not execute cleanly");
}

/// The Aura authorities at block `at` (the best block if `None`).
fn aura_authorities(node: &Node, at: Option<&str>) -> Vec<AuraId> {
	let raw = node.storage_value_at("Aura", "Authorities", at).expect("Aura.Authorities");
	Vec::decode(&mut &raw[..]).expect("a list of keys")
}

/// The Aura key that authored block `number`: the authority whose turn its slot was, in the
/// set at its parent.
fn author_of(node: &Node, number: u32) -> AuraId {
	let parent = node.block_hash(number - 1);
	let authorities = aura_authorities(node, Some(&parent));
	let slot = node.aura_slot(&node.block_hash(number));
	authorities[(slot % authorities.len() as u64) as usize].clone()
}

/// Waits until a finalised block past `from` was authored by `key`, and returns it.
fn wait_authored_by(node: &Node, key: &AuraId, from: u32) -> u32 {
	let mut next = from + 1;
	node.wait_for("a block from the new authority", || {
		let (finalized, _) = node.finalized_head();
		while next <= finalized {
			if author_of(node, next) == *key {
				return Some(next);
			}
			next += 1;
		}
		None
	})
}

/// The peer id, as the allow-list stores it, of the node started with `--node-key`
/// [`node_key`]`(i)`.
fn peer_id_bytes(i: usize) -> sp_core::OpaquePeerId {
	let mut seed = [0u8; 32];
	seed[31] = i as u8;
	let public = sp_core::ed25519::Pair::from_seed(&seed).public().0;
	medchain_runtime::genesis_config_presets::ed25519_peer_id(public)
}

/// The peer ids `node` is connected to.
fn peers_of(node: &Node) -> Vec<String> {
	let peers = node.call("system_peers", json!([]));
	peers
		.as_array()
		.expect("a list of peers")
		.iter()
		.map(|p| p["peerId"].as_str().expect("a peer id").to_owned())
		.collect()
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

#[test]
#[ignore = "minutes long: scripts/test.sh runs it in its own stage"]
fn only_allowed_nodes_join_and_the_council_onboards_a_fifth_authority() {
	use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
	let root =
		std::env::temp_dir().join(format!("medchain-fifth-authority-{}", std::process::id()));
	let authorities = authorities_under(&root, &["alice", "bob", "charlie", "dave", "eve"]);
	let (nodes, bootnode) = start_network(&authorities[..4], "local");
	let alice = &nodes[0];
	alice.wait_for_finalized(3);

	// 7. Eve's node is not on the allow-list: it reaches alice (its bootnode) but nobody
	// syncs with it, so it stays at genesis while the chain goes on.
	let eve = authorities[4].start("local", Some(&bootnode));
	eve.wait_for_rpc();
	let from = best(alice);
	let to = wait_blocks(alice, 10);
	assert_eq!(best(&eve), 0, "a node off the allow-list imported blocks");
	assert!(nodes.iter().all(|n| !peers_of(n).contains(&PEER_IDS[4].to_owned())));
	eprintln!(
		"[7] eve's node, not allowed, stayed at #0 while the four went from #{from} to #{to}"
	);

	// A hospital's integration node (key 6): allowed by nobody, it cannot join either; Bob
	// (Hospital A's admin, owner of bob's node) claims it and connects the two nodes both
	// ways. It then syncs, and only from bob's node: it enforces its own list too
	// (`--offchain-worker always`).
	let bob_address = nodes[1].p2p_address();
	let integration_base = root.join("integration").to_string_lossy().into_owned();
	let integration_key = node_key(6);
	let integration = Node::start(
		"integration",
		&[
			"--chain",
			"local",
			"--base-path",
			&integration_base,
			"--node-key",
			&integration_key,
			"--bootnodes",
			&bob_address,
			"--offchain-worker",
			"always",
		],
	);
	integration.wait_for_rpc();
	let (bob_node, integration_node) = (peer_id_bytes(2), peer_id_bytes(6));
	let connect = batch_all(vec![
		RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
			node: integration_node.clone(),
		}),
		RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
			node: bob_node.clone(),
			connections: vec![integration_node.clone()],
		}),
		RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
			node: integration_node,
			connections: vec![bob_node],
		}),
	]);
	assert_eq!(best(&integration), 0, "the integration node synced before it was allowed");
	let connected = Instant::now();
	alice.submit_all_ok(&[(Sr25519Keyring::Bob.pair(), connect)]);
	let tip = best(alice);
	integration
		.wait_for("the integration node to sync", || (best(&integration) >= tip).then_some(()));
	let synced = connected.elapsed().as_secs_f64();
	wait_blocks(alice, 3);
	assert_eq!(peers_of(&integration), vec![PEER_IDS[1].to_owned()]);
	eprintln!(
		"[7] bob connected his integration node: it synced to #{tip} within {synced:.0} s, \
		 its only peer bob's node"
	);
	integration.stop_cleanly();

	// 5. One motion onboards eve: her node on the allow-list, and her account an authority
	// with the session keys her node holds (`--eve`) and their proof of possession (each key
	// signs "POP_" ++ her account, what `author_rotateKeysWithOwner` returns).
	let keys = SessionKeys {
		aura: Sr25519Keyring::Eve.public().into(),
		grandpa: Ed25519Keyring::Eve.public().into(),
	};
	let owner = Sr25519Keyring::Eve.to_account_id();
	let statement = [&b"POP_"[..], AsRef::<[u8]>::as_ref(&owner)].concat();
	let proof =
		(Sr25519Keyring::Eve.pair().sign(&statement), Ed25519Keyring::Eve.pair().sign(&statement))
			.encode();
	let eve_node = peer_id_bytes(5);
	let onboard = batch_all(vec![
		RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
			node: eve_node.clone(),
			owner: owner.clone().into(),
		}),
		RuntimeCall::Authorities(pallet_authorities::Call::add_authority {
			who: owner.clone(),
			keys: Some((keys.clone(), proof.try_into().expect("a short proof"))),
		}),
	]);
	let decided = Instant::now();
	council_motion(alice, onboard);
	let from = alice.finalized_head().0;
	let tip = best(alice);
	eve.wait_for("eve to sync", || (best(&eve) >= tip).then_some(()));
	eprintln!(
		"[5] allowed, eve's node synced to #{tip} {:.0} s after the motion",
		decided.elapsed().as_secs_f64()
	);
	let authored = wait_authored_by(alice, &keys.aura, from);
	eprintln!(
		"[5] the council added eve at #{from}; she authored finalised block #{authored} {:.0} s later",
		decided.elapsed().as_secs_f64()
	);
	assert_eq!(aura_authorities(alice, None).len(), 5);
	// Five authorities: finality needs four, and goes on.
	let (finalized, _) = alice.wait_for_finalized(authored + 3);

	// One motion offboards her: out of the authorities at the next session change, and her
	// node off the allow-list at once (four of the five still finalise meanwhile).
	let offboard = batch_all(vec![
		RuntimeCall::Authorities(pallet_authorities::Call::remove_authority { who: owner }),
		RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::remove_well_known_node {
			node: eve_node,
		}),
	]);
	council_motion(alice, offboard);
	alice.wait_for("eve's node to be dropped", || {
		nodes.iter().all(|n| !peers_of(n).contains(&PEER_IDS[4].to_owned())).then_some(())
	});
	alice.wait_for("eve to leave the authorities", || {
		(!aura_authorities(alice, None).contains(&keys.aura)).then_some(())
	});
	let out_from = best(alice);
	let (after, _) = alice.wait_for_finalized(out_from + 4);
	assert!(
		(out_from + 1..=after).all(|n| author_of(alice, n) != keys.aura),
		"eve authored after her removal"
	);
	assert_eq!(aura_authorities(alice, None).len(), 4);
	eprintln!(
		"[5] offboarded: her node dropped by all four; blocks #{}..=#{after} come from the four \
		 alone and are final (#{finalized} was final while eve served)",
		out_from + 1
	);

	eve.stop_cleanly();
	for node in nodes {
		node.stop_cleanly();
	}
	let _ = std::fs::remove_dir_all(&root);
}

/// The chain spec the upgrade test starts from: the `local` chain as runtime spec_version
/// 102 made it (the last runtime before the consortium pallet's storage v1), code included.
fn previous_runtime_spec() -> String {
	std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
		.join("tests/fixtures/local-spec-102.json")
		.to_string_lossy()
		.into_owned()
}

/// `Consortium.PatientsRegistered[org]` at the best block, raw (None if the item is absent).
fn patients_registered(node: &Node, org: u32) -> Option<u32> {
	use sp_io::hashing::{twox_128, twox_64};
	let key = [
		&twox_128(b"Consortium")[..],
		&twox_128(b"PatientsRegistered"),
		&twox_64(&org.encode()),
		&org.encode(),
	]
	.concat();
	let raw = node.call("state_getStorage", json!([format!("0x{}", hex::encode(key))]));
	raw.as_str().map(|hex_value| {
		let bytes = hex::decode(hex_value.trim_start_matches("0x")).expect("hex");
		u32::decode(&mut &bytes[..]).expect("a count")
	})
}

/// The storage version the consortium pallet's data is at.
fn consortium_storage_version(node: &Node) -> u16 {
	node.storage_value("Consortium", ":__STORAGE_VERSION__:")
		.map_or(0, |raw| u16::decode(&mut &raw[..]).expect("a storage version"))
}

#[test]
#[ignore = "minutes long: scripts/test.sh runs it in its own stage"]
fn the_council_upgrades_the_runtime_of_the_running_network() {
	use sp_keyring::Sr25519Keyring::{Alice, Bob};
	let root = std::env::temp_dir().join(format!("medchain-upgrade-{}", std::process::id()));
	let authorities = authorities_under(&root, &["alice", "bob", "charlie", "dave"]);
	let spec = previous_runtime_spec();
	let (nodes, _) = start_network(&authorities, &spec);
	let alice = &nodes[0];
	alice.wait_for_finalized(3);
	let (old_spec, _) = alice.runtime_version();
	assert_eq!(old_spec, 102, "the fixture is not the previous runtime");
	assert_eq!(consortium_storage_version(alice), 0);

	// Data in the old layout: Hospital A (org 3) registers a second patient (Eve is the
	// first); version 0 keeps no count of them.
	let register = |who: &str| {
		let patient = sp_core::sr25519::Pair::from_string(who, None).expect("a dev key");
		RuntimeCall::Consortium(pallet_consortium::Call::register_patient {
			patient: patient.public().into(),
		})
	};
	alice.submit_all_ok(&[(Bob.pair(), register("//Patient1"))]);
	assert_eq!(patients_registered(alice, 3), None);

	// The council authorises the new code (one motion: whitelist the call and dispatch it as
	// root); anyone then hands in the code itself.
	let code = medchain_runtime::WASM_BINARY.expect("the node tests build the WASM runtime");
	let code_hash = sp_core::H256(sp_io::hashing::blake2_256(code));
	let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
	let call_hash = <Runtime as frame_system::Config>::Hashing::hash_of(&authorize);
	let decided = Instant::now();
	council_motion(
		alice,
		batch_all(vec![
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash }),
			RuntimeCall::Whitelist(
				pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
					call: Box::new(authorize),
				},
			),
		]),
	);
	let apply =
		RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code: code.to_vec() });
	let (upgrade_block, _) = alice.submit_all_ok(&[(Alice.pair(), apply)]).remove(0);
	let header = alice.call("chain_getHeader", json!([upgrade_block]));
	let upgraded_at = u32::from_str_radix(
		header["number"].as_str().expect("a block number").trim_start_matches("0x"),
		16,
	)
	.expect("a hex block number");
	let applied = Instant::now();
	eprintln!(
		"[6] {} KiB of code authorised and applied in block #{upgraded_at} ({:.0} s after the \
		 motion was proposed)",
		code.len() / 1024,
		decided.elapsed().as_secs_f64()
	);

	// Every node runs the new runtime.
	let new_spec = medchain_runtime::VERSION.spec_version;
	for node in &nodes {
		node.wait_for("the new runtime", || (node.runtime_version().0 == new_spec).then_some(()));
	}
	eprintln!(
		"[6] all four nodes report spec_version {new_spec} {:.1} s after the upgrade was final",
		applied.elapsed().as_secs_f64()
	);
	// A node reports the new version as soon as its best block holds the new code, but the
	// code first runs, and migrates (version 0 → 1 → 2), in the block after the upgrade.
	alice.wait_for("the block after the upgrade", || (best(alice) > upgraded_at).then_some(()));
	assert_eq!(consortium_storage_version(alice), 2);
	assert_eq!(patients_registered(alice, 3), Some(2), "Hospital A: Eve and Patient1");
	assert_eq!(patients_registered(alice, 4), Some(1), "Hospital B: Ferdie");
	// The chain goes on, final on all four, and the new code keeps the count.
	let (finalized, _) = alice.wait_for_finalized(best(alice) + 3);
	for node in &nodes[1..] {
		node.wait_for_finalized(finalized);
	}
	alice.submit_all_ok(&[(Bob.pair(), register("//Patient2"))]);
	assert_eq!(patients_registered(alice, 3), Some(3));
	// What the old runtime wrote still reads the same through the new one.
	let patient1 = sp_core::sr25519::Pair::from_string("//Patient1", None).expect("a dev key");
	let role = alice.call("medchain_roleOf", json!([patient1.public().to_string()]));
	assert_eq!((role["kind"].as_str(), role["registeredBy"].as_u64()), (Some("patient"), Some(3)));
	eprintln!(
		"[6] spec_version {old_spec} -> {new_spec} on all four nodes; the migration counted 2 + 1 \
		 patients; finality went on to #{finalized}; the old records read as before"
	);

	for node in nodes {
		node.stop_cleanly();
	}
	let _ = std::fs::remove_dir_all(&root);
}
