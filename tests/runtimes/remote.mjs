// Remote key sets kept at module scope in a Worker (issue 18), in real workerd or miniflare, against
// a real JWKS provider on 127.0.0.1 whose every request is counted (tests/runtimes/jwks-server.mjs).
// The worker is tests/runtimes/worker/remote.mjs. Usage: node tests/runtimes/remote.mjs workerd|miniflare
// Prints one JSON result line (checks, plus `fetches`: the provider's request count per scenario).
//
// Rotation (scenarios issue, module, nowait, sync): the provider answers max-age=600 with key A; two
// valid requests; 3 s later (past the set's maxAge of 2 s) the provider adds key B; one request
// without a token (401, it ends at once); then 20 requests with tokens of B (and of A), each answered
// within 2 s, B's verified from the first of them on (sync: from the second, since verifySync never
// waits for the network).
// Outage (hang, hangnowait): the provider stops answering (timeout 1 s, maxAge 2 s, maxStale 3 s):
// every request is answered, none waits past the timeout, stale keys are served until maxStale, then
// 503 ERR_KEYS_UNAVAILABLE with Retry-After; the provider comes back and keys verify again.
// The example worker (workerd only): APP_SESSION_JWKS_URL on this provider; a session is exchanged
// for a SCEYT token (200), a session of an unknown key is 401, a provider that answers HTTP 503 or
// something that is not a JWKS is 503 with a fixed message and Retry-After (never 401), until it
// recovers.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SigningKey, TokenIssuer } from "sceyt-token";
import { bundleWorker, waitForHttp, writeConfig } from "../../scripts/lib/workerd.mjs";
import { startJwksServer } from "./jwks-server.mjs";
import { createHarness } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const runtime = process.argv[2] ?? "workerd";
/** A port free on 127.0.0.1 right now (the matrix's fixed ports may be taken by a parallel run). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
const PORT = Number(process.env.SCEYT_REMOTE_TEST_PORT ?? (await freePort()));
const APP = "app-remote";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync(join(tmpdir(), `sceyt-remote-${runtime}-`));
let child;
let mf;
let provider;
const cleanup = () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
};
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

const keyA = await SigningKey.generate("RS256");
const keyB = await SigningKey.generate("RS256");
const tokenOf = (key, sub) => new TokenIssuer(key, { applicationId: APP }).issueSync(sub);

const checks = createHarness({ prefix: `${runtime}: ` });
const check = checks.record;

/** One request to the worker: { status, body, ms (measured here), retryAfter }. Never hangs (8 s cap). */
let dispatch;
async function call(scenario, token) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const t0 = Date.now();
  try {
    const res = await dispatch(`/${scenario}`, headers);
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text.slice(0, 300) };
    }
    return { status: res.status, body, ms: Date.now() - t0, retryAfter: res.headers.get("retry-after") };
  } catch (e) {
    return { status: 0, body: { error: String(e?.message ?? e) }, ms: Date.now() - t0 };
  }
}

const short = (r) => `${r.status} ${r.body?.code ?? r.body?.sub ?? ""} ${r.ms} ms${r.body?.message ? ` (${String(r.body.message).slice(0, 160)})` : ""}`;

async function rotation(scenario) {
  const s = provider.state(scenario);
  s.keys = [keyA.toPublicJwk()];
  s.cacheControl = "max-age=600";
  const sync = scenario === "sync";
  // verifySync never waits for the network: until the first fetch (started in the background by the
  // first call) has landed, it answers 503 ERR_KEYS_UNAVAILABLE, never 401.
  const warmup = [];
  if (sync) {
    for (let i = 0; i < 20; i++) {
      const r = await call(scenario, tokenOf(keyA, "warm"));
      warmup.push(r);
      if (r.status === 200) break;
      await sleep(50);
    }
    const last = warmup.at(-1);
    check(`${scenario}: before the first fetch lands, 503 ERR_KEYS_UNAVAILABLE; then 200`, last.status === 200 && warmup.slice(0, -1).every((r) => r.status === 503 && r.body?.code === "ERR_KEYS_UNAVAILABLE"), warmup.map(short).join("; "));
  }
  const first = [await call(scenario, tokenOf(keyA, "a1")), await call(scenario, tokenOf(keyA, "a2"))];
  const hitsBefore = s.hits;
  await sleep(3000);
  s.keys = [keyA.toPublicJwk(), keyB.toPublicJwk()];
  const early = await call(scenario, null);
  const after = [];
  for (let i = 0; i < 20; i++) {
    // Mostly tokens of the new key; every fifth one of the old key, which must keep verifying.
    const b = i % 5 !== 4;
    after.push({ b, r: await call(scenario, tokenOf(b ? keyB : keyA, `u${i}`)) });
  }
  check(`${scenario}: two valid requests answered 200, one fetch`, first.every((r) => r.status === 200) && hitsBefore === 1, `${first.map(short).join("; ")}; fetches ${hitsBefore}`);
  check(`${scenario}: the request without a token ends early with 401`, early.status === 401, short(early));
  // verifySync never waits: the first request after the stale point starts the background refresh
  // (kept alive by waitUntil) and may be refused; from the one after the refresh landed, all are 200.
  const firstOk = after.findIndex((x) => x.r.status === 200);
  const from = sync ? firstOk : 0;
  const lateB = from < 0 || from > 4 ? Math.max(from, 0) : after.findIndex((x, i) => i >= from && x.r.status !== 200);
  check(
    `${scenario}: after the stale point, every request is 200 ${sync ? "once the background refresh has landed (within the first 5; verifySync never waits)" : "(new key from the first request on)"}`,
    lateB === -1,
    `request ${lateB}: ${lateB >= 0 ? short(after[lateB].r) : ""}; all: ${after.map((x) => x.r.status).join(",")}`,
  );
  const slow = after.filter((x) => x.r.ms >= 2000 || x.r.status === 0);
  check(`${scenario}: 20 requests, each answered within 2 s`, after.length === 20 && slow.length === 0, slow.map((x) => short(x.r)).join("; "));
  check(`${scenario}: the provider saw a bounded number of fetches (at most 4)`, s.hits >= 2 && s.hits <= 4, `fetches ${s.hits}`);
  return s.hits;
}

/** The example worker with APP_SESSION_JWKS_URL: sessions verified against the provider. */
async function exampleWorker(base) {
  const session = (key, sub) => new TokenIssuer(key, { applicationId: "my-app", claims: { iss: "https://auth.example.com/", aud: "chat" } }).issueSync(sub);
  const get = async (service, token) => {
    const t0 = Date.now();
    const res = await fetch(`${base[service]}/token`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(8000) });
    const body = await res.json().catch(() => ({}));
    return { status: res.status, body, ms: Date.now() - t0, retryAfter: res.headers.get("retry-after") };
  };
  const show = (r) => `${r.status} ${JSON.stringify(r.body).slice(0, 200)} ${r.ms} ms`;
  const up = provider.state("session");
  up.keys = [keyA.toPublicJwk()];
  const ok = await get("example", session(keyA, "alice"));
  check("example worker: a session of the provider's key gets a SCEYT token (200)", ok.status === 200 && typeof ok.body.token === "string", show(ok));
  const unknown = await get("example", session(keyB, "mallory"));
  check("example worker: a session of a key the provider does not publish is 401 ERR_KEY_NOT_FOUND", unknown.status === 401 && unknown.body?.error?.code === "ERR_KEY_NOT_FOUND", show(unknown));
  check("example worker: fetches so far: 1 + 1 for the unknown kid", up.hits === 2, `fetches ${up.hits}`);
  const fixed = "the session keys cannot be fetched right now; retry later";
  for (const [service, path, label] of [["exampleDown", "down", "HTTP 503"], ["exampleHtml", "html", "an HTML page"]]) {
    const s = provider.state(path);
    s.keys = [keyA.toPublicJwk()];
    if (path === "down") s.status = 503;
    else s.body = "<!doctype html><title>maintenance</title>";
    const r = await get(service, session(keyA, "alice"));
    check(
      `example worker: a provider answering ${label} is 503 ERR_KEYS_UNAVAILABLE, fixed message, Retry-After (never 401)`,
      r.status === 503 && r.body?.error?.code === "ERR_KEYS_UNAVAILABLE" && r.body.error.message === fixed && r.retryAfter === "30",
      show(r),
    );
    s.status = 200;
    s.body = null;
    let back = null;
    for (let i = 0; i < 40 && !back; i++) {
      await sleep(100);
      const again = await get(service, session(keyA, "alice"));
      if (again.status === 200) back = again;
      else if (again.status !== 503) break;
    }
    check(`example worker: after ${label}, the provider recovers and the session is exchanged (after the 1 s backoff)`, back !== null, `fetches ${s.hits}`);
  }
  return { session: up.hits, down: provider.state("down").hits, html: provider.state("html").hits };
}

async function outage(scenario) {
  const s = provider.state(scenario);
  s.keys = [keyA.toPublicJwk()];
  s.cacheControl = "max-age=600";
  const first = await call(scenario, tokenOf(keyA, "first"));
  check(`${scenario}: the first request fetches and verifies`, first.status === 200 && s.hits === 1, `${short(first)}; fetches ${s.hits}`);
  const t1 = s.log[0]?.at ?? Date.now(); // the provider answered here: maxAge ends at +2 s, maxStale at +5 s
  s.hang = true;
  const seen = [];
  while (Date.now() < t1 + 8000) {
    const sent = Date.now() - t1;
    seen.push({ sent, r: await call(scenario, tokenOf(keyA, "during")) });
    await sleep(250);
  }
  const answered = seen.filter((x) => x.r.status === 200 || x.r.status === 503);
  check(`${scenario}: every request during the outage is answered (200 or 503)`, answered.length === seen.length, seen.filter((x) => !answered.includes(x)).map((x) => `+${x.sent} ms: ${short(x.r)}`).join("; "));
  const slow = seen.filter((x) => x.r.ms > 1000 + 700);
  check(`${scenario}: no request waits past the timeout (1 s)`, slow.length === 0, slow.map((x) => `+${x.sent} ms: ${short(x.r)}`).join("; "));
  const staleWindow = seen.filter((x) => x.sent >= 2300 && x.sent + x.r.ms < 4600);
  check(`${scenario}: stale keys served between maxAge and maxStale (200)`, staleWindow.length >= 3 && staleWindow.every((x) => x.r.status === 200), staleWindow.map((x) => `+${x.sent}: ${x.r.status}`).join(", "));
  const past = seen.filter((x) => x.sent > 5700);
  check(
    `${scenario}: past maxStale, 503 ERR_KEYS_UNAVAILABLE with Retry-After`,
    past.length >= 3 && past.every((x) => x.r.status === 503 && x.r.body?.code === "ERR_KEYS_UNAVAILABLE" && x.r.retryAfter === "5"),
    past.map((x) => `+${x.sent}: ${short(x.r)}`).join("; "),
  );
  const duringHits = s.hits - 1;
  s.hang = false;
  let back = null;
  const end = Date.now() + 9000;
  while (Date.now() < end) {
    const r = await call(scenario, tokenOf(keyA, "back"));
    if (r.status === 200) {
      back = r;
      break;
    }
    await sleep(250);
  }
  check(`${scenario}: the provider is back: keys verify again within its backoff`, back !== null, "no 200 within 9 s");
  check(`${scenario}: fetches during the 8 s outage bounded by the backoff (at most 8)`, duringHits >= 1 && duringHits <= 8, `fetches during the outage ${duringHits}`);
  return { duringOutage: duringHits, total: s.hits };
}

try {
  provider = await startJwksServer();
  const modules = await bundleWorker(join(here, "worker/remote.mjs"), join(work, "worker"));
  let exampleBase;
  if (runtime === "workerd") {
    const exampleModules = await bundleWorker(join(root, "examples/cloudflare-worker/src/index.js"), join(work, "example"));
    const examplePem = (await SigningKey.generate("RS256")).toPem();
    const ports = { example: await freePort(), exampleDown: await freePort(), exampleHtml: await freePort() };
    exampleBase = Object.fromEntries(Object.entries(ports).map(([k, p]) => [k, `http://127.0.0.1:${p}`]));
    const example = (name, path) => ({
      name,
      modules: exampleModules,
      socket: { port: ports[name] },
      bindings: {
        SCEYT_PRIVATE_KEY: examplePem,
        SCEYT_APP_ID: APP,
        APP_SESSION_JWKS_URL: provider.url(path),
        APP_SESSION_ISSUER: "https://auth.example.com/",
        APP_SESSION_AUDIENCE: "chat",
      },
    });
    const config = writeConfig(work, {
      services: [
        { name: "remote", modules, socket: { port: PORT }, bindings: { JWKS_BASE: provider.base } },
        example("example", "session"),
        example("exampleDown", "down"),
        example("exampleHtml", "html"),
      ],
      // The worker's outbound fetch() may reach the provider on loopback (workerd allows only public
      // addresses unless told otherwise).
      network: ["public", "local"],
    });
    let log = "";
    child = spawn(resolve(root, "node_modules/.bin/workerd"), ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    process.on("exit", () => {
      if (process.exitCode) console.error(log.slice(-3000));
    });
    await waitForHttp(`http://127.0.0.1:${PORT}/none`, 20000, () => child.exitCode === null);
    dispatch = (path, headers) => fetch(`http://127.0.0.1:${PORT}${path}`, { headers, signal: AbortSignal.timeout(8000) });
  } else {
    const { Miniflare } = await import("miniflare");
    mf = new Miniflare({
      host: "127.0.0.1",
      port: PORT,
      compatibilityDate: "2025-09-01",
      modulesRoot: join(work, "worker"),
      modules: modules.map((m) => ({ type: m.kind === "wasm" ? "CompiledWasm" : "ESModule", path: m.path })),
      bindings: { JWKS_BASE: provider.base },
    });
    await mf.ready;
    dispatch = (path, headers) => mf.dispatchFetch(`http://127.0.0.1${path}`, { headers, signal: AbortSignal.timeout(8000) });
  }
  const fetches = {};
  const rotations = ["issue", "module", "nowait", "sync"];
  const outages = ["hang", "hangnowait"];
  const counts = await Promise.all([...rotations.map(rotation), ...outages.map(outage)]);
  [...rotations, ...outages].forEach((n, i) => (fetches[n] = counts[i]));
  if (exampleBase) fetches.exampleWorker = await exampleWorker(exampleBase);
  console.log(JSON.stringify({ ...checks.result(), fetches }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  await mf?.dispose().catch(() => {});
  await provider?.close();
  process.exit();
}
