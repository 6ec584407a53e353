// Vercel's edge-runtime: the suite bundled for the `edge-light` condition runs in an EdgeVM with
// runtime code generation disabled, as in Vercel's production; the .wasm is passed in precompiled.
//
// An EdgeVM is a separate realm: with `wasm: false` nothing can compile a module *inside* it, and a
// module compiled outside fails the glue's `instanceof WebAssembly.Module`. So, as Next.js's edge
// sandbox does, the VM gets the host's WebAssembly namespace with every compile-from-bytes path
// replaced by the production error; only instantiating the precompiled module works.
// Prints one JSON result line.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EdgeVM } from "@edge-runtime/vm";
import { build } from "esbuild";
import { createHarness, merge } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
try {
  const bundle = await build({
    entryPoints: [join(here, "edge-entry.mjs")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    conditions: ["edge-light", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "error",
    define: { "import.meta.url": '"file:///sceyt-token/"' },
  });
  // The compiled module, as Vercel's build step produces it for a `?module` wasm import.
  const wasmPath = join(dirname(createRequire(import.meta.url).resolve("sceyt-token/package.json")), "web/sceyt_token_bg.wasm");
  const wasmModule = new WebAssembly.Module(readFileSync(wasmPath));
  const cryptoModule = new WebAssembly.Module(readFileSync(join(dirname(wasmPath), "sceyt_token_crypto.wasm")));
  const refuse = () => {
    throw new WebAssembly.CompileError("Wasm code generation disallowed by embedder");
  };
  function Module() {
    refuse();
  }
  Module.prototype = WebAssembly.Module.prototype; // keeps `instanceof` working for precompiled modules
  Object.assign(Module, { exports: WebAssembly.Module.exports, imports: WebAssembly.Module.imports, customSections: WebAssembly.Module.customSections });
  const productionWasm = Object.freeze({
    ...Object.fromEntries(Object.getOwnPropertyNames(WebAssembly).map((k) => [k, WebAssembly[k]])),
    Module,
    compile: async () => refuse(),
    compileStreaming: async () => refuse(),
    instantiateStreaming: async () => refuse(),
    validate: WebAssembly.validate,
    instantiate: async (source, imports) => {
      if (!(source instanceof WebAssembly.Module)) refuse();
      return WebAssembly.instantiate(source, imports);
    },
  });
  const vm = new EdgeVM({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => Object.assign(context, { __SCEYT_WASM__: wasmModule, __SCEYT_CRYPTO__: cryptoModule, WebAssembly: productionWasm }),
  });
  vm.evaluate(bundle.outputFiles[0].text);
  const result = await vm.evaluate("__sceytRunSuite(__SCEYT_WASM__, __SCEYT_CRYPTO__)");
  // Prove the restrictions are real: eval and compiling wasm from bytes inside the VM must fail.
  let blocked = 0;
  for (const code of ['eval("1")', "new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0]))"]) {
    try {
      vm.evaluate(code);
    } catch {
      blocked += 1;
    }
  }
  try {
    await vm.evaluate("WebAssembly.instantiate(new Uint8Array([0,97,115,109,1,0,0,0]))");
  } catch {
    blocked += 1;
  }
  const vmChecks = createHarness();
  vmChecks.record("the VM refuses eval and wasm compilation from bytes (production-like)", blocked === 3, `only ${blocked}/3 code generation paths were refused`);
  // The VM's WebCrypto hands out promises of the host's realm: the package must still use it.
  vmChecks.record("WebCrypto answered the suite's async verifications (promises of another realm)", result.nativeAnswers > 0, `nativeAnswers ${result.nativeAnswers}`);
  // The result crossed from the VM's realm: through JSON, into plain objects of this one.
  console.log(JSON.stringify(merge(JSON.parse(JSON.stringify(result)), vmChecks.result())));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
}
