#!/usr/bin/env bash
# The throughput and latency benchmark of a dev node (docs/PERFORMANCE.md): builds
# medchain-node and medchain-bench, then runs `medchain-bench` against a fresh `--dev` node
# on loopback. Arguments go to medchain-bench:
#   scripts/bench.sh --quick                     # the CI smoke run (about a minute)
#   scripts/bench.sh --scale --json results.json # the full run: ≈ 15 min, 2 GiB of memory
#   scripts/bench.sh --open-loop --accounts 200 --count 4000 --phase-seconds 30
#                                                # latency at 10, 50, 90 % of capacity
#   scripts/bench.sh --open-loop --connect 9944 ...  # the same on a running network
#                                                # (scripts/local-network.sh start)
#   scripts/bench.sh --open-loop --ethereum ...  # then the same on the Ethereum peer (anvil and
#                                                # seed S3's contract, from bench/ethereum's
#                                                # npm lockfile), side by side
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"

if [ -z "${MEDCHAIN_SKIP_BUILD:-}" ]; then
	cargo build --locked --release -p medchain-node -p medchain-bench
fi
for arg in "$@"; do
	if [ "$arg" = --ethereum ]; then
		# anvil comes as npm's platform package (no install script needed); solc-js compiles.
		(cd bench/ethereum && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts && node compile.mjs)
	fi
done
exec "$CARGO_TARGET_DIR/release/medchain-bench" --node "$NODE_BIN" "$@"
