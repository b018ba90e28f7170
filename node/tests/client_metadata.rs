//! The client crate's committed metadata (`clients/sdk/metadata/medchain.scale`), which types
//! the whole client and the CLI, must be the runtime's: after changing the runtime, regenerate
//! it with `scripts/metadata.sh` (it runs this test with `MEDCHAIN_WRITE_METADATA=1`), as for
//! the chain specs. It lives with the node's tests, which link the runtime anyway, so that the
//! client crate's own tests do not (docs/BUILDING.md).

use std::path::PathBuf;

/// The runtime's metadata, V16 (what subxt 0.50 reads, with every doc comment).
fn runtime_metadata() -> Vec<u8> {
	medchain_runtime::Runtime::metadata_at_version(16)
		.expect("the runtime serves metadata V16")
		.to_vec()
}

#[test]
fn the_committed_metadata_is_the_runtimes() {
	let path =
		PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../clients/sdk/metadata/medchain.scale");
	let current = runtime_metadata();
	if std::env::var_os("MEDCHAIN_WRITE_METADATA").is_some() {
		std::fs::write(&path, &current).expect("write metadata/medchain.scale");
		return;
	}
	let committed = std::fs::read(&path).expect("read metadata/medchain.scale");
	assert!(
		committed == current,
		"{} is stale ({} bytes, the runtime's {}): run scripts/metadata.sh and commit it",
		path.display(),
		committed.len(),
		current.len()
	);
}

/// The client explains the gate's codes in its own words; they must be the pallet's codes.
#[test]
fn the_gate_codes_are_the_pallets() {
	use medchain_client::GateRefusal::*;
	use pallet_consortium::extension as gate;
	let pairs = [
		(NotAMember, gate::NOT_A_MEMBER),
		(RateLimited, gate::RATE_LIMITED),
		(CallNotAllowed, gate::CALL_NOT_ALLOWED),
		(ExceedsBudget, gate::EXCEEDS_BUDGET),
		(TooManyPending, gate::TOO_MANY_PENDING),
		(CallOutOfBounds, gate::CALL_OUT_OF_BOUNDS),
	];
	for (refusal, code) in pairs {
		assert_eq!(refusal.code(), code, "{refusal:?}");
	}
	assert_eq!(medchain_client::GateRefusal::ALL.len(), pairs.len());
}
