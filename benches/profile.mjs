// Where the package's own per-call time goes (issue 26: "where the time goes — a profile, not a
// guess"): a V8 CPU profile (`node --cpu-prof`) of RS256 calls with the primitive made a no-op, so
// that every sample is the package's own cost, run on a copy of the installed package whose .wasm
// is the same build with its names kept (wasm-bindgen --keep-debug, wasm-opt -Oz -g: the shipped
// module's code with a name section, as benches/size-profile.mjs makes it, under the package's own
// module name so that the glue links it). Self time is summed by function name over the whole run.
// Calls: verifySync() and issueSync() with a no-op node:crypto verify/sign, verify() and issue() on
// the WebCrypto path with a no-op crypto.subtle.
// Usage: node benches/profile.mjs [out.json]   (prints Markdown; writes JSON for report.mjs)
//        node benches/profile.mjs --prepare    (only makes the names-kept module)
// PROFILE_MS (default 3000) sets each loop's length, PROFILE_TOP (default 12) the rows kept.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const MS = Number(process.env.PROFILE_MS ?? 3000);
const TOP = Number(process.env.PROFILE_TOP ?? 12);
const raw = join(root, "target/wasm32-unknown-unknown/release/sceyt_token.wasm");
const ndir = join(root, "target/profile-wasm");
const named = join(ndir, "sceyt_token.opt.wasm");
const stamp = join(ndir, "installed.sha256");
const installed = join(root, "node_modules/sceyt-token/web");
const sha = (f) => createHash("sha256").update(readFileSync(f)).digest("hex");
// The names-kept module must be the installed package's build: made from the release build when
// that build's glue is the installed glue, and stamped with the installed .wasm's hash. scripts/
// bench.sh makes it (`--prepare`) before the HMAC-only build overwrites the release .wasm.
if (!existsSync(named) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== sha(join(installed, "sceyt_token_bg.wasm"))) {
  mkdirSync(ndir, { recursive: true });
  execFileSync("wasm-bindgen", ["--keep-debug", "--target", "web", "--out-dir", ndir, "--out-name", "sceyt_token", raw]);
  if (readFileSync(join(ndir, "sceyt_token.js"), "utf8") !== readFileSync(join(installed, "sceyt_token.js"), "utf8")) {
    throw new Error(`${raw} is not the build of the installed package (another feature set?): run scripts/build.sh && scripts/pack.sh, then this`);
  }
  execFileSync(join(root, "node_modules/.bin/wasm-opt"), ["-Oz", "-g", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", join(ndir, "sceyt_token_bg.wasm"), "-o", named]);
  writeFileSync(stamp, sha(join(installed, "sceyt_token_bg.wasm")));
}
if (process.argv[2] === "--prepare") process.exit(0);
const dir = mkdtempSync(join(tmpdir(), "sceyt-prof-"));
const pkg = join(dir, "sceyt-token");
cpSync(join(root, "node_modules/sceyt-token"), pkg, { recursive: true });
cpSync(named, join(pkg, "web/sceyt_token_bg.wasm"));
const pem = join(root, "tests/fixtures/rsa2048.pkcs8.pem");
const glue = readFileSync(join(pkg, "web/sceyt_token.js"), "utf8").split("\n");
/** A readable name: Rust hashes and crate disambiguators dropped; an anonymous function of the glue
 * named by the import it implements (`__wbg_parse_…: function() { return handleError(function …`). */
function nameOf(f) {
  if (f.url.startsWith("wasm://")) return f.functionName.replace(/^\$/, "").replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "");
  const file = f.url ? f.url.replace(/^.*\/sceyt-token\//, "").replace(/^file:\/\/.*\//, "") : "";
  let fn = f.functionName;
  if (!fn && file === "web/sceyt_token.js") {
    const m = /(\w+): function/.exec(glue[f.lineNumber] ?? "");
    if (m) fn = `${m[1]} (body)`;
  }
  return `${fn || "(anonymous)"}${file ? ` (${file}:${f.lineNumber + 1})` : ""}`;
}
const calls = {
  verifySync: ["`verifySync()` RS256, node:crypto verify a no-op", "node", "verifier.verifySync(token)"],
  issueSync: ["`issueSync()` RS256, node:crypto sign a no-op", "node", 'issuer.issueSync("user-42")'],
  verify: ["`verify()` RS256 on the WebCrypto path, crypto.subtle.verify a no-op", "subtle", "await web.verify(token)"],
  issue: ["`issue()` RS256 on the WebCrypto path, crypto.subtle.sign a no-op", "subtle", 'await webIssuer.issue("user-42")'],
};
const out = { about: `V8 CPU profiles (\`node --cpu-prof\`, 100 µs sampling) of ${MS} ms loops of each call with its primitive made a no-op, on the shipped module's code with names kept; self time summed by function name over the samples of the timed loop only, as a share of them (idle left out). Wasm functions carry their Rust paths; JS functions their file and line.` };
for (const [k, [label, noop, call]] of Object.entries(calls)) {
  const script = join(dir, `${k}.mjs`);
  writeFileSync(script, `import { readFileSync } from "node:fs";
import * as s from ${JSON.stringify(join(pkg, "entries/node.mjs"))};
const c = process.getBuiltinModule("node:crypto");
const pem = readFileSync(${JSON.stringify(pem)}, "utf8");
const key = s.SigningKey.fromPem(pem);
const issuer = new s.TokenIssuer(key, { applicationId: "app" });
const verifier = new s.TokenVerifier(key.publicKey, { applicationId: "app" });
const web = new s.TokenVerifier(key.publicKey, { applicationId: "app", backend: "webcrypto" });
const webIssuer = new s.TokenIssuer(key, { applicationId: "app", backend: "webcrypto" });
const token = issuer.issueSync("user-42");
verifier.verifySync(token); await web.verify(token); await webIssuer.issue("user-42");
const fake = Buffer.alloc(256), fakeBuf = new ArrayBuffer(256);
${noop === "node" ? "c.verify = () => true; c.sign = () => fake;" : "crypto.subtle.verify = () => Promise.resolve(true); crypto.subtle.sign = () => Promise.resolve(fakeBuf);"}
for (let i = 0; i < 2000; i++) ${call};
const h0 = process.hrtime.bigint() / 1000n;
let n = 0; const t0 = performance.now();
while (performance.now() - t0 < ${MS}) { ${call}; n++; }
process.stdout.write(JSON.stringify({ us: ((performance.now() - t0) * 1000) / n, from: Number(h0), to: Number(process.hrtime.bigint() / 1000n) }));
`);
  const pdir = join(dir, k);
  const r = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", pdir, script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${k}: ${r.stderr}`);
  const prof = JSON.parse(readFileSync(join(pdir, readdirSync(pdir)[0]), "utf8"));
  // Only the samples taken during the timed loop (the profile's clock is the monotonic clock of
  // process.hrtime, in µs): start-up, key import and warm-up are left out.
  const { us, from, to } = JSON.parse(r.stdout);
  const hits = new Map();
  let t = prof.startTime;
  prof.samples.forEach((id, i) => {
    t += prof.timeDeltas[i];
    if (t >= from && t <= to) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const self = new Map();
  let total = 0;
  for (const node of prof.nodes) {
    const f = node.callFrame, h = hits.get(node.id);
    if (!h || f.functionName === "(idle)") continue;
    const name = nameOf(f);
    self.set(name, (self.get(name) ?? 0) + h);
    total += h;
  }
  if (total < 100) throw new Error(`${k}: only ${total} samples fall in the timed loop (clock mismatch?)`);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([name, h]) => ({ name, pct: (100 * h) / total }));
  out[k] = { label, us, samples: total, top };
}
const L = [out.about, ""];
for (const p of Object.values(out).filter((x) => x && x.top)) {
  L.push(`### ${p.label}`, "", `${p.samples} samples, ${p.us.toFixed(1)} µs per call`, "", "| function | self time |", "|---|---:|");
  for (const e of p.top) L.push(`| \`${e.name}\` | ${e.pct.toFixed(1)} % |`);
  L.push("");
}
console.log(L.join("\n"));
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(out, null, 2));
