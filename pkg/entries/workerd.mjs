// Cloudflare Workers (workerd, wrangler, miniflare): the runtime compiles the imported .wasm at
// deploy time (compiling from bytes is forbidden there), and it is instantiated on first use.
// @ts-ignore: a .wasm import has no declaration; the runtime gives a compiled WebAssembly.Module
import wasmModule from "../web/sceyt_token_bg.wasm";
import { configure } from "./shared.mjs";

configure((initSync) => initSync({ module: wasmModule }));

export * from "./shared.mjs";
