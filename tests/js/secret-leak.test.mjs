// No secret in any message, through the JS API: every damaged PEM and JWK of the test keys (RSA
// PKCS#8/PKCS#1, P-256 SEC1/PKCS#8, Ed25519) given to every key constructor throws a TokenError with
// a known code, and none of its message, String(err), JSON.stringify(err) or stack holds a
// 16-character run of the key body or of any private component in base64, base64url or hex.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeySet, SigningKey, TokenError, TokenIssuer, VerifyingKey, inspectToken } from "sceyt-token";
import { APP } from "../common/fixtures.mjs";
import { KEY_FIXTURES, jwkVariants, loadKey, pemVariants } from "../common/damaged-keys.mjs";

const CODES = new Set([
  "ERR_INVALID_ARGUMENT", "ERR_KEY_INVALID", "ERR_KEY_UNSUPPORTED", "ERR_KEY_TOO_WEAK", "ERR_KEY_USAGE",
  "ERR_KEY_NOT_FOUND", "ERR_LIFETIME_OUT_OF_RANGE",
]);

function checker(k) {
  const stats = { inputs: 0, calls: 0, errors: 0, texts: 0 };
  const leaks = [];
  const look = (what, input, text) => {
    stats.texts++;
    const run = k.leakIn(text);
    if (run !== undefined && leaks.length < 10) {
      leaks.push(`${k.name}: ${what} quotes ${JSON.stringify(run)}: ${String(text).slice(0, 300)}\n    input: ${JSON.stringify(String(input).slice(0, 100))}`);
    }
  };
  const call = (what, input, fn) => {
    stats.calls++;
    let value;
    try {
      value = fn();
    } catch (err) {
      stats.errors++;
      assert.ok(err instanceof TokenError, `${k.name}: ${what} threw ${err?.constructor?.name}, not a TokenError`);
      assert.ok(CODES.has(err.code), `${k.name}: ${what} threw code ${err.code}`);
      look(`${what} message`, input, err.message);
      look(`${what} String(err)`, input, String(err));
      look(`${what} JSON`, input, JSON.stringify(err));
      look(`${what} stack`, input, err.stack);
      return;
    }
    // Imported after all (a damage the importer tolerates): what it shows must hold no secret.
    look(`${what} (ok) String`, input, String(value));
    look(`${what} (ok) JSON`, input, JSON.stringify(value));
    value?.free?.();
  };
  return { stats, leaks, call, look };
}

const summary = [];

for (const name of KEY_FIXTURES) {
  test(`damaged PEMs of ${name} leak nothing`, () => {
    const k = loadKey(name);
    const { stats, leaks, call } = checker(k);
    const good = SigningKey.fromPem(k.text);
    const variants = pemVariants(k, { step: 1 });
    for (const pem of variants) {
      stats.inputs++;
      call("SigningKey.fromPem", pem, () => SigningKey.fromPem(pem));
      call("VerifyingKey.fromPem", pem, () => VerifyingKey.fromPem(pem));
      call("SigningKey.fromSecret", pem, () => SigningKey.fromSecret(pem));
      call("new TokenIssuer(pem)", pem, () => new TokenIssuer(pem, { applicationId: APP }));
      call("TokenIssuer applicationId", pem, () => new TokenIssuer(good, { applicationId: pem }));
      call("TokenIssuer lifetime", pem, () => new TokenIssuer(good, { applicationId: APP, lifetime: pem.slice(0, 60) }));
      call("inspectToken key", pem, () => inspectToken("a.b.c", { key: pem }));
    }
    good.free();
    summary.push(`${name}: ${variants.length} PEM variants, ${k.windows} secret windows, ${stats.calls} calls, ${stats.texts} texts`);
    assert.ok(variants.length > 200);
    assert.deepEqual(leaks, []);
  });

  test(`damaged JWKs of ${name} leak nothing`, () => {
    const k = loadKey(name);
    const { stats, leaks, call } = checker(k);
    SigningKey.fromJwk(k.jwk).free(); // the undamaged JWK imports
    const variants = jwkVariants(k, { step: 3 });
    for (const jwk of variants) {
      stats.inputs++;
      const text = JSON.stringify(jwk);
      call("SigningKey.fromJwk", text, () => SigningKey.fromJwk(jwk));
      call("VerifyingKey.fromJwk", text, () => VerifyingKey.fromJwk(jwk));
      call("KeySet.fromJwks", text, () => KeySet.fromJwks({ keys: [jwk] }));
      call("KeySet.fromJwks (text)", text, () => KeySet.fromJwks(JSON.stringify({ keys: [jwk] })));
      call("KeySet.fromJwks (allowPrivate)", text, () => KeySet.fromJwks({ keys: [jwk] }, { allowPrivate: true }));
      call("SigningKey.fromJwk (text)", text, () => SigningKey.fromJwk(text));
    }
    // JSON texts that do not parse: truncated anywhere, duplicated members.
    const text = JSON.stringify(k.jwk);
    let texts = 0;
    for (let n = 0; n < text.length; n += 4) {
      texts++;
      const t = text.slice(0, n);
      call("SigningKey.fromJwk (truncated text)", t, () => SigningKey.fromJwk(t));
      call("KeySet.fromJwks (truncated text)", t, () => KeySet.fromJwks(`{"keys":[${t}`));
    }
    const dup = `${text.slice(0, -1)},"d":${JSON.stringify(k.jwk.d)}}`;
    call("SigningKey.fromJwk (duplicate d)", dup, () => SigningKey.fromJwk(dup));
    summary.push(`${name}: ${variants.length} JWK variants + ${texts + 1} JSON texts, ${stats.calls} calls, ${stats.texts} texts`);
    assert.ok(variants.length > 100);
    assert.deepEqual(leaks, []);
  });
}

test("summary", () => {
  for (const line of summary) console.log(`# ${line}`);
});
