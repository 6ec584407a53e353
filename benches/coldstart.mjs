// Cold start (issue 26): the first RS256 token in a fresh process, for sceyt-token and for jose
// doing the same (import, key import, sign), and the same in a fresh workerd isolate.
//
// Node, two measurements per fresh process, alternating ours / jose / an empty script:
// - the wall time from spawn to exit (`ours`, `jose`, `empty` = the process baseline);
// - inside the process, the phases of the first token: `import` (the library's JS modules read,
//   compiled and evaluated), `read` (the .wasm read from disk: readFileSync timed by a wrapper),
//   `compile` (new WebAssembly.Module), `instantiate` (new WebAssembly.Instance, with the module's
//   start function), `node:crypto key objects` (createPrivateKey/createPublicKey/createSecretKey,
//   wherever they are called: jose in its importPKCS8, the package on its first issue), `key
//   import` (SigningKey.fromPem + new TokenIssuer, or jose's importPKCS8), `first issue` and, for
//   reference, a `second issue`; a phase's figure leaves out the timed calls made inside it (the
//   package reads, compiles and instantiates lazily, on the first fromPem). The wrappers are
//   installed in the child before the library is imported; they time the calls and change nothing
//   else. The same run of ours with `--no-wasm-lazy-compilation` (`ours, eager wasm compile`)
//   shows how much of key import and first issue is V8 compiling wasm functions on first call.
// workerd (when the workerd binary is installed): a fresh `workerd serve` per run, with one worker
// (ours, jose, or an empty one as baseline), each with `?op=ping` (answers without touching the
// library) and `?op=token` (imports the key and issues the first token, timed from outside; the
// clock inside a request stands still): `ready` = spawn → first ping answered (process start,
// config, module compile, isolate), `first token` = the first token request's round trip.
// Prints JSON. BENCH_COLD_RUNS (default 15) and BENCH_COLD_WORKERD_RUNS (default 7) set the runs;
// BENCH_COLD_PORT (default BENCH_WORKERD_PORT + 2, as benches/workerd.mjs: 18792) the workerd port.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const N = Number(process.env.BENCH_COLD_RUNS ?? 15);
const NW = Number(process.env.BENCH_COLD_WORKERD_RUNS ?? 7);
const PORT = Number(process.env.BENCH_COLD_PORT ?? Number(process.env.BENCH_WORKERD_PORT ?? 18790) + 2);
const root = new URL("..", import.meta.url).pathname;
const pem = join(root, "tests/fixtures/rsa2048.pkcs8.pem");
const dir = mkdtempSync(join(tmpdir(), "sceyt-cold-"));
const ours = join(root, "benches/.cold-ours.mjs");
const theirs = join(root, "benches/.cold-jose.mjs");
// Shared by both children: timing wrappers, then the phases, printed as JSON on stdout.
const prelude = `import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
const now = () => performance.now();
const ph = { read: 0, compile: 0, instantiate: 0 };
const rf = fs.readFileSync;
fs.readFileSync = function (p, ...a) { const t = now(); try { return rf.call(this, p, ...a); } finally { if (String(p).endsWith(".wasm")) ph.read += now() - t; } };
const KO = "node:crypto key objects";
ph[KO] = 0;
const nc = process.getBuiltinModule("node:crypto");
for (const f of ["createPrivateKey", "createPublicKey", "createSecretKey"]) {
  const o = nc[f];
  nc[f] = function (...a) { const t = now(); try { return o.apply(this, a); } finally { ph[KO] += now() - t; } };
}
syncBuiltinESMExports();
const M = WebAssembly.Module, I = WebAssembly.Instance;
WebAssembly.Module = class extends M { constructor(b) { const t = now(); super(b); ph.compile += now() - t; } };
WebAssembly.Instance = class extends I { constructor(m, i) { const t = now(); super(m, i); ph.instantiate += now() - t; } };
const pemText = rf(${JSON.stringify(pem)}, "utf8");
const lazy = () => ph.read + ph.compile + ph.instantiate + ph[KO];
const t0 = now();
`;
writeFileSync(ours, `${prelude}
const { SigningKey, TokenIssuer } = await import("sceyt-token");
const t1 = now(); ph.import = t1 - t0;
const l0 = lazy();
const issuer = new TokenIssuer(SigningKey.fromPem(pemText), { applicationId: "app" });
const t2 = now(); ph["key import"] = t2 - t1 - (lazy() - l0);
const l1 = lazy();
const t = await issuer.issue("user-42");
const t3 = now(); ph["first issue"] = t3 - t2 - (lazy() - l1);
await issuer.issue("user-43");
ph["second issue"] = now() - t3;
if (t.split(".").length !== 3) process.exit(1);
process.stdout.write(JSON.stringify(ph));
`);
writeFileSync(theirs, `${prelude}
const { SignJWT, importPKCS8 } = await import("jose");
const t1 = now(); ph.import = t1 - t0;
const k0 = ph[KO];
const key = await importPKCS8(pemText, "RS256");
const t2 = now(); ph["key import"] = t2 - t1 - (ph[KO] - k0);
const sign = (sub) => { const n = Math.floor(Date.now() / 1000); return new SignJWT({ aid: "app", sub, iat: n, nbf: n, exp: n + 21600 }).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(key); };
const k1 = ph[KO];
const t = await sign("user-42");
const t3 = now(); ph["first issue"] = t3 - t2 - (ph[KO] - k1);
await sign("user-43");
ph["second issue"] = now() - t3;
if (t.split(".").length !== 3) process.exit(1);
process.stdout.write(JSON.stringify(ph));
`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const stat = (v) => ({ median: median(v), min: Math.min(...v), max: Math.max(...v) });
const phases = { ours: [], jose: [], "ours, eager wasm compile": [] };
const run = (f, k, flags = []) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...flags, f], { cwd: root, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(String(r.stderr));
  if (k) phases[k].push(JSON.parse(r.stdout));
  return ms;
};
const base = join(dir, "empty.mjs");
writeFileSync(base, "");
const res = { ours: [], jose: [], empty: [] };
for (let i = 0; i < N; i++) {
  res.empty.push(run(base));
  if (i % 2) { res.ours.push(run(ours, "ours")); res.jose.push(run(theirs, "jose")); } else { res.jose.push(run(theirs, "jose")); res.ours.push(run(ours, "ours")); }
  run(ours, "ours, eager wasm compile", ["--no-wasm-lazy-compilation"]);
}
const out = { node: Object.fromEntries(Object.entries(res).map(([k, v]) => [k, stat(v)])), phases: {} };
for (const [k, list] of Object.entries(phases)) {
  out.phases[k] = Object.fromEntries(Object.keys(list[0]).map((p) => [p, stat(list.map((x) => x[p]))]));
}

// workerd: a fresh process (and so a fresh isolate) per run.
const workerd = join(root, "node_modules/.bin/workerd");
if (existsSync(workerd) && NW > 0) {
  const { buildSync } = await import("esbuild");
  const wdir = mkdtempSync(join(tmpdir(), "sceyt-cold-workerd-"));
  cpSync(join(root, "node_modules/sceyt-token"), join(wdir, "sceyt-token"), { recursive: true });
  buildSync({ entryPoints: [join(root, "tests/node_modules/jose/dist/webapi/index.js")], bundle: true, format: "esm", outfile: join(wdir, "jose.mjs"), logLevel: "error" });
  const PEM = JSON.stringify(spawnSync("cat", [pem], { encoding: "utf8" }).stdout);
  const head = `export default { async fetch(req) { const op = new URL(req.url).searchParams.get("op"); if (op === "ping") return new Response("ok");`;
  writeFileSync(join(wdir, "ours.mjs"), `import { SigningKey, TokenIssuer } from "./sceyt-token/entries/workerd.mjs";
${head} const issuer = new TokenIssuer(SigningKey.fromPem(${PEM}), { applicationId: "app" }); return new Response(await issuer.issue("user-42")); } };`);
  writeFileSync(join(wdir, "jose.mjs.worker.mjs"), `import { SignJWT, importPKCS8 } from "./jose.mjs";
${head} const key = await importPKCS8(${PEM}, "RS256"); const n = Math.floor(Date.now() / 1000); return new Response(await new SignJWT({ aid: "app", sub: "user-42", iat: n, nbf: n, exp: n + 21600 }).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(key)); } };`);
  writeFileSync(join(wdir, "empty.mjs"), `${head} return new Response("a.b.c"); } };`);
  const { readdirSync } = await import("node:fs");
  const entryModules = readdirSync(join(wdir, "sceyt-token/entries")).filter((f) => f.endsWith(".mjs"))
    .map((f) => `    (name = "sceyt-token/entries/${f}", esModule = embed "sceyt-token/entries/${f}"),`).join("\n");
  const mods = {
    ours: `    (name = "worker.mjs", esModule = embed "ours.mjs"),\n${entryModules}\n    (name = "sceyt-token/web/sceyt_token.js", esModule = embed "sceyt-token/web/sceyt_token.js"),\n    (name = "sceyt-token/web/sceyt_token_crypto.js", esModule = embed "sceyt-token/web/sceyt_token_crypto.js"),\n    (name = "sceyt-token/web/sceyt_token_bg.wasm", wasm = embed "sceyt-token/web/sceyt_token_bg.wasm"),`,
    jose: `    (name = "worker.mjs", esModule = embed "jose.mjs.worker.mjs"),\n    (name = "jose.mjs", esModule = embed "jose.mjs"),`,
    empty: `    (name = "worker.mjs", esModule = embed "empty.mjs"),`,
  };
  for (const [k, m] of Object.entries(mods)) {
    writeFileSync(join(wdir, `${k}.capnp`), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${PORT}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [
${m}
  ],
  compatibilityDate = "2025-06-01",
);
`);
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function once(k) {
    const t0 = performance.now();
    const proc = spawn(workerd, ["serve", join(wdir, `${k}.capnp`)], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise((r) => proc.on("exit", r));
    try {
      let ready;
      for (let i = 0; ; i++) {
        try { const r = await fetch(`http://127.0.0.1:${PORT}/?op=ping`); await r.text(); ready = performance.now() - t0; break; } catch {
          if (i > 2000) throw new Error(`workerd (${k}) did not start: ${stderr}`);
          await sleep(2);
        }
      }
      const t1 = performance.now();
      const r = await fetch(`http://127.0.0.1:${PORT}/?op=token`);
      const body = await r.text();
      const first = performance.now() - t1;
      if (!r.ok || body.split(".").length !== 3) throw new Error(`workerd (${k}): ${r.status} ${body} ${stderr}`);
      const t2 = performance.now();
      await (await fetch(`http://127.0.0.1:${PORT}/?op=token`)).text();
      return { ready, "first token": first, "second token": performance.now() - t2, total: ready + first };
    } finally {
      proc.kill("SIGTERM");
      await exited;
    }
  }
  const wres = { ours: [], jose: [], empty: [] };
  for (let i = 0; i < NW; i++) {
    const order = ["empty", ...(i % 2 ? ["ours", "jose"] : ["jose", "ours"])];
    for (const k of order) wres[k].push(await once(k));
  }
  out.workerd = Object.fromEntries(Object.entries(wres).map(([k, list]) => [k, Object.fromEntries(Object.keys(list[0]).map((p) => [p, stat(list.map((x) => x[p]))]))]));
}
console.log(JSON.stringify(out));
