//! TypeScript declarations for option bags and results, emitted into the generated `.d.ts`. The
//! string unions of Rust enums (`Algorithm`, `CheckName`, `CheckStatus`, `Verdict`, `KeyFormat`)
//! and `ErrorCode` are generated from the enums into `unions.ts` by `src/ts_unions.rs`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Seconds, or a string such as "90s", "10m", "6h", "1d", "1h30m". */
export type Duration = number | string;

/** A JSON Web Key (RFC 7517). */
export interface JsonWebKey {
  kty: "RSA" | "EC" | "OKP" | "oct" | string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  n?: string; e?: string; d?: string; p?: string; q?: string; dp?: string; dq?: string; qi?: string;
  x?: string; y?: string; k?: string;
  [member: string]: unknown;
}

export interface KeyOptions {
  /** Another algorithm of the key's family (RSA: RS256 … PS512; secrets: HS256 … HS512). */
  algorithm?: Algorithm;
  /** `kid` to write instead of the RFC 7638 thumbprint. */
  keyId?: string;
}

export interface IssuerOptions {
  /** The SCEYT application id, written as `aid`. */
  applicationId: string;
  /** Default lifetime (`exp - iat`), 6 h unless set. */
  lifetime?: Duration;
  /** Shortest allowed lifetime (10 min). */
  minLifetime?: Duration;
  /** Longest allowed lifetime (24 h). */
  maxLifetime?: Duration;
  /** Claims added to every token; may not use iat, nbf, exp, sub or aid. */
  claims?: Record<string, unknown>;
  /** Milliseconds since the epoch (tests freeze time with it). */
  clock?: () => number;
  /** Which crypto signs (see `VerifierOptions.backend`): node:crypto where the runtime has it, else
   * WebCrypto in `issue()` and pure wasm in `issueSync()`. */
  backend?: Backend;
}

export interface IssueOptions {
  lifetime?: Duration;
  /** A delay after issue (`"4s"`, 4) or an absolute Date. `nbf` defaults to `iat`. */
  notBefore?: Duration | Date;
  claims?: Record<string, unknown>;
}

/** What `issueWithExpiry()` / `issueWithExpirySync()` return. */
export interface IssuedToken {
  /** The token. */
  token: string;
  /** Its `exp`, in seconds since the epoch (NumericDate). */
  expiresAt: number;
  /** Seconds from issue to `exp` (the lifetime, less any time already passed). */
  expiresIn: number;
}

export interface VerifierOptions {
  /** Expected `aid`. `TokenVerifier` requires it, or `anyApplication: true`; a member that is
   * present but `undefined` (an unset environment variable) is refused with ERR_INVALID_ARGUMENT. */
  applicationId?: string;
  /** `true` skips the `aid` check (tokens of every SCEYT application, or another provider's
   * tokens). Explicit on purpose: leaving `applicationId` out is refused by `TokenVerifier`. */
  anyApplication?: boolean;
  /** Allowed algorithms; default: the key's own. */
  algorithms?: Algorithm[];
  /** Allowed clock skew (default 0). */
  clockTolerance?: Duration;
  /** Verify as of this date instead of now. */
  currentDate?: Date;
  /** The current time in milliseconds since the epoch, like `Date.now()` (the default). */
  clock?: () => number;
  minLifetime?: Duration;
  maxLifetime?: Duration;
  /** `false` turns off the lifetime window check. */
  lifetimePolicy?: boolean;
  /** Longest token accepted (8192). */
  maxTokenLength?: number;
  /** Claims that must be present (default: sub, iat, exp). */
  requiredClaims?: string[];
  /** Which crypto checks signatures: `"auto"` (default) uses `node:crypto` where the runtime has it
   * (Node, Deno, Bun, workerd with `nodejs_compat`) on every path, else WebCrypto in `verify()` and
   * pure wasm in `verifySync()`; `"node"` only node:crypto; `"webcrypto"` WebCrypto in `verify()`
   * (pure wasm in `verifySync()`); `"wasm"` always the pure-wasm primitive. The verdict is the same
   * whichever runs. */
  backend?: Backend;
  /** Expected `iss`: one value or a list; exact match (no case folding, no trailing-slash
   * normalisation). `ERR_ISSUER_MISMATCH`. */
  issuer?: string | string[];
  /** Expected audience(s): the token's `aud` (a string or an array of strings) must hold one.
   * `ERR_AUDIENCE_MISMATCH`. */
  audience?: string | string[];
  /** Expected client(s), matched against `azp`, or `client_id` when the token has no `azp`.
   * `ERR_CLIENT_MISMATCH`. */
  clientId?: string | string[];
  /** Expected header `typ`(s), compared case-insensitively with the `application/` prefix optional
   * (RFC 7515 section 4.1.9): `"at+jwt"` matches `"application/AT+JWT"`. Checked before the
   * signature. `ERR_TYPE_MISMATCH`. */
  typ?: string | string[];
  /** Longest time since `iat` (a duration, at least 1 s; `clockTolerance` is added). `ERR_TOKEN_TOO_OLD`. */
  maxTokenAge?: Duration;
  /** Expected `sub`, exactly. `ERR_SUBJECT_MISMATCH`. */
  subject?: string;
  /** A cache of verified tokens (off unless set): `true` for the defaults, or `{ size, ttl }`. A token
   * seen again skips its signature check, never the rest: on every hit `exp`, `nbf`, `iat`, the
   * lifetime window, `maxTokenAge` and every other claim rule are checked against the clock, and the
   * key that verified it (by its material, not its `kid`) must still be one the current keys would
   * try — a key-set refresh that drops it or changes it is never served. Failures are never cached;
   * each call returns fresh objects. */
  cache?: boolean | VerifierCacheOptions;
}

/** The bounds of `VerifierOptions.cache`. */
export interface VerifierCacheOptions {
  /** Most tokens kept (1 … 10000; default 1000): when full, the least recently used go first. */
  size?: number;
  /** How long a token is served from the cache after it was verified (1 s … 24 h; default "10m"). */
  ttl?: Duration;
}

/** Options of one `verify()` / `verifySync()` call. */
export interface VerifyCallOptions {
  /** Keeps work a remote key set (`KeySet.fetch`, `RemoteKeySet`) starts for this call alive after
   * the response, e.g. `{ waitUntil: ctx.waitUntil.bind(ctx) }` in a Cloudflare Worker: a background
   * refresh then completes and serves the next request. Ignored for other keys. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** The signature primitive: `node:crypto`, WebCrypto, or pure wasm (see `VerifierOptions.backend`). */
export type Backend = "auto" | "node" | "webcrypto" | "wasm";

/** Options of `verifyCompact` and `verifyCompactSync`. */
export interface CompactOptions {
  /** Allowed algorithms; default: the key's own. */
  algorithms?: Algorithm[];
  /** Longest token accepted (8192). */
  maxTokenLength?: number;
  backend?: Backend;
  /** Expected header `typ`(s), as `VerifierOptions.typ` (the only rule beyond the signature's:
   * no claim is read). */
  typ?: string | string[];
}

/** The claims of a SCEYT token. */
export interface SceytClaims {
  iat: number;
  nbf?: number;
  exp: number;
  sub: string;
  aid?: string;
  [claim: string]: unknown;
}

export interface JwtHeader {
  alg: Algorithm | string;
  typ?: string;
  kid?: string;
  [member: string]: unknown;
}

export interface VerifiedToken {
  header: JwtHeader;
  claims: SceytClaims;
}

/** Untrusted: the signature was not checked. */
export interface DecodedToken {
  header: JwtHeader;
  claims: Record<string, unknown>;
}

export interface VerifiedCompact {
  header: JwtHeader;
  payload: Uint8Array;
}

/** Every `TokenVerifier` option, plus the key: under the same options the report's verdict and
 * code are the ones `verifySync` gives. */
export interface InspectOptions extends VerifierOptions {
  /** A key object, PEM text, a JWK or JWKS (object or JSON text). Without it the signature is skipped. */
  key?: VerifyingKey | KeySet | SigningKey | { __sceytKeysFor(kid?: string): Promise<KeySet> } | string | JsonWebKey | { keys: JsonWebKey[] };
  /** Accepted so that one option bag serves `TokenVerifier` and `inspectToken` alike, and checked
   * as there (a bad value throws ERR_INVALID_ARGUMENT, a backend the runtime lacks
   * ERR_RUNTIME_UNSUPPORTED), but it has no effect on the report: the report checks the signature
   * with the pure-wasm primitive, whose verdict every backend shares. */
  backend?: Backend;
  /** Accepted and checked as `TokenVerifier` checks it; no effect on the report (nothing is cached). */
  cache?: boolean | VerifierCacheOptions;
}

export interface InspectCheck {
  check: CheckName;
  status: CheckStatus;
  code?: ErrorCode;
  message: string;
}

export interface TimeInfo {
  value: number;
  iso: string;
  fromNow: number;
}

export interface InspectPart {
  raw: string;
  json?: unknown;
  length?: number;
  error?: string;
}

export interface InspectReport {
  verdict: Verdict;
  summary: string;
  code?: ErrorCode;
  parts: { header: InspectPart; payload: InspectPart; signature: InspectPart };
  header: JwtHeader | null;
  claims: Record<string, unknown> | null;
  times: { now: TimeInfo; iat: TimeInfo | null; nbf: TimeInfo | null; exp: TimeInfo | null; lifetime: number | null };
  checks: InspectCheck[];
}
/** What `describeKeyText` finds, before any key is loaded. */
export interface KeyTextInfo {
  /** PEM (public, private or certificate), one JWK, or a JWKS: `KeySet.from` reads a JWKS, `VerifyingKey.from` the others. */
  format: KeyFormat;
  /** A private key: a private PEM block, or a JWK (or a key of the JWKS) with `d`. An HMAC secret (`kty: "oct"`) is not counted. */
  private: boolean;
  /** The PEM or JSON came wrapped in base64. */
  base64: boolean;
}

export interface FormatDurationOptions {
  /** A distance from now: "in 5 h 59 min" (positive), "3 min 20 s ago" (negative), "now" (zero). */
  relative?: boolean;
}
"#;

/// The string unions of the Rust enums, generated by `src/ts_unions.rs` (`cargo test` fails when
/// the file is not what the enums give).
#[wasm_bindgen(typescript_custom_section)]
const TS_UNIONS: &'static str = include_str!("unions.ts");
