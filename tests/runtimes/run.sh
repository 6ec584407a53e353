#!/usr/bin/env bash
# The runtime matrix: the shared suite (tests/runtimes/suite.mjs) against the installed npm-pack
# tarball of sceyt-token in every runtime, the example servers, the workerd load test, and remote
# key sets kept at module scope in workerd and miniflare (tests/runtimes/remote.mjs), and the JWKS cache
# shared across isolates (tests/runtimes/shared-cache.mjs).
# Assumes `scripts/pack.sh` has run (node_modules/sceyt-token is the tarball) and npm deps exist.
# Prints `PASS <runtime> (<n> checks)` or `FAIL <runtime>: <reason>` per runtime, then
# `N passed, M failed`; exits non-zero if any runtime failed. Ports: 127.0.0.1:18700-18799.
# Run one runtime: tests/runtimes/run.sh workerd deno ...
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export DENO_NO_UPDATE_CHECK=1 WRANGLER_SEND_METRICS=false

out="test-artifacts/runtimes"
mkdir -p "$out"
current=""
cleanup() {
  # Each harness stops the servers it starts; this stops a harness cut short by Ctrl-C or timeout.
  if [ -n "$current" ] && kill -0 "$current" 2>/dev/null; then
    kill -TERM "$current" 2>/dev/null || true
    sleep 1
    kill -KILL "$current" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -f node_modules/sceyt-token/package.json ]; then
  echo "FAIL setup: node_modules/sceyt-token is missing; run scripts/pack.sh first"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
# run_one <runtime> <timeout seconds> <command...>: the command prints one JSON result line.
run_one() {
  local name="$1" limit="$2"
  shift 2
  local status=0
  # `timeout` bounds every runtime; the harness's own exit handlers stop its servers.
  timeout --kill-after=10 "$limit" "$@" >"$out/$name.json" 2>"$out/$name.log" </dev/null &
  current=$!
  wait "$current" || status=$?
  current=""
  local line
  line="$(node tests/runtimes/summarize.mjs "$name" "$status" "$out/$name.json" "$out/$name.log")" || true
  echo "$line"
  if [[ "$line" == PASS* ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

all=(workerd miniflare remote-workerd remote-miniflare shared-cache-miniflare oidc-workerd oidc-miniflare wrangler deno bun edge-runtime node chrome firefox chrome-nosubtle bundlers deno-example bun-example node-example load)
selected=("$@")
[ "${#selected[@]}" -gt 0 ] || selected=("${all[@]}")
for runtime in "${selected[@]}"; do
  case "$runtime" in
    workerd) run_one workerd 300 node tests/runtimes/workerd.mjs ;;
    miniflare) run_one miniflare 120 node tests/runtimes/miniflare.mjs ;;
    # Remote key sets at module scope (issue 18): a JWKS provider on 127.0.0.1, fetches counted.
    remote-workerd) run_one remote-workerd 240 node tests/runtimes/remote.mjs workerd ;;
    remote-miniflare) run_one remote-miniflare 240 node tests/runtimes/remote.mjs miniflare ;;
    # The JWKS cache shared across isolates (issue 20): miniflare instances sharing one persisted
    # Cache API, a provider on 127.0.0.1, fetches counted (cold isolate, outage, unknown-kid flood).
    shared-cache-miniflare) run_one shared-cache-miniflare 240 node tests/runtimes/shared-cache.mjs ;;
    # The example worker against a real OpenID provider (issue 21): oidc-provider on 127.0.0.1, a PKCE
    # sign-in driven over HTTP, the ID token exchanged, rotation and outage with fetches counted.
    oidc-workerd) run_one oidc-workerd 180 node tests/runtimes/oidc-exchange.mjs workerd ;;
    oidc-miniflare) run_one oidc-miniflare 180 node tests/runtimes/oidc-exchange.mjs miniflare ;;
    wrangler) run_one wrangler 180 node tests/runtimes/wrangler.mjs ;;
    deno) run_one deno 120 deno run --allow-read --allow-env tests/runtimes/deno.mjs ;;
    bun) run_one bun 120 bun tests/runtimes/bun.mjs ;;
    edge-runtime) run_one edge-runtime 120 node tests/runtimes/edge-runtime.mjs ;;
    node) run_one node 120 node tests/runtimes/node.mjs ;;
    chrome) run_one chrome 360 node tests/runtimes/browser.mjs chrome ;;
    firefox) run_one firefox 360 node tests/runtimes/browser.mjs firefox ;;
    chrome-nosubtle) run_one chrome-nosubtle 360 node tests/runtimes/browser.mjs chrome nosubtle ;;
    bundlers) run_one bundlers 240 node tests/runtimes/bundlers.mjs ;;
    deno-example) run_one deno-example 60 node tests/runtimes/examples.mjs deno ;;
    bun-example) run_one bun-example 60 node tests/runtimes/examples.mjs bun ;;
    node-example) run_one node-example 60 node tests/runtimes/examples.mjs node ;;
    load) run_one load 150 node tests/runtimes/load.mjs ;;
    *) echo "FAIL $runtime: unknown runtime (known: ${all[*]})"; failed=$((failed + 1)) ;;
  esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
