import { SigningKey, TokenIssuer } from "sceyt-token";
import * as jose from "jose";
import { readFileSync } from "node:fs";
const pem = readFileSync("tests/fixtures/rsa2048.pkcs8.pem", "utf8");
const key = SigningKey.fromPem(pem);
const issuer = new TokenIssuer(key, { applicationId: "app" });
const jk = await jose.importPKCS8(pem, "RS256");
async function rate(fn, ms = 1500) { let n = 0; const t0 = performance.now(); while (performance.now() - t0 < ms) { await fn(); n++; } return n / ((performance.now() - t0) / 1000); }
for (let r = 0; r < 3; r++) {
  const ours = await rate(() => issuer.issue("user-42"));
  const theirs = await rate(() => new jose.SignJWT({ aid: "app" }).setProtectedHeader({ alg: "RS256", typ: "JWT" }).setSubject("user-42").setIssuedAt().setNotBefore("0s").setExpirationTime("6h").sign(jk));
  console.log(`ours ${ours.toFixed(0)}/s jose ${theirs.toFixed(0)}/s ratio ${(ours / theirs).toFixed(2)}`);
}
