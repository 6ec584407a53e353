#!/usr/bin/env bash
# `make bench`: builds the default package and the smallest build, then measures, with jose side
# by side: ops/s (Node; workerd when benches/workerd.mjs exists), the native limit (openssl speed),
# the package's own per-call cost (against fast-jwt, and its CPU profile), cold start (Node and
# workerd, phase by phase), size and memory. Writes benches/RESULTS.md. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=target/bench
mkdir -p "$out"
scripts/build.sh >/dev/null
scripts/pack.sh >/dev/null
echo "size profile (twiggy)..." >&2
node benches/size-profile.mjs >"$out/size-profile.md"
node benches/size-profile.mjs crypto >"$out/size-profile-crypto.md"
node benches/profile.mjs --prepare   # the names-kept module for the CPU profile, before the HMAC-only build
SCEYT_FEATURES=hmac SCEYT_OUT=target/wasm-small scripts/build.sh >/dev/null
echo "openssl speed..." >&2
openssl speed -seconds 3 rsa2048 ecdsap256 ed25519 2>/dev/null >"$out/openssl.txt"
echo "size..." >&2
node benches/size.mjs pkg/web/sceyt_token_bg.wasm pkg/web/sceyt_token_crypto.wasm target/wasm-small/sceyt_token_bg.wasm >"$out/size.json"
echo "ops/s in Node..." >&2
BENCH_JSON="$out/node.json" node benches/bench.mjs >/dev/null
if [ -f benches/workerd.mjs ]; then
  echo "ops/s in workerd..." >&2
  node benches/workerd.mjs >"$out/workerd.json"
  node benches/workerd.mjs compat >"$out/workerd-compat.json"
fi
echo "verified-token cache against fast-jwt's..." >&2; node benches/cache.mjs >"$out/cache.md"
echo "per-call overhead (no-op primitive)..." >&2
OVERHEAD_JSON="$out/overhead.json" node benches/overhead.mjs >"$out/overhead.md"
echo "CPU profile of the per-call cost (names kept)..." >&2
node benches/profile.mjs "$out/profile.json" >"$out/profile.md"
echo "cold start..." >&2
node benches/coldstart.mjs >"$out/cold.json"
echo "memory..." >&2
node --expose-gc benches/memory.mjs >"$out/memory.json"
node benches/report.mjs "$out" >benches/RESULTS.md
echo "wrote benches/RESULTS.md" >&2
