// Browsers, bundlers and other runtimes: call `await init()` once (it fetches the .wasm next to
// the glue, or takes a URL, Response, bytes or compiled WebAssembly.Module), or `initSync(...)`.
import { configure } from "./shared.mjs";

configure(null);

export * from "./shared.mjs";
