// The crypto module where nothing loads it by itself: the browser entry (what browsers, bundlers
// and Vercel Edge import), here in Node with `backend: "wasm"` standing for a runtime without a
// native primitive. A sync call that needs it throws ERR_NOT_INITIALIZED naming
// `init({ crypto: true })`; an async call tries to load it by itself (here the default URL is a
// file: URL, which Node's fetch refuses: ERR_RUNTIME_UNSUPPORTED with the reason); init and
// initSync with { crypto } load it, once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as pkg from "sceyt-token/browser";
import { APP, clock, fixture } from "../common/fixtures.mjs";

const pkgDir = dirname(createRequire(import.meta.url).resolve("sceyt-token/package.json"));
const coreBytes = readFileSync(join(pkgDir, "web/sceyt_token_bg.wasm"));
const cryptoBytes = readFileSync(join(pkgDir, "web/sceyt_token_crypto.wasm"));

test("browser entry: ERR_NOT_INITIALIZED until the crypto module is given; then one instance", async () => {
  assert.equal(pkg.isInitialized(), false);
  pkg.initSync({ module: coreBytes });
  assert.equal(pkg.isInitialized(), true);
  assert.equal(pkg.isInitialized({ crypto: true }), false);
  const key = pkg.SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const token = new pkg.TokenIssuer(key, { applicationId: APP, clock }).issueSync("u"); // node:crypto
  const wasm = new pkg.TokenVerifier(key.publicKey, { applicationId: APP, clock, backend: "wasm" });
  for (const call of [() => wasm.verifySync(token), () => new pkg.TokenIssuer(key, { applicationId: APP, clock, backend: "wasm" }).issueSync("u")]) {
    assert.throws(call, (e) => pkg.TokenError.is(e) && e.code === "ERR_NOT_INITIALIZED" && e.message.includes("await init({ crypto: true })"));
  }
  // An Ed25519 private key needs it for its public key.
  assert.throws(() => pkg.SigningKey.fromPem(fixture("ed25519.pkcs8.pem")), (e) => e.code === "ERR_NOT_INITIALIZED");
  // The async API tries to load it (the default URL is a file: URL here, which Node's fetch refuses).
  await assert.rejects(wasm.verify(token), (e) => pkg.TokenError.is(e) && e.code === "ERR_RUNTIME_UNSUPPORTED" && /crypto module did not load/.test(e.message));
  assert.equal(pkg.__sceytStats().cryptoInstantiations, 0);
  // Given as bytes, asynchronously: loaded once, and every call above works.
  await pkg.init({ crypto: cryptoBytes });
  await pkg.init({ crypto: cryptoBytes });
  pkg.initSync({ crypto: cryptoBytes });
  assert.equal(pkg.__sceytStats().cryptoInstantiations, 1);
  assert.equal(pkg.isInitialized({ crypto: true }), true);
  assert.equal(wasm.verifySync(token).claims.sub, "u");
  assert.equal((await wasm.verify(token)).claims.sub, "u");
  assert.equal(pkg.SigningKey.fromPem(fixture("ed25519.pkcs8.pem")).algorithm, "EdDSA");
  assert.throws(() => pkg.initSync({ crypto: "nope" }), (e) => e.code === "ERR_INVALID_ARGUMENT");
});
