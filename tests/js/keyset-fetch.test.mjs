// KeySet.fetch against a real HTTP server on 127.0.0.1: caching, Cache-Control, key rotation with
// a cool-down, HTTP errors, bad JSON and a server that never answers (timeout, not a hang).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { SigningKey, KeySet, TokenIssuer, TokenVerifier, TokenError } from "sceyt-token";
import { APP, fixture, rejectsCode } from "./helpers.mjs";

const a = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
const b = SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));
const state = { keys: [a], hits: 0, cacheControl: "max-age=300", status: 200, body: null, hang: false };
const sockets = new Set();
const server = createServer((req, res) => {
  state.hits++;
  if (state.hang) return; // never answers
  res.writeHead(state.status, { "content-type": "application/json", "cache-control": state.cacheControl });
  res.end(state.body ?? JSON.stringify({ keys: state.keys.map((k) => k.toPublicJwk()) }));
});
server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
after(() => { for (const s of sockets) s.destroy(); server.close(); });

let now = 1_795_860_180_000;
const clock = () => now;
const tokenFrom = (k) => new TokenIssuer(k, { applicationId: APP, clock }).issueSync("user-42");

test("fetches, caches for min(maxAge, max-age), verifies sync and async", async () => {
  state.hits = 0;
  assert.ok(KeySet.fromJwks({ keys: [a.toPublicJwk()] }) instanceof KeySet);
  const set = await KeySet.fetch(url, { clock, maxAge: "10m" });
  assert.deepEqual(set.keyIds, [a.keyId]);
  assert.equal(set.expiresAt - set.fetchedAt, 300_000);
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  assert.equal(v.verifySync(tokenFrom(a)).claims.sub, "user-42");
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42");
  assert.equal(state.hits, 1);
  now += 301_000; // stale: the next async verification refetches once
  await v.verify(tokenFrom(a));
  await v.verify(tokenFrom(a));
  assert.equal(state.hits, 2);
  const capped = await KeySet.fetch(url, { clock, maxAge: 60 });
  assert.equal(capped.expiresAt - capped.fetchedAt, 60_000);
});

test("an unknown kid refetches at most once per cool-down (key rotation)", async () => {
  state.keys = [a];
  state.hits = 0;
  const set = await KeySet.fetch(url, { clock, cooldown: 30 });
  const v = new TokenVerifier(set, { clock });
  const tb = tokenFrom(b);
  await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, "b unknown");
  await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, "b unknown, within cool-down");
  assert.equal(state.hits, 2); // initial + one refetch
  state.keys = [a, b]; // rotation published
  await rejectsCode(v.verify(tb), "ERR_KEY_NOT_FOUND", TokenError, "still within cool-down");
  now += 31_000;
  assert.equal((await v.verify(tb)).header.kid, b.keyId);
  assert.equal(state.hits, 3);
  assert.deepEqual(set.keyIds.sort(), [a.keyId, b.keyId].sort());
});

test("no-store means no caching", async () => {
  state.keys = [a];
  state.cacheControl = "no-store";
  const set = await KeySet.fetch(url, { clock });
  assert.equal(set.expiresAt, set.fetchedAt);
  state.cacheControl = "max-age=300";
});

test("failures have codes and never hang", async () => {
  state.status = 500;
  await rejectsCode(KeySet.fetch(url, { clock }), "ERR_KEY_NOT_FOUND", TokenError, "HTTP 500");
  state.status = 200;
  state.body = "{not json";
  await rejectsCode(KeySet.fetch(url, { clock }), ["ERR_INVALID_ARGUMENT", "ERR_KEY_INVALID"], TokenError, "bad JSON");
  state.body = JSON.stringify({ nokeys: [] });
  await rejectsCode(KeySet.fetch(url, { clock }), "ERR_KEY_INVALID", TokenError, "no keys array");
  state.body = null;
  state.hang = true;
  const t0 = Date.now();
  const e = await rejectsCode(KeySet.fetch(url, { clock, timeout: 0.3 }), "ERR_KEY_NOT_FOUND", TokenError, "timeout");
  assert.match(e.message, /timed out/);
  assert.ok(Date.now() - t0 < 3000);
  state.hang = false;
  await rejectsCode(KeySet.fetch("http://127.0.0.1:1/jwks.json", { timeout: 2 }), "ERR_KEY_NOT_FOUND", TokenError, "refused");
  assert.throws(() => { throw new Error("x"); });
  await rejectsCode(KeySet.fetch("ftp://x/jwks"), "ERR_INVALID_ARGUMENT", TokenError, "scheme");
  await rejectsCode(KeySet.fetch(url, { maxage: 5 }), "ERR_INVALID_ARGUMENT", TokenError, "typo");
});
