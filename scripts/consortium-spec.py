#!/usr/bin/env python3
"""Builds a real consortium's chain spec from a filled-in chain-specs/consortium-template.json.

    scripts/consortium-spec.py FILLED.json OUT_DIR [--node PATH/TO/medchain-node]

1. Refuses a template with any "<placeholder>" left, naming each and where it is.
2. Turns each well-known node's peer id (base58, as `medchain-node key inspect-node-key`
   prints it) into the bytes the runtime stores.
3. Puts in the runtime code of this node build (`export-chain-spec --chain local`), so the
   chain starts on the runtime the members reviewed.
4. Writes OUT_DIR/consortium.json (readable: the genesis as a patch) and, through the node
   (`export-chain-spec --raw`, which builds the genesis state and so checks every key and
   account), OUT_DIR/consortium-raw.json: the spec every member starts its nodes with.
5. Prints the raw spec's SHA-256: members compare it before their first start.

chain-specs/README.md explains each field. Exits non-zero, with the reason, on any error.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
PLACEHOLDER = re.compile(r"<[^<>]+>")


def die(message):
    sys.exit(f"consortium-spec: {message}")


def placeholders(value, path="$"):
    """Every string still holding a <placeholder>, with its JSON path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from placeholders(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from placeholders(item, f"{path}[{index}]")
    elif isinstance(value, str) and PLACEHOLDER.search(value):
        yield path, value


def peer_id_bytes(text):
    """The bytes of a base58 peer id (each leading '1' is a zero byte)."""
    number = 0
    for char in text:
        if char not in BASE58:
            raise ValueError(f"'{char}' is not base58")
        number = number * 58 + BASE58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    raw = b"\0" * (len(text) - len(text.lstrip("1"))) + body
    # An identity multihash (code 0x00) or a SHA-256 one (0x12), with its length.
    if len(raw) < 2 or raw[0] not in (0x00, 0x12) or raw[1] != len(raw) - 2:
        raise ValueError("not a libp2p peer id")
    return list(raw)


def main(argv):
    parser = argparse.ArgumentParser(
        description="Build a consortium's chain spec from a filled-in template."
    )
    parser.add_argument("template", help="the filled-in chain-specs/consortium-template.json")
    parser.add_argument("out_dir", help="where consortium.json and consortium-raw.json go")
    parser.add_argument(
        "--node",
        default=os.environ.get("MEDCHAIN_NODE", "medchain-node"),
        help="the medchain-node binary (default: $MEDCHAIN_NODE or medchain-node on PATH)",
    )
    options = parser.parse_args(argv)
    template_path, out_dir, node = options.template, options.out_dir, options.node

    try:
        with open(template_path, encoding="utf-8") as f:
            spec = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        die(f"cannot read {template_path}: {e}")

    left = list(placeholders(spec))
    if left:
        lines = "\n".join(f"  {path}: {value}" for path, value in left)
        die(f"{len(left)} placeholder(s) still to fill in:\n{lines}")

    try:
        patch = spec["genesis"]["runtimeGenesis"]["patch"]
    except (KeyError, TypeError):
        die("no genesis.runtimeGenesis.patch: start from chain-specs/consortium-template.json")
    if (patch.get("sudo") or {}).get("key") is not None:
        die("a consortium chain has no sudo key: set sudo.key to null")
    if patch.get("consortium", {}).get("patients"):
        die("no patients at genesis: hospitals register them on the running chain")

    nodes = patch.get("nodeAuthorization", {}).get("nodes", [])
    for index, entry in enumerate(nodes):
        peer = entry[0] if isinstance(entry, list) and entry else None
        if isinstance(peer, str):
            try:
                entry[0] = peer_id_bytes(peer)
            except ValueError as e:
                die(f"nodeAuthorization.nodes[{index}]: '{peer}': {e}")

    with tempfile.TemporaryDirectory() as tmp:
        local = os.path.join(tmp, "local.json")
        run = subprocess.run(
            [node, "export-chain-spec", "--chain", "local", "--output", local],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            die(f"{node} export-chain-spec failed:\n{run.stderr}")
        with open(local, encoding="utf-8") as f:
            code = json.load(f)["genesis"]["runtimeGenesis"]["code"]

    spec["genesis"]["runtimeGenesis"] = {"code": code, "patch": patch}
    os.makedirs(out_dir, exist_ok=True)
    plain = os.path.join(out_dir, "consortium.json")
    with open(plain, "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")

    raw = os.path.join(out_dir, "consortium-raw.json")
    run = subprocess.run(
        [node, "export-chain-spec", "--chain", plain, "--raw", "--output", raw],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        die(f"the genesis does not build:\n{run.stderr.strip()}")
    with open(raw, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"wrote {plain}")
    print(f"wrote {raw}")
    print(f"sha256 {digest}  consortium-raw.json (every member must have the same)")


if __name__ == "__main__":
    main(sys.argv[1:])
