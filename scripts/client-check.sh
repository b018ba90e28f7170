#!/usr/bin/env bash
# Runs the scripts in clients/polkadot-js, a generic @polkadot/api client with no medchain
# type definitions, against a fresh development node on loopback: check.mjs (the metadata
# alone describes the consortium pallet, the fee estimate answers zero, the client signs
# transactions the gate admits and sees the one it refuses), records-scenario.mjs (seeds
# S2–S4 with real encryption) and recall-scenario.mjs (the IHE pacemaker-lead recall).
# Stops the node when done.
set -euo pipefail
. "$(dirname "$0")/common.sh"
ensure_setup
cd "$MEDCHAIN_ROOT"
[ -x "$NODE_BIN" ] || cargo build --locked --release -p medchain-node

(cd clients/polkadot-js && npm ci --no-audit --no-fund --loglevel=error)

# Ports of the node's own choice, read back from its log: a port picked here could be taken
# before the node binds it, and the node would then silently serve JSON-RPC on another one.
log="$(mktemp -t medchain-client-check.XXXXXX.log)"
"$NODE_BIN" --dev --tmp --rpc-port 0 --listen-addr /ip4/127.0.0.1/tcp/0 \
	--no-prometheus --no-telemetry --no-mdns >"$log" 2>&1 &
node_pid=$!
trap 'kill -INT $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true' EXIT

# Wait (at most 60 s) for the node to report its JSON-RPC port and to answer there.
rpc_port="" answered=""
for _ in $(seq 60); do
	[ -n "$rpc_port" ] ||
		rpc_port="$(sed -n 's/.*Running JSON-RPC server: addr=127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log" | head -1)"
	[ -n "$rpc_port" ] && curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health"}' "http://127.0.0.1:$rpc_port" >/dev/null && answered=1 && break
	kill -0 $node_pid 2>/dev/null || { tail -20 "$log"; echo "[client-check] the node exited" >&2; exit 1; }
	sleep 1
done
[ -n "$answered" ] || { tail -20 "$log"; echo "[client-check] the node did not answer JSON-RPC within 60 s (port: ${rpc_port:-not reported})" >&2; exit 1; }

for script in check.mjs records-scenario.mjs recall-scenario.mjs; do
	echo "[client-check] $script against ws://127.0.0.1:$rpc_port"
	timeout 300 node "clients/polkadot-js/$script" "ws://127.0.0.1:$rpc_port" || {
		echo "[client-check] $script failed; the node's log: $log" >&2
		exit 1
	}
done
rm -f "$log"
