#!/usr/bin/env bash
# The rule docs/ARCHITECTURE.md states, checked from the manifests: a medchain pallet's
# normal dependencies name no other medchain pallet (other pallets only as dev-dependencies,
# in its test runtime), and a pallet's runtime API names only its own pallet. The runtime is
# the one place that wires pallets to each other, through the traits in medchain-primitives.
# Reads `cargo metadata --no-deps` (no build, no network); exits 1 naming every breach.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys

packages = json.load(sys.stdin)["packages"]
pallets = {p["name"] for p in packages if "/pallets/" in p["manifest_path"] and not p["name"].endswith("-runtime-api")}
breaches = []
for package in packages:
    if "/pallets/" not in package["manifest_path"]:
        continue
    name = package["name"]
    own = name.removesuffix("-runtime-api")
    for dep in package["dependencies"]:
        other = dep["name"]
        if dep["kind"] is None and other in pallets and other != own:
            breaches.append(f"{name} depends on {other}: use a trait in medchain-primitives (docs/ARCHITECTURE.md)")
for breach in breaches:
    print(f"[layering] {breach}", file=sys.stderr)
if breaches:
    sys.exit(1)
print(f"[layering] {len(pallets)} pallets, each on medchain-primitives alone")
'
