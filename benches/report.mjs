// Composes benches/RESULTS.md from the measurements in target/bench/.
import { readFileSync, existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { execSync } from "node:child_process";
import { table } from "./bench.mjs";

const dir = process.argv[2];
const j = (f) => JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
const ssl = readFileSync(`${dir}/openssl.txt`, "utf8");
const num = (re) => { const m = re.exec(ssl); return m ? Number(m[1]) : NaN; };
const native = { RS256: num(/rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)/), ES256: num(/ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)/), EdDSA: num(/EdDSA \(Ed25519\)\s+\S+\s+\S+\s+([\d.]+)/) };
const node = j("node.json");
const size = j("size.json");
const cold = j("cold.json");
const mem = j("memory.json");
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (res, title, name) => res.find((r) => r.title === title)?.rows.find((r) => r.name === name);
const L = [];
L.push("# Benchmark results", "");
L.push(`Reproduce with \`make bench\` (scripts/bench.sh). Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${execSync("openssl version").toString().trim()}.`);
L.push("Each figure: contestants alternate inside each round (the first one rotates), the table gives the median ops/s over rounds, the spread, and the median of the per-round ratios to jose. Keys are imported once for every library.", "");
L.push("## Ratio to the machine's native limit (`openssl speed`)", "", "| | openssl sign/s | sceyt issue() | ratio | jose | ratio |", "|---|---:|---:|---:|---:|---:|");
for (const alg of ["RS256", "ES256", "EdDSA"]) {
  const o = row(node, `${alg} issue (sign)`, "sceyt issue()"), jr = row(node, `${alg} issue (sign)`, "jose");
  if (o && jr) L.push(`| ${alg} | ${native[alg].toFixed(0)} | ${o.median.toFixed(0)} | ${(100 * o.median / native[alg]).toFixed(0)}% | ${jr.median.toFixed(0)} | ${(100 * jr.median / native[alg]).toFixed(0)}% |`);
}
L.push("", "## Size of the .wasm", "", "| build | raw | gzip -9 | brotli 11 |", "|---|---:|---:|---:|");
for (const [f, s] of Object.entries(size)) L.push(`| \`${f}\` | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
L.push("", "## Cold start (fresh `node` process → first RS256 token via the async path; median of runs, ms)", "", "| | median | min–max |", "|---|---:|---:|");
for (const [k, v] of Object.entries(cold)) L.push(`| ${k === "empty" ? "empty script (process baseline)" : k} | ${v.median.toFixed(1)} | ${v.min.toFixed(1)}–${v.max.toFixed(1)} |`);
L.push("", "## Memory (after GC): warm-up → end", "", "| run | wasm memory | JS heap |", "|---|---|---|");
for (const [k, v] of Object.entries(mem)) L.push(`| ${k} | ${kb(v.warm.wasm)} → ${kb(v.after.wasm)} | ${kb(v.warm.heap)} → ${kb(v.after.heap)} |`);
L.push("", "## ops/s in Node", table(node));
if (existsSync(`${dir}/workerd.json`)) {
  L.push("", "## ops/s inside workerd", table(j("workerd.json")));
}
// The workerd load test is measured by tests/runtimes/run.sh (see benches/load-test.md).
L.push("", readFileSync(new URL("./load-test.md", import.meta.url), "utf8").trim());
console.log(L.join("\n"));
