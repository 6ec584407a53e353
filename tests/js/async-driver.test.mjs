// The async drivers with the WebCrypto leaf (src/decision/mod.rs `decide_async`,
// src/primitive.rs `sign_async`, src/js/native/subtle.rs), in Node with `backend: "webcrypto"`:
// the calls waited for WebCrypto (counted), their tokens are the wasm's tokens byte for byte, a bad
// signature wins over failing claims, a native failure falls back to the pure-Rust primitive with
// the same verdict, and verifiers and issuers made and freed in a loop leave no native handle
// behind. With node:crypto the same drivers settle at once (no task).
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as pkg from "sceyt-token";
import { NOW, fixture } from "../common/fixtures.mjs";

const clock = (s) => () => s * 1000;
const APP = "settle-app";
const stats = () => pkg.__sceytStats();
const codeOf = async (p) => {
  try {
    await p;
    return "ok";
  } catch (e) {
    return e.code ?? String(e);
  }
};

test("issue() through WebCrypto gives issueSync()'s token, for signatures of every length mod 3", async () => {
  const rsa4096 = generateKeyPairSync("rsa", { modulusLength: 4096 }).privateKey.export({ type: "pkcs8", format: "pem" });
  // RS256 with 2048-, 3072- and 4096-bit keys: 256, 384 and 512 signature bytes (1, 0, 2 mod 3);
  // EdDSA 64 bytes. All four are deterministic, so the tokens must be equal byte for byte.
  for (const [pem, alg] of [[fixture("rsa2048.pkcs8.pem"), "RS256"], [fixture("rsa3072.pkcs8.pem"), "RS256"], [rsa4096, "RS256"], [fixture("ed25519.pkcs8.pem"), "EdDSA"]]) {
    const key = pkg.SigningKey.fromPem(pem, { algorithm: alg });
    const web = new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW), backend: "webcrypto" });
    const wasm = new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW), backend: "wasm" });
    await web.issue("warm-up"); // the first call imports the CryptoKey
    const before = stats().asyncWaits;
    for (let i = 0; i < 20; i++) {
      const sub = `user-${"x".repeat(i)}`; // payload lengths of every residue
      assert.equal(await web.issue(sub), wasm.issueSync(sub), `${alg} ${pem.length}: ${sub}`);
    }
    assert.equal(stats().asyncWaits - before, 20, `${alg}: every issue() waited for WebCrypto`);
    web.free();
    wasm.free();
    key.free();
  }
});

test("verify() through WebCrypto: true releases, false wins over failing claims, every verdict as verifySync's", async () => {
  const key = pkg.SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const other = pkg.SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));
  const issuers = [key, other].map((k) => new pkg.TokenIssuer(k, { applicationId: APP, clock: clock(NOW) }));
  const [good, forged] = issuers.map((i) => i.issueSync("u"));
  for (const i of issuers) i.free();
  const cases = [
    // [token, verifier time, expected code]
    [good, NOW + 60, "ok"],
    [good, NOW + 7 * 3600, "ERR_TOKEN_EXPIRED"], // signature fine, claims fail
    [forged, NOW + 60, "ERR_SIGNATURE_INVALID"],
    [forged, NOW + 7 * 3600, "ERR_SIGNATURE_INVALID"], // both fail: the bad signature wins
  ];
  const pub = key.publicKey;
  for (const [token, at, want] of cases) {
    const web = new pkg.TokenVerifier(pub, { applicationId: APP, clock: clock(at), backend: "webcrypto" });
    const wasm = new pkg.TokenVerifier(pub, { applicationId: APP, clock: clock(at), backend: "wasm" });
    await web.verify(good).catch(() => {}); // imports the CryptoKey
    const before = stats();
    assert.equal(await codeOf(web.verify(token)), want);
    let sync = "ok";
    try {
      wasm.verifySync(token);
    } catch (e) {
      sync = e.code;
    }
    assert.equal(sync, want, "verifySync agrees");
    const after = stats();
    assert.equal(after.asyncWaits - before.asyncWaits, 1, "this call waited for WebCrypto");
    assert.equal(after.nativeAnswers - before.nativeAnswers, 1, "with WebCrypto's boolean");
    assert.equal(after.nativeFallbacks - before.nativeFallbacks, 0);
    if (want === "ok") {
      const v = await web.verify(token);
      assert.equal(v.claims.sub, "u");
      assert.equal(v.header.alg, "RS256");
    }
    web.free();
    wasm.free();
  }
  pub.free();
  key.free();
  other.free();
});

test("a native failure on the WebCrypto path falls back to the pure-Rust primitive, with the same verdicts", async () => {
  const key = pkg.SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const issuer = new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW), backend: "webcrypto" });
  const pub = key.publicKey;
  const verifier = new pkg.TokenVerifier(pub, { applicationId: APP, clock: clock(NOW + 60), backend: "webcrypto" });
  const good = await issuer.issue("u");
  await verifier.verify(good);
  const bad = `${good.slice(0, -6)}${good.slice(-6) === "AAAAAA" ? "BBBBBB" : "AAAAAA"}`;
  const subtle = globalThis.crypto.subtle;
  const real = { verify: subtle.verify, sign: subtle.sign };
  try {
    // verify: a rejection, then a non-boolean answer
    for (const fake of [() => Promise.reject(new Error("boom")), () => Promise.resolve("yes")]) {
      subtle.verify = fake;
      const before = stats();
      assert.equal((await verifier.verify(good)).claims.sub, "u");
      assert.equal(await codeOf(verifier.verify(bad)), "ERR_SIGNATURE_INVALID");
      const after = stats();
      assert.equal(after.nativeFallbacks - before.nativeFallbacks, 2, "both calls fell back");
      assert.equal(after.nativeAnswers - before.nativeAnswers, 0, "no native boolean was counted");
    }
    // sign: a rejection and a non-ArrayBuffer; the wasm signer signs the same input
    for (const fake of [() => Promise.reject(new Error("boom")), () => Promise.resolve(new Uint8Array(256))]) {
      subtle.sign = fake;
      const t = await issuer.issue("u");
      assert.equal(t, good, "the wasm signer signs the same signing input (RS256 is deterministic)");
    }
  } finally {
    subtle.verify = real.verify;
    subtle.sign = real.sign;
  }
  assert.equal((await verifier.verify(good)).claims.sub, "u");
  issuer.free();
  verifier.free();
  pub.free();
  key.free();
});

test("verifiers and issuers made, used through WebCrypto and freed in a loop leave no native handle", async () => {
  const pem = fixture("ec256.pkcs8.pem");
  const live = stats().liveHandles;
  const waited = stats().asyncWaits;
  for (let i = 0; i < 300; i++) {
    const key = pkg.SigningKey.fromPem(pem, { algorithm: "ES256" });
    const issuer = new pkg.TokenIssuer(key, { applicationId: APP, backend: "webcrypto" });
    const pub = key.publicKey; // a new VerifyingKey object: freed below like the rest
    const verifier = new pkg.TokenVerifier(pub, { applicationId: APP, backend: "webcrypto" });
    const t1 = await issuer.issue(`u${i}`);
    const t2 = await issuer.issue(`v${i}`);
    await verifier.verify(t1);
    assert.equal((await verifier.verify(t2)).claims.sub, `v${i}`);
    issuer.free();
    verifier.free();
    pub.free();
    key.free();
  }
  assert.equal(stats().liveHandles, live, "live native handles after 300 rounds");
  assert.ok(stats().asyncWaits - waited >= 1200, `calls that waited for WebCrypto: ${stats().asyncWaits - waited}`);
});

test("with node:crypto the async API settles at once: no task, the same tokens and verdicts", async () => {
  const key = pkg.SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const issuer = new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW) });
  const pub = key.publicKey;
  const verifier = new pkg.TokenVerifier(pub, { applicationId: APP, clock: clock(NOW + 60) });
  const before = stats();
  for (let i = 0; i < 50; i++) {
    const t = await issuer.issue(`u${i}`);
    assert.equal(t, issuer.issueSync(`u${i}`));
    assert.equal((await verifier.verify(t)).claims.sub, `u${i}`);
  }
  const after = stats();
  assert.equal(after.asyncWaits - before.asyncWaits, 0, "no call waited");
  assert.equal(after.asyncNow - before.asyncNow, 100, "every call settled at its first poll");
  assert.equal(after.nodeSignatures - before.nodeSignatures, 100, "node:crypto signed (issue and issueSync)");
  assert.equal(after.nodeAnswers - before.nodeAnswers, 50, "node:crypto verified");
  issuer.free();
  verifier.free();
  pub.free();
  key.free();
});

test("the executor: 300 concurrent WebCrypto calls (good, forged, expired, rejected by WebCrypto) each settle with their own result, and no task is left waiting", async () => {
  // src/js/native/promise.rs keeps a waiting call under a number and resumes it when its
  // promise settles: a mix-up of numbers would hand one call another's claims, and a task never
  // taken back would stay in `tasksWaiting`.
  const key = pkg.SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const other = pkg.SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));
  const good = new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW) });
  const bad = new pkg.TokenIssuer(other, { applicationId: APP, clock: clock(NOW) });
  const web = new pkg.TokenVerifier(key.publicKey, { applicationId: APP, clock: clock(NOW + 60), backend: "webcrypto" });
  const webIssuer = new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW), backend: "webcrypto" });
  const subtle = globalThis.crypto.subtle;
  const realVerify = subtle.verify;
  let rejections = 0;
  // Every seventh WebCrypto verify rejects (a native failure: the driver asks the pure-Rust
  // primitive) after a delay, so that answers arrive out of order.
  let n = 0;
  subtle.verify = function (...args) {
    const i = n++;
    const p = realVerify.apply(this, args);
    if (i % 7 === 3) {
      rejections++;
      return new Promise((_, reject) => setTimeout(() => reject(new Error("refused")), i % 5));
    }
    return i % 2 ? p.then((v) => new Promise((r) => setTimeout(() => r(v), i % 3))) : p;
  };
  try {
    const before = stats();
    const calls = [];
    for (let i = 0; i < 300; i++) {
      const sub = `user-${i}`;
      const kind = i % 4;
      if (kind === 0) calls.push(web.verify(good.issueSync(sub)).then((v) => assert.equal(v.claims.sub, sub, "each call gets its own claims")));
      if (kind === 1) calls.push(codeOf(web.verify(bad.issueSync(sub))).then((c) => assert.equal(c, "ERR_SIGNATURE_INVALID", sub)));
      if (kind === 2) calls.push(codeOf(web.verify(new pkg.TokenIssuer(key, { applicationId: APP, clock: clock(NOW - 8 * 3600) }).issueSync(sub))).then((c) => assert.equal(c, "ERR_TOKEN_EXPIRED", sub)));
      if (kind === 3) calls.push(webIssuer.issue(sub).then((t) => assert.equal(pkg.decodeToken(t).claims.sub, sub, "each issue() gets its own token")));
    }
    await Promise.all(calls);
    const after = stats();
    assert.ok(rejections > 20, `WebCrypto rejected ${rejections} calls`);
    assert.ok(after.nativeFallbacks - before.nativeFallbacks >= rejections, "each rejection fell back to wasm");
    assert.ok(after.asyncWaits - before.asyncWaits >= 300, `${after.asyncWaits - before.asyncWaits} calls waited`);
    assert.equal(after.tasksWaiting, 0, "no task left waiting");
  } finally {
    subtle.verify = realVerify;
    for (const o of [good, bad, web, webIssuer, key, other]) o.free();
  }
});
