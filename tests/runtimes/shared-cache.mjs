// The JWKS cache shared across isolates (issue 20), in miniflare: separate Miniflare instances (each
// its own workerd process, so its own isolates and memory; A and B run at the same time) sharing one
// persisted Cache API directory
// (`cachePersist`), against a provider on 127.0.0.1 whose every request is counted
// (tests/runtimes/oidc-server.mjs). The worker is tests/runtimes/worker/shared-cache.mjs, with
// maxAge 8 s, maxStale 6 s, timeout 1 s, cooldown 30 s; the keys' cache time is 8 s, so an entry
// lives 14 s in the Cache API.
//   1. instance A, cold cache: fetches from the provider (JWKS: 1; issuer: document 1 + JWKS 1);
//   2. instance B, started cold while the entry is fresh: 0 provider fetches;
//   3. the provider goes down (HTTP 503); instance C, started cold once the entry is stale: serves
//      the stale keys from the shared cache (stale-if-error), then ERR_KEYS_UNAVAILABLE past maxStale;
//   4. the provider is back; 1,000 requests with random kids cost at most one fetch per cooldown.
// Usage: node tests/runtimes/shared-cache.mjs. Prints one JSON result line (checks, plus `fetches`).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SigningKey, TokenIssuer } from "sceyt-token";
import { bundleWorker } from "../../scripts/lib/workerd.mjs";
import { startOidcServer } from "./oidc-server.mjs";
import { createHarness } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const APP = "app-shared";
const OPTIONS = { maxAge: "8s", maxStale: "6s", timeout: "1s", cooldown: "30s" };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const work = mkdtempSync(join(tmpdir(), "sceyt-shared-cache-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

const checks = createHarness({ prefix: "shared-cache: " });
const check = checks.record;

const keyA = await SigningKey.generate("RS256");
const keyOther = await SigningKey.generate("RS256");
const tokenOf = (key, sub) => new TokenIssuer(key, { applicationId: APP }).issueSync(sub);
const show = (r) => `${r.status} ${r.body?.code ?? r.body?.sub ?? ""}${r.body?.message ? ` (${String(r.body.message).slice(0, 200)})` : ""}`;

let provider;
const live = new Set();
async function instance(modules, persist) {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: await freePort(),
    compatibilityDate: "2025-09-01",
    modulesRoot: join(work, "worker"),
    modules: modules.map((m) => ({ type: m.kind === "wasm" ? "CompiledWasm" : "ESModule", path: m.path })),
    bindings: { JWKS_URL: `${provider.base}/jwks/jwks.json`, PRIVATE_URL: `${provider.base}/private/jwks.json`, ISSUER: provider.issuer("oidc"), OPTIONS: JSON.stringify(OPTIONS) },
    cachePersist: persist,
  });
  await mf.ready;
  live.add(mf);
  const call = async (scenario, token) => {
    try {
      const res = await mf.dispatchFetch(`http://127.0.0.1/${scenario}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(8000) });
      return { status: res.status, body: await res.json().catch(() => ({})) };
    } catch (e) {
      return { status: 0, body: { message: String(e?.message ?? e) } };
    }
  };
  const dispose = async () => {
    live.delete(mf);
    await mf.dispose();
  };
  return { call, dispose };
}

try {
  provider = await startOidcServer();
  const jwks = provider.state("jwks");
  const oidc = provider.state("oidc");
  const priv = provider.state("private"); // the control: sharedCache false
  for (const s of [jwks, oidc, priv]) s.keys = [keyA.toPublicJwk()];
  const modules = await bundleWorker(join(here, "worker/shared-cache.mjs"), join(work, "worker"));
  const persist = join(work, "cache");
  const fetches = {};
  const hits = () => ({ jwks: jwks.hits.keys, oidcDoc: oidc.hits.doc, oidcKeys: oidc.hits.keys });

  // 1. A cold cache: instance A fetches.
  const a = await instance(modules, persist);
  const t0 = Date.now();
  const a1 = await a.call("jwks", tokenOf(keyA, "a"));
  const a2 = await a.call("oidc", tokenOf(keyA, "a"));
  const ap = await a.call("private", tokenOf(keyA, "a"));
  fetches.instanceA = { ...hits(), control: priv.hits.keys };
  check("instance A (cold cache) verifies; the set uses the Cache API", a1.status === 200 && a2.status === 200 && a1.body.sharedCache === "cache-api", `${show(a1)}; ${show(a2)}`);
  check("instance A fetched from the provider: JWKS 1; issuer: document 1 + JWKS 1", jwks.hits.keys === 1 && oidc.hits.doc === 1 && oidc.hits.keys === 1, JSON.stringify(fetches.instanceA));

  // 2. Instance B, started cold while the entry is fresh: 0 provider fetches.
  const b = await instance(modules, persist);
  const b1 = await b.call("jwks", tokenOf(keyA, "b"));
  const b2 = await b.call("oidc", tokenOf(keyA, "b"));
  const bp = await b.call("private", tokenOf(keyA, "b"));
  const bAt = Date.now() - t0;
  fetches.instanceBCold = { jwks: jwks.hits.keys - 1, oidcDoc: oidc.hits.doc - 1, oidcKeys: oidc.hits.keys - 1, control: priv.hits.keys - 1 };
  check("the control (sharedCache: false): instance B fetched again (1 + 1)", ap.status === 200 && bp.status === 200 && priv.hits.keys === 2, `${show(ap)}; ${show(bp)}; fetches ${priv.hits.keys}`);
  check(`instance B (cold isolate, entry fresh: +${bAt} ms of 8000) verifies`, b1.status === 200 && b2.status === 200, `${show(b1)}; ${show(b2)}`);
  check("instance B made 0 provider fetches (JWKS, document and issuer keys from the shared cache)", bAt < 8000 && hits().jwks === 1 && hits().oidcDoc === 1 && hits().oidcKeys === 1, `${JSON.stringify(fetches.instanceBCold)} at +${bAt} ms`);
  // A answers again from its memory (no fetch either), then both stop.
  const a3 = await a.call("jwks", tokenOf(keyA, "a"));
  check("instance A, still running next to B, answers from its memory", a3.status === 200 && hits().jwks === 1, show(a3));
  await a.dispose();
  await b.dispose();

  // 3. The provider is down; instance C, cold, once the entry is stale (past 8 s, within 8 + 6 s).
  jwks.down = true;
  oidc.down = true;
  const c = await instance(modules, persist);
  const before = hits();
  if (Date.now() - t0 < 8500) await sleep(8500 - (Date.now() - t0));
  const seen = [];
  while (Date.now() - t0 < 16500) {
    const sent = Date.now() - t0;
    seen.push({ sent, jwks: await c.call("jwks", tokenOf(keyA, "c")), oidc: await c.call("oidc", tokenOf(keyA, "c")) });
    await sleep(300);
  }
  const staleWindow = seen.filter((x) => x.sent >= 8500 && x.sent < 13000);
  check(
    "instance C (cold, entry stale, provider down) serves the stale keys from the shared cache (200)",
    staleWindow.length >= 2 && staleWindow.every((x) => x.jwks.status === 200 && x.oidc.status === 200) && staleWindow[0].jwks.body.stale === true,
    staleWindow.map((x) => `+${x.sent}: ${show(x.jwks)} / ${show(x.oidc)}`).join("; "),
  );
  // t0 is taken before the first fetch; the issuer's keys are fetched up to a few hundred ms later: 1 s of slack.
  const past = seen.filter((x) => x.sent > 15000);
  check(
    "past maxStale (8 + 6 s): 503 ERR_KEYS_UNAVAILABLE",
    past.length >= 2 && past.every((x) => x.jwks.status === 503 && x.jwks.body.code === "ERR_KEYS_UNAVAILABLE" && x.oidc.status === 503 && x.oidc.body.code === "ERR_KEYS_UNAVAILABLE"),
    past.map((x) => `+${x.sent}: ${show(x.jwks)} / ${show(x.oidc)}`).join("; "),
  );
  const after = hits();
  fetches.outage = { jwks: after.jwks - before.jwks, oidcDoc: after.oidcDoc - before.oidcDoc, oidcKeys: after.oidcKeys - before.oidcKeys, requests: seen.length * 2, seconds: 7.5 };
  check("provider fetches during the outage bounded by the backoff (at most 6 per set)", fetches.outage.jwks >= 1 && fetches.outage.jwks <= 6 && fetches.outage.oidcDoc <= 6, JSON.stringify(fetches.outage));

  // 4. The provider is back; an unknown-kid flood against instance C.
  jwks.down = false;
  oidc.down = false;
  let back = null;
  for (let i = 0; i < 40 && !back; i++) {
    const r = await c.call("jwks", tokenOf(keyA, "back"));
    if (r.status === 200) back = r;
    else await sleep(250);
  }
  check("the provider is back: instance C verifies again", back !== null, "no 200 within 10 s");
  const tokens = [];
  for (let i = 0; i < 1000; i++) {
    const k = SigningKey.fromPem(keyOther.toPem(), { keyId: `random-${i}-${Math.random().toString(36).slice(2)}` });
    tokens.push(tokenOf(k, "flood"));
    k.free();
  }
  const floodBefore = jwks.hits.keys;
  const f0 = Date.now();
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < tokens.length) {
        const i = next++;
        results[i] = await c.call("jwks", tokens[i]);
      }
    }),
  );
  const seconds = (Date.now() - f0) / 1000;
  const floodFetches = jwks.hits.keys - floodBefore;
  const codes = {};
  for (const r of results) codes[`${r.status} ${r.body?.code ?? ""}`] = (codes[`${r.status} ${r.body?.code ?? ""}`] ?? 0) + 1;
  fetches.flood = { requests: results.length, fetches: floodFetches, seconds, codes };
  check("1,000 requests with random kids: every one 401 ERR_KEY_NOT_FOUND", codes["401 ERR_KEY_NOT_FOUND"] === 1000, JSON.stringify(codes));
  check(
    "the flood cost at most one provider fetch per cooldown (30 s)",
    floodFetches <= Math.ceil(seconds / 30) && floodFetches >= 1,
    `${floodFetches} fetches in ${seconds} s`,
  );
  await c.dispose();
  console.log(JSON.stringify({ ...checks.result(), fetches }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  for (const mf of live) await mf.dispose().catch(() => {});
  await provider?.close();
  process.exit();
}
