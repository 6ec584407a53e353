#!/usr/bin/env bash
# The whole test suite (`make test`, and CI through .ci/run). Each stage prints its runner's own
# summary; this script checks that every runner executed a nonzero number of tests and ends with
# one line "N passed, M failed" counting stages.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
mkdir -p target/test-logs test-artifacts
passed=0
failed=0
failures=()

# stage NAME MIN_PATTERN COMMAND...: runs COMMAND, logs it, and requires its output to match the
# extended regex MIN_PATTERN (proof that tests ran, e.g. "test result: ok. [1-9]").
stage() {
  local name="$1" pattern="$2"
  shift 2
  # Spaces and slashes become _ (a stage name may name a folder, e.g. tests/js/).
  local log
  log="target/test-logs/$(printf '%s' "$name" | tr ' /' '__').log"
  local start=$SECONDS
  printf '\n=== %s\n' "$name"
  "$@" >"$log" 2>&1
  local rc=$?
  tail -n 15 "$log"
  if [ $rc -ne 0 ]; then
    echo "--- FAIL: $name (exit $rc, $((SECONDS - start)) s; full log: $log)"
    failed=$((failed + 1)); failures+=("$name")
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" "$log"; then
    echo "--- FAIL: $name ran no tests (no line matching /$pattern/; full log: $log)"
    failed=$((failed + 1)); failures+=("$name")
  else
    echo "--- ok: $name ($((SECONDS - start)) s)"
    passed=$((passed + 1))
  fi
}

wasm_test() {
  local mode="$1"
  case "$mode" in
    # The commands of the wasm-pack book, as the README gives them (drivers found on PATH).
    node) wasm-pack test --node --release ;;
    chrome) wasm-pack test --headless --chrome --release ;;
    firefox) wasm-pack test --headless --firefox --release ;;
  esac
}

pyjwt() {
  node tests/py/make_tokens.mjs >target/test-logs/pyjwt-tokens.json && target/pyenv/bin/python tests/py/pyjwt_interop.py <target/test-logs/pyjwt-tokens.json
}

stage "cargo fmt" "" cargo fmt --all -- --check
# The layers (src/js/native imports nothing from the class files; the core nothing from src/js)
# and no import circle among the Rust modules or the JS files (scripts/layers.mjs).
stage "layers and import circles" "^layers: [1-9][0-9]* Rust modules, [1-9][0-9]* JS files, [0-9]+ dependencies; 0 findings$" node scripts/layers.mjs
stage "clippy (native)" "" cargo clippy --workspace --all-targets -- -D warnings
stage "clippy (wasm32)" "" cargo clippy --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
# The two modules as scripts/build.sh builds them: the core without the linked crypto crate, and the
# crypto module with its raw exports.
wasm_modules() {
  cargo clippy -p sceyt-token --lib --target wasm32-unknown-unknown --no-default-features --features rsa,ecdsa,eddsa,hmac -- -D warnings &&
    cargo clippy -p sceyt-token-crypto --lib --target wasm32-unknown-unknown --features abi -- -D warnings
}
stage "clippy (the core and crypto modules)" "" wasm_modules
features() {
  for f in rsa ecdsa eddsa hmac "rsa,hmac"; do
    echo "features: $f"
    cargo clippy --no-default-features --features "$f" -- -D warnings || return 1
  done
}
stage "clippy per feature set" "" features
stage "cargo test" "test result: ok\. [1-9]" cargo test --workspace
stage "build package" "sceyt_token_bg.wasm" scripts/build.sh
# The JS entries and the CLI type-checked from their JSDoc (tsc --checkJs, scripts/types/tsconfig.json), and the
# declarations generated from it (pkg/types/entries/, committed) current: a JSDoc change without
# `node scripts/entry-types.mjs` fails here.
stage "entry types (tsc --checkJs; generated declarations current)" "^entry types ok" node scripts/entry-types.mjs --check
# Every error code from the Rust enum: no raw "ERR_… literal in pkg/, www/ or examples/, and every
# ErrorCode.Name a variant (scripts/check-error-codes.mjs; reads the generated pkg/entries/codes.mjs).
stage "error codes from one source" "^error codes ok: [1-9]" node scripts/check-error-codes.mjs
stage "npm pack + install" "sceyt-token-.*\.tgz" scripts/pack.sh
# `npm publish --dry-run` of that tarball, offline and without credentials; its files must be
# exactly tests/package-files.txt.
stage "npm publish --dry-run (file list)" "^publish dry run ok" scripts/publish-dry-run.sh
stage "size budget (gzip of the package's wasm)" "^size budget ok$" node scripts/size-budget.mjs
stage "wasm-bindgen-test node" "^test cases::.* \.\.\. ok$" wasm_test node
stage "wasm-bindgen-test chrome" "^test cases::.* \.\.\. ok$" wasm_test chrome
stage "wasm-bindgen-test firefox" "^test cases::.* \.\.\. ok$" wasm_test firefox
stage "JS API (node --test tests/js/)" "^# pass [1-9]" node --test tests/js/
# The published declarations with skipLibCheck false: module node16/nodenext/bundler x lib es2022,
# +dom, +@cloudflare/workers-types, +@types/node x TypeScript 5.0, 5.4, latest 5.x, latest.
stage "typescript matrix (skipLibCheck false)" "^types matrix: [1-9][0-9]* configurations checked, 0 failed" node tests/types/matrix.mjs
# One project that imports and requires the package in one process: one instance, in each runtime.
stage "mixed ESM + CJS project (node, deno, bun)" "^mixed ESM/CJS: 6 runs in node, deno, bun; [1-9][0-9]* checks" node tests/mixed/run.mjs
# Every JS/TS block of README.md, pkg/README.md and docs/*.md type-checked (and run where marked),
# and the tables that must match the code (tests/docs/).
stage "docs (code blocks, tables against the code)" "^# pass [1-9]" node --test tests/docs/
consumers() {
  local t
  t="$(ls target/npm/sceyt-token-*.tgz)"
  echo "attw: every entry point under every resolution (the ESM-only ./browser and ./workerd, and the two .wasm files, apart)"
  attw "$t" --exclude-entrypoints ./browser ./workerd ./sceyt_token_bg.wasm ./sceyt_token_crypto.wasm || return 1
  echo "attw: ./browser and ./workerd are ESM only (no CommonJS build): checked under --profile esm-only"
  attw "$t" --entrypoints ./browser ./workerd --profile esm-only || return 1
  publint run "$t" --strict || return 1
  echo "consumer checks passed"
}
stage "package consumers (attw, publint)" "^consumer checks passed" consumers
stage "CLI (node, deno, bun)" "^# pass [1-9]" tests/cli/run.sh
stage "PyJWT interop" "^[1-9][0-9]* passed, 0 failed" pyjwt
# The page twice: served by make demo's worker, and as the folder `make site` writes, on a plain
# static file server (tests/page/static.test.mjs).
page_tests() {
  node scripts/stage-site.mjs target/site && node --test tests/page/
}
stage "demo page (playwright, chromium; make demo's worker and make site's folder)" "^# pass [1-9]" page_tests
# The example worker's own tests, as a user who copies examples/cloudflare-worker runs them: `npm test`
# there (vitest inside workerd, @cloudflare/vitest-pool-workers): the exchange and issue 21's attacks.
example_worker_tests() {
  (cd examples/cloudflare-worker && NO_COLOR=1 npm test)
}
stage "example worker: npm test (vitest-pool-workers, in workerd)" "Tests +[1-9][0-9]* passed" example_worker_tests
stage "runtime matrix" "^[1-9][0-9]* passed, 0 failed" tests/runtimes/run.sh
# A clone of HEAD, `make demo` there three times (first run, after a change in src/, unchanged).
stage "fresh clone: make demo" "^[1-9][0-9]* passed, 0 failed" node tests/fresh/fresh.mjs

echo
if [ $failed -gt 0 ]; then
  printf 'failed stages: %s\n' "${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
