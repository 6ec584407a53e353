#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm (release, wasm-opt -Oz from npm's binaryen), the
# wasm-bindgen glue (patched for lazy initialisation and ERR_NOT_INITIALIZED), and the CommonJS
# bundle for `require`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# wasm-pack picks the first wasm-opt on PATH: make sure it is binaryen's from npm, never Debian's.
case "$(command -v wasm-opt)" in
  "$PWD/node_modules/.bin/wasm-opt") ;;
  *) echo "build: wasm-opt is not the npm binaryen one (run scripts/setup.sh)" >&2; exit 1 ;;
esac

features="${SCEYT_FEATURES:-}"
out="${SCEYT_OUT:-pkg/web}"
args=(build --release --target web --out-dir "$out" --out-name sceyt_token --no-pack)
if [ -n "$features" ]; then
  args+=(-- --no-default-features --features "$features")
fi
wasm-pack "${args[@]}" >&2
rm -f "$out/.gitignore" "$out/package.json" "$out/README.md"
node scripts/patch-glue.mjs "$out/sceyt_token.js"
if [ "$out" = "pkg/web" ]; then
  esbuild pkg/entries/node.mjs --bundle --platform=node --format=cjs --target=node18 \
    --outfile=pkg/dist/node.cjs --log-level=error
fi
ls -l "$out"/*.wasm >&2
