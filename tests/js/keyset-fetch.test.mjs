// KeySet.fetch against real HTTP servers on 127.0.0.1 (one per test, requests counted): caching,
// Cache-Control, key rotation on both verification paths, the unknown-kid cool-down and its floor,
// https-only URLs, oct keys refused, the size limit enforced while reading, stale keys served with
// backoff when the host fails, HTTP errors, bad JSON, a server that never answers, and sets replaced
// while verifications are in flight. Failures to get a JWKS are ERR_KEYS_UNAVAILABLE; the cache
// floor, private members and the request rules of issue 18 are in keyset-remote.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { SigningKey, KeySet, RemoteKeySet, TokenIssuer, TokenVerifier, TokenError } from "sceyt-token";
import { APP, NOW, fixture } from "../common/fixtures.mjs";
import { rejectsCode, throwsCode } from "../common/harness.mjs";

const a = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
const b = SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));
const e = SigningKey.fromPem(fixture("ec256.pkcs8.pem"));
const jwks = (...keys) => JSON.stringify({ keys: keys.map((k) => k.toPublicJwk()) });

let now = NOW * 1000;
const clock = () => now;
const tokenFrom = (k) => new TokenIssuer(k, { applicationId: APP, clock }).issueSync("user-42");

/**
 * A JWKS server on 127.0.0.1 for one test, closed after it. `state.hits` counts requests;
 * `state.handler(req, res)`, when set, answers instead of the default JWKS response.
 */
async function serve(t, init = {}) {
  const state = { keys: [a], hits: 0, cacheControl: "max-age=300", status: 200, body: null, hang: false, handler: null, ...init };
  const sockets = new Set();
  const server = createServer((req, res) => {
    state.hits++;
    if (state.handler) return state.handler(req, res);
    if (state.hang) return; // never answers
    res.writeHead(state.status, { "content-type": "application/json", "cache-control": state.cacheControl });
    res.end(state.body ?? jwks(...state.keys));
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }));
  state.url = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
  return state;
}

/** A fetch() stand-in that answers without a network, counting calls. */
function fakeFetch(answer) {
  const f = async (url, init) => {
    f.calls.push(String(url));
    return answer(url, init);
  };
  f.calls = [];
  return f;
}

/** Waits (real time, bounded) until `cond()` holds. */
async function until(cond, what, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test("fetches, caches for min(maxAge, max-age), verifies sync and async", async (t) => {
  const s = await serve(t);
  assert.ok(KeySet.fromJwks({ keys: [a.toPublicJwk()] }) instanceof KeySet);
  const set = await KeySet.fetch(s.url, { clock, maxAge: "10m" });
  assert.ok(set instanceof RemoteKeySet);
  assert.deepEqual(set.keyIds, [a.keyId]);
  assert.equal(set.size, 1);
  assert.equal(set.fetchedAt, now);
  assert.equal(set.expiresAt - set.fetchedAt, 300_000);
  assert.equal(set.stale, false);
  assert.equal(set.lastError, null);
  assert.equal(set.retryAt, 0);
  assert.equal(set.staleUntil, set.expiresAt + 3600_000, "default maxStale is 1 h");
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  assert.equal(v.verifySync(tokenFrom(a)).claims.sub, "user-42");
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42");
  assert.equal(s.hits, 1);
  now += 301_000; // expired: served at once, refreshed once in the background
  await Promise.all([v.verify(tokenFrom(a)), v.verify(tokenFrom(a)), v.verify(tokenFrom(a))]);
  await until(() => set.fetchedAt === now, "the background refresh");
  await v.verify(tokenFrom(a));
  assert.equal(s.hits, 2, "concurrent verifications share one request; the fresh keys are cached");
  assert.equal(set.fetchedAt, now);
  const capped = await KeySet.fetch(s.url, { clock, maxAge: 60 });
  assert.equal(capped.expiresAt - capped.fetchedAt, 60_000);
});

test("no-store is cached for the floor (minAge, 30 s by default), not for nothing", async (t) => {
  const s = await serve(t, { cacheControl: "no-store" });
  const set = await KeySet.fetch(s.url, { clock });
  assert.equal(set.expiresAt - set.fetchedAt, 30_000);
});

test("an unknown kid refetches at most once per cool-down (key rotation)", async (t) => {
  const s = await serve(t);
  const set = await KeySet.fetch(s.url, { clock, cooldown: 30 });
  const v = new TokenVerifier(set, { anyApplication: true, clock });
  const tb = tokenFrom(b);
  await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, "b unknown");
  await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, "b unknown, within cool-down");
  assert.equal(s.hits, 2); // initial + one refetch
  s.keys = [a, b]; // rotation published
  await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, "still within cool-down");
  assert.equal(s.hits, 2);
  now += 31_000;
  assert.equal((await v.verify(tb)).header.kid, b.keyId);
  assert.equal(s.hits, 3);
  assert.deepEqual([...set.keyIds].sort(), [a.keyId, b.keyId].sort());
  assert.equal(v.verifySync(tb).header.kid, b.keyId);
});

test("the unknown-kid cool-down has a floor of 1 s", async (t) => {
  const s = await serve(t);
  for (const cooldown of [0, 0.5, "0", "500ms", "999ms"]) {
    const err = await rejectsCode(KeySet.fetch(s.url, { clock, cooldown }), "ERR_INVALID_ARGUMENT", TokenError, `cooldown ${cooldown}`);
    assert.match(err.message, /cooldown.*at least 1 s/);
  }
  assert.equal(s.hits, 0, "refused before any request");
  // At the floor: a flood of unknown kids fetches at most once per second.
  const set = await KeySet.fetch(s.url, { clock, cooldown: 1 });
  const v = new TokenVerifier(set, { anyApplication: true, clock });
  const tb = tokenFrom(b);
  for (let i = 0; i < 40; i++) {
    await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, `unknown kid ${i}`);
    now += 100; // 4 s in all
  }
  assert.ok(s.hits >= 1 + 3 && s.hits <= 1 + 4, `one refetch per second at most, saw ${s.hits - 1}`);
});

test("a key removed from the JWKS stops verifying after the refresh, on both paths", async (t) => {
  const s = await serve(t, { keys: [a, b] });
  const set = await KeySet.fetch(s.url, { clock });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  const ta = tokenFrom(a);
  const tb = tokenFrom(b);
  for (const tok of [ta, tb]) {
    assert.equal(v.verifySync(tok).claims.sub, "user-42");
    assert.equal((await v.verify(tok)).claims.sub, "user-42");
  }
  s.keys = [b]; // a is retired
  // Before the keys expire, a still verifies (cached), on both paths.
  assert.equal(v.verifySync(ta).header.kid, a.keyId);
  assert.equal((await v.verify(ta)).header.kid, a.keyId);
  assert.equal(s.hits, 1);

  // verify(): an expired set is served once more (stale-while-revalidate) and refreshed in the
  // background; after the refresh a's kid is unknown: one refetch for it (the cool-down), then refused.
  now += 301_000;
  assert.equal((await v.verify(ta)).header.kid, a.keyId, "stale keys served while the refresh runs");
  await until(() => set.fetchedAt === now, "the background refresh");
  assert.equal(s.hits, 2);
  await rejectsCode(v.verify(ta), "ERR_KEY_NOT_FOUND", TokenError, "a removed (async)");
  assert.equal(s.hits, 3);
  throwsCode(() => v.verifySync(ta), "ERR_KEY_NOT_FOUND", TokenError, "a removed (sync)");
  assert.equal((await v.verify(tb)).header.kid, b.keyId);
  assert.equal(v.verifySync(tb).header.kid, b.keyId);
  assert.deepEqual(set.keyIds, [b.keyId]);

  // verifySync() alone: it never waits, but an expired set starts a refresh in the background,
  // after which the removed key is refused.
  s.keys = [a, b];
  await set.refresh();
  assert.equal(v.verifySync(ta).header.kid, a.keyId);
  s.keys = [b];
  now += 301_000;
  const before = s.hits;
  assert.equal(v.verifySync(ta).header.kid, a.keyId, "still the cached keys: sync never waits");
  await until(() => set.fetchedAt === now && !set.stale, "the background refresh");
  assert.equal(s.hits, before + 1);
  throwsCode(() => v.verifySync(ta), "ERR_KEY_NOT_FOUND", TokenError, "a removed (sync, background refresh)");
  now += 31_000; // past the cool-down of the unknown-kid fetch above
  await rejectsCode(v.verify(ta), "ERR_KEY_NOT_FOUND", TokenError, "a removed (async, background refresh)");
  assert.equal(s.hits, before + 2, "a's kid is now unknown: one refetch for the cool-down");
  await rejectsCode(v.verify(ta), "ERR_KEY_NOT_FOUND", TokenError, "a removed (async, within the cool-down)");
  assert.equal(v.verifySync(tb).header.kid, b.keyId);
  assert.equal(s.hits, before + 2);
});

test("a failing JWKS host does not turn every verification into a fetch: stale keys, backoff", async (t) => {
  const s = await serve(t);
  const set = await KeySet.fetch(s.url, { clock, maxStale: "10m" });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  const ta = tokenFrom(a);
  const tb = tokenFrom(b); // unknown kid: tempts a refetch on every verification
  s.status = 503;
  now = set.expiresAt; // exactly at expiry: no longer fresh
  assert.equal(set.stale, true);

  // 400 verifications over 10 s against the failing host, both paths, known and unknown kids.
  const start = now;
  let ok = 0;
  for (let i = 0; i < 100; i++) {
    assert.equal((await v.verify(ta)).claims.sub, "user-42");
    assert.equal(v.verifySync(ta).claims.sub, "user-42");
    // The keys held lack b, and the server cannot be asked: unavailable, not "not found" (async);
    // verifySync never asks, and reports what the keys it holds say.
    await rejectsCode(v.verify(tb), "ERR_KEYS_UNAVAILABLE", TokenError, "unknown kid while failing");
    throwsCode(() => v.verifySync(tb), "ERR_KEY_NOT_FOUND", TokenError, "unknown kid while failing (sync)");
    ok += 2;
    now += 100;
  }
  await until(() => set.retryAt > 0 && s.hits > 1, "the failed attempts to be recorded");
  assert.equal(ok, 200);
  // Attempts at +0, +1, +3, +7 s (backoff 1, 2, 4, 8 s): four requests for 400 verifications.
  assert.ok(s.hits - 1 <= 5 && s.hits - 1 >= 3, `attempts with backoff, saw ${s.hits - 1}`);
  assert.equal(set.stale, true);
  assert.ok(set.lastError instanceof TokenError);
  assert.equal(set.lastError.code, "ERR_KEYS_UNAVAILABLE");
  assert.match(set.lastError.message, /HTTP 503/);
  assert.ok(set.retryAt > now - 100 && set.retryAt - start >= 7000, `retryAt ${set.retryAt - start} ms after the first failure`);

  // Past the stale limit the keys are no longer served, on both paths, with a message that says why.
  now = set.staleUntil;
  const err = await rejectsCode(v.verify(ta), "ERR_KEYS_UNAVAILABLE", TokenError, "past maxStale");
  assert.match(err.message, /stale limit/);
  assert.match(err.message, /HTTP 503/);
  throwsCode(() => v.verifySync(ta), "ERR_KEYS_UNAVAILABLE", TokenError, "past maxStale (sync)");

  // The host recovers: the next attempt after the backoff succeeds and clears the state.
  s.status = 200;
  now = Math.max(now, set.retryAt);
  assert.equal((await v.verify(ta)).claims.sub, "user-42");
  assert.equal(set.stale, false);
  assert.equal(set.lastError, null);
  assert.equal(set.retryAt, 0);
  assert.equal(v.verifySync(ta).claims.sub, "user-42");
});

test("maxStale: 0 serves no stale keys; a hanging host is one request for concurrent verifications", async (t) => {
  const s = await serve(t);
  const set = await KeySet.fetch(s.url, { clock, maxStale: 0, timeout: 0.3 });
  assert.equal(set.staleUntil, set.expiresAt);
  const v = new TokenVerifier(set, { anyApplication: true, clock });
  s.hang = true;
  now = set.expiresAt;
  const t0 = Date.now();
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => v.verify(tokenFrom(a))));
  assert.ok(Date.now() - t0 < 3000, "bounded by the timeout");
  for (const r of results) {
    assert.equal(r.status, "rejected");
    assert.ok(r.reason instanceof TokenError);
    assert.equal(r.reason.code, "ERR_KEYS_UNAVAILABLE");
    assert.match(r.reason.message, /timed out/);
  }
  assert.equal(s.hits, 2, "one shared request for 20 concurrent verifications");
  assert.match(set.lastError.message, /timed out/);
  // During the backoff no request at all.
  await rejectsCode(v.verify(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError, "backing off");
  throwsCode(() => v.verifySync(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError, "backing off (sync)");
  assert.equal(s.hits, 2);
});

test("explicit refresh() failures keep the last good keys and report them", async (t) => {
  const s = await serve(t);
  const set = await KeySet.fetch(s.url, { clock });
  const v = new TokenVerifier(set, { anyApplication: true, clock });
  const fetchedAt = set.fetchedAt;
  s.status = 500;
  await rejectsCode(set.refresh(), "ERR_KEYS_UNAVAILABLE", TokenError, "HTTP 500");
  assert.equal(set.fetchedAt, fetchedAt);
  assert.deepEqual(set.keyIds, [a.keyId]);
  assert.equal(set.lastError.code, "ERR_KEYS_UNAVAILABLE");
  assert.equal(set.retryAt, now + 1000);
  await rejectsCode(set.refresh(), "ERR_KEYS_UNAVAILABLE", TokenError, "HTTP 500 again");
  assert.equal(set.retryAt, now + 2000, "the backoff doubles");
  assert.equal(set.stale, false, "still fresh: within max-age");
  assert.equal(v.verifySync(tokenFrom(a)).claims.sub, "user-42");
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42");
});

test("only https: URLs, plain http: only for loopback hosts", async (t) => {
  const body = jwks(a);
  const ok = fakeFetch(() => new Response(body, { headers: { "content-type": "application/json" } }));
  for (const url of ["http://example.com/jwks.json", "http://10.0.0.1/jwks.json", "http://192.168.1.10:8787/jwks", "http://127.0.0.1.nip.io/jwks", "http://localhost.example.com/jwks", "ftp://example.com/jwks", "file:///etc/jwks.json", "data:application/json,{}", "ws://127.0.0.1/jwks"]) {
    const err = await rejectsCode(KeySet.fetch(url, { fetch: ok }), "ERR_INVALID_ARGUMENT", TokenError, url);
    assert.match(err.message, /https:/, url);
    throwsCode(() => new RemoteKeySet(url, { fetch: ok }), "ERR_INVALID_ARGUMENT", TokenError, `constructor ${url}`);
  }
  assert.deepEqual(ok.calls, [], "no request for a refused URL");
  for (const url of ["https://example.com/jwks.json", "http://127.0.0.1:8787/jwks", "http://127.9.8.7/jwks", "http://localhost:8787/jwks", "http://[::1]:8787/jwks", "HTTP://LOCALHOST/jwks"]) {
    const set = await KeySet.fetch(url, { fetch: ok });
    assert.deepEqual(set.keyIds, [a.keyId], url);
  }
  assert.equal(ok.calls.length, 6);
  // A response that comes from plain http elsewhere (after a redirect) is refused.
  const redirected = fakeFetch(() => {
    const res = new Response(body);
    Object.defineProperty(res, "url", { value: "http://evil.example/jwks.json" });
    return res;
  });
  const err = await rejectsCode(KeySet.fetch("https://example.com/jwks.json", { fetch: redirected }), "ERR_KEYS_UNAVAILABLE", TokenError, "redirect to http");
  assert.match(err.message, /redirected to http:\/\/evil\.example/);
  // A real server on loopback works over plain http.
  const s = await serve(t);
  assert.deepEqual((await KeySet.fetch(s.url)).keyIds, [a.keyId]);
});

test("oct (symmetric) keys are refused from a fetched JWKS", async (t) => {
  const secret = SigningKey.fromSecret("0123456789abcdef0123456789abcdef", { keyId: "h" });
  const oct = { kty: "oct", kid: "h", alg: "HS256", k: Buffer.from("0123456789abcdef0123456789abcdef").toString("base64url") };
  const s = await serve(t, { body: JSON.stringify({ keys: [a.toPublicJwk(), oct] }) });
  const err = await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEY_INVALID", TokenError, "oct in the JWKS");
  assert.match(err.message, /symmetric \("oct"\) key \(keys\[1\]\)/);
  assert.doesNotMatch(err.message, /0123456789abcdef|MDEy/, "the secret is not echoed");
  // A set that starts publishing an oct key keeps its last good keys, and the HMAC token never verifies.
  s.body = null;
  const set = await KeySet.fetch(s.url, { clock });
  s.body = JSON.stringify({ keys: [a.toPublicJwk(), oct] });
  await rejectsCode(set.refresh(), "ERR_KEY_INVALID", TokenError, "refresh with oct");
  assert.deepEqual(set.keyIds, [a.keyId]);
  const forged = new TokenIssuer(secret, { applicationId: APP, clock }).issueSync("admin");
  const v = new TokenVerifier(set, { anyApplication: true, clock, algorithms: ["RS256", "HS256"] });
  now = set.expiresAt + 1;
  // The forged token's kid is not in the keys held, and the server's answer is refused: unavailable.
  await rejectsCode(v.verify(forged), "ERR_KEYS_UNAVAILABLE", TokenError, "HMAC token, oct key refused");
  throwsCode(() => v.verifySync(forged), "ERR_KEY_NOT_FOUND", TokenError, "HMAC token, oct key refused (sync)");
  assert.equal(set.lastError.code, "ERR_KEY_INVALID");
  // Given locally, the same JWKS is refused too, unless it is declared trusted local JSON.
  const local = throwsCode(() => KeySet.fromJwks({ keys: [a.toPublicJwk(), oct] }), "ERR_KEY_INVALID", TokenError, "fromJwks with oct");
  assert.match(local.message, /"k" is the secret/);
  assert.equal(KeySet.fromJwks({ keys: [a.toPublicJwk(), oct] }, { allowPrivate: true }).size, 2);
});

test("the size limit (1 MiB) is enforced while reading the body", async (t) => {
  // An endless chunked body: refused after about 1 MiB, and the connection is dropped.
  let sent = 0;
  let closed = false;
  const s = await serve(t, {
    handler(req, res) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"keys":[');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!closed && sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end("]}");
      };
      res.on("close", () => { closed = true; });
      pump();
    },
  });
  const t0 = Date.now();
  const err = await rejectsCode(KeySet.fetch(s.url, { clock, timeout: 20 }), "ERR_KEYS_UNAVAILABLE", TokenError, "endless body");
  assert.match(err.message, /larger than 1048576 bytes/);
  await until(() => closed, "the server to see the connection closed");
  assert.ok(sent < 32 * 1024 * 1024, `stopped reading early (server wrote ${sent} bytes)`);
  assert.ok(Date.now() - t0 < 10_000);

  // A declared Content-Length above the limit is refused without waiting for the body.
  s.handler = (req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
    res.write('{"keys":['); // and never more
  };
  const t1 = Date.now();
  await rejectsCode(KeySet.fetch(s.url, { clock, timeout: 5 }), "ERR_KEYS_UNAVAILABLE", TokenError, "content-length");
  assert.ok(Date.now() - t1 < 4000, "refused on the header, not on the timeout");

  // The boundary: exactly 1 MiB is accepted, one byte more is not.
  const base = jwks(a);
  const sized = (n) => base.slice(0, -1) + " ".repeat(n - base.length) + "}";
  s.handler = null;
  s.body = sized(1024 * 1024);
  assert.equal(Buffer.byteLength(s.body), 1024 * 1024);
  assert.deepEqual((await KeySet.fetch(s.url, { clock })).keyIds, [a.keyId]);
  s.body = sized(1024 * 1024 + 1);
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "1 MiB + 1");
  // Measured in bytes, not characters: 600 Ki two-byte characters exceed 1 MiB.
  s.body = base.slice(0, -1) + `,"pad":"${"é".repeat(600 * 1024)}"}`;
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "multi-byte");
  // Also without a body stream (a fetch replacement): the same limit.
  const noStream = fakeFetch(() => ({ ok: true, status: 200, url: "", headers: new Headers(), text: async () => sized(1024 * 1024 + 1) }));
  await rejectsCode(KeySet.fetch("https://example.com/jwks", { fetch: noStream }), "ERR_KEYS_UNAVAILABLE", TokenError, "no stream");
});

test("sets replaced while verifications are in flight: no verifier ever uses a freed set", async (t) => {
  // Immediate answers (no network): replacements land between a verification receiving the set and
  // taking its handle whenever the scheduling allows it.
  const body = jwks(a, b, e);
  let ticks = 0;
  const quick = fakeFetch(async () => {
    for (let i = ticks++ % 5; i > 0; i--) await null; // vary the number of microtask turns
    return new Response(body, { headers: { "cache-control": "max-age=300" } });
  });
  const set = await KeySet.fetch("https://example.com/jwks.json", { clock, fetch: quick });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  const tokens = [tokenFrom(a), tokenFrom(b), tokenFrom(e)];
  const pending = [];
  let syncOk = 0;
  for (let round = 0; round < 150; round++) {
    pending.push(set.refresh());
    for (let i = 0; i < 6; i++) pending.push(v.verify(tokens[i % 3]));
    pending.push(set.refresh());
    for (const tok of tokens) {
      assert.equal(v.verifySync(tok).claims.sub, "user-42");
      syncOk++;
    }
    // Refreshes complete at varying points; now and then a timer turn lets retired sets be freed.
    if (round % 3 === 0) await new Promise((r) => setTimeout(r, 0));
    else for (let k = round % 17; k > 0; k--) await null;
  }
  const results = await Promise.allSettled(pending);
  const failed = results.filter((r) => r.status === "rejected");
  assert.deepEqual(failed.map((r) => `${r.reason.code}: ${r.reason.message}`), []);
  assert.equal(syncOk, 450);
  assert.ok(quick.calls.length >= 80, `refreshed ${quick.calls.length} times`);

  // The same against a real server, with expiry-driven refreshes from verify() itself.
  const s = await serve(t, { keys: [a, b], cacheControl: "max-age=1" });
  const live = await KeySet.fetch(s.url, { clock });
  const lv = new TokenVerifier(live, { applicationId: APP, clock });
  const live_pending = [];
  for (let round = 0; round < 40; round++) {
    now += 1000; // expired every round: the next verify() refreshes
    for (let i = 0; i < 5; i++) live_pending.push(lv.verify(tokens[i % 2]));
    live_pending.push(live.refresh());
    assert.equal(lv.verifySync(tokens[round % 2]).claims.sub, "user-42");
    await new Promise((r) => setTimeout(r, 2));
  }
  const live_results = await Promise.allSettled(live_pending);
  assert.deepEqual(live_results.filter((r) => r.status === "rejected").map((r) => r.reason.message), []);
  assert.ok(s.hits >= 10, `refreshed ${s.hits} times`);
});

test("failures have codes and never hang", async (t) => {
  const s = await serve(t, { status: 500 });
  const e500 = await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "HTTP 500");
  assert.match(e500.message, /HTTP 500/);
  s.status = 200;
  s.body = "{not json";
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "bad JSON");
  s.body = JSON.stringify({ nokeys: [] });
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "no keys array");
  s.body = JSON.stringify([{ keys: [] }]);
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "an array");
  s.body = JSON.stringify({ keys: [{ kty: "RSA", n: "AQAB" }] });
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEY_INVALID", TokenError, "a JWKS with a malformed key");
  s.handler = (req, res) => { res.writeHead(200); res.end(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); };
  await rejectsCode(KeySet.fetch(s.url, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError, "not UTF-8");
  s.handler = null;
  s.body = null;
  s.hang = true;
  const t0 = Date.now();
  const e = await rejectsCode(KeySet.fetch(s.url, { clock, timeout: 0.3 }), "ERR_KEYS_UNAVAILABLE", TokenError, "timeout");
  assert.match(e.message, /timed out/);
  assert.ok(Date.now() - t0 < 3000);
  s.hang = false;
  await rejectsCode(KeySet.fetch("http://127.0.0.1:1/jwks.json", { timeout: 2 }), "ERR_KEYS_UNAVAILABLE", TokenError, "refused");
  // Bad arguments are refused synchronously by the constructor, and as a rejection by KeySet.fetch.
  for (const [label, url, options] of [["scheme", "ftp://x/jwks", undefined], ["typo", s.url, { maxage: 5 }], ["not a URL", "::", undefined], ["options", s.url, 5], ["maxStale", s.url, { maxStale: "forever" }], ["clock", s.url, { clock: 5 }]]) {
    throwsCode(() => new RemoteKeySet(url, options), "ERR_INVALID_ARGUMENT", TokenError, `constructor: ${label}`);
    await rejectsCode(KeySet.fetch(url, options), "ERR_INVALID_ARGUMENT", TokenError, label);
  }
  // Not fetched yet: a verifier can be made (no I/O), verifySync says so clearly, not a crash.
  const never = fakeFetch(() => new Promise(() => {}));
  const unfetched = new RemoteKeySet(s.url, { clock, timeout: 0.2, fetch: never });
  const uv = new TokenVerifier(unfetched, { anyApplication: true, clock });
  assert.equal(never.calls.length, 0, "constructing a verifier starts no fetch");
  const ne = throwsCode(() => uv.verifySync(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError, "not fetched");
  assert.match(ne.message, /has not been fetched yet/);
});
