#!/usr/bin/env bash
# The whole test suite: format and clippy checks, unit tests of every crate, and the node-level tests
# that start the real medchain-node binary. One profile, release, for everything: the node
# the tests start is the one cargo built for them, and `run-dev.sh` reuses the same build.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"

echo "[test] cargo fmt --check"
cargo fmt --all -- --check

echo "[test] cargo clippy --all-targets (warnings are errors)"
cargo clippy --locked --release --workspace --all-targets -- -D warnings

# Every benchmark also runs once as a test (`impl_benchmark_test_suite!`), so benchmarking
# code keeps compiling and its setups keep working. Only the pallets: the runtime is not
# built with `runtime-benchmarks` here.
echo "[test] pallet benchmarks as tests (--features runtime-benchmarks)"
SKIP_WASM_BUILD=1 cargo test --locked --release --features runtime-benchmarks --lib \
	-p pallet-consortium -p pallet-access-control -p pallet-emr-pointers -p pallet-device-registry \
	-p pallet-traceability -p pallet-authorities -p pallet-node-authorization-benchmarking

# The try-runtime run of the next runtime upgrade: the runtime's `Migrations` on a state as
# the previous runtime left it, with their pre/post-upgrade checks and every pallet's
# try_state (`Executive::try_runtime_upgrade`), and the consortium pallet's own migration
# tests. docs/operators.md: "Upgrading the runtime".
echo "[test] try-runtime: the upgrade's migrations and their checks (--features try-runtime)"
SKIP_WASM_BUILD=1 cargo test --locked --release --features try-runtime --lib \
	-p medchain-runtime -p pallet-consortium

# The fast development loop (`SKIP_WASM_BUILD=1 cargo test -p <crate>`) must keep working:
# the unit tests of every library crate, without building the WASM runtime. Same
# workspace-wide feature set as below, so no dependency is compiled twice. It runs first, so
# that the target directory ends with the WASM-carrying runtime that run-dev.sh needs.
echo "[test] unit tests without the WASM build (SKIP_WASM_BUILD=1)"
SKIP_WASM_BUILD=1 cargo test --locked --release --workspace --lib

echo "[test] cargo test --release --workspace (target: $CARGO_TARGET_DIR)"
cargo test --locked --release --workspace

# A generic client (@polkadot/api, no medchain types) against the dev node just built.
echo "[test] generic-client check (clients/polkadot-js)"
"$MEDCHAIN_ROOT/scripts/client-check.sh"

# The four-authority network under faults (node/tests/network_faults.rs: a few minutes, so
# `cargo test` above skips it as #[ignore]d), then the script operators start it with.
echo "[test] network fault tests: four authorities on loopback (--ignored)"
cargo test --locked --release --workspace --test network_faults -- --ignored --nocapture --test-threads 1
echo "[test] scripts/local-network.sh start / status / stop"
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
