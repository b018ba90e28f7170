#!/usr/bin/env bash
# Installs everything medchain's build needs on a Debian or Ubuntu machine, and checks the
# WASM toolchain before any long build. Idempotent: a second run changes nothing and takes
# seconds. Fetches only from apt, rustup and crates.io.
#
# Writes the chosen WASM toolchain to "$MEDCHAIN_CACHE/env" (sourced by the other scripts).
set -euo pipefail

MEDCHAIN_CACHE="${MEDCHAIN_CACHE:-$HOME/.cache/medchain}"
WASM_TARGET=wasm32v1-none
LINKED_TOOLCHAIN=medchain-wasm
mkdir -p "$MEDCHAIN_CACHE"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- the operating system ----------------------------------------------------------------
[ -r /etc/os-release ] || die "cannot read /etc/os-release: medchain's setup supports Debian and Ubuntu only"
# shellcheck disable=SC1091
. /etc/os-release
case " ${ID:-} ${ID_LIKE:-} " in
	*" debian "* | *" ubuntu "*) ;;
	*) die "unsupported OS '${PRETTY_NAME:-unknown}': medchain's setup supports Debian and Ubuntu only (install protoc, rustup's stable toolchain and its $WASM_TARGET target by hand elsewhere)" ;;
esac

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

# Installs the Debian packages that are missing; fails with a clear message if it cannot.
apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ -n "$SUDO" ] && ! command -v sudo >/dev/null; then
		die "need the packages ${missing[*]}, but this is not root and there is no sudo"
	fi
	say "installing ${missing[*]} (apt)"
	$SUDO apt-get update -qq || die "apt-get update failed"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
		die "apt-get could not install ${missing[*]} (on Ubuntu, and on Debian without its security archive, the Debian WASM route's packages do not exist: use rustup's wasm32v1-none target instead)"
}

# ---- system packages -----------------------------------------------------------------------
# protoc: litep2p's and sc-network's build scripts run it. git: build.rs reads the commit.
# python3: scripts/consortium-spec.py (a consortium's chain spec) and its test.
apt_install protobuf-compiler git ca-certificates curl gcc g++ make pkg-config python3
# Node.js and npm run the generic-client check (clients/polkadot-js). Any install will do
# (NodeSource's nodejs ships its own npm and conflicts with Debian's), so only install
# Debian's when there is none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] || die "Node.js $node_major is too old for clients/polkadot-js: need 18 or later"

# ---- Python tools of the tests, each in a virtualenv of its own --------------------------------
apt_install python3-venv
# A virtualenv at $1 with the packages $2 pins ($3 says what they are), reinstalled only when
# $2 changes.
pinned_venv() {
	local venv="$1" requirements="$2"
	cmp -s "$requirements" "$venv/requirements.txt" && return 0
	say "installing $3 (PyPI) into $venv"
	rm -rf "$venv"
	/usr/bin/python3 -m venv "$venv" || die "python3 -m venv failed (apt: python3-venv)"
	"$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" ||
		die "pip could not install $requirements"
	cp "$requirements" "$venv/requirements.txt"
}

# moto's S3 server, for the record vault's S3 test (clients/vault/tests/s3.rs starts it).
pinned_venv "$MEDCHAIN_CACHE/s3-venv" "$(cd "$(dirname "$0")" && pwd)/s3-test-requirements.txt" \
	"moto's S3 server"

# npm packages from a committed lockfile into $1/node_modules ($2 says what they are),
# reinstalled only when the lockfile changes. No install scripts run: nothing downloads a
# browser or a binary behind the lockfile's back.
npm_locked() {
	local dir="$1"
	cmp -s "$dir/package-lock.json" "$dir/node_modules/.medchain-lock.json" && return 0
	say "installing $2 (npm) into $dir/node_modules"
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts >/dev/null) ||
		die "npm ci failed in $dir"
	cp "$dir/package-lock.json" "$dir/node_modules/.medchain-lock.json"
}

# The FHIR facade's validators, which clients/fhir/tests/fhir.rs runs on every resource the
# facade returns: fhir.resources and jsonschema (PyPI), and HL7's R5 core package (npm).
fhir_validation="$(cd "$(dirname "$0")/.." && pwd)/clients/fhir/validation"
pinned_venv "$MEDCHAIN_CACHE/fhir-venv" "$fhir_validation/requirements.txt" "the FHIR validators"
npm_locked "$fhir_validation" "HL7's FHIR R5 core package"

# The web app (clients/web): its build tools, libraries and test runners, and Debian's
# Chromium, which its browser tests drive headless through playwright-core.
npm_locked "$(cd "$(dirname "$0")/.." && pwd)/clients/web" "the web app's packages"
apt_install chromium

# ---- Rust (native) -----------------------------------------------------------------------
[ -x "$HOME/.cargo/bin/rustup" ] && export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v rustup >/dev/null; then
	# Debian 13 and Ubuntu 24.04 package rustup; older releases need https://rustup.rs.
	apt-cache show rustup >/dev/null 2>&1 && apt_install rustup
	command -v rustup >/dev/null || die "rustup is not installed: install it (https://rustup.rs) and run this again"
fi
rustup default >/dev/null 2>&1 || rustup default stable >/dev/null ||
	die "rustup has no default toolchain and could not install 'stable'"
command -v cargo >/dev/null || die "cargo is not on PATH"
# scripts/test.sh checks formatting.
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt >/dev/null 2>&1 ||
	die "rustfmt is missing and could not be installed (rustup component add rustfmt)"
# Every build the scripts make runs clippy's driver (common.sh).
rustup which clippy-driver >/dev/null 2>&1 || rustup component add clippy >/dev/null 2>&1 ||
	die "clippy is missing and could not be installed (rustup component add clippy)"

# ---- the WASM toolchain --------------------------------------------------------------------
# The probe substrate-wasm-builder runs before it builds the runtime: a plain (no build-std)
# cargo build of a no_std cdylib for the wasm target. If this fails, the runtime build would
# fail too, after most of an hour of compiling.
probe_wasm() { # $1: rustup toolchain name, or "" for the default one
	local dir="$MEDCHAIN_CACHE/wasm-probe-${1:-default}"
	rm -rf "$dir" && mkdir -p "$dir/src"
	cat >"$dir/Cargo.toml" <<'TOML'
[package]
name = "medchain-wasm-probe"
version = "0.1.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[profile.release]
panic = "abort"
[workspace]
TOML
	cat >"$dir/src/lib.rs" <<'RS'
#![no_std]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { loop {} }
#[no_mangle]
pub extern "C" fn medchain_probe() -> u32 { 42 }
RS
	local tc=()
	[ -n "$1" ] && tc=("+$1")
	(cd "$dir" && env -u RUSTC -u RUSTFLAGS -u CARGO_TARGET_DIR cargo "${tc[@]}" build -q --release --target "$WASM_TARGET" >"$MEDCHAIN_CACHE/probe-${1:-default}.log" 2>&1) &&
		[ -f "$dir/target/$WASM_TARGET/release/medchain_wasm_probe.wasm" ]
}

write_env() { # $1: toolchain name or ""
	{
		echo "# written by scripts/setup.sh"
		if [ -n "$1" ]; then echo "export WASM_BUILD_TOOLCHAIN=$1"; else echo "unset WASM_BUILD_TOOLCHAIN"; fi
	} >"$MEDCHAIN_CACHE/env"
}

# Route 1, the normal one: rustup's own target and rust-src. MEDCHAIN_WASM_ROUTE=debian skips
# it (to test the fallback, or where rustup's target is installed but broken).
if [ "${MEDCHAIN_WASM_ROUTE:-}" = debian ]; then
	say "MEDCHAIN_WASM_ROUTE=debian: skipping rustup's $WASM_TARGET"
elif rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" || timeout 120 rustup target add "$WASM_TARGET" >/dev/null 2>&1; then
	rustup component list --installed 2>/dev/null | grep -q '^rust-src' ||
		timeout 120 rustup component add rust-src >/dev/null 2>&1 ||
		say "rust-src could not be installed (not needed for $WASM_TARGET)"
	if probe_wasm ""; then
		write_env ""
		say "WASM toolchain: rustup's $(rustc --version | cut -d' ' -f2) with $WASM_TARGET (probe built)"
		exit 0
	fi
	say "rustup has $WASM_TARGET but the probe failed (see $MEDCHAIN_CACHE/probe-default.log); trying the Debian route"
else
	say "rustup cannot download $WASM_TARGET here; using the Debian route (docs/BUILDING.md)"
fi

# Route 2, Debian's second Rust (rustc-web, with the standard library's sources): build
# core/alloc/compiler_builtins for the wasm target once, install them where
# `rustup target add` would have, and link that Rust into rustup as `medchain-wasm`.
apt_install rustc-web cargo-web rust-web-src lld-22
sysroot=$(/usr/bin/rustc --print sysroot)
libdir="$sysroot/lib/rustlib/$WASM_TARGET/lib"
rustc_version=$(/usr/bin/rustc --version)
# Rebuild when Debian's rustc changed (an rlib only loads into the compiler that built it).
if [ "$(cat "$libdir/.medchain-rustc-version" 2>/dev/null)" != "$rustc_version" ]; then
	say "building core and alloc for $WASM_TARGET with Debian's rustc (once)"
	std_dir="$MEDCHAIN_CACHE/wasm-std"
	rm -rf "$std_dir" && mkdir -p "$std_dir/src"
	printf '[package]\nname = "medchain-wasm-std"\nversion = "0.1.0"\nedition = "2021"\n[lib]\ncrate-type = ["rlib"]\n[profile.release]\npanic = "abort"\n[workspace]\n' >"$std_dir/Cargo.toml"
	echo '#![no_std]' >"$std_dir/src/lib.rs"
	(cd "$std_dir" && env -u CARGO_TARGET_DIR -u RUSTFLAGS RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
		/usr/bin/cargo build -q --release --target "$WASM_TARGET" -Zbuild-std=core,alloc) ||
		die "building core/alloc for $WASM_TARGET failed"
	$SUDO rm -rf "$libdir" && $SUDO mkdir -p "$libdir"
	$SUDO cp "$std_dir"/target/"$WASM_TARGET"/release/deps/lib{core,alloc,compiler_builtins}-*.rlib "$libdir/"
	echo "$rustc_version" | $SUDO tee "$libdir/.medchain-rustc-version" >/dev/null
fi
tc_dir="$MEDCHAIN_CACHE/toolchain-$LINKED_TOOLCHAIN"
mkdir -p "$tc_dir/bin" "$tc_dir/lib"
for b in cargo rustc rustdoc; do ln -sf "/usr/bin/$b" "$tc_dir/bin/$b"; done
rustup toolchain link "$LINKED_TOOLCHAIN" "$tc_dir" >/dev/null
if probe_wasm "$LINKED_TOOLCHAIN"; then
	write_env "$LINKED_TOOLCHAIN"
	say "WASM toolchain: Debian's $(/usr/bin/rustc --version | cut -d' ' -f2) as rustup toolchain '$LINKED_TOOLCHAIN' with $WASM_TARGET (probe built)"
	exit 0
fi
cat "$MEDCHAIN_CACHE/probe-$LINKED_TOOLCHAIN.log" >&2
die "no working WASM toolchain: neither rustup's $WASM_TARGET nor the Debian route built the probe crate (log above). See docs/BUILDING.md."
