// Provider keys from an issuer URL (issue 20), in Node against real servers on 127.0.0.1 whose every
// request is counted (tests/runtimes/oidc-server.mjs): OpenID Connect Discovery (exact issuer,
// trailing-slash issuer, a document for another issuer, an http jwks_uri off loopback, a document
// over the size limit, the document cached with the keys' floor and ceiling), the X.509 map format
// (RSA certificates made by the openssl CLI: kid lookup, refresh, rotation), a shared store of the
// caller's between two sets (a cold set makes 0 provider fetches; stale-if-error; past maxStale
// ERR_KEYS_UNAVAILABLE), and an unknown-kid flood (1,000 random kids: one fetch per cooldown).
// The Cache API across isolates in miniflare: tests/runtimes/shared-cache.mjs. Every test prints
// its fetch counts (`# fetches …`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeySet, RemoteKeySet, SigningKey, TokenError, TokenIssuer, TokenVerifier } from "sceyt-token";
import { startOidcServer } from "../runtimes/oidc-server.mjs";
import { APP, NOW, fixture } from "../common/fixtures.mjs";
import { rejectsCode } from "../common/harness.mjs";

const a = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
const b = SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));

let now = NOW * 1000;
const clock = () => now;
const tokenFrom = (k, sub = "user-42") => new TokenIssuer(k, { applicationId: APP, clock }).issueSync(sub);
const report = (t, counts) => t.diagnostic(`fetches ${JSON.stringify(counts)}`);

async function server(t) {
  const s = await startOidcServer();
  t.after(() => s.close());
  return s;
}

test("discovery: an exact issuer; the document is cached with the keys' floor and ceiling", async (t) => {
  const p = await server(t);
  const s = p.state("exact");
  s.keys = [a.toPublicJwk()];
  const set = await KeySet.discover(p.issuer("exact"), { clock, maxAge: "10m" });
  assert.equal(set.issuer, p.issuer("exact"));
  assert.equal(set.url, `${p.base}/exact/jwks.json`);
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42");
  assert.deepEqual(s.hits, { doc: 1, keys: 1 });
  // Keys at max-age=60 and the document at the ceiling: past 60 s only the keys are fetched again.
  s.cacheControl = "max-age=60";
  await set.refresh();
  now += 61_000;
  await v.verify(tokenFrom(a));
  await new Promise((r) => setTimeout(r, 100)); // the background refresh of the stale keys
  assert.deepEqual(s.hits, { doc: 1, keys: 3 }, "the document is still fresh (10 min)");
  // A document that says no-cache is cached for the floor (minAge, 30 s), not fetched per load.
  const n = p.state("nocache");
  n.keys = [a.toPublicJwk()];
  n.docCacheControl = "no-cache";
  n.cacheControl = "no-cache";
  const set2 = await KeySet.discover(p.issuer("nocache"), { clock });
  const v2 = new TokenVerifier(set2, { applicationId: APP, clock });
  for (let i = 0; i < 10; i++) {
    await v2.verify(tokenFrom(a));
    now += 2_000;
  }
  assert.deepEqual(n.hits, { doc: 1, keys: 1 }, "20 s within the 30 s floor: one fetch each");
  now += 15_000;
  await v2.verify(tokenFrom(a));
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(n.hits, { doc: 2, keys: 2 }, "past the floor: the document and the keys once more");
  report(t, { exact: s.hits, nocache: n.hits });
});

test("discovery: a trailing-slash issuer (Auth0) reads <issuer without the slash>/.well-known/…; no normalisation in the comparison", async (t) => {
  const p = await server(t);
  const s = p.state("auth0");
  s.keys = [a.toPublicJwk()];
  s.issuer = `${p.base}/auth0/`;
  const set = await KeySet.discover(`${p.base}/auth0/`, { clock });
  assert.equal(set.keyIds.length, 1);
  assert.deepEqual(s.hits, { doc: 1, keys: 1 }, "one document at /auth0/.well-known/openid-configuration");
  // The same document configured without the slash: the issuers differ, refused.
  const e = await rejectsCode(KeySet.discover(`${p.base}/auth0`, { clock }), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.equal(e.reason, "issuer_mismatch");
  assert.match(e.message, /^issuer mismatch: the discovery document at .*\/auth0\/\.well-known\/openid-configuration names the issuer ".*\/auth0\/", not the configured issuer ".*\/auth0"; they must be equal exactly/);
  assert.equal(s.hits.keys, 1, "no keys fetched for a refused document");
  report(t, s.hits);
});

test("discovery: a document for another issuer is refused with its own message, never served stale", async (t) => {
  const p = await server(t);
  const s = p.state("other");
  s.keys = [a.toPublicJwk()];
  s.issuer = "https://accounts.example.com";
  const set = RemoteKeySet.fromIssuer(p.issuer("other"), { clock });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  const e = await rejectsCode(v.verify(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.equal(e.reason, "issuer_mismatch");
  assert.match(e.message, /names the issuer "https:\/\/accounts\.example\.com", not the configured issuer/);
  assert.equal(set.lastError.reason, "issuer_mismatch");
  // A document without an issuer is refused the same way.
  s.doc = JSON.stringify({ jwks_uri: s.jwksUri });
  const e2 = await rejectsCode(set.refresh(), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.match(e2.message, /names no issuer/);
  assert.deepEqual(s.hits, { doc: 2, keys: 0 });
  report(t, s.hits);
});

test("discovery: an http jwks_uri off loopback is refused before any fetch; https required", async (t) => {
  const p = await server(t);
  const s = p.state("insecure");
  s.jwksUri = "http://keys.example.com/jwks.json";
  const asked = [];
  const counting = (url, init) => {
    asked.push(String(url));
    return fetch(url, init);
  };
  const e = await rejectsCode(KeySet.discover(p.issuer("insecure"), { clock, fetch: counting }), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.equal(e.reason, "jwks_uri");
  assert.match(e.message, /names the jwks_uri http:\/\/keys\.example\.com\/jwks\.json, which is not https:/);
  assert.deepEqual(asked, [`${p.base}/insecure/.well-known/openid-configuration`], "keys.example.com is never asked");
  // The issuer itself: https, or http on loopback only; no query or fragment.
  for (const bad of ["http://accounts.example.com", "ftp://x.example.com", "https://x.example.com/?a=1", "not a url"]) {
    assert.throws(() => RemoteKeySet.fromIssuer(bad), (err) => err instanceof TokenError && err.code === "ERR_INVALID_ARGUMENT", bad);
  }
  report(t, { ...s.hits, asked: asked.length });
});

test("discovery: a document over the size limit (1 MiB) is ERR_KEYS_UNAVAILABLE", async (t) => {
  const p = await server(t);
  const s = p.state("huge");
  s.doc = JSON.stringify({ issuer: p.issuer("huge"), jwks_uri: s.jwksUri, padding: "x".repeat(1024 * 1024) });
  const e = await rejectsCode(KeySet.discover(p.issuer("huge"), { clock }), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.match(e.message, /the discovery document at .* is larger than 1048576 bytes/);
  assert.equal(s.hits.keys, 0);
  report(t, s.hits);
});

// --- The X.509 map (Firebase's securetoken format) ---------------------------------------------

function makeCertificate(dir, name) {
  const key = join(dir, `${name}.key.pem`);
  const cert = join(dir, `${name}.cert.pem`);
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", `/CN=${name}`], { stdio: "ignore" });
  return { pem: readFileSync(cert, "utf8"), key: SigningKey.fromPem(readFileSync(key, "utf8"), { keyId: name }) };
}

test("X.509 map: RSA certificates by kid, detected by shape; refresh and rotation; fetches counted", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sceyt-x509-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const c1 = makeCertificate(dir, "kid-one");
  const c2 = makeCertificate(dir, "kid-two");
  const c3 = makeCertificate(dir, "kid-three");
  const p = await server(t);
  const s = p.state("securetoken");
  s.keysBody = JSON.stringify({ "kid-one": c1.pem, "kid-two": c2.pem });
  s.cacheControl = "public, max-age=120";
  const url = `${p.base}/securetoken/jwks.json`;
  const set = await KeySet.fetch(url, { clock });
  assert.deepEqual([...set.keyIds].sort(), ["kid-one", "kid-two"]);
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  assert.equal((await v.verify(tokenFrom(c1.key, "one"))).claims.sub, "one");
  assert.equal((await v.verify(tokenFrom(c2.key, "two"))).claims.sub, "two");
  assert.equal(v.verifySync(tokenFrom(c2.key, "two")).header.kid, "kid-two");
  assert.equal(s.hits.keys, 1);
  // A token signed by kid-one's key but naming kid-two: the kid selects kid-two's key, which fails.
  const forged = new TokenIssuer(SigningKey.fromPem(c1.key.toPem(), { keyId: "kid-two" }), { applicationId: APP, clock }).issueSync("x");
  await rejectsCode(v.verify(forged), "ERR_SIGNATURE_INVALID", TokenError);
  // Rotation: Google adds kid-three and drops kid-one. A token of kid-three fetches at once (new kid).
  s.keysBody = JSON.stringify({ "kid-two": c2.pem, "kid-three": c3.pem });
  now += 1_000;
  assert.equal((await v.verify(tokenFrom(c3.key, "three"))).claims.sub, "three");
  assert.equal(s.hits.keys, 2);
  await rejectsCode(v.verify(tokenFrom(c1.key, "one")), "ERR_KEY_NOT_FOUND", TokenError, "kid-one is gone (within the cooldown: no fetch)");
  assert.equal(s.hits.keys, 2);
  // Refresh: past max-age=120 the map is fetched again in the background.
  now += 121_000;
  await v.verify(tokenFrom(c2.key, "two"));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.hits.keys, 3);
  assert.equal(set.stale, false);
  // format "jwks" refuses the map; format "x509" refuses a JWKS.
  await rejectsCode(KeySet.fetch(url, { clock, format: "jwks" }), "ERR_KEYS_UNAVAILABLE", TokenError);
  const j = p.state("jwks");
  j.keys = [a.toPublicJwk()];
  const e = await rejectsCode(KeySet.fetch(`${p.base}/jwks/jwks.json`, { clock, format: "x509" }), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.match(e.message, /is not an X\.509 map/);
  // A certificate of a weak key goes through the core's key rules.
  const weakKey = join(dir, "weak.key.pem");
  const weakCert = join(dir, "weak.cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", weakKey, "-out", weakCert, "-days", "1", "-subj", "/CN=weak"], { stdio: "ignore" });
  const w = p.state("weak");
  w.keysBody = JSON.stringify({ weak: readFileSync(weakCert, "utf8") });
  await rejectsCode(KeySet.fetch(`${p.base}/weak/jwks.json`, { clock }), "ERR_KEY_TOO_WEAK", TokenError);
  report(t, { securetoken: s.hits.keys, weak: w.hits.keys });
});

// --- A store shared between sets (each set stands for one isolate) -------------------------------

/** A KV-like store in memory: get/put, counted; it keeps what it is given (expiry is checked by the set). */
function memoryKv() {
  const m = new Map();
  const kv = {
    gets: 0,
    puts: 0,
    ttls: [],
    async get(k) {
      kv.gets++;
      return m.get(k) ?? null;
    },
    async put(k, v, { expirationTtl }) {
      kv.puts++;
      kv.ttls.push(expirationTtl);
      m.set(k, v);
    },
  };
  return kv;
}

test("shared store: a cold set makes 0 provider fetches; stale-if-error; ERR_KEYS_UNAVAILABLE past maxStale", async (t) => {
  const p = await server(t);
  const s = p.state("kv");
  s.keys = [a.toPublicJwk()];
  s.cacheControl = "max-age=60";
  const kv = memoryKv();
  const opts = { clock, sharedCache: kv, maxStale: "10m", timeout: "1s" };
  const first = await KeySet.discover(p.issuer("kv"), opts);
  assert.equal(first.sharedCache, "custom");
  assert.deepEqual(s.hits, { doc: 1, keys: 1 });
  assert.equal(kv.puts, 2, "the document and the keys");
  assert.deepEqual(kv.ttls, [600 + 600, 60 + 600], "kept for ttl + maxStale");
  // A cold "isolate" while the entry is fresh: 0 provider fetches.
  now += 30_000;
  const cold = RemoteKeySet.fromIssuer(p.issuer("kv"), opts);
  const v = new TokenVerifier(cold, { applicationId: APP, clock });
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42");
  assert.deepEqual(s.hits, { doc: 1, keys: 1 }, "the cold set read the shared copy");
  // Stale and the provider down: another cold set serves the stale keys (stale-if-error).
  s.down = true;
  now += 60_000; // 90 s after the fetch: past max-age=60, within maxStale
  const third = new TokenVerifier(RemoteKeySet.fromIssuer(p.issuer("kv"), opts), { applicationId: APP, clock });
  assert.equal((await third.verify(tokenFrom(a))).claims.sub, "user-42", "stale keys serve while the provider is down");
  // A kid the stale copy lacks: the provider could not be asked, so unavailable, not "not found".
  const lacking = await rejectsCode(third.verify(tokenFrom(b)), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.match(lacking.message, /have no kid .* and the key server could not be asked/);
  const stale = s.hits.keys - 1;
  // Past maxStale (60 s + 10 min after the fetch): nothing usable is left.
  now += 10 * 60_000;
  const fourth = new TokenVerifier(RemoteKeySet.fromIssuer(p.issuer("kv"), opts), { applicationId: APP, clock });
  const e = await rejectsCode(fourth.verify(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError);
  assert.match(e.message, /HTTP 503/);
  // An unknown kid bypasses the shared copy and asks the provider (once per cooldown).
  s.down = false;
  s.keys = [a.toPublicJwk(), b.toPublicJwk()];
  const before = s.hits.keys;
  assert.equal((await v.verify(tokenFrom(b, "bee"))).claims.sub, "bee");
  assert.equal(s.hits.keys, before + 1);
  report(t, { provider: s.hits, staleOutageFetches: stale, kvGets: kv.gets, kvPuts: kv.puts });
});

test("shared store: a stale set takes another set's newer copy instead of asking the provider", async (t) => {
  const p = await server(t);
  const s = p.state("shared-refresh");
  s.keys = [a.toPublicJwk()];
  s.cacheControl = "max-age=60";
  const kv = memoryKv();
  const url = `${p.base}/shared-refresh/jwks.json`;
  const one = await KeySet.fetch(url, { clock, sharedCache: kv });
  const two = await KeySet.fetch(url, { clock, sharedCache: kv });
  assert.equal(s.hits.keys, 1, "the second set read the first one's copy");
  now += 61_000;
  s.keys = [a.toPublicJwk(), b.toPublicJwk()];
  await one.refresh(); // refresh() asks the provider, and replaces the shared copy
  assert.equal(s.hits.keys, 2);
  const v = new TokenVerifier(two, { applicationId: APP, clock });
  await v.verify(tokenFrom(a)); // two is stale: served at once, revalidated in the background
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.hits.keys, 2, "the revalidation found one's fresh copy: no provider fetch");
  assert.equal(two.stale, false);
  assert.deepEqual([...two.keyIds].sort(), [...one.keyIds].sort());
  report(t, { provider: s.hits.keys, kvGets: kv.gets, kvPuts: kv.puts });
});

test("shared store: a store that fails is no store; option checks", async (t) => {
  const p = await server(t);
  const s = p.state("broken");
  s.keys = [a.toPublicJwk()];
  const broken = { get: async () => { throw new Error("kv down"); }, put: async () => { throw new Error("kv down"); } };
  const set = await KeySet.fetch(`${p.base}/broken/jwks.json`, { clock, sharedCache: broken });
  assert.equal(set.size, 1);
  assert.equal(s.hits.keys, 1);
  assert.equal((await KeySet.fetch(`${p.base}/broken/jwks.json`, { clock })).sharedCache, "none", "Node: no Cache API, memory only");
  for (const bad of [true, "kv", { get() {} }, null]) {
    assert.throws(() => new RemoteKeySet(`${p.base}/x/jwks.json`, { sharedCache: bad }), (e) => e.code === "ERR_INVALID_ARGUMENT" && /sharedCache/.test(e.message));
  }
  assert.throws(() => new RemoteKeySet(`${p.base}/x/jwks.json`, { format: "pem" }), (e) => e.code === "ERR_INVALID_ARGUMENT" && /"format"/.test(e.message));
  report(t, s.hits);
});

test("an unknown-kid flood: 1,000 tokens with random kids cost one provider fetch per cooldown", async (t) => {
  const p = await server(t);
  const s = p.state("flood");
  s.keys = [a.toPublicJwk()];
  // timeout 30 s: the 1,000 calls start in one synchronous burst, which on a loaded machine can hold
  // the event loop past the default 5 s before the provider's answer is read; this test counts fetches.
  const set = await KeySet.fetch(`${p.base}/flood/jwks.json`, { clock, cooldown: "30s", timeout: "30s" });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  // Tokens with a random kid, built by hand (signing 1,000 of them would take seconds): no key of the
  // set has the kid, so the verdict is ERR_KEY_NOT_FOUND before any signature is checked.
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const payload = b64({ sub: "x", aid: APP, iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 });
  const signature = Buffer.alloc(256, 7).toString("base64url");
  const flood = async () => {
    const tokens = Array.from({ length: 1000 }, (_, i) =>
      `${b64({ alg: "RS256", typ: "JWT", kid: `random-${Math.random().toString(36).slice(2)}-${i}` })}.${payload}.${signature}`);
    const results = await Promise.allSettled(tokens.map((tok) => v.verify(tok)));
    const codes = {};
    for (const r of results) codes[r.status === "rejected" ? r.reason.code : "verified"] = (codes[r.status === "rejected" ? r.reason.code : "verified"] ?? 0) + 1;
    assert.deepEqual(codes, { ERR_KEY_NOT_FOUND: 1000 }, "every random kid is ERR_KEY_NOT_FOUND");
  };
  await flood();
  const first = s.hits.keys - 1;
  assert.ok(first <= 1, `one fetch for the first flood, not ${first}`);
  now += 10_000;
  await flood(); // within the cooldown: no fetch
  assert.equal(s.hits.keys - 1, first);
  now += 25_000; // past the cooldown: one more
  await flood();
  assert.equal(s.hits.keys - 1, first + 1);
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42", "the real key still verifies");
  report(t, { initial: 1, flood1: first, flood2SameCooldown: 0, flood3NextCooldown: 1, total: s.hits.keys });
});
