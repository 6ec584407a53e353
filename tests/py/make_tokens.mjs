// Issues one token per algorithm with the installed package and prints them with their public
// keys as JSON, for the PyJWT interop check (tests/py/pyjwt_interop.py).
import { SigningKey, TokenIssuer } from "sceyt-token";
import { APP, fixture } from "../common/fixtures.mjs";

const secret = "0123456789abcdef0123456789abcdef-hs256-secret";
const keys = [
  ["RS256", SigningKey.fromPem(fixture("rsa2048.pkcs1.pem"))],
  ["PS256", SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"), { algorithm: "PS256" })],
  ["ES256", SigningKey.fromPem(fixture("ec256.sec1.pem"))],
  ["EdDSA", SigningKey.fromPem(fixture("ed25519.pkcs8.pem"))],
  ["HS256", SigningKey.fromSecret(secret)],
];
const out = [];
for (const [alg, key] of keys) {
  const issuer = new TokenIssuer(key, { applicationId: APP });
  for (const token of [issuer.issueSync("user-42", { claims: { role: "admin" } }), await issuer.issue("user-42")]) {
    out.push({ alg, token, key: alg === "HS256" ? secret : key.toPublicPem(), kid: key.keyId ?? null });
  }
}
process.stdout.write(JSON.stringify(out));
