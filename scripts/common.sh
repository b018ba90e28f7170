# Shared by the scripts: where builds go and which WASM toolchain they use.
# shellcheck shell=bash
MEDCHAIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MEDCHAIN_CACHE="${MEDCHAIN_CACHE:-$HOME/.cache/medchain}"
# One persistent target directory outside the clone, reused by every checkout, session and CI.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$MEDCHAIN_CACHE/target}"
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

# Runs setup.sh (idempotent: a few seconds once everything is installed, and it re-checks
# the WASM toolchain every time, before any long build), then loads its choice.
ensure_setup() {
	"$MEDCHAIN_ROOT/scripts/setup.sh"
	# shellcheck disable=SC1091
	. "$MEDCHAIN_CACHE/env"
	# Every build the scripts make lints medchain's own crates as it compiles them (clippy's
	# driver as the workspace's rustc wrapper, warnings are errors): one build of the
	# dependency graph serves the lints, the tests and the node, and every script shares its
	# artifacts (a build without the wrapper recompiles only the workspace's own crates).
	MEDCHAIN_CLIPPY_DRIVER="$(rustup which clippy-driver)"
	export MEDCHAIN_CLIPPY_DRIVER RUSTC_WORKSPACE_WRAPPER="$MEDCHAIN_ROOT/scripts/lint-rustc.sh"
	export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
}

# The node binary, built in the one profile both the tests and run-dev.sh use.
NODE_BIN="$CARGO_TARGET_DIR/release/medchain-node"
