//! A development node of one's own, for tests of code written on this crate: started on a
//! temporary base path with ports of the node's choosing, stopped (and its files removed)
//! when dropped.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let node = medchain_client::dev_node::DevNode::start("target/release/medchain-node")?;
//! let client = medchain_client::Client::connect(&node.ws_url()).await?;
//! # Ok(())
//! # }
//! ```

use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The `medchain-node` cargo built beside the running test executable
/// (`target/release/deps/<test>` → `target/release/medchain-node`), for the workspace's own
/// tests.
pub fn node_beside_tests() -> PathBuf {
	let exe = std::env::current_exe().unwrap_or_default();
	let release = exe.parent().and_then(Path::parent).unwrap_or(Path::new("."));
	release.join("medchain-node")
}

/// A running `medchain-node --dev`.
pub struct DevNode {
	child: Child,
	base: PathBuf,
	port: u16,
}

impl DevNode {
	/// Starts `binary --dev` and waits (up to two minutes) until its JSON-RPC listens.
	pub fn start(binary: impl AsRef<Path>) -> std::io::Result<DevNode> {
		let base = std::env::temp_dir().join(format!(
			"medchain-dev-node-{}-{}",
			std::process::id(),
			std::time::SystemTime::now()
				.duration_since(std::time::UNIX_EPOCH)
				.map(|d| d.as_nanos())
				.unwrap_or_default()
		));
		std::fs::create_dir_all(&base)?;
		let log = base.join("node.log");
		let child = Command::new(binary.as_ref())
			.args(["--dev", "--base-path"])
			.arg(base.join("data"))
			// Port 0: the node picks free ports and the log says which (a port picked here
			// could be taken before the node binds it).
			.args(["--rpc-port", "0", "--listen-addr", "/ip4/127.0.0.1/tcp/0"])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(&log)?)
			.spawn()?;
		let mut node = DevNode { child, base, port: 0 };
		let started = Instant::now();
		while started.elapsed() < Duration::from_secs(120) {
			if let Some(port) = rpc_port(&std::fs::read_to_string(&log).unwrap_or_default()) {
				node.port = port;
				return Ok(node);
			}
			if let Ok(Some(status)) = node.child.try_wait() {
				return Err(std::io::Error::other(format!(
					"medchain-node exited ({status}); its log: {}",
					log.display()
				)));
			}
			std::thread::sleep(Duration::from_millis(200));
		}
		Err(std::io::Error::other("medchain-node did not open its JSON-RPC port in 2 minutes"))
	}

	/// The node's WebSocket URL (`ws://127.0.0.1:PORT`).
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.port)
	}

	/// The node's log file.
	pub fn log(&self) -> PathBuf {
		self.base.join("node.log")
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
		let _ = std::fs::remove_dir_all(&self.base);
	}
}

/// The port of the log line `Running JSON-RPC server: addr=127.0.0.1:PORT,…` (the comma
/// shows the line is whole).
fn rpc_port(log: &str) -> Option<u16> {
	let addrs = log.lines().find_map(|line| line.split_once("Running JSON-RPC server: addr="))?.1;
	addrs.split_once("127.0.0.1:")?.1.split_once(',')?.0.parse().ok()
}
