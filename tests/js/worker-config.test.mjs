// The example worker (examples/cloudflare-worker/src/index.js), imported directly and driven with
// real Request objects and fake `env` bindings: damaged keys and private keys in its settings give
// 500 ERR_NOT_CONFIGURED with a fixed message naming the setting; no response body or header and
// no console line holds a 16-character run of any secret; only public members are published; a
// POST /verify body is read up to its limit and no further.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { SigningKey } from "sceyt-token";
import worker from "../../examples/cloudflare-worker/src/index.js";
import { APP } from "../common/fixtures.mjs";
import { KEY_FIXTURES, jwkVariants, loadKey, pemVariants } from "../common/damaged-keys.mjs";

const BASE = "https://tokens.example.com";
const SESSION_SECRET = "session-secret-for-tests-0123456789abcdef";
const PUBLIC = { RSA: ["kty", "n", "e"], EC: ["kty", "crv", "x", "y"], OKP: ["kty", "crv", "x"] };
const META = ["kid", "alg", "use", "key_ops"];
const PRIVATE = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Runs `fn` with console.error/warn/log/info captured; returns [result, lines]. */
async function captured(fn) {
  const lines = [];
  const saved = {};
  for (const m of ["error", "warn", "log", "info", "debug"]) {
    saved[m] = console[m];
    console[m] = (...args) => lines.push(args.map((a) => (typeof a === "string" ? a : a instanceof Error ? `${a.stack}` : JSON.stringify(a))).join(" "));
  }
  try {
    return [await fn(), lines];
  } finally {
    Object.assign(console, saved);
  }
}

/** Calls the worker; returns status, headers text, body text and the console lines. */
async function call(env, path, init = {}) {
  const [res, lines] = await captured(() => worker.fetch(new Request(new URL(path, BASE), init), env));
  const text = await res.text();
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers, text, body, lines };
}

const stats = { configs: 0, requests: 0, logLines: 0 };

/** Every response and log line of `env` on the three routes; asserts that none leaks `keys`. */
async function probe(env, keys, note) {
  stats.configs++;
  const session = "Bearer x.y.z";
  const results = [
    await call(env, "/.well-known/jwks.json"),
    await call(env, "/token", { headers: { Authorization: session } }),
    await call(env, "/verify", { method: "POST", body: "a.b.c" }),
  ];
  for (const r of results) {
    stats.requests++;
    stats.logLines += r.lines.length;
    for (const k of keys) {
      for (const [what, text] of [["body", r.text], ["headers", r.headers], ...r.lines.map((l) => ["log", l])]) {
        // A 200 JWKS publishes n, e, x, y: their own encodings are allowed there, nothing else.
        const run = r.status === 200 && what === "body" ? k.leakOfPrivate(text) : k.leakIn(text);
        assert.equal(run, undefined, `${note}: the ${what} quotes ${run} of ${k.name}: ${String(text).slice(0, 200)}`);
      }
    }
  }
  return results;
}

function assertNotConfigured(r, setting, note) {
  assert.equal(r.status, 500, `${note}: status ${r.status} ${r.text.slice(0, 200)}`);
  assert.equal(r.body?.error?.code, "ERR_NOT_CONFIGURED", `${note}: code`);
  assert.ok(r.body.error.message.includes(setting), `${note}: the message names ${setting}: ${r.body.error.message}`);
  assert.ok(r.lines.some((l) => l.includes(setting)), `${note}: a log line names ${setting}`);
}

const keys = KEY_FIXTURES.map(loadKey);
const good = keys[0];

test("damaged private keys in SCEYT_PRIVATE_KEY: 500 ERR_NOT_CONFIGURED, nothing leaks", async () => {
  let refused = 0;
  let tried = 0;
  for (const k of keys) {
    // ~25 damaged PEMs of each key, spread over the whole catalogue.
    const all = pemVariants(k, { step: 7 });
    const pick = all.filter((_, i) => i % Math.ceil(all.length / 25) === 0);
    for (const pem of pick) {
      tried++;
      const env = { SCEYT_PRIVATE_KEY: pem, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SESSION_SECRET, APP_SESSION_AUDIENCE: "chat" };
      const [jwks, , verify] = await probe(env, [k], `${k.name} damaged PEM`);
      if (jwks.status === 200) {
        // The damage was tolerated (glued lines, JSON quoting): the key imported.
        assert.equal(verify.status, 200);
        continue;
      }
      refused++;
      assertNotConfigured(jwks, "SCEYT_PRIVATE_KEY", `${k.name} damaged PEM`);
      assertNotConfigured(verify, "SCEYT_PRIVATE_KEY", `${k.name} damaged PEM (verify)`);
      assert.ok(!jwks.body.error.message.includes("ERR_"), "the message is the fixed one");
    }
  }
  console.log(`# ${tried} damaged SCEYT_PRIVATE_KEY values, ${refused} refused with ERR_NOT_CONFIGURED`);
  assert.ok(tried >= 100 && refused >= 80);
});

test("the issue's example: a BEGIN line without its dashes", async () => {
  const pem = good.text.replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY");
  const [jwks, token] = await probe({ SCEYT_PRIVATE_KEY: pem, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SESSION_SECRET, APP_SESSION_AUDIENCE: "chat" }, [good], "issue example");
  assertNotConfigured(jwks, "SCEYT_PRIVATE_KEY", "unauthenticated jwks");
  assert.ok(jwks.text.length < 400, `a short answer: ${jwks.text.length} characters`);
  assert.deepEqual(jwks.lines.filter((l) => !l.includes("SCEYT_PRIVATE_KEY")), []);
  assert.equal(token.status, 401, "an unauthenticated /token is refused before the key is used");
});

test("other settings name themselves: SCEYT_APP_ID, SCEYT_TOKEN_LIFETIME, APP_SESSION_* (JWKS, JWKS_URL, ISSUER, SECRET)", async () => {
  const base = { SCEYT_PRIVATE_KEY: good.text, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SESSION_SECRET, APP_SESSION_AUDIENCE: "chat" };
  const cases = [
    [{ ...base, SCEYT_APP_ID: undefined }, "SCEYT_APP_ID", "/.well-known/jwks.json"],
    [{ ...base, SCEYT_APP_ID: good.text }, "SCEYT_APP_ID", "/.well-known/jwks.json"],
    [{ ...base, SCEYT_TOKEN_LIFETIME: good.body.slice(0, 40) }, "SCEYT_TOKEN_LIFETIME", "/.well-known/jwks.json"],
    [{ ...base, SCEYT_TOKEN_LIFETIME: "48h" }, "SCEYT_TOKEN_LIFETIME", "/.well-known/jwks.json"],
    [{ ...base, SCEYT_PRIVATE_KEY: undefined }, "SCEYT_PRIVATE_KEY", "/.well-known/jwks.json"],
    [{ ...base, APP_SESSION_SECRET: good.text }, "APP_SESSION_SECRET", "/token"],
    [{ ...base, APP_SESSION_SECRET: good.body.slice(0, 20) }, "APP_SESSION_SECRET", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined }, "APP_SESSION_SECRET", "/token"],
    [{ ...base, APP_SESSION_AUDIENCE: undefined }, "APP_SESSION_AUDIENCE", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS: JSON.stringify({ keys: [Object.fromEntries(Object.entries(good.jwk).filter(([m]) => PUBLIC[good.jwk.kty].includes(m)))] }) }, "APP_SESSION_ISSUER", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS: good.text }, "APP_SESSION_JWKS", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS: JSON.stringify({ keys: [{ ...good.jwk, kty: "EC" }] }) }, "APP_SESSION_JWKS", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS: JSON.stringify({ keys: [good.jwk] }).slice(0, -9) }, "APP_SESSION_JWKS", "/token"],
    // A published JWKS holds public keys only (the package's one list of private members).
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS: JSON.stringify({ keys: [good.jwk] }) }, "APP_SESSION_JWKS", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS_URL: "http://auth.example.com/jwks.json" }, "APP_SESSION_JWKS_URL", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_JWKS_URL: good.body.slice(0, 40) }, "APP_SESSION_JWKS_URL", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_ISSUER: "http://auth.example.com/" }, "APP_SESSION_ISSUER", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_ISSUER: "https://auth.example.com/?tenant=1" }, "APP_SESSION_ISSUER", "/token"],
    [{ ...base, APP_SESSION_SECRET: undefined, APP_SESSION_ISSUER: good.body.slice(0, 40) }, "APP_SESSION_ISSUER", "/token"],
  ];
  for (const [env, setting, path] of cases) {
    await probe(env, keys, setting);
    const r = await call(env, path, { headers: { Authorization: "Bearer a.b.c" } });
    assertNotConfigured(r, setting, `${setting} via ${path}`);
  }
});

test("private and oct keys in SCEYT_EXTRA_JWKS are refused at configuration time; nothing leaks", async () => {
  const env = (extra) => ({ SCEYT_PRIVATE_KEY: good.text, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SESSION_SECRET, APP_SESSION_AUDIENCE: "chat", SCEYT_EXTRA_JWKS: extra });
  let n = 0;
  for (const k of keys) {
    const pub = Object.fromEntries(Object.entries(k.jwk).filter(([m]) => PUBLIC[k.jwk.kty].includes(m)));
    const extras = [
      { keys: [k.jwk] },
      { keys: [{ ...pub, d: k.jwk.d }] },
      { keys: [pub, { ...pub, kid: "old", d: k.jwk.d }] },
      { keys: [{ kty: "oct", k: k.jwk.d }] },
      { keys: [{ kty: "oct", k: randomBytes(32).toString("base64url"), kid: "hmac" }] },
      { keys: [{ ...pub, oth: [{ r: k.jwk.d, d: k.jwk.d, t: k.jwk.d }] }] },
      ...(k.jwk.p ? [{ keys: [{ ...pub, p: k.jwk.p, q: k.jwk.q }] }, { keys: [{ ...pub, qi: k.jwk.qi }] }] : []),
      // Damaged JWKs that still hold private material (or are no public JWK at all).
      ...jwkVariants(k, { step: 40 })
        .filter((j) => !isPlainObject(j) || PRIVATE.some((m) => Object.hasOwn(j, m)) || !Object.hasOwn(PUBLIC, j.kty))
        .filter((_, i) => i % 8 === 0)
        .map((j) => ({ keys: [j] })),
    ];
    for (const extra of extras) {
      for (const text of [JSON.stringify(extra), JSON.stringify(extra).slice(0, -7)]) {
        n++;
        const [jwks, , verify] = await probe(env(text), [k, good], `${k.name} extra JWKS`);
        assertNotConfigured(jwks, "SCEYT_EXTRA_JWKS", `${k.name} extra ${text.slice(0, 60)}`);
        assertNotConfigured(verify, "SCEYT_EXTRA_JWKS", `${k.name} extra (verify)`);
      }
    }
  }
  console.log(`# ${n} SCEYT_EXTRA_JWKS values with private, oct or damaged keys refused`);
  assert.ok(n >= 100);
});

test("SCEYT_EXTRA_JWKS with public keys: every served key has public members only", async () => {
  const extra = keys.map((k, i) => ({
    ...Object.fromEntries(Object.entries(k.jwk).filter(([m]) => PUBLIC[k.jwk.kty].includes(m))),
    kid: `retired-${i}`,
    use: "sig",
    key_ops: ["verify", "sign"],
    x5c: ["not-published"],
    ext: true,
  }));
  const env = { SCEYT_PRIVATE_KEY: good.text, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SESSION_SECRET, APP_SESSION_AUDIENCE: "chat", SCEYT_EXTRA_JWKS: JSON.stringify({ keys: extra }) };
  const [jwks] = await probe(env, keys, "public extra keys");
  assert.equal(jwks.status, 200, jwks.text);
  const current = SigningKey.fromPem(good.text);
  assert.equal(jwks.body.keys[0].kid, current.keyId);
  current.free();
  assert.equal(jwks.body.keys.length, 1 + keys.length);
  for (const key of jwks.body.keys) {
    for (const m of Object.keys(key)) {
      assert.ok(PUBLIC[key.kty].includes(m) || META.includes(m), `member ${m} of a ${key.kty} key is published`);
    }
    if (key.key_ops) assert.deepEqual(key.key_ops, ["verify"]);
  }
});

test("POST /verify reads at most its limit: 413, and the rest of the stream is not read", async () => {
  const env = { SCEYT_PRIVATE_KEY: good.text, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SESSION_SECRET, APP_SESSION_AUDIENCE: "chat" };
  const chunk = new Uint8Array(4096).fill(0x61);
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream({
    pull(controller) {
      pulled += chunk.byteLength;
      if (pulled > 16 * 1024 * 1024) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  const r = await call(env, "/verify", { method: "POST", body: stream, duplex: "half" });
  assert.equal(r.status, 413, r.text);
  assert.equal(r.body.error.code, "ERR_BODY_TOO_LARGE");
  assert.ok(pulled <= 16 * 1024 + 3 * chunk.byteLength, `read ${pulled} bytes`);
  assert.ok(cancelled, "the body stream is cancelled");

  // A declared Content-Length past the limit is refused without reading.
  const big = await call(env, "/verify", { method: "POST", body: "x".repeat(20 * 1024) });
  assert.equal(big.status, 413);
  assert.equal(big.body.error.code, "ERR_BODY_TOO_LARGE");

  // A body at the limit is read.
  const ok = await call(env, "/verify", { method: "POST", body: `a.b.c${" ".repeat(16 * 1024 - 5)}` });
  assert.equal(ok.status, 200, ok.text);
});

test("summary", () => {
  console.log(`# worker: ${stats.configs} configurations, ${stats.requests} requests, ${stats.logLines} log lines checked`);
});
