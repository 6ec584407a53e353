// Per-call overhead above the crypto: verifySync()/issueSync() RS256 with node:crypto's verify/sign
// replaced by no-ops (the package looks them up at each call), against the real primitive and the
// primitive alone; and the same for verify()/issue() on the WebCrypto path with a no-op
// crypto.subtle. Usage: node benches/overhead.mjs   (prints a Markdown table)
import { readFileSync } from "node:fs";
import * as s from "sceyt-token";

const c = process.getBuiltinModule("node:crypto");
const pem = readFileSync(new URL("../tests/fixtures/rsa2048.pkcs8.pem", import.meta.url), "utf8");
const key = s.SigningKey.fromPem(pem);
const issuer = new s.TokenIssuer(key, { applicationId: "app" });
const verifier = new s.TokenVerifier(key.publicKey, { applicationId: "app" });
const token = issuer.issueSync("user-42");
const rate = (f, ms = 2000) => {
  for (let i = 0; i < 500; i++) f();
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    f();
    n++;
  }
  return (n * 1000) / ms;
};
const [h, p, sig] = token.split(".");
const data = Buffer.from(`${h}.${p}`), sg = Buffer.from(sig, "base64url");
const pub = c.createPublicKey(key.toPublicPem()), priv = c.createPrivateKey(pem);
const rows = [];
const real = { verify: c.verify, sign: c.sign };
rows.push(["node:crypto verify alone", rate(() => real.verify.call(c, "sha256", data, pub, sg))]);
rows.push(["verifySync() with node:crypto", rate(() => verifier.verifySync(token))]);
c.verify = () => true;
rows.push(["verifySync() with a no-op verify (the overhead)", rate(() => verifier.verifySync(token))]);
c.verify = real.verify;
rows.push(["node:crypto sign alone", rate(() => real.sign.call(c, "sha256", data, priv))]);
rows.push(["issueSync() with node:crypto", rate(() => issuer.issueSync("user-42"))]);
const fake = new Uint8Array(256);
c.sign = () => fake;
rows.push(["issueSync() with a no-op sign (the overhead)", rate(() => issuer.issueSync("user-42"))]);
c.sign = real.sign;
// The async WebCrypto path (the async driver awaiting crypto.subtle), with a no-op
// crypto.subtle.verify/sign that resolve at once: what remains is the package's own async cost.
const web = new s.TokenVerifier(key.publicKey, { applicationId: "app", backend: "webcrypto" });
const webIssuer = new s.TokenIssuer(key, { applicationId: "app", backend: "webcrypto" });
await web.verify(token);
await webIssuer.issue("user-42");
const rateAsync = async (f, ms = 2000) => {
  for (let i = 0; i < 500; i++) await f();
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    await f();
    n++;
  }
  return (n * 1000) / ms;
};
const subtle = globalThis.crypto.subtle;
const realSubtle = { verify: subtle.verify, sign: subtle.sign };
const cryptoKey = await subtle.importKey("spki", pub.export({ type: "spki", format: "der" }), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
rows.push(["crypto.subtle.verify alone", await rateAsync(() => realSubtle.verify.call(subtle, { name: "RSASSA-PKCS1-v1_5" }, cryptoKey, sg, data))]);
rows.push(["verify() with WebCrypto", await rateAsync(() => web.verify(token))]);
subtle.verify = () => Promise.resolve(true);
rows.push(["verify() with a no-op crypto.subtle.verify (the overhead)", await rateAsync(() => web.verify(token))]);
subtle.verify = realSubtle.verify;
const sig256 = new ArrayBuffer(256);
subtle.sign = () => Promise.resolve(sig256);
rows.push(["issue() with a no-op crypto.subtle.sign (the overhead)", await rateAsync(() => webIssuer.issue("user-42"))]);
subtle.sign = realSubtle.sign;
console.log("| RS256, Node | ops/s | µs per call |\n|---|---:|---:|");
for (const [name, r] of rows) console.log(`| ${name} | ${Math.round(r)} | ${(1e6 / r).toFixed(1)} |`);
console.log(`\nstats: ${JSON.stringify(s.__sceytStats())}`);
