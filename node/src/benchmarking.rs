//! What `medchain-node benchmark overhead|extrinsic` needs from the node: extrinsics to fill
//! blocks with, and the inherent data of a block.

use std::sync::Arc;

use frame_benchmarking_cli::ExtrinsicBuilder;
use medchain_runtime::{RuntimeCall, VERSION};
use sc_cli::Result;
use sp_blockchain::HeaderBackend;
use sp_core::sr25519;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::OpaqueExtrinsic;

use crate::service::FullClient;

/// Builds `system.remark` extrinsics signed by Alice (sudo, so exempt from the consortium's
/// transaction gate, on the `dev` chain the benchmarks run on). `benchmark overhead` measures
/// the per-extrinsic base weight with these.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
	signer: sr25519::Pair,
}

impl RemarkBuilder {
	/// A builder for the chain `client` holds.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client, signer: Sr25519Keyring::Alice.pair() }
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
