#!/usr/bin/env bash
# `make fuzz`: runs each cargo-fuzz target for a bounded time (FUZZ_SECONDS, default 120 each) on
# a copy of the seed corpus. Uses a nightly toolchain if there is one, else stable with
# RUSTC_BOOTSTRAP=1 (cargo fuzz needs -Z flags). Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
seconds="${FUZZ_SECONDS:-120}"
toolchain=()
if [[ "$(rustup toolchain list)" == *nightly* ]]; then toolchain=(+nightly); else export RUSTC_BOOTSTRAP=1; fi
status=0
for target in verify keys; do
  work="fuzz/corpus/$target-run"
  mkdir -p "$work"
  cp -n fuzz/corpus/"$target"/seed-* "$work"/ 2>/dev/null || true
  echo "=== fuzz $target for ${seconds}s"
  if ! cargo "${toolchain[@]}" fuzz run "$target" "$work" -- -max_total_time="$seconds" -max_len=16384 -print_final_stats=1 2>&1 | tee "target/fuzz-$target.log" | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)"; then
    status=1
  fi
done
exit $status
