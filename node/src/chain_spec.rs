//! The built-in chain specifications: `dev` (one authority, sudo) and `local` (two
//! authorities, alice and bob). Both only name a genesis preset of the runtime; the runtime
//! decides what the genesis state is.

use medchain_runtime::WASM_BINARY;
use sc_service::ChainType;

/// A medchain chain specification.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The chain properties Polkadot.js Apps reads: address format, token symbol and decimals.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("ss58Format".into(), 42.into());
	properties.insert("tokenSymbol".into(), "MED".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime's WASM binary is not available: this node was built with \
		 SKIP_WASM_BUILD; rebuild it without"
			.to_string()
	})
}

/// A chain spec that names a genesis preset of the runtime.
fn chain_spec(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("medchain")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: a single authority (Alice) that produces and finalises blocks alone; Alice is sudo.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"medchain development",
		"medchain_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: four authorities (Alice, Bob, Charlie, Dave) on one machine; no sudo.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"medchain local testnet",
		"medchain_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
