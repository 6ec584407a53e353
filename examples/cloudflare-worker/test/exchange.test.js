// The worker's exchange, tested inside workerd (`npm test`, @cloudflare/vitest-pool-workers).
//
// A "provider" made here with WebCrypto (an RS256 key pair, its JWKS) signs sessions the way an
// OpenID provider does; the worker is configured as docs/EDGE.md says and called with real
// Requests. A good session gets { token, expiresAt, expiresIn } whose token verifies with the
// worker's published keys; every attack of issue 21 gets 401 with its own code, never a token.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { ErrorCode, KeySet, TokenVerifier } from "sceyt-token";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index.js";

const ISSUER = "https://auth.example.com/";
const CLIENT = "chat-web";
const APP = "my-sceyt-app";
const SECRET = "app-session-secret-0123456789abcdef-0123456789";

const enc = new TextEncoder();
const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const b64json = (obj) => b64url(enc.encode(JSON.stringify(obj)));
const now = () => Math.floor(Date.now() / 1000);

let provider; // { privateKey, jwk (public, kid "k1") }
let other; // a key the provider never published (kid "k2")
let sceytPem;

async function rsaKey(kid) {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return { privateKey: pair.privateKey, jwk: { kty: "RSA", n: jwk.n, e: jwk.e, kid, alg: "RS256", use: "sig" } };
}

/** A JWT signed with RS256 (`key`), HS256 (`hmac`: bytes) or unsigned (`none`). */
async function jwt(claims, { key = provider, header = {}, hmac, none } = {}) {
  const alg = none ? "none" : hmac ? "HS256" : "RS256";
  const head = { alg, typ: "JWT", ...(hmac || none ? {} : { kid: key.jwk.kid }), ...header };
  const input = `${b64json(head)}.${b64json(claims)}`;
  if (none) return `${input}.`;
  let sig;
  if (hmac) {
    const k = await crypto.subtle.importKey("raw", hmac, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    sig = await crypto.subtle.sign("HMAC", k, enc.encode(input));
  } else {
    sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key.privateKey, enc.encode(input));
  }
  return `${input}.${b64url(sig)}`;
}

/** The claims of a good ID token of the provider for `sub`. */
const idClaims = (extra = {}) => ({ iss: ISSUER, aud: CLIENT, azp: CLIENT, sub: "alice", iat: now() - 5, exp: now() + 600, ...extra });

/** The worker's settings for a provider whose keys are pasted (APP_SESSION_JWKS). */
const providerEnv = (extra = {}) => ({
  SCEYT_PRIVATE_KEY: sceytPem,
  SCEYT_APP_ID: APP,
  APP_SESSION_JWKS: JSON.stringify({ keys: [provider.jwk] }),
  APP_SESSION_ISSUER: ISSUER,
  APP_SESSION_AUDIENCE: CLIENT,
  APP_SESSION_TYP: "JWT",
  APP_SESSION_MAX_AGE: "1h",
  ...extra,
});

async function call(env, token, { path = "/token", headers = {}, base = "https://tokens.example.com" } = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${base}${path}`, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Asserts a 401 with `code` and no token. */
async function refused(env, token, code) {
  const r = await call(env, token);
  expect(r.body.token).toBeUndefined();
  expect({ status: r.status, code: r.body.error?.code }).toEqual({ status: 401, code });
  expect(r.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
  return r;
}

beforeAll(async () => {
  provider = await rsaKey("k1");
  other = await rsaKey("k2");
  // The worker's SCEYT key (PKCS#8 PEM), made with WebCrypto like a `wrangler secret put` value.
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const der = b64url(await crypto.subtle.exportKey("pkcs8", pair.privateKey)).replace(/-/g, "+").replace(/_/g, "/");
  const padded = der + "=".repeat((4 - (der.length % 4)) % 4);
  sceytPem = `-----BEGIN PRIVATE KEY-----\n${padded.match(/.{1,64}/g).join("\n")}\n-----END PRIVATE KEY-----\n`;
});

describe("a good session", () => {
  it("is exchanged for { token, expiresAt, expiresIn }, and the token verifies with the worker's keys", async () => {
    const env = providerEnv();
    const r = await call(env, await jwt(idClaims()));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["expiresAt", "expiresIn", "token"]);
    expect(r.body.expiresIn).toBeGreaterThan(3600);
    expect(new Date(r.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const jwks = (await call(env, null, { path: "/.well-known/jwks.json" })).body;
    const { claims } = await new TokenVerifier(KeySet.fromJwks(jwks), { applicationId: APP }).verify(r.body.token);
    expect(claims.sub).toBe("alice");
    expect(claims.aid).toBe(APP);
  });

  it("APP_SESSION_CLIENT_ID alone accepts the provider's token for that client (azp)", async () => {
    const env = providerEnv({ APP_SESSION_AUDIENCE: undefined, APP_SESSION_CLIENT_ID: CLIENT });
    expect((await call(env, await jwt(idClaims()))).status).toBe(200);
  });

  it("APP_SESSION_USER_CLAIM takes the user id from another claim", async () => {
    const env = providerEnv({ APP_SESSION_USER_CLAIM: "user_id" });
    const r = await call(env, await jwt(idClaims({ sub: "provider-internal-id", user_id: "bob" })));
    expect(r.status).toBe(200);
    const { claims } = await new TokenVerifier(KeySet.fromJwks((await call(env, null, { path: "/.well-known/jwks.json" })).body), { applicationId: APP }).verify(r.body.token);
    expect(claims.sub).toBe("bob");
    // A session without that claim is refused.
    const missing = await call(env, await jwt(idClaims()));
    expect(missing.status).toBe(401);
    expect(missing.body.token).toBeUndefined();
  });
});

describe("Cloudflare Access", () => {
  it("the application token in Cf-Access-Jwt-Assertion is verified like a Bearer session", async () => {
    const team = "https://example-team.cloudflareaccess.com";
    const aud = "32eafc7626e974616deaf0dc3ce63d7bcbed58a2731e84d06bc3cdf1b53c4228";
    const env = providerEnv({ APP_SESSION_ISSUER: team, APP_SESSION_AUDIENCE: aud, APP_SESSION_TYP: undefined, APP_SESSION_MAX_AGE: undefined });
    const good = await jwt({ iss: team, aud: [aud], sub: "7335d417-61da-459d-899c-0a01c76a2f94", email: "user@example.com", type: "app", iat: now(), exp: now() + 60 });
    const ok = await call(env, null, { headers: { "Cf-Access-Jwt-Assertion": good } });
    expect(ok.status).toBe(200);
    // Another Access application of the same team (same keys, another AUD tag): refused.
    const other = await jwt({ iss: team, aud: ["another-application-aud-tag"], sub: "x", iat: now(), exp: now() + 60 });
    const r = await call(env, null, { headers: { "Cf-Access-Jwt-Assertion": other } });
    expect({ status: r.status, code: r.body.error?.code }).toEqual({ status: 401, code: ErrorCode.AudienceMismatch });
    // A forged header in development mode is still verified (no ?sub= shortcut).
    const dev = await call({ ...env, SCEYT_DEV_MODE: "1" }, null, { path: "/token?sub=victim", base: "http://127.0.0.1:8787", headers: { "Cf-Access-Jwt-Assertion": "x.y.z" } });
    expect(dev.status).toBe(401);
  });
});

describe("the attacks of issue 21: each 401 with its code, never a token", () => {
  it("a token of the same provider for another client (aud)", async () => {
    await refused(providerEnv(), await jwt(idClaims({ aud: "other-client", azp: "other-client" })), ErrorCode.AudienceMismatch);
  });

  it("a token of the same provider for another client (azp, under APP_SESSION_CLIENT_ID)", async () => {
    const env = providerEnv({ APP_SESSION_AUDIENCE: undefined, APP_SESSION_CLIENT_ID: CLIENT });
    await refused(env, await jwt(idClaims({ aud: "other-client", azp: "other-client" })), ErrorCode.ClientMismatch);
  });

  it("a token of another issuer signed with the same keys", async () => {
    await refused(providerEnv(), await jwt(idClaims({ iss: "https://other-tenant.example.com/" })), ErrorCode.IssuerMismatch);
  });

  it("a token without iss (a required claim missing)", async () => {
    const claims = idClaims();
    delete claims.iss;
    await refused(providerEnv(), await jwt(claims), ErrorCode.ClaimInvalid);
  });

  it("another typ (an access token where ID tokens are expected)", async () => {
    await refused(providerEnv(), await jwt(idClaims(), { header: { typ: "at+jwt" } }), ErrorCode.TypeMismatch);
  });

  it("alg none", async () => {
    await refused(providerEnv(), await jwt(idClaims(), { none: true }), ErrorCode.AlgNotAllowed);
  });

  it("HS256 signed with the provider's public key (its JWK and its n as the HMAC secret), or with any secret, with the key's kid or none", async () => {
    for (const secret of [enc.encode(JSON.stringify(provider.jwk)), enc.encode(provider.jwk.n)]) {
      await refused(providerEnv(), await jwt(idClaims(), { hmac: secret, header: { kid: "k1" } }), ErrorCode.AlgNotAllowed);
    }
    // An app-session-style HS256 token without kid against the RSA JWKS (formerly in the runtime
    // matrix's contract, tests/runtimes/worker-contract.mjs).
    await refused(providerEnv(), await jwt(idClaims(), { hmac: enc.encode("session-secret-for-tests-0123456789abcdef") }), ErrorCode.AlgNotAllowed);
  });

  it("an expired token", async () => {
    await refused(providerEnv(), await jwt(idClaims({ iat: now() - 1200, exp: now() - 600 })), ErrorCode.TokenExpired);
  });

  it("a token older than APP_SESSION_MAX_AGE (still unexpired)", async () => {
    await refused(providerEnv(), await jwt(idClaims({ iat: now() - 7200, exp: now() + 600 })), ErrorCode.TokenTooOld);
  });

  it("an unknown kid", async () => {
    await refused(providerEnv(), await jwt(idClaims(), { key: other }), ErrorCode.KeyNotFound);
  });

  it("the password-reset token signed with APP_SESSION_SECRET", async () => {
    const reset = await jwt({ sub: "admin", aud: "email-verify", exp: now() + 600 }, { hmac: enc.encode(SECRET), header: { typ: "password-reset" } });
    const base = { SCEYT_PRIVATE_KEY: sceytPem, SCEYT_APP_ID: APP, APP_SESSION_SECRET: SECRET };
    // The audience alone refuses it; with APP_SESSION_TYP the type refuses it first.
    await refused({ ...base, APP_SESSION_AUDIENCE: "chat" }, reset, ErrorCode.AudienceMismatch);
    await refused({ ...base, APP_SESSION_AUDIENCE: "chat", APP_SESSION_TYP: "JWT" }, reset, ErrorCode.TypeMismatch);
    // The configuration of the issue (the secret alone) no longer runs at all.
    const r = await call(base, reset);
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe(ErrorCode.NotConfigured);
    expect(r.body.error.message).toContain("APP_SESSION_AUDIENCE");
    // The app's own session for the chat is still exchanged.
    const good = await jwt({ sub: "alice", aud: "chat", exp: now() + 600 }, { hmac: enc.encode(SECRET) });
    expect((await call({ ...base, APP_SESSION_AUDIENCE: "chat", APP_SESSION_TYP: "JWT" }, good)).status).toBe(200);
  });
});

describe("configuration", () => {
  const cases = [
    ["a public-key mode without APP_SESSION_ISSUER", { APP_SESSION_ISSUER: undefined }, "APP_SESSION_ISSUER"],
    ["APP_SESSION_JWKS_URL without APP_SESSION_ISSUER", { APP_SESSION_JWKS: undefined, APP_SESSION_ISSUER: undefined, APP_SESSION_JWKS_URL: "https://auth.example.com/jwks.json" }, "APP_SESSION_ISSUER"],
    ["neither APP_SESSION_AUDIENCE nor APP_SESSION_CLIENT_ID", { APP_SESSION_AUDIENCE: undefined }, "APP_SESSION_AUDIENCE"],
    ["no key setting and no issuer", { APP_SESSION_JWKS: undefined, APP_SESSION_ISSUER: undefined }, "APP_SESSION_ISSUER"],
    ["a bad APP_SESSION_MAX_AGE", { APP_SESSION_MAX_AGE: "soon" }, "APP_SESSION_MAX_AGE"],
    ["a bad APP_SESSION_USER_CLAIM", { APP_SESSION_USER_CLAIM: "a b" }, "APP_SESSION_USER_CLAIM"],
  ];
  for (const [name, extra, setting] of cases) {
    it(`${name}: 500 ERR_NOT_CONFIGURED naming ${setting}`, async () => {
      const r = await call(providerEnv(extra), await jwt(idClaims()));
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe(ErrorCode.NotConfigured);
      expect(r.body.error.message).toContain(setting);
      expect(r.body.token).toBeUndefined();
    });
  }
});

describe("development mode", () => {
  it("a forged Host and CF-Connecting-IP get no token when the launcher did not turn it on", async () => {
    const env = providerEnv();
    for (const base of ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787"]) {
      const r = await call(env, null, { path: "/token?sub=victim", base, headers: { "CF-Connecting-IP": "127.0.0.1", "X-Forwarded-For": "127.0.0.1" } });
      expect(r.status).toBe(401);
      expect(r.body.token).toBeUndefined();
    }
  });

  it("SCEYT_DEV_MODE on a public host name gets no token either", async () => {
    const env = { ...providerEnv(), SCEYT_DEV_MODE: "1" };
    const r = await call(env, null, { path: "/token?sub=victim", base: "https://tokens.example.com", headers: { "CF-Connecting-IP": "127.0.0.1" } });
    expect(r.status).toBe(401);
    expect(r.body.token).toBeUndefined();
  });

  it("the demo page served in development mode names the worker's token and keys; in production it does not", async () => {
    const ASSETS = { fetch: async () => new Response("<!doctype html><html><head><title>x</title></head><body></body></html>", { headers: { "Content-Type": "text/html" } }) };
    const page = async (env, base) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`${base}/`), { ...env, ASSETS }, ctx);
      await waitOnExecutionContext(ctx);
      return res.text();
    };
    const dev = await page({ ...providerEnv(), SCEYT_DEV_MODE: "1" }, "http://127.0.0.1:8787");
    const meta = /<meta name="sceyt-worker" content='([^']+)'>/.exec(dev);
    expect(meta).not.toBeNull();
    expect(JSON.parse(meta[1].replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&amp;/g, "&"))).toEqual({
      mode: "development",
      token: "/token",
      jwks: "/.well-known/jwks.json",
      appId: APP,
    });
    expect(await page(providerEnv(), "http://127.0.0.1:8787")).not.toContain("sceyt-worker");
    expect(await page({ ...providerEnv(), SCEYT_DEV_MODE: "1" }, "https://tokens.example.com")).not.toContain("sceyt-worker");
  });
});
