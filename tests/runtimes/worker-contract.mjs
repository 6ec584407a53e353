// HTTP contract of the example worker (examples/cloudflare-worker), checked from outside over
// 127.0.0.1 with fetch and jose. `urls` maps each configuration the harness started to its base URL:
//   dev         SCEYT_DEV_MODE=1, the key, SCEYT_APP_ID, CORS_ALLOWED_ORIGINS=<origin>, ASSETS disk
//   prod        the key as Workers secrets store it (escaped \n), APP_SESSION_SECRET, CORS
//   prodJwks    the key, APP_SESSION_JWKS (public half of `session.jwk`)
//   unconfigured APP_SESSION_SECRET only (no SCEYT_PRIVATE_KEY / SCEYT_APP_ID)
//   badKey      SCEYT_PRIVATE_KEY = a broken PEM
// Returns { passed, failed, names, failures } like the suite (the shared harness, tests/common/harness.mjs).
import { createHarness } from "../common/harness.mjs";

export async function runContract(urls, { jose, appId, sessionSecret, sessionKey, origin, assetText }) {
  const { check, equal, assert, result } = createHarness({ prefix: "contract: " });
  const call = async (base, path, init = {}) => {
    const res = await fetch(new URL(path, base), { ...init, signal: AbortSignal.timeout(10000) });
    const text = await res.text();
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { res, body, text };
  };
  const expectError = async (base, path, init, status, code, what) => {
    const { res, body, text } = await call(base, path, init);
    equal(res.status, status, `${what}: status (${text.slice(0, 200)})`);
    equal(body?.error?.code, code, `${what}: error.code`);
    assert(typeof body.error.message === "string" && body.error.message.length > 0, `${what}: error.message`);
    return { res, body };
  };
  const session = (sub, { secret = sessionSecret, exp = "10m" } = {}) => {
    const jwt = new jose.SignJWT({}).setProtectedHeader({ alg: "HS256" }).setAudience("chat").setIssuedAt().setExpirationTime(exp);
    if (sub !== undefined) jwt.setSubject(sub);
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });
  const jwksOf = async (base) => {
    const { res, body } = await call(base, "/.well-known/jwks.json");
    equal(res.status, 200, "jwks status");
    return body;
  };
  /** Fetches a token, checks the response shape and verifies it with jose against the JWKS. */
  const tokenFrom = async (base, path, init) => {
    const { res, body, text } = await call(base, path, init);
    equal(res.status, 200, `GET ${path} status (${text.slice(0, 200)})`);
    equal(res.headers.get("cache-control"), "no-store", "Cache-Control");
    assert(res.headers.get("content-type")?.startsWith("application/json"), "JSON content type");
    const { payload, protectedHeader } = await jose.jwtVerify(body.token, jose.createLocalJWKSet(await jwksOf(base)), {
      algorithms: ["RS256"],
    });
    equal(body.expiresAt, new Date(payload.exp * 1000).toISOString(), "expiresAt");
    const left = payload.exp - Math.floor(Date.now() / 1000);
    assert(Math.abs(body.expiresIn - left) <= 2, `expiresIn ${body.expiresIn} ≈ ${left}`);
    return { payload, protectedHeader, body };
  };

  await check("dev: GET /token?sub= issues a token jose verifies with the JWKS (kid = thumbprint)", async () => {
    const { payload, protectedHeader } = await tokenFrom(urls.dev, "/token?sub=alice");
    equal(payload.sub, "alice", "sub");
    equal(payload.aid, appId, "aid");
    equal(payload.exp - payload.iat, 6 * 3600, "default lifetime");
    const { keys } = await jwksOf(urls.dev);
    equal(keys.length, 1, "one key published");
    equal(protectedHeader.kid, keys[0].kid, "kid published");
    equal(keys[0].kid, await jose.calculateJwkThumbprint(keys[0], "sha256"), "kid is the RFC 7638 thumbprint");
    assert(keys[0].d === undefined && keys[0].p === undefined, "JWKS holds no private material");
  });

  await check("dev: missing, empty, over-long and control-character sub → 400 ERR_BAD_REQUEST", async () => {
    for (const q of ["", "?sub=", `?sub=${"x".repeat(257)}`, "?sub=a%01b", "?sub=a%7Fb", "?sub=%C2%85", "?sub=a%0Ab"]) {
      await expectError(urls.dev, `/token${q}`, {}, 400, "ERR_BAD_REQUEST", `sub ${q.slice(0, 20)}`);
    }
    const { payload } = await tokenFrom(urls.dev, `/token?sub=${"é".repeat(256)}`);
    equal(payload.sub, "é".repeat(256), "256-character sub accepted");
  });

  await check("other methods → 405 ERR_METHOD_NOT_ALLOWED; unknown path → 404", async () => {
    const { res } = await expectError(urls.dev, "/token", { method: "POST" }, 405, "ERR_METHOD_NOT_ALLOWED", "POST /token");
    assert(res.headers.get("allow")?.includes("GET"), "Allow header");
    await expectError(urls.dev, "/.well-known/jwks.json", { method: "DELETE" }, 405, "ERR_METHOD_NOT_ALLOWED", "DELETE jwks");
    await expectError(urls.dev, "/verify", {}, 405, "ERR_METHOD_NOT_ALLOWED", "GET /verify");
    await expectError(urls.dev, "/nope", {}, 404, "ERR_NOT_FOUND", "GET /nope");
  });

  await check("CORS: preflight 204 with headers for allowed origins only", async () => {
    const preflight = (o) =>
      call(urls.prod, "/token", {
        method: "OPTIONS",
        headers: { Origin: o, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
      });
    const ok = await preflight(origin);
    equal(ok.res.status, 204, "preflight status");
    equal(ok.res.headers.get("access-control-allow-origin"), origin, "allow-origin");
    assert(/authorization/i.test(ok.res.headers.get("access-control-allow-headers") ?? ""), "allows Authorization");
    assert(/GET/.test(ok.res.headers.get("access-control-allow-methods") ?? ""), "allows GET");
    const denied = await preflight("https://evil.example");
    equal(denied.res.status, 204, "preflight status (other origin)");
    equal(denied.res.headers.get("access-control-allow-origin"), null, "no allow-origin for other origins");
    const { res } = await expectError(urls.prod, "/token", { headers: { Origin: origin } }, 401, "ERR_UNAUTHENTICATED", "CORS on errors");
    equal(res.headers.get("access-control-allow-origin"), origin, "allow-origin on actual responses");
  });

  await check("POST /verify returns the inspectToken report", async () => {
    const { body: t } = await call(urls.dev, "/token?sub=carol");
    const ok = await call(urls.dev, "/verify", { method: "POST", body: t.token });
    equal(ok.res.status, 200, "status");
    equal(ok.body.verdict, "valid", "verdict");
    equal(ok.body.claims.sub, "carol", "claims.sub");
    const parts = t.token.split(".");
    const bad = `${parts[0]}.${parts[1]}.${parts[2].slice(0, -4)}AAAA`;
    const tampered = await call(urls.dev, "/verify", { method: "POST", body: bad });
    equal(tampered.body.verdict, "invalid", "tampered verdict");
    equal(tampered.body.code, "ERR_SIGNATURE_INVALID", "tampered code");
    await expectError(urls.dev, "/verify", { method: "POST", body: "  " }, 400, "ERR_BAD_REQUEST", "empty body");
  });

  await check("prod: no session → 401 ERR_UNAUTHENTICATED, ?sub= is not honoured", async () => {
    const { res } = await expectError(urls.prod, "/token?sub=alice", {}, 401, "ERR_UNAUTHENTICATED", "no Authorization");
    assert(res.headers.get("www-authenticate")?.startsWith("Bearer"), "WWW-Authenticate");
    await expectError(urls.prod, "/token", { headers: { Authorization: "Basic Zm9vOmJhcg==" } }, 401, "ERR_UNAUTHENTICATED", "Basic auth");
  });

  await check("prod: a valid session issues a token for the session's sub (query ignored)", async () => {
    const { payload } = await tokenFrom(urls.prod, "/token?sub=mallory", bearer(await session("bob")));
    equal(payload.sub, "bob", "sub from the session");
    equal(payload.aid, appId, "aid");
    // Same key, given with escaped newlines: same kid as the dev service.
    equal((await jwksOf(urls.prod)).keys[0].kid, (await jwksOf(urls.dev)).keys[0].kid, "kid from the escaped PEM");
  });

  await check("prod: invalid sessions → 401 with the package's code", async () => {
    await expectError(urls.prod, "/token", bearer("garbage"), 401, "ERR_TOKEN_MALFORMED", "malformed");
    const wrong = await session("bob", { secret: "another-secret-that-is-32-bytes-long!!" });
    await expectError(urls.prod, "/token", bearer(wrong), 401, "ERR_SIGNATURE_INVALID", "wrong secret");
    const expired = await session("bob", { exp: Math.floor(Date.now() / 1000) - 120 });
    await expectError(urls.prod, "/token", bearer(expired), 401, "ERR_TOKEN_EXPIRED", "expired");
    await expectError(urls.prod, "/token", bearer(await session(undefined)), 401, "ERR_CLAIM_INVALID", "no sub");
    await expectError(urls.prod, "/token", bearer(await session("x".repeat(300))), 401, "ERR_UNAUTHENTICATED", "long sub");
  });

  await check("prod: sessions verified against APP_SESSION_JWKS (RS256, by kid)", async () => {
    const token = await new jose.SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: sessionKey.kid })
      .setIssuer("https://auth.example.com/")
      .setAudience("chat")
      .setSubject("dave")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(sessionKey.privateKey);
    const { payload } = await tokenFrom(urls.prodJwks, "/token", bearer(token));
    equal(payload.sub, "dave", "sub");
  });

  await check("dev mode is ignored on a non-loopback host", async () => {
    // fetch() does not let a caller set Host; node:http does (the worker sees it in request.url).
    const { request } = await import("node:http");
    const { status, body } = await new Promise((done, fail) => {
      const req = request(new URL("/token?sub=alice", urls.dev), { headers: { Host: "tokens.example.com" }, timeout: 10000 }, (res) => {
        let data = "";
        res.on("data", (d) => (data += d));
        res.on("end", () => done({ status: res.statusCode, body: JSON.parse(data) }));
      });
      req.on("error", fail);
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.end();
    });
    equal(status, 401, "status on a public host");
    equal(body?.error?.code, "ERR_UNAUTHENTICATED", "code on a public host");
  });

  await check("unconfigured or broken key → 500 ERR_NOT_CONFIGURED naming the setting, never the parser's text", async () => {
    const { body } = await expectError(urls.unconfigured, "/token", bearer(await session("bob")), 500, "ERR_NOT_CONFIGURED", "no key");
    assert(body.error.message.includes("SCEYT_PRIVATE_KEY"), "message names the missing secret");
    await expectError(urls.unconfigured, "/.well-known/jwks.json", {}, 500, "ERR_NOT_CONFIGURED", "jwks without key");
    const broken = await expectError(urls.badKey, "/token", bearer(await session("bob")), 500, "ERR_NOT_CONFIGURED", "broken key");
    assert(broken.body.error.message.includes("SCEYT_PRIVATE_KEY"), "message names the broken secret");
    const brokenJwks = await expectError(urls.badKey, "/.well-known/jwks.json", {}, 500, "ERR_NOT_CONFIGURED", "jwks with a broken key");
    equal(brokenJwks.body.error.message, broken.body.error.message, "one fixed message for the setting");
  });

  if (assetText !== undefined) {
    await check("static files (ASSETS) are served at /", async () => {
      const { res, text } = await call(urls.dev, "/");
      equal(res.status, 200, "status");
      equal(text, assetText, "index.html");
      equal(res.headers.get("content-type"), "text/html; charset=utf-8", "index.html content type");
    });
  }

  return result();
}
