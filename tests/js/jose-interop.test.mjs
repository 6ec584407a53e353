// Interop with jose (an independent implementation) in both directions, for every algorithm and
// for each failure class (signature, expiry, not yet valid): same verdict as jose, with our code.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as jose from "jose";
import { SigningKey, VerifyingKey, KeySet, TokenIssuer, TokenVerifier, TokenError, verifyCompactSync, verifyCompact } from "sceyt-token";
import { NOW, APP, clock, fixture } from "../common/fixtures.mjs";
import { rejectsCode, throwsCode } from "../common/harness.mjs";

const SECRET = "0123456789abcdef0123456789abcdef-hs256-secret";
const cases = [
  { name: "RS256 PKCS#8", alg: "RS256", pem: "rsa2048.pkcs8.pem", pub: "rsa2048.spki.pem" },
  { name: "RS256 PKCS#1", alg: "RS256", pem: "rsa2048.pkcs1.pem", pub: "rsa2048.spki.pem" },
  { name: "RS256 3072", alg: "RS256", pem: "rsa3072.pkcs8.pem" },
  { name: "PS256", alg: "PS256", pem: "rsa2048.pkcs8.pem", pub: "rsa2048.spki.pem" },
  { name: "RS512", alg: "RS512", pem: "rsa2048.pkcs8.pem", pub: "rsa2048.spki.pem" },
  { name: "ES256 PKCS#8", alg: "ES256", pem: "ec256.pkcs8.pem", pub: "ec256.spki.pem" },
  { name: "ES256 SEC1", alg: "ES256", pem: "ec256.sec1.pem", pub: "ec256.spki.pem" },
  { name: "EdDSA", alg: "EdDSA", pem: "ed25519.pkcs8.pem", pub: "ed25519.spki.pem" },
  { name: "HS256", alg: "HS256", secret: SECRET },
];

function ourKey(c) {
  return c.secret ? SigningKey.fromSecret(c.secret) : SigningKey.fromPem(fixture(c.pem), { algorithm: c.alg });
}
async function joseKeys(c, ours) {
  if (c.secret) {
    const k = new TextEncoder().encode(c.secret);
    return { priv: k, pub: k };
  }
  const priv = await jose.importPKCS8(ours.toPem(), c.alg);
  const pub = await jose.importSPKI(ours.toPublicPem(), c.alg);
  return { priv, pub };
}

for (const c of cases) {
  test(`${c.name}: our tokens verify with jose, sync and async`, async () => {
    const key = ourKey(c);
    assert.equal(key.algorithm, c.alg);
    const { pub } = await joseKeys(c, key);
    const issuer = new TokenIssuer(key, { applicationId: APP });
    for (const token of [issuer.issueSync("user-42", { claims: { role: "admin" } }), await issuer.issue("user-42", { claims: { role: "admin" } })]) {
      const { payload, protectedHeader } = await jose.jwtVerify(token, pub, { algorithms: [c.alg] });
      assert.equal(protectedHeader.alg, c.alg);
      assert.equal(protectedHeader.typ, "JWT");
      assert.equal(protectedHeader.kid, key.keyId ?? undefined);
      assert.equal(payload.sub, "user-42");
      assert.equal(payload.aid, APP);
      assert.equal(payload.role, "admin");
      assert.equal(payload.exp - payload.iat, 6 * 3600);
      assert.equal(payload.nbf, payload.iat);
      const ours = new TokenVerifier(key.publicKey, { applicationId: APP }).verifySync(token);
      assert.deepEqual(ours.claims, payload);
    }
    if (c.pub) {
      // The public PEM we export is byte-identical to openssl's.
      assert.equal(key.toPublicPem(), fixture(c.pub));
    }
  });

  test(`${c.name}: jose's tokens verify here, sync and async`, async () => {
    const key = ourKey(c);
    const { priv } = await joseKeys(c, key);
    const token = await new jose.SignJWT({ aid: APP, role: "x" })
      .setProtectedHeader({ alg: c.alg, typ: "JWT" })
      .setSubject("user-7").setIssuedAt(NOW).setNotBefore(NOW).setExpirationTime(NOW + 3600)
      .sign(priv);
    const verifier = new TokenVerifier(key.publicKey, { applicationId: APP, clock });
    const sync = verifier.verifySync(token);
    const async_ = await verifier.verify(token);
    assert.equal(sync.claims.sub, "user-7");
    assert.deepEqual(sync, async_);
    assert.deepEqual(sync.claims, jose.decodeJwt(token));
  });

  test(`${c.name}: failure classes match jose's verdicts`, async () => {
    const key = ourKey(c);
    const { priv, pub } = await joseKeys(c, key);
    const sign = (claims, header = {}) =>
      new jose.SignJWT({ aid: APP, sub: "u", ...claims }).setProtectedHeader({ alg: c.alg, ...header }).sign(priv);
    const verifier = new TokenVerifier(key.publicKey, { anyApplication: true, clock });
    const joseVerdict = async (t) => {
      try { await jose.jwtVerify(t, pub, { algorithms: [c.alg], currentDate: new Date(NOW * 1000) }); return "ok"; } catch (e) { return e.code; }
    };
    const good = await sign({ iat: NOW, exp: NOW + 3600 });
    assert.equal(await joseVerdict(good), "ok");
    // Bad signature: change one payload claim.
    const [h, , s] = good.split(".");
    const tampered = `${h}.${jose.base64url.encode(JSON.stringify({ aid: APP, sub: "admin", iat: NOW, exp: NOW + 3600 }))}.${s}`;
    assert.equal(await joseVerdict(tampered), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    throwsCode(() => verifier.verifySync(tampered), "ERR_SIGNATURE_INVALID", TokenError, "tampered sync");
    await rejectsCode(verifier.verify(tampered), "ERR_SIGNATURE_INVALID", TokenError, "tampered async");
    // Expired.
    const expired = await sign({ iat: NOW - 7200, exp: NOW - 3600 });
    assert.equal(await joseVerdict(expired), "ERR_JWT_EXPIRED");
    throwsCode(() => verifier.verifySync(expired), "ERR_TOKEN_EXPIRED", TokenError, "expired");
    await rejectsCode(verifier.verify(expired), "ERR_TOKEN_EXPIRED", TokenError, "expired async");
    // Not yet valid.
    const early = await sign({ iat: NOW, nbf: NOW + 600, exp: NOW + 3600 });
    assert.equal(await joseVerdict(early), "ERR_JWT_CLAIM_VALIDATION_FAILED");
    throwsCode(() => verifier.verifySync(early), "ERR_TOKEN_NOT_YET_VALID", TokenError, "nbf");
    // A disallowed algorithm (a list without the token's): tests/js/options.test.mjs, every family and path.
  });
}

test("RFC 7520 §4.1 vector verifies through the package at the JWS level", async () => {
  const v = JSON.parse(fixture("../vectors/4_1.rsa_v15_signature.json"));
  const key = VerifyingKey.fromJwk(v.input.key);
  const { header, payload } = verifyCompactSync(v.output.compact, key);
  assert.equal(header.alg, "RS256");
  assert.equal(new TextDecoder().decode(payload), v.input.payload);
  const again = await verifyCompact(v.output.compact, key);
  assert.deepEqual(again.payload, payload);
});

test("JWKS from jose's exportJWK selects by kid", async () => {
  const a = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const b = SigningKey.fromPem(fixture("ec256.pkcs8.pem"));
  const jwks = { keys: [a.toPublicJwk(), b.toPublicJwk()] };
  // jose agrees with our thumbprints.
  for (const k of [a, b]) {
    assert.equal(await jose.calculateJwkThumbprint(k.toPublicJwk()), k.keyId);
  }
  const set = KeySet.fromJwks(JSON.stringify(jwks));
  assert.equal(set.size, 2);
  const v = new TokenVerifier(set, { anyApplication: true, clock });
  for (const k of [a, b]) {
    const t = new TokenIssuer(k, { applicationId: APP, clock }).issueSync("u");
    assert.equal(v.verifySync(t).header.kid, k.keyId);
    assert.equal((await v.verify(t)).header.kid, k.keyId);
    // jose's own JWKS resolver verifies our token too.
    await jose.jwtVerify(t, jose.createLocalJWKSet(jwks), { currentDate: new Date(NOW * 1000) });
  }
});
