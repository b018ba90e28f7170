//! What the bench reads from and sends to the chain, over [`Rpc`]: blocks with their
//! extrinsics, timestamps and events, nonces, and setup transactions waited for.

use std::{
	collections::{HashMap, HashSet},
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use medchain_runtime::{AccountId, Hash, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sp_io::hashing::twox_128;

use crate::rpc::{Rpc, RpcError};

/// Setup transactions sent before waiting for them: less than the bench node's pool holds.
const SETUP_ROUND: usize = 5_000;

/// A block as the bench needs it.
pub struct Block {
	/// Its hash.
	pub hash: String,
	/// Its timestamp (ms since the Unix epoch), from its `timestamp.set` inherent (0 if it
	/// has none).
	pub timestamp: u64,
	/// Each extrinsic's hash (blake2-256 of its encoding), in block order.
	pub extrinsics: Vec<Hash>,
	/// The indices of extrinsics that failed (`System.ExtrinsicFailed`).
	pub failed: Vec<u32>,
}

/// The chain, through one JSON-RPC client.
pub struct Chain {
	/// The client.
	pub rpc: Rpc,
	/// The genesis hash.
	pub genesis: Hash,
	/// The runtime's `(spec_version, transaction_version)`.
	pub versions: (u32, u32),
}

fn bytes_of(value: &Value) -> Result<Vec<u8>, String> {
	let text = value.as_str().ok_or_else(|| format!("not a hex string: {value}"))?;
	hex::decode(text.trim_start_matches("0x")).map_err(|e| format!("bad hex {text}: {e}"))
}

fn number_of(header: &Value) -> Result<u32, String> {
	let text = header["number"].as_str().ok_or_else(|| format!("no number in {header}"))?;
	u32::from_str_radix(text.trim_start_matches("0x"), 16).map_err(|e| e.to_string())
}

fn rpc_err(method: &str) -> impl Fn(RpcError) -> String + '_ {
	move |e| format!("{method}: {e}")
}

impl Chain {
	/// Connects to the node on `127.0.0.1:port`.
	pub fn connect(port: u16) -> Result<Chain, String> {
		let mut rpc = Rpc::new(port);
		let genesis =
			rpc.call("chain_getBlockHash", json!([0])).map_err(rpc_err("chain_getBlockHash"))?;
		let genesis = Hash::decode(&mut &bytes_of(&genesis)?[..]).map_err(|e| e.to_string())?;
		let version = rpc
			.call("state_getRuntimeVersion", json!([]))
			.map_err(rpc_err("state_getRuntimeVersion"))?;
		let field = |name: &str| {
			version[name].as_u64().and_then(|v| u32::try_from(v).ok()).ok_or(format!("no {name}"))
		};
		let versions = (field("specVersion")?, field("transactionVersion")?);
		Ok(Chain { rpc, genesis, versions })
	}

	/// Signs `call` from `signer` with `nonce` for this chain.
	pub fn sign(
		&self,
		signer: &sr25519::Pair,
		call: RuntimeCall,
		nonce: u32,
	) -> UncheckedExtrinsic {
		medchain_runtime::sign_extrinsic(signer, call, nonce, self.genesis, self.versions)
	}

	/// The best block's number.
	pub fn best_number(&mut self) -> Result<u32, String> {
		number_of(&self.rpc.call("chain_getHeader", json!([])).map_err(rpc_err("chain_getHeader"))?)
	}

	/// The best block's timestamp (ms since the Unix epoch).
	pub fn now_ms(&mut self) -> Result<u64, String> {
		let best = self.best_number()?;
		Ok(self.block(best)?.timestamp)
	}

	/// The finalised head's number.
	pub fn finalized_number(&mut self) -> Result<u32, String> {
		let hash = self
			.rpc
			.call("chain_getFinalizedHead", json!([]))
			.map_err(rpc_err("chain_getFinalizedHead"))?;
		number_of(
			&self.rpc.call("chain_getHeader", json!([hash])).map_err(rpc_err("chain_getHeader"))?,
		)
	}

	/// Block `number` of the best chain, with its extrinsics' hashes, timestamp and failures.
	pub fn block(&mut self, number: u32) -> Result<Block, String> {
		let hash = self
			.rpc
			.call("chain_getBlockHash", json!([number]))
			.map_err(rpc_err("chain_getBlockHash"))?;
		let hash = hash.as_str().ok_or(format!("no block #{number}"))?.to_string();
		let block =
			self.rpc.call("chain_getBlock", json!([hash])).map_err(rpc_err("chain_getBlock"))?;
		let encoded = block["block"]["extrinsics"]
			.as_array()
			.ok_or("a block without extrinsics")?
			.iter()
			.map(bytes_of)
			.collect::<Result<Vec<_>, _>>()?;
		let extrinsics =
			encoded.iter().map(|xt| Hash::from(sp_io::hashing::blake2_256(xt))).collect();
		// The runtime puts the `timestamp.set` inherent first in every block it builds.
		let timestamp = encoded
			.first()
			.and_then(|xt| UncheckedExtrinsic::decode(&mut &xt[..]).ok())
			.and_then(|xt| match xt.function {
				RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }) => Some(now),
				_ => None,
			})
			.unwrap_or(0);
		let failed = self
			.events_at(&hash)?
			.into_iter()
			.filter_map(|record| match (record.phase, record.event) {
				(
					frame_system::Phase::ApplyExtrinsic(index),
					RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }),
				) => Some(index),
				_ => None,
			})
			.collect();
		Ok(Block { hash, timestamp, extrinsics, failed })
	}

	/// The events of the block with this hash.
	pub fn events_at(
		&mut self,
		hash: &str,
	) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, Hash>>, String> {
		let key = [twox_128(b"System"), twox_128(b"Events")].concat();
		let value = self
			.rpc
			.call("state_getStorage", json!([format!("0x{}", hex::encode(key)), hash]))
			.map_err(rpc_err("state_getStorage"))?;
		if value.is_null() {
			return Ok(Vec::new());
		}
		Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &bytes_of(&value)?[..])
			.map_err(|e| format!("events of {hash}: {e}"))
	}

	/// The next nonce of `account`, as the node's pool sees it.
	pub fn next_nonce(&mut self, account: &AccountId) -> Result<u32, String> {
		let nonce = self
			.rpc
			.call("system_accountNextIndex", json!([account.to_string()]))
			.map_err(rpc_err("system_accountNextIndex"))?;
		nonce.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or(format!("bad nonce {nonce}"))
	}

	/// Submits every call (each signer's with the nonces that follow the pool's, in order),
	/// waits until finalised blocks hold them all, and fails if any of them failed. For the
	/// setup of a workload, which is not measured. Sent in rounds of [`SETUP_ROUND`] (and at
	/// most the gate's `MAX_PENDING` from one signer, what the pool takes of it), each
	/// finalised before the next, so the pool never holds more than a round.
	pub fn run_all(&mut self, calls: Vec<(sr25519::Pair, RuntimeCall)>) -> Result<(), String> {
		let mut nonces: HashMap<AccountId, u32> = HashMap::new();
		for round in rounds(calls) {
			let round = &round[..];
			let mut pending: HashSet<Hash> = HashSet::new();
			let start = self.finalized_number()?;
			for chunk in round.chunks(1_000) {
				let mut encoded = Vec::new();
				for (signer, call) in chunk {
					let who = AccountId::from(signer.public());
					let nonce = match nonces.get_mut(&who) {
						Some(nonce) => {
							*nonce += 1;
							*nonce
						},
						None => {
							let nonce = self.next_nonce(&who)?;
							nonces.insert(who, nonce);
							nonce
						},
					};
					let xt = self.sign(signer, call.clone(), nonce).encode();
					pending.insert(Hash::from(sp_io::hashing::blake2_256(&xt)));
					encoded.push(json!([format!("0x{}", hex::encode(xt))]));
				}
				for (i, result) in self
					.rpc
					.batch("author_submitExtrinsic", &encoded)
					.map_err(rpc_err("author_submitExtrinsic"))?
					.into_iter()
					.enumerate()
				{
					if let Err(error) = result {
						return Err(format!("setup transaction {i} refused by the pool: {error}"));
					}
				}
			}
			self.wait_finalised(start, pending)?;
		}
		Ok(())
	}

	/// Waits until blocks after #`start`, finalised, hold every extrinsic in `pending`; fails
	/// if one of them failed or the wait is too long.
	fn wait_finalised(&mut self, start: u32, mut pending: HashSet<Hash>) -> Result<(), String> {
		let deadline = Instant::now() + Duration::from_secs(120 + pending.len() as u64 / 20);
		let mut searched = start;
		while !pending.is_empty() {
			if Instant::now() > deadline {
				return Err(format!("{} setup transactions not finalised in time", pending.len()));
			}
			let finalized = self.finalized_number()?;
			for number in searched + 1..=finalized {
				let block = self.block(number)?;
				for (index, hash) in block.extrinsics.iter().enumerate() {
					if pending.remove(hash) && block.failed.contains(&(index as u32)) {
						return Err(format!(
							"a setup transaction failed in block #{number}: {:?}",
							self.failure(&block.hash, index as u32)
						));
					}
				}
			}
			searched = finalized;
			std::thread::sleep(Duration::from_millis(300));
		}
		Ok(())
	}

	/// The dispatch error of extrinsic `index` in the block with this hash.
	pub fn failure(&mut self, hash: &str, index: u32) -> Option<sp_runtime::DispatchError> {
		self.events_at(hash).ok()?.into_iter().find_map(|record| {
			match (record.phase, record.event) {
				(
					frame_system::Phase::ApplyExtrinsic(i),
					RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
						dispatch_error,
						..
					}),
				) if i == index => Some(dispatch_error),
				_ => None,
			}
		})
	}
}

/// `calls` in order, cut into rounds of at most [`SETUP_ROUND`] calls and at most the gate's
/// `MAX_PENDING` from any one signer.
fn rounds(calls: Vec<(sr25519::Pair, RuntimeCall)>) -> Vec<Vec<(sr25519::Pair, RuntimeCall)>> {
	let per_signer = pallet_consortium::extension::MAX_PENDING as usize;
	let mut rounds = Vec::new();
	let mut round = Vec::new();
	let mut counts: HashMap<AccountId, usize> = HashMap::new();
	for (signer, call) in calls {
		let who = AccountId::from(signer.public());
		if round.len() >= SETUP_ROUND || counts.get(&who).copied().unwrap_or(0) >= per_signer {
			rounds.push(std::mem::take(&mut round));
			counts.clear();
		}
		*counts.entry(who).or_default() += 1;
		round.push((signer, call));
	}
	if !round.is_empty() {
		rounds.push(round);
	}
	rounds
}
