// Helpers to run a worker in plain workerd (no wrangler): bundle it the way wrangler does
// (esbuild, `workerd`/`worker` export conditions, .wasm kept as a separate CompiledWasm module)
// and write a workerd config. Used by scripts/demo.sh, the runtime matrix and the load test.
import { build } from "esbuild";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * Bundles `entry` into `outdir` and returns the list of workerd modules:
 * [{ name, kind: "esModule" | "wasm", path }], main module first.
 */
export async function bundleWorker(entry, outdir) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { worker: entry },
    outdir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    // `import wasm from "./x.wasm"` stays an import of a copied file, which workerd
    // compiles ahead of time (compiling wasm from bytes at run time is forbidden there).
    loader: { ".wasm": "copy" },
    assetNames: "[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    logLevel: "error",
  });
  const files = readdirSync(outdir);
  const modules = [{ name: "worker.mjs", kind: "esModule", path: resolve(outdir, "worker.mjs") }];
  for (const f of files.filter((f) => f.endsWith(".wasm"))) {
    modules.push({ name: f, kind: "wasm", path: resolve(outdir, f) });
  }
  return modules;
}

const str = (s) => JSON.stringify(String(s)); // Cap'n Proto text literals accept JSON escapes

/**
 * A workerd config. `services`: [{ name, modules, bindings: { NAME: string | { fromEnvironment } |
 * { service } }, socket?: { port }, flags?: ["nodejs_compat", …] }], `disks`: [{ name, path }].
 * `network`: the address kinds the workers' outbound fetch() may reach (workerd's `internet`
 * service; e.g. ["public", "local"] for a test server on loopback); workerd's default is public only.
 */
export function workerdConfig({ services, disks = [], address = "127.0.0.1", network }, configDir) {
  // `embed` paths are resolved relative to the config file.
  const rel = (p) => relative(resolve(configDir), resolve(p));
  const lines = ["using Workerd = import \"/workerd/workerd.capnp\";", "", "const config :Workerd.Config = ("];
  const svc = [];
  for (const s of services) {
    const mods = s.modules
      .map((m) => `(name = ${str(m.name)}, ${m.kind === "wasm" ? "wasm" : "esModule"} = embed ${str(rel(m.path))})`)
      .join(",\n        ");
    const binds = Object.entries(s.bindings ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        if (typeof v === "string") return `(name = ${str(k)}, text = ${str(v)})`;
        if (v.fromEnvironment) return `(name = ${str(k)}, fromEnvironment = ${str(v.fromEnvironment)})`;
        if (v.service) return `(name = ${str(k)}, service = ${str(v.service)})`;
        throw new Error(`bad binding ${k}`);
      })
      .join(",\n        ");
    const flags = (s.flags ?? []).map(str).join(", ");
    svc.push(`    (name = ${str(s.name)}, worker = (
      compatibilityDate = "2025-09-01",${flags ? `
      compatibilityFlags = [${flags}],` : ""}
      modules = [
        ${mods}
      ],
      bindings = [
        ${binds}
      ]
    ))`);
  }
  if (network) {
    svc.push(`    (name = "internet", network = (allow = [${network.map(str).join(", ")}], tlsOptions = (trustBrowserCas = true)))`);
  }
  for (const d of disks) {
    svc.push(`    (name = ${str(d.name)}, disk = (path = ${str(resolve(d.path))}, writable = false))`);
  }
  lines.push("  services = [", svc.join(",\n"), "  ],");
  const sockets = services
    .filter((s) => s.socket)
    .map((s) => `    (name = ${str(s.name)}, address = ${str(`${address}:${s.socket.port}`)}, http = (), service = ${str(s.name)})`);
  lines.push("  sockets = [", sockets.join(",\n"), "  ]", ");", "");
  return lines.join("\n");
}

/** Writes the config for `options` (see workerdConfig) to `dir/workerd.capnp`; returns its path. */
export function writeConfig(dir, options) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "workerd.capnp");
  writeFileSync(path, workerdConfig(options, dir));
  return path;
}

/** Waits until `url` answers (any status), or throws after `timeoutMs`. */
export async function waitForHttp(url, timeoutMs = 20000, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`server for ${url} exited before answering`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${lastError?.message ?? "?"}`);
}

