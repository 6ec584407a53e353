#!/usr/bin/env bash
# `make demo`: builds the package, creates a development RSA key once (.dev/, git-ignored, reused),
# starts the example worker in workerd on 127.0.0.1:8787 in development mode (with the demo page
# from www/ at / when it exists), prints the URLs, a sample token and its claims, and serves until
# Ctrl-C. SCEYT_PRIVATE_KEY / SCEYT_APP_ID in the environment override the development key / app id.
# SCEYT_SKIP_BUILD=1 skips the Rust build (uses pkg/ as it is); SCEYT_DEMO_PORT changes the port.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '[demo] %s\n' "$*" >&2; }

if [ "${SCEYT_SKIP_BUILD:-0}" = 1 ]; then
  log "SCEYT_SKIP_BUILD=1: using the existing build in pkg/"
else
  scripts/build.sh
fi
log "packing pkg/ and installing the tarball as node_modules/sceyt-token"
scripts/pack.sh >/dev/null

mkdir -p .dev
if [ -n "${SCEYT_PRIVATE_KEY:-}" ]; then
  log "using SCEYT_PRIVATE_KEY from the environment"
else
  if [ ! -s .dev/dev-private.pem ]; then
    log "generating the development RSA key pair in .dev/ (once; reused on later runs)"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out .dev/dev-private.pem 2>/dev/null)
    openssl pkey -in .dev/dev-private.pem -pubout -out .dev/dev-public.pem
  else
    log "reusing the development key .dev/dev-private.pem"
  fi
  SCEYT_PRIVATE_KEY="$(cat .dev/dev-private.pem)"
  export SCEYT_PRIVATE_KEY
fi
export SCEYT_APP_ID="${SCEYT_APP_ID:-dev-app}"

# Development mode is switched on here, on the demo's own command line, never in wrangler.toml.
exec node scripts/demo.mjs --dev-mode --port "${SCEYT_DEMO_PORT:-8787}"
