//! `medchain-node`: the Substrate node every consortium member runs. It hosts the medchain
//! runtime, produces blocks with Aura, finalises them with GRANDPA, and serves JSON-RPC.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
