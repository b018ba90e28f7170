//! `medchain-bench --quick` end to end against the node built in the same `cargo test` run:
//! every workload's extrinsics are included and succeed, the read path answers, and the
//! figures the full run reports are there; the same for the open-loop measurement. This keeps
//! the tool working (docs/PERFORMANCE.md).

use std::{path::Path, process::Command};

use serde_json::Value;

/// Runs `medchain-bench --quick` with `args` against the node beside it; its report (stdout)
/// and its JSON results.
fn quick(name: &str, args: &[&str]) -> (String, Value) {
	let bench = env!("CARGO_BIN_EXE_medchain-bench");
	// Cargo builds every binary of the workspace's tested packages into one directory.
	let node = Path::new(bench).with_file_name("medchain-node");
	assert!(node.is_file(), "no medchain-node beside medchain-bench: {}", node.display());
	let json =
		std::env::temp_dir().join(format!("medchain-bench-{name}-{}.json", std::process::id()));
	let output = Command::new(bench)
		.arg("--quick")
		.args(args)
		.arg("--node")
		.arg(&node)
		.arg("--json")
		.arg(&json)
		.output()
		.expect("run medchain-bench");
	let log = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "medchain-bench --quick {args:?} failed:\n{log}");
	let results: Value =
		serde_json::from_str(&std::fs::read_to_string(&json).expect("the JSON results"))
			.expect("valid JSON");
	let _ = std::fs::remove_file(&json);
	(String::from_utf8_lossy(&output.stdout).into_owned(), results)
}

#[test]
fn the_quick_run_includes_every_extrinsic_of_every_workload() {
	let (report, results) = quick("throughput", &[]);
	assert!(report.contains("| `emrPointers.addRecord` |"), "no EMR row:\n{report}");
	let workloads = results["workloads"].as_array().expect("a list of workloads");
	let names: Vec<&str> = workloads.iter().filter_map(|w| w["outcome"]["name"].as_str()).collect();
	assert_eq!(
		names,
		[
			"system.remark",
			"emrPointers.addRecord",
			"emrPointers.addRecords",
			"accessControl.grantAccess",
			"accessControl.revokeGrant",
			"deviceRegistry.dispatch",
			"traceability.reportForPatient",
			"system.remark",
		]
	);
	for workload in workloads {
		let outcome = &workload["outcome"];
		let name = outcome["name"].as_str().unwrap_or_default();
		// 40 extrinsics, or one batch of 40 records.
		let items = workload["itemsPerExtrinsic"].as_u64().unwrap_or(0);
		assert_eq!(outcome["submitted"].as_u64().unwrap_or(0) * items, 40, "{name}: {outcome}");
		assert_eq!(outcome["included"], outcome["submitted"], "{name}: {outcome}");
		assert_eq!(outcome["failed"], 0, "{name}: {outcome}");
		assert!(outcome["includedPerSecond"].as_f64().unwrap_or(0.0) > 0.0, "{name}: {outcome}");
		assert!(outcome["finality"]["p50Ms"].as_f64().unwrap_or(0.0) > 0.0, "{name}: {outcome}");
	}
	// Each anchored record (alone or in a batch) and each grant adds state; the revocations
	// remove grants.
	assert!(workloads[1]["stateBytesPerSuccess"].as_f64().unwrap_or(0.0) > 100.0);
	assert_eq!(workloads[2]["itemsPerExtrinsic"], 40);
	assert!(workloads[2]["stateBytesPerSuccess"].as_f64().unwrap_or(0.0) > 40.0 * 100.0);
	assert!(workloads[3]["stateBytesPerSuccess"].as_f64().unwrap_or(0.0) > 50.0);
	assert!(report.contains("`emrPointers.addRecords` carried 40 records each"), "{report}");
	let reads = results["reads"].as_array().expect("read-path results");
	assert_eq!(reads.len(), 3, "system_health, canAccess, recordsOf");
	for read in reads {
		assert_eq!(read["errors"], 0, "{read}");
		assert!(read["latency"]["count"].as_u64().unwrap_or(0) > 10, "{read}");
	}
}

#[test]
fn the_quick_open_loop_finalises_every_transaction_at_each_level() {
	let (report, results) = quick("open-loop", &["--open-loop"]);
	assert!(report.contains("| 50% |"), "no 50 % row:\n{report}");
	assert_eq!(results["capacityMeasured"], true, "{results}");
	let capacity = results["capacity"].as_f64().unwrap_or(0.0);
	assert!(capacity > 0.0, "{results}");
	let levels = results["levels"].as_array().expect("a list of levels");
	let percents: Vec<u64> = levels.iter().filter_map(|l| l["percent"].as_u64()).collect();
	assert_eq!(percents, [10, 50, 90]);
	for level in levels {
		// Sent at the level's share of the capacity, every one of them final.
		let expected = capacity * level["percent"].as_f64().unwrap_or(0.0) / 100.0;
		assert!((level["rate"].as_f64().unwrap_or(0.0) - expected).abs() < 1e-6, "{level}");
		let outcome = &level["outcome"];
		assert!(outcome["submitted"].as_u64().unwrap_or(0) > 0, "{level}");
		assert_eq!(outcome["refused"], 0, "{level}");
		assert_eq!(outcome["failed"], 0, "{level}");
		assert_eq!(outcome["finality"]["count"], outcome["submitted"], "{level}");
		assert!(outcome["finality"]["p50Ms"].as_f64().unwrap_or(0.0) > 0.0, "{level}");
	}
}
