//! The node under load: a `medchain-node --dev` the bench starts on free loopback ports with a
//! fresh database, and stops. The database goes with it, unless the run was asked to keep it
//! (a grown chain for `benchmark storage`).

use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use crate::rpc::Rpc;

/// A dev node the bench started.
pub struct DevNode {
	child: Child,
	/// Its JSON-RPC port on 127.0.0.1.
	pub rpc_port: u16,
	/// Its directory: the database under `db/`, the log in `node.log`.
	pub base_path: PathBuf,
	/// Whether the directory stays when the node stops.
	keep: bool,
	log: PathBuf,
}

impl DevNode {
	/// Starts `binary --dev` with a fresh state and a transaction pool of `pool_limit`
	/// transactions, and waits until it has produced block #1. The state goes in `keep` (which
	/// must not exist yet, so nothing is overwritten) and stays there after the node stops, or
	/// in a temporary directory removed when it stops.
	pub fn start(binary: &Path, pool_limit: usize, keep: Option<&Path>) -> Result<DevNode, String> {
		let base_path = match keep {
			Some(dir) if dir.exists() => {
				return Err(format!(
					"{} exists: the kept database needs a new directory",
					dir.display()
				))
			},
			Some(dir) => dir.to_path_buf(),
			None => {
				let dir =
					std::env::temp_dir().join(format!("medchain-bench-{}", std::process::id()));
				let _ = std::fs::remove_dir_all(&dir);
				dir
			},
		};
		std::fs::create_dir_all(&base_path).map_err(|e| format!("{}: {e}", base_path.display()))?;
		let log = base_path.join("node.log");
		let log_file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
		let child = Command::new(binary)
			.args(["--dev", "--no-prometheus", "--no-telemetry", "--no-mdns"])
			.arg("--base-path")
			.arg(base_path.join("db"))
			// Ports of the node's own choice, read back from its log: a port picked here could
			// be taken before the node binds it, and the node would then silently serve
			// JSON-RPC on another (sc-cli's `retry_random_port`).
			.args(["--rpc-port", "0", "--listen-addr", "/ip4/127.0.0.1/tcp/0"])
			// `state_getPairs` (the state-growth figures) is an unsafe method: this node is
			// the bench's own, on loopback.
			.args(["--rpc-methods", "unsafe"])
			// Batches of submissions; no per-connection rate limit on loopback.
			.args(["--rpc-max-batch-request-len", "10000", "--rpc-max-request-size", "64"])
			.args(["--pool-limit", &pool_limit.to_string(), "--pool-kbytes", "204800"])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.map_err(|e| format!("starting {}: {e}", binary.display()))?;
		let mut node = DevNode { child, rpc_port: 0, base_path, keep: keep.is_some(), log };
		let mut rpc = None;
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if rpc.is_none() {
				let log = std::fs::read_to_string(&node.log).unwrap_or_default();
				if let Some(port) = rpc_port_in(&log) {
					node.rpc_port = port;
					rpc = Some(Rpc::new(port));
				}
			}
			if let Some(Ok(header)) =
				rpc.as_mut().map(|rpc| rpc.call("chain_getHeader", serde_json::json!([])))
			{
				if header["number"].as_str().is_some_and(|n| n != "0x0") {
					return Ok(node);
				}
			}
			if let Ok(Some(status)) = node.child.try_wait() {
				return Err(format!("the node exited ({status}):\n{}", node.log_tail()));
			}
			if Instant::now() > deadline {
				node.stop();
				return Err("the node produced no block within 60 s".into());
			}
			std::thread::sleep(Duration::from_millis(200));
		}
	}

	/// The node's process id.
	pub fn pid(&self) -> u32 {
		self.child.id()
	}

	/// The last lines of the node's log.
	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(30)..].join("\n")
	}

	/// Bytes the node's database takes on disk now.
	pub fn database_bytes(&self) -> u64 {
		dir_size(&self.base_path.join("db"))
	}

	/// Stops the node (SIGINT, then SIGKILL after 30 s) and removes its directory unless it is
	/// kept.
	pub fn stop(&mut self) {
		let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(30);
		while Instant::now() < deadline {
			if let Ok(Some(_)) = self.child.try_wait() {
				break;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = self.child.kill();
		let _ = self.child.wait();
		if !self.keep {
			let _ = std::fs::remove_dir_all(&self.base_path);
		}
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		if let Ok(None) = self.child.try_wait() {
			self.stop();
		}
	}
}

/// The JSON-RPC port a node's log reports
/// (`Running JSON-RPC server: addr=127.0.0.1:PORT,[::1]:PORT`), once it listens.
fn rpc_port_in(log: &str) -> Option<u16> {
	let addrs = log.lines().find_map(|line| line.split_once("Running JSON-RPC server: addr="))?.1;
	// `127.0.0.1:PORT,` — the comma (there even for a single address) shows the line is whole.
	addrs.split_once("127.0.0.1:")?.1.split_once(',')?.0.parse().ok()
}

fn dir_size(path: &Path) -> u64 {
	let Ok(entries) = std::fs::read_dir(path) else { return 0 };
	entries
		.flatten()
		.map(|entry| match entry.metadata() {
			Ok(meta) if meta.is_dir() => dir_size(&entry.path()),
			Ok(meta) => meta.len(),
			Err(_) => 0,
		})
		.sum()
}

/// CPU time (user + system) a process has used so far, from `/proc/<pid>/stat`.
pub fn cpu_time(pid: u32) -> Option<Duration> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	// Fields after the command name (which is in parentheses and may hold spaces).
	let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
	let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
	Some(Duration::from_secs_f64(ticks as f64 / clock_ticks_per_second() as f64))
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`; 100 on Linux).
fn clock_ticks_per_second() -> u64 {
	Command::new("getconf")
		.arg("CLK_TCK")
		.output()
		.ok()
		.and_then(|out| String::from_utf8(out.stdout).ok())
		.and_then(|text| text.trim().parse().ok())
		.unwrap_or(100)
}
