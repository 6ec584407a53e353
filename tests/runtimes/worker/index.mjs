// Test worker: runs the shared suite inside a request handler (workerd refuses crypto random
// values at global scope) and answers with the JSON result. Used by workerd, miniflare and
// `wrangler dev`; it imports the package by name, resolved with the `workerd` condition.
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "../suite.mjs";
import { runDifferential } from "../../differential/differential.mjs";

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/differential" && request.method === "POST") {
      // The corpus comes in the request body (built in Node by tests/differential/corpus.mjs).
      const result = await runDifferential(pkg, await request.json());
      return Response.json(result);
    }
    if (pathname !== "/suite") return new Response("not found", { status: 404 });
    const result = await runSuite(pkg, { jose });
    result.runtime = typeof navigator !== "undefined" ? navigator.userAgent : "unknown";
    return Response.json(result);
  },
};
