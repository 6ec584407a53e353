// Runs the example worker in workerd for `make demo` (called by scripts/demo.sh, which sets
// SCEYT_PRIVATE_KEY and SCEYT_APP_ID) through scripts/lib/demo.mjs: stages the page with the
// package just built, starts workerd on 127.0.0.1, prints URLs, one sample token fetched from the
// worker and its claims, and serves until Ctrl-C.  Usage: node scripts/demo.mjs --dev-mode [--port 8787]
import { KeySet, TokenVerifier, decodeToken } from "sceyt-token";
import { assertDevModeBind, startDemo } from "./lib/demo.mjs";

const args = process.argv.slice(2);
const devMode = args.includes("--dev-mode");
const port = Number(args[args.indexOf("--port") + 1] || 8787);
const host = args.includes("--host") ? args[args.indexOf("--host") + 1] : "127.0.0.1";
const env = process.env;

// Development mode answers GET /token?sub=<anyone> without a session: it is refused on any address
// but loopback, before anything starts (docs/EDGE.md, "Development mode").
if (devMode) {
  try {
    assertDevModeBind(host);
  } catch (err) {
    console.error(`[demo] refused: ${err.message}`);
    process.exit(2);
  }
}

if (!env.SCEYT_PRIVATE_KEY || !env.SCEYT_APP_ID) {
  console.error("demo: SCEYT_PRIVATE_KEY and SCEYT_APP_ID must be set (scripts/demo.sh does it)");
  process.exit(1);
}
const inUse = await fetch(`http://${host.includes(":") ? `[${host}]` : host}:${port}/`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
if (inUse) {
  console.error(`demo: something already listens on 127.0.0.1:${port} (another demo?); stop it or set SCEYT_DEMO_PORT`);
  process.exit(1);
}

const fromEnv = (name) => (env[name] ? { [name]: { fromEnvironment: name } } : {});
let demo;
try {
  demo = await startDemo({
    port,
    host,
    devMode,
    privateKey: env.SCEYT_PRIVATE_KEY,
    appId: env.SCEYT_APP_ID,
    vars: {
      // Every APP_SESSION_* variable of the environment (a provider's issuer, audience, keys…).
      ...Object.assign({}, ...Object.keys(env).filter((n) => /^APP_SESSION_[A-Z_]+$/.test(n)).map(fromEnv)),
      ...fromEnv("CORS_ALLOWED_ORIGINS"),
      ...fromEnv("SCEYT_TOKEN_LIFETIME"),
    },
  });
} catch (err) {
  console.error(`[demo] ${err.message}`);
  process.exit(1);
}
const stop = async (code) => {
  await demo.stop();
  process.exit(code);
};
process.on("SIGINT", () => {
  console.log("\n[demo] stopping workerd");
  stop(0);
});
process.on("SIGTERM", () => stop(0));
demo.exited.then(({ code, signal }) => {
  console.error(`[demo] workerd exited (${signal ?? code})`);
  process.exit(code || 1);
});

const base = demo.base;
try {
  const res = await fetch(`${base}/token?sub=demo-user`);
  const body = await res.json();
  if (!res.ok) throw new Error(`GET /token answered ${res.status}: ${JSON.stringify(body)}`);
  const jwks = await (await fetch(`${base}/.well-known/jwks.json`)).json();
  new TokenVerifier(KeySet.fromJwks(jwks), { applicationId: env.SCEYT_APP_ID }).verifySync(body.token);
  const { header, claims } = decodeToken(body.token);
  console.log(`
sceyt-token example worker — workerd on ${base} (${devMode ? "DEVELOPMENT mode: ?sub= accepted" : "production mode"})
  Demo page     ${base}/#get-token   (a token from this worker, verified with its keys; www/ and the
                package's browser files as built, staged in ${demo.site})
  Token         ${base}/token?sub=<user id>
  JWKS          ${base}/.well-known/jwks.json
  Inspect       curl -s -X POST --data-binary "$TOKEN" ${base}/verify
  App id        ${env.SCEYT_APP_ID}     key id (kid) ${header.kid}

Sample token (GET /token?sub=demo-user, expires ${body.expiresAt}, in ${body.expiresIn} s; verified against the worker's JWKS):
${body.token}

Header: ${JSON.stringify(header)}
Claims: ${JSON.stringify(claims, null, 2)}

Serving until Ctrl-C.`);
} catch (err) {
  console.error(`[demo] ${err.message}`);
  stop(1);
}
