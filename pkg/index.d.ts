// Types of the sceyt-token package. The classes and most types come from the generated
// wasm-bindgen declarations; this file adds what the JavaScript entries define.
import type { ErrorCode } from "./web/sceyt_token.js";
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
  /** `missing`, `type`, `expired`, `not_yet_valid`, `future`, `mismatch`, `range` or `reserved`. */
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

export interface RefreshOptions {
  /** How long before expiry to fetch the next token (default "1m"). */
  margin?: number | string;
  /** Delay before retrying a failed fetch (default 10 s). */
  retryAfter?: number | string;
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
  /** Longest time the keys are cached (default 600 s); a shorter Cache-Control max-age wins. */
  maxAge?: number | string;
  /** At most one refetch per cool-down for tokens with an unknown kid (default 30 s). */
  cooldown?: number | string;
  /** Request timeout (default 5 s); a timeout is ERR_KEY_NOT_FOUND, never a hang. */
  timeout?: number | string;
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
