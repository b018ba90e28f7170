//! The audit queue. Every opening the vault serves is written here, and synced to disk, before
//! the first byte goes out; one worker relays the queue to the chain as
//! `access_control.record_access_for` (a record) or `device_registry.open_log_for` (a
//! service-log file), carrying the reader's own signature and signed by the vault's
//! record-store account, and keeps an entry until the chain's answer is final.
//!
//! Why a queue rather than a transaction before each read: the reader gets their bytes without
//! waiting for a block (≈ 2 s, and finality ≈ 6 s more), while nothing is served that is not
//! on disk first, so a crash loses no opening: the worker starts from what is on disk.
//!
//! Why nothing is audited twice or out of order: the chain accepts a reader's request only with
//! a nonce above the last one audited, so a request relayed twice (a crash between its block
//! and the file's removal) is audited once; the vault serves a reader's requests only in
//! rising nonce order, and the worker numbers its own transactions in the queue's order, so
//! the chain includes them in that order.
//!
//! What it cannot save: a request is good on chain only until its `valid_until` block
//! (`MaxReadRequestAge`, 10 blocks today). Entries the chain refuses as final (a vault down
//! longer than that, a later request of the same reader audited first by another
//! organisation's vault) are moved to `failed/` with the chain's reason, logged as errors and
//! counted in `medchain_vault_audits_failed_total`.

use std::{
	collections::{BTreeMap, HashMap},
	fs, io,
	path::{Path, PathBuf},
	sync::{Arc, Mutex, MutexGuard},
	time::Duration,
};

use medchain_client::{
	keys::Account,
	reads::{SignedLogRead, SignedRead},
	AccountId, Client, Error, Progress, Wait,
};
use serde_json::Value as Json;

use crate::{chain::Chain, error::ApiError, metrics::Metrics};

/// The most entries relayed in one round: below the transaction gate's `MAX_PENDING` (64) of
/// one account's transactions waiting in the pool, which would refuse the rest.
const ROUND: usize = 60;

/// The queue's directory: `pending/` holds one file per opening not yet audited (named by its
/// place in the queue), `failed/` those the chain refused for good, each beside its reason.
pub struct AuditQueue {
	pending: PathBuf,
	failed: PathBuf,
	limit: usize,
	state: Mutex<State>,
	wake: tokio::sync::Notify,
}

#[derive(Default)]
struct State {
	/// The next entry's place.
	next: u64,
	/// The entries not yet audited, by place.
	entries: BTreeMap<u64, Opening>,
	/// Each reader with pending entries: the newest nonce among them.
	newest: HashMap<[u8; 32], u64>,
}

/// An opening served, to be audited: of a record, or of a service-log file. Both kinds spend
/// the reader's nonces from one sequence on chain.
#[derive(Clone, Debug)]
pub enum Opening {
	/// A record's ciphertext.
	Record(SignedRead),
	/// A device's service-log file.
	Log(SignedLogRead),
}

impl Opening {
	/// Who asked.
	pub fn reader(&self) -> AccountId {
		match self {
			Opening::Record(read) => read.reader,
			Opening::Log(read) => read.reader,
		}
	}

	/// The request's nonce.
	pub fn nonce(&self) -> u64 {
		match self {
			Opening::Record(read) => read.request.nonce,
			Opening::Log(read) => read.request.nonce,
		}
	}

	/// What was opened, in words.
	pub fn what(&self) -> String {
		match self {
			Opening::Record(read) => format!("record {}", read.request.record),
			Opening::Log(read) => {
				format!("log entry {} of device {}", read.request.entry, read.request.device)
			},
		}
	}

	fn to_json(&self) -> Json {
		match self {
			Opening::Record(read) => read.to_json(),
			Opening::Log(read) => read.to_json(),
		}
	}

	/// An entry as [`Opening::to_json`] wrote it (a record's, if it names no kind).
	fn from_json(json: &Json) -> Result<Self, String> {
		match json["kind"].as_str() {
			Some("log") => SignedLogRead::from_json(json).map(Opening::Log),
			_ => SignedRead::from_json(json).map(Opening::Record),
		}
	}

	/// The audit's call, encoded for the chain.
	async fn call(&self, client: &Client) -> Result<medchain_client::Call, Error> {
		match self {
			Opening::Record(read) => client.encode(&read.clone().audit_call()).await,
			Opening::Log(read) => client.encode(&read.clone().audit_call()).await,
		}
	}
}

/// What the chain made of one entry.
enum Outcome {
	/// The opening is in the patient's audit trail.
	Audited,
	/// The chain refused it for good: the reason.
	Refused(String),
	/// Not decided (the node unreachable, the pool full): tried again.
	Retry(String),
}

impl AuditQueue {
	/// Opens the queue in `dir` (created if missing) with what an earlier run left pending,
	/// refusing new openings while `limit` are pending.
	pub fn open(dir: &Path, limit: usize) -> io::Result<Self> {
		let queue = AuditQueue {
			pending: dir.join("pending"),
			failed: dir.join("failed"),
			limit,
			state: Mutex::new(State::default()),
			wake: tokio::sync::Notify::new(),
		};
		fs::create_dir_all(&queue.pending)?;
		fs::create_dir_all(&queue.failed)?;
		let mut state = queue.state();
		for file in fs::read_dir(&queue.pending)? {
			let path = file?.path();
			let place = path.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse().ok());
			let (Some(place), Some("json")) = (place, path.extension().and_then(|e| e.to_str()))
			else {
				continue; // a temporary file of a write that never completed
			};
			let text = fs::read_to_string(&path)?;
			match serde_json::from_str(&text).map_err(|e| e.to_string()).and_then(|json| {
				Opening::from_json(&json).map_err(|field| format!("no valid {field}"))
			}) {
				Ok(read) => {
					state.note(&read);
					state.entries.insert(place, read);
				},
				Err(reason) => queue.bury(&path, &format!("unreadable entry: {reason}"))?,
			}
			state.next = state.next.max(place + 1);
		}
		drop(state);
		Ok(queue)
	}

	fn state(&self) -> MutexGuard<'_, State> {
		// A panic while holding the lock leaves the maps as they were between two whole steps.
		self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// How many openings wait for their audit.
	pub fn len(&self) -> usize {
		self.state().entries.len()
	}

	/// Whether no opening waits.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Records an opening about to be served, on disk, or refuses it: a nonce not above the
	/// reader's newest pending one (a replay, or requests sent out of order), or a full queue.
	pub fn enqueue(&self, read: Opening) -> Result<(), ApiError> {
		let mut state = self.state();
		let (reader, nonce) = (read.reader(), read.nonce());
		if let Some(newest) = state.newest.get(&reader.0).filter(|n| **n >= nonce) {
			return Err(ApiError::Replayed(format!(
				"nonce {nonce} is not above {newest}, a request of {reader} this vault already served"
			)));
		}
		if state.entries.len() >= self.limit {
			return Err(ApiError::AuditQueue(format!(
				"{} openings are waiting for the chain; try again in a few seconds",
				state.entries.len()
			)));
		}
		let place = state.next;
		write_durably(&self.pending, place, &read.to_json().to_string())
			.map_err(|e| ApiError::AuditQueue(e.to_string()))?;
		state.next += 1;
		state.note(&read);
		state.entries.insert(place, read);
		drop(state);
		self.wake.notify_one();
		Ok(())
	}

	/// Relays the queue to the chain, for ever: `signer` is the vault's record-store account.
	pub async fn run(self: Arc<Self>, chain: Arc<Chain>, signer: Account, metrics: Arc<Metrics>) {
		loop {
			metrics.audit_queue.set(self.len() as i64);
			let round: Vec<(u64, Opening)> = {
				let state = self.state();
				state.entries.iter().take(ROUND).map(|(p, r)| (*p, r.clone())).collect()
			};
			if round.is_empty() {
				let _ = tokio::time::timeout(Duration::from_secs(5), self.wake.notified()).await;
				continue;
			}
			let outcomes = relay(&chain, &signer, &round).await;
			let mut retry = false;
			for ((place, read), outcome) in round.iter().zip(outcomes) {
				let (opened, reader) = (read.what(), read.reader());
				match outcome {
					Outcome::Audited => {
						self.remove(*place, read);
						metrics.audits.inc();
						tracing::info!(%opened, %reader, "opening audited");
					},
					Outcome::Refused(reason) => {
						self.fail(*place, read, &reason);
						metrics.audits_failed.inc();
						tracing::error!(%opened, %reader, %reason,
							"opening served but not audited: the chain refused it");
					},
					Outcome::Retry(reason) => {
						retry = true;
						tracing::warn!(%opened, %reader, %reason, "audit to retry");
					},
				}
			}
			if retry {
				tokio::time::sleep(Duration::from_secs(2)).await;
			}
		}
	}

	fn remove(&self, place: u64, read: &Opening) {
		let mut state = self.state();
		if let Err(e) = fs::remove_file(self.pending.join(file_name(place))) {
			tracing::error!(place, error = %e, "cannot remove an audited entry; it will be relayed again and found audited");
		}
		state.entries.remove(&place);
		state.forget(read);
	}

	fn fail(&self, place: u64, read: &Opening, reason: &str) {
		let mut state = self.state();
		if let Err(e) = self.bury(&self.pending.join(file_name(place)), reason) {
			tracing::error!(place, error = %e, "cannot move a refused entry to failed/");
		}
		state.entries.remove(&place);
		state.forget(read);
	}

	/// Moves an entry to `failed/`, with its reason beside it.
	fn bury(&self, path: &Path, reason: &str) -> io::Result<()> {
		let name = path.file_name().unwrap_or_default();
		let target = self.failed.join(name);
		fs::write(target.with_extension("reason"), reason)?;
		fs::rename(path, target)
	}
}

impl State {
	fn note(&mut self, read: &Opening) {
		let newest = self.newest.entry(read.reader().0).or_default();
		*newest = (*newest).max(read.nonce());
	}

	/// Drops the reader's newest nonce once none of theirs is pending: the chain's own nonce
	/// then guards against replays.
	fn forget(&mut self, read: &Opening) {
		let reader = read.reader();
		if !self.entries.values().any(|pending| pending.reader() == reader) {
			self.newest.remove(&reader.0);
		}
	}
}

fn file_name(place: u64) -> String {
	format!("{place:020}.json")
}

/// Writes `text` as entry `place`: to a temporary file, synced, renamed, and the directory
/// synced, so that after a crash the entry is either whole or absent.
fn write_durably(dir: &Path, place: u64, text: &str) -> io::Result<()> {
	use std::io::Write;
	let target = dir.join(file_name(place));
	let temporary = target.with_extension("tmp");
	let mut file = fs::File::create(&temporary)?;
	file.write_all(text.as_bytes())?;
	file.sync_all()?;
	fs::rename(&temporary, &target)?;
	fs::File::open(dir)?.sync_all()
}

/// Submits the round's audits, numbered in order, and waits for each to be final.
async fn relay(chain: &Chain, signer: &Account, round: &[(u64, Opening)]) -> Vec<Outcome> {
	let retry_all =
		|e: &dyn std::fmt::Display| round.iter().map(|_| Outcome::Retry(e.to_string())).collect();
	let client = match chain.client().await {
		Ok(client) => client,
		Err(e) => return retry_all(&e),
	};
	// Each entry's state on chain and its call, asked for all entries at once.
	let prepared = futures::future::join_all(round.iter().map(|(_, read)| {
		let client = &client;
		async move {
			match settled(chain, read).await {
				Ok(Some(outcome)) => (outcome, None),
				Ok(None) => match read.call(client).await {
					Ok(call) => (Outcome::Retry("not submitted".into()), Some(call)),
					Err(e) => (Outcome::Retry(e.to_string()), None),
				},
				Err(e) => (Outcome::Retry(e.to_string()), None),
			}
		}
	}))
	.await;
	let mut outcomes = Vec::with_capacity(round.len());
	let mut calls = Vec::new();
	for (i, (outcome, call)) in prepared.into_iter().enumerate() {
		outcomes.push(outcome);
		calls.extend(call.map(|call| (i, call)));
	}
	if calls.is_empty() {
		return outcomes;
	}
	let first = match client.next_nonce(&signer.account_id()).await {
		Ok(nonce) => nonce,
		Err(e) => return retry_all(&e),
	};
	let submissions = calls.into_iter().zip(first..).map(|((i, call), nonce)| {
		let client: &Client = &client;
		async move {
			let mut quiet = |_: Progress| {};
			(i, client.submit_at_nonce(&call, signer, nonce, Wait::Finalized, &mut quiet).await)
		}
	});
	for (i, result) in futures::future::join_all(submissions).await {
		outcomes[i] = match result {
			Ok(_) => Outcome::Audited,
			Err(Error::Refused(refusal)) => match settled(chain, &round[i].1).await {
				Ok(Some(outcome)) => outcome,
				_ => Outcome::Refused(refusal.to_string()),
			},
			Err(e) => Outcome::Retry(e.to_string()),
		};
	}
	outcomes
}

/// Whether the chain has settled `read` already: audited (the reader's last audited nonce is
/// this one), or never to be (a later one of theirs was audited first); `None` if it waits.
async fn settled(chain: &Chain, read: &Opening) -> Result<Option<Outcome>, ApiError> {
	let used = chain.read_nonce(read.reader()).await?;
	let nonce = read.nonce();
	Ok(match used {
		used if used == nonce => Some(Outcome::Audited),
		used if used > nonce => Some(Outcome::Refused(format!(
			"a later request of the reader (nonce {used}) was audited first, by another vault"
		))),
		_ => None,
	})
}
