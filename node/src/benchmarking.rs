//! `medchain-node benchmark …` (only in a node built with the `benchmarks` feature): each
//! benchmark run against the node's own client, and what `benchmark overhead|extrinsic`
//! need from the node: extrinsics to fill blocks with, and the inherent data of a block.

use std::sync::Arc;

use frame_benchmarking_cli::{
	BenchmarkCmd, ExtrinsicBuilder, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE,
};
use medchain_runtime::{RuntimeCall, VERSION};
use sc_cli::{Result, SubstrateCli};
use sc_service::PartialComponents;
use sp_blockchain::HeaderBackend;
use sp_core::sr25519;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::OpaqueExtrinsic;

use crate::{
	cli::Cli,
	service::{self, FullClient},
};

/// What `benchmark pallet` and `benchmark storage` say on a node built without the runtime's
/// benchmarks.
#[cfg(not(feature = "runtime-benchmarks"))]
const NEEDS_RUNTIME_BENCHMARKS: &str = "this node was built without the runtime's benchmarks: \
	build it with `cargo build --release -p medchain-node --features runtime-benchmarks` \
	(scripts/benchmark-weights.sh does)";

/// Runs `medchain-node benchmark <cmd>`.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		#[cfg(feature = "runtime-benchmarks")]
		BenchmarkCmd::Pallet(cmd) => cmd
			.run_with_spec::<sp_runtime::traits::HashingFor<medchain_runtime::opaque::Block>, ()>(
				Some(config.chain_spec),
			),
		#[cfg(feature = "runtime-benchmarks")]
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		},
		#[cfg(not(feature = "runtime-benchmarks"))]
		BenchmarkCmd::Pallet(_) | BenchmarkCmd::Storage(_) => Err(NEEDS_RUNTIME_BENCHMARKS.into()),
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let remarks = RemarkBuilder::new(client.clone());
			cmd.run(
				config.chain_spec.name().into(),
				client,
				inherent_benchmark_data()?,
				Vec::new(),
				&remarks,
				false,
			)
		},
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let builders = ExtrinsicFactory(vec![Box::new(RemarkBuilder::new(client.clone()))]);
			cmd.run(client, inherent_benchmark_data()?, Vec::new(), &builders)
		},
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
	})
}

/// Builds `system.remark` extrinsics signed by Eve//stash (Hospital B's integration account
/// on the `dev` chain the benchmarks run on: the gate's largest budget, 3,000 transactions
/// and 1.5 s a window, more than one block holds). `benchmark overhead` measures
/// the per-extrinsic base weight with these.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
	signer: sr25519::Pair,
}

impl RemarkBuilder {
	/// A builder for the chain `client` holds.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client, signer: Sr25519Keyring::EveStash.pair() }
	}
}

impl ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let genesis = self.client.hash(0).ok().flatten().ok_or("the chain has no genesis block")?;
		let call = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
		let extrinsic = medchain_runtime::sign_extrinsic(
			&self.signer,
			call,
			nonce,
			genesis,
			(VERSION.spec_version, VERSION.transaction_version),
		);
		Ok(extrinsic.into())
	}
}

/// The inherent data of a benchmark block: a timestamp of zero. The benchmarks build blocks
/// on genesis without an Aura pre-runtime digest, so Aura's current slot is 0 and the
/// timestamp must fall in that slot (`pallet_aura` checks it).
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(sp_timestamp::Timestamp::new(0));
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating the timestamp inherent: {e:?}"))?;
	Ok(inherent_data)
}
