// The demo page as a static site: `make site` stages it (www/ plus the installed package's browser
// files) into one folder, and the page test serves such a folder with a plain static file server
// (Python's http.server, as any static host would: files, MIME types, nothing else).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitForHttp } from "./workerd.mjs";

/**
 * Serves a copy of `site` on 127.0.0.1:`port` with `python3 -m http.server`; `extra` maps paths
 * (e.g. ".well-known/jwks.json") to file contents added to the copy. Resolves to
 * { base, site, stop(), exited }.
 */
export async function serveStatic({ site, port, dir, extra = {}, stdio = "ignore" }) {
  const served = join(dir, "static-root");
  rmSync(served, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(site, served, { recursive: true });
  for (const [path, body] of Object.entries(extra)) {
    mkdirSync(join(served, path, ".."), { recursive: true });
    writeFileSync(join(served, path), body);
  }
  const child = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", served], {
    stdio: ["ignore", stdio, stdio],
  });
  const exited = new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/index.html`, 20000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, site: served, stop, exited, child };
}
