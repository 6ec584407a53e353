// `wrangler dev` (local mode, offline): runs the suite worker from its wrangler.toml, then the
// example worker from examples/cloudflare-worker/wrangler.toml with development mode passed on the
// command line (`--var SCEYT_DEV_MODE:1`, as its `npm run dev` does); a token it issues must verify
// with jose against its JWKS. Prints one JSON result line.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import { waitForHttp } from "../../scripts/lib/workerd.mjs";
import { packageDir } from "../../scripts/lib/demo.mjs";
import { createHarness, merge } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const PORT = Number(process.env.SCEYT_TEST_PORT ?? 18730);
const wranglerBin = join(root, "tests/node_modules/wrangler/bin/wrangler.js");
const children = new Set();
process.on("exit", () => {
  // wrangler runs workerd as a child: signal the whole process group.
  for (const c of children) if (c.exitCode === null) try { process.kill(-c.pid, "SIGKILL"); } catch {}
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

async function withWrangler(configPath, port, extraArgs, fn) {
  let log = "";
  const child = spawn(
    process.execPath,
    [wranglerBin, "dev", "-c", configPath, "--ip", "127.0.0.1", "--port", String(port),
      "--inspector-port", String(port + 9), "--log-level", "warn", ...extraArgs],
    { cwd: dirname(configPath), detached: true, stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" } },
  );
  children.add(child);
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 60000, () => child.exitCode === null);
    return await fn(`http://127.0.0.1:${port}`);
  } catch (err) {
    err.message += `\n--- wrangler log ---\n${log.slice(-3000)}`;
    throw err;
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    try { process.kill(-child.pid, "SIGINT"); } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try { process.kill(-child.pid, "SIGKILL"); } catch {}
    children.delete(child);
  }
}

try {
  const suite = await withWrangler(join(here, "worker/wrangler.toml"), PORT, [], async (base) => {
    const res = await fetch(`${base}/suite`, { signal: AbortSignal.timeout(60000) });
    if (!res.ok) throw new Error(`suite worker answered ${res.status}: ${await res.text()}`);
    return res.json();
  });
  const exampleConfig = join(root, "examples/cloudflare-worker/wrangler.toml");
  const examples = createHarness();
  // The example worker under `wrangler dev` with `args`: GET /token?sub= issues a token that jose
  // verifies against its JWKS; `more(base, token)` checks the rest: one check each.
  const example = async (name, port, args, sub, more) => {
    await withWrangler(exampleConfig, port, ["--var", "SCEYT_DEV_MODE:1", ...args], (base) =>
      examples.check(name, async () => {
        const res = await fetch(`${base}/token?sub=${sub}`);
        const body = await res.json();
        if (res.status !== 200) throw new Error(`GET /token: ${res.status} ${JSON.stringify(body)}`);
        const jwks = await (await fetch(`${base}/.well-known/jwks.json`)).json();
        const { payload } = await jose.jwtVerify(body.token, jose.createLocalJWKSet(jwks), { algorithms: ["RS256"] });
        if (payload.sub !== sub || payload.aid !== "dev-app") throw new Error(`claims ${JSON.stringify(payload)}`);
        await more(base, body.token);
      }),
    );
  };
  await example(
    "example worker (wrangler.toml, --var SCEYT_DEV_MODE:1): token verifies with jose; serves the page with the installed package's wasm",
    PORT + 1,
    [],
    "wrangler-user",
    async (base) => {
      // The demo page, staged by the example's [build] command from www/ and the installed package.
      const page = await fetch(`${base}/`);
      const html = await page.text();
      if (page.status !== 200 || !html.includes("<html")) throw new Error(`GET / answered ${page.status}: ${html.slice(0, 200)}`);
      const served = Buffer.from(await (await fetch(`${base}/vendor/sceyt-token/web/sceyt_token_bg.wasm`)).arrayBuffer());
      const built = readFileSync(join(packageDir(dirname(exampleConfig)), "web/sceyt_token_bg.wasm"));
      if (!served.equals(built)) throw new Error(`the page's .wasm (${served.length} bytes) is not the installed package's (${built.length} bytes)`);
      // Every module of the page (www/*.js), as in the repository.
      for (const name of readdirSync(join(root, "www")).filter((f) => f.endsWith(".js"))) {
        const res = await fetch(`${base}/${name}`);
        const body = await res.text();
        if (res.status !== 200 || body !== readFileSync(join(root, "www", name), "utf8")) {
          throw new Error(`GET /${name} answered ${res.status} with ${body.length} characters, not www/${name}`);
        }
      }
    },
  );
  // The same example bundled by wrangler with nodejs_compat: node:crypto signs and verifies there.
  await example(
    "example worker with --compatibility-flags nodejs_compat: token verifies with jose",
    PORT + 2,
    ["--compatibility-flags", "nodejs_compat"],
    "compat-user",
    async (base, token) => {
      const report = await (await fetch(`${base}/verify`, { method: "POST", body: token })).json();
      if (report.verdict !== "valid") throw new Error(`POST /verify: ${JSON.stringify(report).slice(0, 300)}`);
    },
  );
  const { passed, failed, names, failures } = merge(suite, examples.result());
  console.log(JSON.stringify({ passed, failed, names, failures }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
}
