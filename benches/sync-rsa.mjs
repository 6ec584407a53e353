import { SigningKey, TokenIssuer, TokenVerifier } from "sceyt-token";
import { readFileSync } from "node:fs";
const key = SigningKey.fromPem(readFileSync(new URL("../tests/fixtures/rsa2048.pkcs8.pem", import.meta.url), "utf8"));
const issuer = new TokenIssuer(key, { applicationId: "app" });
const v = new TokenVerifier(key.publicKey);
const t = issuer.issueSync("u");
for (let r = 0; r < 3; r++) {
  let n = 0; const t0 = performance.now(); while (performance.now() - t0 < 1000) { issuer.issueSync("u"); n++; }
  let m = 0; const t1 = performance.now(); while (performance.now() - t1 < 1000) { v.verifySync(t); m++; }
  console.log(`sync RS256 sign ${(1000 / n).toFixed(2)} ms, verify ${(1000 / m).toFixed(3)} ms`);
}
