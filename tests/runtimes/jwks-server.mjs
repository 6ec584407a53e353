// A JWKS provider on 127.0.0.1 for the remote key set tests: one server, one state per path
// (`/<name>/jwks.json`), every request counted. A state holds the public JWKs served, the
// Cache-Control header, and `hang` (accept the request and never answer). Used from Node by
// tests/runtimes/remote.mjs (workerd, miniflare) and tests/js/keyset-remote.test.mjs.
import { createServer } from "node:http";

/**
 * Starts the provider. `paths[name]` is created on first use with `defaults`; returns
 * `{ base, state(name), close() }`, where `base` is `http://127.0.0.1:<port>` and a state is
 * `{ keys, cacheControl, hang, delayMs, status, body, hits, log: [{ at, path }] }` (mutable by the
 * test; `delayMs` answers that much later).
 */
export async function startJwksServer(defaults = {}) {
  const states = new Map();
  const state = (name) => {
    if (!states.has(name)) {
      states.set(name, { keys: [], cacheControl: "max-age=600", hang: false, delayMs: 0, status: 200, body: null, hits: 0, log: [], ...defaults });
    }
    return states.get(name);
  };
  const sockets = new Set();
  const server = createServer((req, res) => {
    const m = /^\/([A-Za-z0-9_-]+)\/jwks\.json$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const s = state(m[1]);
    s.hits++;
    s.log.push({ at: Date.now(), path: req.url });
    if (s.hang) return; // accepted, never answered
    const body = s.body ?? JSON.stringify({ keys: s.keys }); // the keys when asked, even if answered later
    const send = () => {
      res.writeHead(s.status, { "content-type": "application/json", "cache-control": s.cacheControl });
      res.end(body);
    };
    if (s.delayMs > 0) setTimeout(send, s.delayMs);
    else send();
  });
  server.on("connection", (sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    url: (name) => `${base}/${name}/jwks.json`,
    state,
    close: () =>
      new Promise((r) => {
        for (const sock of sockets) sock.destroy();
        server.close(() => r());
      }),
  };
}
