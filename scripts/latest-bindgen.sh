#!/usr/bin/env bash
# Builds the package with the newest wasm-bindgen 0.2.x instead of the version Cargo.lock names, and
# runs the Node tests against it: the early warning that the next wasm-bindgen release breaks the
# glue layer (pkg/entries/glue.mjs), the declarations (scripts/types.mjs) or the API.
#
# Opt-in (`make latest-bindgen`, or .ci/run with SCEYT_LATEST_BINDGEN=1), not a stage of `make test`:
# when a newer release exists, installing its wasm-bindgen-cli takes ~5.5 min on 2 idle cores (1151 s
# measured on a loaded 2-core machine, 2026-12-06) and the first build in the cold target folder
# ~7 min, which would take `make test` past its time budget. Run it as
# `scripts/latest-bindgen.sh [--force]`.
# When the newest 0.2.x is the version Cargo.lock names, make test already covers it: it says so and
# stops after `cargo update` (seconds), unless --force is given.
#
# Nothing in the working tree changes: the tracked and untracked (not ignored) files are copied to a
# temporary folder, where `cargo update` moves wasm-bindgen and the crates that pin it exactly
# (js-sys, wasm-bindgen-futures, wasm-bindgen-test) to their newest compatible releases. The CLI of
# exactly that version is installed with `cargo install --root` into target/latest-bindgen/cli-<v>
# (kept, so the next run with the same version skips it); the build shares
# target/latest-bindgen/target between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[latest-bindgen] %s\n' "$*" >&2; }

cache="$root/target/latest-bindgen"
mkdir -p "$cache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 1. A copy of the tree (the node_modules folders as hard links: pack.sh replaces its
#    node_modules/sceyt-token in the copy without touching the original's).
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$tmp"
for d in node_modules tests/node_modules benches/node_modules examples/cloudflare-worker/node_modules; do
  [ -d "$d" ] && cp -al "$d" "$tmp/$d"
done

cd "$tmp"
# 2. The newest wasm-bindgen 0.2.x (the crates that pin it with `=` move with it).
locked() { sed -n "/^name = \"$1\"\$/{n;s/^version = \"\(.*\)\"/\1/p}" Cargo.lock | head -n1; }
before="$(locked wasm-bindgen)"
cargo update -p wasm-bindgen -p js-sys -p wasm-bindgen-futures -p wasm-bindgen-test >&2
version="$(locked wasm-bindgen)"
log "wasm-bindgen: Cargo.lock names $before, the newest 0.2.x is $version"
if [ "$version" = "$before" ] && [ "${1:-}" != "--force" ]; then
  log "ok: nothing newer than Cargo.lock's $before, which make test builds with (--force builds anyway)"
  exit 0
fi

# 3. wasm-bindgen-cli of exactly that version (without --locked: see docs of setup.sh).
cli="$cache/cli-$version"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ]; then
  cli="$(dirname "$(dirname "$(command -v wasm-bindgen)")")" # the one on PATH is that version already
elif [ ! -x "$cli/bin/wasm-bindgen" ]; then
  log "installing wasm-bindgen-cli $version into $cli (~5.5 min on 2 cores, once per version)"
  start=$SECONDS
  cargo install wasm-bindgen-cli --version "$version" --root "$cli" --force >&2
  log "wasm-bindgen-cli $version installed in $((SECONDS - start)) s"
fi
export PATH="$cli/bin:$PATH"
wasm-bindgen --version | grep -qx "wasm-bindgen $version" || { log "wasm-bindgen on PATH is not $version"; exit 1; }

# 4. Build, pack, and the Node tests (the package as npm installs it). Some tests need the PyJWT venv
#    of scripts/setup.sh test, and the release test clones the tree: the copy gets the venv (linked)
#    and becomes a git repository of one commit.
[ -d "$root/target/pyenv" ] && mkdir -p target && ln -s "$root/target/pyenv" target/pyenv
git init -q && git add -A && git -c user.name=latest-bindgen -c user.email=latest-bindgen@localhost commit -qm "wasm-bindgen $version"
export CARGO_TARGET_DIR="$cache/target"
start=$SECONDS
scripts/build.sh
scripts/pack.sh >/dev/null
log "build + pack with wasm-bindgen $version: $((SECONDS - start)) s"
export PATH="$tmp/node_modules/.bin:$tmp/tests/node_modules/.bin:$PATH"
node --test tests/js/
log "ok: the package builds and passes tests/js with wasm-bindgen $version"
