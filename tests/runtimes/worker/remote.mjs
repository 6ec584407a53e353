// Test worker for remote key sets kept at module scope (issue 18), run by tests/runtimes/remote.mjs
// in workerd and miniflare. `GET /<scenario>` with `Authorization: Bearer <token>` verifies the
// token against the JWKS at `${env.JWKS_BASE}/<scenario>/jwks.json` with a set that lives as long as
// the isolate, and answers `{ status, code?, sub?, ms }`: 200, 401 (a TokenError), 503
// (ERR_KEYS_UNAVAILABLE, with Retry-After) or 500.
//
//   issue       the issue's pattern, verbatim: `keys ??= KeySet.fetch(url, { maxAge: "2s" })` at
//               module scope, `new TokenVerifier(await keys, …).verify(token)` per request
//   module      the documented pattern: RemoteKeySet and TokenVerifier at module scope (made on the
//               first request: the URL is in env), `verify(token, { waitUntil })`
//   nowait      the same without waitUntil: refreshes started by a request die with it
//   sync        the documented pattern with verifySync(token, { waitUntil }): without nodejs_compat
//               that needs the crypto module, imported and passed to initSync as docs/EDGE.md says
//   hang        module, with timeout 1 s and maxStale 3 s (the provider stops answering)
//   hangnowait  hang without waitUntil
import { KeySet, RemoteKeySet, TokenError, TokenVerifier, initSync } from "sceyt-token";
import cryptoWasm from "sceyt-token/sceyt_token_crypto.wasm";

const APP = "app-remote";
const SCENARIOS = {
  issue: { issuePattern: true },
  module: { options: { maxAge: "2s" }, waitUntil: true },
  nowait: { options: { maxAge: "2s" }, waitUntil: false },
  sync: { options: { maxAge: "2s" }, waitUntil: true, sync: true },
  hang: { options: { maxAge: "2s", timeout: "1s", maxStale: "3s" }, waitUntil: true },
  hangnowait: { options: { maxAge: "2s", timeout: "1s", maxStale: "3s" }, waitUntil: false },
};

let keys; // the issue's pattern: one promise, at module scope
const verifiers = new Map(); // the documented pattern: one verifier per scenario, at module scope

function answer(status, body, headers = {}) {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

export default {
  async fetch(request, env, ctx) {
    const started = Date.now();
    const name = new URL(request.url).pathname.slice(1);
    const scenario = SCENARIOS[name];
    if (!scenario) return answer(404, { code: "ERR_NOT_FOUND" });
    const url = `${env.JWKS_BASE}/${name}/jwks.json`;
    const auth = request.headers.get("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    try {
      let verified;
      if (scenario.issuePattern) {
        keys ??= KeySet.fetch(url, { maxAge: "2s" });
        verified = await new TokenVerifier(await keys, { applicationId: APP }).verify(token);
      } else {
        let verifier = verifiers.get(name);
        if (!verifier) {
          verifier = new TokenVerifier(new RemoteKeySet(url, scenario.options), { applicationId: APP });
          verifiers.set(name, verifier);
        }
        const call = scenario.waitUntil ? { waitUntil: ctx.waitUntil.bind(ctx) } : undefined;
        if (scenario.sync) initSync({ crypto: cryptoWasm }); // idempotent
        verified = scenario.sync ? verifier.verifySync(token, call) : await verifier.verify(token, call);
      }
      return answer(200, { sub: verified.claims.sub, ms: Date.now() - started });
    } catch (e) {
      if (e instanceof TokenError && e.code === "ERR_KEYS_UNAVAILABLE") {
        return answer(503, { code: e.code, message: e.message, ms: Date.now() - started }, { "retry-after": "5" });
      }
      if (e instanceof TokenError) return answer(401, { code: e.code, message: e.message, ms: Date.now() - started });
      return answer(500, { code: "ERR_INTERNAL", message: String(e?.stack ?? e), ms: Date.now() - started });
    }
  },
};
