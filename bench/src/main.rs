//! `medchain-bench`: a throughput and latency benchmark of a running medchain node.
//!
//! It starts `medchain-node --dev` (fresh state, loopback), registers a cast of accounts in
//! the dev chain's demo consortium, then for each workload pre-signs N extrinsics from K
//! accounts, submits them over JSON-RPC and measures, from the blocks, how many were included
//! a second, their submit → inclusion and submit → finality latency, the pool and the node's
//! CPU. Then the read path at a fixed rate, and the state each record and grant adds.
//! `--open-loop` measures latency at a steady load instead (`open_loop`), on a dev node or
//! on a running network (`--connect`). docs/PERFORMANCE.md has the figures and how to run
//! it; `--quick` is the CI smoke run.

mod chain;
mod ethereum;
mod neighbour;
mod node;
mod open_loop;
mod reads;
mod rpc;
mod scale;
mod stats;
mod throughput;
mod workloads;

use std::{path::PathBuf, process::ExitCode, time::Duration};

use clap::Parser;
use serde_json::{json, Value};
use sp_core::Pair;

use crate::{
	chain::Chain,
	node::DevNode,
	throughput::{Outcome, Pace, Workload},
	workloads::Cast,
};

/// Command-line options.
#[derive(Debug, Parser)]
#[command(about = "Throughput and latency of a medchain dev node, measured from its blocks")]
struct Options {
	/// The medchain-node binary to start (`--dev`, fresh state, loopback ports). Default:
	/// `$CARGO_TARGET_DIR/release/medchain-node` (`target/` without the variable).
	#[arg(long)]
	node: Option<PathBuf>,
	/// Extrinsics per workload.
	#[arg(long, default_value_t = 6_000)]
	count: usize,
	/// Accounts signing each workload (each one's nonces in order).
	#[arg(long, default_value_t = 100)]
	accounts: usize,
	/// Most extrinsics in flight (sent, not yet in a block).
	#[arg(long, default_value_t = 8_000)]
	window: usize,
	/// Requests a second of the read-path measurements.
	#[arg(long, default_value_t = 200)]
	read_rate: u32,
	/// Seconds each read-path query runs.
	#[arg(long, default_value_t = 10)]
	read_seconds: u64,
	/// Connections the read-path requests share (one thread each).
	#[arg(long, default_value_t = 1)]
	read_connections: usize,
	/// Run the read path while `--count` more records are anchored (a write load), not after
	/// the workloads; the load is reported as its own row.
	#[arg(long)]
	reads_under_load: bool,
	/// Seconds a workload may take before the run gives up on it.
	#[arg(long, default_value_t = 300)]
	timeout: u64,
	/// A smoke run in seconds (few accounts and extrinsics): CI keeps the tool working with it.
	#[arg(long)]
	quick: bool,
	/// Also measure query cost with 10⁴ and with 10⁶ records in state (a few minutes and
	/// about 2 GiB of memory; not part of `--quick`).
	#[arg(long)]
	scale: bool,
	/// Also write the results as JSON to this file.
	#[arg(long)]
	json: Option<PathBuf>,
	/// Instead of the throughput runs: the noisy-neighbour measurement. `--accounts` honest
	/// doctors anchor records at `--honest-rate` a second for `--phase-seconds`, first alone,
	/// then while an integration account floods the node with the heaviest and largest
	/// transactions it may sign.
	#[arg(long)]
	noisy_neighbour: bool,
	/// Honest transactions a second in the noisy-neighbour measurement.
	#[arg(long, default_value_t = 25.0)]
	honest_rate: f64,
	/// Seconds each noisy-neighbour phase, and each open-loop level, sends for.
	#[arg(long, default_value_t = 60)]
	phase_seconds: u64,
	/// Instead of the throughput runs: the open-loop latency measurement. `--accounts`
	/// doctors anchor records and as many patients grant consent (3:1) at a steady rate, at
	/// each of `--levels` percent of the capacity for `--phase-seconds`; each transaction's
	/// submit → in a block → finalised, in milliseconds and in slots.
	#[arg(long)]
	open_loop: bool,
	/// The open-loop load levels, in percent of the capacity.
	#[arg(long, value_delimiter = ',', default_values_t = [10, 50, 90])]
	levels: Vec<u32>,
	/// The capacity (included transactions a second of the open-loop mix) the levels are
	/// fractions of. Without it, `--count` transactions of the mix in a closed loop measure it
	/// first.
	#[arg(long)]
	capacity: Option<f64>,
	/// With `--open-loop`: measure the node already answering JSON-RPC on this port of
	/// 127.0.0.1 (alice's of `scripts/local-network.sh` is 9944) instead of starting a dev
	/// node. The chain must have the demo consortium and not yet the bench's accounts.
	#[arg(long, requires = "open_loop")]
	connect: Option<u16>,
	/// With `--open-loop`: then run the same mix, levels and harness on the Ethereum peer (an
	/// anvil node with seed S3's record contract; `scripts/bench.sh --ethereum` installs and
	/// compiles them) and put the two side by side. Its capacity is always measured.
	#[arg(long, requires = "open_loop")]
	ethereum: bool,
	/// Where the Ethereum peer's npm packages and compiled contract are (`node_modules/`,
	/// `build/MedicalRecords.bin`).
	#[arg(long, default_value = "bench/ethereum")]
	ethereum_dir: PathBuf,
	/// The Ethereum peer's block gas limit (anvil's default, 30,000,000, without it): a
	/// higher one shows what the peer does when its gas does not bind first.
	#[arg(long, requires = "ethereum")]
	ethereum_gas_limit: Option<u64>,
	/// Keep the node's directory (a new one) with the grown chain's database under `db/`,
	/// for `medchain-node benchmark storage --dev --base-path DIR/db`.
	#[arg(long)]
	keep_database: Option<PathBuf>,
}

/// State bytes (keys + values, as `state_getPairs` lists them; trie nodes not counted) under
/// a pallet's prefix.
fn pallet_state_bytes(chain: &mut Chain, pallet: &str) -> Result<u64, String> {
	let prefix = format!("0x{}", hex::encode(sp_io::hashing::twox_128(pallet.as_bytes())));
	let pairs = chain
		.rpc
		.call("state_getPairs", json!([prefix]))
		.map_err(|e| format!("state_getPairs: {e}"))?;
	let hex_len = |v: &Value| v.as_str().map_or(0, |s| (s.len() as u64).saturating_sub(2) / 2);
	Ok(pairs
		.as_array()
		.map_or(0, |pairs| pairs.iter().map(|p| hex_len(&p[0]) + hex_len(&p[1])).sum()))
}

/// A workload's outcome and the state it added.
struct Measured {
	outcome: Outcome,
	state_bytes_per_success: Option<f64>,
	/// What each extrinsic carried (a batch's records).
	items: usize,
}

fn measure(
	node: &DevNode,
	options: &Options,
	workload: Workload,
	state_of: Option<(&mut Chain, &str)>,
) -> Result<Measured, String> {
	eprintln!("[bench] {}: {} extrinsics", workload.name, workload.extrinsics.len());
	let items = workload.items;
	let (before, pallet) = match state_of {
		Some((chain, pallet)) => (Some(pallet_state_bytes(chain, pallet)?), Some(pallet)),
		None => (None, None),
	};
	let outcome = throughput::run(
		node.rpc_port,
		Some(node.pid()),
		&workload,
		Pace::Window(options.window),
		Duration::from_secs(options.timeout),
	)?;
	let state_bytes_per_success = match (before, pallet) {
		(Some(before), Some(pallet)) => {
			let mut chain = Chain::connect(node.rpc_port)?;
			let after = pallet_state_bytes(&mut chain, pallet)?;
			let successes = outcome.included.saturating_sub(outcome.failed);
			// Signed: revocations remove state.
			(successes > 0).then(|| (after as f64 - before as f64) / successes as f64)
		},
		_ => None,
	};
	eprintln!(
		"[bench]   {:.0} included/s, inclusion p50 {:.0} ms, finality p50 {:.0} ms, {} failed, {} refused",
		outcome.included_per_second,
		outcome.inclusion.p50_ms,
		outcome.finality.p50_ms,
		outcome.failed,
		outcome.refused
	);
	if let Some(refusal) = &outcome.first_refusal {
		eprintln!("[bench]   first refusal: {refusal}");
	}
	Ok(Measured { outcome, state_bytes_per_success, items })
}

/// Starts the dev node the run measures.
fn start_node(options: &Options) -> Result<DevNode, String> {
	let binary = options.node.clone().unwrap_or_else(|| {
		let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
		PathBuf::from(target).join("release/medchain-node")
	});
	// polkadot-sdk's fork-aware pool keeps a transaction until its block is finalised: room
	// for a window in flight and as many included, not yet final.
	let node = DevNode::start(
		&binary,
		2 * options.window.max(8_192) + 2_000,
		options.keep_database.as_deref(),
	)?;
	eprintln!(
		"[bench] {} --dev on 127.0.0.1:{} (pid {})",
		binary.display(),
		node.rpc_port,
		node.pid()
	);
	Ok(node)
}

fn run(options: &Options) -> Result<bool, String> {
	if options.open_loop {
		return open_loop(options);
	}
	let mut node = start_node(options)?;
	let mut chain = Chain::connect(node.rpc_port)?;
	let k = options.accounts.max(1);
	if options.noisy_neighbour {
		return noisy_neighbour(options, &mut node, &mut chain, k);
	}
	let per_account = options.count.div_ceil(k);
	let max_grants = workloads::grant_room(k);
	let max_pending = pallet_consortium::extension::MAX_PENDING as usize;
	if per_account > max_pending {
		return Err(format!(
			"{per_account} extrinsics per account exceed what the pool takes of one account ({max_pending}): use more --accounts"
		));
	}
	if per_account > max_grants {
		return Err(format!(
			"{} grants per patient exceed what the runtime's bounds leave ({max_grants}): use more --accounts",
			per_account
		));
	}
	eprintln!("[bench] registering {k} doctors, {k} patients, {k} engineers with {per_account} devices each");
	let cast = Cast::register(&mut chain, k, per_account)?;
	let count = per_account * k;

	let mut results = Vec::new();
	results.push(measure(&node, options, workloads::remarks(&mut chain, &cast, count)?, None)?);
	let anchors = workloads::emr_anchors(&mut chain, &cast, count, 1)?;
	results.push(measure(&node, options, anchors, Some((&mut chain, "EmrPointers")))?);
	// The same number of records in batches, from enough integration accounts that their
	// budgets (docs/consortium.md) do not bind: 10 full batches each a window.
	let batches = count / workloads::max_batch_records().min(count).max(1);
	let engines = workloads::integration_accounts(&mut chain, batches.div_ceil(10))?;
	let batched = workloads::batched_anchors(&mut chain, &cast, &engines, count, 2)?;
	results.push(measure(&node, options, batched, Some((&mut chain, "EmrPointers")))?);
	let grants = workloads::consent_grants(&mut chain, &cast, count)?;
	results.push(measure(&node, options, grants, Some((&mut chain, "AccessControl")))?);
	let revocations = workloads::consent_revocations(&mut chain, &cast)?;
	results.push(measure(&node, options, revocations, Some((&mut chain, "AccessControl")))?);
	let custody = workloads::custody_changes(&mut chain, &cast, count)?;
	results.push(measure(&node, options, custody, None)?);
	let now = chain.now_ms()?;
	let reports = workloads::adverse_events(&mut chain, &cast, count, now)?;
	results.push(measure(&node, options, reports, None)?);
	// The baseline again, on the state the workloads left.
	results.push(measure(&node, options, workloads::remarks(&mut chain, &cast, count)?, None)?);

	// The read path: a consent check and a paged query, against system_health.
	let patient = cast.patients[0].public();
	let patient = medchain_runtime::AccountId::from(patient).to_string();
	let doctor = medchain_runtime::AccountId::from(cast.doctors[0].public()).to_string();
	let records = chain
		.rpc
		.call("medchain_recordsOf", json!([patient, patient]))
		.map_err(|e| format!("medchain_recordsOf: {e}"))?;
	let record = records[0]["id"].as_u64().ok_or(format!("patient 0 has no record: {records}"))?;
	eprintln!(
		"[bench] read path at {} requests/s over {} connection(s), {} s each{}",
		options.read_rate,
		options.read_connections.max(1),
		options.read_seconds,
		if options.reads_under_load { ", while records are anchored" } else { "" }
	);
	let queries = [
		("medchain_canAccess", json!([doctor, record])),
		("medchain_recordsOf", json!([patient, patient])),
	];
	let port = node.rpc_port;
	let (rate, seconds) = (options.read_rate, Duration::from_secs(options.read_seconds));
	let read = || reads::run(port, &queries, rate, seconds, options.read_connections);
	let read_outcomes = if options.reads_under_load {
		let load = workloads::emr_anchors(&mut chain, &cast, count, 3)?;
		let (outcomes, load) = std::thread::scope(|scope| {
			let readers = scope.spawn(read);
			let load = measure(&node, options, load, None);
			(readers.join(), load)
		});
		let mut load = load?;
		load.outcome.name = "emrPointers.addRecord (the write load under the reads)".into();
		results.push(load);
		outcomes.map_err(|_| "a read-path thread panicked".to_string())?
	} else {
		read()
	};
	let database_bytes = node.database_bytes();
	node.stop();
	if let Some(dir) = &options.keep_database {
		eprintln!("[bench] the chain's database is kept in {}", dir.join("db").display());
	}
	let scale = if options.scale { scale::run(&[10_000, 1_000_000], 2_000)? } else { Vec::new() };

	let report = report(&results, &read_outcomes, &scale, database_bytes, options);
	println!("{report}");
	if let Some(path) = &options.json {
		let json = json!({
			"workloads": results.iter().map(|m| json!({
				"outcome": m.outcome,
				"stateBytesPerSuccess": m.state_bytes_per_success,
				"itemsPerExtrinsic": m.items,
			})).collect::<Vec<_>>(),
			"reads": read_outcomes,
			"scale": scale,
			"databaseBytes": database_bytes,
		});
		std::fs::write(path, serde_json::to_string_pretty(&json).expect("serialisable"))
			.map_err(|e| format!("{}: {e}", path.display()))?;
	}
	// A run is good when every extrinsic was included, none failed, and every query answered.
	let workloads_ok = results.iter().all(|m| {
		m.outcome.failed == 0 && m.outcome.refused == 0 && m.outcome.included == m.outcome.submitted
	});
	let reads_ok = read_outcomes.iter().all(|r| r.errors == 0 && r.latency.count > 0);
	Ok(workloads_ok && reads_ok)
}

/// The open-loop measurement (see [`open_loop`]) on a dev node it starts, or on the node at
/// `--connect`; a good run has every transaction it sent finalised, none refused or failed.
fn open_loop(options: &Options) -> Result<bool, String> {
	let k = options.accounts.max(1);
	let seconds = options.phase_seconds;
	open_loop::check_grant_budget(k, options.count, options.capacity, &options.levels, seconds)?;
	let mut node = match options.connect {
		Some(_) => None,
		None => Some(start_node(options)?),
	};
	let port = match (options.connect, &node) {
		(Some(port), _) => port,
		(None, Some(node)) => node.rpc_port,
		(None, None) => unreachable!("a node was started when none was given"),
	};
	let mut chain = Chain::connect(port)?;
	let network = chain
		.rpc
		.call("system_chain", json!([]))
		.map_err(|e| format!("system_chain: {e}"))?
		.as_str()
		.map_or_else(|| "an unnamed chain".to_string(), |name| format!("the {name} chain"));
	eprintln!("[bench] {network} on 127.0.0.1:{port}: registering {k} doctors and {k} patients");
	let cast = Cast::register(&mut chain, k, 0)?;
	let measurement = open_loop::run(
		&mut chain,
		port,
		node.as_ref().map(DevNode::pid),
		&cast,
		options.capacity,
		(options.count, options.window),
		&options.levels,
		seconds,
		Duration::from_secs(seconds + options.timeout),
	);
	if let Some(node) = &mut node {
		node.stop();
	}
	let measurement = measurement?;
	println!("{}", open_loop::report(&measurement, &network));
	let peer = if options.ethereum { Some(ethereum_peer(options)?) } else { None };
	if let Some((peer, name)) = &peer {
		println!("{}", open_loop::report(peer, name));
		println!("{}", open_loop::compare(&measurement, peer, name));
	}
	if let Some(path) = &options.json {
		let json = match &peer {
			Some((peer, name)) => {
				json!({ "medchain": measurement, "ethereum": peer, "peer": name })
			},
			None => json!(measurement),
		};
		std::fs::write(path, serde_json::to_string_pretty(&json).expect("serialisable"))
			.map_err(|e| format!("{}: {e}", path.display()))?;
	}
	Ok(open_loop::all_final(&measurement) && peer.is_none_or(|(p, _)| open_loop::all_final(&p)))
}

/// The open-loop measurement on the Ethereum peer (see [`ethereum`]): an anvil node it
/// starts, with as many doctors and patients as medchain's run; the measurement and the
/// peer's name.
fn ethereum_peer(options: &Options) -> Result<(open_loop::Measurement, String), String> {
	let dir = &options.ethereum_dir;
	let binary = ethereum::anvil_binary(dir)?;
	let bytecode = std::fs::read_to_string(dir.join("build/MedicalRecords.bin")).map_err(|e| {
		format!("{}: {e} (scripts/bench.sh --ethereum compiles it)", dir.join("build").display())
	})?;
	let k = options.accounts.max(1);
	let name = format!(
		"{} (anvil, a block a slot, seed S3's contract)",
		ethereum::Anvil::version(&binary)
	);
	eprintln!("[bench] the Ethereum peer: {name}, {k} doctors and {k} patients");
	let anvil = ethereum::Anvil::start(&binary, 2 * k + 1, options.ethereum_gas_limit)?;
	let mut peer = ethereum::Peer::set_up(&anvil, &bytecode, k)?;
	let levels = open_loop::Levels {
		capacity: None,
		burst: (options.count, options.window),
		percents: &options.levels,
		seconds: options.phase_seconds,
	};
	let timeout = Duration::from_secs(options.phase_seconds + options.timeout);
	let measurement = open_loop::measure(
		&levels,
		k,
		|_| Ok(()),
		|count, run, pace| {
			let params = peer.mixed(count, run)?;
			peer.send(params, pace, timeout)
		},
	)?;
	Ok((measurement, name))
}

/// The noisy-neighbour measurement (see [`neighbour`]); a good run refuses no honest
/// transaction and includes every one.
fn noisy_neighbour(
	options: &Options,
	node: &mut DevNode,
	chain: &mut Chain,
	k: usize,
) -> Result<bool, String> {
	eprintln!("[bench] registering {k} doctors with their patients, and an integration account");
	let cast = Cast::register(chain, k, 0)?;
	let flood = neighbour::Flood::new(workloads::integration_accounts(chain, 1)?.remove(0));
	let per_phase = (options.honest_rate * options.phase_seconds as f64).ceil() as usize;
	let timeout = Duration::from_secs(options.phase_seconds + options.timeout);
	let mut phases = Vec::new();
	for (run, name) in [(1, "quiet"), (2, "flooded")] {
		eprintln!("[bench] {name}: {per_phase} honest transactions at {}/s", options.honest_rate);
		let honest = workloads::emr_anchors(chain, &cast, per_phase, run)?;
		let flooding = (name == "flooded").then_some(&flood);
		phases.push(neighbour::run(
			node.rpc_port,
			name,
			&honest,
			options.honest_rate,
			flooding,
			timeout,
		)?);
	}
	node.stop();
	println!("{}", neighbour::report(&phases[0], &phases[1], options.honest_rate, &flood));
	if let Some(path) = &options.json {
		std::fs::write(path, serde_json::to_string_pretty(&phases).expect("serialisable"))
			.map_err(|e| format!("{}: {e}", path.display()))?;
	}
	for phase in &phases {
		if let Some(refusal) = &phase.first_honest_refusal {
			eprintln!("[bench] {}: an honest transaction was refused: {refusal}", phase.name);
		}
	}
	Ok(phases.iter().all(|p| {
		p.honest_refused == 0 && p.honest_failed == 0 && p.honest_included == p.honest_sent
	}))
}

/// The results as Markdown tables (docs/PERFORMANCE.md takes them as they are).
fn report(
	results: &[Measured],
	reads: &[reads::ReadOutcome],
	scale: &[scale::ScaleOutcome],
	database_bytes: u64,
	options: &Options,
) -> String {
	let baseline: Vec<f64> = results
		.iter()
		.filter(|m| m.outcome.name == "system.remark")
		.map(|m| m.outcome.included_per_second)
		.collect();
	let baseline = baseline.iter().sum::<f64>() / baseline.len().max(1) as f64;
	let mut out = format!(
		"## Throughput ({} extrinsics a workload from {} accounts)\n\n\
		 | workload | included/s | vs remark | inclusion p50 / p99 ms | finality p50 / p99 ms | blocks | most in a block | pool max | node CPU | failed | state bytes each |\n\
		 |---|---|---|---|---|---|---|---|---|---|---|\n",
		results.first().map_or(0, |m| m.outcome.submitted),
		options.accounts
	);
	for m in results {
		let o = &m.outcome;
		out += &format!(
			"| `{}` | {:.0} | {:.2} | {:.0} / {:.0} | {:.0} / {:.0} | {} | {} | {} | {} | {} | {} |\n",
			o.name,
			o.included_per_second,
			if baseline > 0.0 { o.included_per_second / baseline } else { 0.0 },
			o.inclusion.p50_ms,
			o.inclusion.p99_ms,
			o.finality.p50_ms,
			o.finality.p99_ms,
			o.blocks,
			o.most_in_a_block,
			o.pool_max,
			o.node_cpu_percent.map_or("–".into(), |c| format!("{c:.0}%")),
			o.failed + o.refused + (o.submitted - o.included.min(o.submitted)),
			m.state_bytes_per_success.map_or("–".into(), |b| format!("{b:.0}")),
		);
	}
	// A batch counts once in the table; what it carried, here.
	for m in results.iter().filter(|m| m.items > 1) {
		let o = &m.outcome;
		out += &format!(
			"\n`{}` carried {} records each: **{:.0} records/s** ({:.2} × the remarks/s), {} state bytes a record.\n",
			o.name,
			m.items,
			o.included_per_second * m.items as f64,
			if baseline > 0.0 { o.included_per_second * m.items as f64 / baseline } else { 0.0 },
			m.state_bytes_per_success.map_or("–".into(), |b| format!("{:.0}", b / m.items as f64)),
		);
	}
	out += &format!(
		"\n## Read path ({} requests/s over {} connection(s){})\n\n\
		 | method | achieved/s | p50 ms | p99 ms | p50 vs system_health | p99 vs system_health | errors |\n\
		 |---|---|---|---|---|---|---|\n",
		options.read_rate,
		options.read_connections.max(1),
		if options.reads_under_load { ", while records were anchored" } else { "" },
	);
	for r in reads {
		out += &format!(
			"| `{}` | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} |\n",
			r.method,
			r.achieved_rate,
			r.latency.p50_ms,
			r.latency.p99_ms,
			r.p50_vs_health,
			r.p99_vs_health,
			r.errors
		);
	}
	out +=
		&format!("\nDatabase on disk at the end: {:.1} MiB\n", database_bytes as f64 / 1_048_576.0);
	if !scale.is_empty() {
		out += "\n## Query cost against chain size (native runtime code on an in-memory trie)\n\n\
			| records in state | page of a patient's records p50 / p99 µs | point read p50 / p99 µs |\n\
			|---|---|---|\n";
		for s in scale {
			out += &format!(
				"| {} | {:.1} / {:.1} | {:.1} / {:.1} |\n",
				s.records,
				s.page.p50_ms * 1_000.0,
				s.page.p99_ms * 1_000.0,
				s.point_read.p50_ms * 1_000.0,
				s.point_read.p99_ms * 1_000.0
			);
		}
	}
	out
}

fn main() -> ExitCode {
	let mut options = Options::parse();
	if options.quick {
		options.count = 40;
		options.accounts = 4;
		options.read_rate = 50;
		options.read_seconds = 2;
		options.phase_seconds = 3;
		options.timeout = 120;
	}
	match run(&options) {
		Ok(true) => ExitCode::SUCCESS,
		Ok(false) => {
			eprintln!("[bench] some extrinsics were not included, failed or were refused, or a query failed (see above)");
			ExitCode::FAILURE
		},
		Err(error) => {
			eprintln!("[bench] error: {error}");
			ExitCode::FAILURE
		},
	}
}
