//! The command line: `medchain-node [SUBCOMMAND] [OPTIONS]`.

/// The medchain node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A maintenance subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node (`--dev`, `--chain`, `--rpc-port`, `--validator`, …).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}

/// The maintenance subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys, and node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (deprecated upstream: prefer `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification (`--chain dev|local|FILE`, `--raw` for raw storage).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Print the best and finalised block of the database, as JSON.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmarks: `pallet` and `storage` (these two need a node built with
	/// `--features runtime-benchmarks`), `overhead`, `extrinsic`, `block`, `machine`.
	/// `scripts/benchmark-weights.sh` runs them and writes the runtime's weights.
	#[cfg(feature = "benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Benchmarks: not in this build (`cargo build --release -p medchain-node --features
	/// benchmarks` builds a node that has them).
	#[cfg(not(feature = "benchmarks"))]
	Benchmark(BenchmarksNotBuilt),
}

/// `medchain-node benchmark …` on a node built without the benchmark CLI: whatever follows
/// is accepted, so that every such command line gets the same explanation instead of a
/// parse error.
#[cfg(not(feature = "benchmarks"))]
#[derive(Debug, clap::Args)]
pub struct BenchmarksNotBuilt {
	/// The benchmark and its options (not interpreted by this build).
	#[arg(trailing_var_arg = true, allow_hyphen_values = true)]
	pub args: Vec<String>,
}
