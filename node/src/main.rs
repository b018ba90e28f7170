//! `medchain-node`: the Substrate node every consortium member runs. It hosts the medchain
//! runtime, produces blocks with Aura, finalises them with GRANDPA, and serves JSON-RPC.

// `sc_cli::Error` and `sc_service::Error` are polkadot-sdk's error types, returned through
// its own APIs; they are large, and boxing them here would only move the cost.
#![allow(clippy::result_large_err)]

#[cfg(feature = "benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
