#!/usr/bin/env bash
# The whole test suite: format and clippy checks (clippy inside the build), unit tests of
# every crate, and the node-level tests that start the real medchain-node binary. One profile,
# release, for everything: the node the tests start is the one cargo built for them, and
# `run-dev.sh` reuses the same build.
#
#   scripts/test.sh           # everything (what CI runs)
#   scripts/test.sh network   # only the network stage (fault tests, local-network.sh)
set -euo pipefail
only="${1:-}"
case "$only" in
	"" | network) ;;
	*) echo "usage: scripts/test.sh [network]" >&2; exit 2 ;;
esac
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"

# Each stage prints how long it took; the figures go to docs/BUILDING.md.
stage_started=$SECONDS
stage() {
	[ -n "${stage_name:-}" ] && echo "[test] ($stage_name: $((SECONDS - stage_started)) s)"
	stage_name="$1" stage_started=$SECONDS
	echo "[test] $1"
}

if [ -z "$only" ]; then
	stage "cargo fmt --check"
	cargo fmt --all -- --check
	stage "layering: pallets meet only through medchain-primitives (docs/ARCHITECTURE.md)"
	scripts/check-layering.sh

	# One build of the whole dependency graph: the release build the tests run, which also
	# lints every target of medchain's own crates as it compiles them (clippy's driver as the
	# workspace's rustc wrapper, warnings are errors: common.sh, scripts/lint-rustc.sh).
	# `cargo test` builds every target `cargo clippy --all-targets` checks (the workspace has
	# no benches), so a lint fails this stage before any test runs. Every test of every crate
	# runs against the node binary cargo builds for them (run-dev.sh runs the same binary).
	# The lib tests here are those of the fast loop (`SKIP_WASM_BUILD=1 cargo test -p
	# <crate>`): no test needs the WASM except the node tests.
	stage "cargo test --release --workspace, clippy -D warnings in the build (target: $CARGO_TARGET_DIR)"
	cargo test --locked --release --workspace

	# One feature set for both feature-gated suites, in one build (`--workspace --lib`, so that
	# the build-time dependencies resolve as above and binaryen's C++ is not compiled again),
	# linted as above:
	# - every benchmark runs once as a test (`impl_benchmark_test_suite!`), so benchmarking code
	#   keeps compiling and its setups keep working, and the runtime compiles with them;
	# - the try-runtime run of the next runtime upgrade: the runtime's `Migrations` on a state
	#   as the previous runtime left it, with their pre/post-upgrade checks and every pallet's
	#   try_state (`Executive::try_runtime_upgrade`), and the consortium pallet's own migration
	#   tests (docs/operators.md: "Upgrading the runtime");
	# - every other unit test once more with both features on.
	# The benchmark node (`--features medchain-node/runtime-benchmarks`) is not built here: its
	# CLI cannot share this feature set (polkadot-sdk's pallet-staking, which it pulls in, does
	# not compile with try-runtime on pallet-session alone), and a build of its own would cost
	# ≈ 15 min of a cold run. `scripts/benchmark-weights.sh` builds it, linted the same way.
	stage "benchmarks as tests and try-runtime (--features runtime-benchmarks,try-runtime)"
	SKIP_WASM_BUILD=1 cargo test --locked --release --workspace --lib \
		--features medchain-runtime/runtime-benchmarks,medchain-runtime/try-runtime

	# A generic client (@polkadot/api, no medchain types) against the dev node just built.
	stage "generic-client check (clients/polkadot-js)"
	"$MEDCHAIN_ROOT/scripts/client-check.sh"

	# The web app (clients/web, docs/ui.md): its type check and build, its unit tests
	# (Vitest), then its browser tests: Debian's chromium, headless, driven by playwright-core
	# through each role's flow against a development node they start (e2e/run.mjs).
	stage "web app (clients/web): build, unit tests, browser tests"
	(cd clients/web && npm run --silent build >/dev/null && npm test --silent &&
		MEDCHAIN_NODE_BIN="$NODE_BIN" node e2e/run.mjs)
fi

# The four-authority network under faults (node/tests/network_faults.rs: a few minutes, so
# `cargo test` above skips it as #[ignore]d), then the script operators start it with.
stage "network fault tests: four authorities on loopback (--ignored)"
cargo test --locked --release --workspace --test network_faults -- --ignored --nocapture --test-threads 1
stage "scripts/local-network.sh start / status / stop"
network_dir="$(mktemp -d -t medchain-local-network.XXXXXX)"
export MEDCHAIN_NETWORK_DIR="$network_dir" MEDCHAIN_SKIP_BUILD=1
trap '"$MEDCHAIN_ROOT/scripts/local-network.sh" purge >/dev/null 2>&1 || true' EXIT
"$MEDCHAIN_ROOT/scripts/local-network.sh" start
# All four must report a finalised block past genesis within a minute.
for _ in $(seq 60); do
	[ "$("$MEDCHAIN_ROOT/scripts/local-network.sh" status | grep -c 'finalised #[1-9]')" = 4 ] && break
	sleep 1
done
network_status="$("$MEDCHAIN_ROOT/scripts/local-network.sh" status)"
echo "$network_status"
[ "$(grep -c 'finalised #[1-9]' <<<"$network_status")" = 4 ] ||
	{ echo "[test] the local network did not finalise on all four nodes" >&2; exit 1; }
"$MEDCHAIN_ROOT/scripts/local-network.sh" purge
trap - EXIT
stage done
