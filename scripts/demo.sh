#!/usr/bin/env bash
# `make demo`: builds the package (skipped when nothing changed), creates a development RSA key once
# (.dev/, git-ignored, reused; made by the package itself, so no openssl is needed), starts the
# example worker in workerd on 127.0.0.1:8787 in development mode with the demo page at /, prints
# the URLs, a sample token and its claims, and serves until Ctrl-C.
# SCEYT_PRIVATE_KEY / SCEYT_APP_ID in the environment override the development key / app id.
# SCEYT_SKIP_BUILD=1 skips the Rust build (uses pkg/ as it is); SCEYT_DEMO_PORT changes the port;
# SCEYT_DEMO_HOST another loopback address (anything else is refused: development mode issues tokens
# for any ?sub= and must not be reachable from another machine).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '[demo] %s\n' "$*" >&2; }

log "make demo: (1) installs what the demo needs: the wasm32 Rust target, the wasm-bindgen CLI, 3 npm packages"
log "  (first run ~2-3 min, mostly compiling wasm-bindgen-cli; later ~1 s); (2) builds the package (first ~2-3 min,"
log "  later ~2 s when nothing changed); (3) starts the example worker with the demo page (~2 s)"
scripts/setup.sh demo

if [ "${SCEYT_SKIP_BUILD:-0}" = 1 ]; then
  log "SCEYT_SKIP_BUILD=1: using the existing build in pkg/"
else
  scripts/build.sh
fi
scripts/pack.sh >/dev/null

mkdir -p .dev
if [ -n "${SCEYT_PRIVATE_KEY:-}" ]; then
  log "using SCEYT_PRIVATE_KEY from the environment"
else
  if [ ! -s .dev/dev-private.pem ]; then
    log "generating the development RSA key pair in .dev/ (once; reused on later runs)"
    (umask 077 && node --input-type=module -e '
      import { writeFileSync } from "node:fs";
      import { SigningKey } from "sceyt-token";
      const key = await SigningKey.generate("RS256");
      writeFileSync(".dev/dev-private.pem", key.toPem(), { mode: 0o600 });
      writeFileSync(".dev/dev-public.pem", key.toPublicPem(), { mode: 0o644 });
    ')
  else
    log "reusing the development key .dev/dev-private.pem"
  fi
  SCEYT_PRIVATE_KEY="$(cat .dev/dev-private.pem)"
  export SCEYT_PRIVATE_KEY
fi
export SCEYT_APP_ID="${SCEYT_APP_ID:-dev-app}"

log "starting the example worker in workerd (a few seconds)"
# Development mode is switched on here, on the demo's own command line, never in wrangler.toml.
# It listens on loopback only: demo.mjs refuses development mode on any other SCEYT_DEMO_HOST.
exec node scripts/demo.mjs --dev-mode --host "${SCEYT_DEMO_HOST:-127.0.0.1}" --port "${SCEYT_DEMO_PORT:-8787}"
