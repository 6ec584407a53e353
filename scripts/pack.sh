#!/usr/bin/env bash
# Packs pkg/ with `npm pack` and installs the tarball into the workspace node_modules, so every
# JS test imports "sceyt-token" exactly as a user would get it (not from source paths).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/npm
rm -f target/npm/sceyt-token-*.tgz
(cd pkg && npm pack --silent --pack-destination ../target/npm >/dev/null)
tarball="$(ls target/npm/sceyt-token-*.tgz)"
# The tarball must hold the build (a nested .gitignore could silently drop it).
listing="$(tar -tzf "$tarball")"
for f in package/web/sceyt_token_bg.wasm package/web/sceyt_token.js package/dist/node.cjs package/entries/workerd.mjs package/index.d.ts package/bin/sceyt-token.mjs; do
  grep -qx "$f" <<<"$listing" || { echo "pack: $f is missing from $tarball" >&2; exit 1; }
done
rm -rf node_modules/sceyt-token
mkdir -p node_modules/sceyt-token
tar -xzf "$tarball" -C node_modules/sceyt-token --strip-components=1
echo "$tarball"
