// The browser entry through the bundlers a web app uses: esbuild and Vite each bundle a small app
// that imports "sceyt-token" (and jose, and the shared suite); the bundle is served from
// 127.0.0.1 and run in headless Chromium (playwright-core), where it runs the shared suite
// (tests/runtimes/suite.mjs) and reports which backend checked the signatures. Vite must carry the
// .wasm as an asset through `new URL(..., import.meta.url)`; with esbuild, which leaves that URL
// alone, the app copies the .wasm next to its bundle (what the README says to do).
// Usage: node tests/runtimes/bundlers.mjs   Prints one JSON result line.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build as viteBuild } from "vite";
import { createHarness, merge, tag } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
// Under tests/, so that bare imports resolve: jose from tests/node_modules, sceyt-token (the
// npm-pack tarball) from the root node_modules.
const work = join(root, "tests/.bundles");
const PORT = Number(process.env.SCEYT_TEST_PORT ?? 18770);
rmSync(work, { recursive: true, force: true });
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

const main = `import * as pkg from "sceyt-token";
import * as jose from "jose";
import { runSuite } from ${JSON.stringify(join(here, "suite.mjs"))};
try {
  await pkg.init();
  const before = pkg.__sceytStats();
  const result = await runSuite(pkg, { jose, loadCrypto: () => pkg.init({ crypto: true }) });
  const after = pkg.__sceytStats();
  result.nativeAnswers = after.nativeAnswers - before.nativeAnswers;
  window.__result = JSON.stringify(result);
} catch (err) {
  window.__result = JSON.stringify({ error: String(err && err.stack || err) });
}
`;
const html = (script) => `<!doctype html><meta charset="utf-8"><title>bundled</title><script type="module" src="${script}"></script>`;

const bundlers = {
  async esbuild(dir) {
    writeFileSync(join(dir, "main.js"), main);
    const out = join(dir, "dist");
    execFileSync(join(root, "node_modules/.bin/esbuild"), ["main.js", "--bundle", "--format=esm", "--platform=browser",
      "--target=es2022", `--outfile=${join(out, "app.js")}`, "--log-level=error"], { cwd: dir });
    copyFileSync(join(root, "node_modules/sceyt-token/web/sceyt_token_bg.wasm"), join(out, "sceyt_token_bg.wasm"));
    copyFileSync(join(root, "node_modules/sceyt-token/web/sceyt_token_crypto.wasm"), join(out, "sceyt_token_crypto.wasm"));
    writeFileSync(join(out, "index.html"), html("./app.js"));
    return out;
  },
  async vite(dir) {
    writeFileSync(join(dir, "main.js"), main);
    writeFileSync(join(dir, "index.html"), html("./main.js"));
    const out = join(dir, "dist");
    await viteBuild({ root: dir, configFile: false, logLevel: "error", base: "./", build: { outDir: out, target: "es2022", emptyOutDir: true } });
    const assets = readdirSync(join(out, "assets"));
    if (assets.filter((f) => f.endsWith(".wasm")).length !== 2) throw new Error(`vite did not emit the two .wasm assets (assets: ${assets.join(", ")})`);
    return out;
  },
};

const types = { ".js": "text/javascript", ".html": "text/html", ".wasm": "application/wasm" };
let served = "";
const requests = [];
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  requests.push(path);
  const file = normalize(join(served, path === "/" ? "index.html" : path));
  if (!file.startsWith(served + "/") || !existsSync(file)) return res.writeHead(404).end("not found");
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});

const results = [];
let browser;
try {
  await new Promise((r) => server.listen(PORT, "127.0.0.1", r));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  for (const [name, bundle] of Object.entries(bundlers)) {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    served = await bundle(dir);
    requests.length = 0;
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120000 });
    const result = JSON.parse(await page.evaluate(() => window.__result));
    await page.close();
    const checks = createHarness({ prefix: `${name}: ` });
    if (result.error) {
      checks.record("the bundled app ran the suite", false, result.error);
      results.push(checks.result());
      continue;
    }
    const wasmRequests = requests.filter((p) => p.endsWith(".wasm"));
    checks.record("the page fetched the bundled core .wasm and, for the *Sync calls, the crypto module", wasmRequests.length === 2 && wasmRequests.some((p) => /sceyt_token_bg.*\.wasm$/.test(p)) && wasmRequests.some((p) => /sceyt_token_crypto.*\.wasm$/.test(p)), `requests: ${requests.join(", ")}`);
    checks.record("WebCrypto answered the suite's async verifications", result.nativeAnswers > 0, `nativeAnswers ${result.nativeAnswers}`);
    checks.record("no uncaught page error", errors.length === 0, errors.join("; "));
    results.push(tag(result, `${name}: `), checks.result());
  }
  const { passed, failed, names, failures } = merge(...results);
  console.log(JSON.stringify({ passed, failed, names, failures }));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  await browser?.close();
  server.close();
  process.exit();
}
