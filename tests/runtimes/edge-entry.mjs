// Bundled (esbuild, `edge-light` condition) into the script edge-runtime evaluates.
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";

globalThis.__sceytRunSuite = async (wasmModule) => {
  // As on Vercel's edge: the .wasm arrives precompiled (runtime compilation is disabled there).
  pkg.initSync({ module: wasmModule });
  return runSuite(pkg, { jose });
};
