// Every wrong JS type at every exported function: a TokenError with a stable code, never a
// TypeError from the glue or a wasm trap, and the instance keeps working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pkg from "sceyt-token";
import { SigningKey, VerifyingKey, KeySet, TokenIssuer, TokenVerifier, TokenError } from "sceyt-token";
import { APP, NOW, clock, fixture } from "../common/fixtures.mjs";
import { throwsCode, rejectsCode } from "../common/harness.mjs";

const pem = fixture("rsa2048.pkcs8.pem");
const key = SigningKey.fromPem(pem);
const issuer = new TokenIssuer(key, { applicationId: APP, clock });
const token = issuer.issueSync("user-42");
const cyclic = {}; cyclic.self = cyclic;
const throwingGetter = new Proxy({}, { get() { throw new Error("boom"); }, ownKeys() { return ["applicationId"]; }, getOwnPropertyDescriptor() { return { enumerable: true, configurable: true }; } });
const huge = "x".repeat(10 * 1024 * 1024);

const junk = [
  ["undefined", undefined], ["null", null], ["number", 42], ["NaN", NaN], ["boolean", true],
  ["bigint", 10n], ["symbol", Symbol("s")], ["function", () => 1], ["array", [1, 2]],
  ["object", { a: 1 }], ["cyclic object", cyclic], ["Date", new Date()], ["10 MB string", huge],
  ["Uint8Array", new Uint8Array(3)], ["empty string", ""],
];

const BAD = ["ERR_INVALID_ARGUMENT", "ERR_KEY_INVALID", "ERR_KEY_UNSUPPORTED", "ERR_TOKEN_MALFORMED", "ERR_TOKEN_TOO_LARGE", "ERR_KEY_USAGE", "ERR_KEY_TOO_WEAK"];

const targets = {
  "SigningKey.fromPem(x)": (x) => SigningKey.fromPem(x),
  "SigningKey.fromPem(pem, x)": (x) => SigningKey.fromPem(pem, x),
  "SigningKey.fromJwk(x)": (x) => SigningKey.fromJwk(x),
  "SigningKey.fromSecret(x)": (x) => SigningKey.fromSecret(x),
  "VerifyingKey.fromPem(x)": (x) => VerifyingKey.fromPem(x),
  "VerifyingKey.fromJwk(x)": (x) => VerifyingKey.fromJwk(x),
  "VerifyingKey.fromSecret(x)": (x) => VerifyingKey.fromSecret(x),
  "KeySet.fromJwks(x)": (x) => KeySet.fromJwks(x),
  "new TokenIssuer(x, opts)": (x) => new TokenIssuer(x, { applicationId: APP }),
  "new TokenIssuer(key, x)": (x) => new TokenIssuer(key, x),
  "issuer.issueSync(x)": (x) => issuer.issueSync(x),
  "issuer.issueSync('u', x)": (x) => issuer.issueSync("u", x),
  "new TokenVerifier(x)": (x) => new TokenVerifier(x),
  "new TokenVerifier(key, x)": (x) => new TokenVerifier(key.publicKey, x),
  "verifier.verifySync(x)": (x) => new TokenVerifier(key.publicKey, { anyApplication: true, clock }).verifySync(x),
  "decodeToken(x)": (x) => pkg.decodeToken(x),
  "verifyCompactSync(x, key)": (x) => pkg.verifyCompactSync(x, key.publicKey),
  "verifyCompactSync(token, x)": (x) => pkg.verifyCompactSync(token, x),
  "tokenExpiresIn(x)": (x) => pkg.tokenExpiresIn(x),
  // A key that does not load is the report's `key` check (inspectToken never throws for it).
  "inspectToken(token, {key: x})": (x) => {
    const r = pkg.inspectToken(token, { key: x });
    const line = r.checks.find((c) => c.check === "key");
    if (line) throw new TokenError(line.code, line.message);
    return r;
  },
};

// Values that are valid for a given target are skipped (e.g. undefined options).
const valid = new Set([
  "SigningKey.fromPem(pem, x)|undefined", "SigningKey.fromPem(pem, x)|null",
  "issuer.issueSync('u', x)|undefined", "issuer.issueSync('u', x)|null",
  "inspectToken(token, {key: x})|undefined", "inspectToken(token, {key: x})|null", "inspectToken(token, {key: x})|empty string",
]);

for (const [name, fn] of Object.entries(targets)) {
  test(`${name} refuses every wrong type with a code`, () => {
    for (const [label, value] of junk) {
      if (valid.has(`${name}|${label}`)) continue;
      throwsCode(() => fn(value), BAD, TokenError, `${name} with ${label}`);
    }
  });
}

test("cases once listed as valid are refused with the precise code", () => {
  // An options bag with an unknown member, and a 10 MB secret: neither is a usable input.
  throwsCode(() => SigningKey.fromPem(pem, { a: 1 }), "ERR_INVALID_ARGUMENT", TokenError, "fromPem(pem, {a:1})");
  throwsCode(() => SigningKey.fromSecret(huge), "ERR_INVALID_ARGUMENT", TokenError, "10 MB secret");
  throwsCode(() => VerifyingKey.fromSecret(huge), "ERR_INVALID_ARGUMENT", TokenError, "10 MB secret (verifying)");
});

test("options bags: unknown keys, throwing getters, wrong option types", () => {
  throwsCode(() => new TokenIssuer(key, { applicationId: APP, lifetme: "1h" }), "ERR_INVALID_ARGUMENT", TokenError, "typo");
  throwsCode(() => new TokenIssuer(key, throwingGetter), "ERR_INVALID_ARGUMENT", TokenError, "getter");
  throwsCode(() => new TokenIssuer(key, { applicationId: 5 }), "ERR_INVALID_ARGUMENT", TokenError, "app id type");
  throwsCode(() => new TokenIssuer(key, {}), "ERR_INVALID_ARGUMENT", TokenError, "no app id");
  throwsCode(() => new TokenIssuer(key, { applicationId: APP, clock: 5 }), "ERR_INVALID_ARGUMENT", TokenError, "clock type");
  throwsCode(() => new TokenIssuer(key, { applicationId: APP, clock: () => { throw new Error("x"); } }).issueSync("u"), "ERR_INVALID_ARGUMENT", TokenError, "clock throws");
  throwsCode(() => new TokenIssuer(key, { applicationId: APP, clock: () => "soon" }).issueSync("u"), "ERR_INVALID_ARGUMENT", TokenError, "clock returns string");
  for (const lifetime of ["forever", -5, 1.5, NaN, Infinity, "10x", {}]) {
    throwsCode(() => issuer.issueSync("u", { lifetime }), "ERR_INVALID_ARGUMENT", TokenError, `lifetime ${String(lifetime)}`);
  }
  throwsCode(() => issuer.issueSync("u", { lifetime: "5m" }), "ERR_LIFETIME_OUT_OF_RANGE", TokenError, "5m");
  throwsCode(() => issuer.issueSync("u", { lifetime: "25h" }), "ERR_LIFETIME_OUT_OF_RANGE", TokenError, "25h");
  throwsCode(() => issuer.issueSync("u", { notBefore: -1 }), "ERR_INVALID_ARGUMENT", TokenError, "negative nbf");
  throwsCode(() => issuer.issueSync("u", { notBefore: "7h" }), "ERR_INVALID_ARGUMENT", TokenError, "nbf >= exp");
  throwsCode(() => issuer.issueSync("u", { claims: { exp: 1 } }), "ERR_INVALID_ARGUMENT", TokenError, "reserved claim");
  throwsCode(() => issuer.issueSync("u", { claims: { big: 2 ** 60 } }), "ERR_INVALID_ARGUMENT", TokenError, "unsafe number");
  throwsCode(() => issuer.issueSync("u", { claims: "x" }), "ERR_INVALID_ARGUMENT", TokenError, "claims string");
  throwsCode(() => new TokenVerifier(key.publicKey, { anyApplication: true, algorithms: "RS256" }), "ERR_INVALID_ARGUMENT", TokenError, "algorithms string");
  throwsCode(() => new TokenVerifier(key.publicKey, { anyApplication: true, currentDate: "today" }), "ERR_INVALID_ARGUMENT", TokenError, "currentDate");
  throwsCode(() => new TokenVerifier(key.publicKey, { anyApplication: true, maxTokenLength: -1 }), "ERR_INVALID_ARGUMENT", TokenError, "maxTokenLength");
  throwsCode(() => SigningKey.fromPem(pem, { algorithm: "HS256" }), "ERR_KEY_UNSUPPORTED", TokenError, "alg for key");
  throwsCode(() => SigningKey.fromPem(pem, { keyId: "" }), "ERR_INVALID_ARGUMENT", TokenError, "empty kid");
});

test("async methods reject (never throw synchronously) with codes", async () => {
  const v = new TokenVerifier(key.publicKey, { anyApplication: true, clock });
  for (const bad of [undefined, 5, "", "a.b.c", huge]) {
    const p = v.verify(bad);
    assert.ok(p instanceof Promise);
    await rejectsCode(p, ["ERR_INVALID_ARGUMENT", "ERR_TOKEN_MALFORMED", "ERR_TOKEN_TOO_LARGE"], TokenError, `verify(${typeof bad})`);
  }
  await rejectsCode(issuer.issue(5), "ERR_INVALID_ARGUMENT", TokenError, "issue(5)");
  await rejectsCode(issuer.issue("u", { lifetime: "1m" }), "ERR_LIFETIME_OUT_OF_RANGE", TokenError, "issue lifetime");
  await rejectsCode(SigningKey.generate("none"), "ERR_KEY_UNSUPPORTED", TokenError, "generate none");
  await rejectsCode(SigningKey.generate(5), "ERR_INVALID_ARGUMENT", TokenError, "generate 5");
  await rejectsCode(pkg.verifyCompact(token, 5), "ERR_INVALID_ARGUMENT", TokenError, "verifyCompact");
});

test("a freed key is refused with a code, not a crash", () => {
  const k = SigningKey.fromPem(pem);
  k.free();
  throwsCode(() => new TokenIssuer(k, { applicationId: APP }), "ERR_INVALID_ARGUMENT", TokenError, "freed key");
});

test("after all of that the instance still works", async () => {
  const t = issuer.issueSync("user-42");
  const v = new TokenVerifier(key.publicKey, { applicationId: APP, clock });
  assert.equal(v.verifySync(t).claims.sub, "user-42");
  assert.equal((await v.verify(await issuer.issue("user-43"))).claims.sub, "user-43");
  assert.deepEqual(pkg.errorCodes().length, 40); // 18 + the six provider-check codes (issue 19) + the 16 codes of the example servers (issue 25)
  assert.deepEqual(pkg.supportedAlgorithms().length, 11); // a call into the wasm (errorCodes() no longer needs it)
});

test("TokenError shape", () => {
  try {
    new TokenVerifier(key.publicKey, { anyApplication: true, clock: () => (NOW + 7 * 3600) * 1000 }).verifySync(token);
    assert.fail("no throw");
  } catch (e) {
    assert.ok(e instanceof TokenError && e instanceof Error);
    assert.equal(e.name, "TokenError");
    assert.equal(e.code, "ERR_TOKEN_EXPIRED");
    assert.equal(e.claim, "exp");
    assert.equal(e.reason, "expired");
    assert.match(e.message, /^token expired 1 h ago at 2026-11-28T16:03:00Z$/);
    assert.match(String(e.stack), /TokenError/);
  }
});
