// Remote key sets, issue 18, in Node against a real JWKS provider on 127.0.0.1 whose requests are
// counted (tests/runtimes/jwks-server.mjs): the cache floor and ceiling (no-cache, max-age=0,
// max-age=31536000), private members refused by name (one list, PRIVATE_JWK_MEMBERS, used by
// KeySet.fetch, KeySet.fromJwks, the CLI and the example worker), ERR_KEYS_UNAVAILABLE apart from
// ERR_KEY_NOT_FOUND (inspectToken's key check too), concurrent verify() calls during a refresh sharing one fetch,
// a refresh that settles after a newer one changing nothing, a provider that never answers, and the
// per-call `waitUntil` option. The same rules in workerd and miniflare: tests/runtimes/remote.mjs.
// Every test prints its fetch counts (`# fetches …`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  KeySet,
  PRIVATE_JWK_MEMBERS,
  RemoteKeySet,
  SigningKey,
  TokenError,
  TokenIssuer,
  TokenVerifier,
  errorCodes,
  inspectToken,
} from "sceyt-token";
import { startJwksServer } from "../runtimes/jwks-server.mjs";
import { APP, NOW, fixture } from "../common/fixtures.mjs";
import { rejectsCode, throwsCode } from "../common/harness.mjs";

const a = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
const b = SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));
const e = SigningKey.fromPem(fixture("ec256.pkcs8.pem"));

let now = NOW * 1000;
const clock = () => now;
const tokenFrom = (k, sub = "user-42") => new TokenIssuer(k, { applicationId: APP, clock }).issueSync(sub);

/** One provider per test, closed after it; `provider.state(name)` is one JWKS path, counted. */
async function provider(t) {
  const p = await startJwksServer();
  t.after(() => p.close());
  return p;
}

/** Waits (real time, bounded) until `cond()` holds. */
async function until(cond, what, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const report = (t, counts) => t.diagnostic(`fetches ${JSON.stringify(counts)}`);

test("ERR_KEYS_UNAVAILABLE is a code of its own, listed by errorCodes()", () => {
  assert.ok(errorCodes().includes("ERR_KEYS_UNAVAILABLE"));
  assert.equal(errorCodes()[17], "ERR_KEYS_UNAVAILABLE"); // after the first 17 codes (the six provider-check codes of issue 19 follow it)
  const err = new TokenError("ERR_KEYS_UNAVAILABLE", "the key server is down");
  assert.equal(err.code, "ERR_KEYS_UNAVAILABLE");
});

test("cache time: Cache-Control max-age clamped to [min(minAge, maxAge), maxAge]; fetches counted", async (t) => {
  const p = await provider(t);
  const counts = {};
  const ttl = async (name, cacheControl, options = {}) => {
    const s = p.state(name);
    s.keys = [a.toPublicJwk()];
    s.cacheControl = cacheControl;
    const set = await KeySet.fetch(p.url(name), { clock, ...options });
    return { set, s, seconds: (set.expiresAt - set.fetchedAt) / 1000 };
  };
  // no-cache and max-age=0: the floor (30 s by default), so 20 verifications cost one fetch.
  for (const [name, cc] of [["nocache", "no-cache"], ["maxage0", "max-age=0"], ["nostore", "no-store"]]) {
    const { set, s, seconds } = await ttl(name, cc);
    assert.equal(seconds, 30, `${cc}: the floor`);
    const v = new TokenVerifier(set, { applicationId: APP, clock });
    const start = now;
    for (let i = 0; i < 20; i++) {
      assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42");
      assert.equal(v.verifySync(tokenFrom(a)).claims.sub, "user-42");
      now += 1400; // 28 s in all: still within the floor
    }
    assert.equal(s.hits, 1, `${cc}: 40 verifications within the floor, one fetch`);
    now = start + 30_000; // the floor has passed: one background refresh, answered the same way
    await v.verify(tokenFrom(a));
    await until(() => set.fetchedAt === now, `${cc}: the refresh`);
    assert.equal(s.hits, 2);
    counts[cc] = { verifications: 41, fetches: s.hits };
  }
  // A year of max-age: the ceiling, maxAge (default 10 min, or the option).
  const year = await ttl("year", "max-age=31536000");
  assert.equal(year.seconds, 600);
  assert.equal((await ttl("year1h", "max-age=31536000", { maxAge: "1h" })).seconds, 3600);
  counts["max-age=31536000"] = { fetches: year.s.hits };
  // An explicit short maxAge still wins over the floor; a header between the two is taken as is.
  assert.equal((await ttl("short", "no-cache", { maxAge: "2s" })).seconds, 2);
  assert.equal((await ttl("between", "max-age=120")).seconds, 120);
  assert.equal((await ttl("noheader", "")).seconds, 600);
  // minAge: the floor itself; never below the cooldown (default: 30 s, or the cooldown when longer).
  assert.equal((await ttl("min5m", "no-cache", { minAge: "5m" })).seconds, 300);
  assert.equal((await ttl("cd60", "no-cache", { cooldown: 60 })).seconds, 60);
  assert.equal((await ttl("min45", "max-age=0", { minAge: 45 })).seconds, 45);
  for (const [options, re] of [[{ minAge: 10 }, /"minAge" must be at least the cooldown \(30 s\), not 10 s/], [{ minAge: 59, cooldown: 60 }, /at least the cooldown \(60 s\)/], [{ minAge: "soon" }, /minAge/]]) {
    const err = throwsCode(() => new RemoteKeySet(p.url("x"), options), "ERR_INVALID_ARGUMENT", TokenError, JSON.stringify(options));
    assert.match(err.message, re);
  }
  report(t, counts);
});

test("private members: refused in any published set, named, never their value (one list)", async (t) => {
  const p = await provider(t);
  assert.deepEqual([...PRIVATE_JWK_MEMBERS], ["d", "p", "q", "dp", "dq", "qi", "oth", "r", "t", "k"]);
  assert.ok(Object.isFrozen(PRIVATE_JWK_MEMBERS));
  const secret = "c2VjcmV0LXZhbHVlLW5ldmVyLWVjaG9lZA";
  const s = p.state("priv");
  let attempts = 0;
  for (const member of PRIVATE_JWK_MEMBERS) {
    const jwk = { ...b.toPublicJwk(), [member]: member === "oth" ? [{ r: secret, d: secret, t: secret }] : secret };
    s.body = JSON.stringify({ keys: [a.toPublicJwk(), jwk] });
    attempts++;
    const err = await rejectsCode(KeySet.fetch(p.url("priv"), { clock }), "ERR_KEY_INVALID", TokenError, `fetch, member ${member}`);
    assert.match(err.message, new RegExp(`keys\\[1\\] has the private member "${member}"`), member);
    assert.ok(!err.message.includes(secret), `${member}: the value is never echoed`);
    const local = throwsCode(() => KeySet.fromJwks(s.body), "ERR_KEY_INVALID", TokenError, `fromJwks, member ${member}`);
    assert.match(local.message, new RegExp(`"${member}"`));
    assert.match(local.message, /allowPrivate: true/);
    assert.ok(!local.message.includes(secret));
  }
  // Real private JWKs: RSA (d, p, q, dp, dq, qi) and EC (d): the first private member is named.
  for (const [label, key] of [["RSA", a], ["EC", e]]) {
    const jwk = { ...createPrivateKey(key.toPem()).export({ format: "jwk" }), kid: key.keyId };
    assert.ok(jwk.d, `${label} toJwk() is private`);
    s.body = JSON.stringify({ keys: [jwk] });
    attempts++;
    const err = await rejectsCode(KeySet.fetch(p.url("priv"), { clock }), "ERR_KEY_INVALID", TokenError, label);
    assert.match(err.message, /private member "d"/);
    assert.ok(!err.message.includes(jwk.d.slice(0, 16)), `${label}: d is not echoed`);
    throwsCode(() => KeySet.fromJwks({ keys: [jwk] }), "ERR_KEY_INVALID", TokenError, `${label} fromJwks`);
    // Trusted local JSON: accepted (the public halves verify) when said so.
    const set = KeySet.fromJwks({ keys: [jwk] }, { allowPrivate: true });
    assert.equal(new TokenVerifier(set, { anyApplication: true, clock }).verifySync(tokenFrom(key)).header.kid, key.keyId);
  }
  assert.equal(s.hits, attempts, "one fetch per attempt");
  throwsCode(() => KeySet.fromJwks({ keys: [] }, { allowprivate: true }), "ERR_INVALID_ARGUMENT", TokenError, "unknown option");
  throwsCode(() => KeySet.fromJwks({ keys: [] }, { allowPrivate: "yes" }), "ERR_INVALID_ARGUMENT", TokenError, "allowPrivate type");
  assert.equal(KeySet.fromJwks({ keys: [a.toPublicJwk()] }).size, 1, "public keys need no option");

  // A set that starts publishing a private key keeps its last good keys; verifications go on.
  s.body = null;
  s.keys = [a.toPublicJwk()];
  const set = await KeySet.fetch(p.url("priv"), { clock, maxAge: 60 });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  s.body = JSON.stringify({ keys: [createPrivateKey(a.toPem()).export({ format: "jwk" })] });
  now = set.expiresAt;
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42", "stale keys served");
  await until(() => set.lastError !== null, "the refused refresh");
  assert.equal(set.lastError.code, "ERR_KEY_INVALID");
  assert.match(set.lastError.message, /private member "d"/);
  assert.deepEqual(set.keyIds, [a.keyId]);
  assert.equal(v.verifySync(tokenFrom(a)).claims.sub, "user-42");

  // The one list: the CLI's jwks command and the example worker import it and keep no copy.
  const root = new URL("../../", import.meta.url);
  for (const file of ["pkg/bin/keys.mjs", "examples/cloudflare-worker/src/index.js"]) {
    const src = readFileSync(new URL(file, root), "utf8");
    assert.match(src, /PRIVATE_JWK_MEMBERS/, file);
    assert.doesNotMatch(src, /\[\s*"d",\s*"p",\s*"q"/, `${file} keeps no list of its own`);
  }
  report(t, { privateMemberAttempts: attempts, fetches: s.hits });
});

test("an unreachable key server is ERR_KEYS_UNAVAILABLE; a kid the fresh set lacks stays ERR_KEY_NOT_FOUND", async (t) => {
  const p = await provider(t);
  const s = p.state("codes");
  s.keys = [a.toPublicJwk()];
  const set = await KeySet.fetch(p.url("codes"), { clock, maxAge: 60, maxStale: 60, timeout: 0.3 });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  // Fresh set, unknown kid, the server answers: not found (one fetch for the kid).
  await rejectsCode(v.verify(tokenFrom(b)), "ERR_KEY_NOT_FOUND", TokenError, "kid not in the fresh set");
  throwsCode(() => v.verifySync(tokenFrom(b)), "ERR_KEY_NOT_FOUND", TokenError, "kid not in the fresh set (sync)");
  assert.equal(s.hits, 2);
  // The server fails: past maxStale every path says unavailable, and so does inspectToken.
  for (const [label, apply] of [["HTTP 503", () => { s.status = 503; }], ["timeout", () => { s.status = 200; s.hang = true; }]]) {
    apply();
    now = Math.max(set.staleUntil + 1, set.retryAt);
    const err = await rejectsCode(v.verify(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError, label);
    assert.match(err.message, label === "timeout" ? /timed out/ : /HTTP 503/);
    throwsCode(() => v.verifySync(tokenFrom(a)), "ERR_KEYS_UNAVAILABLE", TokenError, `${label} (sync)`);
    // inspectToken never throws for keys it cannot get: the report's `key` check says why.
    const report = inspectToken(tokenFrom(a), { key: set, clock });
    assert.equal(report.verdict, "unverified", `${label} (inspectToken)`);
    assert.equal(report.code, "ERR_KEYS_UNAVAILABLE", `${label} (inspectToken)`);
    assert.equal(report.checks.find((c) => c.check === "key")?.code, "ERR_KEYS_UNAVAILABLE", `${label} (inspectToken key check)`);
    now = set.retryAt; // the backoff has passed: the next attempt
  }
  s.hang = false;
  assert.equal((await v.verify(tokenFrom(a))).claims.sub, "user-42", "back");
  assert.equal(inspectToken(tokenFrom(a), { key: set, clock, applicationId: APP }).verdict, "valid");
  report(t, { fetches: s.hits });
});

test("Node: concurrent verify() calls during a refresh share one fetch", async (t) => {
  const p = await provider(t);
  const counts = {};
  const setup = async (name, options = {}, delayMs = 150) => {
    const s = p.state(name);
    s.keys = [a.toPublicJwk()];
    s.cacheControl = "max-age=60";
    const set = await KeySet.fetch(p.url(name), { clock, ...options });
    s.delayMs = delayMs; // refreshes take a while: the calls below overlap them
    return { s, set, v: new TokenVerifier(set, { applicationId: APP, clock }) };
  };
  // Stale keys: every call is served at once; one background refresh.
  {
    const { s, set, v } = await setup("stale", {}, 1500);
    now = set.expiresAt;
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: 50 }, () => v.verify(tokenFrom(a))));
    assert.ok(Date.now() - t0 < 1400, "served without waiting for the refresh (1.5 s)");
    assert.equal(results.length, 50);
    await until(() => set.fetchedAt === now, "the refresh");
    assert.equal(s.hits, 2);
    counts.stale = { calls: 50, fetches: s.hits - 1 };
  }
  // A new kid (rotation): the calls that need it share one fetch, and all verify.
  {
    const { s, v } = await setup("rotation");
    s.keys = [a.toPublicJwk(), b.toPublicJwk()];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => v.verify(tokenFrom(i % 2 ? a : b))));
    assert.equal(results.filter((r) => r.claims.sub === "user-42").length, 50);
    assert.equal(s.hits, 2);
    counts.newKid = { calls: 50, fetches: s.hits - 1 };
  }
  // A new kid while a background refresh runs: the calls join it, no second fetch.
  {
    const { s, set, v } = await setup("both");
    s.keys = [a.toPublicJwk(), b.toPublicJwk()];
    now = set.expiresAt;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => v.verify(tokenFrom(i % 4 ? a : b))));
    assert.equal(results.length, 40);
    assert.equal(s.hits, 2);
    counts.newKidDuringRefresh = { calls: 40, fetches: s.hits - 1 };
  }
  // No usable keys (past maxStale): the calls wait for one fetch together.
  {
    const { s, set, v } = await setup("none", { maxStale: 0 });
    now = set.expiresAt;
    const results = await Promise.all(Array.from({ length: 50 }, () => v.verify(tokenFrom(a))));
    assert.equal(results.length, 50);
    assert.equal(s.hits, 2);
    counts.noUsableKeys = { calls: 50, fetches: s.hits - 1 };
  }
  report(t, counts);
});

test("a refresh that settles after a newer one changes nothing (generation counter)", async () => {
  const bodies = { old: JSON.stringify({ keys: [a.toPublicJwk()] }), new: JSON.stringify({ keys: [a.toPublicJwk(), b.toPublicJwk()] }) };
  const script = [];
  const calls = [];
  const fetchStub = async (url) => {
    const step = script[calls.length];
    calls.push(String(url));
    await new Promise((r) => setTimeout(r, step.delay));
    if (step.fail) return new Response("down", { status: 503 });
    return new Response(bodies[step.body], { headers: { "cache-control": "max-age=300" } });
  };
  const set = new RemoteKeySet("https://keys.example/jwks.json", { clock, fetch: fetchStub, timeout: 2 });
  // Two refreshes in flight: the older answers last, with the older keys.
  script.push({ delay: 300, body: "old" }, { delay: 10, body: "new" });
  const first = set.refresh();
  const second = set.refresh();
  await second;
  assert.deepEqual([...set.keyIds].sort(), [a.keyId, b.keyId].sort());
  await first; // settles later: resolves, changes nothing
  assert.deepEqual([...set.keyIds].sort(), [a.keyId, b.keyId].sort(), "the late refresh did not bring the old keys back");
  // A late failure after a newer success records nothing.
  script.push({ delay: 300, fail: true }, { delay: 10, body: "new" });
  const late = set.refresh();
  await set.refresh();
  await late;
  assert.equal(set.lastError, null);
  assert.equal(set.retryAt, 0);
  assert.equal(calls.length, 4);
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  assert.equal(v.verifySync(tokenFrom(b)).header.kid, b.keyId);
});

test("a provider that never answers: stale keys, then ERR_KEYS_UNAVAILABLE past maxStale; nothing waits past the timeout", async (t) => {
  const p = await provider(t);
  const s = p.state("hang");
  s.keys = [a.toPublicJwk()];
  const set = await KeySet.fetch(p.url("hang"), { clock, maxAge: "2s", maxStale: "3s", timeout: "300ms" });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  s.hang = true;
  const start = now;
  const seen = [];
  for (let ms = 0; ms <= 8000; ms += 250) {
    now = start + ms;
    const t0 = Date.now();
    let code = "ok";
    try {
      await v.verify(tokenFrom(a));
    } catch (err) {
      code = err.code;
    }
    let syncCode = "ok";
    try {
      v.verifySync(tokenFrom(a));
    } catch (err) {
      syncCode = err.code;
    }
    seen.push({ ms, code, syncCode, took: Date.now() - t0 });
  }
  const slow = seen.filter((x) => x.took > 300 + 600); // the timeout, and slack for a loaded machine
  assert.deepEqual(slow, [], "no call waits past the timeout (300 ms)");
  assert.ok(seen.filter((x) => x.ms < 5000).every((x) => x.code === "ok" && x.syncCode === "ok"), "stale keys until maxStale");
  assert.ok(seen.filter((x) => x.ms >= 5000).every((x) => x.code === "ERR_KEYS_UNAVAILABLE" && x.syncCode === "ERR_KEYS_UNAVAILABLE"), JSON.stringify(seen.filter((x) => x.ms >= 5000)));
  const during = s.hits - 1;
  assert.ok(during >= 2 && during <= 8, `attempts during the outage: ${during}`);
  report(t, { calls: seen.length * 2, fetchesDuringOutage: during });
});

test("waitUntil: a per-call option handed the background work; checked like every option", async (t) => {
  const p = await provider(t);
  const s = p.state("wait");
  s.keys = [a.toPublicJwk()];
  const set = await KeySet.fetch(p.url("wait"), { clock, maxAge: 60 });
  const v = new TokenVerifier(set, { applicationId: APP, clock });
  const handed = [];
  const waitUntil = (promise) => handed.push(promise);
  assert.equal((await v.verify(tokenFrom(a), { waitUntil })).claims.sub, "user-42");
  assert.equal(handed.length, 0, "fresh keys: no background work");
  now = set.expiresAt;
  assert.equal((await v.verify(tokenFrom(a), { waitUntil })).claims.sub, "user-42");
  assert.equal(handed.length, 1, "the background refresh is handed to waitUntil");
  await handed[0];
  assert.equal(set.fetchedAt, now, "and it completes");
  now = set.expiresAt;
  assert.equal(v.verifySync(tokenFrom(a), { waitUntil }).claims.sub, "user-42");
  assert.equal(handed.length, 2, "verifySync hands its background refresh too");
  await handed[1];
  // A new kid: the fetch of this call is handed over too (it outlives an early response).
  s.keys = [a.toPublicJwk(), b.toPublicJwk()];
  assert.equal((await v.verify(tokenFrom(b), { waitUntil })).header.kid, b.keyId);
  assert.equal(handed.length, 3);
  // Bad options are ERR_INVALID_ARGUMENT, for remote and static keys alike; static keys ignore it.
  const staticV = new TokenVerifier(a.publicKey, { applicationId: APP, clock });
  assert.equal((await staticV.verify(tokenFrom(a), { waitUntil })).claims.sub, "user-42");
  assert.equal(staticV.verifySync(tokenFrom(a), { waitUntil }).claims.sub, "user-42");
  for (const [label, options] of [["not a function", { waitUntil: 5 }], ["unknown", { waitUntill: waitUntil }], ["not an object", 5]]) {
    await rejectsCode(v.verify(tokenFrom(a), options), "ERR_INVALID_ARGUMENT", TokenError, `verify: ${label}`);
    throwsCode(() => v.verifySync(tokenFrom(a), options), "ERR_INVALID_ARGUMENT", TokenError, `verifySync: ${label}`);
    await rejectsCode(staticV.verify(tokenFrom(a), options), "ERR_INVALID_ARGUMENT", TokenError, `static verify: ${label}`);
  }
  report(t, { fetches: s.hits, handedToWaitUntil: handed.length });
});
