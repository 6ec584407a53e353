#!/usr/bin/env bash
# Mutation testing of the pure Rust core (`make mutants`): cargo-mutants over src/ outside src/js/,
# judged by the native `cargo test`. Usage: scripts/mutants.sh [--verification] [cargo-mutants args]
#   --verification   only the verification path (decision, primitive, jws, verify, rules, claims,
#                    policy, provider, json, base64url, key_source, inspect, and the keys' rules and
#                    arithmetic: keys/key_rules.rs, keys/pure.rs and keys/family/), the part whose score
#                    the README records.
# Results: mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt). Survivors that are
# equivalent mutants are listed with a reason in docs/MUTANTS.md.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
CARGO_MUTANTS_VERSION="27.1.0"
if ! cargo mutants --version 2>/dev/null | grep -qF "$CARGO_MUTANTS_VERSION"; then
  echo "[mutants] installing cargo-mutants $CARGO_MUTANTS_VERSION from crates.io (~1.5 min, once)" >&2
  cargo install cargo-mutants --version "$CARGO_MUTANTS_VERSION" --locked --force
fi
cd "$(dirname "$0")/.."
args=()
# The leak property tests (tests/leak.rs) take most of a minute and guard messages, not decisions.
test_args=(-- --skip damage_leaks)
if [ "${1:-}" = "--verification" ]; then
  shift
  for f in jws verify rules claims policy provider json base64url key_source primitive; do args+=(-f "src/$f.rs"); done
  args+=(-f "src/decision/*.rs" -f "src/inspect/*.rs" -f "src/keys/key_rules.rs" -f "src/keys/pure.rs" -f "src/keys/family/*.rs")
  # Only the test targets that exercise verification: each mutant then links fewer binaries.
  for t in --lib --test=verify --test=vectors --test=issue --test=fuzz_corpus --test=inspect --test=decision --test=keys --test=hostile_keys --test=provider; do args+=(--cargo-test-arg="$t"); done
  test_args=()
fi
cargo mutants --no-shuffle "${args[@]}" "$@" "${test_args[@]}" || true
for f in caught missed timeout unviable; do
  printf '%-9s %s\n' "$f" "$(wc -l <mutants.out/$f.txt 2>/dev/null || echo 0)"
done
caught=$(wc -l <mutants.out/caught.txt)
missed=$(wc -l <mutants.out/missed.txt)
timeout=$(wc -l <mutants.out/timeout.txt)
echo "score: $caught caught of $((caught + missed + timeout)) viable ($((100 * (caught + timeout) / (caught + missed + timeout))) % counting timeouts as caught)"
