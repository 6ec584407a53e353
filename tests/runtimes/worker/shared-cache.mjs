// Test worker for the shared JWKS cache (issue 20), run by tests/runtimes/shared-cache.mjs in several
// miniflare instances that share one persisted Cache API. `GET /<scenario>` with `Authorization:
// Bearer <token>` verifies the token with a set kept at module scope (the documented pattern):
//   jwks  new RemoteKeySet(env.JWKS_URL, OPTIONS)
//   oidc  RemoteKeySet.fromIssuer(env.ISSUER, OPTIONS) (discovery document, then jwks_uri)
//   private  new RemoteKeySet(env.PRIVATE_URL, { ...OPTIONS, sharedCache: false }) (the control: memory only)
// and answers `{ status, code?, sub?, sharedCache, stale }`: 200, 401 (a TokenError), 503
// (ERR_KEYS_UNAVAILABLE) or 500. The options come from env.OPTIONS (JSON).
import { RemoteKeySet, TokenError, TokenVerifier } from "sceyt-token";

const APP = "app-shared";
const sets = new Map();

function answer(status, body) {
  return new Response(JSON.stringify({ status, ...body }), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

export default {
  async fetch(request, env, ctx) {
    const name = new URL(request.url).pathname.slice(1);
    if (name !== "jwks" && name !== "oidc" && name !== "private") return answer(404, { code: "ERR_NOT_FOUND" });
    let entry = sets.get(name);
    if (!entry) {
      const options = JSON.parse(env.OPTIONS);
      const set =
        name === "oidc" ? RemoteKeySet.fromIssuer(env.ISSUER, options)
        : name === "private" ? new RemoteKeySet(env.PRIVATE_URL, { ...options, sharedCache: false })
        : new RemoteKeySet(env.JWKS_URL, options);
      entry = { set, verifier: new TokenVerifier(set, { applicationId: APP }) };
      sets.set(name, entry);
    }
    const { set, verifier } = entry;
    const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    const about = () => ({ sharedCache: set.sharedCache, stale: set.stale });
    try {
      const { claims } = await verifier.verify(token, { waitUntil: ctx.waitUntil.bind(ctx) });
      return answer(200, { sub: claims.sub, ...about() });
    } catch (e) {
      if (e instanceof TokenError && e.code === "ERR_KEYS_UNAVAILABLE") return answer(503, { code: e.code, message: e.message, ...about() });
      if (e instanceof TokenError) return answer(401, { code: e.code, message: e.message, ...about() });
      return answer(500, { code: "ERR_INTERNAL", message: String(e?.stack ?? e) });
    }
  },
};
