// workerd: one workerd process serves the suite worker and the example worker in several
// configurations on 127.0.0.1; the suite runs inside a request handler, the example worker's
// HTTP contract is checked from here with fetch and jose. Prints one JSON result line.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import { SigningKey } from "sceyt-token";
import { bundleWorker, waitForHttp, writeConfig } from "../../scripts/lib/workerd.mjs";
import { runContract } from "./worker-contract.mjs";
import { assert, createHarness, merge, tag } from "../common/harness.mjs";
import { makeCorpus } from "../differential/corpus.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const PORT = Number(process.env.SCEYT_TEST_PORT_BASE ?? 18710);
const ports = { suite: PORT, dev: PORT + 1, prod: PORT + 2, prodJwks: PORT + 3, unconfigured: PORT + 4, badKey: PORT + 5, suiteCompat: PORT + 6, devCompat: PORT + 7 };

const work = mkdtempSync(join(tmpdir(), "sceyt-workerd-"));
let child;
const cleanup = () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
};
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

// Keys and settings of the configurations under test.
const key = await SigningKey.generate("RS256");
const pem = key.toPem();
const appId = "app-contract";
const sessionSecret = "session-secret-for-tests-0123456789abcdef";
const origin = "http://127.0.0.1:18799";
const { publicKey, privateKey } = await jose.generateKeyPair("RS256");
const sessionJwk = { ...(await jose.exportJWK(publicKey)), alg: "RS256", use: "sig" };
sessionJwk.kid = await jose.calculateJwkThumbprint(sessionJwk);
const assetText = `<!doctype html><title>assets ${Date.now()}</title>`;
mkdirSync(join(work, "www"));
writeFileSync(join(work, "www/index.html"), assetText);

const [suiteModules, exampleModules] = await Promise.all([
  bundleWorker(join(here, "worker/index.mjs"), join(work, "suite")),
  bundleWorker(join(root, "examples/cloudflare-worker/src/index.js"), join(work, "example")),
]);
// As examples/cloudflare-worker/wrangler.toml configures it: with nodejs_compat.
const example = (name, bindings) => ({ name, modules: exampleModules, bindings, socket: { port: ports[name] }, flags: ["nodejs_compat"] });
const config = writeConfig(work, {
  services: [
    { name: "suite", modules: suiteModules, socket: { port: ports.suite } },
    // The same suite with nodejs_compat: node:crypto is there, and the package must use it.
    { name: "suiteCompat", modules: suiteModules, socket: { port: ports.suiteCompat }, flags: ["nodejs_compat"] },
    {
      ...example("devCompat", { SCEYT_DEV_MODE: "1", SCEYT_PRIVATE_KEY: { fromEnvironment: "TEST_PEM" }, SCEYT_APP_ID: appId }),
      flags: ["nodejs_compat"],
    },
    example("dev", {
      SCEYT_DEV_MODE: "1",
      SCEYT_PRIVATE_KEY: { fromEnvironment: "TEST_PEM" },
      SCEYT_APP_ID: appId,
      CORS_ALLOWED_ORIGINS: origin,
      ASSETS: { service: "assets" },
    }),
    example("prod", {
      SCEYT_PRIVATE_KEY: { fromEnvironment: "TEST_PEM_ESCAPED" },
      SCEYT_APP_ID: appId,
      APP_SESSION_SECRET: sessionSecret,
      APP_SESSION_AUDIENCE: "chat",
      CORS_ALLOWED_ORIGINS: `https://other.example, ${origin}`,
    }),
    example("prodJwks", {
      SCEYT_PRIVATE_KEY: { fromEnvironment: "TEST_PEM" },
      SCEYT_APP_ID: appId,
      APP_SESSION_JWKS: JSON.stringify({ keys: [sessionJwk] }),
      APP_SESSION_ISSUER: "https://auth.example.com/",
      APP_SESSION_AUDIENCE: "chat",
    }),
    example("unconfigured", { APP_SESSION_SECRET: sessionSecret, APP_SESSION_AUDIENCE: "chat" }),
    example("badKey", {
      SCEYT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----",
      SCEYT_APP_ID: appId,
      APP_SESSION_SECRET: sessionSecret,
      APP_SESSION_AUDIENCE: "chat",
    }),
  ],
  disks: [{ name: "assets", path: join(work, "www") }],
});

const workerd = resolve(root, "node_modules/.bin/workerd");
let log = "";
child = spawn(workerd, ["serve", config], {
  env: { ...process.env, TEST_PEM: pem, TEST_PEM_ESCAPED: pem.trim().replace(/\n/g, "\\n") },
  stdio: ["ignore", "pipe", "pipe"],
});
child.stdout.on("data", (d) => (log += d));
child.stderr.on("data", (d) => (log += d));

try {
  const urls = Object.fromEntries(Object.entries(ports).map(([k, p]) => [k, `http://127.0.0.1:${p}`]));
  await waitForHttp(`${urls.dev}/.well-known/jwks.json`, 20000, () => child.exitCode === null);
  const res = await fetch(`${urls.suite}/suite`, { signal: AbortSignal.timeout(60000) });
  assert(res.ok, `suite worker answered ${res.status}: ${await res.clone().text()}`);
  const suite = await res.json();
  // The same suite with nodejs_compat (node:crypto: its module checks take the node:crypto branch).
  const compatSuiteRes = await fetch(`${urls.suiteCompat}/suite`, { signal: AbortSignal.timeout(60000) });
  assert(compatSuiteRes.ok, `suite worker (nodejs_compat) answered ${compatSuiteRes.status}: ${await compatSuiteRes.clone().text()}`);
  const compatSuite = tag(await compatSuiteRes.json(), "nodejs_compat: ");
  const diffRes = await fetch(`${urls.suite}/differential`, {
    method: "POST",
    body: JSON.stringify(makeCorpus({ perFamily: 1000 })),
    signal: AbortSignal.timeout(180000),
  });
  assert(diffRes.ok, `differential worker answered ${diffRes.status}: ${await diffRes.clone().text()}`);
  const diff = await diffRes.json();
  // Without nodejs_compat there is no node:crypto: WebCrypto decides. With it, node:crypto does.
  const runtimeChecks = createHarness();
  const runtimeCheck = runtimeChecks.check;
  await runtimeCheck("without nodejs_compat: no node:crypto, the differential suite counted WebCrypto answers", async () => {
    assert(diff.stats.nodeCrypto === false, `node:crypto found without nodejs_compat`);
    assert(diff.stats.nativeBooleans > 1000, `crypto.subtle answers: ${diff.stats.nativeBooleans}`);
    assert(diff.stats.asyncWaits > 1000, `calls that waited for WebCrypto: ${diff.stats.asyncWaits}`);
  });
  const compatRes = await fetch(`${urls.suiteCompat}/differential`, {
    method: "POST",
    body: JSON.stringify(makeCorpus({ perFamily: 1000 })),
    signal: AbortSignal.timeout(180000),
  });
  assert(compatRes.ok, `differential worker (nodejs_compat) answered ${compatRes.status}: ${await compatRes.clone().text()}`);
  const compat = tag(await compatRes.json(), "nodejs_compat: ");
  await runtimeCheck("with nodejs_compat: node:crypto found and used (its verify calls that returned a boolean counted)", async () => {
    assert(compat.stats.nodeCrypto === true, "node:crypto not found with nodejs_compat");
    assert(compat.stats.nodeBooleans > 4000, `node:crypto answers: ${compat.stats.nodeBooleans}`);
  });
  await runtimeCheck("the example worker with nodejs_compat issues a token that jose verifies with its JWKS", async () => {
    const r = await fetch(`${urls.devCompat}/token?sub=compat-user`);
    const body = await r.json();
    assert(r.status === 200, `GET /token: ${r.status} ${JSON.stringify(body)}`);
    const jwks = await (await fetch(`${urls.devCompat}/.well-known/jwks.json`)).json();
    const { payload } = await jose.jwtVerify(body.token, jose.createLocalJWKSet(jwks), { algorithms: ["RS256"] });
    assert(payload.sub === "compat-user" && payload.aid === appId, `claims ${JSON.stringify(payload)}`);
  });
  const contract = await runContract(urls, {
    jose,
    appId,
    sessionSecret,
    sessionKey: { kid: sessionJwk.kid, privateKey },
    origin,
    assetText,
  });
  const { passed, failed, names, failures } = merge(suite, compatSuite, diff, compat, runtimeChecks.result(), contract);
  console.log(JSON.stringify({ passed, failed, names, failures, differential: diff.stats, differentialCompat: compat.stats }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  console.error(log.slice(-4000));
  process.exitCode = 1;
} finally {
  process.exit(); // runs cleanup (stops workerd)
}
