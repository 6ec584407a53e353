// The first run, as a stranger has it (`make check-fresh`, and a stage of `make test`):
//  1. clones HEAD into a temporary folder (so a file that exists only in a working copy — a built
//     pkg/, a staged www/vendor, a venv — cannot help), runs `make demo` there until
//     `GET /token?sub=` answers, loads the page in Chromium with a `#token=` token and asserts the
//     runtime indicator and the verdict (unverified without a key, valid with the worker's JWKS), with no console error and no request off the origin;
//  2. staleness: changes a message in src/, runs `make demo` again and checks that the served .wasm
//     changed (hash) and holds the new text;
//  3. runs `make demo` a third time with nothing changed and checks that nothing was rebuilt or
//     reinstalled (wasm-bindgen/wasm-opt, npm pack and npm ci all skipped, the .wasm untouched).
// The Cargo target folder (target/fresh-target) and npm's cache are reused for speed; the checkout
// is new every time. Only committed work is checked. Prints one `ok - …` line per check and
// `N passed, 0 failed`; exits non-zero on the first failure (the clone's logs are kept in
// test-artifacts/fresh/).
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(root, "tests/package.json"));
const { chromium } = require("playwright-core");
const artifacts = join(root, "test-artifacts/fresh");
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "sceyt-fresh-"));
const clone = join(work, "sceyt-token");
const port = 18900 + (process.pid % 50);
const base = `http://127.0.0.1:${port}`;
let passed = 0;
const ok = (what) => {
  passed++;
  console.log(`ok - ${what}`);
};
const fail = (what) => {
  throw new Error(what);
};

// A clean environment: no PATH entries of this working copy (the Makefile of the clone adds its own).
const PATH = (process.env.PATH ?? "")
  .split(":")
  .filter((p) => !p.startsWith(root))
  .join(":");
const env = {
  ...process.env,
  PATH,
  CARGO_TARGET_DIR: join(root, "target/fresh-target"),
  SCEYT_DEMO_PORT: String(port),
  CARGO_TERM_COLOR: "never",
};
delete env.SCEYT_PRIVATE_KEY;
delete env.SCEYT_SKIP_BUILD;

/** Runs `make demo` in the clone until the worker answers GET /token; resolves to { log, seconds, stop }. */
async function makeDemo(name, limitSeconds) {
  const logPath = join(artifacts, `${name}.log`);
  const started = Date.now();
  const child = spawn("make", ["demo"], { cwd: clone, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  let gone = false;
  exited.then(() => (gone = true));
  const stop = async () => {
    if (!gone) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 10000);
      await exited;
      clearTimeout(timer);
    }
    writeFileSync(logPath, log);
  };
  const deadline = started + limitSeconds * 1000;
  for (;;) {
    if (gone) {
      await stop();
      fail(`${name}: make demo exited before serving; log: ${logPath}\n${log.slice(-3000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      fail(`${name}: make demo did not serve within ${limitSeconds} s; log: ${logPath}\n${log.slice(-3000)}`);
    }
    try {
      const res = await fetch(`${base}/token?sub=fresh-user`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) {
        const body = await res.json();
        return { log: () => log, seconds: (Date.now() - started) / 1000, stop, token: body.token };
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function servedWasm() {
  const res = await fetch(`${base}/vendor/sceyt-token/web/sceyt_token_bg.wasm`);
  if (res.status !== 200) fail(`GET the page's .wasm answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, hash: createHash("sha256").update(bytes).digest("hex") };
}

async function checkPage(token) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${base}/#token=${token}`);
    await page.locator("#runtime[data-crypto]").waitFor({ timeout: 30000 });
    const runtime = await page.locator("#runtime").innerText();
    // No key yet: structure and claims only. Then the worker's own JWKS: the signature verifies.
    await page.locator('#verdict[data-verdict="unverified"]').waitFor({ timeout: 30000 });
    await page.fill("#jwks-url", `${base}/.well-known/jwks.json`);
    await page.press("#jwks-url", "Enter");
    await page.locator('#verdict[data-verdict="valid"]').waitFor({ timeout: 30000 });
    await page.screenshot({ path: join(artifacts, "page.png"), fullPage: true });
    if (errors.length) fail(`page errors: ${errors.join("; ")}`);
    const off = requests.filter((u) => new URL(u).origin !== base);
    if (off.length) fail(`requests off the origin: ${off.join(", ")}`);
    if (!requests.some((u) => u.endsWith("/vendor/sceyt-token/web/sceyt_token_bg.wasm"))) fail("the page never requested the package's .wasm");
    return runtime;
  } finally {
    await browser.close();
  }
}

let current;
try {
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone], { stdio: "inherit" });
  const head = execFileSync("git", ["-C", clone, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  for (const leftover of ["pkg/web", "pkg/dist", "www/vendor", "node_modules", ".dev", "target"]) {
    if (existsSync(join(clone, leftover))) fail(`the fresh clone already has ${leftover}`);
  }
  ok(`cloned HEAD ${head} into ${clone}: no pkg/web, pkg/dist, www/vendor, node_modules, .dev`);

  // 1. First run.
  current = await makeDemo("1-first-run", 1500);
  ok(`make demo served GET /token?sub= after ${current.seconds.toFixed(0)} s (first run in this clone)`);
  const runtime = await checkPage(current.token);
  ok(`the page loaded the package's wasm says unverified for a #token= token, then valid with the worker's JWKS URL (runtime indicator: ${JSON.stringify(runtime)}), no console error, no request off the origin`);
  const first = await servedWasm();
  await current.stop();
  current = undefined;

  // 2. Staleness: change an input of the package.
  const file = join(clone, "src/error.rs");
  const before = readFileSync(file, "utf8");
  const probe = "an unrecognised label";
  const changed = "an unrecognised PEM label (fresh-check)";
  if (!before.includes(`"${probe}"`)) fail(`src/error.rs no longer holds "${probe}": update the staleness probe`);
  if (!first.bytes.includes(Buffer.from(probe))) fail(`the served .wasm does not hold "${probe}"`);
  writeFileSync(file, before.replace(`"${probe}"`, `"${changed}"`));
  current = await makeDemo("2-after-change", 900);
  const second = await servedWasm();
  await current.stop();
  current = undefined;
  if (second.hash === first.hash) fail("the served .wasm did not change after a change in src/");
  if (!second.bytes.includes(Buffer.from(changed))) fail("the served .wasm does not hold the changed message");
  ok(`after a change in src/error.rs the served .wasm changed (${first.hash.slice(0, 12)} → ${second.hash.slice(0, 12)}) and holds the new text`);

  // 3. Nothing changed: nothing is rebuilt.
  const wasmFile = join(clone, "pkg/web/sceyt_token_bg.wasm");
  const mtime = statSync(wasmFile).mtimeMs;
  current = await makeDemo("3-unchanged", 300);
  const repeatSeconds = current.seconds;
  const third = await servedWasm();
  const log = current.log();
  await current.stop();
  current = undefined;
  if (third.hash !== second.hash) fail("the served .wasm changed although nothing did");
  if (statSync(wasmFile).mtimeMs !== mtime) fail("pkg/web/sceyt_token_bg.wasm was rewritten although nothing changed");
  for (const line of ["pkg/web is up to date", "node_modules/sceyt-token is up to date"]) {
    if (!log.includes(line)) fail(`third run: no "${line}" in its output`);
  }
  for (const line of ["npm ci", "wasm-bindgen + wasm-opt", "Compiling sceyt-token"]) {
    if (log.includes(line)) fail(`third run: "${line}" ran although nothing changed`);
  }
  ok(`a repeat make demo with nothing changed rebuilt and reinstalled nothing and served after ${repeatSeconds.toFixed(1)} s`);
  console.log(`${passed} passed, 0 failed`);
} catch (err) {
  if (current) await current.stop();
  console.log(`not ok - ${err.message}`);
  console.log(`${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
