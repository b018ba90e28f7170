//! The relay: the audit queue's one worker. It writes each queued opening on chain, signed by
//! the vault's record-store account and carrying the reader's own signature, and tells the
//! queue once the chain's answer is final.
//!
//! How: an opening is submitted as soon as it is queued, with at most [`IN_POOL`] of the
//! vault's transactions waiting for a block at once (the gate refuses an account more), each
//! numbered with the account's next nonce, so the chain includes them in the queue's order.
//! Once its transaction is in a block, an opening waits for that block to be final; the next
//! ones do not wait for it, so a request is in a block within a block or two of being served,
//! well inside its validity (`MaxReadRequestAge`).
//!
//! Why a reader's openings go one at a time until each is in a block: the chain keeps only a
//! reader's last audited nonce. While no later opening of the reader has been submitted, that
//! nonce tells exactly what became of an opening whose submission broke off (the connection
//! lost, the pool dropping the transaction): equal to the opening's nonce, audited; below it,
//! not yet (submitted again: a copy already in a block fails as stale, and the nonce then
//! shows the opening audited); above it, a later request of the reader audited first by
//! another organisation's vault (refused for good).

use std::{
	collections::{HashMap, HashSet},
	sync::Arc,
	time::{Duration, Instant},
};

use medchain_client::{keys::Account, Call, Client, Error, Hash, Progress, Wait};
use tokio::sync::mpsc;

use crate::{
	audit::{AuditQueue, Opening},
	chain::Chain,
	error::ApiError,
	metrics::Metrics,
};

/// The most of the vault's transactions waiting for a block at once: below the transaction
/// gate's `MAX_PENDING` (64) of one account's transactions in the pool.
const IN_POOL: usize = 60;

/// How long the relay waits after a submission broke off or the node failed to answer.
const BACKOFF: Duration = Duration::from_secs(2);

/// An opening whose audit was submitted.
struct Flight {
	reader: [u8; 32],
	/// The block it is in, and the chain's refusal if it failed there; `None` while it waits
	/// in the pool.
	block: Option<(u64, Hash, Option<String>)>,
}

/// What became of a submission, by the opening's place in the queue.
type Report = (u64, Landing);

enum Landing {
	/// In block `number`, `hash`; with the chain's refusal if it failed there.
	InBlock { number: u64, hash: Hash, refusal: Option<String> },
	/// Not known to be in a block: the submission broke off, or the pool refused it.
	Broken(String),
}

/// Relays `queue` to the chain, for ever.
pub async fn run(
	queue: Arc<AuditQueue>,
	chain: Arc<Chain>,
	signer: Account,
	metrics: Arc<Metrics>,
) {
	let (reports, mut reported) = mpsc::unbounded_channel();
	let mut relay = Relay {
		queue,
		chain,
		signer: Arc::new(signer),
		metrics,
		flights: HashMap::new(),
		next_nonce: None,
		paused_until: None,
		reports,
	};
	loop {
		relay.metrics.audit_queue.set(relay.queue.len() as i64);
		relay.confirm().await;
		relay.launch().await;
		tokio::select! {
			Some(report) = reported.recv() => relay.land(report),
			_ = relay.queue.queued(Duration::from_secs(1)) => {},
		}
		while let Ok(report) = reported.try_recv() {
			relay.land(report);
		}
	}
}

struct Relay {
	queue: Arc<AuditQueue>,
	chain: Arc<Chain>,
	signer: Arc<Account>,
	metrics: Arc<Metrics>,
	/// The openings submitted, by place in the queue.
	flights: HashMap<u64, Flight>,
	/// The nonce of the vault's next transaction; `None` to ask the node.
	next_nonce: Option<u64>,
	/// No submissions before this instant (after a failure).
	paused_until: Option<Instant>,
	reports: mpsc::UnboundedSender<Report>,
}

impl Relay {
	/// Submits the openings that may go now: in the queue's order, the first of each reader
	/// with none waiting for a block, as many as fit [`IN_POOL`].
	async fn launch(&mut self) {
		if self.paused_until.is_some_and(|until| Instant::now() < until) {
			return;
		}
		let waiting = self.flights.values().filter(|flight| flight.block.is_none());
		let mut busy: HashSet<[u8; 32]> = waiting.map(|flight| flight.reader).collect();
		let room = IN_POOL.saturating_sub(busy.len());
		let chosen: Vec<(u64, Opening)> = self
			.queue
			.pending()
			.into_iter()
			.filter(|(place, read)| {
				!self.flights.contains_key(place) && busy.insert(read.reader().0)
			})
			.take(room)
			.collect();
		if chosen.is_empty() {
			return;
		}
		let client = match self.chain.client().await {
			Ok(client) => client,
			Err(e) => return self.pause(&e),
		};
		// Each opening's state on chain, and its call, asked for all at once.
		let prepared = futures::future::join_all(chosen.iter().map(|(_, read)| {
			let (client, chain) = (&client, &self.chain);
			async move {
				match settled(chain, read).await? {
					Some(outcome) => Ok(Err(outcome)),
					None => read
						.call(client)
						.await
						.map(Ok)
						.map_err(|e| ApiError::NodeUnavailable(e.to_string())),
				}
			}
		}))
		.await;
		for ((place, read), prepared) in chosen.into_iter().zip(prepared) {
			let call = match prepared {
				Ok(Ok(call)) => call,
				Ok(Err(outcome)) => {
					self.finish(place, &read, outcome);
					continue;
				},
				Err(e) => {
					tracing::warn!(opened = %read.what(), error = %e, "audit to retry");
					self.pause(&e);
					continue;
				},
			};
			let nonce = match self.next_nonce {
				Some(nonce) => nonce,
				None => match client.next_nonce(&self.signer.account_id()).await {
					Ok(nonce) => nonce,
					Err(e) => return self.pause(&e),
				},
			};
			self.next_nonce = Some(nonce + 1);
			self.flights.insert(place, Flight { reader: read.reader().0, block: None });
			let (client, signer, reports) =
				(client.clone(), self.signer.clone(), self.reports.clone());
			tokio::spawn(async move {
				let landing = submit(&client, &call, &signer, nonce).await;
				let _ = reports.send((place, landing));
			});
		}
	}

	/// Notes what became of a submission.
	fn land(&mut self, (place, landing): Report) {
		let Some(flight) = self.flights.get_mut(&place) else { return };
		match landing {
			Landing::InBlock { number, hash, refusal } => {
				flight.block = Some((number, hash, refusal));
				self.queue.set_in_block(place, true);
			},
			Landing::Broken(e) => {
				// The nonce may be unused: the next one is asked of the node, and the opening
				// is tried again once the chain's state says whether it is audited.
				tracing::warn!(place, error = %e, "audit to retry");
				self.flights.remove(&place);
				self.next_nonce = None;
				self.pause(&e);
			},
		}
	}

	/// Settles the openings whose blocks are final: audited, or refused with the chain's
	/// reason (unless the reader's nonce shows the opening audited after all); one whose
	/// block left the chain goes back to the queue.
	async fn confirm(&mut self) {
		if self.flights.values().all(|flight| flight.block.is_none()) {
			return;
		}
		let finalized =
			match self.chain.ask(|client| async move { client.finalized_head().await }).await {
				Ok((number, _)) => number,
				Err(e) => return self.pause(&e),
			};
		let pending: HashMap<u64, Opening> = self.queue.pending().into_iter().collect();
		let mut canonical: HashMap<u64, Option<Hash>> = HashMap::new();
		let places: Vec<u64> = self.flights.keys().copied().collect();
		for place in places {
			let Some((number, hash, refusal)) = self.flights[&place].block.clone() else {
				continue;
			};
			if number > finalized {
				continue;
			}
			let Some(read) = pending.get(&place) else {
				self.flights.remove(&place);
				continue;
			};
			let on_chain = match canonical.get(&number) {
				Some(on_chain) => *on_chain,
				None => match self
					.chain
					.ask(|client| async move { client.block_hash(number).await })
					.await
				{
					Ok(on_chain) => *canonical.entry(number).or_insert(on_chain),
					Err(e) => return self.pause(&e),
				},
			};
			if on_chain != Some(hash) {
				tracing::warn!(opened = %read.what(), number, "the audit's block left the chain; submitting again");
				self.flights.remove(&place);
				self.queue.set_in_block(place, false);
				continue;
			}
			let outcome = match refusal {
				None => Outcome::Audited,
				Some(reason) => match settled(&self.chain, read).await {
					Ok(Some(Outcome::Audited)) => Outcome::Audited,
					Ok(_) => Outcome::Refused(reason),
					Err(e) => return self.pause(&e),
				},
			};
			self.flights.remove(&place);
			self.finish(place, read, outcome);
		}
	}

	fn finish(&self, place: u64, read: &Opening, outcome: Outcome) {
		let (opened, reader) = (read.what(), read.reader());
		match outcome {
			Outcome::Audited => {
				self.queue.audited(place, read);
				self.metrics.audits.inc();
				tracing::info!(%opened, %reader, "opening audited");
			},
			Outcome::Refused(reason) => {
				self.queue.refused(place, read, &reason);
				self.metrics.audits_failed.inc();
				tracing::error!(%opened, %reader, %reason,
					"opening served but not audited: the chain refused it");
			},
		}
	}

	fn pause(&mut self, e: &dyn std::fmt::Display) {
		tracing::debug!(error = %e, "the relay pauses");
		self.paused_until = Some(Instant::now() + BACKOFF);
	}
}

/// Submits an opening's audit at `nonce` and waits for it to be in a block.
async fn submit(client: &Client, call: &Call, signer: &Account, nonce: u64) -> Landing {
	let mut block = None;
	let mut note = |progress: Progress| {
		if let Progress::InBlock(hash) = progress {
			block = Some(hash);
		}
	};
	let result = client.submit_at_nonce(call, signer, nonce, Wait::InBlock, &mut note).await;
	match (result, block) {
		(Ok(receipt), _) => Landing::InBlock {
			number: receipt.block_number,
			hash: receipt.block_hash,
			refusal: None,
		},
		(Err(Error::Refused(refusal)), Some(hash)) => match client.block_number(hash).await {
			Ok(number) => Landing::InBlock { number, hash, refusal: Some(refusal.to_string()) },
			Err(e) => Landing::Broken(e.to_string()),
		},
		(Err(e), _) => Landing::Broken(e.to_string()),
	}
}

/// What the chain made of an opening.
enum Outcome {
	/// The opening is in the audit trail, final.
	Audited,
	/// The chain refused it for good: the reason.
	Refused(String),
}

/// Whether the finalised chain has settled `read` already: audited (the reader's last audited
/// nonce is this one), or never to be (a later one of theirs was audited first); `None` if it
/// waits.
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
