// The one duration grammar (src/time.rs) at every call site: scheduleRefresh's margin and
// retryAfter and RemoteKeySet's maxAge, cooldown, timeout and maxStale (through __sceytDuration,
// src/js/duration.rs), and the Rust options lifetime, minLifetime, maxLifetime, notBefore and
// clockTolerance. Each site: the forms of the grammar are accepted and used (not only parsed), a
// bad value is refused with ERR_INVALID_ARGUMENT and a message naming that option (never another
// one), and the wasm is loaded where the helpers run (Node loads it on first use; the browser entry
// says ERR_NOT_INITIALIZED before init()).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  SigningKey,
  TokenIssuer,
  TokenVerifier,
  RemoteKeySet,
  KeySet,
  TokenError,
  decodeToken,
  inspectToken,
  scheduleRefresh,
  formatDuration,
} from "sceyt-token";
import { APP, NOW, clock, fixture } from "../common/fixtures.mjs";
import { rejectsCode, throwsCode } from "../common/harness.mjs";

const key = SigningKey.fromPem(fixture("ec256.pkcs8.pem"));
const issuer = new TokenIssuer(key, { applicationId: APP, clock });
const token = issuer.issueSync("user-42"); // 6 h left at NOW
const GRAMMAR = 'use seconds or a string like "90s", "10m", "6h", "1d"';

/** scheduleRefresh with a recording timer; returns the delays (ms) it asked for and its handle. */
function schedule(options, fetchToken = () => "never") {
  const delays = [];
  const timers = [];
  const handle = scheduleRefresh(token, fetchToken, {
    clock,
    setTimeout: (fn, ms) => {
      delays.push(ms);
      timers.push(fn);
      return timers.length;
    },
    clearTimeout: () => {},
    ...options,
  });
  return { delays, timers, handle };
}

const tick = () => new Promise((r) => setImmediate(r));

test("scheduleRefresh margin: seconds, the grammar, fractions; the delay uses it", () => {
  for (const [margin, seconds] of [
    [undefined, 60],
    [90, 90],
    [0.5, 0.5],
    ["90", 90],
    ["1m", 60],
    ["1m30s", 90],
    ["90000ms", 90],
    ["1500ms", 1.5],
    ["2 minutes", 120],
    ["1h", 3600],
  ]) {
    const { delays, handle } = schedule(margin === undefined ? {} : { margin });
    handle.cancel();
    assert.equal(delays[0], (6 * 3600 - seconds) * 1000, `margin ${margin}`);
  }
});

test("scheduleRefresh retryAfter: the grammar, and the backoff starts from it", async () => {
  for (const [retryAfter, seconds] of [
    [undefined, 10],
    [1, 1],
    [2.5, 2.5],
    ["30s", 30],
    ["1500ms", 1.5],
    ["1m", 60],
  ]) {
    const retries = [];
    const onError = (err, info) => retries.push(info.retryIn);
    const { delays, timers, handle } = schedule({ ...(retryAfter === undefined ? {} : { retryAfter }), onError }, () => {
      throw new Error("offline");
    });
    timers[0](); // the refresh is due: fetchToken fails, the retry waits retryAfter
    await tick();
    handle.cancel();
    assert.deepEqual(retries, [seconds], `retryAfter ${retryAfter}`);
    assert.equal(delays[1], seconds * 1000, `retryAfter ${retryAfter}: the retry delay`);
  }
});

test("scheduleRefresh: a bad margin or retryAfter names itself, never the other option", () => {
  for (const name of ["margin", "retryAfter"]) {
    const other = name === "margin" ? "retryAfter" : "margin";
    for (const [value, message] of [
      ["5x", `option "${name}": duration "5x" is not understood; ${GRAMMAR}`],
      ["0.5", `option "${name}": duration "0.5" is not understood; ${GRAMMAR}`],
      ["-1m", `option "${name}": duration "-1m" is not understood; ${GRAMMAR}`],
      ["5300w", `option "${name}": duration "5300w" is longer than 100 years`],
      [-1, `option "${name}" must not be negative, got -1`],
      [Number.NaN, `option "${name}" must be a finite number of seconds, got NaN`],
      [4e9, `option "${name}" must be at most 100 years, got 4000000000 seconds`],
      [true, `option "${name}" must be a number of seconds or a string like "10m", not a boolean`],
      ["9".repeat(65), `option "${name}" is 65 characters long; at most 64 are accepted`],
    ]) {
      const err = throwsCode(() => schedule({ [name]: value, [other]: "1m" }), "ERR_INVALID_ARGUMENT", TokenError, `${name} ${value}`);
      assert.equal(err.message, message);
      assert.ok(!err.message.includes(other), `${name} ${value}: the message names ${other}`);
    }
  }
  const floor = throwsCode(() => schedule({ retryAfter: "500ms" }), "ERR_INVALID_ARGUMENT", TokenError, "retryAfter floor");
  assert.equal(floor.message, 'option "retryAfter" must be at least 1 s, not 0.5 s');
});

/** A fetch() stand-in answering the JWKS of `key` (no Cache-Control: the cache time is maxAge). */
const jwksFetch = async () => new Response(JSON.stringify({ keys: [key.toPublicJwk()] }), { headers: { "content-type": "application/json" } });
let now = NOW * 1000;
const remoteClock = () => now;

test("RemoteKeySet maxAge and maxStale: the grammar, and the cache times use it", async () => {
  for (const [maxAge, maxStale, ageS, staleS] of [
    [undefined, undefined, 600, 3600],
    [120, 0, 120, 0],
    ["1h30m", "1d", 5400, 86400],
    ["90000ms", "2 hours", 90, 7200],
    ["1500ms", 0.25, 1.5, 0.25],
  ]) {
    const options = { clock: remoteClock, fetch: jwksFetch };
    if (maxAge !== undefined) options.maxAge = maxAge;
    if (maxStale !== undefined) options.maxStale = maxStale;
    const set = await KeySet.fetch("https://keys.example/jwks.json", options);
    assert.equal(set.expiresAt - set.fetchedAt, ageS * 1000, `maxAge ${maxAge}`);
    assert.equal(set.staleUntil - set.expiresAt, staleS * 1000, `maxStale ${maxStale}`);
  }
});

test("RemoteKeySet timeout and cooldown: the grammar, and the timeout uses it", async () => {
  const hang = async () => new Promise(() => {});
  const t0 = Date.now();
  const err = await rejectsCode(
    KeySet.fetch("https://keys.example/jwks.json", { clock: remoteClock, fetch: hang, timeout: "200ms" }),
    "ERR_KEYS_UNAVAILABLE",
    TokenError,
    "timeout",
  );
  assert.match(err.message, /timed out after 0\.2 s/);
  assert.ok(Date.now() - t0 < 3000, "bounded by the 200 ms timeout");
  for (const cooldown of [1, "1s", "1m", "1000ms", "2 minutes"]) {
    assert.ok(new RemoteKeySet("https://keys.example/jwks.json", { cooldown }), `cooldown ${cooldown}`);
  }
});

test("RemoteKeySet: a bad maxAge, minAge, cooldown, timeout or maxStale names itself", async () => {
  const names = ["maxAge", "minAge", "cooldown", "timeout", "maxStale"];
  for (const name of names) {
    for (const [value, message] of [
      ["forever", `option "${name}": duration "forever" is not understood; ${GRAMMAR}`],
      ["1.5h", `option "${name}": duration "1.5h" is not understood; ${GRAMMAR}`],
      [-5, `option "${name}" must not be negative, got -5`],
      [null, `option "${name}" must be a number of seconds or a string like "10m", not null`],
    ]) {
      const options = Object.fromEntries(names.map((n) => [n, n === name ? value : "30s"]));
      const err = throwsCode(() => new RemoteKeySet("https://keys.example/jwks.json", options), "ERR_INVALID_ARGUMENT", TokenError, `${name} ${value}`);
      assert.equal(err.message, message);
      const rejected = await rejectsCode(KeySet.fetch("https://keys.example/jwks.json", options), "ERR_INVALID_ARGUMENT", TokenError, `fetch ${name}`);
      assert.equal(rejected.message, message);
    }
  }
});

test("the Rust options: the same grammar (ms included), whole seconds only", () => {
  const i = new TokenIssuer(key, { applicationId: APP, clock, lifetime: "600000ms", minLifetime: "5m", maxLifetime: "1d" });
  assert.equal(i.lifetime, 600);
  const claims = (t) => decodeToken(t).claims;
  const c = claims(i.issueSync("u", { lifetime: "1h30m", notBefore: "90000ms" }));
  assert.equal(c.exp - c.iat, 5400);
  assert.equal(c.nbf - c.iat, 90);
  assert.equal(claims(i.issueSync("u", { lifetime: 86400 })).exp - NOW, 86400);
  throwsCode(() => i.issueSync("u", { lifetime: "25h" }), "ERR_LIFETIME_OUT_OF_RANGE", TokenError, "maxLifetime 1d");
  assert.equal(claims(i.issueSync("u", { lifetime: "5m" })).exp - NOW, 300, "minLifetime 5m");

  // Expired 30 s ago: accepted with a tolerance of 60 s in any form, by verify and inspect alike.
  const expired = new TokenIssuer(key, { applicationId: APP, clock: () => (NOW - 630) * 1000 }).issueSync("u", { lifetime: "10m" });
  const at = { currentDate: new Date(NOW * 1000) };
  for (const clockTolerance of [60, "60", "1m", "60000ms"]) {
    assert.equal(new TokenVerifier(key.publicKey, { anyApplication: true, clock, clockTolerance }).verifySync(expired).claims.sub, "u", `clockTolerance ${clockTolerance}`);
    assert.equal(inspectToken(expired, { key: key.publicKey, clockTolerance, ...at }).verdict, "valid", `inspect clockTolerance ${clockTolerance}`);
  }
  throwsCode(() => new TokenVerifier(key.publicKey, { anyApplication: true, clock, clockTolerance: "29s" }).verifySync(expired), "ERR_TOKEN_EXPIRED", TokenError, "29 s");
});

test("the Rust options: bad durations are refused with the grammar's message, naming the option", () => {
  const sites = {
    lifetime: (v) => new TokenIssuer(key, { applicationId: APP, clock, lifetime: v }),
    minLifetime: (v) => new TokenIssuer(key, { applicationId: APP, clock, minLifetime: v }),
    maxLifetime: (v) => new TokenIssuer(key, { applicationId: APP, clock, maxLifetime: v }),
    "issue lifetime": (v) => issuer.issueSync("u", { lifetime: v }),
    notBefore: (v) => issuer.issueSync("u", { notBefore: v }),
    clockTolerance: (v) => new TokenVerifier(key.publicKey, { anyApplication: true, clock, clockTolerance: v }),
    "inspect clockTolerance": (v) => inspectToken(token, { clockTolerance: v }),
  };
  for (const [site, call] of Object.entries(sites)) {
    for (const [value, pattern] of [
      ["5x", /duration "5x" is not understood; use seconds or a string like "90s", "10m", "6h", "1d"$/],
      ["1500ms", /duration "1500ms" is not a whole number of seconds$/],
      ["5300w", /duration "5300w" is longer than 100 years$/],
      [1.5, /must be a whole number of seconds, got 1\.5$/],
      [-1, /must not be negative, got -1$/],
    ]) {
      const err = throwsCode(() => call(value), "ERR_INVALID_ARGUMENT", TokenError, `${site} ${value}`);
      assert.match(err.message, pattern, `${site} ${value}`);
      // Every error names its option first, never another one.
      assert.ok(err.message.startsWith(`option "${site.split(" ").pop()}"`), `${site} ${value}: ${err.message}`);
    }
  }
});

test("the wasm is loaded where the helpers run: Node on first use, the browser entry after init()", () => {
  const pkg = fileURLToPath(new URL("../../node_modules/sceyt-token/", import.meta.url));
  const run = (code) => execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" }).trim();
  // Node: a duration option is the very first use of the package, before any other wasm call.
  assert.equal(
    run(`import { RemoteKeySet, isInitialized } from "sceyt-token";
         const before = isInitialized();
         const s = new RemoteKeySet("https://keys.example/jwks.json", { maxAge: "10m" });
         console.log(before, isInitialized(), s.url);`),
    "false true https://keys.example/jwks.json",
  );
  // Browser entry (no loader): ERR_NOT_INITIALIZED before init(), then the grammar.
  const browser = join(pkg, "entries/browser.mjs");
  const wasm = join(pkg, "web/sceyt_token_bg.wasm");
  assert.equal(
    run(`import { readFileSync } from "node:fs";
         import { RemoteKeySet, scheduleRefresh, initSync } from ${JSON.stringify(browser)};
         const code = (f) => { try { f(); return "ok"; } catch (e) { return e.name + ":" + e.code; } };
         const a = code(() => new RemoteKeySet("https://keys.example/jwks.json", { timeout: "1s" }));
         const b = code(() => scheduleRefresh("x.y.z", () => "", { margin: "1m" }));
         const c = code(() => new RemoteKeySet("https://keys.example/jwks.json"));
         initSync({ module: readFileSync(${JSON.stringify(wasm)}) });
         const d = code(() => new RemoteKeySet("https://keys.example/jwks.json", { timeout: "1s" }));
         const e = code(() => new RemoteKeySet("https://keys.example/jwks.json", { timeout: "1x" }));
         console.log([a, b, c, d, e].join(" "));`),
    "TokenError:ERR_NOT_INITIALIZED TokenError:ERR_NOT_INITIALIZED ok ok TokenError:ERR_INVALID_ARGUMENT",
  );
});

test("formatDuration writes seconds in the words of the package's messages", () => {
  for (const [seconds, words] of [
    [0, "0 s"], [59, "59 s"], [59.9, "59 s"], [200, "3 min 20 s"], [-21540, "5 h 59 min"], [3600, "1 h"],
    [36 * 3600, "36 h"], [2 * 86400 + 7200, "2 d 2 h"], [3 * 86400 + 59, "3 d"],
  ]) {
    assert.equal(formatDuration(seconds), words, String(seconds));
  }
  for (const [seconds, words] of [[0, "now"], [0.5, "now"], [540, "in 9 min"], [-200, "3 min 20 s ago"], [1799, "in 29 min 59 s"]]) {
    assert.equal(formatDuration(seconds, { relative: true }), words, String(seconds));
  }
  assert.equal(formatDuration(90, { relative: false }), "1 min 30 s");
  // The same words as the report's messages (one formatter: src/time.rs).
  const report = inspectToken(token, { clock });
  const left = report.times.exp.value - report.times.now.value;
  assert.ok(report.checks.find((c) => c.check === "exp").message.includes(`expires in ${formatDuration(left)}`));
  for (const bad of ["10m", NaN, Infinity, undefined, null]) {
    throwsCode(() => formatDuration(bad), "ERR_INVALID_ARGUMENT", TokenError, String(bad));
  }
  throwsCode(() => formatDuration(1, { relative: "yes" }), "ERR_INVALID_ARGUMENT", TokenError, "relative: a string");
  throwsCode(() => formatDuration(1, { rel: true }), "ERR_INVALID_ARGUMENT", TokenError, "an unknown option");
});
