// Runs the example worker in workerd for `make demo` (called by scripts/demo.sh, which sets
// SCEYT_PRIVATE_KEY and SCEYT_APP_ID): bundles it, writes .dev/workerd/workerd.capnp, starts
// workerd on 127.0.0.1, prints URLs, one sample token fetched from the worker and its claims,
// and serves until Ctrl-C.  Usage: node scripts/demo.mjs --dev-mode [--port 8787]
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import { decodeToken } from "sceyt-token";
import { bundleWorker, waitForHttp, writeConfig } from "./lib/workerd.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const devMode = args.includes("--dev-mode");
const port = Number(args[args.indexOf("--port") + 1] || 8787);
const dir = join(root, ".dev/workerd");
const www = join(root, "www");
const env = process.env;

if (!env.SCEYT_PRIVATE_KEY || !env.SCEYT_APP_ID) {
  console.error("demo: SCEYT_PRIVATE_KEY and SCEYT_APP_ID must be set (scripts/demo.sh does it)");
  process.exit(1);
}
const inUse = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
if (inUse) {
  console.error(`demo: something already listens on 127.0.0.1:${port} (another demo?); stop it or set SCEYT_DEMO_PORT`);
  process.exit(1);
}

const modules = await bundleWorker(join(root, "examples/cloudflare-worker/src/index.js"), join(dir, "build"));
const hasWww = existsSync(www);
const config = writeConfig(dir, {
  services: [
    {
      name: "sceyt-token-worker",
      modules,
      bindings: {
        SCEYT_PRIVATE_KEY: { fromEnvironment: "SCEYT_PRIVATE_KEY" },
        SCEYT_APP_ID: { fromEnvironment: "SCEYT_APP_ID" },
        ...(devMode ? { SCEYT_DEV_MODE: "1" } : {}),
        ...(env.APP_SESSION_SECRET ? { APP_SESSION_SECRET: { fromEnvironment: "APP_SESSION_SECRET" } } : {}),
        ...(env.APP_SESSION_JWKS ? { APP_SESSION_JWKS: { fromEnvironment: "APP_SESSION_JWKS" } } : {}),
        ...(env.CORS_ALLOWED_ORIGINS ? { CORS_ALLOWED_ORIGINS: { fromEnvironment: "CORS_ALLOWED_ORIGINS" } } : {}),
        ...(env.SCEYT_TOKEN_LIFETIME ? { SCEYT_TOKEN_LIFETIME: { fromEnvironment: "SCEYT_TOKEN_LIFETIME" } } : {}),
        ...(hasWww ? { ASSETS: { service: "www" } } : {}),
      },
      socket: { port },
    },
  ],
  disks: hasWww ? [{ name: "www", path: www }] : [],
});

const workerd = spawn(join(root, "node_modules/.bin/workerd"), ["serve", config], { stdio: ["ignore", "inherit", "inherit"] });
const stop = (code) => {
  if (workerd.exitCode === null) workerd.kill("SIGTERM");
  process.exit(code);
};
process.on("SIGINT", () => {
  console.log("\n[demo] stopping workerd");
  stop(0);
});
process.on("SIGTERM", () => stop(0));
workerd.on("exit", (code, signal) => {
  console.error(`[demo] workerd exited (${signal ?? code})`);
  process.exit(code || 1);
});

const base = `http://127.0.0.1:${port}`;
try {
  await waitForHttp(`${base}/.well-known/jwks.json`, 30000, () => workerd.exitCode === null);
  const res = await fetch(`${base}/token?sub=demo-user`);
  const body = await res.json();
  if (!res.ok) throw new Error(`GET /token answered ${res.status}: ${JSON.stringify(body)}`);
  const jwks = await (await fetch(`${base}/.well-known/jwks.json`)).json();
  await jose.jwtVerify(body.token, jose.createLocalJWKSet(jwks), { algorithms: ["RS256"] });
  const { header, claims } = decodeToken(body.token);
  console.log(`
sceyt-token example worker — workerd on ${base} (${devMode ? "DEVELOPMENT mode: ?sub= accepted" : "production mode"})
  Demo page     ${hasWww ? `${base}/` : "(www/ does not exist yet)"}
  Token         ${base}/token?sub=<user id>
  JWKS          ${base}/.well-known/jwks.json
  Inspect       curl -s -X POST --data-binary "$TOKEN" ${base}/verify
  App id        ${env.SCEYT_APP_ID}     key id (kid) ${header.kid}

Sample token (GET /token?sub=demo-user, expires ${body.expiresAt}, in ${body.expiresIn} s; verified with jose against the JWKS):
${body.token}

Header: ${JSON.stringify(header)}
Claims: ${JSON.stringify(claims, null, 2)}

Serving until Ctrl-C.`);
} catch (err) {
  console.error(`[demo] ${err.message}`);
  stop(1);
}
