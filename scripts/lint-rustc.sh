#!/usr/bin/env bash
# The workspace's rustc wrapper (RUSTC_WORKSPACE_WRAPPER, set by common.sh): clippy lints each
# of medchain's own crates while the build compiles it, as `cargo clippy` does in check mode,
# so that linting costs no second build of the dependency graph (docs/BUILDING.md). Cargo
# calls it as `lint-rustc.sh <rustc> <args…>`; the lints are those of $CLIPPY_ARGS. Bash, not
# sh: dash drops environment variables whose names are not shell identifiers, and cargo
# passes `CARGO_BIN_EXE_medchain-node` to the node's tests that way.
#
# The runtime's WASM is compiled by substrate-wasm-builder's inner cargo, which inherits this
# environment, possibly with another toolchain (setup.sh's Debian route): its crates go to
# plain rustc. Their code is linted in the native build.
for arg; do
	case "$arg" in wasm32* | --target=wasm32*) exec "$@" ;; esac
done
exec "$MEDCHAIN_CLIPPY_DRIVER" "$@"
