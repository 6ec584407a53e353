# Shell helpers shared by scripts/build.sh, scripts/pack.sh and scripts/setup.sh (sourced, not run).

# `locked_version NAME`: the version of crate NAME that Cargo.lock names (the first entry of that
# name). The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
locked_version() {
  sed -n "/^name = \"$1\"\$/{n;s/^version = \"\(.*\)\"\$/\1/p}" Cargo.lock | head -n1
}

# The one stamp helper: a step runs only when the hash of its inputs changed since it last ran.
#   want="$(stamp_hash FILE...)"   sha256 of the files' contents, in the order given
#   stamp_fresh STAMP "$want"      true when STAMP holds exactly $want
#   stamp_write STAMP "$want"      records $want (after the step succeeded)
stamp_hash() {
  cat -- "$@" | sha256sum | cut -d' ' -f1
}
stamp_fresh() {
  [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}
stamp_write() {
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "$2" >"$1"
}
