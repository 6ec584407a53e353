// Negative checks: each line below must be a type error; @ts-expect-error fails the build if not.
import { KeySet, RemoteKeySet, SigningKey, TokenIssuer, TokenVerifier, describeKeyText, formatDuration, scheduleRefresh, type ErrorCode, type CheckStatus, type Verdict } from "sceyt-token";

declare const key: SigningKey;
// @ts-expect-error applicationId is required
new TokenIssuer(key, {});
// @ts-expect-error "none" is not an Algorithm
new TokenVerifier(key.publicKey, { anyApplication: true, algorithms: ["none"] });
// @ts-expect-error not an error code
export const c: ErrorCode = "ERR_NOPE";
// @ts-expect-error not a report line's status (the union comes from inspect::Status)
export const st: CheckStatus = "ok";
// @ts-expect-error not a verdict (the union comes from inspect::Verdict)
export const vd: Verdict = "not-yet-valid";
// @ts-expect-error onError's second argument has no `delay`
scheduleRefresh("t", () => "next", { onError: (_e, info) => void info.delay });
// @ts-expect-error lifetime is a Duration, not a boolean
new TokenIssuer(key, { applicationId: "a", lifetime: true });
declare const token: string;
// @ts-expect-error margin is a Duration, not a boolean
scheduleRefresh(token, () => "next", { margin: true });
// @ts-expect-error maxStale is a Duration, not an object
new RemoteKeySet("https://example.invalid/jwks.json", { maxStale: {} });
declare const remote: RemoteKeySet;
// @ts-expect-error internals are not part of the public types
void remote.__sceytKeysFor;
declare const set: KeySet;
// @ts-expect-error nor is the verifier's internal way to reach a fetched set
new TokenVerifier({ __sceytKeysFor: async () => set }, { anyApplication: true });
// @ts-expect-error minAge is a Duration, not a boolean
new RemoteKeySet("https://example.invalid/jwks.json", { minAge: true });
// @ts-expect-error waitUntil is a function
new TokenVerifier(key.publicKey).verify(token, { waitUntil: 5 });
// @ts-expect-error allowPrivate is a boolean
KeySet.fromJwks({ keys: [] }, { allowPrivate: "yes" });
// @ts-expect-error a key format is "pem", "jwk" or "jwks"
export const notAFormat: "der" = describeKeyText("").format;
// @ts-expect-error formatDuration takes seconds, not a duration string
formatDuration("10m");
// @ts-expect-error relative is a boolean
formatDuration(10, { relative: "yes" });
