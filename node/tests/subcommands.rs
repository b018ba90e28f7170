//! The node's maintenance subcommands against a real database: a dev chain runs on a base
//! path, stops, and `chain-info`, `export-blocks` and `purge-chain` work on what it left.
//! Also: the database is ParityDB, and `--help` lists every subcommand operators expect.

mod common;

use std::{path::Path, process::Command};

use common::*;
use serde_json::Value;

fn run(args: &[&str]) -> std::process::Output {
	let output = Command::new(node_binary()).args(args).output().expect("run medchain-node");
	assert!(
		output.status.success(),
		"medchain-node {} failed: {}",
		args.join(" "),
		String::from_utf8_lossy(&output.stderr)
	);
	output
}

#[test]
fn help_lists_the_maintenance_subcommands() {
	let help = String::from_utf8(run(&["--help"]).stdout).expect("help is UTF-8");
	for subcommand in [
		"key",
		"build-spec",
		"export-chain-spec",
		"check-block",
		"export-blocks",
		"import-blocks",
		"export-state",
		"purge-chain",
		"revert",
		"chain-info",
		"benchmark",
	] {
		assert!(
			help.lines().any(|line| line.trim_start().starts_with(&format!("{subcommand} "))),
			"--help does not list `{subcommand}`:\n{help}"
		);
	}
}

#[test]
fn subcommands_work_on_a_stopped_dev_chain_in_paritydb() {
	let base = std::env::temp_dir().join(format!("medchain-subcommands-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&base);
	let base_path = base.to_str().expect("a UTF-8 temp path").to_string();

	let node = Node::start("dev-on-disk", &["--dev", "--base-path", &base_path]);
	node.wait_for_rpc();
	let (finalized, finalized_hash) = node.wait_for_finalized(2);
	node.stop_cleanly();

	// ParityDB is the default database: there is no RocksDB in this node at all.
	let db = base.join("chains/medchain_dev/paritydb");
	assert!(db.is_dir(), "no ParityDB database at {}", db.display());

	// chain-info reads the stopped node's database.
	let info: Value =
		serde_json::from_slice(&run(&["chain-info", "--dev", "--base-path", &base_path]).stdout)
			.expect("chain-info prints JSON");
	assert!(
		info["finalized_number"].as_u64() >= Some(u64::from(finalized)),
		"chain-info lost finalised blocks: {info} (the node had finalised #{finalized} \
		 {finalized_hash})"
	);

	// export-blocks writes the blocks it finalised as JSON.
	let export = base.join("blocks.json");
	run(&[
		"export-blocks",
		"--dev",
		"--base-path",
		&base_path,
		"--from",
		"1",
		"--to",
		"2",
		export.to_str().expect("a UTF-8 path"),
	]);
	let exported = std::fs::read_to_string(&export).expect("export-blocks wrote its file");
	assert!(exported.contains("\"header\""), "export-blocks wrote no blocks: {exported}");

	// purge-chain removes the database.
	run(&["purge-chain", "--dev", "--base-path", &base_path, "-y"]);
	assert!(!Path::new(&db).exists(), "purge-chain left the database behind");

	let _ = std::fs::remove_dir_all(&base);
}

/// The everyday node is built without the benchmark CLI (`frame-benchmarking-cli` and its
/// ≈ 190 crates, docs/BUILDING.md): every `benchmark …` command line is refused with the
/// build that has it, never with a parse error.
#[cfg(not(feature = "benchmarks"))]
#[test]
fn benchmark_subcommands_say_how_to_get_them() {
	for args in [
		&["benchmark", "extrinsic", "--dev", "--pallet", "system", "--extrinsic", "remark"][..],
		&["benchmark", "pallet", "--dev", "--pallet", "pallet_consortium", "--extrinsic", "*"],
		&["benchmark", "machine"],
		&["benchmark"],
	] {
		let output = Command::new(node_binary()).args(args).output().expect("run medchain-node");
		let error = String::from_utf8_lossy(&output.stderr);
		assert!(!output.status.success(), "`{}` ran on a node without benchmarks", args.join(" "));
		assert!(
			error.contains("--features benchmarks")
				&& error.contains("scripts/benchmark-weights.sh"),
			"`{}`: unclear error:\n{error}",
			args.join(" ")
		);
	}
}
