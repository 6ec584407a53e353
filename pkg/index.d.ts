// Types of the sceyt-token package. The classes and most types come from the generated
// wasm-bindgen declarations; this file adds what the JavaScript entries define.
import type { Duration, ErrorCode } from "./web/sceyt_token.js";
import { KeySet as WasmKeySet } from "./web/sceyt_token.js";

export {
  SigningKey,
  VerifyingKey,
  TokenIssuer,
  TokenVerifier,
  decodeToken,
  inspectToken,
  verifyCompact,
  verifyCompactSync,
  tokenExpiresIn,
  errorCodes,
  supportedAlgorithms,
} from "./web/sceyt_token.js";
export type {
  Algorithm,
  ErrorCode,
  Duration,
  JsonWebKey,
  KeyOptions,
  IssuerOptions,
  IssueOptions,
  VerifierOptions,
  Backend,
  CompactOptions,
  SceytClaims,
  JwtHeader,
  VerifiedToken,
  DecodedToken,
  VerifiedCompact,
  InspectOptions,
  InspectCheck,
  InspectPart,
  InspectReport,
  CheckName,
  TimeInfo,
} from "./web/sceyt_token.js";

/** Every error sceyt-token throws. */
export declare class TokenError extends Error {
  constructor(code: ErrorCode, message: string, claim?: string, reason?: string);
  readonly name: "TokenError";
  readonly code: ErrorCode;
  /** The claim concerned, when a claim check failed. */
  readonly claim?: string;
  /** `missing`, `type`, `expired`, `not_yet_valid`, `future`, `mismatch`, `range`, `reserved` or `too_old`. */
  readonly reason?: string;
}

/** Loads the wasm. Needed in browsers (and bundlers) before first use; elsewhere it loads itself. */
export declare function init(
  input?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>,
): Promise<void>;
/** Loads the wasm synchronously from bytes or a compiled module (e.g. in Vercel Edge). */
export declare function initSync(input: BufferSource | WebAssembly.Module | { module: BufferSource | WebAssembly.Module }): void;
/** Whether the wasm is loaded. */
export declare function isInitialized(): boolean;
/** Sets a synchronous loader that runs on first use (used by the runtime entries). */
export declare function configure(loader: ((initSync: (input: { module: BufferSource | WebAssembly.Module }) => unknown) => void) | null): void;

/*
 * Durations (every `Duration` option of the package, and the ones below) follow one grammar: a
 * number is seconds; a string is one or more `<digits><unit>` parts — "90s", "10m", "6h", "1d",
 * "1w", "1h30m", "2 hours", "500ms" (units ms, s, m, h, d, w and their long names); digits alone
 * are seconds ("90"). No signs, no fractions in strings, at most 100 years. Options that become token
 * times (lifetime, minLifetime, maxLifetime, notBefore, clockTolerance) need whole seconds; the
 * timers below take fractions (0.3, "300ms"). A bad value is a TokenError ERR_INVALID_ARGUMENT whose
 * message names the option.
 */

export interface RefreshOptions {
  /** How long before expiry to fetch the next token (default "1m"): a duration, fractions allowed. */
  margin?: Duration;
  /** Delay before retrying a failed fetch (default 10 s, at least 1 s): a duration, fractions allowed. */
  retryAfter?: Duration;
  /** Receives each new token (e.g. `(t) => client.updateToken(t)`). */
  onToken?: (token: string) => void;
  onError?: (error: unknown) => void;
  clock?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** Calls `fetchToken` before each token expires. */
export declare function scheduleRefresh(
  token: string,
  fetchToken: (current: string) => string | Promise<string>,
  options?: RefreshOptions,
): { cancel(): void };

export interface FetchKeySetOptions {
  /** Longest time the keys are cached (default 600 s); a shorter Cache-Control max-age wins. A duration. */
  maxAge?: Duration;
  /** At most one refetch per cool-down for tokens with an unknown kid (default 30 s, at least 1 s). A duration. */
  cooldown?: Duration;
  /** Request timeout (default 5 s, e.g. "500ms"); a timeout is ERR_KEY_NOT_FOUND, never a hang. A duration. */
  timeout?: Duration;
  /** How long past `maxAge` the last good keys are served while refreshing fails (default 1 h). A duration. */
  maxStale?: Duration;
  fetch?: typeof fetch;
  clock?: () => number;
}

/** A JWKS fetched over HTTP; pass it to `new TokenVerifier(...)` like a KeySet. */
export declare class RemoteKeySet {
  constructor(url: string | URL, options?: FetchKeySetOptions);
  readonly url: string;
  readonly keyIds: string[];
  readonly size: number;
  readonly fetchedAt: number;
  readonly expiresAt: number;
  refresh(): Promise<this>;
  /** @internal how TokenVerifier asks for the current keys */
  __sceytKeysFor(kid?: string): Promise<WasmKeySet>;
}

/** A set of verifying keys (a JWKS). */
export type KeySet = WasmKeySet;
export declare const KeySet: typeof WasmKeySet & {
  /** Loads a JWKS over HTTP, cached and refreshed on key rotation. */
  fetch(url: string | URL, options?: FetchKeySetOptions): Promise<RemoteKeySet>;
};
