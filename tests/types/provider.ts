// The provider options and codes (issue 19) and the verifier cache option (issue 26), type-checked
// with `tsc --noEmit -p tests/types`.
import {
  VerifyingKey, TokenVerifier, inspectToken, verifyCompactSync,
  type CheckName, type ErrorCode, type InspectReport, type VerifierOptions, type VerifierCacheOptions,
} from "sceyt-token";

declare const pem: string;
declare const token: string;
const key = VerifyingKey.fromPem(pem);
const opts: VerifierOptions = {
  issuer: "https://auth.example.com/",
  audience: ["my-api", "chat"],
  clientId: "web",
  typ: ["at+jwt", "application/jwt"],
  maxTokenAge: "12h",
  subject: "user-42",
  lifetimePolicy: false,
};
new TokenVerifier(key, opts);
new TokenVerifier(key, { issuer: ["a", "b"], audience: "x", maxTokenAge: 600 });
verifyCompactSync(token, key, { typ: "at+jwt" });
const report: InspectReport = inspectToken(token, { key, ...opts });
export const names: CheckName[] = report.checks.map((c) => c.check);
export const lines: CheckName[] = ["typ", "age", "iss", "aud", "client"];
export function provider(code: ErrorCode): string {
  switch (code) {
    case "ERR_ISSUER_MISMATCH":
    case "ERR_AUDIENCE_MISMATCH":
    case "ERR_CLIENT_MISMATCH":
    case "ERR_TYPE_MISMATCH":
    case "ERR_TOKEN_TOO_OLD":
    case "ERR_SUBJECT_MISMATCH":
      return "not our session";
    default:
      return code;
  }
}
// @ts-expect-error issuer is a string or a list of strings
new TokenVerifier(key, { issuer: 5 });
// @ts-expect-error subject is one string
new TokenVerifier(key, { subject: ["a", "b"] });
// @ts-expect-error verifyCompact reads no claim: no audience
verifyCompactSync(token, key, { audience: "x" });
// @ts-expect-error not a check name
export const bad: CheckName = "issuer";

// The verified-token cache (issue 26): `true` or `{ size, ttl }`, on TokenVerifier and inspectToken.
const cache: VerifierCacheOptions = { size: 1000, ttl: "10m" };
new TokenVerifier(key, { applicationId: "a", cache });
new TokenVerifier(key, { applicationId: "a", cache: true });
new TokenVerifier(key, { applicationId: "a", cache: { ttl: 600 } });
inspectToken(token, { key, cache: false });
// @ts-expect-error size is a number
new TokenVerifier(key, { applicationId: "a", cache: { size: "1000" } });
// @ts-expect-error no such member
new TokenVerifier(key, { applicationId: "a", cache: { max: 5 } });
