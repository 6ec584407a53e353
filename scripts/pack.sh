#!/usr/bin/env bash
# Packs pkg/ with `npm pack` (the one place that packs) and installs the tarball into the workspace
# node_modules with scripts/lib/package.mjs (the one way to install it), so every JS test and the
# demo import "sceyt-token" exactly as a user would get it (not from source paths).
# Skipped when pkg/ has not changed since the last pack (a stamp of its files' hash: the stamp helper
# of scripts/lib/common.sh, as build.sh's); prints the tarball's path.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/common.sh
mkdir -p target/npm
installed=node_modules/sceyt-token
# The licences live at the repository root (build.sh copies them too; this covers a pkg/ built before).
cp LICENSE-MIT LICENSE-APACHE pkg/
mapfile -t files < <(find pkg -type f ! -name .stamp ! -name '*.tgz' | LC_ALL=C sort)
want="$( (printf '%s\n' "${files[@]}"; stamp_hash "${files[@]}") | sha256sum | cut -d' ' -f1)"
tarball="$(ls target/npm/sceyt-token-*.tgz 2>/dev/null | head -n1 || true)"
if [ -n "$tarball" ] && stamp_fresh "$installed/.pack-stamp" "$want"; then
  printf '[pack] %s is up to date\n' "$installed" >&2
  echo "$tarball"
  exit 0
fi
printf '[pack] npm pack pkg/ and install the tarball as %s\n' "$installed" >&2
rm -f target/npm/sceyt-token-*.tgz
(cd pkg && npm pack --silent --no-update-notifier --pack-destination ../target/npm >/dev/null)
tarball="$(ls target/npm/sceyt-token-*.tgz)"
# The tarball must hold the build (a nested .gitignore could silently drop it).
listing="$(tar -tzf "$tarball")"
for f in package/web/sceyt_token_bg.wasm package/web/sceyt_token.js package/entries/codes.mjs package/entries/glue.mjs package/entries/node.cjs package/entries/workerd.mjs package/index.d.ts package/index.d.cts package/types/api.d.ts package/types/api.d.cts package/types/entries/shared.d.mts package/types/entries/shared.d.cts package/bin/sceyt-token.mjs package/README.md package/LICENSE-MIT package/LICENSE-APACHE; do
  grep -qx "$f" <<<"$listing" || { echo "pack: $f is missing from $tarball" >&2; exit 1; }
done
# Installed as every copy of the package in this repository is (scripts/lib/package.mjs): npm
# install of the tarball, the workspace's manifest and lock file left alone.
node scripts/lib/package.mjs install . --no-save >&2
stamp_write "$installed/.pack-stamp" "$want"
echo "$tarball"
