//! The read path: JSON-RPC queries at a fixed request rate over kept-alive connections,
//! their latency, and that latency as a ratio to `system_health` (the node's cheapest call)
//! at the same rate.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{rpc::Rpc, stats::Latency};

/// The latency of one query at a fixed rate.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadOutcome {
	/// The JSON-RPC method.
	pub method: String,
	/// Requests a second asked for.
	pub rate: u32,
	/// Requests a second achieved.
	pub achieved_rate: f64,
	/// Answered with an error (the query is counted, but its answer was not the expected one).
	pub errors: usize,
	/// Send → answer.
	pub latency: Latency,
	/// p50 as a multiple of `system_health`'s p50 in the same run.
	pub p50_vs_health: f64,
	/// p99 as a multiple of `system_health`'s p99 in the same run.
	pub p99_vs_health: f64,
}

/// Sends `method(params)` `rate` times a second for `duration`, over `connections` kept-alive
/// connections (one thread each, the rate shared evenly, their requests interleaved):
/// request i is due at `i / rate` seconds; a late one goes at once (its latency counts from
/// when it was sent).
fn measure(
	port: u16,
	method: &str,
	params: &Value,
	rate: u32,
	duration: Duration,
	connections: usize,
) -> (Latency, usize, f64) {
	let connections = connections.max(1);
	let interval = Duration::from_secs_f64(connections as f64 / f64::from(rate.max(1)));
	let start = Instant::now();
	let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|scope| {
		let threads: Vec<_> = (0..connections)
			.map(|c| {
				scope.spawn(move || {
					let mut rpc = Rpc::new(port);
					// Connection c's requests fall between the others'.
					let offset = interval.mul_f64(c as f64 / connections as f64);
					let (mut samples, mut errors, mut i) = (Vec::new(), 0, 0u32);
					while start.elapsed() < duration {
						let due = start + offset + interval * i;
						if let Some(wait) = due.checked_duration_since(Instant::now()) {
							std::thread::sleep(wait);
						}
						let sent = Instant::now();
						if rpc.call(method, params.clone()).is_err() {
							errors += 1;
						}
						samples.push(sent.elapsed());
						i += 1;
					}
					(samples, errors)
				})
			})
			.collect();
		threads.into_iter().map(|t| t.join().expect("a read-path connection panicked")).collect()
	});
	let elapsed = start.elapsed().as_secs_f64();
	let errors = results.iter().map(|(_, e)| e).sum();
	let samples: Vec<Duration> = results.into_iter().flat_map(|(s, _)| s).collect();
	let achieved = samples.len() as f64 / elapsed;
	(Latency::of(&samples), errors, achieved)
}

/// Measures `system_health`, then each query, at `rate` requests a second over
/// `connections` connections for `duration` each.
pub fn run(
	port: u16,
	queries: &[(&str, Value)],
	rate: u32,
	duration: Duration,
	connections: usize,
) -> Vec<ReadOutcome> {
	let health_query = Value::Array(vec![]);
	let (health, health_errors, health_rate) =
		measure(port, "system_health", &health_query, rate, duration, connections);
	let ratio = |x: f64, base: f64| if base > 0.0 { x / base } else { 0.0 };
	let mut outcomes = vec![ReadOutcome {
		method: "system_health".into(),
		rate,
		achieved_rate: health_rate,
		errors: health_errors,
		latency: health,
		p50_vs_health: 1.0,
		p99_vs_health: 1.0,
	}];
	for (method, params) in queries {
		let (latency, errors, achieved_rate) =
			measure(port, method, params, rate, duration, connections);
		outcomes.push(ReadOutcome {
			method: (*method).into(),
			rate,
			achieved_rate,
			errors,
			latency,
			p50_vs_health: ratio(latency.p50_ms, health.p50_ms),
			p99_vs_health: ratio(latency.p99_ms, health.p99_ms),
		});
	}
	outcomes
}
