#!/usr/bin/env bash
# Builds medchain-node and starts a development chain: one authority (Alice) producing and
# finalising a block every 2 s, state in a temporary directory, JSON-RPC on 127.0.0.1:9944.
# Extra arguments go to the node (e.g. --rpc-port 9955, or --base-path DIR to keep the
# chain between runs). Ctrl-C stops it.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"

RPC_PORT=9944
port_args=(--rpc-port "$RPC_PORT")
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[$i]}" in
		--rpc-port) RPC_PORT="${args[$((i + 1))]:-$RPC_PORT}"; port_args=() ;;
		--rpc-port=*) RPC_PORT="${args[$i]#--rpc-port=}"; port_args=() ;;
	esac
done

echo "[run-dev] building medchain-node and the medchain CLI (release; a first build takes ≈ 20 min on 2 cores, see docs/BUILDING.md)"
cargo build --locked --release -p medchain-node -p medchain-cli

cat <<BANNER

  medchain development node
  -------------------------
  JSON-RPC (HTTP + WebSocket): http://127.0.0.1:$RPC_PORT   ws://127.0.0.1:$RPC_PORT
  Polkadot.js Apps:            https://polkadot.js.org/apps/?rpc=ws://127.0.0.1:$RPC_PORT
  CLI (docs/cli.md):           $CARGO_TARGET_DIR/release/medchain --url ws://127.0.0.1:$RPC_PORT --help
  Chain:                       development (one authority: Alice; blocks every 2 s)
  State:                       temporary (gone when the node stops) unless --base-path is given
  Demo consortium (sr25519 dev keys, seed "//Name"; no balances, no fees):
    Alice          Regulator admin + RegulatoryOfficer, authority, sudo
    Dave           Manufacturer admin + FieldServiceEngineer
    Alice//stash   Logistics admin
    Bob, Charlie   Hospital A: admin + Doctor; Nurse + DeviceOperator + Registrar
    Bob//stash     Hospital B admin + Doctor (Eve//stash: FieldServiceEngineer + Integration)
    Charlie//stash Laboratory admin + LabTechnician
    Dave//stash    Pharmacy admin + Pharmacist
    Eve, Ferdie    patients;  Ferdie//stash: unregistered (its transactions are refused)
  Roles, council, gate codes: docs/consortium.md;  medchain_* methods: docs/rpc.md
  Try:  curl -s -H 'Content-Type: application/json' \\
          -d '{"id":1,"jsonrpc":"2.0","method":"chain_getFinalizedHead"}' http://127.0.0.1:$RPC_PORT
  Stop: Ctrl-C

BANNER

# --tmp unless the caller chose where the chain lives.
state_args=(--tmp)
for arg in "$@"; do
	case "$arg" in --base-path | --base-path=* | -d) state_args=() ;; esac
done

exec "$NODE_BIN" --dev "${state_args[@]}" "${port_args[@]}" "$@"
