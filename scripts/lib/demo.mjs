// The demo as `make demo` serves it, in one place: stages the site (www/ plus the package's browser
// files, copied from the installed package on every start, so no earlier build can be served),
// bundles the example worker, and runs it in workerd with the site as its ASSETS. Used by
// scripts/demo.mjs (`make demo`), the page tests and the fresh-clone check.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleWorker, waitForHttp, writeConfig } from "./workerd.mjs";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const www = join(root, "www");

/** The folder of the `sceyt-token` package as Node resolves it from `from` (default: the repository). */
export function packageDir(from = root) {
  const require = createRequire(join(from, "noop.js"));
  return dirname(require.resolve("sceyt-token/package.json"));
}

/**
 * Copies the demo page (www/, without any stale www/vendor) and the browser files of the package in
 * `pkgDir` (entries/, web/, package.json) into `dest`/vendor/sceyt-token. `dest` is emptied first.
 * Returns `dest`.
 */
export function stageSite(dest, pkgDir = packageDir()) {
  for (const f of ["entries/browser.mjs", "web/sceyt_token_bg.wasm", "web/sceyt_token.js", "web/sceyt_token_crypto.wasm", "web/sceyt_token_crypto.js"]) {
    if (!existsSync(join(pkgDir, f))) throw new Error(`stage: ${join(pkgDir, f)} is missing (build the package first: make pkg)`);
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(www)) {
    if (name === "vendor") continue;
    cpSync(join(www, name), join(dest, name), { recursive: true });
  }
  const vendor = join(dest, "vendor/sceyt-token");
  for (const part of ["entries", "web", "package.json"]) cpSync(join(pkgDir, part), join(vendor, part), { recursive: true });
  return dest;
}

/**
 * Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost): the only addresses development
 * mode may listen on. Development mode issues a token for any `?sub=` without a session, so it must
 * be reachable from this machine only; a Worker cannot learn its bind address or its real peer (the
 * client sets Host and, under local workerd or wrangler, CF-Connecting-IP), so the launcher decides.
 */
export function isLoopback(host) {
  const h = String(host).trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
}

/** Throws unless development mode would listen on loopback only. */
export function assertDevModeBind(host) {
  if (!isLoopback(host)) {
    throw new Error(
      `development mode listens on loopback only (127.0.0.1, ::1, localhost), not on ${host}: any machine that reaches it would get a token for any user. Start without --dev-mode (sessions then need Authorization: Bearer) to listen elsewhere.`,
    );
  }
}

/**
 * Starts the example worker with the staged demo page on `host` (default 127.0.0.1):`port`.
 * Development mode is refused on any other address than loopback (assertDevModeBind).
 * `privateKey` (PEM) and `appId` are its SCEYT_PRIVATE_KEY and SCEYT_APP_ID; `devMode` turns on
 * `?sub=`; `vars` adds other plain-text bindings. `dir` holds the bundle, the config and the site.
 * Resolves when the worker answers, to { base, site, stop(), exited }.
 */
export async function startDemo({ port, host = "127.0.0.1", privateKey, appId, devMode = true, vars = {}, dir = join(root, ".dev/workerd"), stdio = "inherit" }) {
  if (devMode) assertDevModeBind(host);
  const site = stageSite(join(dir, "site"));
  const modules = await bundleWorker(join(root, "examples/cloudflare-worker/src/index.js"), join(dir, "build"));
  const config = writeConfig(dir, {
    address: host.includes(":") && !host.startsWith("[") ? `[${host}]` : host,
    services: [
      {
        name: "sceyt-token-worker",
        modules,
        bindings: {
          SCEYT_PRIVATE_KEY: { fromEnvironment: "SCEYT_PRIVATE_KEY" },
          SCEYT_APP_ID: appId,
          ...(devMode ? { SCEYT_DEV_MODE: "1" } : {}),
          ...vars,
          ASSETS: { service: "www" },
        },
        socket: { port },
        // As examples/cloudflare-worker/wrangler.toml: node:crypto for inspectToken in POST /verify.
        flags: ["nodejs_compat"],
      },
    ],
    disks: [{ name: "www", path: site }],
  });
  const workerdBin = join(root, "node_modules/.bin/workerd");
  const child = spawn(workerdBin, ["serve", config], {
    env: { ...process.env, SCEYT_PRIVATE_KEY: privateKey },
    stdio: ["ignore", stdio, stdio],
  });
  const exited = new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const base = `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
  try {
    await waitForHttp(`${base}/.well-known/jwks.json`, 30000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, site, stop, exited, child };
}
