#!/usr/bin/env bash
# Builds medchain-node, the medchain CLI, medchain-vault and medchain-fhir, and starts the whole
# development system: a chain with one authority (Alice) producing and finalising a block every
# 2 s, JSON-RPC on 127.0.0.1:9944, a record vault for each demo hospital (docs/vault.md):
# Hospital A's on 127.0.0.1:8088, Hospital B's on 127.0.0.1:8089, their files under the dev
# directory, the FHIR R5 facade on 127.0.0.1:8090 (docs/fhir.md), and the web app on
# 127.0.0.1:8080 (docs/ui.md). State is temporary
# unless --base-path DIR is given (then the vaults keep theirs in DIR/vaults). Extra arguments
# go to the node (e.g. --rpc-port 9955). Ctrl-C stops everything.
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

echo "[run-dev] building medchain-node, the medchain CLI, medchain-vault and medchain-fhir (release; a first build takes ≈ 25 min on 2 cores, see docs/BUILDING.md)"
cargo build --locked --release -p medchain-node -p medchain-cli -p medchain-vault -p medchain-fhir
echo "[run-dev] building the web app (clients/web)"
(cd clients/web && npm run --silent build >/dev/null)
CLI_BIN="$CARGO_TARGET_DIR/release/medchain"
VAULT_BIN="$CARGO_TARGET_DIR/release/medchain-vault"
FHIR_BIN="$CARGO_TARGET_DIR/release/medchain-fhir"
WS="ws://127.0.0.1:$RPC_PORT"

# --tmp unless the caller chose where the chain lives; the vaults' files go beside it.
state_args=(--tmp)
dev_dir=""
for ((i = 0; i < ${#args[@]}; i++)); do
	case "${args[$i]}" in
		--base-path | -d) state_args=(); dev_dir="${args[$((i + 1))]:-}/vaults" ;;
		--base-path=*) state_args=(); dev_dir="${args[$i]#--base-path=}/vaults" ;;
	esac
done
temporary=""
if [ -z "$dev_dir" ]; then
	temporary="$(mktemp -d -t medchain-dev.XXXXXX)"
	dev_dir="$temporary/vaults"
fi
mkdir -p "$dev_dir"
stop() {
	trap - EXIT INT TERM
	kill $(jobs -p) 2>/dev/null || true
	wait 2>/dev/null || true
	[ -n "$temporary" ] && rm -rf "$temporary"
}
trap stop EXIT INT TERM

"$NODE_BIN" --dev "${state_args[@]}" "${port_args[@]}" "$@" &
node_pid=$!
for _ in $(seq 240); do
	(exec 3<>"/dev/tcp/127.0.0.1/$RPC_PORT") 2>/dev/null && break
	kill -0 "$node_pid" 2>/dev/null || { echo "[run-dev] the node stopped" >&2; exit 1; }
	sleep 0.5
done

# Hospital B's record store account (//Two), added by its administrator (Hospital A's, //One,
# is in the demo consortium's genesis). On a kept chain it is there already.
if ! "$CLI_BIN" --url "$WS" --suri //Bob//stash staff whois //Two | grep -q RecordStore; then
	"$CLI_BIN" --url "$WS" --suri //Bob//stash staff add //Two --role record-store >/dev/null
fi

# One vault per hospital: name, organisation, record-store account, port; the web app's pages
# may call it (served here, or by Vite's dev server: `npm run dev`).
for vault in "hospital-a 3 //One 8088" "hospital-b 4 //Two 8089"; do
	read -r name org signer port <<<"$vault"
	MEDCHAIN_VAULT_SIGNER="$signer" "$VAULT_BIN" --node "$WS" --org "$org" \
		--listen "127.0.0.1:$port" --data "$dev_dir/$name/data" --state "$dev_dir/$name/state" \
		--allow-origin http://127.0.0.1:8080,http://localhost:5173 >>"$dev_dir/$name.log" 2>&1 &
done

# The FHIR R5 facade, on the same node: it writes devices for the manufacturer (//Dave) and
# adverse events for Hospital B (its integration account, //Eve//stash), and links records
# to the hospitals' vaults.
MEDCHAIN_FHIR_SIGNERS="1=//Dave,4=//Eve//stash" "$FHIR_BIN" --node "$WS" --listen 127.0.0.1:8090 \
	--vault 3=http://127.0.0.1:8088 --vault 4=http://127.0.0.1:8089 >>"$dev_dir/fhir.log" 2>&1 &

# The web app, served from its build (clients/web/dist), talking to this node.
(cd clients/web && exec npx vite preview --host 127.0.0.1 --port 8080 --strictPort >>"$dev_dir/web.log" 2>&1) &
WEB_URL="http://127.0.0.1:8080/"
[ "$RPC_PORT" = 9944 ] || WEB_URL="$WEB_URL?node=$WS"

cat <<BANNER

  medchain development node
  -------------------------
  JSON-RPC (HTTP + WebSocket): http://127.0.0.1:$RPC_PORT   ws://127.0.0.1:$RPC_PORT
  Polkadot.js Apps:            https://polkadot.js.org/apps/?rpc=ws://127.0.0.1:$RPC_PORT
  CLI (docs/cli.md):           $CLI_BIN --url $WS --help
  Record vaults (docs/vault.md):
    Hospital A (org 3, //One)  http://127.0.0.1:8088   files and log: $dev_dir/hospital-a
    Hospital B (org 4, //Two)  http://127.0.0.1:8089   files and log: $dev_dir/hospital-b
  FHIR R5 facade (docs/fhir.md): http://127.0.0.1:8090/metadata   log: $dev_dir/fhir.log
    writes for org 1 (//Dave) and org 4 (//Eve//stash)
  Web app (docs/ui.md):        $WEB_URL   (developer mode: pick a demo account)
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

wait "$node_pid"
