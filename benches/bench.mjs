// `make bench` (Node part): ops/s of issue and verify for RS256, PS256, ES256, EdDSA, HS256 through
// sceyt-token's async (native crypto) and sync (pure wasm) paths, side by side with jose (keys
// imported once), @tsndr/cloudflare-worker-jwt and fast-jwt where they support the algorithm, and the
// bare primitive (`BARE`: node:crypto's one-shot sign/verify, createHmac for HS256, with a KeyObject
// made once, on the signing input of the same token): not a library, the ceiling every library's
// call sits under. Contestants alternate within each round and the starting one rotates; we report
// the median ops/s over rounds, the spread (min–max), the median of per-round ratios to jose, the
// median of per-round shares of the bare primitive (ops/s ÷ the bare primitive's ops/s) and the
// median per-round own cost (µs per call − µs per bare primitive call, same round).
import { createRequire } from "node:module";
import * as jose from "jose";
import tsndr from "@tsndr/cloudflare-worker-jwt";
import { SigningKey, TokenIssuer, TokenVerifier } from "sceyt-token";
import { APP, fixture } from "../tests/common/fixtures.mjs";

const require = createRequire(import.meta.url);
const { createSigner, createVerifier } = require("fast-jwt");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 300);
const SECRET = "0123456789abcdef0123456789abcdef-bench-secret";
const nodeCrypto = process.getBuiltinModule("node:crypto");
/** Name prefix of the bare-primitive contestants: no library, never in the ratios to jose. */
export const BARE = "primitive alone: ";
export const isBare = (name) => name.startsWith(BARE);

async function rate(fn) {
  // Warm-up call, then as many calls as fit in the slice.
  await fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < SLICE_MS) {
    await fn();
    n++;
    if ((n & 7) === 0) t = performance.now();
  }
  return n / ((performance.now() - t0) / 1000);
}

export const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function contest(title, contestants) {
  const names = Object.keys(contestants);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const n of order) results[n].push(await rate(contestants[n]));
  }
  return { title, rows: summarize(names, results) };
}

/**
 * Per-contestant summary of alternating rounds (`results[name][round]` = ops/s): median and spread,
 * the median per-round ratio to jose, and against the bare primitive (when one ran) the median
 * per-round share of its ops/s and the median per-round own cost in µs (1e6/ops − 1e6/bare ops).
 * Shared with benches/workerd.mjs.
 */
export function summarize(names, results) {
  const bare = names.find(isBare);
  return names.map((n) => {
    const v = results[n];
    const ratios = v.map((x, i) => x / results.jose[i]);
    const row = { name: n, median: median(v), min: Math.min(...v), max: Math.max(...v), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), runs: v };
    if (isBare(n)) row.bare = true;
    if (bare) {
      const shares = v.map((x, i) => x / results[bare][i]);
      const own = v.map((x, i) => 1e6 / x - 1e6 / results[bare][i]);
      Object.assign(row, { share: median(shares), shareMin: Math.min(...shares), shareMax: Math.max(...shares), ownUs: median(own), us: 1e6 / median(v) });
    }
    return row;
  });
}

const cases = [
  { alg: "RS256", pem: "rsa2048.pkcs8.pem", tsndr: true },
  { alg: "PS256", pem: "rsa2048.pkcs8.pem" },
  { alg: "ES256", pem: "ec256.pkcs8.pem", tsndr: true },
  { alg: "EdDSA", pem: "ed25519.pkcs8.pem" },
  { alg: "HS256", secret: SECRET, tsndr: true },
];

/** The contestants of one case: `sign` makes a token, `verify(token)` throws unless it accepts it. */
async function contestants(c) {
    const key = c.secret ? SigningKey.fromSecret(c.secret) : SigningKey.fromPem(fixture(c.pem), { algorithm: c.alg });
    const issuer = new TokenIssuer(key, { applicationId: APP });
    const verifier = new TokenVerifier(key.publicKey, { applicationId: APP });
    const jPriv = c.secret ? new TextEncoder().encode(c.secret) : await jose.importPKCS8(key.toPem(), c.alg);
    const jPub = c.secret ? jPriv : await jose.importSPKI(key.toPublicPem(), c.alg);
    const claims = () => { const now = Math.floor(Date.now() / 1000); return { iat: now, nbf: now, exp: now + 21600, sub: "user-42", aid: APP }; };
    const joseSign = () => new jose.SignJWT(claims()).setProtectedHeader({ alg: c.alg, typ: "JWT", kid: key.keyId ?? undefined }).sign(jPriv);
    const sign = {
      jose: joseSign,
      "sceyt issue()": () => issuer.issue("user-42"),
      "sceyt issueSync()": () => issuer.issueSync("user-42"),
    };
    const token = issuer.issueSync("user-42");
    const verify = {
      jose: (t = token) => jose.jwtVerify(t, jPub, { algorithms: [c.alg] }),
      "sceyt verify()": (t = token) => verifier.verify(t),
      "sceyt verifySync()": (t = token) => verifier.verifySync(t),
    };
    if (c.tsndr) {
      const tk = c.secret ? c.secret : await crypto.subtle.importKey("pkcs8", Buffer.from(key.toPem().replace(/-----[^-]+-----|\s/g, ""), "base64"), c.alg === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
      const tv = c.secret ? c.secret : await crypto.subtle.importKey("spki", Buffer.from(key.toPublicPem().replace(/-----[^-]+-----|\s/g, ""), "base64"), c.alg === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
      sign["@tsndr/cloudflare-worker-jwt"] = () => tsndr.sign(claims(), tk, { algorithm: c.alg });
      verify["@tsndr/cloudflare-worker-jwt"] = async (t = token) => { if (!(await tsndr.verify(t, tv, { algorithm: c.alg }))) throw new Error("tsndr rejected"); };
    }
    const fSign = createSigner({ key: c.secret ?? key.toPem(), algorithm: c.alg, expiresIn: 21600000 });
    const fVerify = createVerifier({ key: c.secret ?? key.toPublicPem(), algorithms: [c.alg] });
    sign["fast-jwt (node:crypto, sync)"] = () => fSign({ sub: "user-42", aid: APP });
    verify["fast-jwt (node:crypto, sync)"] = (t = token) => fVerify(t);
    // The bare primitive on the signing input of `token`, key objects made once. The timed sign is
    // the primitive alone (it returns the signature); its `asToken` makes the token of that
    // signing input and signature for the sanity check.
    const dot = token.lastIndexOf(".");
    const input = Buffer.from(token.slice(0, dot));
    const signature = Buffer.from(token.slice(dot + 1), "base64url");
    const b64 = (sig) => `${token.slice(0, dot)}.${sig.toString("base64url")}`;
    const digest = c.alg === "EdDSA" ? null : "sha256";
    if (c.secret) {
      const k = nodeCrypto.createSecretKey(Buffer.from(c.secret));
      sign[`${BARE}node:crypto createHmac`] = Object.assign(() => nodeCrypto.createHmac("sha256", k).update(input).digest(), { asToken: b64 });
      verify[`${BARE}node:crypto createHmac + timingSafeEqual`] = (t = token) => {
        const d = t.lastIndexOf(".");
        const [inp, sig] = t === token ? [input, signature] : [Buffer.from(t.slice(0, d)), Buffer.from(t.slice(d + 1), "base64url")];
        const mac = nodeCrypto.createHmac("sha256", k).update(inp).digest();
        if (mac.length !== sig.length || !nodeCrypto.timingSafeEqual(mac, sig)) throw new Error("bad MAC");
      };
    } else {
      const pad = c.alg === "PS256" ? { padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : c.alg === "ES256" ? { dsaEncoding: "ieee-p1363" } : null;
      const priv = nodeCrypto.createPrivateKey(key.toPem());
      const pub = nodeCrypto.createPublicKey(key.toPublicPem());
      const sk = pad ? { key: priv, ...pad } : priv;
      const pk = pad ? { key: pub, ...pad } : pub;
      sign[`${BARE}node:crypto sign`] = Object.assign(() => nodeCrypto.sign(digest, input, sk), { asToken: b64 });
      verify[`${BARE}node:crypto verify`] = (t = token) => {
        const d = t.lastIndexOf(".");
        const ok = t === token ? nodeCrypto.verify(digest, input, pk, signature) : nodeCrypto.verify(digest, Buffer.from(t.slice(0, d)), pk, Buffer.from(t.slice(d + 1), "base64url"));
        if (!ok) throw new Error("bad signature");
      };
    }
    return { sign, verify };
}

/**
 * The benchmark's sanity check (also a test in `make test`, tests/js/bench-sanity.test.mjs): every
 * signing contestant's token is accepted by every verifying contestant, so a contestant that
 * skips work cannot win. Returns the number of (signer, verifier) pairs checked.
 */
export async function sanity(only = null) {
  let pairs = 0;
  for (const c of cases.filter((x) => !only || only.includes(x.alg))) {
    const { sign, verify } = await contestants(c);
    for (const [s, f] of Object.entries(sign)) {
      const t = f.asToken ? f.asToken(await f()) : await f();
      for (const [v, g] of Object.entries(verify)) {
        try {
          await g(t);
        } catch (e) {
          throw new Error(`${c.alg}: the token of ${s} is refused by ${v}: ${e.message}`);
        }
        pairs += 1;
      }
    }
  }
  return pairs;
}

export async function run() {
  const out = [];
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",") : null;
  await sanity(only);
  for (const c of cases.filter((x) => !only || only.includes(x.alg))) {
    const { sign, verify } = await contestants(c);
    out.push(await contest(`${c.alg} issue (sign)`, sign));
    out.push(await contest(`${c.alg} verify`, verify));
  }
  return out;
}

export function table(results) {
  const lines = [];
  for (const { title, rows } of results) {
    const withBare = rows.some((r) => r.bare);
    lines.push(`\n### ${title}\n`, `| contestant | median ops/s | spread (min–max) | ratio to jose (median, min–max) |${withBare ? " share of the primitive alone (median, min–max) | own cost above it, µs per call |" : ""}`, `|---|---:|---:|---:|${withBare ? "---:|---:|" : ""}`);
    for (const r of rows) {
      const ratio = r.bare ? "(not a library)" : `${r.ratio.toFixed(2)}× (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)})`;
      const share = !withBare ? "" : r.bare ? " 100 % | 0 |" : ` ${(100 * r.share).toFixed(0)} % (${(100 * r.shareMin).toFixed(0)}–${(100 * r.shareMax).toFixed(0)}) | ${r.ownUs.toFixed(1)} |`;
      lines.push(`| ${r.name} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} | ${ratio} |${share}`);
    }
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  console.log(table(r));
  if (process.env.BENCH_JSON) (await import("node:fs")).writeFileSync(process.env.BENCH_JSON, JSON.stringify(r, null, 2));
}
