// The size profile of the wasm (issue 11): twiggy's per-item shallow sizes of the shipped .wasm —
// the release build put through wasm-bindgen and `wasm-opt -Oz` exactly as scripts/build.sh does,
// but with names kept (`--keep-debug`, `-g`) — grouped by the crate each function comes from. The
// name section itself, which the shipped .wasm does not carry, is left out of every figure.
// Prints a Markdown table. Usage: node benches/size-profile.mjs [raw.wasm]
// `node benches/size-profile.mjs crypto`: the crypto module (crypto/ with its `abi` feature, no
// wasm-bindgen: `wasm-opt -Oz` alone, as scripts/build.sh makes it).
// (needs twiggy: scripts/setup.sh bench; run after scripts/build.sh)
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const crypto = process.argv[2] === "crypto";
const raw = crypto ? "target/crypto-module/wasm32-unknown-unknown/release/sceyt_token_crypto.wasm" : (process.argv[2] ?? "target/wasm32-unknown-unknown/release/sceyt_token.wasm");
const dir = "target/size-profile";
mkdirSync(dir, { recursive: true });
if (!crypto) execFileSync("wasm-bindgen", ["--keep-debug", "--target", "web", "--out-dir", dir, "--out-name", "named", raw]);
const file = crypto ? `${dir}/crypto-named.opt.wasm` : `${dir}/named.opt.wasm`;
execFileSync("node_modules/.bin/wasm-opt", ["-Oz", "-g", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", crypto ? raw : `${dir}/named_bg.wasm`, "-o", file]);
const items = JSON.parse(execFileSync("twiggy", ["top", "-n", "1000000", "--format", "json", file], { encoding: "utf8", maxBuffer: 256 << 20 }));
const dropped = (n) => /^"[a-z ]+" subsection$/.test(n) || n === "custom section 'name' headers" || n.startsWith("Σ") || n.startsWith("...");
/** The crate of a demangled symbol: the first path segment, looking inside `<T as Trait>`. */
function crateOf(name) {
  if (name.startsWith("data segment")) return "(data: .rodata and other segments)";
  if (/^(code|type|import|export|table|elem|global|memory)\[/.test(name) || !/::/.test(name)) return "(wasm glue, imports, exports, tables)";
  const m = /^<?&?(?:mut )?(?:dyn )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name.replace(/^<\[?/, ""));
  const c = m ? m[1] : "(other)";
  if (["core", "alloc", "std", "compiler_builtins", "dlmalloc", "rustc_demangle", "hashbrown"].includes(c)) return `std: ${c}`;
  return c;
}
const by = new Map();
let total = 0;
for (const it of items) {
  if (dropped(it.name)) continue;
  total += it.shallow_size;
  const c = crateOf(it.name);
  by.set(c, (by.get(c) ?? 0) + it.shallow_size);
}
const kb = (n) => (n / 1024).toFixed(1);
const rows = [...by.entries()].sort((a, b) => b[1] - a[1]);
console.log(`${file} (the shipped module with names kept): ${kb(total)} KiB without its name section.\n`);
console.log("| crate | KiB | share |\n|---|---:|---:|");
for (const [c, n] of rows.slice(0, 25)) console.log(`| ${c} | ${kb(n)} | ${((100 * n) / total).toFixed(1)} % |`);
const rest = rows.slice(25).reduce((a, [, n]) => a + n, 0);
if (rest) console.log(`| ${rows.length - 25} more | ${kb(rest)} | ${((100 * rest) / total).toFixed(1)} % |`);
console.log("\nLargest items:\n\n| item | bytes |\n|---|---:|");
for (const it of items.filter((i) => !dropped(i.name)).slice(0, 12)) {
  console.log(`| \`${it.name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "").replace(/\|/g, "\\|").slice(0, 110)}\` | ${it.shallow_size} |`);
}
