//! Helpers for node-level tests: start the real `medchain-node` binary on free loopback
//! ports, talk JSON-RPC to it, build and sign extrinsics, and stop it.
//!
//! JSON-RPC goes over plain HTTP/1.1 on a `TcpStream`: the tests need no async runtime and
//! no RPC client crate, so they turn on no dependency feature that the node alone does not
//! (which would make `cargo build` and `cargo test` compile parts of the graph twice).

#![allow(dead_code)] // each test binary uses its own part of these helpers

use std::{
	io::{Read, Write},
	net::TcpStream,
	path::PathBuf,
	process::{Child, Command, ExitStatus, Stdio},
	sync::{
		atomic::{AtomicUsize, Ordering},
		Mutex, OnceLock,
	},
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use medchain_runtime::{AccountId, Hash, RuntimeCall, RuntimeEvent, UncheckedExtrinsic, VERSION};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sp_io::hashing::twox_128;

/// How long a test waits for anything the chain should do within a few slots.
pub const CHAIN_TIMEOUT: Duration = Duration::from_secs(120);

/// Fixed network keys (`000…0i`, i = 1…6): an authority on a non-development chain needs
/// one (the node will not invent one for it), and a fixed key gives a known peer id to boot
/// from. `PEER_IDS[i - 1]` is the peer id `node_key(i)` gives.
pub fn node_key(i: usize) -> String {
	format!("{i:064}")
}

/// The peer ids of [`node_key`] 1…6 (from `medchain-node key inspect-node-key`).
pub const PEER_IDS: [&str; 6] = [
	"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp",
	"12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD",
	"12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x",
	"12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st",
	"12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2",
	"12D3KooWMz5U7fR8mF5DNhZSSyFN8c19kU63xYopzDSNCzoFigYk",
];

/// The binary under test, built by cargo for this test run.
pub fn node_binary() -> PathBuf {
	PathBuf::from(env!("CARGO_BIN_EXE_medchain-node"))
}

/// A running `medchain-node` process. Killed if dropped without [`Node::stop`].
pub struct Node {
	pub name: String,
	/// The JSON-RPC port, as the node reports it once it listens (see [`Node::rpc_port`]).
	rpc_port: OnceLock<u16>,
	pid: u32,
	child: Mutex<Option<Child>>,
	log: PathBuf,
}

impl Node {
	/// Starts the node with `args`, JSON-RPC and p2p on 127.0.0.1, and no telemetry,
	/// Prometheus or mDNS (so that parallel tests cannot find each other).
	///
	/// Both ports are the node's own choice (port 0), read back from it
	/// ([`Node::rpc_port`], [`Node::p2p_address`]). A port picked here and passed to the node
	/// could be taken by another process before the node binds it: the node then silently
	/// serves JSON-RPC on a random port instead (sc-cli's `retry_random_port`), leaving the
	/// test talking to whatever holds the first one, or cannot listen for peers at all.
	pub fn start(name: &str, args: &[&str]) -> Node {
		static STARTED: AtomicUsize = AtomicUsize::new(0);
		let n = STARTED.fetch_add(1, Ordering::Relaxed);
		let log = std::env::temp_dir()
			.join(format!("medchain-test-{name}-{}-{n}.log", std::process::id()));
		let log_file = std::fs::File::create(&log).expect("create the node's log file");
		let child = Command::new(node_binary())
			.args(args)
			.args([
				"--rpc-port",
				"0",
				"--listen-addr",
				"/ip4/127.0.0.1/tcp/0",
				"--no-prometheus",
				"--no-telemetry",
				"--no-mdns",
			])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("start medchain-node");
		Node {
			name: name.into(),
			rpc_port: OnceLock::new(),
			pid: child.id(),
			child: Mutex::new(Some(child)),
			log,
		}
	}

	/// The address other nodes reach this one at (`/ip4/127.0.0.1/tcp/PORT/p2p/PEER_ID`),
	/// as the node reports it.
	pub fn p2p_address(&self) -> String {
		self.wait_for("a p2p listen address", || {
			let addresses = self.try_call("system_localListenAddresses", json!([])).ok()?;
			addresses.as_array()?.iter().find_map(|address| {
				let address = address.as_str()?;
				address.starts_with("/ip4/127.0.0.1/tcp/").then(|| address.to_string())
			})
		})
	}

	/// The port the node's JSON-RPC server listens on, from its log line
	/// `Running JSON-RPC server: addr=127.0.0.1:PORT,[::1]:PORT`; `None` until it listens.
	pub fn rpc_port(&self) -> Option<u16> {
		if let Some(port) = self.rpc_port.get() {
			return Some(*port);
		}
		let log = std::fs::read_to_string(&self.log).ok()?;
		let addrs =
			log.lines().find_map(|line| line.split_once("Running JSON-RPC server: addr="))?.1;
		// `127.0.0.1:PORT,` — the comma (there even for a single address) shows the line is
		// whole, not half written.
		let port = addrs.split_once("127.0.0.1:")?.1.split_once(',')?.0.parse().ok()?;
		Some(*self.rpc_port.get_or_init(|| port))
	}

	/// Whether the node runs, or how it ended (`ExitStatus` names the exit code, or the signal
	/// that killed it: SIGKILL from outside the test means the OOM killer or another process).
	pub fn process_state(&self) -> String {
		match self.exit_status() {
			None => format!("pid {} still running", self.pid),
			Some(status) => format!("pid {} ended: {status}", self.pid),
		}
	}

	/// One JSON-RPC call; panics on a transport error or a JSON-RPC error.
	pub fn call(&self, method: &str, params: Value) -> Value {
		self.try_call(method, params).unwrap_or_else(|e| {
			panic!(
				"{}: {method} failed: {e} ({}); log:\n{}",
				self.name,
				self.process_state(),
				self.log_tail()
			)
		})
	}

	/// One JSON-RPC call over HTTP/1.1.
	pub fn try_call(&self, method: &str, params: Value) -> Result<Value, String> {
		let body =
			json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
		let port = self.rpc_port().ok_or("the node has not reported a JSON-RPC address yet")?;
		let mut stream = TcpStream::connect(("127.0.0.1", port))
			.map_err(|e| format!("connect to {port}: {e}"))?;
		stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
		write!(
			stream,
			// The node's host filter wants the port in `Host` (as every HTTP client sends it).
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
			port,
			body.len()
		)
		.map_err(|e| format!("send: {e}"))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).map_err(|e| format!("receive: {e}"))?;
		let response = String::from_utf8(response).map_err(|e| format!("not UTF-8: {e}"))?;
		let (head, body) = response.split_once("\r\n\r\n").ok_or("no HTTP header")?;
		if !head.starts_with("HTTP/1.1 200") {
			return Err(format!("HTTP error: {head}"));
		}
		let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
			dechunk(body)?
		} else {
			body.to_string()
		};
		let mut reply: Value =
			serde_json::from_str(&body).map_err(|e| format!("bad JSON ({e}): {body}"))?;
		match reply.get("error") {
			Some(error) => Err(format!("JSON-RPC error: {error}")),
			None => Ok(reply["result"].take()),
		}
	}

	/// The last lines of the node's log, for failure messages.
	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	/// The best block the node found in its database when it started (sc-service logs
	/// "Highest known block at #N" before it syncs anything).
	pub fn highest_known_at_start(&self) -> Option<u32> {
		let log = std::fs::read_to_string(&self.log).ok()?;
		let line = log.lines().find(|line| line.contains("Highest known block at #"))?;
		line.rsplit('#').next()?.trim().parse().ok()
	}

	/// How the node exited, if it has.
	pub fn exit_status(&self) -> Option<ExitStatus> {
		let mut child = self.child.lock().expect("the child lock is never poisoned");
		child.as_mut().and_then(|child| child.try_wait().expect("wait for the node"))
	}

	/// Asks the node to shut down (SIGINT, as Ctrl-C would) and asserts that it exits with
	/// success within 60 s.
	pub fn stop_cleanly(mut self) {
		let mut child = self
			.child
			.get_mut()
			.expect("the child lock is never poisoned")
			.take()
			.expect("a node is stopped once");
		let interrupted = Command::new("kill")
			.args(["-INT", &child.id().to_string()])
			.status()
			.expect("run kill");
		assert!(interrupted.success(), "could not signal {}", self.name);
		let deadline = Instant::now() + Duration::from_secs(60);
		let status = loop {
			if let Some(status) = child.try_wait().expect("wait for the node") {
				break status;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				let _ = child.wait();
				panic!("{} did not exit within 60 s of SIGINT:\n{}", self.name, self.log_tail());
			}
			std::thread::sleep(Duration::from_millis(100));
		};
		assert!(status.success(), "{} exited with {status}; log:\n{}", self.name, self.log_tail());
		let _ = std::fs::remove_file(&self.log);
	}

	/// Kills the node with SIGKILL (no shutdown at all, as a crash or a power cut) and waits
	/// for it to be gone.
	pub fn kill_hard(&self) {
		let mut child = self
			.child
			.lock()
			.expect("the child lock is never poisoned")
			.take()
			.expect("a node is killed once");
		child.kill().expect("SIGKILL the node");
		child.wait().expect("reap the node");
		let _ = std::fs::remove_file(&self.log);
	}

	/// Polls `check` every 500 ms until it returns `Some`; panics with `what` after
	/// [`CHAIN_TIMEOUT`], or as soon as the node has exited.
	pub fn wait_for<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
		let deadline = Instant::now() + CHAIN_TIMEOUT;
		loop {
			if let Some(found) = check() {
				return found;
			}
			if let Some(status) = self.exit_status() {
				panic!(
					"{} exited ({status}) while waiting for {what}; log:\n{}",
					self.name,
					self.log_tail()
				);
			}
			if Instant::now() > deadline {
				panic!("{}: timed out waiting for {what}; log:\n{}", self.name, self.log_tail());
			}
			std::thread::sleep(Duration::from_millis(500));
		}
	}

	/// Waits until the node answers JSON-RPC at all.
	pub fn wait_for_rpc(&self) {
		self.wait_for("JSON-RPC to answer", || self.try_call("system_health", json!([])).ok());
	}

	/// The number and hash of the node's finalised head.
	pub fn finalized_head(&self) -> (u32, String) {
		let hash = self.call("chain_getFinalizedHead", json!([]));
		let header = self.call("chain_getHeader", json!([hash]));
		(header_number(&header), hash.as_str().expect("a hash string").to_string())
	}

	/// Waits until the node has finalised block `number` (or a later one); returns the head.
	pub fn wait_for_finalized(&self, number: u32) -> (u32, String) {
		self.wait_for(&format!("a finalised block >= {number}"), || {
			let head = self.finalized_head();
			(head.0 >= number).then_some(head)
		})
	}

	/// The hash of block `number` on the node's best chain.
	pub fn block_hash(&self, number: u32) -> String {
		self.call("chain_getBlockHash", json!([number]))
			.as_str()
			.expect("a known block has a hash")
			.to_string()
	}

	/// The genesis hash of the chain the node runs.
	pub fn genesis_hash(&self) -> Hash {
		hash_from_hex(&self.call("chain_getBlockHash", json!([0])))
	}

	/// The spec and transaction versions of the runtime at the best block.
	pub fn runtime_version(&self) -> (u32, u32) {
		let version = self.call("state_getRuntimeVersion", json!([]));
		let field = |name: &str| {
			u32::try_from(version[name].as_u64().expect("a version number")).expect("fits u32")
		};
		(field("specVersion"), field("transactionVersion"))
	}

	/// The next nonce of `account`, as the node's pool sees it.
	pub fn next_nonce(&self, account: &AccountId) -> u32 {
		let nonce = self.call("system_accountNextIndex", json!([account.to_string()]));
		u32::try_from(nonce.as_u64().expect("a nonce is a number")).expect("a nonce fits u32")
	}

	/// Submits `xt`; waits until a finalised block contains it. Returns that block's hash and
	/// the extrinsic's index in it.
	pub fn submit_and_wait_finalized(&self, xt: &UncheckedExtrinsic) -> (String, usize) {
		let encoded = format!("0x{}", hex::encode(xt.encode()));
		let (start, _) = self.finalized_head();
		self.call("author_submitExtrinsic", json!([encoded]));
		self.wait_for("the extrinsic in a finalised block", || {
			let (finalized, _) = self.finalized_head();
			(start + 1..=finalized).find_map(|number| {
				let hash = self.block_hash(number);
				let block = self.call("chain_getBlock", json!([hash]));
				let extrinsics = block["block"]["extrinsics"].as_array()?;
				let index = extrinsics.iter().position(|x| x.as_str() == Some(&encoded))?;
				Some((hash, index))
			})
		})
	}

	/// Submits all of `xts` at once (one signer's in nonce order); waits until finalised
	/// blocks contain every one. Returns each one's block hash and index, in order.
	pub fn submit_all_and_wait_finalized(
		&self,
		xts: &[UncheckedExtrinsic],
	) -> Vec<(String, usize)> {
		let encoded: Vec<String> =
			xts.iter().map(|xt| format!("0x{}", hex::encode(xt.encode()))).collect();
		let (start, _) = self.finalized_head();
		for xt in &encoded {
			self.call("author_submitExtrinsic", json!([xt]));
		}
		let mut found: Vec<Option<(String, usize)>> = vec![None; encoded.len()];
		let mut searched = start;
		self.wait_for("the extrinsics in finalised blocks", || {
			let (finalized, _) = self.finalized_head();
			for number in searched + 1..=finalized {
				let hash = self.block_hash(number);
				let block = self.call("chain_getBlock", json!([hash]));
				let extrinsics = block["block"]["extrinsics"].as_array()?.clone();
				for (index, x) in extrinsics.iter().enumerate() {
					if let Some(i) = encoded.iter().position(|e| x.as_str() == Some(e)) {
						found[i] = Some((hash.clone(), index));
					}
				}
			}
			searched = finalized;
			found.iter().all(Option::is_some).then(|| found.iter().flatten().cloned().collect())
		})
	}

	/// Signs and submits every call at once (each signer's in the order given, with the
	/// nonces that follow the pool's), waits until finalised blocks hold them all, and
	/// asserts each succeeded. Returns each one's block hash and index.
	pub fn submit_all_ok(&self, calls: &[(sr25519::Pair, RuntimeCall)]) -> Vec<(String, usize)> {
		let genesis = self.genesis_hash();
		let versions = self.runtime_version();
		let mut nonces: Vec<(AccountId, u32)> = Vec::new();
		let xts: Vec<UncheckedExtrinsic> = calls
			.iter()
			.map(|(signer, call)| {
				let who = AccountId::from(signer.public());
				let nonce = match nonces.iter_mut().find(|(a, _)| *a == who) {
					Some((_, n)) => {
						*n += 1;
						*n
					},
					None => {
						let n = self.next_nonce(&who);
						nonces.push((who, n));
						n
					},
				};
				signed_extrinsic_for(signer, call.clone(), nonce, genesis, versions)
			})
			.collect();
		let included = self.submit_all_and_wait_finalized(&xts);
		for ((block, index), (_, call)) in included.iter().zip(calls) {
			assert_eq!(self.extrinsic_error(block, *index), None, "{call:?} failed");
		}
		included
	}

	/// The raw value of plain storage item `pallet.item` at the best block, if set.
	pub fn storage_value(&self, pallet: &str, item: &str) -> Option<Vec<u8>> {
		self.storage_value_at(pallet, item, None)
	}

	/// The raw value of plain storage item `pallet.item` at block `at` (best if `None`).
	pub fn storage_value_at(&self, pallet: &str, item: &str, at: Option<&str>) -> Option<Vec<u8>> {
		let key = [twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat();
		let raw = self.call("state_getStorage", json!([format!("0x{}", hex::encode(key)), at]));
		(!raw.is_null()).then(|| decode_hex(&raw))
	}

	/// The events of block `hash`, decoded with the runtime's own types.
	pub fn events_at(&self, hash: &str) -> Vec<frame_system::EventRecord<RuntimeEvent, Hash>> {
		// `System.Events`: twox128("System") ++ twox128("Events").
		let key = [twox_128(b"System"), twox_128(b"Events")].concat();
		let raw = self.call("state_getStorage", json!([format!("0x{}", hex::encode(key)), hash]));
		Vec::decode(&mut &decode_hex(&raw)[..]).expect("System.Events decodes")
	}

	/// Whether extrinsic `index` of block `hash` succeeded (an `ExtrinsicSuccess` event in its
	/// phase).
	pub fn extrinsic_succeeded(&self, hash: &str, index: usize) -> bool {
		self.events_at(hash).iter().any(|record| {
			record.phase == frame_system::Phase::ApplyExtrinsic(index as u32)
				&& matches!(
					record.event,
					RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
				)
		})
	}

	/// The error extrinsic `index` of block `hash` failed with, if it failed.
	pub fn extrinsic_error(&self, hash: &str, index: usize) -> Option<sp_runtime::DispatchError> {
		self.events_at(hash).into_iter().find_map(|record| match record.event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) if record.phase == frame_system::Phase::ApplyExtrinsic(index as u32) => Some(dispatch_error),
			_ => None,
		})
	}

	/// The chain's time at block `hash` (`Timestamp.Now`, ms since the Unix epoch).
	pub fn timestamp_at(&self, hash: &str) -> u64 {
		let key = [twox_128(b"Timestamp"), twox_128(b"Now")].concat();
		let raw = self.call("state_getStorage", json!([format!("0x{}", hex::encode(key)), hash]));
		u64::decode(&mut &decode_hex(&raw)[..]).expect("Timestamp.Now decodes")
	}

	/// Whether any block from `from` to the finalised head holds `xt`.
	pub fn any_block_holds(&self, from: u32, xt: &UncheckedExtrinsic) -> bool {
		let encoded = format!("0x{}", hex::encode(xt.encode()));
		let (finalized, _) = self.finalized_head();
		(from..=finalized).any(|number| {
			let block = self.call("chain_getBlock", json!([self.block_hash(number)]));
			block["block"]["extrinsics"]
				.as_array()
				.is_some_and(|xts| xts.iter().any(|x| x.as_str() == Some(&encoded)))
		})
	}

	/// The Aura slot a block (by hash) was authored in, from its pre-runtime digest.
	pub fn aura_slot(&self, hash: &str) -> u64 {
		let header = self.call("chain_getHeader", json!([hash]));
		header["digest"]["logs"]
			.as_array()
			.expect("a header has digest logs")
			.iter()
			.find_map(|log| {
				let item = sp_runtime::DigestItem::decode(&mut &decode_hex(log)[..]).ok()?;
				item.pre_runtime_try_to::<u64>(&sp_consensus_aura::AURA_ENGINE_ID)
			})
			.expect("every authored block carries its Aura slot")
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.get_mut().ok().and_then(Option::take) {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// The body of a `Transfer-Encoding: chunked` HTTP response.
fn dechunk(mut body: &str) -> Result<String, String> {
	let mut out = String::new();
	loop {
		let (size, rest) = body.split_once("\r\n").ok_or("truncated chunk")?;
		let size = usize::from_str_radix(size.trim(), 16).map_err(|e| e.to_string())?;
		if size == 0 {
			return Ok(out);
		}
		out.push_str(rest.get(..size).ok_or("truncated chunk")?);
		body = rest.get(size + 2..).ok_or("truncated chunk")?;
	}
}

/// The number of a block header as JSON-RPC returns it (a hex string).
fn header_number(header: &Value) -> u32 {
	let hex = header["number"].as_str().expect("a header has a number");
	u32::from_str_radix(hex.trim_start_matches("0x"), 16).expect("a hex block number")
}

fn decode_hex(value: &Value) -> Vec<u8> {
	let text = value.as_str().expect("a hex string");
	hex::decode(text.trim_start_matches("0x")).expect("valid hex")
}

fn hash_from_hex(value: &Value) -> Hash {
	Hash::decode(&mut &decode_hex(value)[..]).expect("a 32-byte hash")
}

/// A signed, immortal extrinsic calling `call` from `signer`, with the given nonce, for the
/// chain whose genesis hash is `genesis`, running the runtime this node was built with.
pub fn signed_extrinsic(
	signer: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	genesis: Hash,
) -> UncheckedExtrinsic {
	signed_extrinsic_for(
		signer,
		call,
		nonce,
		genesis,
		(VERSION.spec_version, VERSION.transaction_version),
	)
}

/// As [`signed_extrinsic`], for a chain running the runtime with these spec and transaction
/// versions (what `state_getRuntimeVersion` says: before an upgrade, an older runtime).
pub fn signed_extrinsic_for(
	signer: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	genesis: Hash,
	versions: (u32, u32),
) -> UncheckedExtrinsic {
	medchain_runtime::sign_extrinsic(signer, call, nonce, genesis, versions)
}
