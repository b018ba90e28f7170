//! The vault's Prometheus metrics (`GET /metrics`), all prefixed `medchain_vault_`.

use prometheus::{
	Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
	TextEncoder,
};

/// Every metric the vault keeps.
pub struct Metrics {
	registry: Registry,
	/// Uploads stored.
	pub uploads: IntCounter,
	/// Bytes uploaded and stored.
	pub upload_bytes: IntCounter,
	/// Record openings served.
	pub reads: IntCounter,
	/// Service-log files served.
	pub log_reads: IntCounter,
	/// Bytes served.
	pub read_bytes: IntCounter,
	/// Requests refused, by error code.
	pub refused: IntCounterVec,
	/// Openings audited on chain.
	pub audits: IntCounter,
	/// Openings the chain refused to audit (served, yet not in the audit trail).
	pub audits_failed: IntCounter,
	/// Openings waiting for their audit.
	pub audit_queue: IntGauge,
	/// Objects deleted after their record's erasure.
	pub erased: IntCounter,
	/// The last finalised block whose erasures were applied.
	pub erasure_block: IntGauge,
	/// Seconds from a read request's arrival to its answer's first byte.
	pub read_seconds: Histogram,
}

impl Metrics {
	/// The metrics, registered.
	pub fn new() -> Result<Self, prometheus::Error> {
		let registry = Registry::new_custom(Some("medchain_vault".into()), None)?;
		let counter = |name: &str, help: &str| -> Result<IntCounter, prometheus::Error> {
			let counter = IntCounter::with_opts(Opts::new(name, help))?;
			registry.register(Box::new(counter.clone()))?;
			Ok(counter)
		};
		let gauge = |name: &str, help: &str| -> Result<IntGauge, prometheus::Error> {
			let gauge = IntGauge::with_opts(Opts::new(name, help))?;
			registry.register(Box::new(gauge.clone()))?;
			Ok(gauge)
		};
		let refused = IntCounterVec::new(
			Opts::new("refused_total", "Requests refused, by error code (docs/vault.md)"),
			&["code"],
		)?;
		registry.register(Box::new(refused.clone()))?;
		let read_seconds = Histogram::with_opts(HistogramOpts::new(
			"read_seconds",
			"Seconds from a read request to its first byte (checks against the chain included)",
		))?;
		registry.register(Box::new(read_seconds.clone()))?;
		Ok(Metrics {
			uploads: counter("uploads_total", "Uploads stored")?,
			upload_bytes: counter("upload_bytes_total", "Bytes uploaded and stored")?,
			reads: counter("reads_total", "Record openings served")?,
			log_reads: counter("log_reads_total", "Service-log files served")?,
			read_bytes: counter("read_bytes_total", "Bytes served")?,
			refused,
			audits: counter("audits_total", "Openings audited on chain")?,
			audits_failed: counter(
				"audits_failed_total",
				"Openings served whose audit the chain refused for good (see failed/)",
			)?,
			audit_queue: gauge("audit_queue", "Openings waiting for their audit")?,
			erased: counter("erased_total", "Objects deleted after their record's erasure")?,
			erasure_block: gauge(
				"erasure_block",
				"The last finalised block whose erasures were applied",
			)?,
			read_seconds,
			registry,
		})
	}

	/// The metrics in Prometheus' text format.
	pub fn render(&self) -> String {
		let mut text = Vec::new();
		// Encoding into memory fails only on a metric family without metrics, which the
		// registry never gathers.
		let _ = TextEncoder::new().encode(&self.registry.gather(), &mut text);
		String::from_utf8_lossy(&text).into_owned()
	}
}
