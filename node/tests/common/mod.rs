//! Helpers for node-level tests: start the real `medchain-node` binary on free loopback
//! ports, talk JSON-RPC to it, build and sign extrinsics, and stop it.

#![allow(dead_code)] // each test binary uses its own part of these helpers

use std::{
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, ExitStatus, Stdio},
	sync::Mutex,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use medchain_runtime::{
	AccountId, Hash, Runtime, RuntimeCall, RuntimeEvent, SignedPayload, TxExtension,
	UncheckedExtrinsic, VERSION,
};
use serde_json::Value;
use sp_core::Pair;
use sp_io::hashing::twox_128;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiAddress, MultiSignature};

/// How long a test waits for anything the chain should do within a few slots.
pub const CHAIN_TIMEOUT: Duration = Duration::from_secs(120);

/// Fixed network keys: an authority on a non-development chain needs one (the node will
/// not invent one for it), and a fixed key gives a known peer id to boot from.
pub const NODE_KEY_1: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// The peer id that [`NODE_KEY_1`] gives a node.
pub const PEER_ID_1: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
/// A second fixed network key.
pub const NODE_KEY_2: &str = "0000000000000000000000000000000000000000000000000000000000000002";

/// The binary under test, built by cargo for this test run.
pub fn node_binary() -> PathBuf {
	PathBuf::from(env!("CARGO_BIN_EXE_medchain-node"))
}

/// A loopback TCP port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("the OS hands out a free loopback port")
}

/// A running `medchain-node` process. Killed if dropped without [`Node::stop`].
pub struct Node {
	pub name: String,
	pub rpc_port: u16,
	pub p2p_port: u16,
	child: Mutex<Option<Child>>,
	log: PathBuf,
}

impl Node {
	/// Starts the node with `args`, plus free RPC and p2p ports on 127.0.0.1 and no
	/// telemetry, Prometheus or mDNS (so that parallel tests cannot find each other).
	pub fn start(name: &str, args: &[&str]) -> Node {
		Self::start_on(name, free_port(), args)
	}

	/// As [`Node::start`], with a given p2p port (for nodes others boot from).
	pub fn start_on(name: &str, p2p_port: u16, args: &[&str]) -> Node {
		let rpc_port = free_port();
		let log = std::env::temp_dir()
			.join(format!("medchain-test-{name}-{}-{rpc_port}.log", std::process::id()));
		let log_file = std::fs::File::create(&log).expect("create the node's log file");
		let child = Command::new(node_binary())
			.args(args)
			.args([
				"--rpc-port",
				&rpc_port.to_string(),
				"--listen-addr",
				&format!("/ip4/127.0.0.1/tcp/{p2p_port}"),
				"--no-prometheus",
				"--no-telemetry",
				"--no-mdns",
			])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("start medchain-node");
		Node { name: name.into(), rpc_port, p2p_port, child: Mutex::new(Some(child)), log }
	}

	/// The node's JSON-RPC endpoint.
	pub fn rpc(&self) -> HttpClient {
		HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(30))
			.build(format!("http://127.0.0.1:{}", self.rpc_port))
			.expect("an HTTP client for a loopback URL")
	}

	/// The last lines of the node's log, for failure messages.
	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	/// How the node exited, if it has.
	pub fn exit_status(&self) -> Option<ExitStatus> {
		let mut child = self.child.lock().expect("the child lock is never poisoned");
		child.as_mut().and_then(|child| child.try_wait().expect("wait for the node"))
	}

	/// Asks the node to shut down (SIGINT, as Ctrl-C would) and returns how it exited.
	/// Panics if it does not exit within 60 s.
	pub fn stop(mut self) -> ExitStatus {
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
		loop {
			if let Some(status) = child.try_wait().expect("wait for the node") {
				return status;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				panic!("{} did not exit within 60 s of SIGINT:\n{}", self.name, self.log_tail());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
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

/// One JSON-RPC call.
pub async fn call(rpc: &HttpClient, method: &str, params: ArrayParams) -> Value {
	rpc.request(method, params).await.unwrap_or_else(|e| panic!("{method} failed: {e}"))
}

/// Polls `check` every 500 ms until it returns `Some`, or panics with `what` after
/// [`CHAIN_TIMEOUT`].
pub async fn wait_for<T, F, Fut>(node: &Node, what: &str, mut check: F) -> T
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Option<T>>,
{
	let deadline = Instant::now() + CHAIN_TIMEOUT;
	loop {
		if let Some(found) = check().await {
			return found;
		}
		if let Some(status) = node.exit_status() {
			panic!(
				"{} exited ({status}) while waiting for {what}; log:\n{}",
				node.name,
				node.log_tail()
			);
		}
		if Instant::now() > deadline {
			panic!("{}: timed out waiting for {what}; log:\n{}", node.name, node.log_tail());
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Waits until the node answers JSON-RPC at all.
pub async fn wait_for_rpc(node: &Node) {
	let rpc = node.rpc();
	wait_for(node, "JSON-RPC to answer", || async {
		rpc.request::<Value, _>("system_health", rpc_params![]).await.ok()
	})
	.await;
}

/// The number of a block header as JSON-RPC returns it (a hex string).
pub fn header_number(header: &Value) -> u32 {
	let hex = header["number"].as_str().expect("a header has a number");
	u32::from_str_radix(hex.trim_start_matches("0x"), 16).expect("a hex block number")
}

/// The number and hash of the node's finalised head.
pub async fn finalized_head(rpc: &HttpClient) -> (u32, String) {
	let hash = call(rpc, "chain_getFinalizedHead", rpc_params![]).await;
	let header = call(rpc, "chain_getHeader", rpc_params![hash.clone()]).await;
	(header_number(&header), hash.as_str().expect("a hash string").to_string())
}

/// Waits until the node has finalised block `number` (or a later one); returns the head.
pub async fn wait_for_finalized(node: &Node, number: u32) -> (u32, String) {
	let rpc = node.rpc();
	wait_for(node, &format!("a finalised block >= {number}"), || async {
		let head = finalized_head(&rpc).await;
		(head.0 >= number).then_some(head)
	})
	.await
}

/// The hash of block `number` on the node's best chain.
pub async fn block_hash(rpc: &HttpClient, number: u32) -> String {
	call(rpc, "chain_getBlockHash", rpc_params![number])
		.await
		.as_str()
		.expect("a known block has a hash")
		.to_string()
}

fn decode_hex(value: &Value) -> Vec<u8> {
	let text = value.as_str().expect("a hex string");
	hex::decode(text.trim_start_matches("0x")).expect("valid hex")
}

fn hash_from_hex(value: &Value) -> Hash {
	Hash::decode(&mut &decode_hex(value)[..]).expect("a 32-byte hash")
}

/// A signed, immortal extrinsic calling `call` from `signer`, with the given nonce, for the
/// chain whose genesis hash is `genesis`.
pub fn signed_extrinsic(
	signer: Sr25519Keyring,
	call: RuntimeCall,
	nonce: u32,
	genesis: Hash,
) -> UncheckedExtrinsic {
	let tx_ext: TxExtension = (
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let implicit =
		((), (), VERSION.spec_version, VERSION.transaction_version, genesis, genesis, (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(signer.to_account_id()),
		MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// The next nonce of `account`, as the node's pool sees it.
pub async fn next_nonce(rpc: &HttpClient, account: &AccountId) -> u32 {
	let nonce = call(rpc, "system_accountNextIndex", rpc_params![account.to_string()]).await;
	u32::try_from(nonce.as_u64().expect("a nonce is a number")).expect("a nonce fits u32")
}

/// The genesis hash of the chain the node runs.
pub async fn genesis_hash(rpc: &HttpClient) -> Hash {
	hash_from_hex(&call(rpc, "chain_getBlockHash", rpc_params![0]).await)
}

/// Submits `xt`; waits until a finalised block contains it. Returns that block's number and
/// hash, and the extrinsic's index in it.
pub async fn submit_and_wait_finalized(
	node: &Node,
	xt: &UncheckedExtrinsic,
) -> (u32, String, usize) {
	let rpc = node.rpc();
	let encoded = format!("0x{}", hex::encode(xt.encode()));
	let (start, _) = finalized_head(&rpc).await;
	call(&rpc, "author_submitExtrinsic", rpc_params![encoded.clone()]).await;

	wait_for(node, "the extrinsic in a finalised block", || async {
		let (finalized, _) = finalized_head(&rpc).await;
		for number in start + 1..=finalized {
			let hash = block_hash(&rpc, number).await;
			let block = call(&rpc, "chain_getBlock", rpc_params![hash.clone()]).await;
			let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
			if let Some(index) = extrinsics.iter().position(|x| x.as_str() == Some(&encoded)) {
				return Some((number, hash, index));
			}
		}
		None
	})
	.await
}

/// The events of block `hash`, decoded with the runtime's own types.
pub async fn events_at(
	rpc: &HttpClient,
	hash: &str,
) -> Vec<frame_system::EventRecord<RuntimeEvent, Hash>> {
	// `System.Events`: twox128("System") ++ twox128("Events").
	let key = [twox_128(b"System"), twox_128(b"Events")].concat();
	let key = format!("0x{}", hex::encode(key));
	let raw = call(rpc, "state_getStorage", rpc_params![key, hash]).await;
	Vec::decode(&mut &decode_hex(&raw)[..]).expect("System.Events decodes")
}
