//! The noisy neighbour: honest accounts send ordinary domain transactions at a steady rate,
//! first alone ("quiet"), then while one registered integration account floods the node with
//! the heaviest and the largest transactions it may sign ("flooded"). What is compared is the
//! honest transactions' submit → inclusion latency, and whether any of them was refused.

use std::{
	collections::{BTreeMap, HashMap},
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use codec::Encode;
use frame_support::dispatch::GetDispatchInfo;
use medchain_runtime::{AccountId, Hash, Runtime, RuntimeCall};
use serde_json::json;
use sp_core::{sr25519, Pair};

use crate::{chain::Chain, rpc::Rpc, stats::Latency, throughput::Workload};

/// The flooding account's transactions: the heaviest and the largest it may sign.
pub struct Flood {
	/// Who floods: an integration account (the largest budget).
	pub signer: sr25519::Pair,
	/// `utility.forceBatch` of failing `emrPointers.eraseRecord` calls: each charged at its
	/// worst case (17.9 ms) whether it fails or not; as many as one extrinsic may carry.
	pub heavy: RuntimeCall,
	/// `system.remark` as long as one extrinsic may be.
	pub large: RuntimeCall,
}

impl Flood {
	/// The flood for `signer`.
	pub fn new(signer: sr25519::Pair) -> Flood {
		let weights = <Runtime as frame_system::Config>::BlockWeights::get();
		let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
		let limit = normal.max_extrinsic.unwrap_or(weights.max_block).ref_time() * 9 / 10;
		let erase =
			RuntimeCall::EmrPointers(pallet_emr_pointers::Call::erase_record { record: u64::MAX });
		let batch = |n: usize| {
			RuntimeCall::Utility(pallet_utility::Call::force_batch {
				calls: vec![erase.clone(); n],
			})
		};
		let mut n = 1;
		while batch(n + 1).get_dispatch_info().total_weight().ref_time() <= limit {
			n += 1;
		}
		let lengths = <Runtime as frame_system::Config>::BlockLength::get();
		let longest = *lengths.max.get(frame_support::dispatch::DispatchClass::Normal) as usize;
		let large = RuntimeCall::System(frame_system::Call::remark {
			remark: vec![0xf1; longest * 8 / 10],
		});
		Flood { signer, heavy: batch(n), large }
	}
}

/// One phase's figures.
#[derive(Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
	/// "quiet" or "flooded".
	pub name: String,
	/// Honest transactions sent.
	pub honest_sent: usize,
	/// Of them, refused by the pool.
	pub honest_refused: usize,
	/// Of them, included in a block.
	pub honest_included: usize,
	/// Of them, included but failed.
	pub honest_failed: usize,
	/// Their submit → inclusion latency.
	pub honest_inclusion: Latency,
	/// Flood transactions the pool accepted.
	pub flood_accepted: usize,
	/// Flood transactions included in a block.
	pub flood_included: usize,
	/// Flood submissions the pool refused, by reason.
	pub flood_refused: BTreeMap<String, usize>,
	/// The first honest refusal, if any.
	pub first_honest_refusal: Option<String>,
}

/// Runs one phase: `honest` sent at `rate` a second (each at its time, on its own
/// connection) while `flood` (if any) floods; waits until every accepted honest transaction
/// is in a block, or `timeout`.
pub fn run(
	port: u16,
	name: &str,
	honest: &Workload,
	rate: f64,
	flood: Option<&Flood>,
	timeout: Duration,
) -> Result<Phase, String> {
	let mut chain = Chain::connect(port)?;
	let stop = Arc::new(AtomicBool::new(false));
	let flood_hashes = Arc::new(Mutex::new(Vec::<Hash>::new()));
	let flood_refused = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
	let flooder = flood.map(|flood| {
		let (stop, hashes, refused) = (stop.clone(), flood_hashes.clone(), flood_refused.clone());
		let signer = flood.signer.clone();
		let calls = [flood.heavy.clone(), flood.large.clone()];
		let (genesis, versions) = (chain.genesis, chain.versions);
		std::thread::spawn(move || {
			flood_until(port, signer, calls, genesis, versions, &stop, hashes, refused)
		})
	});

	let index: HashMap<Hash, usize> = honest
		.extrinsics
		.iter()
		.enumerate()
		.map(|(i, xt)| (Hash::from(sp_io::hashing::blake2_256(xt)), i))
		.collect();
	let count = honest.extrinsics.len();
	let submitted: Arc<Mutex<Vec<Option<Instant>>>> = Arc::new(Mutex::new(vec![None; count]));
	let refusals: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
	let sender = {
		let (submitted, refusals) = (submitted.clone(), refusals.clone());
		let extrinsics: Vec<String> =
			honest.extrinsics.iter().map(|xt| format!("0x{}", hex::encode(xt))).collect();
		std::thread::spawn(move || {
			let mut rpc = Rpc::new(port);
			let start = Instant::now();
			for (i, xt) in extrinsics.iter().enumerate() {
				let due = start + Duration::from_secs_f64(i as f64 / rate);
				if let Some(wait) = due.checked_duration_since(Instant::now()) {
					std::thread::sleep(wait);
				}
				let sent = Instant::now();
				match rpc.call("author_submitExtrinsic", json!([xt])) {
					Ok(_) => submitted.lock().expect("not poisoned")[i] = Some(sent),
					Err(error) => refusals.lock().expect("not poisoned").push(error.to_string()),
				}
			}
		})
	};

	let mut included: Vec<Option<Instant>> = vec![None; count];
	let mut failed = 0;
	let mut flood_included = 0;
	let mut next = chain.best_number()? + 1;
	let started = Instant::now();
	loop {
		let best = chain.best_number()?;
		for number in next..=best {
			let block = chain.block(number)?;
			let seen = Instant::now();
			let flood_hashes = flood_hashes.lock().expect("not poisoned");
			for (position, hash) in block.extrinsics.iter().enumerate() {
				if let Some(&i) = index.get(hash) {
					included[i] = Some(seen);
					if block.failed.contains(&(position as u32)) {
						failed += 1;
					}
				} else if flood_hashes.contains(hash) {
					flood_included += 1;
				}
			}
		}
		next = next.max(best + 1);
		let sent_all = sender.is_finished();
		let accepted = submitted.lock().expect("not poisoned").iter().flatten().count();
		let landed = included.iter().flatten().count();
		if (sent_all && landed >= accepted) || started.elapsed() > timeout {
			break;
		}
		std::thread::sleep(Duration::from_millis(50));
	}
	stop.store(true, Ordering::Relaxed);
	sender.join().map_err(|_| "the honest sender panicked".to_string())?;
	if let Some(flooder) = flooder {
		flooder.join().map_err(|_| "the flooder panicked".to_string())?;
	}

	let submitted = submitted.lock().expect("not poisoned");
	let latencies: Vec<Duration> = submitted
		.iter()
		.zip(&included)
		.filter_map(|(sent, seen)| Some(seen.as_ref()?.saturating_duration_since((*sent)?)))
		.collect();
	let refusals = refusals.lock().expect("not poisoned");
	let flood_accepted = flood_hashes.lock().expect("not poisoned").len();
	let flood_refused = flood_refused.lock().expect("not poisoned").clone();
	Ok(Phase {
		name: name.into(),
		honest_sent: count,
		honest_refused: refusals.len(),
		honest_included: included.iter().flatten().count(),
		honest_failed: failed,
		honest_inclusion: Latency::of(&latencies),
		flood_accepted,
		flood_included,
		flood_refused,
		first_honest_refusal: refusals.first().cloned(),
	})
}

/// Submits `calls` in turn from `signer` as fast as the pool takes them until `stop`: each
/// refusal is counted by its reason and the same transaction tried again after a pause; the
/// nonce is taken from the pool again after a refusal, in case the pool dropped one of ours.
#[allow(clippy::too_many_arguments)]
fn flood_until(
	port: u16,
	signer: sr25519::Pair,
	calls: [RuntimeCall; 2],
	genesis: Hash,
	versions: (u32, u32),
	stop: &AtomicBool,
	hashes: Arc<Mutex<Vec<Hash>>>,
	refused: Arc<Mutex<BTreeMap<String, usize>>>,
) {
	let mut rpc = Rpc::new(port);
	let who = AccountId::from(signer.public()).to_string();
	let next_nonce = |rpc: &mut Rpc| {
		rpc.call("system_accountNextIndex", json!([who]))
			.ok()
			.and_then(|n| n.as_u64())
			.and_then(|n| u32::try_from(n).ok())
	};
	let Some(mut nonce) = next_nonce(&mut rpc) else { return };
	while !stop.load(Ordering::Relaxed) {
		let call = calls[nonce as usize % calls.len()].clone();
		let xt = medchain_runtime::sign_extrinsic(&signer, call, nonce, genesis, versions).encode();
		match rpc.call("author_submitExtrinsic", json!([format!("0x{}", hex::encode(&xt))])) {
			Ok(_) => {
				hashes
					.lock()
					.expect("not poisoned")
					.push(Hash::from(sp_io::hashing::blake2_256(&xt)));
				nonce += 1;
			},
			Err(error) => {
				let reason = reason_of(&error.to_string());
				*refused.lock().expect("not poisoned").entry(reason).or_default() += 1;
				std::thread::sleep(Duration::from_millis(200));
				if let Some(next) = next_nonce(&mut rpc) {
					nonce = next;
				}
			},
		}
	}
}

/// A refusal's reason as the gate's codes name it (docs/consortium.md).
fn reason_of(error: &str) -> String {
	let codes = [
		("Custom error: 2", "rate limited (2)"),
		("Custom error: 4", "exceeds budget (4)"),
		("Custom error: 5", "too many pending (5)"),
		("Custom error: 3", "call not allowed (3)"),
	];
	codes
		.iter()
		.find(|(needle, _)| error.contains(needle))
		.map_or_else(|| error.chars().take(80).collect(), |(_, name)| name.to_string())
}

/// The comparison as Markdown (docs/PERFORMANCE.md takes it as it is).
pub fn report(quiet: &Phase, flooded: &Phase, rate: f64, flood: &Flood) -> String {
	let heavy = flood.heavy.get_dispatch_info().total_weight().ref_time() as f64 / 1e9;
	let large = flood.large.encoded_size() as f64 / 1_048_576.0;
	let mut out = format!(
		"## Noisy neighbour ({rate:.0} honest transactions/s; the flood: {heavy:.0} ms and {large:.1} MiB transactions)\n\n\
		 | phase | honest sent | refused | included | failed | inclusion p50 / p99 ms | flood accepted | flood included | flood refused |\n\
		 |---|---|---|---|---|---|---|---|---|\n"
	);
	for p in [quiet, flooded] {
		let refused: Vec<String> =
			p.flood_refused.iter().map(|(why, n)| format!("{n} {why}")).collect();
		out += &format!(
			"| {} | {} | {} | {} | {} | {:.0} / {:.0} | {} | {} | {} |\n",
			p.name,
			p.honest_sent,
			p.honest_refused,
			p.honest_included,
			p.honest_failed,
			p.honest_inclusion.p50_ms,
			p.honest_inclusion.p99_ms,
			p.flood_accepted,
			p.flood_included,
			if refused.is_empty() { "–".into() } else { refused.join(", ") },
		);
	}
	let ratio = |a: f64, b: f64| if a > 0.0 { b / a } else { 0.0 };
	out += &format!(
		"\nflooded / quiet: p50 {:.2}, p99 {:.2}\n",
		ratio(quiet.honest_inclusion.p50_ms, flooded.honest_inclusion.p50_ms),
		ratio(quiet.honest_inclusion.p99_ms, flooded.honest_inclusion.p99_ms),
	);
	out
}
