// CommonJS consumers (`require("sceyt-token")` compiled with module NodeNext) get the CommonJS
// declarations (index.d.cts), not the ESM ones: type-checked by `tsc -p tests/types`.
import sceyt = require("sceyt-token");

export function issue(pem: string): string {
  const key: sceyt.SigningKey = sceyt.SigningKey.fromPem(pem);
  const issuer = new sceyt.TokenIssuer(key, { applicationId: "app" });
  return issuer.issueSync("user-1");
}
export const codes: readonly sceyt.ErrorCode[] = sceyt.errorCodes();
export const isTokenError = (e: unknown): e is sceyt.TokenError => e instanceof sceyt.TokenError;
