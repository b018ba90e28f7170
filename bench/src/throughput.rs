//! One run: pre-signed extrinsics go to the node in JSON-RPC batches, either as fast as its
//! pool takes them (closed loop, at most a window in flight) or at a fixed rate whatever the
//! chain does (open loop, as real users send); a second connection follows the chain block
//! by block. Everything reported comes from the blocks: which extrinsics they hold,
//! which failed, their timestamps, and when each block was seen best and finalised. The same
//! run drives the Ethereum peer (`ethereum`): only the submission method and the follower
//! differ.

use std::{
	collections::{BTreeMap, HashMap},
	sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use medchain_runtime::Hash;
use serde_json::{json, Value};

use crate::{
	chain::{Block, Chain},
	node::cpu_time,
	rpc::Rpc,
	stats::Latency,
};

/// Extrinsics of one kind, signed and encoded, in the order they are sent.
pub struct Workload {
	/// What they do (`system.remark`, `emrPointers.addRecord`, …).
	pub name: String,
	/// The encoded extrinsics.
	pub extrinsics: Vec<Vec<u8>>,
	/// What each extrinsic carries: 1, or a batch's records.
	pub items: usize,
}

/// What one run measured.
#[derive(Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
	/// The workload's name.
	pub name: String,
	/// Extrinsics sent.
	pub submitted: usize,
	/// Sent, but refused by the pool.
	pub refused: usize,
	/// In a block (successful or not).
	pub included: usize,
	/// In a block, but failed (`ExtrinsicFailed`).
	pub failed: usize,
	/// Included extrinsics a second, over the blocks that held them (their timestamps).
	pub included_per_second: f64,
	/// Blocks that held them.
	pub blocks: usize,
	/// Most of them in one block.
	pub most_in_a_block: usize,
	/// Submit → seen in a best block.
	pub inclusion: Latency,
	/// Submit → seen in a finalised block.
	pub finality: Latency,
	/// Seen in a best block → seen finalised.
	pub finality_lag: Latency,
	/// Largest pool size seen (`author_pendingExtrinsics`).
	pub pool_max: usize,
	/// The node's CPU use over the run (100% = one core), if the bench started it.
	pub node_cpu_percent: Option<f64>,
	/// Wall time from the first submission to the last finalisation seen.
	pub seconds: f64,
	/// The first refusal, if any (to say why).
	pub first_refusal: Option<String>,
}

/// A chain the run follows block by block: medchain, or the Ethereum peer.
pub trait Follow {
	/// The best block's number.
	fn best_number(&mut self) -> Result<u32, String>;
	/// The finalised head's number.
	fn finalized_number(&mut self) -> Result<u32, String>;
	/// Block `number` of the best chain: its timestamp, its transactions' ids (the hashes
	/// submission answers with) and which of them failed.
	fn block(&mut self, number: u32) -> Result<Block, String>;
	/// Transactions waiting in the node's pool, if it says.
	fn pending(&mut self) -> Option<usize>;
}

impl Follow for Chain {
	fn best_number(&mut self) -> Result<u32, String> {
		Chain::best_number(self)
	}

	fn finalized_number(&mut self) -> Result<u32, String> {
		Chain::finalized_number(self)
	}

	fn block(&mut self, number: u32) -> Result<Block, String> {
		Chain::block(self, number)
	}

	fn pending(&mut self) -> Option<usize> {
		let pending = self.rpc.call("author_pendingExtrinsics", json!([])).ok()?;
		pending.as_array().map(Vec::len)
	}
}

/// What is sent: one JSON-RPC method (which answers with the transaction's hash) and each
/// transaction's parameters, in the order they are sent.
pub struct Submission<'a> {
	/// `author_submitExtrinsic`, `eth_sendTransaction`.
	pub method: &'static str,
	/// What it is (`system.remark`, …).
	pub name: &'a str,
	/// Each transaction's parameters.
	pub params: Vec<Value>,
}

#[derive(Default)]
struct Tracking {
	/// Transaction index by the id its submission answered with.
	index: HashMap<Hash, usize>,
	/// Ids seen in a block before their submission's answer arrived (and ids not ours, such
	/// as inherents): when seen, in which block, whether failed.
	unmatched: HashMap<Hash, (Instant, u32, bool)>,
	/// Inclusions matched since the follower last counted them (block number, transaction):
	/// by the follower in a block, or by the submitter for an id already seen in one.
	matched: Vec<(u32, usize)>,
	submitted_at: Vec<Option<Instant>>,
	submitted: usize,
	included_at: Vec<Option<(Instant, u32)>>,
	finalized_at: Vec<Option<Instant>>,
	finalized: usize,
	failed: usize,
	refused: usize,
	first_refusal: Option<String>,
	pool_max: usize,
}

/// How extrinsics are sent.
#[derive(Clone, Copy, Debug)]
pub enum Pace {
	/// Closed loop: as fast as the pool takes them, at most this many sent and not yet in a
	/// block (a capacity measurement).
	Window(usize),
	/// Open loop: extrinsic i is due `i / rate` seconds after the start, sent then whatever
	/// the chain does (a latency measurement at a given load).
	Rate(f64),
}

/// Most extrinsics in one JSON-RPC batch.
pub const BATCH: usize = 250;

/// Runs `workload` against the medchain node on `port` (process `pid`, if known) at `pace`
/// and waits at most `timeout` for every extrinsic to be finalised.
pub fn run(
	port: u16,
	pid: Option<u32>,
	workload: &Workload,
	pace: Pace,
	timeout: Duration,
) -> Result<Outcome, String> {
	let submission = Submission {
		method: "author_submitExtrinsic",
		name: &workload.name,
		params: workload
			.extrinsics
			.iter()
			.map(|xt| json!([format!("0x{}", hex::encode(xt))]))
			.collect(),
	};
	run_on(Chain::connect(port)?, port, pid, submission, pace, timeout)
}

/// A transaction id in JSON: a 32-byte hash in hex, as submission answers with it and
/// blocks list it.
pub fn id_of(answer: &Value) -> Option<Hash> {
	let bytes = hex::decode(answer.as_str()?.trim_start_matches("0x")).ok()?;
	(bytes.len() == 32).then(|| Hash::from_slice(&bytes))
}

/// Sends `submission` to the node on `port` (process `pid`, if known) at `pace`, follows the
/// chain through `chain` and waits at most `timeout` for every transaction to be finalised.
pub fn run_on(
	mut chain: impl Follow,
	port: u16,
	pid: Option<u32>,
	submission: Submission,
	pace: Pace,
	timeout: Duration,
) -> Result<Outcome, String> {
	let count = submission.params.len();
	let tracking = Arc::new(Mutex::new(Tracking {
		submitted_at: vec![None; count],
		included_at: vec![None; count],
		finalized_at: vec![None; count],
		..Default::default()
	}));
	let included = Arc::new(AtomicUsize::new(0));
	let done = Arc::new(AtomicBool::new(false));

	let start_block = chain.best_number()?;
	let mut timestamps: HashMap<u32, u64> = HashMap::new();
	timestamps.insert(start_block, chain.block(start_block)?.timestamp);
	let cpu_start = pid.and_then(cpu_time);
	let started = Instant::now();

	let submitter = {
		let (tracking, included, done) = (tracking.clone(), included.clone(), done.clone());
		let (method, params) = (submission.method, submission.params);
		std::thread::spawn(move || -> Result<(), String> {
			let mut rpc = Rpc::new(port);
			let mut next = 0;
			let start = Instant::now();
			while next < params.len() && !done.load(Ordering::Relaxed) {
				// Up to which extrinsic may go now.
				let allowed = match pace {
					Pace::Window(window) => {
						next + window
							.saturating_sub(next - included.load(Ordering::Relaxed).min(next))
					},
					Pace::Rate(rate) => (start.elapsed().as_secs_f64() * rate) as usize + 1,
				};
				if allowed <= next {
					std::thread::sleep(Duration::from_millis(match pace {
						Pace::Window(_) => 20,
						Pace::Rate(_) => 2,
					}));
					continue;
				}
				let end = allowed.min(next + BATCH).min(params.len());
				let sent = Instant::now();
				let results = rpc.batch(method, &params[next..end]).map_err(|e| e.to_string())?;
				let mut t = tracking.lock().expect("not poisoned");
				for (offset, result) in results.into_iter().enumerate() {
					let i = next + offset;
					match result.map(|answer| id_of(&answer).ok_or(answer)) {
						Ok(Ok(id)) => {
							t.submitted_at[i] = Some(sent);
							t.submitted += 1;
							t.index.insert(id, i);
							// Already in a block the follower has passed.
							if let Some((seen, number, failed)) = t.unmatched.remove(&id) {
								t.included_at[i] = Some((seen, number));
								t.failed += usize::from(failed);
								t.matched.push((number, i));
							}
						},
						Ok(Err(answer)) => {
							t.refused += 1;
							t.first_refusal
								.get_or_insert_with(|| format!("not a transaction hash: {answer}"));
						},
						Err(error) => {
							t.refused += 1;
							t.first_refusal.get_or_insert_with(|| error.to_string());
						},
					}
				}
				next = end;
			}
			Ok(())
		})
	};

	// Follow the chain until every accepted extrinsic is finalised, or the time is up.
	let mut next_best = start_block + 1;
	let mut last_pool_poll = Instant::now() - Duration::from_secs(1);
	// Blocks holding some of them: how many each, and those not yet finalised.
	let mut blocks: BTreeMap<u32, usize> = BTreeMap::new();
	let mut unfinalized: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
	loop {
		let now = Instant::now();
		let best = chain.best_number()?;
		for number in next_best..=best {
			let block = chain.block(number)?;
			let seen = Instant::now();
			timestamps.insert(number, block.timestamp);
			let mut t = tracking.lock().expect("not poisoned");
			for (position, hash) in block.extrinsics.iter().enumerate() {
				let failed = block.failed.contains(&(position as u32));
				match t.index.get(hash).copied() {
					Some(i) => {
						t.included_at[i] = Some((seen, number));
						t.failed += usize::from(failed);
						t.matched.push((number, i));
					},
					None => {
						t.unmatched.insert(*hash, (seen, number, failed));
					},
				}
			}
		}
		next_best = next_best.max(best + 1);
		{
			let mut t = tracking.lock().expect("not poisoned");
			included.fetch_add(t.matched.len(), Ordering::Relaxed);
			for (number, i) in t.matched.drain(..) {
				*blocks.entry(number).or_default() += 1;
				unfinalized.entry(number).or_default().push(i);
			}
		}
		let finalized = chain.finalized_number()?;
		let seen = Instant::now();
		let still = unfinalized.split_off(&(finalized + 1));
		let now_final = std::mem::replace(&mut unfinalized, still);
		if !now_final.is_empty() {
			let mut t = tracking.lock().expect("not poisoned");
			for i in now_final.into_values().flatten() {
				t.finalized += 1;
				t.finalized_at[i] = Some(seen);
			}
		}
		if now.duration_since(last_pool_poll) >= Duration::from_secs(1) {
			last_pool_poll = now;
			if let Some(size) = chain.pending() {
				let mut t = tracking.lock().expect("not poisoned");
				t.pool_max = t.pool_max.max(size);
			}
		}
		// Every extrinsic the pool accepted is finalised (the refused ones never will be).
		let settled = submitter.is_finished() && {
			let t = tracking.lock().expect("not poisoned");
			t.finalized >= t.submitted
		};
		if settled || started.elapsed() > timeout {
			break;
		}
		std::thread::sleep(Duration::from_millis(50));
	}
	done.store(true, Ordering::Relaxed);
	submitter.join().map_err(|_| "the submitter panicked".to_string())??;
	let seconds = started.elapsed().as_secs_f64();
	let node_cpu_percent = match (cpu_start, pid.and_then(cpu_time)) {
		(Some(before), Some(after)) => Some(100.0 * (after - before).as_secs_f64() / seconds),
		_ => None,
	};

	let t = tracking.lock().expect("not poisoned");
	let mut inclusion = Vec::new();
	let mut finality = Vec::new();
	let mut lag = Vec::new();
	for i in 0..count {
		let Some(sent) = t.submitted_at[i] else { continue };
		if let Some((seen, _)) = t.included_at[i] {
			inclusion.push(seen.saturating_duration_since(sent));
			if let Some(final_seen) = t.finalized_at[i] {
				finality.push(final_seen.saturating_duration_since(sent));
				lag.push(final_seen.saturating_duration_since(seen));
			}
		}
	}
	let included_count = t.included_at.iter().flatten().count();
	// The blocks' own clock: from the block before the first that held any of them to the
	// last that did.
	let included_per_second = match (blocks.keys().next(), blocks.keys().next_back()) {
		(Some(&first), Some(&last)) => {
			let from = timestamps.get(&(first - 1)).copied();
			let to = timestamps.get(&last).copied();
			match (from, to) {
				(Some(from), Some(to)) if to > from => {
					included_count as f64 * 1_000.0 / (to - from) as f64
				},
				_ => 0.0,
			}
		},
		_ => 0.0,
	};
	Ok(Outcome {
		name: submission.name.to_string(),
		submitted: t.submitted,
		refused: t.refused,
		included: included_count,
		failed: t.failed,
		included_per_second,
		blocks: blocks.len(),
		most_in_a_block: blocks.values().copied().max().unwrap_or(0),
		inclusion: Latency::of(&inclusion),
		finality: Latency::of(&finality),
		finality_lag: Latency::of(&lag),
		pool_max: t.pool_max,
		node_cpu_percent,
		seconds,
		first_refusal: t.first_refusal.clone(),
	})
}
