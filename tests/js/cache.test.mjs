// The verified-token cache (`TokenVerifier`'s `cache` option; src/cache.rs, src/js/token_cache.rs):
// hits are real (counted by the crossing counters: a hit asks no primitive), and the cache never
// serves an expired, not-yet-valid or too-old token, a token whose key a set refresh removed or
// replaced under the same kid (static sets, and a `KeySet.fetch()` set shared by two verifiers),
// nor lets a caller change what it holds. The option is checked as every option is.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pkg from "sceyt-token";
import { KeySet, SigningKey, TokenError, TokenIssuer, TokenVerifier, inspectToken } from "sceyt-token";
import { APP, NOW, fixture } from "../common/fixtures.mjs";
import { rejectsCode, throwsCode } from "../common/harness.mjs";

let now = NOW * 1000;
const clock = () => now;
const at = (s) => (now = s * 1000);
const keyOf = (file, keyId) => SigningKey.fromPem(fixture(file), { keyId });
const a1 = keyOf("rsa2048.pkcs8.pem", "k1");
const b1 = keyOf("rsa2048b.pkcs8.pem", "k1"); // another key under the same kid
const b2 = keyOf("rsa2048b.pkcs8.pem", "k2");
const tokenOf = (key, sub = "user-42", o = {}) => {
  const saved = now;
  at(NOW);
  const t = new TokenIssuer(key, { applicationId: APP, clock }).issueSync(sub, o);
  now = saved;
  return t;
};

/** Signature checks made by any primitive so far (a hit makes none): native answers (node:crypto's
 * among them) and pure-wasm checks. */
const checks = () => {
  const s = pkg.__sceytStats();
  return s.nativeAnswers + s.wasmChecks;
};
/** How many signature checks `fn` made. */
async function checksOf(fn) {
  const before = checks();
  await fn();
  return checks() - before;
}

/** A shared key set the test rotates: the protocol a `KeySet.fetch()` set speaks to verifiers. */
function rotating(keys) {
  const jwks = (ks) => KeySet.fromJwks({ keys: ks.map((k) => k.toPublicJwk()) });
  return {
    set: jwks(keys),
    rotate(ks) { this.set = jwks(ks); },
    async __sceytKeysFor() { return this.set; },
    __sceytHandle() { return this.set.__sceytHandle(); },
  };
}

test("cache: true | false | { size, ttl }; bad values are ERR_INVALID_ARGUMENT naming the option", () => {
  for (const cache of [true, false, {}, { size: 1 }, { size: 10000, ttl: "24h" }, { ttl: 1 }, undefined]) {
    new TokenVerifier(a1.publicKey, { applicationId: APP, cache }).free();
  }
  const bad = [
    [null, /option "cache" must be true, false or \{ size, ttl \}, not null/],
    [0, /option "cache" must be an object, not a number/],
    ["yes", /option "cache" must be an object, not a string/],
    [[], /option "cache" must be an object, not an array/],
    [{ size: 0 }, /option "cache\.size" must be a whole number from 1 to 10000/],
    [{ size: 10001 }, /option "cache\.size" must be a whole number from 1 to 10000/],
    [{ size: 1.5 }, /option "cache\.size"/],
    [{ size: "100" }, /option "cache\.size"/],
    [{ ttl: 0 }, /option "cache\.ttl" must be from 1 s to 24 h/],
    [{ ttl: "25h" }, /option "cache\.ttl" must be from 1 s to 24 h/],
    [{ ttl: "soon" }, /option "cache\.ttl"/],
    [{ max: 5 }, /option "cache" has an unknown option "max" \(known: size, ttl\)/],
  ];
  for (const [cache, message] of bad) {
    const e = throwsCode(() => new TokenVerifier(a1.publicKey, { applicationId: APP, cache }), "ERR_INVALID_ARGUMENT", TokenError);
    assert.match(e.message, message, JSON.stringify(cache));
    // inspectToken takes every TokenVerifier option and checks it the same way.
    const i = throwsCode(() => inspectToken("x.y.z", { cache }), "ERR_INVALID_ARGUMENT", TokenError);
    assert.equal(i.message, e.message);
  }
  assert.equal(inspectToken(tokenOf(a1), { key: a1.publicKey, applicationId: APP, currentDate: new Date(NOW * 1000), cache: true }).verdict, "valid");
});

test("a hit makes no signature check, gives fresh objects, and a mutated copy never leaks back", async () => {
  for (const backend of ["auto", "wasm", "webcrypto"]) {
    at(NOW + 5);
    const t = tokenOf(a1);
    const cached = new TokenVerifier(a1.publicKey, { applicationId: APP, clock, backend, cache: true });
    const plain = new TokenVerifier(a1.publicKey, { applicationId: APP, clock, backend });
    assert.equal(await checksOf(async () => { for (let i = 0; i < 5; i++) plain.verifySync(t); }), 5, `${backend}: without a cache every call checks`);
    assert.equal(await checksOf(async () => { for (let i = 0; i < 5; i++) cached.verifySync(t); }), 1, `${backend}: verifySync: one check, four hits`);
    assert.equal(await checksOf(async () => { for (let i = 0; i < 5; i++) await cached.verify(t); }), 0, `${backend}: verify(): hits`);
    const first = cached.verifySync(t);
    const expected = structuredClone(first);
    assert.deepEqual(first, plain.verifySync(t));
    first.claims.sub = "admin";
    first.claims.exp = 9e15;
    delete first.claims.aid;
    first.header.kid = "forged";
    const second = cached.verifySync(t);
    const third = await cached.verify(t);
    assert.deepEqual(second, expected);
    assert.deepEqual(third, expected);
    assert.notEqual(second, third);
    assert.notEqual(second.claims, third.claims);
    second.claims.sub = "other";
    assert.equal((await cached.verify(t)).claims.sub, "user-42");
    cached.free();
    plain.free();
  }
});

test("a refused token is never cached: a bad signature whose claims were checked while WebCrypto answered", async () => {
  at(NOW + 5);
  const forged = tokenOf(b1); // kid k1, valid claims, signed by another key
  for (const backend of ["webcrypto", "auto", "wasm"]) {
    const v = new TokenVerifier(a1.publicKey, { applicationId: APP, clock, backend, cache: true });
    for (let i = 0; i < 3; i++) {
      await rejectsCode(v.verify(forged), "ERR_SIGNATURE_INVALID", TokenError, `${backend} verify ${i}`);
      throwsCode(() => v.verifySync(forged), "ERR_SIGNATURE_INVALID", TokenError, `${backend} verifySync ${i}`);
    }
    v.free();
  }
});

test("an expired, not-yet-valid or too-old token is never served from the cache", async () => {
  const v = new TokenVerifier(a1.publicKey, { applicationId: APP, clock, cache: { ttl: "24h" }, maxTokenAge: "2h" });
  const t = tokenOf(a1, "u", { lifetime: "1h" }); // iat = nbf = NOW, exp = NOW + 1 h
  at(NOW);
  v.verifySync(t);
  at(NOW + 3599);
  assert.equal(await checksOf(() => v.verify(t)), 0, "a hit just before exp");
  at(NOW + 3600);
  throwsCode(() => v.verifySync(t), "ERR_TOKEN_EXPIRED", TokenError, "verifySync at exp");
  at(NOW);
  await v.verify(t); // cached again
  at(NOW + 3600);
  await rejectsCode(v.verify(t), "ERR_TOKEN_EXPIRED", TokenError, "verify at exp");

  const later = tokenOf(a1, "u", { notBefore: 60 }); // nbf = NOW + 60
  at(NOW + 60);
  assert.equal(v.verifySync(later).claims.nbf, NOW + 60);
  at(NOW + 59); // a clock that went back
  throwsCode(() => v.verifySync(later), "ERR_TOKEN_NOT_YET_VALID", TokenError, "verifySync before nbf");
  at(NOW + 60);
  await v.verify(later);
  at(NOW + 59);
  await rejectsCode(v.verify(later), "ERR_TOKEN_NOT_YET_VALID", TokenError, "verify before nbf");

  const aged = new TokenVerifier(a1.publicKey, { applicationId: APP, clock, cache: { ttl: "24h" }, maxTokenAge: "2m" });
  at(NOW + 100);
  aged.verifySync(t);
  at(NOW + 121);
  throwsCode(() => aged.verifySync(t), "ERR_TOKEN_TOO_OLD", TokenError, "maxTokenAge on a hit");
  v.free();
  aged.free();
});

test("ttl and size bound the cache: an entry is served ttl seconds, the least recently used goes first", async () => {
  const v = new TokenVerifier(a1.publicKey, { applicationId: APP, clock, cache: { size: 2, ttl: 30 } });
  const [t1, t2, t3] = ["a", "b", "c"].map((s) => tokenOf(a1, s));
  at(NOW);
  assert.equal(await checksOf(() => v.verifySync(t1)), 1);
  at(NOW + 29);
  assert.equal(await checksOf(() => v.verifySync(t1)), 0, "within ttl");
  at(NOW + 30);
  assert.equal(await checksOf(() => v.verifySync(t1)), 1, "after ttl: checked again");
  assert.equal(await checksOf(() => { v.verifySync(t2); v.verifySync(t1); v.verifySync(t3); }), 2, "t2 and t3 checked, t1 a hit");
  assert.equal(await checksOf(() => { v.verifySync(t1); v.verifySync(t3); }), 0, "t1 and t3 kept");
  assert.equal(await checksOf(() => v.verifySync(t2)), 1, "t2, the least recently used, went");
  v.free();
});

test("a key rotated out of a shared set, or new material under the same kid, is never served", async () => {
  at(NOW + 10);
  const [ta, tb] = [tokenOf(a1), tokenOf(b2)];
  const remote = rotating([a1, b2]);
  const verifiers = [1, 2].map(() => new TokenVerifier(remote, { applicationId: APP, clock, cache: true }));
  for (const v of verifiers) {
    assert.equal(await checksOf(async () => { v.verifySync(ta); await v.verify(ta); v.verifySync(tb); }), 2);
  }
  remote.rotate([b1, b2]); // k1 now names other material
  for (const v of verifiers) {
    throwsCode(() => v.verifySync(ta), "ERR_SIGNATURE_INVALID", TokenError, "verifySync, same kid, new key");
    await rejectsCode(v.verify(ta), "ERR_SIGNATURE_INVALID", TokenError, "verify, same kid, new key");
    assert.equal(await checksOf(() => v.verify(tb)), 0, "the other key's entries are still served");
  }
  remote.rotate([a1, b2]); // the same material again, in new key objects: served after one check
  for (const v of verifiers) {
    assert.equal(await checksOf(async () => { v.verifySync(ta); await v.verify(ta); v.verifySync(ta); }), 1);
  }
  remote.rotate([b2]); // k1 rotated out
  for (const v of verifiers) {
    throwsCode(() => v.verifySync(ta), "ERR_KEY_NOT_FOUND", TokenError, "verifySync after rotation");
    await rejectsCode(v.verify(ta), "ERR_KEY_NOT_FOUND", TokenError, "verify after rotation");
    assert.equal(await checksOf(() => v.verify(tb)), 0, "the other key's entries are still served");
    v.free();
  }
});

test("verifiers sharing a KeySet.fetch() set learn of its refreshes", async () => {
  at(NOW + 20);
  let served = [a1];
  let fetches = 0;
  const fetch = async () => {
    fetches += 1;
    return new Response(JSON.stringify({ keys: served.map((k) => k.toPublicJwk()) }), { headers: { "content-type": "application/json" } });
  };
  const remote = await KeySet.fetch("https://keys.example.test/jwks.json", { fetch, clock, sharedCache: false });
  const [v1, v2] = [1, 2].map(() => new TokenVerifier(remote, { applicationId: APP, clock, cache: true }));
  const t = tokenOf(a1);
  assert.equal(await checksOf(async () => { for (const v of [v1, v2]) { await v.verify(t); v.verifySync(t); await v.verify(t); } }), 2);
  served = [b1]; // the provider put other material under k1
  await remote.refresh();
  assert.equal(fetches, 2);
  for (const v of [v1, v2]) {
    await rejectsCode(v.verify(t), "ERR_SIGNATURE_INVALID", TokenError, "verify after the refresh");
    throwsCode(() => v.verifySync(t), "ERR_SIGNATURE_INVALID", TokenError, "verifySync after the refresh");
    v.free();
  }
});
