// A/B comparison of two builds of the package in one Node process: the same calls on both,
// alternating in short slices over many rounds, so that load on the machine hits both alike.
// Prints, per call, the median µs per call of each build and the median of the per-round ratios.
// Usage: node benches/ab.mjs <package dir A> <package dir B> [rounds=15] [slice ms=150]
//   e.g. node benches/ab.mjs /tmp/old/node_modules/sceyt-token node_modules/sceyt-token
// Rows: verifySync()/issueSync() RS256 with node:crypto (real, and with a no-op primitive: the
// package's own cost), verify()/issue() with WebCrypto (no-op primitive), HS256 verifySync (wasm).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirA, dirB, roundsArg, sliceArg] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: node benches/ab.mjs <package dir A> <package dir B> [rounds] [slice ms]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 15);
const slice = Number(sliceArg ?? 150);
const load = (d) => import(pathToFileURL(resolve(d, "entries/node.mjs")).href);
const [A, B] = [await load(dirA), await load(dirB)];
const c = process.getBuiltinModule("node:crypto");
const subtle = globalThis.crypto.subtle;
const pem = readFileSync(new URL("../tests/fixtures/rsa2048.pkcs8.pem", import.meta.url), "utf8");
const real = { verify: c.verify, sign: c.sign, sverify: subtle.verify, ssign: subtle.sign };
const fake = new Uint8Array(256);
const fakeBuf = new ArrayBuffer(256);
const NOOP = {
  node: () => { c.verify = () => true; c.sign = () => fake; },
  subtle: () => { subtle.verify = () => Promise.resolve(true); subtle.sign = () => Promise.resolve(fakeBuf); },
  none: () => {},
};
const restore = () => Object.assign(c, { verify: real.verify, sign: real.sign }) && Object.assign(subtle, { verify: real.sverify, sign: real.ssign });

async function setup(s) {
  const key = s.SigningKey.fromPem(pem);
  const issuer = new s.TokenIssuer(key, { applicationId: "app" });
  const verifier = new s.TokenVerifier(key.publicKey, { applicationId: "app" });
  const token = issuer.issueSync("user-42");
  const web = new s.TokenVerifier(key.publicKey, { applicationId: "app", backend: "webcrypto" });
  const webIssuer = new s.TokenIssuer(key, { applicationId: "app", backend: "webcrypto" });
  await web.verify(token);
  await webIssuer.issue("user-42");
  const hs = s.SigningKey.fromSecret("0123456789abcdef0123456789abcdef");
  const hsIssuer = new s.TokenIssuer(hs, { applicationId: "app" });
  const hsVerifier = new s.TokenVerifier(hs, { applicationId: "app" });
  const hsToken = hsIssuer.issueSync("user-42");
  return {
    "verifySync() RS256, node:crypto": ["none", () => verifier.verifySync(token)],
    "verifySync() RS256, no-op node:crypto (overhead)": ["node", () => verifier.verifySync(token)],
    "issueSync() RS256, no-op node:crypto (overhead)": ["node", () => issuer.issueSync("user-42")],
    "verify() RS256, node:crypto": ["none", () => verifier.verify(token)],
    "verify() RS256, no-op crypto.subtle (overhead)": ["subtle", () => web.verify(token)],
    "issue() RS256, no-op crypto.subtle (overhead)": ["subtle", () => webIssuer.issue("user-42")],
    "verifySync() HS256 (wasm HMAC)": ["none", () => hsVerifier.verifySync(hsToken)],
    "issueSync() HS256 (wasm HMAC)": ["none", () => hsIssuer.issueSync("user-42")],
  };
}

async function rate(mode, f) {
  NOOP[mode]();
  try {
    const first = f();
    const isAsync = first instanceof Promise;
    if (isAsync) await first;
    for (let i = 0; i < 50; i++) isAsync ? await f() : f();
    let n = 0;
    const t = performance.now();
    let el = 0;
    while ((el = performance.now() - t) < slice) {
      if (isAsync) await f();
      else f();
      n++;
    }
    return (el * 1000) / n; // µs per call
  } finally {
    restore();
  }
}

const [ca, cb] = [await setup(A), await setup(B)];
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`A: ${dirA}\nB: ${dirB}\n${rounds} rounds of ${slice} ms slices, alternating (the first one rotates)\n`);
console.log("| call | A µs | B µs | B/A time (median of rounds) |\n|---|---:|---:|---:|");
for (const name of Object.keys(ca)) {
  const ta = [], tb = [], ratio = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [[cb, tb], [ca, ta]] : [[ca, ta], [cb, tb]];
    for (const [cases, out] of order) out.push(await rate(...cases[name]));
    ratio.push(tb[r] / ta[r]);
  }
  console.log(`| ${name} | ${median(ta).toFixed(1)} | ${median(tb).toFixed(1)} | ${median(ratio).toFixed(2)} |`);
}
