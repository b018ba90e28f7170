//! One run: pre-signed extrinsics go to the node in JSON-RPC batches, either as fast as its
//! pool takes them (closed loop, at most a window in flight) or at a fixed rate whatever the
//! chain does (open loop, as real users send); a second connection follows the chain block
//! by block. Everything reported comes from the blocks: which extrinsics they hold,
//! which failed, their timestamps, and when each block was seen best and finalised.

use std::{
	collections::HashMap,
	sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use medchain_runtime::Hash;
use serde_json::json;

use crate::{chain::Chain, node::cpu_time, rpc::Rpc, stats::Latency};

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

#[derive(Default)]
struct Tracking {
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
const BATCH: usize = 250;

/// Runs `workload` against the node on `port` (process `pid`, if known) at `pace` and waits at
/// most `timeout` for every extrinsic to be finalised.
pub fn run(
	port: u16,
	pid: Option<u32>,
	workload: &Workload,
	pace: Pace,
	timeout: Duration,
) -> Result<Outcome, String> {
	let count = workload.extrinsics.len();
	let index: HashMap<Hash, usize> = workload
		.extrinsics
		.iter()
		.enumerate()
		.map(|(i, xt)| (Hash::from(sp_io::hashing::blake2_256(xt)), i))
		.collect();
	let tracking = Arc::new(Mutex::new(Tracking {
		submitted_at: vec![None; count],
		included_at: vec![None; count],
		finalized_at: vec![None; count],
		..Default::default()
	}));
	let included = Arc::new(AtomicUsize::new(0));
	let done = Arc::new(AtomicBool::new(false));

	let mut chain = Chain::connect(port)?;
	let start_block = chain.best_number()?;
	let mut timestamps: HashMap<u32, u64> = HashMap::new();
	timestamps.insert(start_block, chain.block(start_block)?.timestamp);
	let cpu_start = pid.and_then(cpu_time);
	let started = Instant::now();

	let submitter = {
		let (tracking, included, done) = (tracking.clone(), included.clone(), done.clone());
		let extrinsics: Vec<String> =
			workload.extrinsics.iter().map(|xt| format!("0x{}", hex::encode(xt))).collect();
		std::thread::spawn(move || -> Result<(), String> {
			let mut rpc = Rpc::new(port);
			let mut next = 0;
			let start = Instant::now();
			while next < extrinsics.len() && !done.load(Ordering::Relaxed) {
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
				let end = allowed.min(next + BATCH).min(extrinsics.len());
				let params: Vec<_> = extrinsics[next..end].iter().map(|xt| json!([xt])).collect();
				let sent = Instant::now();
				let results =
					rpc.batch("author_submitExtrinsic", &params).map_err(|e| e.to_string())?;
				let mut t = tracking.lock().expect("not poisoned");
				for (offset, result) in results.into_iter().enumerate() {
					match result {
						Ok(_) => {
							t.submitted_at[next + offset] = Some(sent);
							t.submitted += 1;
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
	let mut blocks: Vec<(u32, usize)> = Vec::new();
	// Blocks holding some of them and not yet finalised, with the extrinsics each holds.
	let mut unfinalized: Vec<(u32, Vec<usize>)> = Vec::new();
	loop {
		let now = Instant::now();
		let best = chain.best_number()?;
		for number in next_best..=best {
			let block = chain.block(number)?;
			let seen = Instant::now();
			timestamps.insert(number, block.timestamp);
			let mut ours = Vec::new();
			let mut t = tracking.lock().expect("not poisoned");
			for (position, hash) in block.extrinsics.iter().enumerate() {
				if let Some(&i) = index.get(hash) {
					ours.push(i);
					t.included_at[i] = Some((seen, number));
					if block.failed.contains(&(position as u32)) {
						t.failed += 1;
					}
				}
			}
			included.fetch_add(ours.len(), Ordering::Relaxed);
			if !ours.is_empty() {
				blocks.push((number, ours.len()));
				unfinalized.push((number, ours));
			}
		}
		next_best = next_best.max(best + 1);
		let finalized = chain.finalized_number()?;
		let seen = Instant::now();
		let now_final = unfinalized.iter().take_while(|(number, _)| *number <= finalized).count();
		if now_final > 0 {
			let mut t = tracking.lock().expect("not poisoned");
			for (_, ours) in unfinalized.drain(..now_final) {
				t.finalized += ours.len();
				for i in ours {
					t.finalized_at[i] = Some(seen);
				}
			}
		}
		if now.duration_since(last_pool_poll) >= Duration::from_secs(1) {
			last_pool_poll = now;
			if let Ok(pending) = chain.rpc.call("author_pendingExtrinsics", json!([])) {
				let size = pending.as_array().map_or(0, Vec::len);
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
	let included_per_second = match (blocks.first(), blocks.last()) {
		(Some(&(first, _)), Some(&(last, _))) => {
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
		name: workload.name.clone(),
		submitted: t.submitted,
		refused: t.refused,
		included: included_count,
		failed: t.failed,
		included_per_second,
		blocks: blocks.len(),
		most_in_a_block: blocks.iter().map(|(_, n)| *n).max().unwrap_or(0),
		inclusion: Latency::of(&inclusion),
		finality: Latency::of(&finality),
		finality_lag: Latency::of(&lag),
		pool_max: t.pool_max,
		node_cpu_percent,
		seconds,
		first_refusal: t.first_refusal.clone(),
	})
}
