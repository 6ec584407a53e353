// Development mode (GET /token?sub=<anyone>, no session) is reachable from this machine only
// (issue 21): its launchers — `make demo` (scripts/demo.mjs) and the example's `npm run dev`
// (examples/cloudflare-worker/scripts/dev.mjs) — refuse any listening address but loopback, and
// the example's launcher refuses --remote. Nothing starts, nothing listens. (The worker's own
// check of the Host header stays, but nothing relies on it: a forged Host and CF-Connecting-IP get
// no token, tested in examples/cloudflare-worker/test/exchange.test.js.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isLoopback } from "../../scripts/lib/demo.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const listening = (port) =>
  fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
// This machine's own non-loopback addresses, where another machine could reach a listener.
const ownAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && !a.internal)
  .map((a) => a.address);

test("isLoopback: 127.0.0.0/8, ::1 and localhost only", () => {
  for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"]) assert.equal(isLoopback(h), true, h);
  for (const h of ["0.0.0.0", "::", "[::]", "10.0.0.1", "192.168.1.5", "127.0.0.1.nip.io", "1127.0.0.1", "127.0.0.256", "localhost.example.com", "", ...ownAddresses]) {
    assert.equal(isLoopback(h), false, h);
  }
});

test("make demo's launcher refuses development mode on a non-loopback address: exit 2, nothing listens", async () => {
  const hosts = ["0.0.0.0", "::", ...ownAddresses.slice(0, 2)];
  for (const host of hosts) {
    const port = await freePort();
    const r = spawnSync(process.execPath, [join(root, "scripts/demo.mjs"), "--dev-mode", "--host", host, "--port", String(port)], {
      env: { ...process.env, SCEYT_PRIVATE_KEY: "unused", SCEYT_APP_ID: "dev-app" },
      encoding: "utf8",
      timeout: 30000,
    });
    assert.equal(r.status, 2, `${host}: exit ${r.status} ${r.stderr}`);
    assert.match(r.stderr, /refused: development mode listens on loopback only/, host);
    assert.equal(await listening(port), false, `${host}: something listens on ${port}`);
  }
  console.log(`# refused hosts: ${hosts.join(", ")}`);
});

test("the example's npm run dev refuses --ip <non-loopback> and --remote before starting wrangler", () => {
  const dev = join(root, "examples/cloudflare-worker/scripts/dev.mjs");
  for (const args of [["--ip", "0.0.0.0"], ["--ip=192.168.1.5"], ["--host", "::"], ["--remote"], ["--port", "8788", "--ip", "10.1.2.3"]]) {
    const r = spawnSync(process.execPath, [dev, ...args], { encoding: "utf8", timeout: 30000 });
    assert.equal(r.status, 2, `${args.join(" ")}: exit ${r.status} ${r.stderr}`);
    assert.match(r.stderr, /npm run dev: refused/, args.join(" "));
  }
});
