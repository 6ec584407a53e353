// Type-checked with `tsc --noEmit -p tests/types` against the published .d.ts.
import {
  SigningKey, VerifyingKey, KeySet, TokenIssuer, TokenVerifier, TokenError,
  decodeToken, inspectToken, verifyCompactSync, verifyCompact, tokenExpiresIn, scheduleRefresh, init,
  type Algorithm, type ErrorCode, type IssuerOptions, type VerifiedToken, type InspectReport, type SceytClaims,
  type Backend, type CompactOptions, type InspectOptions, type IssuedToken,
  RemoteKeySet, PRIVATE_JWK_MEMBERS, type VerifyCallOptions, type FetchKeySetOptions, type SharedKeyStore,
  describeKeyText, formatDuration, type KeyFormat, type KeyTextInfo, type FormatDurationOptions,
  type CheckStatus, type Verdict, type RefreshErrorInfo, type RefreshOptions,
} from "sceyt-token";

declare const env: { SCEYT_PRIVATE_KEY: string; SCEYT_APP_ID: string };

export async function main(): Promise<void> {
  await init();
  const key: SigningKey = SigningKey.fromPem(env.SCEYT_PRIVATE_KEY);
  const alg: Algorithm = key.algorithm;
  const kid: string | undefined = key.keyId;
  const opts: IssuerOptions = { applicationId: env.SCEYT_APP_ID, lifetime: "6h", clock: () => Date.now() };
  const issuer = new TokenIssuer(key, opts);
  const token: string = issuer.issueSync("user-42");
  const t2: string = issuer.issueSync("user-42", { lifetime: "30m", notBefore: "4s", claims: { role: "admin" } });
  const t3: string = await issuer.issue("user-42", { notBefore: new Date() });
  const gen: SigningKey = await SigningKey.generate("ES256", { keyId: "dev" });
  const verifier = new TokenVerifier(VerifyingKey.fromPem(key.toPublicPem()), { applicationId: "dqev1ml4ld", clockTolerance: "30s" });
  const v: VerifiedToken = verifier.verifySync(token);
  const claims: SceytClaims = v.claims;
  const exp: number = claims.exp;
  const v2: VerifiedToken = await verifier.verify(t2);
  const set = KeySet.fromJwks({ keys: [key.toPublicJwk(), gen.toPublicJwk()] });
  const n: number = set.size;
  const remote = await KeySet.fetch("https://example.invalid/.well-known/jwks.json", { maxAge: "10m", cooldown: 30, timeout: "500ms", maxStale: "1h" });
  new TokenVerifier(remote, { applicationId: "x" });
  // The Workers pattern: set and verifier at module scope, waitUntil per call.
  const fo: FetchKeySetOptions = { maxAge: "10m", minAge: "1m", cooldown: "30s" };
  const moduleScope = new TokenVerifier(new RemoteKeySet("https://example.invalid/jwks.json", fo), { applicationId: "x" });
  const ctx = { waitUntil(p: Promise<unknown>): void { void p; } };
  const call: VerifyCallOptions = { waitUntil: ctx.waitUntil.bind(ctx) };
  const vw: VerifiedToken = await moduleScope.verify(token, call);
  const vs: VerifiedToken = moduleScope.verifySync(token, { waitUntil: (p) => void p });
  const again: RemoteKeySet = await remote.refresh({ waitUntil: ctx.waitUntil.bind(ctx) });
  const le: TokenError | null = remote.lastError;
  const when: number = remote.retryAt + remote.staleUntil;
  const stale: boolean = remote.stale;
  const members: readonly string[] = PRIVATE_JWK_MEMBERS;
  const local = KeySet.fromJwks('{"keys":[]}', { allowPrivate: true });
  // Provider keys (issue 20): an issuer, the X.509 map, a shared store (a KV namespace fits).
  const kv: SharedKeyStore = { get: async (k: string) => (k ? null : "x"), put: async (_k: string, _v: string, o: { expirationTtl: number }) => void o };
  const fromIssuer: RemoteKeySet = RemoteKeySet.fromIssuer("https://issuer.example.invalid/", { sharedCache: kv });
  const discovered: RemoteKeySet = await KeySet.discover("https://issuer.example.invalid", { sharedCache: false, maxStale: "1h" });
  const firebase = await KeySet.fetch("https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com", { format: "x509" });
  const iss: string | undefined = fromIssuer.issuer;
  const which: "cache-api" | "custom" | "none" = discovered.sharedCache;
  void [vw, vs, again, le, when, stale, members, local, firebase, iss, which];
  new TokenVerifier(set, { anyApplication: true, algorithms: ["RS256", "ES256"], currentDate: new Date() });
  const report: InspectReport = inspectToken(t3, { key: key.toPublicPem(), applicationId: "x" });
  const verdict: "valid" | "invalid" | "expired" | "not_yet_valid" | "unverified" = report.verdict;
  for (const c of report.checks) {
    const s: "pass" | "fail" | "skip" | "warn" = c.status;
    const named: CheckStatus = s;
    void named;
  }
  const sameVerdict: Verdict = verdict;
  void sameVerdict;
  // onError receives the error, then { retryIn (seconds), attempt }.
  const onError: RefreshOptions["onError"] = (e: unknown, info: RefreshErrorInfo) => {
    const wait: number = info.retryIn;
    const nth: number = info.attempt;
    void [e, wait, nth];
  };
  scheduleRefresh(token, () => "next", { onError }).cancel();
  const decoded = decodeToken(token);
  const compact = verifyCompactSync(token, key.publicKey, { algorithms: ["RS256"] });
  const bytes: Uint8Array = compact.payload;
  const c2 = await verifyCompact(token, set);
  const left: number = tokenExpiresIn(token, { currentDate: new Date() });
  const handle = scheduleRefresh(token, async () => "next", { margin: "1m", retryAfter: 2.5, onToken: (t: string) => void t });
  handle.cancel();
  const backend: Backend = "wasm";
  const co: CompactOptions = { algorithms: ["RS256"], maxTokenLength: 4096, backend };
  const c3 = await verifyCompact(token, set, co);
  new TokenVerifier(set, { anyApplication: true, backend: "webcrypto", requiredClaims: ["sub", "aid"], lifetimePolicy: false });
  const io: InspectOptions = { key: set, requiredClaims: ["aid"], lifetimePolicy: false, backend: "auto", clockTolerance: 5 };
  const r2: InspectReport = inspectToken(t2, io);
  // Keys from text (PEM, JWK, JWKS), and the token with its expiry.
  const fromText: VerifyingKey = VerifyingKey.from(key.toPublicPem());
  const setFromText: KeySet = KeySet.from(JSON.stringify({ keys: [key.toPublicJwk()] }));
  new TokenVerifier(key.toPublicPem(), { applicationId: "x" });
  const issued: IssuedToken = await issuer.issueWithExpiry("user-42");
  const issuedSync: IssuedToken = issuer.issueWithExpirySync("user-42", { lifetime: "10m" });
  const expiresAt: number = issued.expiresAt + issuedSync.expiresIn;
  void [fromText, setFromText, expiresAt, issued.token];
  // Every class has [Symbol.dispose]() (= free()), on every TypeScript and lib of the matrix.
  gen[Symbol.dispose]();
  void [alg, kid, exp, v2, n, verdict, decoded, bytes, c2, c3, left, r2];
}

export function brand(e: unknown): ErrorCode | undefined {
  // TokenError.is narrows like instanceof, and holds across copies of the package.
  return TokenError.is(e) ? e.code : undefined;
}

export function handle(e: unknown): string {
  if (e instanceof TokenError) {
    const code: ErrorCode = e.code;
    switch (code) {
      case "ERR_TOKEN_EXPIRED":
        return `expired (${e.claim}, ${e.reason})`;
      case "ERR_SIGNATURE_INVALID":
        return "bad signature";
      case "ERR_KEYS_UNAVAILABLE":
        return "503: retry later";
      default:
        return code;
    }
  }
  return "unknown";
}

/** Key text read the way the CLI and the demo page read it. */
export function keyFromText(text: string): VerifyingKey | KeySet {
  const info: KeyTextInfo = describeKeyText(text);
  const format: KeyFormat = info.format;
  const warn: boolean = info.private || info.base64;
  void warn;
  return format === "jwks" ? KeySet.from(text) : VerifyingKey.from(text);
}

export function countdown(seconds: number): string {
  const relative: FormatDurationOptions = { relative: true };
  return `${formatDuration(seconds)} (${formatDuration(seconds, relative)})`;
}
