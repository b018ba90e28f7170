//! The node's JSON-RPC methods beyond the standard ones sc-service registers:
//! `system_accountNextIndex` (an account's next nonce, counting the pool), `system_dryRun`
//! (apply an extrinsic without importing it), `payment_queryInfo` /
//! `payment_queryFeeDetails` (always a zero fee: medchain is feeless) and the `medchain_*`
//! methods of the consortium ([`consortium`]), the device registry ([`devices`]), traceability
//! ([`traceability`]) and records
//! and consent ([`records`]). docs/rpc.md documents them.

pub mod consortium;
pub mod devices;
pub mod records;
pub mod traceability;

use std::sync::Arc;

use jsonrpsee::{
	types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned},
	RpcModule,
};
use medchain_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use pallet_consortium_runtime_api::MAX_PAGE;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// JSON-RPC error code: the runtime API call failed (e.g. the block's runtime lacks it).
pub const RUNTIME_API_ERROR: i32 = 9000;

/// The block a method answers at: `at`, or the best block when none is given.
pub(crate) fn at_or_best<C: HeaderBackend<Block>>(
	client: &C,
	at: Option<<Block as sp_runtime::traits::Block>::Hash>,
) -> <Block as sp_runtime::traits::Block>::Hash {
	at.unwrap_or_else(|| client.info().best_hash)
}

/// A runtime API failure as a JSON-RPC error.
pub(crate) fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(RUNTIME_API_ERROR, "runtime API call failed", Some(error.to_string()))
}

/// How many entries a page has when no limit is given, for every paged method.
pub const DEFAULT_PAGE: u32 = 100;

/// A page size: `limit`, or [`DEFAULT_PAGE`] when none is given; `-32602` unless it is
/// between 1 and the runtime's [`MAX_PAGE`] (the one bound of every medchain runtime API).
pub(crate) fn page_limit(limit: Option<u32>) -> Result<u32, ErrorObjectOwned> {
	match limit.unwrap_or(DEFAULT_PAGE) {
		limit @ 1..=MAX_PAGE => Ok(limit),
		_ => Err(ErrorObjectOwned::owned(
			INVALID_PARAMS_CODE,
			format!("limit must be between 1 and {MAX_PAGE}"),
			None::<()>,
		)),
	}
}

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client: reads blocks and calls runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// The node's extra RPC methods, merged into the standard ones.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: pallet_consortium_runtime_api::ConsortiumApi<Block, AccountId, BlockNumber>,
	C::Api: pallet_device_registry_runtime_api::DeviceRegistryApi<Block, AccountId>,
	C::Api: pallet_traceability_runtime_api::TraceabilityApi<Block, AccountId>,
	C::Api: pallet_emr_pointers_runtime_api::EmrApi<Block, AccountId>,
	C::Api: pallet_access_control_runtime_api::AccessControlApi<Block, AccountId>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use consortium::{Consortium, ConsortiumRpcServer};
	use devices::{Devices, DevicesRpcServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use records::{Records, RecordsRpcServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};
	use traceability::{Traceability, TraceabilityRpcServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Consortium::new(client.clone()).into_rpc())?;
	module.merge(Devices::new(client.clone()).into_rpc())?;
	module.merge(Traceability::new(client.clone()).into_rpc())?;
	module.merge(Records::new(client).into_rpc())?;
	Ok(module)
}
