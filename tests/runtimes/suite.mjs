// The behavioural suite every runtime runs against the installed `sceyt-token` package.
//
//   const result = await runSuite(pkg, { jose, loadCrypto });
//   // → { passed, failed, names, failures: [{ name, message }] }
//
// `loadCrypto` loads the crypto module (the pure-wasm RSA, ECDSA and Ed25519 arithmetic) the way
// this runtime must: `pkg.init({ crypto: true })` in browsers, `pkg.initSync({ crypto })` with an
// imported module in workerd and Vercel Edge; not needed where node:crypto exists. The suite's
// first checks count which modules `issue` + `verify` and the `*Sync` calls instantiate.
//
// `pkg` is the module imported as "sceyt-token" (already initialised where the runtime needs
// `init()`), and `jose` is the jose module (its webapi build in workers and browsers): the
// receiving side of every token is checked with jose, an independent implementation.
// The suite uses only web-standard globals (crypto.subtle, TextEncoder, Date), so it runs in
// workerd (inside a request handler), browsers, Deno, Bun, Node and edge-runtime alike. The checks
// run on the shared harness (tests/common/harness.mjs).
import { createHarness } from "../common/harness.mjs";

export async function runSuite(pkg, { jose, loadCrypto }) {
  const { check, equal, rejects, assert, result } = createHarness({ TokenError: pkg.TokenError });
  // What this runtime has: the package's own tests (process.getBuiltinModule, crypto.subtle).
  const nodeCrypto = (() => {
    try {
      return Boolean(globalThis.process?.getBuiltinModule?.("node:crypto"));
    } catch {
      return false;
    }
  })();
  const subtle = typeof globalThis.crypto?.subtle?.verify === "function";
  const instantiations = () => pkg.__sceytStats().cryptoInstantiations;
  const startInstantiations = instantiations();
  /** Flips one character in the middle of a base64url segment. */
  const tamper = (token, segment) => {
    const parts = token.split(".");
    const s = parts[segment];
    const i = Math.floor(s.length / 2);
    parts[segment] = s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    return parts.join(".");
  };
  const now = () => Math.floor(Date.now() / 1000);
  const APP = "app-suite";

  // Shared fixtures; every check below depends on them, so they are checks too.
  let key, other, issuer, verifier, joseKey;

  await check("generate an RS256 key (kid = RFC 7638 thumbprint)", async () => {
    key = await pkg.SigningKey.generate("RS256");
    other = await pkg.SigningKey.generate("RS256");
    equal(key.algorithm, "RS256", "algorithm");
    const jwk = key.toPublicJwk();
    equal(jwk.kty, "RSA", "jwk.kty");
    assert(jwk.d === undefined, "the public JWK has no private part");
    equal(key.keyId, await jose.calculateJwkThumbprint({ kty: jwk.kty, n: jwk.n, e: jwk.e }, "sha256"), "kid");
    equal(jwk.kid, key.keyId, "jwk.kid");
    assert(key.keyId !== other.keyId, "two generated keys differ");
    joseKey = await jose.importJWK(jwk, "RS256");
    issuer = new pkg.TokenIssuer(key, { applicationId: APP, lifetime: "6h" });
    verifier = new pkg.TokenVerifier(key.publicKey, { applicationId: APP });
  });

  await check("modules: generate, issue() and verify() RS256 instantiate no crypto module where the runtime has native crypto", async () => {
    const token = await issuer.issue("user-modules");
    equal((await verifier.verify(token)).claims.sub, "user-modules", "verify");
    const loaded = instantiations() - startInstantiations;
    if (subtle || nodeCrypto) {
      equal(loaded, 0, "crypto module instantiations (native crypto here)");
    } else {
      // No native primitive at all: the async API loaded it by itself, once.
      equal(loaded, 1, "crypto module instantiations (no native crypto: the async API loads it)");
    }
  });

  await check("modules: issueSync() and verifySync() RS256: node:crypto where it exists, else the crypto module once loaded (ERR_NOT_INITIALIZED before)", async () => {
    const before = instantiations();
    if (nodeCrypto) {
      equal(verifier.verifySync(issuer.issueSync("user-sync")).claims.sub, "user-sync", "sync round trip");
      equal(instantiations() - before, 0, "crypto module instantiations (node:crypto here)");
      return;
    }
    if (!pkg.isInitialized({ crypto: true })) {
      const token = await issuer.issue("user-sync");
      for (const [what, call] of [["issueSync", () => issuer.issueSync("user-sync")], ["verifySync", () => verifier.verifySync(token)]]) {
        const err = await rejects(call, "ERR_NOT_INITIALIZED", `${what} before the crypto module`);
        assert(/init\(\{ crypto: true \}\)/.test(err.message), `${what}: the message names init({ crypto: true }): ${err.message}`);
      }
      assert(typeof loadCrypto === "function", "this runtime needs the crypto module for *Sync, and the harness gave no loadCrypto");
      await loadCrypto();
      assert(pkg.isInitialized({ crypto: true }), "isInitialized({ crypto: true }) after loading it");
    }
    equal(verifier.verifySync(issuer.issueSync("user-sync")).claims.sub, "user-sync", "sync round trip");
    equal(instantiations() - startInstantiations, 1, "crypto module instantiations in all");
  });

  await check("issueSync → jose verifies header and claims", async () => {
    const before = now();
    const token = issuer.issueSync("user-42");
    const { payload, protectedHeader } = await jose.jwtVerify(token, joseKey, { algorithms: ["RS256"] });
    equal(protectedHeader.alg, "RS256", "alg");
    equal(protectedHeader.kid, key.keyId, "kid");
    equal(payload.sub, "user-42", "sub");
    equal(payload.aid, APP, "aid");
    assert(payload.iat >= before - 1 && payload.iat <= now() + 1, `iat ${payload.iat} is now`);
    equal(payload.nbf, payload.iat, "nbf");
    equal(payload.exp - payload.iat, 6 * 3600, "lifetime");
  });

  await check("issue (async, native crypto where available) → jose verifies", async () => {
    const token = await issuer.issue("user-async", { lifetime: "30m" });
    const { payload } = await jose.jwtVerify(token, joseKey, { algorithms: ["RS256"], subject: "user-async" });
    equal(payload.exp - payload.iat, 1800, "lifetime");
    equal(payload.aid, APP, "aid");
  });

  await check("verifySync and verify accept the package's own tokens", async () => {
    const token = issuer.issueSync("user-7");
    const sync = verifier.verifySync(token);
    equal(sync.claims.sub, "user-7", "sync sub");
    equal(sync.header.kid, key.keyId, "sync kid");
    const viaAsync = await verifier.verify(await issuer.issue("user-8"));
    equal(viaAsync.claims.sub, "user-8", "async sub");
    equal(viaAsync.claims.aid, APP, "async aid");
  });

  await check("tokens signed by jose verify (PKCS#8 PEM with escaped newlines, KeySet)", async () => {
    const pem = key.toPem();
    // As Workers secrets and .env files often store it: one line with literal "\n".
    const escaped = pem.trim().replace(/\n/g, "\\n");
    const reparsed = pkg.SigningKey.fromPem(escaped);
    equal(reparsed.keyId, key.keyId, "kid after escaped-PEM round trip");
    const privateKey = await jose.importPKCS8(pem, "RS256");
    const token = await new jose.SignJWT({ aid: APP })
      .setProtectedHeader({ alg: "RS256", kid: key.keyId, typ: "JWT" })
      .setSubject("from-jose")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const set = pkg.KeySet.fromJwks({ keys: [other.toPublicJwk(), key.toPublicJwk()] });
    equal(set.size, 2, "keyset size");
    const v = new pkg.TokenVerifier(set, { applicationId: APP });
    equal(v.verifySync(token).claims.sub, "from-jose", "sync");
    equal((await v.verify(token)).claims.sub, "from-jose", "async");
  });

  await check("a tampered token is rejected with ERR_SIGNATURE_INVALID (sync, async, jose)", async () => {
    const token = issuer.issueSync("user-tamper");
    for (const bad of [tamper(token, 1), tamper(token, 2)]) {
      await rejects(() => verifier.verifySync(bad), "ERR_SIGNATURE_INVALID", "verifySync");
      await rejects(() => verifier.verify(bad), "ERR_SIGNATURE_INVALID", "verify");
      let joseRejected = false;
      await jose.jwtVerify(bad, joseKey).catch(() => (joseRejected = true));
      assert(joseRejected, "jose rejects the tampered token too");
    }
    // A payload re-encoded with another sub but the old signature.
    const [h, , s] = token.split(".");
    const forged = `${h}.${jose.base64url.encode(JSON.stringify({ ...pkg.decodeToken(token).claims, sub: "admin" }))}.${s}`;
    await rejects(() => verifier.verifySync(forged), "ERR_SIGNATURE_INVALID", "forged sub");
  });

  await check("wrong key, unknown kid, expiry, aid mismatch and malformed tokens have their codes", async () => {
    const token = issuer.issueSync("user-x");
    await rejects(() => new pkg.TokenVerifier(other.publicKey, { applicationId: APP }).verifySync(token), "ERR_SIGNATURE_INVALID", "other key");
    await rejects(
      () => new pkg.TokenVerifier(pkg.KeySet.fromJwks({ keys: [other.toPublicJwk()] }), { anyApplication: true }).verify(token),
      "ERR_KEY_NOT_FOUND",
      "unknown kid",
    );
    const past = new pkg.TokenIssuer(key, { applicationId: APP, clock: () => Date.now() - 7 * 3600 * 1000 });
    const expired = past.issueSync("user-old");
    await rejects(() => verifier.verifySync(expired), "ERR_TOKEN_EXPIRED", "expired (sync)");
    await rejects(() => verifier.verify(expired), "ERR_TOKEN_EXPIRED", "expired (async)");
    await rejects(() => new pkg.TokenVerifier(key.publicKey, { applicationId: "another-app" }).verifySync(token), "ERR_APPLICATION_MISMATCH", "aid");
    await rejects(() => verifier.verifySync("not.a-token"), "ERR_TOKEN_MALFORMED", "malformed");
  });

  await check("bad keys and arguments throw TokenError codes", async () => {
    await rejects(() => pkg.SigningKey.fromPem("not a pem"), "ERR_KEY_INVALID", "garbage PEM");
    const pem = key.toPem();
    await rejects(() => pkg.SigningKey.fromPem(pem.slice(0, 300) + "\n-----END PRIVATE KEY-----\n"), "ERR_KEY_INVALID", "truncated PEM");
    await rejects(() => pkg.SigningKey.fromPem(key.toPublicPem()), "ERR_KEY_USAGE", "public PEM as signing key");
    await rejects(() => pkg.VerifyingKey.fromSecret("too short"), "ERR_KEY_TOO_WEAK", "short HMAC secret");
    await rejects(() => issuer.issueSync(""), "ERR_INVALID_ARGUMENT", "empty sub");
    await rejects(() => new pkg.TokenIssuer(key, { applicationId: APP, lifetime: "48h" }), "ERR_LIFETIME_OUT_OF_RANGE", "lifetime");
  });

  await check("HS256 app-session tokens from jose verify with VerifyingKey.fromSecret", async () => {
    const secret = "an-app-session-secret-of-32-bytes-or-more";
    const token = await new jose.SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("session-user")
      .setIssuedAt()
      .setExpirationTime("2m")
      .sign(new TextEncoder().encode(secret));
    const v = new pkg.TokenVerifier(pkg.VerifyingKey.fromSecret(secret), { anyApplication: true, lifetimePolicy: false });
    equal(v.verifySync(token).claims.sub, "session-user", "sync");
    equal((await v.verify(token)).claims.sub, "session-user", "async");
    await rejects(() => v.verify(tamper(token, 2)), "ERR_SIGNATURE_INVALID", "tampered HS256");
  });

  await check("inspectToken, decodeToken, verifyCompactSync, tokenExpiresIn", async () => {
    const token = issuer.issueSync("user-inspect");
    const ok = pkg.inspectToken(token, { key: key.publicKey, applicationId: APP });
    equal(ok.verdict, "valid", "verdict");
    assert(ok.checks.every((c) => c.status !== "fail"), "no failed check");
    const bad = pkg.inspectToken(tamper(token, 2), { key: key.toPublicJwk(), applicationId: APP });
    equal(bad.verdict, "invalid", "tampered verdict");
    equal(bad.code, "ERR_SIGNATURE_INVALID", "tampered code");
    equal(pkg.inspectToken("garbage", {}).verdict, "invalid", "garbage verdict");
    equal(pkg.decodeToken(token).claims.sub, "user-inspect", "decode");
    equal(pkg.verifyCompactSync(token, key.publicKey, {}).header.kid, key.keyId, "compact");
    const left = pkg.tokenExpiresIn(token);
    assert(left > 6 * 3600 - 5 && left <= 6 * 3600, `expiresIn ${left}`);
  });

  return result();
}
