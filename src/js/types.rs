//! TypeScript declarations for option bags and results, emitted into the generated `.d.ts`. The
//! `Algorithm` union is checked against `Algorithm::ALL` by `src/ts_unions.rs` (`cargo test`); the
//! `ErrorCode` declarations are generated from `ErrorCode::ALL` by scripts/types.mjs.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** JWS algorithms sceyt-token signs and verifies. `none` does not exist. */
export type Algorithm =
  | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512"
  | "ES256" | "EdDSA" | "HS256" | "HS384" | "HS512";

/* `ErrorCode` (the frozen object and its union of codes) is written into the declarations by
   scripts/types.mjs, from `ErrorCode::ALL` (src/error.rs). */

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
}

/** The report's lines, in order. `typ`, `age`, `iss`, `aud` and `client` appear only when their
 * option (`typ`, `maxTokenAge`, `issuer`, `audience`, `clientId`) is set; `sub` also checks `subject`. */
export type CheckName =
  | "structure" | "typ" | "algorithm" | "key" | "signature" | "exp" | "nbf" | "iat" | "age" | "lifetime"
  | "aid" | "iss" | "aud" | "client" | "sub" | "claims";

export interface InspectCheck {
  check: CheckName;
  status: "pass" | "fail" | "skip" | "warn";
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
  verdict: "valid" | "invalid" | "expired" | "not_yet_valid" | "unverified";
  summary: string;
  code?: ErrorCode;
  parts: { header: InspectPart; payload: InspectPart; signature: InspectPart };
  header: JwtHeader | null;
  claims: Record<string, unknown> | null;
  times: { now: TimeInfo; iat: TimeInfo | null; nbf: TimeInfo | null; exp: TimeInfo | null; lifetime: number | null };
  checks: InspectCheck[];
}
"#;
