// The example worker against a real OpenID provider (issue 21): `oidc-provider` (panva's certified
// implementation) on 127.0.0.1 with its own RS256 keys and devInteractions. A user signs in through
// the authorization-code flow with PKCE, driven over HTTP here (redirects followed, the login and
// consent forms posted, the code exchanged); the worker — in workerd or in miniflare — exchanges the
// provider's ID token for a SCEYT token, which jose and PyJWT verify against the worker's JWKS.
//
// The worker finds the provider's keys by discovery from APP_SESSION_ISSUER alone. Nothing is
// injected: workerd's outbound network is told to allow local addresses (an `internet` network
// service with allow = ["public", "local"]); miniflare's default outbound reaches loopback.
//
// Rotation: the provider restarts with a new signing key B (A still published): a token of B is
// exchanged at once (unknown kid → one refetch); then A is removed: A's token fails (401
// ERR_KEY_NOT_FOUND) from the first refresh after the keys' max age (2 s) on. Outage: the provider
// answers 503 to everything: the cached keys serve until max age + max stale (2 s + 3 s), then
// 503 ERR_KEYS_UNAVAILABLE with Retry-After; it comes back and tokens are exchanged again. Every
// request to the provider is counted (discovery document, JWKS).
//
// Usage: node tests/runtimes/oidc-exchange.mjs workerd|miniflare — prints one JSON result line.
import { spawn, spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import Provider from "oidc-provider";
import { SigningKey } from "sceyt-token";
import { bundleWorker, waitForHttp, writeConfig } from "../../scripts/lib/workerd.mjs";
import { createHarness, merge } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const runtime = process.argv[2] ?? "workerd";
const APP = "app-oidc";
const CLIENT = "chat-web";
const OTHER = "other-app";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });

const checks = createHarness({ prefix: `${runtime}: ` });
const check = checks.record;

// ---------------------------------------------------------------------------------------------
// The provider

const providerPort = await freePort();
const ISSUER = `http://127.0.0.1:${providerPort}`;
const REDIRECT = "http://127.0.0.1:9/callback"; // never fetched: the flow stops at its Location
const rsa = (kid) => ({ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" });
const keyA = rsa("key-a");
const keyB = rsa("key-b");
const hits = { doc: 0, keys: 0, other: 0 };
let down = false;
let handler = (req, res) => res.writeHead(503).end();
// One HTTP server on the provider's port; a rotation replaces the provider instance behind it (the
// provider's keys are fixed at construction, as a real deployment's are between restarts).
const server = createHttpServer((req, res) => handler(req, res));
await new Promise((ok) => server.listen(providerPort, "127.0.0.1", ok));

/** Serves a new oidc-provider on ISSUER with `keys` (the first signs). */
async function startProvider(keys) {
  const provider = new Provider(ISSUER, {
    clients: [CLIENT, OTHER].map((id) => ({
      client_id: id,
      token_endpoint_auth_method: "none",
      application_type: "native",
      redirect_uris: [REDIRECT],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    jwks: { keys },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ["cookie-key-for-tests-0123456789"] },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === "/.well-known/openid-configuration") hits.doc++;
    else if (ctx.path === "/jwks") hits.keys++;
    else hits.other++;
    if (down) {
      ctx.status = 503;
      ctx.body = "down";
      return;
    }
    await next();
  });
  handler = provider.callback();
}
const stopProvider = async () => {
  handler = (req, res) => res.writeHead(503).end();
};
const closeServer = () =>
  new Promise((ok) => {
    server.closeAllConnections?.();
    server.close(() => ok());
  });

/** Cookie jar: name → value, sent on every request to the provider. */
function signInAs(login, clientId = CLIENT) {
  const jar = new Map();
  const request = async (url, init = {}) => {
    const res = await fetch(new URL(url, ISSUER), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  return (async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const auth = new URL("/auth", ISSUER);
    for (const [k, v] of Object.entries({
      client_id: clientId,
      response_type: "code",
      scope: "openid",
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: randomBytes(8).toString("hex"),
      nonce: randomBytes(8).toString("hex"),
    })) {
      auth.searchParams.set(k, v);
    }
    let res = await request(auth);
    const steps = [];
    for (let i = 0; i < 12; i++) {
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        steps.push(`${res.status} → ${location.split("?")[0]}`);
        if (location.startsWith(REDIRECT)) {
          const code = new URL(location).searchParams.get("code");
          const token = await request("/token", {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }),
          });
          const body = await token.json();
          if (!body.id_token) throw new Error(`token endpoint: ${token.status} ${JSON.stringify(body)}`);
          return { idToken: body.id_token, steps };
        }
        res = await request(location);
        continue;
      }
      const html = await res.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
      if (res.status !== 200 || !form) throw new Error(`sign-in stopped at ${res.status}: ${html.slice(0, 300)}`);
      const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
      steps.push(`form ${prompt}`);
      const fields = prompt === "login" ? { prompt, login, password: "any password" } : { prompt };
      res = await request(form[1], { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    }
    throw new Error(`sign-in did not finish: ${steps.join(", ")}`);
  })();
}

// ---------------------------------------------------------------------------------------------
// The worker

const work = mkdtempSync(join(tmpdir(), `sceyt-oidc-${runtime}-`));
let child;
let mf;
process.on("exit", () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

const sceytKey = await SigningKey.generate("RS256");
const bindings = {
  SCEYT_PRIVATE_KEY: sceytKey.toPem(),
  SCEYT_APP_ID: APP,
  APP_SESSION_ISSUER: ISSUER,
  APP_SESSION_AUDIENCE: CLIENT,
  APP_SESSION_KEYS_MAX_AGE: "2s",
  APP_SESSION_KEYS_MAX_STALE: "3s",
};

let base;
let dispatch;
async function startWorker() {
  const modules = await bundleWorker(join(root, "examples/cloudflare-worker/src/index.js"), join(work, "build"));
  if (runtime === "workerd") {
    const port = await freePort();
    const config = writeConfig(work, {
      services: [{ name: "exchange", modules, bindings, socket: { port } }],
      // The worker's own fetch() reaches the provider on loopback through workerd's network
      // service (its default allows public addresses only).
      network: ["public", "local"],
    });
    let log = "";
    child = spawn(resolve(root, "node_modules/.bin/workerd"), ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    process.on("exit", () => process.exitCode && console.error(log.slice(-3000)));
    base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/.well-known/jwks.json`, 20000, () => child.exitCode === null);
    dispatch = (path, init) => fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(8000) });
  } else {
    const { Miniflare } = await import("miniflare");
    mf = new Miniflare({
      compatibilityDate: "2025-09-01",
      modulesRoot: join(work, "build"),
      modules: modules.map((m) => ({ type: m.kind === "wasm" ? "CompiledWasm" : "ESModule", path: m.path })),
      bindings,
    });
    await mf.ready;
    dispatch = (path, init) => mf.dispatchFetch(`http://worker.test${path}`, { ...init, signal: AbortSignal.timeout(8000) });
  }
}

async function exchange(idToken) {
  const t0 = Date.now();
  const res = await dispatch("/token", { headers: idToken ? { authorization: `Bearer ${idToken}` } : {} });
  const body = await res.json().catch(() => ({}));
  return { status: res.status, body, code: body?.error?.code, retryAfter: res.headers.get("retry-after"), ms: Date.now() - t0 };
}
const show = (r) => `${r.status} ${r.code ?? ""} ${r.ms} ms ${r.body?.error?.message ?? ""}`.trim();

// ---------------------------------------------------------------------------------------------

const fetches = {};
try {
  await startProvider([keyA]);
  await startWorker();

  // 1. Sign-in and exchange.
  const alice = await signInAs("alice");
  const idHeader = jose.decodeProtectedHeader(alice.idToken);
  const idClaims = jose.decodeJwt(alice.idToken);
  check(
    "a user signs in through the authorization-code flow with PKCE (login and consent forms posted, code exchanged)",
    idClaims.iss === ISSUER && idClaims.aud === CLIENT && idClaims.sub === "alice" && idHeader.kid === "key-a",
    `${alice.steps.join(", ")}; header ${JSON.stringify(idHeader)}; claims ${JSON.stringify(idClaims)}`,
  );
  const ok = await exchange(alice.idToken);
  check("the provider's ID token is exchanged: 200 { token, expiresAt, expiresIn }", ok.status === 200 && Object.keys(ok.body).sort().join() === "expiresAt,expiresIn,token", show(ok));
  const jwks = await (await dispatch("/.well-known/jwks.json")).json();
  let joseSub;
  try {
    joseSub = (await jose.jwtVerify(ok.body.token, jose.createLocalJWKSet(jwks), { algorithms: ["RS256"] })).payload;
  } catch (err) {
    joseSub = { error: err.message };
  }
  check("jose verifies the SCEYT token against the worker's JWKS (sub alice, aid)", joseSub.sub === "alice" && joseSub.aid === APP, JSON.stringify(joseSub));
  const py = spawnSync(
    join(root, "target/pyenv/bin/python"),
    [
      "-c",
      `import sys, json, jwt
d = json.load(sys.stdin)
key = jwt.PyJWK(d["jwks"]["keys"][0]).key
c = jwt.decode(d["token"], key, algorithms=["RS256"])
print(json.dumps({"sub": c["sub"], "aid": c.get("aid")}))`,
    ],
    { input: JSON.stringify({ token: ok.body.token, jwks }), encoding: "utf8" },
  );
  let pyOut;
  try {
    pyOut = JSON.parse(py.stdout);
  } catch {
    pyOut = { error: `${py.stderr}`.slice(-300) };
  }
  check("PyJWT verifies the SCEYT token against the worker's JWKS", pyOut.sub === "alice" && pyOut.aid === APP, JSON.stringify(pyOut));
  check("discovery then keys: 1 document + 1 JWKS fetch for the first exchange", hits.doc === 1 && hits.keys === 1, JSON.stringify(hits));
  fetches.firstExchange = { ...hits };

  // 2. The same provider's ID token for another client.
  const other = await signInAs("alice", OTHER);
  const r = await exchange(other.idToken);
  check("an ID token of the same provider for another client: 401 ERR_AUDIENCE_MISMATCH", r.status === 401 && r.code === "ERR_AUDIENCE_MISMATCH", show(r));
  const none = await exchange(null);
  check("no session: 401", none.status === 401, show(none));

  // 3. Rotation: B signs, A still published.
  const before = { ...hits };
  await stopProvider();
  await startProvider([keyB, keyA]);
  const bob = await signInAs("bob");
  const bHeader = jose.decodeProtectedHeader(bob.idToken);
  const rb = await exchange(bob.idToken);
  check("after the provider rotates to key B, B's first token is exchanged at once (unknown kid: one refetch)", bHeader.kid === "key-b" && rb.status === 200, `${bHeader.kid} ${show(rb)}`);
  const ra = await exchange(alice.idToken);
  check("A's token (A still published) is still exchanged", ra.status === 200, show(ra));
  const rotationKeys = hits.keys - before.keys;
  check("rotation cost at most 2 JWKS fetches", rotationKeys >= 1 && rotationKeys <= 2, JSON.stringify(hits));
  // A removed.
  await stopProvider();
  await startProvider([keyB]);
  const removedAt = Date.now();
  const trail = [];
  let failedAt = null;
  while (Date.now() - removedAt < 12000) {
    const x = await exchange(alice.idToken);
    trail.push(`+${Date.now() - removedAt}: ${x.status} ${x.code ?? ""}`);
    if (x.status === 401) {
      failedAt = { ms: Date.now() - removedAt, r: x };
      break;
    }
    if (x.status !== 200) break;
    await sleep(250);
  }
  check(
    "once A is removed, A's token fails (401 ERR_KEY_NOT_FOUND) after the next refresh (keys' max age 2 s)",
    failedAt !== null && failedAt.r.code === "ERR_KEY_NOT_FOUND" && failedAt.ms < 2000 + 3000,
    trail.join(", "),
  );
  const rb2 = await exchange(bob.idToken);
  check("B's token keeps being exchanged", rb2.status === 200, show(rb2));
  fetches.rotation = { doc: hits.doc - before.doc, keys: hits.keys - before.keys, untilRemovedKeyFails: failedAt?.ms };

  // 4. Outage: the provider answers 503 to everything.
  await sleep(2500); // let the keys go stale, then one good refresh marks the start
  const beforeOutage = { ...hits };
  let t0 = null;
  for (let i = 0; i < 20 && t0 === null; i++) {
    const x = await exchange(bob.idToken);
    if (x.status === 200 && hits.keys > beforeOutage.keys) t0 = Date.now();
    await sleep(100);
  }
  const lastFetch = Date.now();
  const atDown = { ...hits };
  down = true;
  const seen = [];
  while (Date.now() - lastFetch < 8000) {
    const x = await exchange(bob.idToken);
    seen.push({ at: Date.now() - lastFetch, x });
    await sleep(250);
  }
  const staleOk = seen.filter((s) => s.at < 4500);
  const past = seen.filter((s) => s.at > 6000);
  check("during the outage, cached keys serve (200) until max age + max stale (~5 s)", staleOk.length >= 5 && staleOk.every((s) => s.x.status === 200), seen.map((s) => `+${s.at}:${s.x.status}`).join(" "));
  check(
    "past max stale, 503 ERR_KEYS_UNAVAILABLE with Retry-After and the fixed message, never 401",
    past.length >= 3 && past.every((s) => s.x.status === 503 && s.x.code === "ERR_KEYS_UNAVAILABLE" && s.x.retryAfter && /retry later/.test(s.x.body.error.message)),
    past.map((s) => `+${s.at}: ${show(s.x)} retry-after ${s.x.retryAfter}`).join("; "),
  );
  check("every request during the outage was answered within 2 s", seen.every((s) => s.x.ms < 2000), seen.filter((s) => s.x.ms >= 2000).map((s) => show(s.x)).join("; "));
  const duringOutage = { keys: hits.keys - atDown.keys, doc: hits.doc - atDown.doc };
  down = false;
  let back = null;
  const end = Date.now() + 10000;
  while (Date.now() < end && !back) {
    const x = await exchange(bob.idToken);
    if (x.status === 200) back = Date.now() - lastFetch;
    else await sleep(250);
  }
  check("the provider comes back: tokens are exchanged again", back !== null, "no 200 within 10 s");
  check("requests to the provider during the 8 s outage are bounded (at most 8 JWKS attempts)", duringOutage.keys <= 8 && duringOutage.doc <= 8, JSON.stringify(duringOutage));
  fetches.outage = { beforeDown: { keys: atDown.keys - beforeOutage.keys, doc: atDown.doc - beforeOutage.doc }, whileDown: duringOutage, backAfterMsFromLastGoodFetch: back };
  fetches.total = { ...hits };
  console.log(JSON.stringify({ ...checks.result(), fetches }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  const harness = createHarness();
  harness.record("harness", false, String(err?.message ?? err));
  console.log(JSON.stringify({ ...merge(checks.result(), harness.result()), fetches }));
  process.exitCode = 1;
} finally {
  await mf?.dispose().catch(() => {});
  await closeServer().catch(() => {});
  process.exit();
}
