// ops/s inside workerd (the Cloudflare Workers runtime): a bench worker runs N operations per
// request with sceyt-token (the package's workerd entry, installed from the tarball) or jose; the
// client times each request from outside (workerd freezes clocks inside a request). Contestants
// alternate per round; results use the same table format as bench.mjs. The bare primitive runs in
// the same isolate as a contestant too ("primitive alone: crypto.subtle": crypto.subtle.sign/verify
// on the signing input of the same token with jose's CryptoKey, an HMAC CryptoKey for HS256), so
// every row has its share of it. Before timing, each algorithm's setup checks that the bare
// signature makes a token sceyt's verifier and jose accept, and that the bare verify accepts the token.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { fixture } from "../tests/common/fixtures.mjs";
import { BARE, summarize } from "./bench.mjs";

const root = new URL("..", import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
// `node benches/workerd.mjs compat`: with the nodejs_compat flag (node:crypto found), else without.
const COMPAT = process.argv[2] === "compat";
const PORT = Number(process.env.BENCH_WORKERD_PORT ?? 18790) + (COMPAT ? 1 : 0);
const dir = mkdtempSync(join(tmpdir(), "sceyt-workerd-bench-"));
cpSync(join(root, "node_modules/sceyt-token"), join(dir, "sceyt-token"), { recursive: true });
buildSync({ entryPoints: [join(root, "tests/node_modules/jose/dist/webapi/index.js")], bundle: true, format: "esm", outfile: join(dir, "jose.mjs"), logLevel: "error" });
const keys = { RS256: fixture("rsa2048.pkcs8.pem"), PS256: fixture("rsa2048.pkcs8.pem"), ES256: fixture("ec256.pkcs8.pem"), EdDSA: fixture("ed25519.pkcs8.pem"), HS256: "0123456789abcdef0123456789abcdef-bench-secret" };
writeFileSync(join(dir, "worker.mjs"), `
import { SigningKey, TokenIssuer, TokenVerifier, initSync } from "./sceyt-token/entries/workerd.mjs";
// The *Sync contestants without nodejs_compat (and an Ed25519 key's public half) need the crypto module.
import cryptoWasm from "./sceyt-token/web/sceyt_token_crypto.wasm";
import * as jose from "./jose.mjs";
const KEYS = ${JSON.stringify(keys)};
const state = {};
async function setup(alg) {
  if (state[alg]) return state[alg];
  initSync({ crypto: cryptoWasm });
  const key = alg === "HS256" ? SigningKey.fromSecret(KEYS[alg]) : SigningKey.fromPem(KEYS[alg], { algorithm: alg });
  const issuer = new TokenIssuer(key, { applicationId: "app" });
  const verifier = new TokenVerifier(key.publicKey, { applicationId: "app" });
  const jPriv = alg === "HS256" ? new TextEncoder().encode(KEYS[alg]) : await jose.importPKCS8(key.toPem(), alg);
  const jPub = alg === "HS256" ? jPriv : await jose.importSPKI(key.toPublicPem(), alg);
  const token = await issuer.issue("user-42");
  // The bare primitive: WebCrypto on the signing input of \`token\`, keys imported once.
  const params = { RS256: { name: "RSASSA-PKCS1-v1_5" }, PS256: { name: "RSA-PSS", saltLength: 32 }, ES256: { name: "ECDSA", hash: "SHA-256" }, EdDSA: { name: "Ed25519" }, HS256: { name: "HMAC" } }[alg];
  const hmac = alg === "HS256" ? await crypto.subtle.importKey("raw", jPriv, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]) : null;
  const bPriv = hmac ?? jPriv, bPub = hmac ?? jPub;
  const dot = token.lastIndexOf(".");
  const input = new TextEncoder().encode(token.slice(0, dot));
  const b64d = (x) => Uint8Array.from(atob(x.replaceAll("-", "+").replaceAll("_", "/")), (ch) => ch.charCodeAt(0));
  const b64e = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const signature = b64d(token.slice(dot + 1));
  // Sanity: the bare verify accepts the token; the bare signature makes a token both verifiers accept.
  if (!(await crypto.subtle.verify(params, bPub, signature, input))) throw new Error(alg + ": the bare verify refuses the token");
  const bareToken = token.slice(0, dot) + "." + b64e(await crypto.subtle.sign(params, bPriv, input));
  await verifier.verify(bareToken);
  await jose.jwtVerify(bareToken, jPub, { algorithms: [alg] });
  return (state[alg] = { key, issuer, verifier, jPriv, jPub, token, params, bPriv, bPub, input, signature });
}
const claims = () => { const now = Math.floor(Date.now() / 1000); return { iat: now, nbf: now, exp: now + 21600, sub: "user-42", aid: "app" }; };
export default {
  async fetch(req) {
    const u = new URL(req.url);
    const alg = u.searchParams.get("alg"), lib = u.searchParams.get("lib"), op = u.searchParams.get("op"), n = Number(u.searchParams.get("n"));
    let s;
    try { s = await setup(alg); } catch (e) { return new Response("setup of " + alg + " failed: " + (e && e.message), { status: 500 }); }
    const fns = {
      "jose sign": () => new jose.SignJWT(claims()).setProtectedHeader({ alg, typ: "JWT" }).sign(s.jPriv),
      "sceyt issue() sign": () => s.issuer.issue("user-42"),
      "sceyt issueSync() sign": () => s.issuer.issueSync("user-42"),
      "jose verify": () => jose.jwtVerify(s.token, s.jPub, { algorithms: [alg] }),
      "sceyt verify() verify": () => s.verifier.verify(s.token),
      "sceyt verifySync() verify": () => s.verifier.verifySync(s.token),
      ${JSON.stringify(BARE + "crypto.subtle sign")}: () => crypto.subtle.sign(s.params, s.bPriv, s.input),
      ${JSON.stringify(BARE + "crypto.subtle verify")}: async () => { if (!(await crypto.subtle.verify(s.params, s.bPub, s.signature, s.input))) throw new Error("refused"); },
    };
    const f = fns[lib.startsWith(${JSON.stringify(BARE)}) ? lib : lib + " " + op];
    if (!f) return new Response("unknown", { status: 400 });
    for (let i = 0; i < n; i++) await f();
    return new Response("ok");
  },
};`);
// Every module of the package's entries folder (the package decides what it needs).
const entryModules = readdirSync(join(dir, "sceyt-token/entries"))
  .filter((f) => f.endsWith(".mjs"))
  .map((f) => `    (name = "sceyt-token/entries/${f}", esModule = embed "sceyt-token/entries/${f}"),`)
  .join("\n");
writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${PORT}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "jose.mjs", esModule = embed "jose.mjs"),
${entryModules}
    (name = "sceyt-token/web/sceyt_token.js", esModule = embed "sceyt-token/web/sceyt_token.js"),
    (name = "sceyt-token/web/sceyt_token_crypto.js", esModule = embed "sceyt-token/web/sceyt_token_crypto.js"),
    (name = "sceyt-token/web/sceyt_token_bg.wasm", wasm = embed "sceyt-token/web/sceyt_token_bg.wasm"),
    (name = "sceyt-token/web/sceyt_token_crypto.wasm", wasm = embed "sceyt-token/web/sceyt_token_crypto.wasm"),
  ],
  compatibilityDate = "2025-06-01",
  compatibilityFlags = [${COMPAT ? '"nodejs_compat"' : ""}],
);
`);
const proc = spawn(join(root, "node_modules/.bin/workerd"), ["serve", join(dir, "config.capnp")], { stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
proc.stderr.on("data", (d) => (stderr += d));
const stop = () => proc.kill("SIGTERM");
process.on("exit", stop);
const base = `http://127.0.0.1:${PORT}/`;
for (let i = 0; ; i++) {
  try { await fetch(base + "?alg=HS256&lib=jose&op=sign&n=1"); break; } catch { if (i > 100) throw new Error("workerd did not start: " + stderr); await new Promise((r) => setTimeout(r, 100)); }
}
async function rate(alg, lib, op, n) {
  const q = `${base}?alg=${alg}&lib=${encodeURIComponent(lib)}&op=${op}&n=${n}`;
  const r0 = await fetch(q); if (!r0.ok) throw new Error(await r0.text());
  const t0 = performance.now();
  const r = await fetch(q); if (!r.ok) throw new Error(await r.text()); await r.text();
  return n / ((performance.now() - t0) / 1000);
}
// Operations per request; BENCH_WORKERD_SCALE (default 1) scales them for a quick run, BENCH_ONLY
// (e.g. RS256,HS256) picks algorithms as in bench.mjs.
const SCALE = Number(process.env.BENCH_WORKERD_SCALE ?? 1);
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",") : null;
const plan = { RS256: 150, PS256: 150, ES256: 400, EdDSA: 400, HS256: 3000 };
const results = [];
for (const [alg, n0] of Object.entries(plan).filter(([a]) => !ONLY || ONLY.includes(a))) {
  const n = Math.max(1, Math.round(n0 * SCALE));
  for (const op of ["sign", "verify"]) {
    const names = op === "sign" ? ["jose", "sceyt issue()", "sceyt issueSync()", `${BARE}crypto.subtle sign`] : ["jose", "sceyt verify()", "sceyt verifySync()", `${BARE}crypto.subtle verify`];
    const per = Object.fromEntries(names.map((x) => [x, []]));
    // Each request runs `count` operations (timed from outside: workerd's clock stands still
    // inside a request). Verifications are ~15x faster than RSA signatures: 10x as many keep the
    // request's own cost (~0.5 ms) a small share. Pure-wasm *Sync gets a tenth of n.
    const perOp = op === "verify" && alg !== "HS256" ? n * 10 : n;
    // *Sync is pure wasm without nodejs_compat (every algorithm but HS256), and with it for the
    // algorithms workerd's node:crypto refuses (PS256, ES256: option objects around a KeyObject).
    const pureWasmSync = alg !== "HS256" && (!COMPAT || alg === "PS256" || alg === "ES256");
    const count = (name) => (name.includes("Sync") && pureWasmSync ? Math.max(10, Math.floor(n / 10)) : perOp);
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        per[name].push(await rate(alg, name, op, count(name)));
      }
    }
    const rows = summarize(names, per);
    results.push({ title: `${alg} ${op === "sign" ? "issue (sign)" : "verify"} (workerd${COMPAT ? ", nodejs_compat" : ""})`, rows });
  }
}
stop();
console.log(JSON.stringify(results));
