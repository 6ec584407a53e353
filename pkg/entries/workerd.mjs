// Cloudflare Workers (workerd, wrangler, miniflare): the runtime compiles the imported .wasm at
// deploy time (compiling from bytes is forbidden there), and it is instantiated on first use.
import wasmModule from "../web/sceyt_token_bg.wasm";
import { configure } from "./shared.mjs";

configure((initSync) => initSync({ module: wasmModule }));

export * from "./shared.mjs";
