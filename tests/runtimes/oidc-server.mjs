// An OpenID provider's public side on 127.0.0.1, for the discovery and shared-cache tests (issue 20):
// per path prefix `/<name>`, a discovery document at `/<name>/.well-known/openid-configuration` and
// the keys at `/<name>/jwks.json` (a JWKS, or any body: an X.509 map, an oversized document). Every
// request is counted per prefix and per kind. Used from Node by tests/js/keyset-discovery.test.mjs
// and tests/runtimes/shared-cache.mjs.
import { createServer } from "node:http";

/**
 * Starts the server; returns `{ base, issuer(name), state(name), close() }`. A state is
 * `{ issuer (the document's; default the URL of the prefix), jwksUri (default the prefix's
 * jwks.json), doc (a body replacing the document), keys, keysBody (a body replacing the JWKS),
 * cacheControl, docCacheControl, down (answer 503), hang (never answer), hits: { doc, keys } }`.
 */
export async function startOidcServer() {
  const states = new Map();
  let base;
  const state = (name) => {
    if (!states.has(name)) {
      states.set(name, {
        issuer: `${base}/${name}`,
        jwksUri: `${base}/${name}/jwks.json`,
        doc: null,
        keys: [],
        keysBody: null,
        cacheControl: "max-age=600",
        docCacheControl: "max-age=600",
        down: false,
        hang: false,
        hits: { doc: 0, keys: 0 },
      });
    }
    return states.get(name);
  };
  const sockets = new Set();
  const server = createServer((req, res) => {
    const m = /^\/([A-Za-z0-9_-]+)\/?(\.well-known\/openid-configuration|jwks\.json)$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const s = state(m[1]);
    const doc = m[2] !== "jwks.json";
    s.hits[doc ? "doc" : "keys"]++;
    if (s.hang) return;
    if (s.down) {
      res.writeHead(503, { "content-type": "text/plain" }).end("down");
      return;
    }
    const body = doc
      ? (s.doc ?? JSON.stringify({ issuer: s.issuer, jwks_uri: s.jwksUri, id_token_signing_alg_values_supported: ["RS256"] }))
      : (s.keysBody ?? JSON.stringify({ keys: s.keys }));
    res.writeHead(200, { "content-type": "application/json", "cache-control": doc ? s.docCacheControl : s.cacheControl });
    res.end(body);
  });
  server.on("connection", (sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    issuer: (name) => `${base}/${name}`,
    state,
    close: () =>
      new Promise((r) => {
        for (const sock of sockets) sock.destroy();
        server.close(() => r());
      }),
  };
}
