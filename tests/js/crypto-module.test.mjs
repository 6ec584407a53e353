// The crypto module (web/sceyt_token_crypto.wasm) in Node: loaded synchronously, once, and only by
// the calls that need it; no private key left in its memory; its inputs checked. (The browser-like
// start, where nothing loads it by itself, is tests/js/crypto-module-browser.test.mjs; the other
// runtimes are counted by tests/runtimes/suite.mjs.) node:test runs each file in a fresh process,
// so the counts start at zero.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as pkg from "sceyt-token";
import { SigningKey, TokenIssuer, TokenVerifier, VerifyingKey, inspectToken } from "sceyt-token";
import { APP, clock, fixture } from "../common/fixtures.mjs";

const pkgDir = dirname(createRequire(import.meta.url).resolve("sceyt-token/package.json"));
// The package's own instance of entries/crypto.mjs (the same file URL as the one its entries import).
const cryptoEntry = await import(join(pkgDir, "entries/crypto.mjs"));
const instantiations = () => pkg.__sceytStats().cryptoInstantiations;

test("Node: RS256 and HS256 on node:crypto and the core never instantiate the crypto module; backend wasm does, once", async () => {
  const key = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const issuer = new TokenIssuer(key, { applicationId: APP, clock });
  const verifier = new TokenVerifier(key.publicKey, { applicationId: APP, clock });
  const token = issuer.issueSync("u1");
  assert.equal(verifier.verifySync(token).claims.sub, "u1");
  assert.equal((await verifier.verify(await issuer.issue("u2"))).claims.sub, "u2");
  assert.equal(inspectToken(token, { key: key.publicKey, applicationId: APP, clock }).verdict, "valid");
  const hmac = VerifyingKey.fromSecret("a-secret-of-at-least-thirty-two-bytes!!");
  const hs = new TokenIssuer(SigningKey.fromSecret("a-secret-of-at-least-thirty-two-bytes!!"), { applicationId: APP, clock, backend: "wasm" });
  assert.equal(new TokenVerifier(hmac, { applicationId: APP, clock, backend: "wasm" }).verifySync(hs.issueSync("h")).claims.sub, "h");
  assert.equal(pkg.isInitialized({ crypto: true }), false);
  assert.equal(instantiations(), 0, "nothing above needs the crypto module");

  const wasm = new TokenVerifier(key.publicKey, { applicationId: APP, clock, backend: "wasm" });
  assert.equal(wasm.verifySync(token).claims.sub, "u1", "pure wasm verifies the node:crypto token");
  assert.equal(instantiations(), 1, "loaded synchronously on first need");
  assert.equal(pkg.isInitialized({ crypto: true }), true);
  const wasmIssuer = new TokenIssuer(key, { applicationId: APP, clock, backend: "wasm" });
  for (let i = 0; i < 20; i++) assert.equal(verifier.verifySync(wasmIssuer.issueSync(`w${i}`)).claims.sub, `w${i}`);
  assert.equal((await wasm.verify(await wasmIssuer.issue("wa"))).claims.sub, "wa");
  assert.equal(instantiations(), 1, "and only once");
});

test("no private key is left in the crypto module's memory after it signed", () => {
  const pem = fixture("rsa2048.pkcs8.pem");
  const key = SigningKey.fromPem(pem);
  const issuer = new TokenIssuer(key, { applicationId: APP, clock, backend: "wasm" });
  for (let i = 0; i < 5; i++) issuer.issueSync(`z${i}`);
  const memory = cryptoEntry.__cryptoMemory();
  assert.ok(memory, "the module is loaded");
  const haystack = Buffer.from(memory.buffer);
  // The private exponent, the primes and the CRT values (node:crypto's JWK export of the same key
  // gives their bytes), in both byte orders (the arithmetic keeps numbers as little-endian limbs).
  // The modulus and the exponent are public: the module keeps parsed public keys on purpose.
  const { createPrivateKey } = process.getBuiltinModule("node:crypto");
  const priv = createPrivateKey(pem).export({ format: "jwk" });
  let windows = 0;
  for (const name of ["d", "p", "q", "dp", "dq", "qi"]) {
    const be = Buffer.from(priv[name], "base64url");
    for (const [order, bytes] of [["big-endian", be], ["little-endian", Buffer.from(be).reverse()]]) {
      // Every 16-byte window of it: a partial copy counts too.
      for (let at = 0; at + 16 <= bytes.length; at += 16) {
        windows++;
        assert.equal(haystack.indexOf(bytes.subarray(at, at + 16)), -1, `${name} (${order}) bytes ${at}..${at + 16} are in the crypto module's memory`);
      }
    }
  }
  assert.equal(windows, 112, "windows searched");
});

test("instantiateCrypto and loadCrypto check what they are given (TokenError, never a TypeError)", async () => {
  for (const bad of [42, "x".repeat(3), { a: 1 }, null, [1, 2]]) {
    assert.throws(() => cryptoEntry.instantiateCrypto(bad), (e) => pkg.TokenError.is(e) && e.code === "ERR_INVALID_ARGUMENT");
  }
  await assert.rejects(pkg.init({ crypto: 42 }), (e) => pkg.TokenError.is(e) && e.code === "ERR_INVALID_ARGUMENT" && /crypto must be true/.test(e.message));
  assert.equal(instantiations(), 1, "still the one instance");
});

test("the crypto module has no imports, and only its raw exports", () => {
  const bytes = readFileSync(join(pkgDir, "web/sceyt_token_crypto.wasm"));
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(module), []);
  const names = WebAssembly.Module.exports(module).map((e) => e.name).filter((n) => !n.startsWith("__"));
  assert.deepEqual(names.sort(), ["memory", "sceyt_alloc", "sceyt_ed25519_public", "sceyt_free", "sceyt_generate_rsa", "sceyt_out_clear", "sceyt_out_len", "sceyt_out_ptr", "sceyt_sign", "sceyt_verify"]);
  // And the core carries none of the crypto module's arithmetic exports.
  const core = new WebAssembly.Module(readFileSync(join(pkgDir, "web/sceyt_token_bg.wasm")));
  assert.equal(WebAssembly.Module.exports(core).filter((e) => e.name.startsWith("sceyt_")).length, 0);
});
