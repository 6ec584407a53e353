// Types of the sceyt-token package. The classes, functions and option types of the wasm API come
// from types/api.d.ts (generated from wasm-bindgen's declarations by scripts/types.mjs); this file
// adds what the JavaScript entries define, and declares what the types need from the environment,
// so they check with `skipLibCheck: false` under any lib: ES2022 alone, with the DOM, with
// @cloudflare/workers-types or @types/node (tests/types/matrix.mjs). index.d.cts is this file for
// `require`, generated.
import type { Duration, ErrorCode, JsonWebKey, VerifyCallOptions } from "./types/api.js";
import { KeySet as WasmKeySet } from "./types/api.js";

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
  supportedAlgorithms,
  ErrorCode,
} from "./types/api.js";
export type {
  Algorithm,
  Duration,
  JsonWebKey,
  KeyOptions,
  IssuerOptions,
  IssueOptions,
  IssuedToken,
  VerifierOptions,
  VerifyCallOptions,
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
} from "./types/api.js";

/*
 * The environment. Explicit resource management (`using key = await SigningKey.generate()`): every
 * class has `[Symbol.dispose]()` (the same as `free()`). Declared here as @types/node does, so that
 * it checks on TypeScript >= 5.2 without the esnext libs; the declarations merge with the libs'
 * own where those are loaded.
 */
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  interface Disposable {
    [Symbol.dispose](): void;
  }
}

/*
 * Types that only some environments declare (the DOM lib, @cloudflare/workers-types, @types/node):
 * the environment's own type where it has one, else the shape the package needs.
 */
type Globals = typeof globalThis;
/** A compiled `WebAssembly.Module` (any object where the environment does not declare WebAssembly). */
export type WasmModule = Globals extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;
/** The wasm's bytes: an `ArrayBuffer` or a view of one (the DOM's `BufferSource`). */
export type WasmBytes = ArrayBuffer | ArrayBufferView;
type UrlLike = Globals extends { URL: { prototype: infer U } } ? U : { readonly href: string };
type RequestLike = Globals extends { Request: { prototype: infer R } } ? R : never;
type ResponseLike = Globals extends { Response: { prototype: infer R } } ? R : never;
/** The `fetch` function: the environment's own type, or the call `KeySet.fetch` makes. */
export type FetchFunction = Globals extends { fetch: infer F }
  ? F
  : (url: string, init: { signal?: unknown; headers: Record<string, string>; redirect: "follow" }) => Promise<{
      readonly ok: boolean;
      readonly status: number;
      readonly url?: string;
      readonly headers?: { get(name: string): string | null };
      readonly body?: unknown;
      text(): Promise<string>;
    }>;
/** What `init()` loads the wasm from: its URL, a `Request` or `Response` for it, its bytes or the compiled module. */
export type InitInput = string | UrlLike | RequestLike | ResponseLike | WasmBytes | WasmModule;

/** The error codes this package throws (and its example servers answer): `ErrorCode`'s values. */
export declare function errorCodes(): ErrorCode[];

/** Every error sceyt-token throws. */
export declare class TokenError extends Error {
  constructor(code: ErrorCode, message: string, claim?: string, reason?: string);
  readonly name: "TokenError";
  readonly code: ErrorCode;
  /** The claim concerned, when a claim check failed. */
  readonly claim?: string;
  /** `missing`, `type`, `expired`, `not_yet_valid`, `future`, `mismatch`, `range`, `reserved` or `too_old`. */
  readonly reason?: string;
  /**
   * Whether `value` is a TokenError, from this copy of sceyt-token or another (two installed
   * versions, a bundle): `instanceof` compares classes, this compares a brand.
   */
  static is(value: unknown): value is TokenError;
}

/** Loads the wasm. Needed in browsers (and bundlers) before first use; elsewhere it loads itself. */
export declare function init(input?: InitInput | Promise<ResponseLike>): Promise<void>;
/** Loads the wasm synchronously from bytes or a compiled module (e.g. in Vercel Edge). */
export declare function initSync(input: WasmBytes | WasmModule | { module: WasmBytes | WasmModule }): void;
/** Whether the wasm is loaded. */
export declare function isInitialized(): boolean;
/** Sets a synchronous loader that runs on first use (used by the runtime entries). */
export declare function configure(loader: ((initSync: (input: { module: WasmBytes | WasmModule }) => unknown) => void) | null): void;

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
  /** Receives each problem; `retryIn` is the delay before the next attempt, in **seconds**. */
  onError?: (error: unknown, info: { retryIn: number; attempt: number }) => void;
  /** The current time in **milliseconds** since the epoch, like `Date.now()` (the default). */
  clock?: () => number;
  /** Timer functions (default: the global ones); `ms` is milliseconds. */
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
  /**
   * Shortest time the keys are cached, whatever Cache-Control says (`no-cache`, `max-age=0`): the
   * cache time is the header's max-age clamped to [min(minAge, maxAge), maxAge]. Default 30 s (or
   * `cooldown` when longer); never below `cooldown`. A duration.
   */
  minAge?: Duration;
  /** At most one refetch per cool-down for tokens with an unknown kid (default 30 s, at least 1 s). A duration. */
  cooldown?: Duration;
  /** Request timeout (default 5 s, e.g. "500ms"); a timeout is ERR_KEYS_UNAVAILABLE, never a hang. A duration. */
  timeout?: Duration;
  /** How long past `maxAge` the last good keys are served while refreshing fails (default 1 h). A duration. */
  maxStale?: Duration;
  fetch?: FetchFunction;
  /** The current time in **milliseconds** since the epoch, like `Date.now()` (the default). */
  clock?: () => number;
  /**
   * What the URL serves: `"jwks"` (`{ keys: [...] }`), `"x509"` (an X.509 map, `{ "<kid>":
   * "-----BEGIN CERTIFICATE-----…" }`, as Google publishes for Firebase ID tokens) or `"auto"`
   * (default: detected by shape). Certificates are read by the same key rules as every key; their
   * validity dates are **not** checked.
   */
  format?: "auto" | "jwks" | "x509";
  /**
   * A cache shared by isolates, on top of each set's own memory cache: `"auto"` (default) uses the
   * Cache API (`caches.default`) in Cloudflare Workers and nothing elsewhere; `false` turns it off;
   * or pass your own store, e.g. a Workers KV namespace. Entries live for the cache time +
   * `maxStale`, so a stale copy serves while the provider is down.
   */
  sharedCache?: "auto" | false | SharedKeyStore;
}

/** A store for `sharedCache`: a Workers KV namespace fits as it is. Values are JSON text. */
export interface SharedKeyStore {
  get(key: string): Promise<string | null | undefined>;
  /** `expirationTtl`: seconds the entry is needed for (at least 60, KV's minimum). */
  put(key: string, value: string, options: { expirationTtl: number }): Promise<unknown>;
}

/**
 * A JWKS fetched over HTTP; pass it to `new TokenVerifier(...)` like a KeySet. The constructor does
 * no I/O (a Worker may keep the set and its verifier at module scope): the first verification
 * fetches. Failures to reach the key server are ERR_KEYS_UNAVAILABLE.
 */
export declare class RemoteKeySet {
  constructor(url: string | UrlLike, options?: FetchKeySetOptions);
  /**
   * The keys of an OpenID Connect issuer, with no I/O: the `jwks_uri` of
   * `<issuer>/.well-known/openid-configuration` (one trailing "/" of the issuer removed), whose
   * `issuer` must equal `issuer` exactly (ERR_KEYS_UNAVAILABLE with `reason: "issuer_mismatch"`
   * otherwise). The document is cached like the keys (same `minAge`/`maxAge`, `sharedCache`).
   */
  static fromIssuer(issuer: string | UrlLike, options?: FetchKeySetOptions): RemoteKeySet;
  /** The URL of the keys (for an issuer: its `jwks_uri` once read, before that the discovery document's URL). */
  readonly url: string;
  /** The configured issuer (fromIssuer / KeySet.discover), else undefined. */
  readonly issuer: string | undefined;
  /** The shared cache in use: the Cache API, a store of yours, or none (memory only). */
  readonly sharedCache: "cache-api" | "custom" | "none";
  readonly keyIds: string[];
  readonly size: number;
  /** When the current keys were fetched: **milliseconds** since the epoch (a `Date.now()` value; `new Date(set.fetchedAt)`), 0 before the first fetch. */
  readonly fetchedAt: number;
  /** When the current keys stop being fresh: **milliseconds** since the epoch, 0 before the first fetch. */
  readonly expiresAt: number;
  /** The last moment the current keys are served while refreshing them fails: **milliseconds** since the epoch, 0 before the first fetch. */
  readonly staleUntil: number;
  /** Whether the keys served are past `expiresAt` (a refresh failed or has not completed yet). */
  readonly stale: boolean;
  /** The TokenError of the last failed refresh; `null` once a refresh succeeds. */
  readonly lastError: TokenError | null;
  /** After a failed refresh, when verifications may fetch again: **milliseconds** since the epoch; 0 otherwise. */
  readonly retryAt: number;
  /** Fetches now, whatever the backoff; `waitUntil` keeps the fetch alive past the response. */
  refresh(options?: VerifyCallOptions): Promise<this>;
}

export interface FromJwksOptions {
  /**
   * Accept keys with private members (`d`, `p`, `q`…, an `oct` key's `k`: PRIVATE_JWK_MEMBERS).
   * Default false: a JWKS is published, and a private member there is ERR_KEY_INVALID. Set it only
   * for trusted local JSON, e.g. HMAC secrets the verifier keeps itself.
   */
  allowPrivate?: boolean;
}

/** JWK members that hold private key material; none may appear in a published JWKS. */
export declare const PRIVATE_JWK_MEMBERS: readonly string[];

/** A set of verifying keys (a JWKS). */
export type KeySet = WasmKeySet;
export declare const KeySet: typeof WasmKeySet & {
  /** Parses a JWKS (object or JSON text); a private member is refused unless `allowPrivate`. */
  fromJwks(jwks: { keys: JsonWebKey[] } | string, options?: FromJwksOptions): WasmKeySet;
  /** Loads a JWKS over HTTP, cached and refreshed on key rotation. */
  fetch(url: string | UrlLike, options?: FetchKeySetOptions): Promise<RemoteKeySet>;
  /** Loads the keys of an OpenID Connect issuer now (discovery document, then `jwks_uri`). */
  discover(issuer: string | UrlLike, options?: FetchKeySetOptions): Promise<RemoteKeySet>;
};
