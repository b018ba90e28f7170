//! The Ethereum peer: the systems in the seeds were built on Ethereum, so the open-loop
//! measurement can run the same mix on an Ethereum development node beside medchain, on the
//! same machine, through the same harness (`throughput::run_on`). The node is anvil (npm's
//! `@foundry-rs/anvil`) mining a block every slot; the contract is seed S3's record contract
//! (`bench/ethereum/MedicalRecords.sol`, compiled with npm's `solc` by
//! `scripts/bench.sh --ethereum`): staff register, patients authorise readers, staff anchor a
//! record's digest and CID for a patient who authorised them. Transactions go through
//! `eth_sendTransaction` from anvil's unlocked development accounts, each with its nonce set
//! here, so that they are signed by the node as medchain's are pre-signed by the bench: the
//! signing is not what either side measures.

use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use alloy_sol_types::{sol, SolCall};
use codec::Encode;
use medchain_runtime::SLOT_DURATION;
use serde_json::{json, Value};

use crate::{
	chain::Block,
	rpc::Rpc,
	throughput::{self, id_of, Follow, Outcome, Pace, Submission, BATCH},
};

sol! {
	function registerStaff();
	function authorise(address reader, uint64 until);
	function addRecord(address patient, bytes32 contentHash, bytes cid) returns (uint256 id);
}

/// Anchors to each authorisation in the mix, as in medchain's.
const ANCHORS_PER_GRANT: usize = 3;
/// Authorisations' expiry (Unix seconds, 2100-01-01): they never lapse during a run.
const FAR_FUTURE: u64 = 4_102_444_800;
/// What a transaction may pay a unit of gas, in wei: far above what the base fee reaches in
/// a run (it starts at 1 gwei and grows 12.5 % a full block), so none waits on its price.
const MAX_FEE: u128 = 1_000_000_000_000;
/// The tip, in wei.
const TIP: u128 = 1_000_000_000;
/// How long setup waits for its transactions.
const SETUP_TIMEOUT: Duration = Duration::from_secs(120);

fn hex_u64(value: &Value) -> Result<u64, String> {
	let text = value.as_str().ok_or_else(|| format!("not a hex quantity: {value}"))?;
	u64::from_str_radix(text.trim_start_matches("0x"), 16).map_err(|e| format!("{text}: {e}"))
}

fn quantity(value: u128) -> String {
	format!("{value:#x}")
}

/// The anvil binary of npm's platform package (`@foundry-rs/anvil-linux-amd64`, …) under
/// `dir`'s `node_modules`: the package's own `bin` entry is a Node.js wrapper that starts it
/// as a child, which neither stopping the wrapper nor its CPU time would reach.
pub fn anvil_binary(dir: &Path) -> Result<PathBuf, String> {
	let packages = dir.join("node_modules/@foundry-rs");
	std::fs::read_dir(&packages)
		.map_err(|e| {
			format!("{}: {e} (scripts/bench.sh --ethereum installs it)", packages.display())
		})?
		.flatten()
		.filter(|entry| entry.file_name().to_string_lossy().starts_with("anvil-"))
		.map(|entry| entry.path().join("bin/anvil"))
		.find(|binary| binary.is_file())
		.ok_or_else(|| format!("no anvil platform package under {}", packages.display()))
}

/// An anvil node the bench started on a free loopback port, mining a block a slot.
pub struct Anvil {
	child: Child,
	/// Its JSON-RPC port on 127.0.0.1.
	pub port: u16,
	log: PathBuf,
}

impl Anvil {
	/// Starts `binary` with `accounts` funded, unlocked development accounts (and a block gas
	/// limit of `gas_limit`, if given) and waits until it answers.
	pub fn start(binary: &Path, accounts: usize, gas_limit: Option<u64>) -> Result<Anvil, String> {
		let log =
			std::env::temp_dir().join(format!("medchain-bench-anvil-{}.log", std::process::id()));
		let log_file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
		let block_time = (SLOT_DURATION / 1_000).max(1).to_string();
		let child = Command::new(binary)
			.args(["--host", "127.0.0.1", "--port", "0", "--block-time", &block_time])
			.args(["--accounts", &accounts.to_string(), "--balance", "1000000"])
			// First come, first served, as medchain's pool serves equal priorities.
			.args(["--order", "fifo"])
			// The `finalized` tag two blocks behind the head: the nearest a development node
			// comes to finality (one slot an epoch; mainnet's is two epochs, ≈ 12.8 min).
			.args(["--slots-in-an-epoch", "1"])
			.args(gas_limit.map(|limit| format!("--gas-limit={limit}")))
			.stdout(log_file)
			.stderr(Stdio::null())
			.spawn()
			.map_err(|e| format!("starting {}: {e}", binary.display()))?;
		let mut anvil = Anvil { child, port: 0, log };
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			let text = std::fs::read_to_string(&anvil.log).unwrap_or_default();
			if let Some(port) = text
				.lines()
				.find_map(|line| line.trim().strip_prefix("Listening on 127.0.0.1:"))
				.and_then(|port| port.trim().parse().ok())
			{
				anvil.port = port;
				if Rpc::new(port).call("eth_blockNumber", json!([])).is_ok() {
					return Ok(anvil);
				}
			}
			if let Ok(Some(status)) = anvil.child.try_wait() {
				return Err(format!("anvil exited ({status}):\n{text}"));
			}
			if Instant::now() > deadline {
				return Err(format!("anvil did not answer within 60 s:\n{text}"));
			}
			std::thread::sleep(Duration::from_millis(200));
		}
	}

	/// The node's process id.
	pub fn pid(&self) -> u32 {
		self.child.id()
	}

	/// The version anvil reports.
	pub fn version(binary: &Path) -> String {
		Command::new(binary)
			.arg("--version")
			.output()
			.ok()
			.and_then(|out| String::from_utf8(out.stdout).ok())
			.and_then(|text| {
				text.lines().next().map(|line| line.trim().replace("Version: ", "").to_string())
			})
			.unwrap_or_else(|| "anvil".into())
	}
}

impl Drop for Anvil {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
		let _ = std::fs::remove_file(&self.log);
	}
}

/// Follows the peer's blocks for the harness.
pub struct Follower {
	rpc: Rpc,
}

impl Follower {
	fn block_number(&mut self, tag: &str) -> Result<u32, String> {
		let block = self
			.rpc
			.call("eth_getBlockByNumber", json!([tag, false]))
			.map_err(|e| format!("eth_getBlockByNumber {tag}: {e}"))?;
		u32::try_from(hex_u64(&block["number"])?).map_err(|e| e.to_string())
	}
}

impl Follow for Follower {
	fn best_number(&mut self) -> Result<u32, String> {
		self.block_number("latest")
	}

	fn finalized_number(&mut self) -> Result<u32, String> {
		self.block_number("finalized")
	}

	fn block(&mut self, number: u32) -> Result<Block, String> {
		let tag = quantity(number.into());
		let block = self
			.rpc
			.call("eth_getBlockByNumber", json!([tag, false]))
			.map_err(|e| format!("eth_getBlockByNumber {tag}: {e}"))?;
		let extrinsics = block["transactions"]
			.as_array()
			.ok_or_else(|| format!("block {number} without transactions: {block}"))?
			.iter()
			.map(|hash| id_of(hash).ok_or_else(|| format!("not a transaction hash: {hash}")))
			.collect::<Result<Vec<_>, String>>()?;
		let receipts = self
			.rpc
			.call("eth_getBlockReceipts", json!([tag]))
			.map_err(|e| format!("eth_getBlockReceipts {tag}: {e}"))?;
		let failed = receipts
			.as_array()
			.map(|receipts| {
				(0..)
					.zip(receipts)
					.filter(|(_, receipt)| receipt["status"].as_str() != Some("0x1"))
					.map(|(index, _)| index)
					.collect()
			})
			.unwrap_or_default();
		Ok(Block {
			hash: block["hash"].as_str().unwrap_or_default().to_string(),
			// Ethereum's timestamps are in seconds.
			timestamp: hex_u64(&block["timestamp"])? * 1_000,
			extrinsics,
			failed,
		})
	}

	fn pending(&mut self) -> Option<usize> {
		let status = self.rpc.call("txpool_status", json!([])).ok()?;
		Some((hex_u64(&status["pending"]).ok()? + hex_u64(&status["queued"]).ok()?) as usize)
	}
}

/// The peer with its contract deployed and its cast set up: `k` doctors registered as staff,
/// `k` patients, patient i having authorised doctor i, and one record anchored.
pub struct Peer {
	rpc: Rpc,
	port: u16,
	pid: u32,
	contract: String,
	doctors: Vec<String>,
	patients: Vec<String>,
	/// Each account's next nonce, by its place in `doctors` then `patients`.
	nonces: Vec<u64>,
	/// Gas each kind of transaction is sent with (estimated at setup, with a margin).
	gas: Gas,
}

#[derive(Clone, Copy)]
struct Gas {
	anchor: u64,
	grant: u64,
}

/// One of the mix's transactions before it has a nonce.
enum Action {
	Anchor { doctor: usize, n: usize },
	Grant { patient: usize, n: usize },
}

impl Peer {
	/// Deploys the contract (`bytecode`, hex) on the anvil node, registers `k` doctors as staff
	/// and has patient i authorise doctor i.
	pub fn set_up(anvil: &Anvil, bytecode: &str, k: usize) -> Result<Peer, String> {
		let mut rpc = Rpc::new(anvil.port);
		let accounts: Vec<String> = rpc
			.call("eth_accounts", json!([]))
			.map_err(|e| format!("eth_accounts: {e}"))?
			.as_array()
			.map(|list| list.iter().filter_map(|a| a.as_str().map(str::to_string)).collect())
			.unwrap_or_default();
		if accounts.len() < 2 * k + 1 {
			return Err(format!(
				"anvil has {} accounts, the cast needs {}",
				accounts.len(),
				2 * k + 1
			));
		}
		let deployer = accounts[0].clone();
		let deploy = json!({
			"from": deployer,
			"data": format!("0x{}", bytecode.trim().trim_start_matches("0x")),
			"gas": quantity(3_000_000),
		});
		let receipts = send_and_wait(&mut rpc, vec![json!([deploy])])?;
		let contract = receipts[0]["contractAddress"]
			.as_str()
			.ok_or("the deployment's receipt names no contract")?
			.to_string();
		let mut peer = Peer {
			rpc,
			port: anvil.port,
			pid: anvil.pid(),
			contract,
			doctors: accounts[1..=k].to_vec(),
			patients: accounts[k + 1..=2 * k].to_vec(),
			nonces: vec![0; 2 * k],
			gas: Gas { anchor: 0, grant: 0 },
		};
		let mut setup = Vec::with_capacity(2 * k);
		for i in 0..k {
			setup.push(peer.transaction(i, registerStaffCall {}.abi_encode(), 200_000));
			let until = authoriseCall {
				reader: peer.doctors[i].parse().map_err(|e| format!("{e}"))?,
				until: FAR_FUTURE,
			};
			setup.push(peer.transaction(k + i, until.abi_encode(), 200_000));
		}
		// One record first, so that the estimate below is of the steady state (the record
		// list's length already set), not of the first record.
		let first = peer.calldata(&Action::Anchor { doctor: 0, n: usize::MAX })?;
		setup.push(peer.transaction(0, first, 500_000));
		send_and_wait(&mut peer.rpc, setup)?;
		// What an anchor and a new authorisation cost, from the node, with 10 % to spare: a
		// transaction's gas limit is what a block reserves for it, so a generous one would
		// understate the peer's capacity.
		let anchor = peer.calldata(&Action::Anchor { doctor: 0, n: usize::MAX - 1 })?;
		let grant = peer.calldata(&Action::Grant { patient: 0, n: 0 })?;
		peer.gas = Gas { anchor: peer.estimate(0, &anchor)?, grant: peer.estimate(k, &grant)? };
		let block = peer
			.rpc
			.call("eth_getBlockByNumber", json!(["latest", false]))
			.map_err(|e| format!("eth_getBlockByNumber: {e}"))?;
		eprintln!(
			"[bench]   gas: an anchor {}, an authorisation {} (estimates + 10 %), a block {}",
			peer.gas.anchor,
			peer.gas.grant,
			hex_u64(&block["gasLimit"])?
		);
		Ok(peer)
	}

	/// The account at `who`: doctors, then patients.
	fn account(&self, who: usize) -> &str {
		match who.checked_sub(self.doctors.len()) {
			None => &self.doctors[who],
			Some(patient) => &self.patients[patient],
		}
	}

	/// The node's gas estimate for `data` sent by the account at `who`, with 10 % to spare.
	fn estimate(&mut self, who: usize, data: &[u8]) -> Result<u64, String> {
		let call = json!({
			"from": self.account(who),
			"to": self.contract,
			"data": format!("0x{}", hex::encode(data)),
		});
		let gas = self
			.rpc
			.call("eth_estimateGas", json!([call]))
			.map_err(|e| format!("eth_estimateGas: {e}"))?;
		Ok(hex_u64(&gas)? * 11 / 10)
	}

	/// An `eth_sendTransaction` parameter from the account at `who` (doctors, then
	/// patients), with its next nonce.
	fn transaction(&mut self, who: usize, data: Vec<u8>, gas: u64) -> Value {
		let from = self.account(who).to_string();
		let nonce = self.nonces[who];
		self.nonces[who] += 1;
		json!([{
			"from": from,
			"to": self.contract,
			"data": format!("0x{}", hex::encode(data)),
			"gas": quantity(gas.into()),
			"nonce": quantity(nonce.into()),
			"maxFeePerGas": quantity(MAX_FEE),
			"maxPriorityFeePerGas": quantity(TIP),
		}])
	}

	/// The call data of one of the mix's transactions: doctor d anchors a record (a distinct
	/// digest and its real CIDv1, 36 bytes, as medchain keeps it) for patient d; patient p
	/// authorises the next doctors in turn.
	fn calldata(&self, action: &Action) -> Result<Vec<u8>, String> {
		let address = |text: &str| text.parse().map_err(|e| format!("{text}: {e}"));
		Ok(match *action {
			Action::Anchor { doctor, n } => {
				let digest = sp_io::hashing::blake2_256(&(doctor as u64, n as u64).encode());
				let cid = medchain_primitives::raw_cid_v1(&digest);
				let cid = medchain_primitives::parse_cid_v1(cid.as_bytes())
					.ok_or("a raw CIDv1 parses")?;
				addRecordCall {
					patient: address(&self.patients[doctor])?,
					contentHash: digest.into(),
					cid: cid.into(),
				}
				.abi_encode()
			},
			Action::Grant { patient, n } => {
				let reader = &self.doctors[(patient + 1 + n) % self.doctors.len()];
				authoriseCall { reader: address(reader)?, until: FAR_FUTURE + n as u64 }
					.abi_encode()
			},
		})
	}

	/// `count` transactions of the mix (three anchors by the doctors to each authorisation
	/// by a patient, round-robin over the accounts, as medchain's); `run` keeps records
	/// distinct between calls.
	pub fn mixed(&mut self, count: usize, run: u32) -> Result<Vec<Value>, String> {
		let k = self.doctors.len();
		let grants = count / (ANCHORS_PER_GRANT + 1);
		let anchors = count - grants;
		let offset = run as usize * 1_000_000_000;
		let mut params = Vec::with_capacity(count);
		let mut grants_sent = 0;
		for i in 0..anchors {
			let action = Action::Anchor { doctor: i % k, n: offset + i / k };
			let data = self.calldata(&action)?;
			params.push(self.transaction(i % k, data, self.gas.anchor));
			if (i + 1) % ANCHORS_PER_GRANT == 0 && grants_sent < grants {
				params.push(self.grant(grants_sent, offset)?);
				grants_sent += 1;
			}
		}
		while grants_sent < grants {
			params.push(self.grant(grants_sent, offset)?);
			grants_sent += 1;
		}
		Ok(params)
	}

	fn grant(&mut self, j: usize, offset: usize) -> Result<Value, String> {
		let k = self.doctors.len();
		let data = self.calldata(&Action::Grant { patient: j % k, n: offset + j / k })?;
		Ok(self.transaction(k + j % k, data, self.gas.grant))
	}

	/// Sends `params` at `pace` through the harness and waits at most `timeout`.
	pub fn send(
		&self,
		params: Vec<Value>,
		pace: Pace,
		timeout: Duration,
	) -> Result<Outcome, String> {
		let follower = Follower { rpc: Rpc::new(self.port) };
		let submission = Submission {
			method: "eth_sendTransaction",
			name: "authorisations and anchors (3:1)",
			params,
		};
		throughput::run_on(follower, self.port, Some(self.pid), submission, pace, timeout)
	}
}

/// Sends setup transactions (`eth_sendTransaction` parameters) and waits until each has a
/// successful receipt; their receipts, in order.
fn send_and_wait(rpc: &mut Rpc, params: Vec<Value>) -> Result<Vec<Value>, String> {
	let mut hashes = Vec::with_capacity(params.len());
	for chunk in params.chunks(BATCH) {
		for answer in rpc.batch("eth_sendTransaction", chunk).map_err(|e| e.to_string())? {
			hashes.push(answer.map_err(|e| format!("eth_sendTransaction refused: {e}"))?);
		}
	}
	let deadline = Instant::now() + SETUP_TIMEOUT;
	let mut receipts = vec![Value::Null; hashes.len()];
	while receipts.iter().any(Value::is_null) {
		if Instant::now() > deadline {
			return Err("setup transactions not mined within 120 s".into());
		}
		std::thread::sleep(Duration::from_millis(250));
		for (i, hash) in hashes.iter().enumerate() {
			if !receipts[i].is_null() {
				continue;
			}
			let receipt = rpc
				.call("eth_getTransactionReceipt", json!([hash]))
				.map_err(|e| format!("eth_getTransactionReceipt: {e}"))?;
			if !receipt.is_null() {
				if receipt["status"].as_str() != Some("0x1") {
					return Err(format!("setup transaction {hash} reverted: {receipt}"));
				}
				receipts[i] = receipt;
			}
		}
	}
	Ok(receipts)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn peer(k: usize) -> Peer {
		let account = |i: usize| format!("0x{:040x}", i + 1);
		Peer {
			rpc: Rpc::new(1),
			port: 1,
			pid: 0,
			contract: account(999),
			doctors: (0..k).map(account).collect(),
			patients: (k..2 * k).map(account).collect(),
			nonces: vec![0; 2 * k],
			gas: Gas { anchor: 150_000, grant: 50_000 },
		}
	}

	#[test]
	fn the_mix_is_three_anchors_to_a_grant_with_each_accounts_nonces_in_order() {
		let mut peer = peer(5);
		let params = peer.mixed(40, 1).expect("the mix");
		assert_eq!(params.len(), 40);
		let selector = |p: &Value| p[0]["data"].as_str().expect("data")[2..10].to_string();
		let grant = hex::encode(authoriseCall::SELECTOR);
		let anchor = hex::encode(addRecordCall::SELECTOR);
		assert_eq!(params.iter().filter(|p| selector(p) == grant).count(), 10);
		assert_eq!(params.iter().filter(|p| selector(p) == anchor).count(), 30);
		assert_eq!(selector(&params[3]), grant);
		// Every account's nonces run 0, 1, 2, … in the order sent.
		let mut next = std::collections::HashMap::new();
		for p in &params {
			let nonce = hex_u64(&p[0]["nonce"]).expect("nonce");
			let expected = next.entry(p[0]["from"].to_string()).or_insert(0);
			assert_eq!(nonce, *expected);
			*expected += 1;
		}
		// A second run's records differ from the first's.
		let again = peer.mixed(4, 2).expect("the mix");
		assert_ne!(again[0][0]["data"], params[0][0]["data"]);
	}

	#[test]
	fn an_anchor_carries_the_records_binary_cid() {
		let peer = peer(2);
		let data = peer.calldata(&Action::Anchor { doctor: 1, n: 7 }).expect("call data");
		let call = addRecordCall::abi_decode(&data).expect("decodes");
		assert_eq!(call.cid.len(), 36);
		assert_eq!(call.patient.to_string().to_lowercase(), peer.patients[1]);
	}
}
