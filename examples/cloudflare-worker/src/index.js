// SCEYT token service as a Cloudflare Worker (modules syntax).
//
//   GET  /token                    → { token, expiresAt, expiresIn } for the caller's verified session
//                                    (Authorization: Bearer <ID or access token of your sign-in provider>,
//                                    or the Cf-Access-Jwt-Assertion header behind Cloudflare Access)
//   GET  /.well-known/jwks.json    → the public keys that verify the tokens
//   POST /verify   (body: token)   → the inspectToken() report, for debugging
//   OPTIONS *                      → CORS preflight (204)
//   GET  anything else             → static files (the demo page) when an ASSETS binding exists
//
// Environment (see docs/EDGE.md):
//   SCEYT_PRIVATE_KEY   secret  PEM (PKCS#8 or PKCS#1); escaped "\n" as stored by `wrangler secret put` is fine
//   SCEYT_APP_ID        var     the SCEYT application id, written as `aid`
//   SCEYT_TOKEN_LIFETIME var    optional, e.g. "6h" (default) — the package enforces 10 min … 24 h
//   SCEYT_EXTRA_JWKS    var     optional JSON JWKS of retired public keys to keep publishing while rotating
//                               (public keys only: a private or "oct" key there is refused)
// Sessions (the sign-in this worker exchanges for SCEYT tokens; one provider per row in docs/EDGE.md):
//   APP_SESSION_ISSUER  var     the iss every session must carry (always enforced when set; required with
//                               every public-key mode); with no key setting below, its keys come from
//                               OpenID Connect discovery
//   APP_SESSION_AUDIENCE var    the aud the sessions must hold, and/or
//   APP_SESSION_CLIENT_ID var   the client id (azp / client_id) — at least one of the two is required
//   APP_SESSION_TYP     var     optional: the typ header the sessions must carry (e.g. "at+jwt")
//   APP_SESSION_MAX_AGE var     optional: the oldest iat accepted (e.g. "1h", or seconds)
//   APP_SESSION_USER_CLAIM var  optional: the claim that holds the user id (default "sub")
//   APP_SESSION_KEYS_MAX_AGE var   optional: longest time the provider's keys are cached (default 10 min)
//   APP_SESSION_KEYS_MAX_STALE var optional: how long past that the last keys serve while the provider is
//                               unreachable (default 1 h); after it, 503 with Retry-After
//   APP_SESSION_JWKS    var     JWKS (JSON) that verifies your app's session tokens, or
//   APP_SESSION_JWKS_URL var    the https URL of that JWKS (fetched, cached and refreshed on rotation), or
//   APP_SESSION_SECRET  secret  HMAC secret (32+ bytes) that verifies them
//   CORS_ALLOWED_ORIGINS var    comma-separated origins allowed to call from a browser, or "*"
//   SCEYT_DEV_MODE      binding "1" turns on development mode. Never put it in wrangler.toml: `make demo`
//                               and `npm run dev` pass it on their command line and refuse to listen on
//                               anything but loopback with it (that is what protects it). The worker also
//                               honours it only for loopback host names, but nothing relies on that.
//
// A setting that is missing or unusable is answered with 500 ERR_NOT_CONFIGURED and a fixed message
// naming the setting; the reason (the package's error code, never its message, never the value) is
// logged with console.error. Keys are published with their public members only. When the session
// key server (APP_SESSION_JWKS_URL, APP_SESSION_ISSUER) cannot be reached, the answer is 503 with Retry-After and a fixed
// message, never 401: the caller's session may be fine.
import {
  ErrorCode,
  KeySet,
  PRIVATE_JWK_MEMBERS,
  RemoteKeySet,
  SigningKey,
  TokenError,
  TokenIssuer,
  TokenVerifier,
  VerifyingKey,
  decodeToken,
  inspectToken,
} from "sceyt-token";

const MAX_SUB_LENGTH = 256;
/** Largest `POST /verify` body read; past it the worker stops reading and answers 413. */
const MAX_VERIFY_BODY = 16 * 1024;
const DEV_APP_ID = "dev-app";
// C0 and C1 control characters (including DEL).
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** An error the worker answers with `{ error: { code, message } }`. */
class HttpError extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration errors. Their messages are fixed: what the key parser said about a secret stays
// out of every response and every log line (it might quote the secret).

const NOT_CONFIGURED = {
  SCEYT_PRIVATE_KEY:
    "SCEYT_PRIVATE_KEY is missing or is not a usable private key (PEM: PKCS#8, PKCS#1 or SEC1; RSA of 2048 bits or more, P-256 or Ed25519): the worker cannot issue tokens",
  SCEYT_APP_ID: "SCEYT_APP_ID is missing or is not a valid application id: the worker cannot issue tokens",
  SCEYT_TOKEN_LIFETIME:
    'SCEYT_TOKEN_LIFETIME is not a valid lifetime (e.g. "6h"; between 10 minutes and 24 hours): the worker cannot issue tokens',
  SCEYT_EXTRA_JWKS:
    'SCEYT_EXTRA_JWKS is not a JWKS of usable public keys ({"keys":[...]} without private members "d", "p", "q", … and without "oct" keys): the worker cannot publish its keys',
  APP_SESSION_JWKS: "APP_SESSION_JWKS is not a usable JWKS (public keys only): callers cannot be authenticated",
  APP_SESSION_JWKS_URL: "APP_SESSION_JWKS_URL is not a usable JWKS URL (https:): callers cannot be authenticated",
  APP_SESSION_ISSUER:
    "APP_SESSION_ISSUER is missing or is not a usable issuer (the iss of the sessions; https:, no query, for discovery): it is required with APP_SESSION_JWKS, APP_SESSION_JWKS_URL and discovery; callers cannot be authenticated",
  APP_SESSION_SECRET: "APP_SESSION_SECRET is not a usable HMAC secret (32 bytes or more): callers cannot be authenticated",
  APP_SESSION_AUDIENCE: "APP_SESSION_AUDIENCE is not a usable audience: callers cannot be authenticated",
  APP_SESSION_CLIENT_ID: "APP_SESSION_CLIENT_ID is not a usable client id: callers cannot be authenticated",
  APP_SESSION_TYP: 'APP_SESSION_TYP is not a usable token type (e.g. "JWT" or "at+jwt"): callers cannot be authenticated',
  APP_SESSION_MAX_AGE: 'APP_SESSION_MAX_AGE is not a usable duration (e.g. "1h" or 3600): callers cannot be authenticated',
  APP_SESSION_KEYS_MAX_AGE: 'APP_SESSION_KEYS_MAX_AGE is not a usable duration (e.g. "10m"): callers cannot be authenticated',
  APP_SESSION_KEYS_MAX_STALE: 'APP_SESSION_KEYS_MAX_STALE is not a usable duration (e.g. "1h"): callers cannot be authenticated',
  APP_SESSION_USER_CLAIM: "APP_SESSION_USER_CLAIM is not a usable claim name (letters, digits, _ : . / -): callers cannot be authenticated",
  "APP_SESSION_ISSUER or APP_SESSION_SECRET":
    "none of APP_SESSION_ISSUER, APP_SESSION_JWKS_URL, APP_SESSION_JWKS or APP_SESSION_SECRET is set: callers cannot be authenticated",
  "APP_SESSION_AUDIENCE or APP_SESSION_CLIENT_ID":
    "neither APP_SESSION_AUDIENCE nor APP_SESSION_CLIENT_ID is set (the session's aud or client id this worker accepts): callers cannot be authenticated",
};

/**
 * The 500 answer for an unusable setting. Logs the setting and a stable code only: the error's
 * message, stack and the setting's value are never logged.
 */
function notConfigured(setting, reason = ErrorCode.Missing) {
  const code = reason instanceof TokenError ? reason.code : typeof reason === "string" ? reason : ErrorCode.Unexpected;
  console.error(`sceyt-token worker: ${setting} is not usable (${code})`);
  return new HttpError(500, ErrorCode.NotConfigured, NOT_CONFIGURED[setting]);
}

/** Runs `fn`; any error it throws becomes ERR_NOT_CONFIGURED for `setting`. */
function configure(setting, fn) {
  try {
    return fn();
  } catch (err) {
    throw notConfigured(setting, err);
  }
}

// Public members per key type (RFC 7518 §6, RFC 8037 §2); everything else is dropped before a key
// is published. Private members (the package's one list, PRIVATE_JWK_MEMBERS: "d", "p", "q", "dp",
// "dq", "qi", "oth", "k"…) are never among them.
const PUBLIC_MEMBERS = { RSA: ["n", "e"], EC: ["crv", "x", "y"], OKP: ["crv", "x"] };

/** The public JWK of `jwk`: allow-listed members, `use` only "sig", `key_ops` only "verify". */
function publicJwk(jwk) {
  const out = { kty: jwk.kty };
  for (const m of PUBLIC_MEMBERS[jwk.kty] ?? []) if (typeof jwk[m] === "string") out[m] = jwk[m];
  for (const m of ["kid", "alg"]) if (typeof jwk[m] === "string") out[m] = jwk[m];
  if (jwk.use === "sig") out.use = "sig";
  if (Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify")) out.key_ops = ["verify"];
  return out;
}

/**
 * The retired public keys of SCEYT_EXTRA_JWKS, checked at configuration time: a JSON JWKS whose
 * keys are RSA, EC or OKP public keys usable for verification. A private member or an "oct" key
 * refuses the whole setting (publishing it would publish the secret).
 */
function extraKeys(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notConfigured("SCEYT_EXTRA_JWKS", ErrorCode.Json); // JSON.parse's message quotes the text
  }
  if (parsed === null || typeof parsed !== "object" || !Array.isArray(parsed.keys)) {
    throw notConfigured("SCEYT_EXTRA_JWKS", ErrorCode.NotAJwks);
  }
  for (const k of parsed.keys) {
    if (k === null || typeof k !== "object" || Array.isArray(k)) throw notConfigured("SCEYT_EXTRA_JWKS", ErrorCode.NotAJwk);
    if (PRIVATE_JWK_MEMBERS.some((m) => Object.hasOwn(k, m))) throw notConfigured("SCEYT_EXTRA_JWKS", ErrorCode.PrivateKey);
    if (!Object.hasOwn(PUBLIC_MEMBERS, k.kty)) throw notConfigured("SCEYT_EXTRA_JWKS", ErrorCode.KeyType);
  }
  // Every key must import (a malformed one is an error; KeySet skips encryption keys, which are
  // then not published either).
  configure("SCEYT_EXTRA_JWKS", () => KeySet.fromJwks({ keys: parsed.keys.map(publicJwk) }));
  return parsed.keys.filter((k) => k.use === undefined || k.use === "sig").map(publicJwk);
}

// ---------------------------------------------------------------------------------------------
// Per-isolate state. Parsing an RSA key costs milliseconds, so each configuration is parsed
// once and reused by every request the isolate serves. The cache is keyed by the configuration
// values themselves, so a redeploy with new secrets (a new isolate anyway) can never reuse a
// stale key.

let signerCache = { config: undefined, value: undefined };
let sessionCache = { config: undefined, value: undefined };
let devKeyPromise;

function isDevMode(env, url) {
  if (env.SCEYT_DEV_MODE !== "1" && env.SCEYT_DEV_MODE !== "true") return false;
  // Belt and braces: even if the binding leaked into a deployment, development mode only works
  // when the worker is reached on a loopback address (wrangler dev, workerd on 127.0.0.1).
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** The issuer, its public JWKS and a verifier for /verify; throws HttpError when unconfigured. */
async function getSigner(env, dev) {
  const pem = env.SCEYT_PRIVATE_KEY;
  const appId = env.SCEYT_APP_ID || (dev ? DEV_APP_ID : undefined);
  const config = [pem, appId, env.SCEYT_TOKEN_LIFETIME, env.SCEYT_EXTRA_JWKS, dev].join("\u0000");
  if (signerCache.config === config) return signerCache.value;

  let key;
  if (pem) {
    if (typeof pem !== "string") throw notConfigured("SCEYT_PRIVATE_KEY", ErrorCode.NotAString);
    key = configure("SCEYT_PRIVATE_KEY", () => SigningKey.fromPem(pem));
  } else if (dev) {
    // Development mode without a key: one throw-away key per isolate (make demo passes a real one).
    devKeyPromise ??= SigningKey.generate("RS256");
    key = await devKeyPromise;
  } else {
    throw notConfigured("SCEYT_PRIVATE_KEY");
  }
  if (!appId) throw notConfigured("SCEYT_APP_ID");

  // The application id and the lifetime are checked one after the other, so that the answer
  // names the setting at fault.
  let issuer = configure("SCEYT_APP_ID", () => new TokenIssuer(key, { applicationId: appId }));
  if (env.SCEYT_TOKEN_LIFETIME) {
    issuer = configure(
      "SCEYT_TOKEN_LIFETIME",
      () => new TokenIssuer(key, { applicationId: appId, lifetime: env.SCEYT_TOKEN_LIFETIME }),
    );
  }
  // Publish the current key first, then any retired keys that tokens in circulation may still use.
  const current = publicJwk(key.toPublicJwk());
  const keys = [current];
  if (env.SCEYT_EXTRA_JWKS) {
    keys.push(...extraKeys(env.SCEYT_EXTRA_JWKS).filter((k) => k.kid === undefined || k.kid !== current.kid));
  }
  const jwks = { keys };
  const value = { issuer, appId, jwks, publicKeys: configure("SCEYT_EXTRA_JWKS", () => KeySet.fromJwks(jwks)) };
  signerCache = { config, value };
  return value;
}

/** A duration setting: digits alone are seconds (a number), anything else is passed as written ("1h"). */
const duration = (value) => (/^[0-9]+$/.test(String(value)) ? Number(value) : String(value));

/** A comma-separated setting as one value or a list (undefined when empty). */
function listSetting(value) {
  if (value === undefined || value === null || value === "") return undefined;
  const items = String(value).split(",").map((v) => v.trim()).filter(Boolean);
  return items.length === 1 ? items[0] : items;
}

/**
 * The verifier of the sessions the worker exchanges (Authorization: Bearer …): your sign-in
 * provider's ID or access tokens, or your app's own HMAC sessions. Keys come from APP_SESSION_JWKS,
 * APP_SESSION_JWKS_URL, APP_SESSION_SECRET or, when none of those is set, the discovery document of
 * APP_SESSION_ISSUER. Every public-key mode needs APP_SESSION_ISSUER (a provider's keys sign the
 * tokens of all its tenants and clients), and every mode needs APP_SESSION_AUDIENCE or
 * APP_SESSION_CLIENT_ID (one provider signs tokens for other purposes and other clients too).
 * Whenever APP_SESSION_ISSUER is set, every session must carry it as `iss`.
 *
 * A remote key set lives at module scope like the verifier: shared by every request of the
 * isolate, it fetches in the requests that need keys and refreshes stale keys in the background
 * (kept alive by the request's waitUntil), never making one request wait for another's.
 * Returns { verifier, userClaim }.
 */
function getSessionVerifier(env) {
  const names = [
    "APP_SESSION_JWKS",
    "APP_SESSION_JWKS_URL",
    "APP_SESSION_ISSUER",
    "APP_SESSION_SECRET",
    "APP_SESSION_AUDIENCE",
    "APP_SESSION_CLIENT_ID",
    "APP_SESSION_TYP",
    "APP_SESSION_MAX_AGE",
    "APP_SESSION_USER_CLAIM",
    "APP_SESSION_KEYS_MAX_AGE",
    "APP_SESSION_KEYS_MAX_STALE",
  ];
  const config = names.map((n) => env[n] ?? "").join("\u0000");
  if (sessionCache.config === config) return sessionCache.value;
  const issuer = env.APP_SESSION_ISSUER || undefined;
  // Remote keys: cached up to APP_SESSION_KEYS_MAX_AGE (default 10 min; a shorter Cache-Control of the
  // provider wins) and served up to APP_SESSION_KEYS_MAX_STALE past it while the provider cannot be
  // reached (default 1 h); then 503.
  const remote = {};
  if (env.APP_SESSION_KEYS_MAX_AGE) remote.maxAge = duration(env.APP_SESSION_KEYS_MAX_AGE);
  if (env.APP_SESSION_KEYS_MAX_STALE) remote.maxStale = duration(env.APP_SESSION_KEYS_MAX_STALE);
  const remoteSetting = () => {
    if (remote.maxAge !== undefined) configure("APP_SESSION_KEYS_MAX_AGE", () => RemoteKeySet.fromIssuer("https://example.com", { maxAge: remote.maxAge }));
    if (remote.maxStale !== undefined) configure("APP_SESSION_KEYS_MAX_STALE", () => RemoteKeySet.fromIssuer("https://example.com", { maxStale: remote.maxStale }));
  };
  let key;
  if (env.APP_SESSION_JWKS) key = configure("APP_SESSION_JWKS", () => KeySet.fromJwks(env.APP_SESSION_JWKS));
  else if (env.APP_SESSION_JWKS_URL) {
    remoteSetting();
    key = configure("APP_SESSION_JWKS_URL", () => new RemoteKeySet(env.APP_SESSION_JWKS_URL, remote));
  }
  else if (env.APP_SESSION_SECRET) {
    key = configure("APP_SESSION_SECRET", () => VerifyingKey.fromSecret(env.APP_SESSION_SECRET));
  } else if (issuer) {
    remoteSetting();
    key = configure("APP_SESSION_ISSUER", () => RemoteKeySet.fromIssuer(issuer, remote));
  }
  else throw notConfigured("APP_SESSION_ISSUER or APP_SESSION_SECRET");
  // A provider's public keys sign the tokens of every tenant and client it serves: without the
  // issuer, a token of another tenant signed with the same keys would be accepted.
  if (!env.APP_SESSION_SECRET && !issuer) throw notConfigured("APP_SESSION_ISSUER");
  const audience = listSetting(env.APP_SESSION_AUDIENCE);
  const clientId = listSetting(env.APP_SESSION_CLIENT_ID);
  if (audience === undefined && clientId === undefined) throw notConfigured("APP_SESSION_AUDIENCE or APP_SESSION_CLIENT_ID");
  const userClaim = env.APP_SESSION_USER_CLAIM || "sub";
  if (!/^[A-Za-z0-9_:.\/-]{1,64}$/.test(userClaim)) throw notConfigured("APP_SESSION_USER_CLAIM", ErrorCode.ClaimName);
  // Session tokens are the provider's or the application's: no `aid`, their own lifetime. Each
  // setting is added on its own, so that a bad one is named.
  const options = { anyApplication: true, lifetimePolicy: false, requiredClaims: ["exp"] };
  const make = (setting, extra) => configure(setting, () => new TokenVerifier(key, Object.assign(options, extra)));
  if (issuer) make("APP_SESSION_ISSUER", { issuer });
  if (audience !== undefined) make("APP_SESSION_AUDIENCE", { audience });
  if (clientId !== undefined) make("APP_SESSION_CLIENT_ID", { clientId });
  if (env.APP_SESSION_TYP) make("APP_SESSION_TYP", { typ: listSetting(env.APP_SESSION_TYP) });
  // A number of seconds or a duration ("1h"): the session's iat must be at most this old.
  if (env.APP_SESSION_MAX_AGE) make("APP_SESSION_MAX_AGE", { maxTokenAge: duration(env.APP_SESSION_MAX_AGE) });
  const value = { verifier: make("APP_SESSION_USER_CLAIM", { requiredClaims: [...new Set(["exp", userClaim])] }), userClaim };
  sessionCache = { config, value };
  return value;
}

// ---------------------------------------------------------------------------------------------
// Request handling

function checkSub(sub, where) {
  if (typeof sub !== "string" || sub.length === 0) {
    throw new HttpError(400, ErrorCode.BadRequest, `${where} is missing or empty`);
  }
  if ([...sub].length > MAX_SUB_LENGTH) {
    throw new HttpError(400, ErrorCode.BadRequest, `${where} is longer than ${MAX_SUB_LENGTH} characters`);
  }
  if (CONTROL_CHARS.test(sub)) {
    throw new HttpError(400, ErrorCode.BadRequest, `${where} contains control characters`);
  }
  return sub;
}

/** The answer while the session key server cannot be reached: the session may be fine, retry. */
function keysUnavailable(err) {
  console.error(`sceyt-token worker: the session keys are unavailable (${err.code})`);
  return new HttpError(503, ErrorCode.KeysUnavailable, "the session keys cannot be fetched right now; retry later", {
    "Retry-After": "30",
  });
}

/** The user the token is for: from the verified app session, or (development only) `?sub=`. */
async function subjectOf(request, env, url, dev, ctx) {
  const auth = request.headers.get("Authorization");
  // Behind Cloudflare Access, the application token arrives in Cf-Access-Jwt-Assertion; it is
  // verified like any session (issuer, the application's AUD tag), so a forged header gains nothing.
  const access = auth ? null : request.headers.get("Cf-Access-Jwt-Assertion");
  if (dev && !auth && !access) return checkSub(url.searchParams.get("sub"), "query parameter sub");

  const unauthenticated = (code, message) =>
    new HttpError(401, code, message, { "WWW-Authenticate": 'Bearer realm="sceyt-token"' });
  const session = /^Bearer[ ]+([^\s]+)\s*$/i.exec(auth ?? "")?.[1] ?? /^\s*([^\s]+)\s*$/.exec(access ?? "")?.[1];
  if (!session) {
    throw unauthenticated(ErrorCode.Unauthenticated, "send your app session as Authorization: Bearer <token>");
  }
  const { verifier, userClaim } = getSessionVerifier(env);
  let claims;
  try {
    // waitUntil lets a key refresh started by this request finish after the response.
    ({ claims } = await verifier.verify(session, ctx ? { waitUntil: ctx.waitUntil.bind(ctx) } : undefined));
  } catch (err) {
    if (err instanceof TokenError && err.code === ErrorCode.KeysUnavailable) throw keysUnavailable(err);
    if (err instanceof TokenError) throw unauthenticated(err.code, `app session rejected: ${err.message}`);
    throw err;
  }
  try {
    return checkSub(claims[userClaim], `the session's ${userClaim}`);
  } catch (err) {
    throw unauthenticated(ErrorCode.Unauthenticated, err.message);
  }
}

async function issueToken(request, env, url, dev, ctx) {
  const sub = await subjectOf(request, env, url, dev, ctx);
  const { issuer } = await getSigner(env, dev);
  const token = await issuer.issue(sub);
  const { exp } = decodeToken(token).claims;
  return json(200, {
    token,
    expiresAt: new Date(exp * 1000).toISOString(),
    expiresIn: Math.max(0, exp - Math.floor(Date.now() / 1000)),
  });
}

/**
 * The request body as text, read as a stream up to `limit` bytes: past the limit (declared or
 * actual) reading stops, the stream is cancelled and the answer is 413; the rest is never buffered.
 */
async function readBody(request, limit) {
  const tooLarge = () => new HttpError(413, ErrorCode.BodyTooLarge, `the body is larger than ${limit} bytes`);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

async function verifyReport(request, env, dev) {
  const body = await readBody(request, MAX_VERIFY_BODY);
  const token = body.trim();
  if (!token) throw new HttpError(400, ErrorCode.BadRequest, "POST the token as the request body");
  const { publicKeys, appId } = await getSigner(env, dev);
  return json(200, inspectToken(token, { key: publicKeys, applicationId: appId }));
}

const ROUTES = {
  "/token": { GET: issueToken },
  "/.well-known/jwks.json": {
    GET: async (request, env, url, dev) =>
      json(200, (await getSigner(env, dev)).jwks, { "Cache-Control": "public, max-age=300" }),
  },
  "/verify": { POST: (request, env, url, dev) => verifyReport(request, env, dev) },
};

async function route(request, env, url, ctx) {
  const dev = isDevMode(env, url);
  const routes = ROUTES[url.pathname];
  if (request.method === "OPTIONS") return new Response(null, { status: 204 });
  if (routes) {
    const handler = routes[request.method] ?? (request.method === "HEAD" ? routes.GET : undefined);
    if (!handler) {
      throw new HttpError(405, ErrorCode.MethodNotAllowed, `${request.method} is not allowed on ${url.pathname}`, {
        Allow: [...Object.keys(routes), "OPTIONS"].join(", "),
      });
    }
    return handler(request, env, url, dev, ctx);
  }
  // Static files (the demo page): wrangler's [assets] or workerd's disk service, when bound.
  if (env.ASSETS && (request.method === "GET" || request.method === "HEAD")) {
    const assetUrl = new URL(url);
    if (assetUrl.pathname.endsWith("/")) assetUrl.pathname += "index.html";
    const response = await env.ASSETS.fetch(new Request(assetUrl, request));
    if (response.status !== 404) {
      const typed = withContentType(response, assetUrl.pathname);
      return dev && request.method === "GET" && assetUrl.pathname.endsWith(".html") ? await markDevPage(typed, env) : typed;
    }
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new HttpError(405, ErrorCode.MethodNotAllowed, `${request.method} is not allowed`, { Allow: "GET, HEAD, OPTIONS" });
  }
  throw new HttpError(404, ErrorCode.NotFound, `no route for ${url.pathname}`);
}

/**
 * Development mode only: the demo page learns that this worker serves it, and where its token and
 * keys are, from a <meta name="sceyt-worker"> added before </head> (www/worker.js then offers "get
 * a token from this worker"). Served any other way, the page has no such meta.
 */
async function markDevPage(response, env) {
  if (response.status !== 200) return response;
  let appId;
  try {
    ({ appId } = await getSigner(env, true));
  } catch {
    appId = undefined; // the page still shows the worker's 500 when asked for a token
  }
  const info = JSON.stringify({ mode: "development", token: "/token", jwks: "/.well-known/jwks.json", appId });
  const attr = info.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/</g, "&lt;");
  const html = (await response.text()).replace("</head>", `  <meta name="sceyt-worker" content='${attr}'>\n</head>`);
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.delete("ETag");
  headers.set("Cache-Control", "no-store");
  return new Response(html, { status: 200, headers });
}

// ---------------------------------------------------------------------------------------------
// Responses

// workerd's disk service answers without a Content-Type, and browsers refuse module scripts and
// streaming wasm compilation without the right one (wrangler's [assets] sets it already).
const CONTENT_TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  wasm: "application/wasm",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
};

function withContentType(response, pathname) {
  const current = response.headers.get("Content-Type");
  if (current && current !== "application/octet-stream") return response;
  const type = CONTENT_TYPES[pathname.split(".").pop().toLowerCase()];
  if (!type) return response;
  const headers = new Headers(response.headers);
  headers.set("Content-Type", type);
  headers.set("X-Content-Type-Options", "nosniff");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

function errorResponse(err) {
  if (err instanceof HttpError) {
    return json(err.status, { error: { code: err.code, message: err.message } }, err.headers);
  }
  if (err instanceof TokenError && err.code === ErrorCode.KeysUnavailable) return errorResponse(keysUnavailable(err));
  if (err instanceof TokenError) {
    // Configuration errors are HttpErrors by now; anything else the package throws here is its own
    // failure. Its code is answered and logged, its message is not (it could concern a key).
    console.error(`sceyt-token worker: the package failed (${err.code})`);
    return json(500, { error: { code: err.code, message: "the token service failed; see the code" } });
  }
  // Log the kind of error and where, not its message (which could quote a setting's value).
  const stack = typeof err?.stack === "string" ? err.stack : "";
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 5).join("\n");
  console.error(`sceyt-token worker: unexpected ${err?.name ?? typeof err}\n${frames}`);
  return json(500, { error: { code: ErrorCode.Internal, message: "internal error" } });
}

/** CORS headers for an allowed `Origin` (CORS_ALLOWED_ORIGINS: comma-separated list or "*"). */
function corsHeaders(request, env) {
  const origin = request.headers.get("Origin");
  if (!origin) return {};
  const allowed = (env.CORS_ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  if (!allowed.includes("*") && !allowed.includes(origin)) return {};
  return {
    "Access-Control-Allow-Origin": allowed.includes("*") ? "*" : origin,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    let response;
    try {
      response = await route(request, env, url, ctx);
    } catch (err) {
      response = errorResponse(err);
    }
    const cors = corsHeaders(request, env);
    if (Object.keys(cors).length === 0) return response;
    // Responses from fetch() (assets) have immutable headers: copy before adding CORS.
    response = new Response(response.body, response);
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  },
};
