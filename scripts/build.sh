#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm (cargo), its glue (wasm-bindgen --target web,
# patched for lazy initialisation and ERR_NOT_INITIALIZED), wasm-opt -Oz (npm's binaryen), and the
# public TypeScript declarations (scripts/types.mjs). Each step runs only when its inputs changed:
# cargo decides for the Rust build, a stamp holding the hash of the raw wasm and of the glue patcher
# for wasm-bindgen and wasm-opt; the declarations are rewritten every time (milliseconds). With
# nothing changed it takes ~1 s.
# SCEYT_FEATURES=a,b builds with only those cargo features; SCEYT_OUT=dir builds into another folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '[build] %s\n' "$*" >&2; }
hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Never Debian's wasm-opt (binaryen v108 miscompiles current rustc output): npm's binaryen only.
wasm_opt="$PWD/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || { echo "build: $wasm_opt is missing (run scripts/setup.sh demo)" >&2; exit 1; }

features="${SCEYT_FEATURES:-}"
out="${SCEYT_OUT:-pkg/web}"
cargo_args=(build --lib --release --target wasm32-unknown-unknown)
[ -n "$features" ] && cargo_args+=(--no-default-features --features "$features")
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
raw="$target_dir/wasm32-unknown-unknown/release/sceyt_token.wasm"

if [ ! -f "$raw" ]; then
  log "compiling the Rust crate to wasm (release, LTO; first build ~2-3 min on 2 cores, later seconds)"
fi
start=$SECONDS
cargo "${cargo_args[@]}"
[ $((SECONDS - start)) -gt 5 ] && log "cargo build: $((SECONDS - start)) s"

stamp="$out/.stamp"
want="$(hash "$raw" scripts/patch-glue.mjs scripts/build.sh) features=$features"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$out/sceyt_token_bg.wasm" ] && [ -f "$out/sceyt_token.js" ]; then
  log "$out is up to date (wasm unchanged: wasm-bindgen and wasm-opt skipped)"
else
  log "wasm-bindgen + wasm-opt -Oz into $out (~15 s)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  wasm-bindgen --target web --out-dir "$tmp" --out-name sceyt_token "$raw"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$tmp/sceyt_token_bg.wasm" -o "$tmp/sceyt_token_bg.opt.wasm"
  mv "$tmp/sceyt_token_bg.opt.wasm" "$tmp/sceyt_token_bg.wasm"
  node scripts/patch-glue.mjs "$tmp/sceyt_token.js"
  mkdir -p "$out"
  rm -f "$out"/sceyt_token*
  cp "$tmp"/sceyt_token.js "$tmp"/sceyt_token.d.ts "$tmp"/sceyt_token_bg.wasm "$tmp"/sceyt_token_bg.wasm.d.ts "$out/"
  echo "$want" >"$stamp"
fi

if [ "$out" = "pkg/web" ]; then
  # The public declarations (types/api.d.ts, .d.cts, index.d.cts) from wasm-bindgen's, without its
  # loader's DOM types or internals. `require` needs no build of its own: entries/node.cjs returns
  # the ES module (require(esm)), so import and require share one instance (docs/MODULES.md).
  node scripts/types.mjs pkg/web/sceyt_token.d.ts
  rm -rf pkg/dist # the CommonJS bundle of earlier versions
  # The licences live at the repository root; the tarball carries copies (npm adds only LICENSE/LICENCE by itself).
  cp LICENSE-MIT LICENSE-APACHE pkg/
fi
ls -l "$out"/*.wasm >&2
