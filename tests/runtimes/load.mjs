// Load test of the example worker in workerd: 64 concurrent connections for LOAD_SECONDS (default
// 20, at most 30) against GET /token with an app session, after a 10 s warm-up. Checks: no failed
// request, no request over 2 s (autocannon times out each request at 2 s and counts it), every sampled token verifies with jose against the worker's JWKS, workerd's RSS grows no
// more than the jose copy's under the same load. Then the same run against the jose copy of the worker (benches/jose-worker) for tokens/s.
// Prints one JSON result line (with the numbers under `load`) and writes test-artifacts/load-test.json.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import * as jose from "jose";
import { SigningKey } from "sceyt-token";
import { bundleWorker, waitForHttp, writeConfig } from "../../scripts/lib/workerd.mjs";
import { createHarness } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const PORT = Number(process.env.SCEYT_TEST_PORT ?? 18750);
const SECONDS = Math.min(30, Number(process.env.LOAD_SECONDS ?? 20));
const CONNECTIONS = 64;
const SAMPLE_EVERY = 100;
const work = mkdtempSync(join(tmpdir(), "sceyt-load-"));
let child;
process.on("exit", () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const key = await SigningKey.generate("RS256");
const pem = key.toPem();
const secret = "load-test-session-secret-0123456789abcdef";
const session = await new jose.SignJWT({}).setProtectedHeader({ alg: "HS256" }).setAudience("chat").setSubject("load-user")
  .setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(secret));

const WARMUP_SECONDS = 10;

function cannon(url, seconds, onBody) {
  let n = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    // A request that takes longer than 2 s counts as a timeout: the "no request over 2 s" check.
    timeout: 2,
    requests: [{
      method: "GET",
      path: "/token",
      headers: { Authorization: `Bearer ${session}` },
      onResponse: (status, body) => {
        if (onBody && n++ % SAMPLE_EVERY === 0) onBody(status, body);
      },
    }],
  });
}

async function measure(name, entry) {
  const modules = await bundleWorker(entry, join(work, name));
  const port = PORT + (name === "jose" ? 1 : 0);
  const config = writeConfig(join(work, `${name}-config`), {
    services: [{
      name,
      modules,
      bindings: { SCEYT_PRIVATE_KEY: { fromEnvironment: "LOAD_PEM" }, SCEYT_APP_ID: "app-load", APP_SESSION_SECRET: secret, APP_SESSION_AUDIENCE: "chat" },
      socket: { port },
    }],
  });
  child = spawn(join(root, "node_modules/.bin/workerd"), ["serve", config], { env: { ...process.env, LOAD_PEM: pem }, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/.well-known/jwks.json`, 20000, () => child.exitCode === null);
    const jwks = jose.createLocalJWKSet(await (await fetch(`${url}/.well-known/jwks.json`)).json());
    // Warm-up at full load: JIT, key import, connections, and V8 growing its heap to the size this
    // load needs (about 10 s here), so that the measured 20 s show a leak rather than that growth.
    await cannon(url, WARMUP_SECONDS);
    const rssBefore = rssMb(child.pid);
    const samples = [];
    const rssSeries = [];
    const sampler = setInterval(() => rssSeries.push(Math.round(rssMb(child.pid))), 1000);
    const r = await cannon(url, SECONDS, (status, body) => samples.push({ status, body }));
    clearInterval(sampler);
    const rssAfter = rssMb(child.pid);
    let verified = 0;
    const sampleErrors = [];
    for (const { status, body } of samples) {
      try {
        if (status !== 200) throw new Error(`status ${status}`);
        const { payload } = await jose.jwtVerify(JSON.parse(body).token, jwks, { algorithms: ["RS256"] });
        if (payload.sub !== "load-user" || payload.aid !== "app-load") throw new Error(`claims ${JSON.stringify(payload)}`);
        verified += 1;
      } catch (err) {
        sampleErrors.push(err.message);
      }
    }
    return {
      worker: name,
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: r.requests.total,
      tokensPerSecond: Math.round(r["2xx"] / SECONDS),
      ok2xx: r["2xx"],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      latencyMs: { p50: r.latency.p50, p99: r.latency.p99, p99_9: r.latency.p99_9, max: r.latency.max },
      sampled: samples.length,
      sampledVerified: verified,
      sampleErrors: sampleErrors.slice(0, 3),
      rssMb: { before: Math.round(rssBefore), after: Math.round(rssAfter), series: rssSeries },
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode === null ? child.once("exit", r) : r()));
  }
}

try {
  const ours = await measure("sceyt-token", join(root, "examples/cloudflare-worker/src/index.js"));
  const baseline = await measure("jose", join(root, "benches/jose-worker/index.js"));
  const checks = createHarness();
  const check = checks.record;
  for (const m of [ours, baseline]) {
    // The jose baseline is a reference, not the product: on a loaded machine some of its requests
    // pass 2 s (cut by the timeout, and autocannon counts the closed connection as more errors), so
    // it is held to "every response 2xx" and its errors are reported, not checked.
    if (m === ours) {
      check(`${m.worker}: no failed request`, m.ok2xx > 0 && m.non2xx === 0 && m.errors === 0 && m.timeouts === 0,
        `2xx=${m.ok2xx} non2xx=${m.non2xx} errors=${m.errors} timeouts=${m.timeouts}`);
    } else {
      check(`${m.worker}: every response 2xx (errors and timeouts reported: ${m.errors}/${m.timeouts})`, m.ok2xx > 0 && m.non2xx === 0,
        `2xx=${m.ok2xx} non2xx=${m.non2xx}`);
    }
    if (m === ours) {
      check(`${m.worker}: no request over 2 s (every request's latency; autocannon's 2 s timeout)`, m.timeouts === 0,
        `${m.timeouts} requests took longer than 2 s; latency ms ${JSON.stringify(m.latencyMs)}`);
    }
    check(`${m.worker}: every sampled token verifies with jose`, m.sampled > 0 && m.sampledVerified === m.sampled,
      `${m.sampledVerified}/${m.sampled} verified ${m.sampleErrors.join("; ")}`);
  }
  // workerd's RSS climbs through a 30 s run under this load whichever library signs (V8 keeps
  // growing its heap before collecting; seen here: jose worker 105 -> 159 MB, ours 116 -> 171 MB),
  // so absolute flatness is not a leak test. A leak shows as growth beyond what the same worker
  // written with jose shows under the same load: ours may grow at most 1.5x jose's growth + 16 MB
  // (a 10 KB-per-token leak at ~800 tokens/s would add ~160 MB in 20 s).
  const grow = (m) => m.rssMb.after - m.rssMb.before;
  check("sceyt-token: workerd memory grows no more than the jose worker's under the same load",
    ours.rssMb.series.length >= 6 && grow(ours) <= grow(baseline) * 1.5 + 16,
    `RSS ${ours.rssMb.before} -> ${ours.rssMb.after} MB (+${grow(ours)}) vs jose ${baseline.rssMb.before} -> ${baseline.rssMb.after} MB (+${grow(baseline)}); ours per second ${ours.rssMb.series.join(", ")}`);
  const load = { date: new Date().toISOString(), ours, baseline };
  mkdirSync(join(root, "test-artifacts"), { recursive: true });
  writeFileSync(join(root, "test-artifacts/load-test.json"), JSON.stringify(load, null, 2));
  console.log(JSON.stringify({ ...checks.result(), load }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  process.exit();
}
