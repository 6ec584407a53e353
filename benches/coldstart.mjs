// Cold start: a fresh Node process from spawn to the first issued RS256 token (async path), for
// sceyt-token and for jose doing the same (import, key import, sign). Median of N runs, alternating.
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const N = Number(process.env.BENCH_COLD_RUNS ?? 15);
const root = new URL("..", import.meta.url).pathname;
const pem = join(root, "tests/fixtures/rsa2048.pkcs8.pem");
const dir = mkdtempSync(join(tmpdir(), "sceyt-cold-"));
const ours = join(root, "benches/.cold-ours.mjs");
const theirs = join(root, "benches/.cold-jose.mjs");
writeFileSync(ours, `import { readFileSync } from "node:fs";
import { SigningKey, TokenIssuer } from "sceyt-token";
const issuer = new TokenIssuer(SigningKey.fromPem(readFileSync(${JSON.stringify(pem)}, "utf8")), { applicationId: "app" });
const t = await issuer.issue("user-42");
if (t.split(".").length !== 3) process.exit(1);
`);
writeFileSync(theirs, `import { readFileSync } from "node:fs";
import { SignJWT, importPKCS8 } from "jose";
const key = await importPKCS8(readFileSync(${JSON.stringify(pem)}, "utf8"), "RS256");
const now = Math.floor(Date.now() / 1000);
const t = await new SignJWT({ aid: "app", sub: "user-42", iat: now, nbf: now, exp: now + 21600 }).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(key);
if (t.split(".").length !== 3) process.exit(1);
`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const run = (f) => { const t0 = process.hrtime.bigint(); const r = spawnSync(process.execPath, [f], { cwd: root }); if (r.status !== 0) throw new Error(String(r.stderr)); return Number(process.hrtime.bigint() - t0) / 1e6; };
const base = join(dir, "empty.mjs");
writeFileSync(base, "");
const res = { ours: [], jose: [], empty: [] };
for (let i = 0; i < N; i++) {
  res.empty.push(run(base));
  if (i % 2) { res.ours.push(run(ours)); res.jose.push(run(theirs)); } else { res.jose.push(run(theirs)); res.ours.push(run(ours)); }
}
const out = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, { median: median(v), min: Math.min(...v), max: Math.max(...v) }]));
console.log(JSON.stringify(out));
