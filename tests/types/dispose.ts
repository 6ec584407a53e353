// Explicit resource management on TypeScript >= 5.2 without the DOM or esnext libs: the package
// declares `Symbol.dispose` and `Disposable` itself, as @types/node does (checked by matrix.mjs).
import { SigningKey, VerifyingKey, KeySet, TokenIssuer, TokenVerifier } from "sceyt-token";

export async function disposable(pem: string): Promise<string> {
  using key = await SigningKey.generate();
  using pub = VerifyingKey.fromPem(pem);
  using set = KeySet.fromJwks({ keys: [key.toPublicJwk()] });
  using issuer = new TokenIssuer(key, { applicationId: "app" });
  using verifier = new TokenVerifier(set, { applicationId: "app" });
  const token = issuer.issueSync("user-1");
  verifier.verifySync(token);
  const d: Disposable = pub;
  d[Symbol.dispose]();
  const s: symbol = Symbol.dispose;
  void s;
  return token;
}
