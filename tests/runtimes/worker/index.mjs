// Test worker: runs the shared suite inside a request handler (workerd refuses crypto random
// values at global scope) and answers with the JSON result. Used by workerd, miniflare and
// `wrangler dev`; it imports the package by name, resolved with the `workerd` condition.
import * as jose from "jose";
import * as pkg from "sceyt-token";
// The crypto module, which `*Sync` calls need here without nodejs_compat (and the differential
// suite everywhere): a worker that needs it imports it (workerd compiles it with the script).
import cryptoWasm from "sceyt-token/sceyt_token_crypto.wasm";
import { runSuite } from "../suite.mjs";
import { runDifferential } from "../../differential/differential.mjs";

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/differential" && request.method === "POST") {
      // The corpus comes in the request body (built in Node by tests/differential/corpus.mjs).
      pkg.initSync({ crypto: cryptoWasm });
      const result = await runDifferential(pkg, await request.json());
      return Response.json(result);
    }
    if (pathname !== "/suite") return new Response("not found", { status: 404 });
    const result = await runSuite(pkg, { jose, loadCrypto: () => pkg.initSync({ crypto: cryptoWasm }) });
    result.runtime = typeof navigator !== "undefined" ? navigator.userAgent : "unknown";
    return Response.json(result);
  },
};
