// Per-call overhead above the crypto in Node (RS256; and EdDSA for signing, whose primitive is cheap
// enough for a ~10 µs difference to stand out of the noise), for sceyt-token and fast-jwt, two ways:
//
// 1. Own cost = µs per full call − µs per bare node:crypto call (one-shot `crypto.verify`/`sign`
//    of the same signing input with a KeyObject made once), all three contestants alternating in
//    the same rounds (median of the per-round differences). This is the method of issue 26's
//    target "our overhead ≤ fast-jwt's own overhead, measured the same way": it needs nothing
//    swapped, so it is the same for both libraries.
// 2. No-op primitive: node:crypto's functions replaced by ones that return at once. sceyt-token
//    looks `crypto.verify`/`crypto.sign` up at each call; fast-jwt binds `createVerify`,
//    `createSign`, `verify` and `sign` when it is required, so this file wraps those four in
//    switchable forwarders *before* requiring fast-jwt (both libraries then go through the same
//    forwarders). For RS256 fast-jwt's no-op replaces `createVerify(..).update(..).verify(..)` (a
//    stream object per call), ours replaces the one-shot `verify`: the no-op figures are each
//    library's cost without its primitive, not the same cut, hence method 1 for the target.
// And the same no-op for verify()/issue() on the WebCrypto path with a no-op crypto.subtle.
// Usage: node benches/overhead.mjs   (prints Markdown; OVERHEAD_JSON=<file> also writes the figures)
// OVERHEAD_ROUNDS (default 25) and OVERHEAD_SLICE_MS (default 100) set the rounds: many short
// slices, so that a change of load on the machine hits the three contestants of a round alike.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as s from "sceyt-token";

const ROUNDS = Number(process.env.OVERHEAD_ROUNDS ?? 25);
const SLICE = Number(process.env.OVERHEAD_SLICE_MS ?? 100);
const c = process.getBuiltinModule("node:crypto");
const real = { verify: c.verify, sign: c.sign, createVerify: c.createVerify, createSign: c.createSign };
const fake = Buffer.alloc(256);
const noopStream = { update() { return this; }, verify: () => true, sign: () => fake };
const noop = { verify: () => true, sign: () => fake, createVerify: () => noopStream, createSign: () => noopStream };
let impl = real;
for (const f of Object.keys(real)) c[f] = (...a) => impl[f](...a);
const require = createRequire(new URL("../tests/", import.meta.url));
const { createSigner, createVerifier } = require("fast-jwt");

const pem = readFileSync(new URL("../tests/fixtures/rsa2048.pkcs8.pem", import.meta.url), "utf8");
const key = s.SigningKey.fromPem(pem);
const issuer = new s.TokenIssuer(key, { applicationId: "app" });
const verifier = new s.TokenVerifier(key.publicKey, { applicationId: "app" });
const token = issuer.issueSync("user-42");
const fVerify = createVerifier({ key: key.toPublicPem(), algorithms: ["RS256"] });
const fSign = createSigner({ key: pem, algorithm: "RS256", expiresIn: 21600000 });
const dot = token.lastIndexOf(".");
const data = Buffer.from(token.slice(0, dot)), sg = Buffer.from(token.slice(dot + 1), "base64url");
const pub = c.createPublicKey(key.toPublicPem()), priv = c.createPrivateKey(pem);
// EdDSA for the sign side of the target: an RSA signature (~250-450 µs) varies between slices by
// more than the ~10 µs being measured; an Ed25519 signature costs ~30-40 µs, and fast-jwt signs it
// with the same one-shot node:crypto sign as the bare call.
const edPem = readFileSync(new URL("../tests/fixtures/ed25519.pkcs8.pem", import.meta.url), "utf8");
const edKey = s.SigningKey.fromPem(edPem, { algorithm: "EdDSA" });
const edIssuer = new s.TokenIssuer(edKey, { applicationId: "app" });
const edToken = edIssuer.issueSync("user-42");
const edData = Buffer.from(edToken.slice(0, edToken.lastIndexOf("."))), edPriv = c.createPrivateKey(edPem);
const fEdSign = createSigner({ key: edPem, algorithm: "EdDSA", expiresIn: 21600000 });
new s.TokenVerifier(edKey.publicKey, { applicationId: "app" }).verifySync(edIssuer.issueSync("user-42"));
createVerifier({ key: edKey.toPublicPem(), algorithms: ["EdDSA"] })(fEdSign({ sub: "user-42", aid: "app" }));
// Every contestant must do the work before it is timed.
if (!real.verify("sha256", data, pub, sg)) throw new Error("bare verify refuses the token");
verifier.verifySync(token);
fVerify(token);
fVerify(fSign({ sub: "user-42", aid: "app" }));
verifier.verifySync(issuer.issueSync("user-42"));

const median = (a) => { const x = [...a].sort((p, q) => p - q); return x.length % 2 ? x[(x.length - 1) / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2; };
async function slice(f, asyncCall) {
  for (let i = 0; i < 50; i++) asyncCall ? await f() : f();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < SLICE) {
    if (asyncCall) await f(); else f();
    n++;
    if ((n & 15) === 0) t = performance.now();
  }
  return ((performance.now() - t0) * 1000) / n; // µs per call
}
/** Alternating rounds (first contestant rotates); each: [name, fn, implementation, async?]. Returns µs per call per round. */
async function rounds(list) {
  const us = Object.fromEntries(list.map(([n]) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < list.length; i++) {
      const [n, f, im, a] = list[(i + r) % list.length];
      impl = im;
      try { us[n].push(await slice(f, a)); } finally { impl = real; }
    }
  }
  return us;
}

const out = { method: "µs per call; own cost = full call − bare node:crypto call, per round", noop: {}, webcrypto: {} };
// 1. Full calls against the bare primitive, same rounds.
for (const [op, list] of [
  ["verify", [["bare", () => real.verify("sha256", data, pub, sg), real], ["sceyt verifySync()", () => verifier.verifySync(token), real], ["fast-jwt", () => fVerify(token), real]]],
  ["sign", [["bare", () => real.sign("sha256", data, priv), real], ["sceyt issueSync()", () => issuer.issueSync("user-42"), real], ["fast-jwt", () => fSign({ sub: "user-42", aid: "app" }), real]]],
  ["signEdDSA", [["bare", () => real.sign(null, edData, edPriv), real], ["sceyt issueSync()", () => edIssuer.issueSync("user-42"), real], ["fast-jwt", () => fEdSign({ sub: "user-42", aid: "app" }), real]]],
]) {
  out[op] = {};
  const us = await rounds(list);
  for (const [n] of list) {
    out[op][n] = { us: median(us[n]), own: n === "bare" ? 0 : median(us[n].map((v, i) => v - us.bare[i])), share: median(us.bare.map((b, i) => b / us[n][i])) };
  }
}
// 2. No-op primitive, both libraries, same rounds.
{
  const list = [
    ["sceyt verifySync()", () => verifier.verifySync(token), noop],
    ["fast-jwt verify", () => fVerify(token), noop],
    ["sceyt issueSync()", () => issuer.issueSync("user-42"), noop],
    ["fast-jwt sign", () => fSign({ sub: "user-42", aid: "app" }), noop],
  ];
  const us = await rounds(list);
  for (const [n] of list) out.noop[n] = { us: median(us[n]) };
}
// 3. The async WebCrypto path (the async driver awaiting crypto.subtle), with a no-op
// crypto.subtle.verify/sign that resolve at once: what remains is the package's own async cost.
{
  const web = new s.TokenVerifier(key.publicKey, { applicationId: "app", backend: "webcrypto" });
  const webIssuer = new s.TokenIssuer(key, { applicationId: "app", backend: "webcrypto" });
  await web.verify(token);
  await webIssuer.issue("user-42");
  const subtle = globalThis.crypto.subtle;
  const realSubtle = { verify: subtle.verify, sign: subtle.sign };
  const cryptoKey = await subtle.importKey("spki", pub.export({ type: "spki", format: "der" }), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  const sig256 = new ArrayBuffer(256);
  const sub = (f) => { subtle.verify = () => Promise.resolve(true); subtle.sign = () => Promise.resolve(sig256); return f; };
  const list = [
    ["crypto.subtle.verify alone", () => realSubtle.verify.call(subtle, { name: "RSASSA-PKCS1-v1_5" }, cryptoKey, sg, data), real, true],
    ["verify() with WebCrypto", () => web.verify(token), real, true],
  ];
  const us = await rounds(list);
  for (const [n] of list) out.webcrypto[n] = { us: median(us[n]) };
  sub();
  const us2 = await rounds([["verify() no-op", () => web.verify(token), real, true], ["issue() no-op", () => webIssuer.issue("user-42"), real, true]]);
  Object.assign(subtle, realSubtle);
  out.webcrypto["verify() with a no-op crypto.subtle.verify (the overhead)"] = { us: median(us2["verify() no-op"]) };
  out.webcrypto["issue() with a no-op crypto.subtle.sign (the overhead)"] = { us: median(us2["issue() no-op"]) };
}
out.stats = s.__sceytStats();

const f1 = (x) => x.toFixed(1);
const L = [];
L.push(`Own cost above the primitive (method 1, the target's): ${ROUNDS} alternating rounds of ${SLICE} ms, medians; own cost = µs per full call − µs per bare node:crypto call in the same round.`, "");
L.push("| Node (RS256 unless named) | µs per call | own cost above the bare primitive, µs | share of the primitive alone |", "|---|---:|---:|---:|");
L.push(`| node:crypto verify alone (one-shot, KeyObject) | ${f1(out.verify.bare.us)} | 0 | 100 % |`);
L.push(`| sceyt verifySync() | ${f1(out.verify["sceyt verifySync()"].us)} | ${f1(out.verify["sceyt verifySync()"].own)} | ${(100 * out.verify["sceyt verifySync()"].share).toFixed(0)} % |`);
L.push(`| fast-jwt verifier (no cache) | ${f1(out.verify["fast-jwt"].us)} | ${f1(out.verify["fast-jwt"].own)} | ${(100 * out.verify["fast-jwt"].share).toFixed(0)} % |`);
L.push(`| node:crypto sign alone (one-shot, KeyObject) | ${f1(out.sign.bare.us)} | 0 | 100 % |`);
L.push(`| sceyt issueSync() | ${f1(out.sign["sceyt issueSync()"].us)} | ${f1(out.sign["sceyt issueSync()"].own)} | ${(100 * out.sign["sceyt issueSync()"].share).toFixed(0)} % |`);
L.push(`| fast-jwt signer | ${f1(out.sign["fast-jwt"].us)} | ${f1(out.sign["fast-jwt"].own)} | ${(100 * out.sign["fast-jwt"].share).toFixed(0)} % |`);
L.push(`| EdDSA: node:crypto sign alone (one-shot, KeyObject) | ${f1(out.signEdDSA.bare.us)} | 0 | 100 % |`);
L.push(`| EdDSA: sceyt issueSync() | ${f1(out.signEdDSA["sceyt issueSync()"].us)} | ${f1(out.signEdDSA["sceyt issueSync()"].own)} | ${(100 * out.signEdDSA["sceyt issueSync()"].share).toFixed(0)} % |`);
L.push(`| EdDSA: fast-jwt signer | ${f1(out.signEdDSA["fast-jwt"].us)} | ${f1(out.signEdDSA["fast-jwt"].own)} | ${(100 * out.signEdDSA["fast-jwt"].share).toFixed(0)} % |`);
L.push("", "No-op primitive (method 2; same rounds for all four): sceyt with `crypto.verify`/`crypto.sign` returning at once; fast-jwt with `createVerify`/`createSign` returning a stream stand-in whose `update`/`verify`/`sign` return at once (its RSA path builds a Verify/Sign stream per call, so this also removes that stream's cost).", "");
L.push("| RS256, Node, no-op primitive | µs per call |", "|---|---:|");
for (const [n, v] of Object.entries(out.noop)) L.push(`| ${n} | ${f1(v.us)} |`);
L.push("", "| RS256, Node, WebCrypto path | µs per call |", "|---|---:|");
for (const [n, v] of Object.entries(out.webcrypto)) L.push(`| ${n} | ${f1(v.us)} |`);
L.push("", `stats: ${JSON.stringify(out.stats)}`);
console.log(L.join("\n"));
if (process.env.OVERHEAD_JSON) writeFileSync(process.env.OVERHEAD_JSON, JSON.stringify(out, null, 2));
