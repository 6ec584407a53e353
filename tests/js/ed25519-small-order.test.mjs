// The reproduction of the small-order Ed25519 forgery (issue 17): with the identity key, the
// "signature" R = identity, S = 0 verified any payload on node:crypto and WebCrypto. The key is now
// refused at import; and the same signature under an honest key is refused on every backend,
// sync and async, before any primitive is asked. (The full catalogue runs in the differential
// suite, in every runtime.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as pkg from "sceyt-token";
const { TokenError, TokenVerifier, VerifyingKey, KeySet, inspectToken } = pkg;
import { throwsCode } from "../common/harness.mjs";
import { NOW } from "../common/fixtures.mjs";

const b = (x) => Buffer.from(x).toString("base64url");
const identity = Buffer.from([1, ...Array(31).fill(0)]);
const now = NOW;
const forged = `${b(JSON.stringify({ alg: "EdDSA" }))}.${b(JSON.stringify({ sub: "admin", aid: "a", iat: now, exp: now + 3600 }))}.${b(Buffer.from([1, ...Array(63).fill(0)]))}`;

test("the identity Ed25519 key is refused on every import path, with no key material in the message", () => {
  const jwk = { kty: "OKP", crv: "Ed25519", x: b(identity) };
  const spki = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), identity]).toString("base64")}\n-----END PUBLIC KEY-----\n`;
  for (const [what, fn] of [
    ["fromJwk", () => VerifyingKey.fromJwk(jwk)],
    ["fromPem", () => VerifyingKey.fromPem(spki)],
    ["KeySet.fromJwks", () => KeySet.fromJwks({ keys: [jwk] })],
    ["inspectToken key", () => {
      const line = inspectToken(forged, { key: jwk }).checks.find((c) => c.check === "key");
      if (line) throw new TokenError(line.code, line.message);
    }],
  ]) {
    const e = throwsCode(fn, "ERR_KEY_INVALID", TokenError, what);
    assert.match(e.message, /small order/, what);
    assert.ok(!e.message.includes(jwk.x), what);
  }
});

test("R = identity, S = 0 under an honest Ed25519 key: refused by every backend, sync and async, with no primitive asked", async () => {
  const { publicKey } = generateKeyPairSync("ed25519");
  const key = VerifyingKey.fromJwk(publicKey.export({ format: "jwk" }));
  const clock = () => now * 1000;
  const before = pkg.__sceytStats();
  for (const backend of ["auto", "node", "webcrypto", "wasm"]) {
    const v = new TokenVerifier(key, { applicationId: "a", backend, clock });
    throwsCode(() => v.verifySync(forged), "ERR_SIGNATURE_INVALID", TokenError, `${backend} verifySync`);
    await assert.rejects(v.verify(forged), (e) => e instanceof TokenError && e.code === "ERR_SIGNATURE_INVALID", `${backend} verify`);
    v.free();
  }
  const after = pkg.__sceytStats();
  for (const counter of ["wasmChecks", "nativeAnswers", "nativeFallbacks"]) {
    assert.equal(after[counter], before[counter], `${counter}: a primitive was asked`);
  }
});
