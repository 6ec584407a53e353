#!/usr/bin/env bash
# `make release VERSION=x.y.z`: prepares a release in the working copy, and never publishes.
#   1. refuses a dirty working tree, a version that is not semver or not above the current one,
#      and an empty "Unreleased" section in CHANGELOG.md;
#   2. sets the version in Cargo.toml, Cargo.lock, fuzz/Cargo.lock and pkg/package.json together;
#   3. moves CHANGELOG's Unreleased entries under "## [x.y.z] - YYYY-MM-DD" (UTC date), leaving an
#      empty Unreleased section on top;
#   4. runs the checks: the whole suite (scripts/test.sh) by default, or with RELEASE_CHECKS=quick
#      the build, `npm pack`, the version check and `npm publish --dry-run` (scripts/publish-dry-run.sh);
#   5. prints the commands that would commit, tag and publish. It runs none of them.
# RELEASE_CHECKS=none skips step 4 but the version check: for tests of this script only
# (tests/js/release.test.mjs), never for a release.
# On a failed check the version changes stay in the working tree for you to inspect (git diff), or
# to drop with `git checkout -- .`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"

die() { echo "release: $*" >&2; exit 1; }
version="${1:-${VERSION:-}}"
checks="${RELEASE_CHECKS:-full}"
[ -n "$version" ] || die "usage: make release VERSION=x.y.z   (RELEASE_CHECKS=quick for the build, pack and publish dry run only)"
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]] || die "\"$version\" is not a version like 1.2.3 or 1.2.3-rc.1"
case "$checks" in full|quick|none) ;; *) die "RELEASE_CHECKS must be full or quick, not \"$checks\"" ;; esac
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "the working tree has uncommitted changes: commit them first (git status)"

current="$(node -p 'require("./pkg/package.json").version')"
cargo_current="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"
[ "$current" = "$cargo_current" ] || die "versions disagree before the bump: pkg/package.json $current, Cargo.toml $cargo_current"
node -e '
  const parse = (v) => { const [core, pre] = v.split("-", 2); return [...core.split(".").map(Number), pre]; };
  const [a, b] = [parse(process.argv[1]), parse(process.argv[2])];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) process.exit(b[i] > a[i] ? 0 : 1);
  // Same x.y.z: a prerelease sorts before its release; two prereleases by their text.
  if (a[3] === b[3]) process.exit(1);
  if (a[3] === undefined) process.exit(1);
  if (b[3] === undefined) process.exit(0);
  process.exit(b[3] > a[3] ? 0 : 1);
' "$current" "$version" || die "$version is not above the current version $current"
grep -q "^## \[$version\]" CHANGELOG.md && die "CHANGELOG.md already has a section for $version"

# The Unreleased section must say something: a release without notes is a mistake.
node -e '
  const text = require("fs").readFileSync("CHANGELOG.md", "utf8");
  const m = /^## \[Unreleased\][^\n]*\n([\s\S]*?)(?=^## \[|(?![\s\S]))/m.exec(text);
  if (!m) { console.error("release: CHANGELOG.md has no \"## [Unreleased]\" section"); process.exit(1); }
  if (!/^\s*[-*] /m.test(m[1])) { console.error("release: the Unreleased section of CHANGELOG.md has no entries"); process.exit(1); }
'

date="$(date -u +%F)"
echo "release: $current -> $version ($date)"

# 2. The version, everywhere it is written.
sed -i "0,/^version = \".*\"$/s//version = \"$version\"/" Cargo.toml
for lock in Cargo.lock fuzz/Cargo.lock; do
  [ -f "$lock" ] || continue
  # The [[package]] entry named sceyt-token: the version line right after its name.
  sed -i "/^name = \"sceyt-token\"$/{n;s/^version = \".*\"$/version = \"$version\"/}" "$lock"
done
node -e '
  const fs = require("fs");
  const file = "pkg/package.json";
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(/^(  "version": )"[^"]*"/m, `$1${JSON.stringify(process.argv[1])}`);
  if (next === text) { console.error("release: no version field in pkg/package.json"); process.exit(1); }
  fs.writeFileSync(file, next);
' "$version"

# 3. CHANGELOG: the entries move under the version; a fresh, empty Unreleased stays on top.
node -e '
  const fs = require("fs");
  const [version, date] = process.argv.slice(1);
  const text = fs.readFileSync("CHANGELOG.md", "utf8");
  const next = text.replace(/^## \[Unreleased\][^\n]*\n/m, `## [Unreleased]\n\n## [${version}] - ${date}\n`);
  fs.writeFileSync("CHANGELOG.md", next);
' "$version" "$date"

# 4. The checks.
node -e '
  const fs = require("fs");
  const want = process.argv[1];
  const pkg = require("./pkg/package.json").version;
  const cargo = /^version = "(.*)"$/m.exec(fs.readFileSync("Cargo.toml", "utf8"))[1];
  const lock = /^name = "sceyt-token"\nversion = "(.*)"$/m.exec(fs.readFileSync("Cargo.lock", "utf8"))[1];
  for (const [where, v] of [["pkg/package.json", pkg], ["Cargo.toml", cargo], ["Cargo.lock", lock]]) {
    if (v !== want) { console.error(`release: ${where} says ${v}, not ${want}`); process.exit(1); }
  }
  console.log(`release: version ${want} in pkg/package.json, Cargo.toml and Cargo.lock`);
' "$version"
if [ "$checks" = none ]; then
  echo "release: RELEASE_CHECKS=none: build, tests and publish dry run skipped (a test of this script)"
  exit 0
elif [ "$checks" = full ]; then
  echo "release: running the whole suite (scripts/test.sh; RELEASE_CHECKS=quick for build + pack + publish dry run)"
  scripts/test.sh
else
  echo "release: quick checks: build, npm pack, npm publish --dry-run"
  nice -n 10 scripts/build.sh
  scripts/pack.sh >/dev/null
fi
scripts/publish-dry-run.sh
tarball="$(ls target/npm/sceyt-token-*.tgz)"
case "$tarball" in *"-$version.tgz") ;; *) die "the tarball $tarball does not carry version $version" ;; esac

# 5. What a human does next. Nothing here is run.
cat <<EOF

release: $version is ready in the working tree (nothing was committed, tagged or published).
Review, then:
  git commit -am "Release $version"
  git tag -a v$version -m "sceyt-token $version"
  npm publish $tarball     # the tarball the checks ran against
EOF
