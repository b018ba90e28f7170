#!/usr/bin/env bash
# The four-authority `local` chain on this machine: alice, bob, charlie and dave, each a
# medchain-node with its own base path, ports and network key, everything on 127.0.0.1.
#
#   scripts/local-network.sh start    build the node (unless MEDCHAIN_SKIP_BUILD=1), start
#                                     the four nodes (those not running), wait for their
#                                     RPC, and print where each listens
#   scripts/local-network.sh status   each node: running or not, peers, best and finalised
#   scripts/local-network.sh stop     stop them (SIGINT; their databases stay)
#   scripts/local-network.sh purge    stop them and delete their databases
#
# State lives in $MEDCHAIN_NETWORK_DIR (default ~/.cache/medchain/local-network): one base
# path, log and pid file per node. Ports: p2p 30333+i, JSON-RPC 9944+i, Prometheus 9615+i
# (i = 0…3), all bound to 127.0.0.1. docs/operators.md explains the steps it takes.
set -euo pipefail
. "$(dirname "$0")/common.sh"

NET_DIR="${MEDCHAIN_NETWORK_DIR:-$MEDCHAIN_CACHE/local-network}"
NAMES=(alice bob charlie dave)
# The peer ids the fixed network keys 000…01 … 000…04 give (`medchain-node key inspect-node-key`).
PEER_IDS=(
	12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp
	12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD
	12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x
	12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st
)

p2p_port() { echo $((30333 + $1)); }
rpc_port() { echo $((9944 + $1)); }
prometheus_port() { echo $((9615 + $1)); }
pid_of() { cat "$NET_DIR/${NAMES[$1]}.pid" 2>/dev/null || true; }
running() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

rpc() { # rpc PORT METHOD → the JSON result, or nothing
	curl -sf -m 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1" |
		sed -n 's/.*"result":\(.*\)}$/\1/p'
}

start() {
	if [ "${MEDCHAIN_SKIP_BUILD:-0}" != 1 ]; then
		ensure_setup
		(cd "$MEDCHAIN_ROOT" && cargo build --locked --release -p medchain-node)
	fi
	[ -x "$NODE_BIN" ] || { echo "[local-network] no node binary at $NODE_BIN" >&2; exit 1; }
	mkdir -p "$NET_DIR"
	local bootnode="/ip4/127.0.0.1/tcp/$(p2p_port 0)/p2p/${PEER_IDS[0]}"
	for i in "${!NAMES[@]}"; do
		local name="${NAMES[$i]}"
		if running "$i"; then
			echo "[local-network] $name is already running (pid $(pid_of "$i"))"
			continue
		fi
		local boot=()
		[ "$i" -gt 0 ] && boot=(--bootnodes "$bootnode")
		"$NODE_BIN" --chain local "--$name" --name "$name" \
			--base-path "$NET_DIR/$name" --node-key "$(printf '%064d' $((i + 1)))" \
			--listen-addr "/ip4/127.0.0.1/tcp/$(p2p_port "$i")" \
			--rpc-port "$(rpc_port "$i")" --prometheus-port "$(prometheus_port "$i")" \
			--no-mdns --no-telemetry "${boot[@]}" >"$NET_DIR/$name.log" 2>&1 &
		echo $! >"$NET_DIR/$name.pid"
	done
	for i in "${!NAMES[@]}"; do
		for _ in $(seq 60); do
			[ -n "$(rpc "$(rpc_port "$i")" system_health)" ] && break
			running "$i" || { tail -20 "$NET_DIR/${NAMES[$i]}.log"; echo "[local-network] ${NAMES[$i]} exited" >&2; exit 1; }
			sleep 1
		done
	done
	echo
	printf '  %-8s %-54s %-26s %-22s %s\n' node "peer id" p2p "JSON-RPC" log
	for i in "${!NAMES[@]}"; do
		printf '  %-8s %-54s %-26s %-22s %s\n' "${NAMES[$i]}" "${PEER_IDS[$i]}" \
			"/ip4/127.0.0.1/tcp/$(p2p_port "$i")" "ws://127.0.0.1:$(rpc_port "$i")" \
			"$NET_DIR/${NAMES[$i]}.log"
	done
	echo
	echo "  Chain: local (4 authorities; GRANDPA finalises with 3 of 4). Databases: $NET_DIR/<node>"
	echo "  Polkadot.js Apps: https://polkadot.js.org/apps/?rpc=ws://127.0.0.1:$(rpc_port 0)"
}

status() {
	for i in "${!NAMES[@]}"; do
		local name="${NAMES[$i]}" port
		port="$(rpc_port "$i")"
		if ! running "$i"; then
			printf '  %-8s stopped\n' "$name"
			continue
		fi
		local health finalized best
		health="$(rpc "$port" system_health)"
		best="$(rpc "$port" chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')"
		finalized="$(curl -sf -m 5 -H 'Content-Type: application/json' -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"chain_getHeader\",\"params\":[$(rpc "$port" chain_getFinalizedHead)]}" \
			"http://127.0.0.1:$port" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')"
		printf '  %-8s running (pid %s)  ws://127.0.0.1:%s  %s  best #%d  finalised #%d\n' \
			"$name" "$(pid_of "$i")" "$port" "$health" "$((best))" "$((finalized))"
	done
}

stop() {
	for i in "${!NAMES[@]}"; do
		running "$i" || { rm -f "$NET_DIR/${NAMES[$i]}.pid"; continue; }
		local pid
		pid="$(pid_of "$i")"
		kill -INT "$pid"
		for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
		rm -f "$NET_DIR/${NAMES[$i]}.pid"
		echo "[local-network] stopped ${NAMES[$i]}"
	done
}

case "${1:-}" in
	start) start ;;
	status) status ;;
	stop) stop ;;
	purge) stop; rm -rf "$NET_DIR"; echo "[local-network] deleted $NET_DIR" ;;
	*) echo "usage: $0 start|status|stop|purge" >&2; exit 2 ;;
esac
