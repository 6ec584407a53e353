// Types of the sceyt-token package, generated from the source: the JS entries' JSDoc
// (types/entries/, by scripts/entry-types.mjs: `tsc --checkJs --declaration`; the one export list is
// entries/shared.mjs) over wasm-bindgen's declarations of the Rust API (types/api.d.ts, by
// scripts/types.mjs), whose string unions come from the Rust enums (src/ts_unions.rs). They check
// with `skipLibCheck: false` under any lib: ES2022 alone, with the DOM, with
// @cloudflare/workers-types or @types/node (tests/types/matrix.mjs). index.d.cts is this file for
// `require`, generated.
export * from "./types/entries/shared.mjs";
