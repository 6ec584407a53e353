#!/usr/bin/env bash
# Idempotent installer for everything sceyt-token needs to build, test, bench and demo.
# Each step checks first and installs only what is missing, so re-running it is cheap.
# Usage: scripts/setup.sh [--no-browsers]
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)"
WASM_PACK_VERSION="0.15.1"
GECKODRIVER_VERSION="0.37.1"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[setup] %s\n' "$*" >&2; }

# `has PATTERN COMMAND...`: whether COMMAND's output contains the fixed string PATTERN. The output is
# captured first: piping into `grep -q` under pipefail fails at random when grep exits early and the
# command dies of SIGPIPE, which would reinstall tools that are already there.
has() {
  local pattern="$1" out
  shift
  out="$("$@" 2>/dev/null)" || return 1
  grep -qF -- "$pattern" <<<"$out"
}

want_browsers=1
for arg in "$@"; do
  case "$arg" in
    --no-browsers) want_browsers=0 ;;
  esac
done

# 1. Rust target
if ! has wasm32-unknown-unknown rustup target list --installed; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in clippy rustfmt; do
  if ! has "$comp" rustup component list --installed; then
    log "adding rustup component $comp"
    rustup component add "$comp"
  fi
done

# 2. wasm-bindgen-cli pinned to the exact crate version in Cargo.toml (wasm-pack uses the one on
#    PATH only when versions match; otherwise it tries to download from GitHub, which fails here).
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: could not read the pinned wasm-bindgen version from Cargo.toml" >&2
  exit 1
fi
if ! has " $WASM_BINDGEN_VERSION" wasm-bindgen --version; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (several minutes)"
  # Not --locked: a dependency version locked in that release is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. wasm-pack
if ! has "$WASM_PACK_VERSION" wasm-pack --version; then
  log "installing wasm-pack $WASM_PACK_VERSION (several minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# 4. npm dev dependencies (binaryen's wasm-opt, jose, typescript, runtimes, playwright-core...)
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  log "installing npm dev dependencies (npm ci)"
  (npm ci --no-audit --no-fund --loglevel=error)
  touch node_modules/.installed
fi

# 5. Python venv with PyJWT (independent verifier for the interop test)
if ! target/pyenv/bin/python -c "import jwt, cryptography" 2>/dev/null; then
  log "creating target/pyenv with PyJWT"
  python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check "PyJWT[crypto]==2.10.1"
fi

# 6. Browsers and drivers (Debian chromium + chromedriver, firefox-esr + geckodriver from crates.io)
if [ "$want_browsers" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
  fi
  if ! has "$GECKODRIVER_VERSION" geckodriver --version; then
    log "installing geckodriver $GECKODRIVER_VERSION (several minutes)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
  fi
fi
# 6. openssl generates the development key of `make demo`
if ! command -v openssl >/dev/null; then
  log "installing openssl from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends openssl >/dev/null
fi
log "ok"
