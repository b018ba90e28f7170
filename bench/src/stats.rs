//! Summary statistics of latency samples.

use std::time::Duration;

/// p50 and p99 (nearest rank), max and count of a set of durations.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
	/// How many samples.
	pub count: usize,
	/// Median, in milliseconds.
	pub p50_ms: f64,
	/// 99th percentile, in milliseconds.
	pub p99_ms: f64,
	/// Largest, in milliseconds.
	pub max_ms: f64,
}

impl Latency {
	/// The summary of `samples` (all zero when there are none).
	pub fn of(samples: &[Duration]) -> Latency {
		if samples.is_empty() {
			return Latency::default();
		}
		let mut sorted = samples.to_vec();
		sorted.sort();
		let rank = |p: f64| {
			let index = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
			sorted[index].as_secs_f64() * 1_000.0
		};
		Latency {
			count: sorted.len(),
			p50_ms: rank(0.50),
			p99_ms: rank(0.99),
			max_ms: sorted[sorted.len() - 1].as_secs_f64() * 1_000.0,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn nearest_rank_percentiles() {
		let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
		let summary = Latency::of(&samples);
		assert_eq!(summary.count, 100);
		assert_eq!(summary.p50_ms, 50.0);
		assert_eq!(summary.p99_ms, 99.0);
		assert_eq!(summary.max_ms, 100.0);
		let one = Latency::of(&[Duration::from_millis(7)]);
		assert_eq!((one.p50_ms, one.p99_ms, one.max_ms), (7.0, 7.0, 7.0));
		assert_eq!(Latency::of(&[]).count, 0);
	}
}
