//! The open-loop latency measurement: what a hospital waits for at a normal load. Doctors
//! anchor records and patients grant consent (three anchors to each grant, from many
//! accounts) at a steady rate, sent whatever the chain does, at fractions of the chain's
//! capacity for that mix; each transaction's submit → in a block → finalised is reported in
//! milliseconds and in slots. The capacity is measured first with the same mix in a closed
//! loop, unless it is given.

use std::time::Duration;

use medchain_runtime::SLOT_DURATION;

use crate::{
	chain::Chain,
	stats::Latency,
	throughput::{self, Outcome, Pace, Workload},
	workloads::{self, Cast},
};

/// Anchors to each grant in the mix.
const ANCHORS_PER_GRANT: usize = 3;

/// One load level's figures.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Level {
	/// The load, in percent of the capacity.
	pub percent: u32,
	/// Transactions sent a second.
	pub rate: f64,
	/// What the blocks showed.
	pub outcome: Outcome,
}

/// The whole measurement.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
	/// Included transactions a second of the mix in a closed loop (or as given).
	pub capacity: f64,
	/// Whether `capacity` was measured in this run (not given).
	pub capacity_measured: bool,
	/// Accounts of each kind that signed.
	pub accounts: usize,
	/// Each level, in the order run.
	pub levels: Vec<Level>,
}

/// The mix of `count` transactions: anchors by the doctors and grants by the patients,
/// interleaved so that every signer's nonces stay in order. `run` keeps records distinct
/// between calls.
fn mixed(chain: &mut Chain, cast: &Cast, count: usize, run: u32) -> Result<Workload, String> {
	let grants = count / (ANCHORS_PER_GRANT + 1);
	let anchors = workloads::emr_anchors(chain, cast, count - grants, run)?;
	let grants = workloads::consent_grants(chain, cast, grants)?;
	let mut extrinsics = Vec::with_capacity(count);
	let mut grants = grants.extrinsics.into_iter();
	for (i, anchor) in anchors.extrinsics.into_iter().enumerate() {
		extrinsics.push(anchor);
		if (i + 1) % ANCHORS_PER_GRANT == 0 {
			extrinsics.extend(grants.next());
		}
	}
	extrinsics.extend(grants);
	Ok(Workload { name: "anchors and grants (3:1)".into(), extrinsics, items: 1 })
}

/// The grants each patient would hold after the capacity run (`burst` transactions) and
/// the levels: refused up front if more than the runtime allows, rather than half way.
pub fn check_grant_budget(
	cast_size: usize,
	burst: usize,
	capacity: Option<f64>,
	percents: &[u32],
	seconds: u64,
) -> Result<(), String> {
	let Some(capacity) = capacity else {
		// Unknown until measured: checked again once it is.
		return Ok(());
	};
	let sent: f64 = burst as f64
		+ percents.iter().map(|p| capacity * f64::from(*p) / 100.0 * seconds as f64).sum::<f64>();
	let per_patient = (sent / (ANCHORS_PER_GRANT + 1) as f64 / cast_size as f64).ceil() as usize;
	let room = workloads::grant_room(cast_size);
	if per_patient > room {
		return Err(format!(
			"the mix would give each patient {per_patient} grants, more than the runtime's bound leaves ({room}): use more --accounts or fewer --phase-seconds"
		));
	}
	Ok(())
}

/// Runs the measurement against the medchain node on `port` (process `pid`, if this run
/// started it): the capacity (unless given) from `burst` transactions in a closed loop of
/// `window`, then each of `percents` of it for `seconds`.
#[allow(clippy::too_many_arguments)]
pub fn run(
	chain: &mut Chain,
	port: u16,
	pid: Option<u32>,
	cast: &Cast,
	capacity: Option<f64>,
	burst: (usize, usize),
	percents: &[u32],
	seconds: u64,
	timeout: Duration,
) -> Result<Measurement, String> {
	let patients = cast.patients.len();
	let levels = Levels { capacity, burst, percents, seconds };
	measure(
		&levels,
		cast.doctors.len(),
		|capacity| check_grant_budget(patients, burst.0, Some(capacity), percents, seconds),
		|count, run, pace| {
			let workload = mixed(chain, cast, count, run)?;
			throughput::run(port, pid, &workload, pace, timeout)
		},
	)
}

/// What the levels are: the capacity (measured with `burst.0` transactions in a closed loop
/// of `burst.1` when not given), and each of `percents` of it sent for `seconds`.
pub struct Levels<'a> {
	/// The capacity, if given.
	pub capacity: Option<f64>,
	/// Transactions and window of the capacity run.
	pub burst: (usize, usize),
	/// The load levels, in percent of the capacity.
	pub percents: &'a [u32],
	/// Seconds each level sends for.
	pub seconds: u64,
}

/// The measurement on any chain: `send(count, run, pace)` sends `count` transactions of the
/// mix (`run` keeps them distinct) at `pace` and reports what the blocks showed; `check`
/// refuses a measured capacity the chain's bounds cannot take at these levels.
pub fn measure(
	levels: &Levels,
	accounts: usize,
	check: impl Fn(f64) -> Result<(), String>,
	mut send: impl FnMut(usize, u32, Pace) -> Result<Outcome, String>,
) -> Result<Measurement, String> {
	let (capacity, capacity_measured) = match levels.capacity {
		Some(capacity) => (capacity, false),
		None => {
			let (burst, window) = levels.burst;
			eprintln!("[bench] capacity: {burst} transactions of the mix in a closed loop");
			let outcome = send(burst, 0, Pace::Window(window))?;
			eprintln!("[bench]   {:.0} included/s", outcome.included_per_second);
			if outcome.included_per_second <= 0.0 {
				return Err("the capacity run included nothing".into());
			}
			check(outcome.included_per_second)?;
			(outcome.included_per_second, true)
		},
	};
	let mut measured = Vec::new();
	for (run, &percent) in (1..).zip(levels.percents) {
		let rate = capacity * f64::from(percent) / 100.0;
		let count = (rate * levels.seconds as f64).round().max(1.0) as usize;
		eprintln!("[bench] {percent}% of capacity: {count} transactions at {rate:.0}/s");
		let outcome = send(count, run, Pace::Rate(rate))?;
		eprintln!(
			"[bench]   in a block p50 {:.0} ms, finalised p50 {:.0} / p99 {:.0} ms, {} refused, {} failed",
			outcome.inclusion.p50_ms,
			outcome.finality.p50_ms,
			outcome.finality.p99_ms,
			outcome.refused,
			outcome.failed
		);
		measured.push(Level { percent, rate, outcome });
	}
	Ok(Measurement { capacity, capacity_measured, accounts, levels: measured })
}

/// Whether every transaction sent was accepted, included, successful and finalised.
pub fn all_final(measurement: &Measurement) -> bool {
	measurement.levels.iter().all(|l| {
		let o = &l.outcome;
		o.refused == 0 && o.failed == 0 && o.finality.count == o.submitted
	})
}

/// `ms` and the same in slots.
fn with_slots(ms: f64) -> String {
	format!("{ms:.0} ({:.2})", ms / SLOT_DURATION as f64)
}

/// The levels as Markdown (docs/PERFORMANCE.md takes it as it is).
pub fn report(measurement: &Measurement, network: &str) -> String {
	let mut out = format!(
		"## Open loop on {network}: latency at a steady load ({} doctors and {} patients; capacity {:.0} transactions/s, {})\n\n\
		 | load | sent/s | included/s | in a block p50 / p99 ms (slots) | finalised p50 / p99 ms (slots) | in a block → finalised p50 ms | refused | failed | not finalised |\n\
		 |---|---|---|---|---|---|---|---|---|\n",
		measurement.accounts,
		measurement.accounts,
		measurement.capacity,
		if measurement.capacity_measured { "measured in this run" } else { "given" },
	);
	let pair = |l: &Latency| format!("{} / {}", with_slots(l.p50_ms), with_slots(l.p99_ms));
	for level in &measurement.levels {
		let o = &level.outcome;
		out += &format!(
			"| {}% | {:.0} | {:.0} | {} | {} | {:.0} | {} | {} | {} |\n",
			level.percent,
			level.rate,
			o.included_per_second,
			pair(&o.inclusion),
			pair(&o.finality),
			o.finality_lag.p50_ms,
			o.refused,
			o.failed,
			o.submitted.saturating_sub(o.finality.count),
		);
	}
	out
}

/// medchain beside the Ethereum peer, level by level: each figure and its ratio, medchain's
/// over the peer's (for capacity and included/s more is better, for latency less).
pub fn compare(ours: &Measurement, peer: &Measurement, peer_name: &str) -> String {
	let mut out = format!(
		"## medchain beside {peer_name}, the same mix and harness\n\n\
		 | figure | medchain | Ethereum peer | medchain ÷ peer |\n|---|---|---|---|\n"
	);
	let mut row = |figure: String, ours: f64, theirs: f64| {
		let ratio = if theirs > 0.0 { format!("{:.2}", ours / theirs) } else { "–".to_string() };
		out += &format!("| {figure} | {ours:.0} | {theirs:.0} | {ratio} |\n");
	};
	row("capacity, transactions/s (closed loop)".into(), ours.capacity, peer.capacity);
	for level in &ours.levels {
		let Some(theirs) = peer.levels.iter().find(|l| l.percent == level.percent) else {
			continue;
		};
		let (a, b) = (&level.outcome, &theirs.outcome);
		let p = level.percent;
		row(format!("{p} %: included/s"), a.included_per_second, b.included_per_second);
		row(format!("{p} %: in a block p50 ms"), a.inclusion.p50_ms, b.inclusion.p50_ms);
		row(format!("{p} %: in a block p99 ms"), a.inclusion.p99_ms, b.inclusion.p99_ms);
		row(format!("{p} %: finalised p50 ms"), a.finality.p50_ms, b.finality.p50_ms);
		row(format!("{p} %: finalised p99 ms"), a.finality.p99_ms, b.finality.p99_ms);
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_grant_budget_is_checked_before_anything_is_sent() {
		let room = workloads::grant_room(10);
		// 200 patients, a 4,000 burst and 600/s for 30 s at 10, 50 and 90 %: 39 grants each.
		assert_eq!(check_grant_budget(200, 4_000, Some(600.0), &[10, 50, 90], 30), Ok(()));
		// Ten patients cannot take the same.
		let refused = check_grant_budget(10, 4_000, Some(600.0), &[10, 50, 90], 30);
		assert!(refused.is_err_and(|e| e.contains(&format!("({room})"))));
		// Unknown capacity: checked once measured.
		assert_eq!(check_grant_budget(10, 4_000, None, &[90], 30), Ok(()));
	}

	#[test]
	fn latencies_read_in_slots_too() {
		assert_eq!(with_slots(3_000.0), "3000 (1.50)");
	}
}
