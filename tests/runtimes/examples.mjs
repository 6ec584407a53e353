// The minimal servers in examples/deno, examples/bun and examples/node, each started in its own
// runtime on 127.0.0.1 (production mode): tokens they issue to a valid app session verify with
// jose against their JWKS; no session or a forged one → 401. Usage: node examples.mjs deno|bun|node
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import { SigningKey } from "sceyt-token";
import { waitForHttp } from "../../scripts/lib/workerd.mjs";
import { assert, createHarness } from "../common/harness.mjs";

const runtime = process.argv[2];
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const port = Number(process.env.SCEYT_TEST_PORT ?? 18760) + ["deno", "bun", "node"].indexOf(runtime);
const bin = (n) => join(root, "tests/node_modules/.bin", n);
const script = join(root, "examples", runtime, "server.mjs");
const commands = {
  deno: [bin("deno"), ["run", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", script]],
  bun: [bin("bun"), [script]],
  node: [process.execPath, [script]],
};
if (!commands[runtime]) throw new Error("usage: examples.mjs deno|bun|node");

const secret = "example-session-secret-0123456789abcdef";
const pem = (await SigningKey.generate("RS256")).toPem().trim().replace(/\n/g, "\\n"); // as secrets store it
let log = "";
const child = spawn(commands[runtime][0], commands[runtime][1], {
  cwd: dirname(script),
  env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", PORT: String(port), SCEYT_PRIVATE_KEY: pem, SCEYT_APP_ID: "app-ex", APP_SESSION_SECRET: secret, APP_SESSION_AUDIENCE: "chat" },
  stdio: ["ignore", "pipe", "pipe"],
});
child.stdout.on("data", (d) => (log += d));
child.stderr.on("data", (d) => (log += d));
process.on("exit", () => child.exitCode === null && child.kill("SIGKILL"));

const { check, result } = createHarness({ prefix: `${runtime} example: ` });
const session = (sub, s = secret, aud = "chat") =>
  new jose.SignJWT({}).setProtectedHeader({ alg: "HS256" }).setAudience(aud).setSubject(sub).setIssuedAt().setExpirationTime("5m").sign(new TextEncoder().encode(s));
const base = `http://127.0.0.1:${port}`;
try {
  await waitForHttp(`${base}/.well-known/jwks.json`, 20000, () => child.exitCode === null);
  await check("a valid session gets a token that jose verifies with the JWKS", async () => {
    const res = await fetch(`${base}/token?sub=mallory`, { headers: { Authorization: `Bearer ${await session("erin")}` } });
    const body = await res.json();
    assert(res.status === 200, `status ${res.status} ${JSON.stringify(body)}`);
    assert(res.headers.get("cache-control") === "no-store", "Cache-Control: no-store");
    const jwks = jose.createLocalJWKSet(await (await fetch(`${base}/.well-known/jwks.json`)).json());
    const { payload } = await jose.jwtVerify(body.token, jwks, { algorithms: ["RS256"] });
    assert(payload.sub === "erin" && payload.aid === "app-ex", `claims ${JSON.stringify(payload)}`);
    assert(body.expiresAt === new Date(payload.exp * 1000).toISOString(), "expiresAt");
  });
  await check("no session → 401 (?sub= ignored outside development mode)", async () => {
    const res = await fetch(`${base}/token?sub=alice`);
    assert(res.status === 401 && (await res.json()).error.code === "ERR_UNAUTHENTICATED", `status ${res.status}`);
  });
  await check("a forged session → 401 ERR_SIGNATURE_INVALID", async () => {
    const res = await fetch(`${base}/token`, { headers: { Authorization: `Bearer ${await session("erin", "x".repeat(40))}` } });
    const body = await res.json();
    assert(res.status === 401 && body.error.code === "ERR_SIGNATURE_INVALID", `${res.status} ${JSON.stringify(body)}`);
  });
  await check("the password-reset token signed with the same secret (aud email-verify, typ password-reset) → 401 ERR_AUDIENCE_MISMATCH", async () => {
    const reset = await new jose.SignJWT({ aud: "email-verify" }).setProtectedHeader({ alg: "HS256", typ: "password-reset" }).setSubject("admin").setIssuedAt().setExpirationTime("10m").sign(new TextEncoder().encode(secret));
    const res = await fetch(`${base}/token`, { headers: { Authorization: `Bearer ${reset}` } });
    const body = await res.json();
    assert(res.status === 401 && body.error.code === "ERR_AUDIENCE_MISMATCH" && !body.token, `${res.status} ${JSON.stringify(body)}`);
  });
  console.log(JSON.stringify(result()));
} catch (err) {
  console.error(String(err?.stack ?? err), "\n", log.slice(-2000));
  process.exitCode = 1;
} finally {
  process.exit();
}
