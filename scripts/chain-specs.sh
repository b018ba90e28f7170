#!/usr/bin/env bash
# Regenerates chain-specs/dev.json and chain-specs/local.json from the runtime's genesis
# presets, with the node built in the release profile. Run after changing a preset, the
# chain properties or the runtime; node/tests/chain_specs.rs fails while they are stale.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"
cargo build --locked --release -p medchain-node
for chain in dev local; do
	"$NODE_BIN" export-chain-spec --chain "$chain" --output "chain-specs/$chain.json"
	echo "[chain-specs] wrote chain-specs/$chain.json"
done
