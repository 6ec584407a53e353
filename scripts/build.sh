#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm (cargo), its glue (wasm-bindgen --target web, used
# as generated: pkg/entries/glue.mjs is the hand-written layer over it), wasm-opt (npm's binaryen, with
# the flags of Cargo.toml's [package.metadata.wasm-pack.profile.release], the one place they are set,
# which `wasm-pack test` reads too), and the public TypeScript declarations and the error codes
# (scripts/types.mjs). Each step runs only when its inputs changed: cargo decides for the Rust build,
# a stamp (scripts/lib/common.sh) holding the hash of the raw wasm, this script and the flags for
# wasm-bindgen and wasm-opt; the declarations are rewritten every time (milliseconds). With nothing
# changed it takes ~1 s.
# Two wasm modules from one source tree (issue 27): the core (this crate without its `linked-crypto`
# feature: parsing, claims, the decision, key import and export, HMAC, the native backends) and the
# crypto module (crypto/ built with its `abi` feature: the RSA, ECDSA and Ed25519 arithmetic
# as raw exports, no wasm-bindgen), which pkg/entries/crypto.mjs loads only when a call needs it.
# SCEYT_FEATURES=a,b builds the core with only those key families; SCEYT_OUT=dir builds into another folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

. scripts/lib/common.sh
log() { printf '[build] %s\n' "$*" >&2; }

# Never Debian's wasm-opt (binaryen v108 miscompiles current rustc output): npm's binaryen only.
wasm_opt="$PWD/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || { echo "build: $wasm_opt is missing (run scripts/setup.sh demo)" >&2; exit 1; }

features="${SCEYT_FEATURES:-rsa,ecdsa,eddsa,hmac}"
out="${SCEYT_OUT:-pkg/web}"
cargo_args=(build -p sceyt-token --lib --release --target wasm32-unknown-unknown --no-default-features --features "$features")
# The crypto module in a target folder of its own: built as the core's dependency (without `abi`)
# and as itself (with it), the crate's .wasm would overwrite the other's in one folder, and each
# build would then recompile both.
crypto_args=(build -p sceyt-token-crypto --lib --release --target wasm32-unknown-unknown --features abi)
# The target folder, and wasm-opt's flags from Cargo.toml (one `cargo metadata` call).
{ read -r target_dir; read -r wasm_opt_flags; } < <(cargo metadata --format-version 1 --no-deps | node -e '
  let s = "";
  process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const m = JSON.parse(s);
    const flags = m.packages.find((p) => p.name === "sceyt-token")?.metadata?.["wasm-pack"]?.profile?.release?.["wasm-opt"];
    if (!Array.isArray(flags) || flags.length === 0) throw new Error("Cargo.toml has no [package.metadata.wasm-pack.profile.release] wasm-opt flags");
    console.log(m.target_directory);
    console.log(flags.join(" "));
  });')
[ -n "$wasm_opt_flags" ] || { echo "build: could not read the wasm-opt flags from Cargo.toml" >&2; exit 1; }
read -ra wasm_opt_args <<<"$wasm_opt_flags"

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock (scripts/setup.sh
# installs it; scripts/latest-bindgen.sh puts another one first on PATH along with its Cargo.lock).
bindgen_version="$(locked_version wasm-bindgen)"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  echo "build: Cargo.lock names wasm-bindgen $bindgen_version, but the CLI on PATH is '$(wasm-bindgen --version 2>/dev/null || echo missing)' (run scripts/setup.sh demo)" >&2
  exit 1
fi
raw="$target_dir/wasm32-unknown-unknown/release/sceyt_token.wasm"

if [ ! -f "$raw" ]; then
  log "compiling the Rust crate to wasm (release, LTO; first build ~2-3 min on 2 cores, later seconds)"
fi
start=$SECONDS
cargo "${cargo_args[@]}"
cargo "${crypto_args[@]}" --target-dir "$target_dir/crypto-module"
[ $((SECONDS - start)) -gt 5 ] && log "cargo build: $((SECONDS - start)) s"
raw_crypto="$target_dir/crypto-module/wasm32-unknown-unknown/release/sceyt_token_crypto.wasm"

stamp="$out/.stamp"
want="$(stamp_hash "$raw" "$raw_crypto" scripts/build.sh) features=$features wasm-bindgen=$bindgen_version wasm-opt=$wasm_opt_flags"
if stamp_fresh "$stamp" "$want" && [ -f "$out/sceyt_token_bg.wasm" ] && [ -f "$out/sceyt_token.js" ] && [ -f "$out/sceyt_token_crypto.wasm" ]; then
  log "$out is up to date (wasm unchanged: wasm-bindgen and wasm-opt skipped)"
else
  log "wasm-bindgen + wasm-opt $wasm_opt_flags into $out (~15 s)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  wasm-bindgen --target web --out-dir "$tmp" --out-name sceyt_token "$raw"
  "$wasm_opt" "${wasm_opt_args[@]}" "$tmp/sceyt_token_bg.wasm" -o "$tmp/sceyt_token_bg.opt.wasm"
  mv "$tmp/sceyt_token_bg.opt.wasm" "$tmp/sceyt_token_bg.wasm"
  # The crypto module: no glue (its exports are raw), the same wasm-opt flags, no debug info.
  "$wasm_opt" "${wasm_opt_args[@]}" --strip-debug "$raw_crypto" -o "$tmp/sceyt_token_crypto.wasm"
  mkdir -p "$out"
  rm -f "$out"/sceyt_token*
  # Where the crypto module is: next to this file, as the core's .wasm is next to the glue, so that
  # a bundler sees both `new URL(..., import.meta.url)` in one folder (Vite emits both as assets;
  # an esbuild app copies both next to its bundle).
  cat >"$tmp/sceyt_token_crypto.js" <<'JS'
// Written by scripts/build.sh. The crypto module's default URL (pkg/entries/crypto.mjs loads it).
export function cryptoUrl() {
  return new URL("sceyt_token_crypto.wasm", import.meta.url);
}
JS
  cp "$tmp"/sceyt_token_crypto.js "$tmp"/sceyt_token.js "$tmp"/sceyt_token.d.ts "$tmp"/sceyt_token_bg.wasm "$tmp"/sceyt_token_bg.wasm.d.ts "$tmp"/sceyt_token_crypto.wasm "$out/"
  stamp_write "$stamp" "$want"
fi

if [ "$out" = "pkg/web" ]; then
  # The error codes (entries/codes.mjs, from the Rust enum) and the public declarations
  # (types/api.d.ts, .d.cts, index.d.cts) from wasm-bindgen's, without its
  # loader's DOM types or internals. `require` needs no build of its own: entries/node.cjs returns
  # the ES module (require(esm)), so import and require share one instance (docs/MODULES.md).
  node scripts/types.mjs pkg/web/sceyt_token.d.ts
  rm -rf pkg/dist # the CommonJS bundle of earlier versions
  # The licences live at the repository root; the tarball carries copies (npm adds only LICENSE/LICENCE by itself).
  cp LICENSE-MIT LICENSE-APACHE pkg/
fi
ls -l "$out"/*.wasm >&2
