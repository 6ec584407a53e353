// Patches wasm-bindgen's `--target web` glue so that
//  - using the module before its wasm is loaded throws TokenError ERR_NOT_INITIALIZED instead of
//    "Cannot read properties of undefined", and
//  - an entry can register a synchronous loader, which runs on first use (nothing runs on import).
// Every replaced pattern must be found exactly as expected, or the build fails.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
let src = readFileSync(file, "utf8");
if (src.includes("__sceytLazyWasm")) process.exit(0);

function replaceOnce(from, to) {
  const n = src.split(from).length - 1;
  if (n < 1) throw new Error(`patch-glue: pattern not found: ${from}`);
  src = src.split(from).join(to);
}

replaceOnce(
  "let wasmModule, wasmInstance, wasm;",
  `let wasmModule, wasmInstance;
let __sceytLoader = null;
let __sceytReady = false;
let __sceytErrorClass = null;
function __sceytLoad() {
    if (__sceytLoader) { const l = __sceytLoader; __sceytLoader = null; try { l(); } catch (e) { if (!__sceytReady) __sceytLoader = l; throw e; } if (__sceytReady) return wasm; }
    const message = "sceyt-token is not initialised: await init() (or call initSync({ module })) before using it";
    if (__sceytErrorClass) throw new __sceytErrorClass("ERR_NOT_INITIALIZED", message);
    const e = new Error(message);
    e.name = "TokenError";
    e.code = "ERR_NOT_INITIALIZED";
    throw e;
}
const __sceytLazyWasm = new Proxy({}, { get(_, p) { return __sceytLoad()[p]; } });
let wasm = __sceytLazyWasm;
export function __sceytConfigure({ loader, errorClass }) {
    if (errorClass) __sceytErrorClass = errorClass;
    if (loader && !__sceytReady) __sceytLoader = loader;
}
export function __sceytIsReady() { return __sceytReady; }`
);
replaceOnce("if (wasm !== undefined) return wasm;", "if (__sceytReady) return wasm;");
replaceOnce("wasm = instance.exports;", "wasm = instance.exports; __sceytReady = true;");
writeFileSync(file, src);

