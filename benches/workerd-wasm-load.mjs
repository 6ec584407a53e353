// Does workerd compile a wasm module of a worker when the isolate loads it, even when no request
// uses it? (Issue 27's question: if it does, a worker must not ship the pure-crypto module unless
// it needs it.) Three workers, each in a fresh `workerd serve` per run, alternating: no wasm; the
// package's .wasm listed in the config but not imported; the same imported (bound to a global)
// but never instantiated. `ready` = spawn → first answer from the worker (process, config, module
// compile, isolate). Prints the medians.
// Usage: node benches/workerd-wasm-load.mjs [runs=15]   (BENCH_WASM_LOAD_PORT, default 18795)
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 15);
const PORT = Number(process.env.BENCH_WASM_LOAD_PORT ?? 18795);
const workerd = join(root, "node_modules/.bin/workerd");
const dir = mkdtempSync(join(tmpdir(), "sceyt-wasm-load-"));
const wasm = join(root, "node_modules/sceyt-token/web/sceyt_token_bg.wasm");
copyFileSync(wasm, join(dir, "module.wasm"));
const fetchHandler = `export default { async fetch() { return new Response(typeof globalThis.W); } };`;
writeFileSync(join(dir, "plain.mjs"), fetchHandler);
writeFileSync(join(dir, "imported.mjs"), `import w from "./module.wasm"; globalThis.W = w;\n${fetchHandler}`);
const variants = {
  "no wasm": `(name = "worker.mjs", esModule = embed "plain.mjs")`,
  "wasm listed, not imported": `(name = "worker.mjs", esModule = embed "plain.mjs"), (name = "module.wasm", wasm = embed "module.wasm")`,
  "wasm imported, not instantiated": `(name = "worker.mjs", esModule = embed "imported.mjs"), (name = "module.wasm", wasm = embed "module.wasm")`,
};
const files = Object.keys(variants).map((k, i) => {
  const f = join(dir, `v${i}.capnp`);
  writeFileSync(f, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [ (name = "main", worker = .w) ], sockets = [ (name = "http", address = "127.0.0.1:${PORT}", http = (), service = "main") ] );
const w :Workerd.Worker = ( modules = [ ${variants[k]} ], compatibilityDate = "2025-06-01" );
`);
  return f;
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function ready(file) {
  const t0 = performance.now();
  const p = spawn(workerd, ["serve", file], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  p.stderr.on("data", (d) => (err += d));
  const exited = new Promise((r) => p.on("exit", r));
  try {
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/`);
        return { ms: performance.now() - t0, body: await r.text() };
      } catch {
        if (i > 5000) throw new Error(`workerd did not start: ${err}`);
        await sleep(1);
      }
    }
  } finally {
    p.kill("SIGTERM");
    await exited;
  }
}
const names = Object.keys(variants);
const times = names.map(() => []);
const bodies = [];
for (let r = 0; r < runs; r++) {
  for (let j = 0; j < names.length; j++) {
    const i = (j + r) % names.length; // the first one rotates
    const { ms, body } = await ready(files[i]);
    times[i].push(ms);
    bodies[i] = body;
  }
}
if (bodies[2] !== "object" || bodies[0] !== "undefined") throw new Error(`unexpected answers: ${bodies.join(", ")}`);
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`| worker (${runs} fresh processes each; the module: ${wasm.replace(root, "")}) | ready, median ms | min–max |`);
console.log("|---|---:|---:|");
names.forEach((n, i) => console.log(`| ${n} | ${med(times[i]).toFixed(1)} | ${Math.min(...times[i]).toFixed(1)}–${Math.max(...times[i]).toFixed(1)} |`));
