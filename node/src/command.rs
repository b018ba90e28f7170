//! What each subcommand does.

use medchain_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"medchain node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"your consortium's medchain operators (README.md)".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

/// What `benchmark …` says on a node built without the benchmark CLI.
#[cfg(not(feature = "benchmarks"))]
const BENCHMARKS_NOT_BUILT: &str = "this node was built without the benchmark CLI: build it \
	with `cargo build --release -p medchain-node --features benchmarks` (`--features \
	runtime-benchmarks` for `benchmark pallet` and `benchmark storage`; \
	scripts/benchmark-weights.sh does)";

/// Parses the command line and runs the node or the subcommand.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	// medchain's peer allow-list (pallet-node-authorization) drives the network's reserved
	// peers and reserved-only mode from the offchain worker, every block. The libp2p backend
	// applies that as asked: a node taken off the list is disconnected at once. The litep2p
	// backend (sc-network 0.60) marks every connected peer as closing each time reserved-only
	// mode is set, so a node removed later stays connected, and newly allowed nodes take a
	// minute to connect. So libp2p is medchain's default; `--network-backend litep2p` still
	// picks litep2p, with a warning.
	let backend_chosen = std::env::args().any(|arg| arg.starts_with("--network-backend"));
	if !backend_chosen {
		cli.run.network_params.network_backend = sc_cli::NetworkBackendType::Libp2p;
	}

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				// GRANDPA keeps its own record of votes and authority sets: revert it too.
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => crate::benchmarking::run(&cli, cmd),
		#[cfg(not(feature = "benchmarks"))]
		Some(Subcommand::Benchmark(_)) => Err(BENCHMARKS_NOT_BUILT.into()),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			pass_over_panics_of_tokio_shutdown();
			if backend_chosen
				&& matches!(
					cli.run.network_params.network_backend,
					sc_cli::NetworkBackendType::Litep2p
				) {
				log::warn!(
					"the litep2p network backend does not disconnect nodes taken off the \
					 allow-list (NodeAuthorization): use the default (libp2p) on authorities"
				);
			}
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config)
					.map_err(sc_cli::Error::Service),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}

/// What tokio panics with when a task touches its timer or I/O while the runtime shuts down.
const TOKIO_SHUTTING_DOWN: &str = "A Tokio 1.x context was found, but it is being shutdown";

/// After SIGINT or SIGTERM, sc-cli drops the node's tasks and shuts tokio down; a task that
/// polls a timer in that window (polkadot-sdk's transaction pool background task does, seen
/// once in our node tests) makes tokio panic, and sc-cli's panic handler turns any panic into
/// exit status 1: a clean stop reported as a crash to the operator's supervisor. That panic,
/// and only it, is passed over (logged, not reported): the task ends as the node does. Every
/// other panic still reaches sc-cli's handler. Installed after `create_runner`, which sets
/// that handler.
fn pass_over_panics_of_tokio_shutdown() {
	let report = std::panic::take_hook();
	std::panic::set_hook(Box::new(move |info| {
		let payload = info.payload();
		let message = payload
			.downcast_ref::<String>()
			.map(String::as_str)
			.or_else(|| payload.downcast_ref::<&str>().copied());
		if message.is_some_and(|m| m.contains(TOKIO_SHUTTING_DOWN)) {
			log::debug!("a task stopped by tokio's shutdown: {info}");
			return;
		}
		report(info)
	}));
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::sync::Mutex;

	/// The threads whose panics reached the handler underneath.
	static REPORTED: Mutex<Vec<String>> = Mutex::new(Vec::new());

	fn panic_in(name: &str, message: &'static str) {
		let thread = std::thread::Builder::new().name(name.into());
		let outcome = thread.spawn(move || panic!("{message}")).expect("spawn").join();
		assert!(outcome.is_err(), "the thread {name} unwound");
	}

	#[test]
	fn only_the_panic_of_tokio_shutting_down_is_passed_over() {
		std::panic::set_hook(Box::new(|_| {
			let name = std::thread::current().name().unwrap_or_default().to_string();
			REPORTED.lock().expect("not poisoned").push(name);
		}));
		pass_over_panics_of_tokio_shutdown();
		panic_in("shutdown", "A Tokio 1.x context was found, but it is being shutdown.");
		panic_in("bug", "index out of bounds");
		let _ = std::panic::take_hook();
		let reported = REPORTED.lock().expect("not poisoned");
		assert!(!reported.iter().any(|name| name == "shutdown"), "{reported:?}");
		assert!(reported.iter().any(|name| name == "bug"), "{reported:?}");
	}
}
