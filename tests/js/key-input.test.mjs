// The first hour's friction points in the JS API (issue 23): keys from text wherever a key is
// expected (one reader: VerifyingKey.from, KeySet.from, TokenVerifier, verifyCompact,
// inspectToken), inspectToken never throwing for a key that does not load, the token's expiry
// with the token, and messages that say what to do.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SigningKey,
  TokenIssuer,
  TokenVerifier,
  TokenError,
  VerifyingKey,
  KeySet,
  inspectToken,
  verifyCompactSync,
  decodeToken,
  describeKeyText,
} from "sceyt-token";
import { APP, NOW, clock, fixture } from "../common/fixtures.mjs";
import { throwsCode } from "../common/harness.mjs";

const key = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
const issuer = new TokenIssuer(key, { applicationId: APP, clock });
const token = issuer.issueSync("user-42");
const spki = key.toPublicPem();
const jwk = key.toPublicJwk();
const texts = {
  "SPKI PEM": spki,
  "private PEM (its public half)": fixture("rsa2048.pkcs8.pem"),
  certificate: fixture("rsa2048.cert.pem"),
  "JWK text": JSON.stringify(jwk),
  "JWK object": jwk,
  "JWKS text": JSON.stringify({ keys: [jwk] }),
  "JWKS object": { keys: [jwk] },
  "base64 of the PEM (an environment variable)": Buffer.from(spki).toString("base64"),
  "PEM with \\n escapes": spki.replace(/\n/g, "\\n"),
};

test("a TokenVerifier, verifyCompact and inspectToken take key text and objects through one reader", () => {
  for (const [what, k] of Object.entries(texts)) {
    const v = new TokenVerifier(k, { applicationId: APP, clock });
    assert.equal(v.verifySync(token).claims.sub, "user-42", what);
    assert.equal(verifyCompactSync(token, k).header.alg, "RS256", what);
    assert.equal(inspectToken(token, { key: k, applicationId: APP, clock }).verdict, "valid", what);
    v.free();
  }
});

test("VerifyingKey.from and KeySet.from read every key text; a JWKS is a set", () => {
  for (const [what, k] of Object.entries(texts)) {
    const set = KeySet.from(k);
    assert.equal(set.size, 1, what);
    assert.deepEqual(set.keyIds, [key.keyId], what);
    if (!what.startsWith("JWKS")) {
      assert.equal(VerifyingKey.from(k).keyId, key.keyId, what);
    } else {
      const e = throwsCode(() => VerifyingKey.from(k), "ERR_KEY_INVALID", TokenError, what);
      assert.match(e.message, /KeySet\.from/);
    }
  }
  const e = throwsCode(() => VerifyingKey.from("hello"), "ERR_KEY_INVALID", TokenError, "not a key");
  assert.match(e.message, /expected PEM text/);
});

test("inspectToken never throws for a key that does not load: an empty textarea is no key, a bad key is a check", () => {
  for (const empty of ["", "   \n", null]) {
    const r = inspectToken(token, { key: empty, clock });
    assert.equal(r.verdict, "unverified", JSON.stringify(empty));
    assert.equal(r.code, undefined);
    assert.ok(!r.checks.some((c) => c.check === "key"));
  }
  for (const [bad, code] of [["not a key", "ERR_KEY_INVALID"], [spki.replace("MII", "XXX"), "ERR_KEY_INVALID"], [{ kty: "RSA", n: "AQAB", e: "AQAB" }, "ERR_KEY_TOO_WEAK"], [42, "ERR_INVALID_ARGUMENT"]]) {
    const r = inspectToken(token, { key: bad, clock, applicationId: APP });
    assert.equal(r.verdict, "unverified", String(bad));
    assert.equal(r.code, code, String(bad));
    assert.match(r.summary, /signature could not be checked: the key failed to load/);
    const line = r.checks.find((c) => c.check === "key");
    assert.equal(line.status, "fail");
    assert.equal(line.code, code);
    assert.equal(r.checks.find((c) => c.check === "signature").status, "skip");
    assert.ok(r.claims && r.claims.sub === "user-42", "the token is still explained");
  }
});

test("issueWithExpiry(Sync): the token with its expiry, in seconds", async () => {
  for (const issued of [issuer.issueWithExpirySync("u1"), await issuer.issueWithExpiry("u1"), await issuer.issueWithExpiry("u1", { lifetime: "30m" })]) {
    const { claims } = decodeToken(issued.token);
    assert.equal(issued.expiresAt, claims.exp);
    assert.equal(issued.expiresIn, claims.exp - NOW);
    assert.deepEqual(Object.keys(issued).sort(), ["expiresAt", "expiresIn", "token"]);
  }
  assert.equal((await issuer.issueWithExpiry("u1", { lifetime: "30m" })).expiresIn, 1800);
  await assert.rejects(issuer.issueWithExpiry(""), (e) => e instanceof TokenError && e.code === "ERR_INVALID_ARGUMENT");
  throwsCode(() => issuer.issueWithExpirySync("u", { lifetime: "1m" }), "ERR_LIFETIME_OUT_OF_RANGE", TokenError, "short");
});

test("messages say what to do: a Bearer prefix, surrounding whitespace, a twice-escaped PEM", () => {
  const v = new TokenVerifier(key.publicKey, { applicationId: APP, clock });
  for (const [t, re] of [[`Bearer ${token}`, /Bearer/], [`${token}\n`, /whitespace.*trim/], [` ${token}`, /whitespace.*trim/]]) {
    const e = throwsCode(() => v.verifySync(t), "ERR_TOKEN_MALFORMED", TokenError, t.slice(0, 10));
    assert.match(e.message, re);
    assert.match(inspectToken(t, { key: key.publicKey }).summary, re);
  }
  const twice = JSON.stringify(spki.replace(/\n/g, "\\n")).slice(1, -1); // "\\n" in the text
  const e = throwsCode(() => VerifyingKey.fromPem(twice), "ERR_KEY_INVALID", TokenError, "twice-escaped");
  assert.match(e.message, /escaped twice/);
});

test("describeKeyText says what a key text is by the same reader, without loading it", () => {
  const b64 = (t) => Buffer.from(t).toString("base64");
  const privateJwk = { ...jwk, d: "AAAA" }; // a private member; describing loads no key
  const cases = [
    ["SPKI PEM", spki, "pem", false, false],
    ["PKCS#8 PEM", fixture("rsa2048.pkcs8.pem"), "pem", true, false],
    ["SEC1 PEM (after its EC PARAMETERS block)", fixture("ec256.sec1.pem"), "pem", true, false],
    ["certificate", fixture("rsa2048.cert.pem"), "pem", false, false],
    ["base64 of a private PEM", b64(fixture("rsa2048.pkcs8.pem")), "pem", true, true],
    ["JWK text", JSON.stringify(jwk), "jwk", false, false],
    ["JWK object", jwk, "jwk", false, false],
    ["private JWK", JSON.stringify(privateJwk), "jwk", true, false],
    ["HMAC JWK (a secret, not a private key)", { kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA" }, "jwk", false, false],
    ["JWKS text", JSON.stringify({ keys: [jwk] }), "jwks", false, false],
    ["JWKS object with a private key", { keys: [jwk, privateJwk] }, "jwks", true, false],
    ["base64 of a JWKS", b64(JSON.stringify({ keys: [jwk] })), "jwks", false, true],
  ];
  for (const [what, text, format, isPrivate, base64] of cases) {
    assert.deepEqual(describeKeyText(text), { format, private: isPrivate, base64 }, what);
    // The format is the one VerifyingKey.from and KeySet.from go by.
    if (format === "jwks") throwsCode(() => VerifyingKey.from(text), "ERR_KEY_INVALID", TokenError, what);
    else if (what !== "private JWK") assert.ok(VerifyingKey.from(text).algorithm, what);
  }
  // What is none of the formats fails as VerifyingKey.from fails, with its message (never the text).
  for (const text of ["", "hello world", '{"kty":"RSA","d":"TOPSECRET",']) {
    const d = throwsCode(() => describeKeyText(text), "ERR_KEY_INVALID", TokenError, JSON.stringify(text));
    const v = throwsCode(() => VerifyingKey.from(text), "ERR_KEY_INVALID", TokenError, JSON.stringify(text));
    assert.equal(d.message, v.message);
    assert.ok(!d.message.includes("TOPSECRET"), d.message);
  }
  throwsCode(() => describeKeyText(42), "ERR_INVALID_ARGUMENT", TokenError, "a number");
});
