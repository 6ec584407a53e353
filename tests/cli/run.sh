#!/usr/bin/env bash
# The CLI tests (tests/cli/cli.test.mjs, and tests/cli/hostile.test.mjs: control sequences under a pty,
# keygen all or nothing, --claim __proto__): scripts/pack.sh packs pkg/ (as built; nothing is done
# when the tarball is up to date), each test file installs the tarball into a temporary project
# (scripts/lib/package.mjs) and runs its `sceyt-token` bin in Node, Deno and Bun; the pty
# runs need util-linux `script`, the immutable-file cases `chattr` as root. Prints node --test's
# summary (`# pass N`, `# fail 0`). Tools come from SCEYT_TOOLS_ROOT (default: this repository):
# node_modules/.bin/{deno,bun}, node_modules/jose, target/pyenv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SCEYT_TOOLS_ROOT="${SCEYT_TOOLS_ROOT:-$PWD}"
export DENO_NO_UPDATE_CHECK=1
scripts/pack.sh >/dev/null
exec node --test --test-reporter=tap tests/cli/ "$@"
