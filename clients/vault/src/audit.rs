//! The audit queue. Every opening the vault serves is written here, and synced to disk, before
//! the first byte goes out; the [`relay`](crate::relay) writes each on chain as
//! `access_control.record_access_for` (a record) or `device_registry.open_log_for` (a
//! service-log file), carrying the reader's own signature, and the queue keeps an entry until
//! the chain's answer is final.
//!
//! Why a queue rather than a transaction before each read: the reader gets their bytes without
//! waiting for a block (≈ 2 s, and finality ≈ 6 s more), while nothing is served that is not
//! on disk first, so a crash loses no opening: the relay starts from what is on disk.
//!
//! The queue refuses new openings (503 `audit-queue`) while `limit` wait to get into a block:
//! a request is good on chain only until its `valid_until` block (`MaxReadRequestAge`, 10
//! blocks today), so the vault serves no more than it can have audited in that time.
//! Entries the chain refuses for good (a vault down longer than that, a later request of the
//! same reader audited first by another organisation's vault) are moved to `failed/` with
//! the chain's reason, logged as errors and counted in `medchain_vault_audits_failed_total`.

use std::{
	collections::{BTreeMap, HashMap, HashSet},
	fs, io,
	path::{Path, PathBuf},
	sync::{Mutex, MutexGuard},
};

use medchain_client::{
	reads::{SignedLogRead, SignedRead},
	AccountId, Client, Error,
};
use serde_json::Value as Json;

use crate::error::ApiError;

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
	/// The entries whose audit is in a block, waiting for it to be final.
	in_block: HashSet<u64>,
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
	pub(crate) async fn call(&self, client: &Client) -> Result<medchain_client::Call, Error> {
		match self {
			Opening::Record(read) => client.encode(&read.clone().audit_call()).await,
			Opening::Log(read) => client.encode(&read.clone().audit_call()).await,
		}
	}
}

impl AuditQueue {
	/// Opens the queue in `dir` (created if missing) with what an earlier run left pending,
	/// refusing new openings while `limit` wait to get into a block.
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
	/// reader's newest pending one (a replay, or requests sent out of order), or a full queue
	/// (`limit` openings not yet in a block).
	pub fn enqueue(&self, read: Opening) -> Result<(), ApiError> {
		let mut state = self.state();
		let (reader, nonce) = (read.reader(), read.nonce());
		if let Some(newest) = state.newest.get(&reader.0).filter(|n| **n >= nonce) {
			return Err(ApiError::Replayed(format!(
				"nonce {nonce} is not above {newest}, a request of {reader} this vault already served"
			)));
		}
		let waiting = state.entries.len() - state.in_block.len();
		if waiting >= self.limit {
			return Err(ApiError::AuditQueue(format!(
				"{waiting} openings are waiting for the chain; try again in a few seconds"
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

	/// The entries not yet audited, in the queue's order.
	pub(crate) fn pending(&self) -> Vec<(u64, Opening)> {
		self.state().entries.iter().map(|(place, read)| (*place, read.clone())).collect()
	}

	/// Notes whether entry `place`'s audit is in a block (so that it no longer counts against
	/// the limit) or no longer (its block was retracted).
	pub(crate) fn set_in_block(&self, place: u64, in_block: bool) {
		let mut state = self.state();
		if !in_block {
			state.in_block.remove(&place);
		} else if state.entries.contains_key(&place) {
			state.in_block.insert(place);
		}
	}

	/// Waits until an entry is queued, or `timeout` passes.
	pub(crate) async fn queued(&self, timeout: std::time::Duration) {
		let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
	}

	/// Removes an entry whose audit is final.
	pub(crate) fn audited(&self, place: u64, read: &Opening) {
		let mut state = self.state();
		if let Err(e) = fs::remove_file(self.pending.join(file_name(place))) {
			tracing::error!(place, error = %e, "cannot remove an audited entry; it will be relayed again and found audited");
		}
		state.entries.remove(&place);
		state.in_block.remove(&place);
		state.forget(read);
	}

	/// Moves an entry the chain refused for good to `failed/`, beside `reason`.
	pub(crate) fn refused(&self, place: u64, read: &Opening, reason: &str) {
		let mut state = self.state();
		if let Err(e) = self.bury(&self.pending.join(file_name(place)), reason) {
			tracing::error!(place, error = %e, "cannot move a refused entry to failed/");
		}
		state.entries.remove(&place);
		state.in_block.remove(&place);
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
