#!/usr/bin/env bash
# `npm publish --dry-run` of the npm-pack tarball (target/npm/sceyt-token-*.tgz, made by
# scripts/pack.sh), offline and without credentials: the registry is a closed loopback port, the
# auth token a bogus value, and --dry-run sends nothing. Checks that the tarball holds exactly the
# files listed in tests/package-files.txt (one path a line, sorted), and prints its size.
# A stage of `make test`; `make release` runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
expected_file=tests/package-files.txt
tarball="$(ls target/npm/sceyt-token-*.tgz 2>/dev/null | head -n1 || true)"
[ -n "$tarball" ] || { echo "publish-dry-run: no tarball in target/npm (run scripts/pack.sh)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# An empty user config and a registry nobody listens on: a dry run that tried the network or
# needed a login would fail here instead of quietly depending on this machine's setup.
: >"$tmp/npmrc"
registry="http://127.0.0.1:9/"
NPM_CONFIG_USERCONFIG="$tmp/npmrc" NPM_CONFIG_REGISTRY="$registry" NPM_CONFIG_OFFLINE=true \
  NODE_AUTH_TOKEN=bogus-token-for-a-dry-run NPM_CONFIG_UPDATE_NOTIFIER=false \
  npm publish --dry-run --json --access public --registry "$registry" "$tarball" >"$tmp/out.json" 2>"$tmp/err.txt" || {
    echo "publish-dry-run: npm publish --dry-run failed:" >&2
    cat "$tmp/err.txt" "$tmp/out.json" >&2
    exit 1
  }

# npm rewrites a package.json it finds fault with ("auto-corrected some errors") and warns: the
# manifest must be published as written.
if grep -Ei "auto-corrected|errors in your package\.json|invalid" "$tmp/err.txt" >&2; then
  echo "publish-dry-run: npm found fault with pkg/package.json (above); fix it (npm pkg fix shows how)" >&2
  exit 1
fi

node - "$tmp/out.json" "$expected_file" <<'EOF'
const fs = require("node:fs");
const [outFile, expectedFile] = process.argv.slice(2);
const raw = JSON.parse(fs.readFileSync(outFile, "utf8"));
const report = raw.id ? raw : raw[Object.keys(raw)[0]]; // npm 11 keys the report by package name
if (!report || !Array.isArray(report.files)) {
  console.error(`publish-dry-run: unexpected npm output: ${JSON.stringify(raw).slice(0, 300)}`);
  process.exit(1);
}
const actual = report.files.map((f) => f.path).sort();
const expected = fs.readFileSync(expectedFile, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).sort();
const missing = expected.filter((f) => !actual.includes(f));
const extra = actual.filter((f) => !expected.includes(f));
for (const f of report.files.sort((a, b) => a.path.localeCompare(b.path))) console.log(`${String(f.size).padStart(9)}  ${f.path}`);
console.log(`${report.id}: ${report.entryCount} files, ${report.size} bytes packed, ${report.unpackedSize} bytes unpacked`);
if (missing.length || extra.length) {
  if (missing.length) console.error(`missing from the tarball (listed in ${expectedFile}): ${missing.join(", ")}`);
  if (extra.length) console.error(`in the tarball but not in ${expectedFile}: ${extra.join(", ")}`);
  process.exit(1);
}
console.log(`publish dry run ok: the tarball holds exactly the ${expected.length} files of ${expectedFile}`);
EOF
