#!/usr/bin/env bash
# Writes the runtime's metadata (V16) to clients/sdk/metadata/medchain.scale, from which the
# client crate, and through it the CLI, are typed. Run it after any runtime change, as
# scripts/chain-specs.sh; `scripts/test.sh` fails while the committed file is stale
# (node/tests/client_metadata.rs).
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"
MEDCHAIN_WRITE_METADATA=1 cargo test --release -p medchain-node --test client_metadata \
	the_committed_metadata_is_the_runtimes
cargo test --release -p medchain-node --test client_metadata
echo "clients/sdk/metadata/medchain.scale: $(wc -c < clients/sdk/metadata/medchain.scale) bytes"
