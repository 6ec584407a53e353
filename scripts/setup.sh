#!/usr/bin/env bash
# Idempotent installer. Each step checks first and installs only what is missing, so a second run
# takes about a second. Two profiles:
#   scripts/setup.sh demo   what `make demo` needs: the wasm32 Rust target, the wasm-bindgen CLI of the
#                           version Cargo.lock names, and the root npm manifest (binaryen's wasm-opt,
#                           esbuild, workerd). No system packages: the demo key is made by the package.
#   scripts/setup.sh test   everything `make test` needs on top: clippy/rustfmt, wasm-pack (for
#                           `wasm-pack test`), tests/package.json (jose, runtimes, playwright-core,
#                           typescript, attw, publint…), a PyJWT venv, Debian chromium/chromedriver/
#                           firefox-esr and geckodriver.
#   scripts/setup.sh bench  `test`, plus twiggy (the size profile of `make bench`).
# System packages come from apt-get as root, or through `sudo -n` when that works without a prompt.
# Where neither is possible (not Debian, no sudo), each missing tool is named on one line with how to
# install it; the demo goes on when the missing tool is not needed for it, `test` stops before any
# test runs.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-demo}"
bench=0
case "$profile" in
  demo | test) ;;
  bench) bench=1; profile=test ;;
  *) echo "usage: scripts/setup.sh demo|test|bench" >&2; exit 2 ;;
esac

. scripts/lib/common.sh
WASM_BINDGEN_VERSION="$(locked_version wasm-bindgen)"
WASM_PACK_VERSION="0.15.1"
GECKODRIVER_VERSION="0.37.1"
TWIGGY_VERSION="0.8.0"
PYJWT_VERSION="2.10.1"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[setup] %s\n' "$*" >&2; }
missing=() # "tool: how to install it", one line each

# `has PATTERN COMMAND...`: whether COMMAND's output contains the fixed string PATTERN. The output is
# captured first: piping into `grep -q` under pipefail fails at random when grep exits early and the
# command dies of SIGPIPE, which would reinstall tools that are already there.
has() {
  local pattern="$1" out
  shift
  out="$("$@" 2>/dev/null)" || return 1
  grep -qF -- "$pattern" <<<"$out"
}

# How system packages can be installed here: "root", "sudo", or "" (not at all).
apt_mode() {
  command -v apt-get >/dev/null 2>&1 || return 0
  if [ "$(id -u)" = 0 ]; then echo root; return; fi
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo sudo; fi
}

# apt_install PACKAGE...: installs Debian packages as root or through `sudo -n` (callers check
# `apt_mode` first and name what is missing themselves when neither works).
apt_updated=0
apt_install() {
  local run=(env DEBIAN_FRONTEND=noninteractive)
  [ "$(apt_mode)" = sudo ] && run=(sudo -n "${run[@]}")
  log "installing $* from apt (about a minute, once)"
  if [ "$apt_updated" = 0 ]; then "${run[@]}" apt-get update -qq; apt_updated=1; fi
  "${run[@]}" apt-get install -y -q --no-install-recommends "$@" | grep -E '^(Unpacking|Setting up) ' | sed 's/^/[setup]   /' >&2 || true
}

# 0. The tools nobody can install for you.
for tool in cargo rustup node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    case "$tool" in
      cargo | rustup) missing+=("$tool: install Rust with rustup, https://rustup.rs (curl https://sh.rustup.rs -sSf | sh)") ;;
      node | npm) missing+=("$tool: install Node.js 18 or later, https://nodejs.org (macOS: brew install node)") ;;
    esac
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "cannot continue; missing:"
  printf '[setup]   %s\n' "${missing[@]}" >&2
  exit 1
fi

if [ "$profile" = test ]; then
  # 0b. For the tests, first what only the system can provide (browsers, Python): when it is
  #     missing and cannot be installed here, say so now, before minutes of compiling.
  pkgs=()
  command -v chromium >/dev/null || pkgs+=(chromium)
  command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
  command -v firefox-esr >/dev/null || pkgs+=(firefox-esr)
  if [ "${#pkgs[@]}" -gt 0 ]; then
    if [ -n "$(apt_mode)" ]; then
      apt_install "${pkgs[@]}" fonts-dejavu-core
    else
      for p in "${pkgs[@]}"; do
        case "$p" in
          chromium) missing+=("chromium: headless Chromium as 'chromium' on PATH (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium)") ;;
          chromium-driver) missing+=("chromedriver: the ChromeDriver of that Chromium on PATH (Debian/Ubuntu: sudo apt-get install chromium-driver; macOS: brew install --cask chromedriver)") ;;
          firefox-esr) missing+=("firefox-esr: Firefox as 'firefox-esr' on PATH (Debian: sudo apt-get install firefox-esr; elsewhere link your firefox as firefox-esr)") ;;
        esac
      done
    fi
  fi
  command -v python3 >/dev/null 2>&1 ||
    missing+=("python3: install Python 3.9 or later (Debian: apt-get install python3-venv; macOS: brew install python)")
  if [ "${#missing[@]}" -gt 0 ]; then
    log "make test cannot run: these tools are missing and cannot be installed here (no apt-get, or not root and no password-less sudo):"
    printf '[setup]   %s\n' "${missing[@]}" >&2
    exit 1
  fi
fi

# 1. Rust target (and, for the tests, the lint components)
if ! has wasm32-unknown-unknown rustup target list --installed; then
  log "adding the rustup target wasm32-unknown-unknown (~20 s, once)"
  rustup target add wasm32-unknown-unknown
fi
if [ "$profile" = test ]; then
  for comp in clippy rustfmt; do
    if ! has "$comp" rustup component list --installed; then
      log "adding rustup component $comp"
      rustup component add "$comp"
    fi
  done
fi

# 2. wasm-bindgen-cli of exactly the crate version Cargo.lock names: the glue and the crate must be of
#    one version. No prebuilt binary is reachable, so it compiles from crates.io.
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if ! has "wasm-bindgen $WASM_BINDGEN_VERSION" wasm-bindgen --version; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io: compiles for ~2 min on 2 cores (once)"
  # Not --locked: a dependency version locked in that release is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. npm manifests: the root one is the demo's and the build's (small); tests/ holds the test runtimes.
#    Installed again only when the lock file is newer than the last install.
npm_install() {
  local dir="$1" what="$2"
  if [ ! -f "$dir/node_modules/.installed" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    log "installing $what (npm ci in ${dir#./}; $3)"
    (cd "$dir" && npm ci --no-audit --no-fund --no-update-notifier --loglevel=error)
    touch "$dir/node_modules/.installed"
  fi
}
npm_install . "the build's npm tools: binaryen (wasm-opt), esbuild, workerd" "~15 s, once"

if [ "$profile" = test ]; then
  # 5. wasm-pack: only `wasm-pack test` needs it (the package is built with cargo + wasm-bindgen).
  if ! has "$WASM_PACK_VERSION" wasm-pack --version; then
    log "installing wasm-pack $WASM_PACK_VERSION from crates.io: compiles for ~2 min (once)"
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
  fi
  npm_install tests "the test runtimes and verifiers (jose, workerd, wrangler, deno, bun, playwright-core…)" "~1 min, once"
  # The example worker's own `npm test` (vitest inside workerd through @cloudflare/vitest-pool-workers).
  npm_install examples/cloudflare-worker "the example worker's test tools (vitest, @cloudflare/vitest-pool-workers, wrangler)" "~1 min, once"
  # benches/ share the test manifest (jose, fast-jwt, autocannon…).
  [ -e benches/node_modules ] || ln -s ../tests/node_modules benches/node_modules

  # 6. Python venv with PyJWT (the independent verifier of the interop test)
  if ! target/pyenv/bin/python -c "import jwt, cryptography" 2>/dev/null; then
    log "creating target/pyenv with PyJWT $PYJWT_VERSION (~20 s, once)"
    python3 -m venv target/pyenv
    target/pyenv/bin/pip install --quiet --disable-pip-version-check "PyJWT[crypto]==$PYJWT_VERSION"
  fi

  # 7. geckodriver (Debian has no package) from crates.io.
  if ! has "$GECKODRIVER_VERSION" geckodriver --version; then
    log "installing geckodriver $GECKODRIVER_VERSION from crates.io: compiles for ~1.5 min (once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
  fi
fi

# 8. twiggy, for the size profile of `make bench` only.
if [ "$bench" = 1 ] && ! has "$TWIGGY_VERSION" twiggy --version; then
  log "installing twiggy $TWIGGY_VERSION from crates.io: compiles for ~3 min (once)"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked --force
fi

log "ok ($([ "$bench" = 1 ] && echo bench || echo "$profile"))"
