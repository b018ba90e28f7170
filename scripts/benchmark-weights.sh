#!/usr/bin/env bash
# Measures every weight the runtime uses, on this machine, and writes them into the code:
#   - each medchain pallet's `weights.rs` (`benchmark pallet`, scripts/weights/pallet-weights.hbs);
#   - runtime/src/weights/: frame_system, its transaction extensions, pallet_timestamp and
#     pallet_node_authorization (`benchmark pallet`; the last with our own benchmarks,
#     pallets/node-authorization-benchmarking), `BlockExecutionWeight` / `ExtrinsicBaseWeight`
#     (`benchmark overhead`) and ParityDB's read/write costs (`benchmark storage`, on a chain
#     medchain-bench grows).
# It builds medchain-node with `--features runtime-benchmarks` and keeps that binary apart
# ($MEDCHAIN_CACHE/medchain-node-benchmarks), so the normal build stays the one tests use.
# Rebuild and test afterwards (scripts/test.sh): the runtime then runs on the new weights.
#
#   scripts/benchmark-weights.sh            # everything (≈ 45 min on 2 cores, after the build)
#   scripts/benchmark-weights.sh pallet_emr_pointers   # one pallet
#   STEPS=2 REPEAT=1 scripts/benchmark-weights.sh ...  # a quick dry run (do not commit it)
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
BENCH_NODE="$MEDCHAIN_CACHE/medchain-node-benchmarks"

if [ -z "${MEDCHAIN_SKIP_BUILD:-}" ]; then
	echo "[weights] building medchain-node --features runtime-benchmarks"
	# The CLI's `frame-storage-access-test-runtime` would build its own WASM, and
	# substrate-wasm-builder, pointed at this workspace (WASM_BUILD_WORKSPACE_HINT,
	# .cargo/config.toml), cannot find that registry crate in it. medchain never runs the
	# subcommand that uses it (`benchmark storage` measures the database directly).
	SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		cargo build --locked --release -p medchain-node --features runtime-benchmarks
	cp "$NODE_BIN" "$BENCH_NODE"
fi

# Each medchain pallet's benchmarks → its crate's weights.rs (trait, SubstrateWeight, ()).
declare -A PALLET_DIRS=(
	[pallet_consortium]=consortium
	[pallet_device_registry]=device-registry
	[pallet_traceability]=traceability
	[pallet_emr_pointers]=emr-pointers
	[pallet_access_control]=access-control
	[pallet_authorities]=authorities
)
# polkadot-sdk pallets whose weights the runtime takes from runtime/src/weights/.
SDK_PALLETS=(frame_system frame_system_extensions pallet_timestamp pallet_node_authorization)

bench_pallet() {
	local pallet="$1" output="$2" template=()
	[ -n "${3:-}" ] && template=(--template "$3")
	echo "[weights] $pallet → $output"
	"$BENCH_NODE" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled \
		"${template[@]}" --output "$output"
}

selected=("$@")
wants() { [ ${#selected[@]} -eq 0 ] || [[ " ${selected[*]} " == *" $1 "* ]]; }

for pallet in "${!PALLET_DIRS[@]}"; do
	wants "$pallet" || continue
	bench_pallet "$pallet" "pallets/${PALLET_DIRS[$pallet]}/src/weights.rs" \
		scripts/weights/pallet-weights.hbs
done
mkdir -p runtime/src/weights
for pallet in "${SDK_PALLETS[@]}"; do
	wants "$pallet" || continue
	bench_pallet "$pallet" "runtime/src/weights/$pallet.rs"
done
if wants overhead; then
	echo "[weights] benchmark overhead → runtime/src/weights/{block,extrinsic}_weights.rs"
	"$BENCH_NODE" benchmark overhead --chain dev --weight-path runtime/src/weights \
		--warmup 10 --repeat 100
fi
if wants storage; then
	# On a grown chain, not a young one (a small trie's reads are not representative):
	# medchain-bench's sustained run on the benchmark node (its setup registers 20,000 devices,
	# its workloads anchor 20,000 records, grant and revoke 20,000 consents, …), database kept;
	# its report goes to $MEDCHAIN_CACHE/grown-chain-run.md.
	GROW_COUNT="${GROW_COUNT:-20000}"
	db="$(mktemp -d -t medchain-storage-bench.XXXXXX)"
	rmdir "$db"
	trap 'rm -rf "$db"' EXIT
	cargo build --locked --release -p medchain-bench
	echo "[weights] growing a dev chain: medchain-bench --count $GROW_COUNT --accounts 400"
	"$CARGO_TARGET_DIR/release/medchain-bench" --node "$BENCH_NODE" --count "$GROW_COUNT" \
		--accounts 400 --read-seconds 1 --keep-database "$db" >"$MEDCHAIN_CACHE/grown-chain-run.md"
	echo "[weights] benchmark storage (ParityDB) → runtime/src/weights/paritydb_weights.rs"
	"$BENCH_NODE" benchmark storage --dev --base-path "$db/db" --state-version 1 \
		--weight-path runtime/src/weights
	# The CLI's template calls ParityDB experimental (for medchain it is the only database) and
	# documents the struct's fields with `///`, which rustc rejects there (unused doc comment).
	sed -i -e '/`ParityDB` can be enabled with a feature flag/c\		/// medchain'"'"'s database (its only one), measured on this machine: the runtime'"'"'s `DbWeight`.' \
		-e '/are available for brave runtime engineers/d' \
		-e 's|^\(\t\t\t\)///|\1//|' runtime/src/weights/paritydb_weights.rs
fi
cargo fmt --all
echo "[weights] done: review the diff, then rebuild and run scripts/test.sh"
