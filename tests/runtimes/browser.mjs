// Headless Chrome (chromedriver) and Firefox (geckodriver): a page served from 127.0.0.1 maps the
// bare name "sceyt-token" (import map built from the installed package's `browser` export) and
// runs the suite after `await init()`. A minimal W3C WebDriver client drives both browsers.
// `nosubtle`: the page removes `crypto.subtle` before the package loads (what an insecure page or a
// runtime without WebCrypto has) and runs the differential suite alone (the shared suite's jose
// needs WebCrypto); the pure-wasm primitive must then decide every check, counted.
// Usage: node browser.mjs chrome|firefox [nosubtle]   Prints one JSON result line.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { homedir, tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeCorpus } from "../differential/corpus.mjs";
import { createHarness, merge } from "../common/harness.mjs";

const browser = process.argv[2];
const noSubtle = process.argv[3] === "nosubtle";
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const base = Number(process.env.SCEYT_TEST_PORT ?? 18740) + (browser === "firefox" ? 2 : 0) + (noSubtle ? 4 : 0);
const pagePort = base;
const driverPort = base + 1;
const which = (names) => names.find((p) => existsSync(p));

const drivers = {
  chrome: {
    bin: which(["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]),
    args: [`--port=${driverPort}`, "--allowed-ips=127.0.0.1"],
    capabilities: (profile) => ({
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: which(["/usr/bin/chromium", "/usr/bin/chromium-browser"]),
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`],
      },
    }),
  },
  firefox: {
    bin: which([join(homedir(), ".cargo/bin/geckodriver"), "/usr/local/bin/geckodriver", "/usr/bin/geckodriver"]),
    args: ["--port", String(driverPort), "--host", "127.0.0.1"],
    capabilities: () => ({
      browserName: "firefox",
      "moz:firefoxOptions": { binary: which(["/usr/bin/firefox-esr", "/usr/bin/firefox"]), args: ["-headless"] },
    }),
  },
};
const driver = drivers[browser];
if (!driver) throw new Error("usage: browser.mjs chrome|firefox");

// --- the page and its files -------------------------------------------------------------------
const pkgDir = join(root, "node_modules/sceyt-token");
const pkgJson = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const browserCondition = pkgJson.exports["."].browser; // what a browser-targeting resolver picks
const browserEntry = typeof browserCondition === "string" ? browserCondition : browserCondition.default;
const page = `<!doctype html><meta charset="utf-8"><title>sceyt-token suite</title>
${noSubtle ? `<script>Object.defineProperty(Crypto.prototype, "subtle", { get: () => undefined, configurable: true });</script>` : ""}
<script type="importmap">${JSON.stringify({ imports: { "sceyt-token": `/pkg/${browserEntry.replace(/^\.\//, "")}`, jose: "/jose/dist/webapi/index.js" } })}</script>
<script type="module">
  import * as pkg from "sceyt-token";
  import * as jose from "jose";
  import { runSuite } from "/tests/runtimes/suite.mjs";
  import { runDifferential } from "/tests/differential/differential.mjs";
  import { createHarness, merge } from "/tests/common/harness.mjs";
  try {
    await pkg.init(); // fetches the core .wasm next to the glue (not the crypto module)
    const noSubtle = ${noSubtle};
    if (noSubtle && typeof crypto.subtle !== "undefined") throw new Error("crypto.subtle is still there");
    let result;
    if (noSubtle) {
      // No WebCrypto: the async API loads the crypto module by itself (once), without init().
      const h = createHarness({ TokenError: pkg.TokenError });
      await h.check("no crypto.subtle: generate, issue() and verify() ES256 load the crypto module by themselves, once", async () => {
        h.equal(pkg.__sceytStats().cryptoInstantiations, 0, "instantiations after init()");
        const key = await pkg.SigningKey.generate("ES256");
        const token = await new pkg.TokenIssuer(key, { applicationId: "a" }).issue("u");
        h.equal((await new pkg.TokenVerifier(key.publicKey, { applicationId: "a" }).verify(token)).claims.sub, "u", "sub");
        h.equal(pkg.__sceytStats().cryptoInstantiations, 1, "instantiations");
      });
      result = h.result();
    } else {
      result = await runSuite(pkg, { jose, loadCrypto: () => pkg.init({ crypto: true }) });
    }
    // The differential suite compares every backend with pure wasm: it needs the crypto module.
    await pkg.init({ crypto: true });
    const corpus = await (await fetch("/corpus.json")).json();
    const diff = await runDifferential(pkg, corpus);
    window.__result = JSON.stringify({ ...merge(result, diff), differential: diff.stats });
  } catch (err) {
    window.__result = JSON.stringify({ error: String(err && err.stack || err) });
  }
</script>`;
// The differential corpus, built here with node:crypto (tests/differential/corpus.mjs).
const corpusJson = JSON.stringify(makeCorpus({ perFamily: noSubtle ? 500 : 1000 }));
// The suites and the shared harness they import, under /tests/ as in the repository.
const mounts = { "/pkg/": pkgDir, "/jose/": join(root, "tests/node_modules/jose"), "/tests/": join(root, "tests") };
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file;
  if (path === "/") return res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  if (path === "/corpus.json") return res.writeHead(200, { "Content-Type": "application/json" }).end(corpusJson);
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (path.startsWith(prefix)) {
      const candidate = normalize(join(dir, path.slice(prefix.length)));
      if (candidate.startsWith(dir + "/")) file = candidate;
    }
  }
  if (!file || !existsSync(file)) return res.writeHead(404).end("not found");
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});

// --- WebDriver --------------------------------------------------------------------------------
const wd = async (method, path, body) => {
  const res = await fetch(`http://127.0.0.1:${driverPort}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body && JSON.stringify(body),
    signal: AbortSignal.timeout(120000), // pure-wasm RSA keeps the page's thread busy for long stretches
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value).slice(0, 500)}`);
  return json.value;
};

const profile = mkdtempSync(join(tmpdir(), `sceyt-${browser}-`));
let child;
let session;
const stop = () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  rmSync(profile, { recursive: true, force: true });
};
process.on("exit", stop);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(1));

try {
  if (!driver.bin) throw new Error(`no WebDriver binary for ${browser}`);
  await new Promise((r) => server.listen(pagePort, "127.0.0.1", r));
  child = spawn(driver.bin, driver.args, { stdio: "ignore" });
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      if ((await wd("GET", "/status")).ready !== undefined) break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${browser} driver did not start: ${err.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  session = (await wd("POST", "/session", { capabilities: { alwaysMatch: driver.capabilities(profile) } })).sessionId;
  await wd("POST", `/session/${session}/url`, { url: `http://127.0.0.1:${pagePort}/` });
  let raw = null;
  const until = Date.now() + 240000;
  while (raw === null && Date.now() < until) {
    raw = await wd("POST", `/session/${session}/execute/sync`, { script: "return window.__result ?? null;", args: [] });
    if (raw === null) await new Promise((r) => setTimeout(r, 250));
  }
  if (raw === null) throw new Error("the page did not finish the suite within 240 s");
  const result = JSON.parse(raw);
  if (result.error) throw new Error(`page error: ${result.error}`);
  result.runtime = await wd("POST", `/session/${session}/execute/sync`, { script: "return navigator.userAgent;", args: [] });
  // Which primitive decided, from the differential's counts (its own checks compare each path's
  // count with the signature checks of the pure-wasm path; these name the backend of this page).
  const d = result.differential;
  const backendCheck = noSubtle
    ? [`no crypto.subtle: the wasm primitive decided every check (${d.wasmChecks} wasm checks, 0 WebCrypto answers)`,
      !d.backends.includes("webcrypto") && d.nativeBooleans === 0 && d.nativeAnswers === 0 && d.asyncWaits === 0 && d.wasmChecks > 100]
    : [`WebCrypto decided the async checks (${d.nativeBooleans} crypto.subtle.verify booleans counted, ${d.asyncWaits} calls waited for it)`,
      d.backends.includes("webcrypto") && d.nativeBooleans > 1000 && d.nativeAnswers >= d.nativeBooleans && d.asyncWaits > 1000];
  const backend = createHarness();
  backend.record(backendCheck[0], backendCheck[1], `counts: ${JSON.stringify(d)}`);
  console.log(JSON.stringify(merge(result, backend.result())));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  if (session) await wd("DELETE", `/session/${session}`).catch(() => {});
  server.close();
  stop();
  process.exit();
}
