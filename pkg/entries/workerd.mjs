// Cloudflare Workers (workerd, wrangler, miniflare): the runtime compiles the imported .wasm at
// deploy time (compiling from bytes is forbidden there), and it is instantiated on first use.
// Only the core module: workerd compiles every wasm module a script carries when an isolate
// starts, and here every call has a native primitive (WebCrypto, or node:crypto with
// nodejs_compat) except the `*Sync` ones without nodejs_compat. A worker that needs those imports
// "sceyt-token/sceyt_token_crypto.wasm" itself and calls `initSync({ crypto })` (README).
// @ts-ignore: a .wasm import has no declaration; the runtime gives a compiled WebAssembly.Module
import wasmModule from "../web/sceyt_token_bg.wasm";
import { configure } from "./shared.mjs";

configure((initSync) => initSync({ module: wasmModule }));

export * from "./shared.mjs";
