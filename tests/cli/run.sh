#!/usr/bin/env bash
# The CLI tests (tests/cli/cli.test.mjs): packs pkg/ (as built) with npm pack, installs the tarball
# into a temporary project and runs its `sceyt-token` bin in Node, Deno and Bun. Prints node --test's
# summary (`# pass N`, `# fail 0`). Tools come from SCEYT_TOOLS_ROOT (default: this repository):
# node_modules/.bin/{deno,bun}, node_modules/jose, target/pyenv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SCEYT_TOOLS_ROOT="${SCEYT_TOOLS_ROOT:-$PWD}"
export DENO_NO_UPDATE_CHECK=1
exec node --test --test-reporter=tap tests/cli/ "$@"
