#!/usr/bin/env bash
# Copies the package's browser files, as installed from the npm tarball by scripts/pack.sh, into
# www/vendor/sceyt-token/ so the demo page imports exactly what users (and the example worker) get.
# Idempotent; www/vendor/ is git-ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/sceyt-token
dest=www/vendor/sceyt-token
if [ ! -f "$src/web/sceyt_token_bg.wasm" ] || [ ! -f "$src/entries/browser.mjs" ]; then
  echo "stage-www: $src has no browser build; run scripts/pack.sh first (it packs pkg/ and installs the tarball)" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$src/entries" "$src/web" "$src/package.json" "$dest/"
echo "$dest"
