// Bundled (esbuild, `edge-light` condition) into the script edge-runtime evaluates.
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";

globalThis.__sceytRunSuite = async (wasmModule, cryptoModule) => {
  // As on Vercel's edge: the .wasm files arrive precompiled (runtime compilation is disabled there).
  pkg.initSync({ module: wasmModule });
  const before = pkg.__sceytStats().nativeAnswers;
  const result = await runSuite(pkg, { jose, loadCrypto: () => pkg.initSync({ crypto: cryptoModule }) });
  result.nativeAnswers = pkg.__sceytStats().nativeAnswers - before;
  return result;
};
