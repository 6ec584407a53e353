// KeySet.fetch() and RemoteKeySet: a JWKS loaded over HTTPS for edge verifiers. This file owns the
// fetch (URL rules, size limit, timeout), the cache and its refresh policy, and the hand-over of the
// current keys to TokenVerifier; key parsing is the wasm KeySet's, and the `maxAge`, `minAge`,
// `cooldown`, `timeout` and `maxStale` durations are parsed by the package's one duration grammar
// (`__sceytDuration`, src/time.rs), which loads the wasm on first use like every other call.
//
// - Only `https:` URLs (plain `http:` only for loopback hosts: 127.0.0.0/8, [::1], localhost), and
//   the response must come from such a URL too (a redirect to plain http is refused).
// - The body is read with a size limit (1 MiB) enforced while reading, and a timeout: a fetch fails
//   with a TokenError, never hangs and never buffers an endless body.
// - A published JWKS holds public keys only: a key with a private member (`d`, `p`, `q`, …, or an
//   `oct` key's `k`; the one list is jwks.mjs) refuses the whole answer (ERR_KEY_INVALID).
// - Cached for the Cache-Control max-age clamped to [min(minAge, maxAge), maxAge]: `no-cache` costs
//   at most one fetch per `minAge` (default 30 s), an explicit short `maxAge` still wins.
// - A server that cannot be reached, times out, answers an HTTP error, redirects to plain http or
//   sends something that is not a JWKS is ERR_KEYS_UNAVAILABLE (retry later), never
//   ERR_KEY_NOT_FOUND, which stays for a `kid` that the server's current keys lack.
//
// Requests and I/O (issue 18). In a Worker, a fetch() or a timer belongs to the request that made it:
// once that request has answered it is cancelled or never settles, and a later request that awaits
// it waits forever. So:
// - Only finished results are shared between calls: the keys, their times, the last error and the
//   backoff. A load (one fetch of the JWKS) is never awaited by a call in another request; in
//   Workers a call waits for another call's load only by looking at the shared results (polling,
//   with its own timers), and never past that load's deadline (its start + `timeout`, measured by
//   Date.now(), which advances between requests). Elsewhere (Node, Deno, Bun, browsers: no request
//   isolation) concurrent calls share one load.
// - Stale keys are served at once while a refresh runs in the background (stale-while-revalidate);
//   `waitUntil` (a per-call option, e.g. `ctx.waitUntil.bind(ctx)`) keeps that refresh alive past the
//   response. A refresh abandoned by its request blocks nothing: past its deadline it is forgotten
//   and the next call may start another.
// - A call that needs keys the set lacks (a new `kid`) fetches in its own request, at most once per
//   `cooldown` (at least 1 s); a call that has no usable keys at all fetches in its own request too.
// - Every load has a generation number; a load that settles after a newer one settled changes
//   nothing (its keys are dropped, its error is not recorded).
// - When a refresh fails, the last good keys are still served, for at most `maxStale` after they
//   expired, and the next attempt waits for an exponential backoff (1 s, 2 s, 4 s … 5 min): a failing
//   host never turns every verification into a fetch. `stale`, `lastError` and `retryAt` say so.
// - A replaced set is freed one refresh later, and never within the microtask turn in which it was
//   replaced: a verify() that already received it takes its (reference-counted) native handle in
//   that same turn, so no verifier ever sees a freed set.
//
// Provider keys (issue 20), on the same rules:
// - An issuer (RemoteKeySet.fromIssuer, KeySet.discover): the keys are at the `jwks_uri` of
//   `<issuer>/.well-known/openid-configuration` (one trailing "/" removed first, Discovery §4), whose
//   `issuer` must equal the configured text exactly (§4.3). The document is one more answer of the
//   same load, under the same deadline, cached with the same floor and ceiling. A document that
//   names another issuer or an insecure `jwks_uri` is ERR_KEYS_UNAVAILABLE with a `reason`, and is
//   never answered from a stale copy.
// - The X.509 map (`{ kid: certificate PEM }`, Firebase) is read by shape or `format`; each
//   certificate's key goes through the core's key rules (VerifyingKey.fromPem); validity dates are
//   not checked.
// - A shared cache (store.mjs: the Cache API in Workers, or the caller's get/put store) sits under the
//   memory cache. A load ("cached" mode) takes a fresh shared copy before asking the provider, and a
//   stale one (within maxStale) only when the provider cannot be reached (stale-if-error). Loads
//   for an unknown kid and refresh() ("provider" mode) bypass it; every provider answer replaces it.
import { seconds } from "./duration.mjs";
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";
import { wasm } from "./glue.mjs";
import { refusePrivateMembers } from "./jwks.mjs";
import { sharedStore } from "./store.mjs";

const { KeySet: WasmKeySet, VerifyingKey } = wasm;
/** @typedef {import("../web/sceyt_token.js").KeySet} WasmKeySet */
/** @typedef {import("../web/sceyt_token.js").VerifyingKey} VerifyingKey */

/**
 * @import { Duration, JsonWebKey, VerifyCallOptions } from "../web/sceyt_token.js"
 * @import { FetchFunction, UrlLike } from "./environment.js"
 * @import { SharedKeyStore, Store } from "./store.mjs"
 */

/**
 * Options of `KeySet.fetch`, `KeySet.discover`, `new RemoteKeySet` and `RemoteKeySet.fromIssuer`:
 * the settings below, and `fetch`, the function that fetches (default: the global `fetch`). (A
 * type literal, so that the declarations keep the name `FetchFunction`, the environment's own
 * `fetch` type where it has one.)
 * @typedef {FetchKeySetSettings & { fetch?: FetchFunction }} FetchKeySetOptions
 */

/**
 * `FetchKeySetOptions` but `fetch`.
 * @typedef {object} FetchKeySetSettings
 * @property {Duration} [maxAge] Longest time the keys are cached (default 600 s); a shorter Cache-Control max-age wins. A duration.
 * @property {Duration} [minAge]
 *   Shortest time the keys are cached, whatever Cache-Control says (`no-cache`, `max-age=0`): the
 *   cache time is the header's max-age clamped to [min(minAge, maxAge), maxAge]. Default 30 s (or
 *   `cooldown` when longer); never below `cooldown`. A duration.
 * @property {Duration} [cooldown] At most one refetch per cool-down for tokens with an unknown kid (default 30 s, at least 1 s). A duration.
 * @property {Duration} [timeout] Request timeout (default 5 s, e.g. "500ms"); a timeout is ERR_KEYS_UNAVAILABLE, never a hang. A duration.
 * @property {Duration} [maxStale] How long past `maxAge` the last good keys are served while refreshing fails (default 1 h). A duration.
 * @property {() => number} [clock] The current time in **milliseconds** since the epoch, like `Date.now()` (the default).
 * @property {"auto" | "jwks" | "x509"} [format]
 *   What the URL serves: `"jwks"` (`{ keys: [...] }`), `"x509"` (an X.509 map, `{ "<kid>":
 *   "-----BEGIN CERTIFICATE-----…" }`, as Google publishes for Firebase ID tokens) or `"auto"`
 *   (default: detected by shape). Certificates are read by the same key rules as every key; their
 *   validity dates are **not** checked.
 * @property {"auto" | false | SharedKeyStore} [sharedCache]
 *   A cache shared by isolates, on top of each set's own memory cache: `"auto"` (default) uses the
 *   Cache API (`caches.default`) in Cloudflare Workers and nothing elsewhere; `false` turns it off;
 *   or pass your own store, e.g. a Workers KV namespace. Entries live for the cache time +
 *   `maxStale`, so a stale copy serves while the provider is down.
 */

/**
 * Options of `KeySet.fromJwks`.
 * @typedef {object} FromJwksOptions
 * @property {boolean} [allowPrivate]
 *   Accept keys with private members (`d`, `p`, `q`…, an `oct` key's `k`: PRIVATE_JWK_MEMBERS).
 *   Default false: a JWKS is published, and a private member there is ERR_KEY_INVALID. Set it only
 *   for trusted local JSON, e.g. HMAC secrets the verifier keeps itself.
 */

/**
 * @internal One load of the keys (see `#start`).
 * @typedef {{ gen: number, until: number, awaited: boolean, promise: Promise<TokenError | null>, at?: number }} Load
 */
/**
 * @internal A load's I/O: its abort controller, what it is fetching, and `within(p)` (p under the load's deadline).
 * @typedef {{ ctrl: AbortController | null, what: string, where: string, within: <T>(p: Promise<T>) => Promise<T> }} Io
 */
/**
 * @internal An issuer's discovery state (see `#discovery`).
 * @typedef {{ issuer: string, docUrl: URL, jwksUrl: URL | null, expiresAt: number, fetchedAt: number }} Discovery
 */

/** The largest JWKS body accepted, in bytes. */
export const MAX_JWKS_BYTES = 1024 * 1024;
/** The shortest accepted unknown-`kid` cool-down, in seconds. */
export const MIN_COOLDOWN = 1;
/** Backoff after a failed refresh: the first wait and the longest, in seconds. */
export const BACKOFF_FIRST = 1;
export const BACKOFF_MAX = 300;
/** The default floor of the cache time, in seconds (never below `cooldown`). */
export const DEFAULT_MIN_AGE = 30;
/** Slack added to a load's deadline (its start + `timeout`) before it counts as abandoned, in ms. */
const DEADLINE_SLACK_MS = 250;
/** How often a Worker call looks whether another request's load has settled, in ms. */
const POLL_MS = 20;

// The option names and the formats, as objects typed by FetchKeySetOptions: a name missing here or
// unknown to the type is a type error (scripts/entry-types.mjs), so the runtime check and the
// declarations keep one list.
/** @type {Record<keyof FetchKeySetOptions, true>} */
const OPTION_NAMES = { maxAge: true, minAge: true, cooldown: true, timeout: true, maxStale: true, fetch: true, clock: true, format: true, sharedCache: true };
const OPTIONS = Object.keys(OPTION_NAMES);
/** @type {Record<NonNullable<FetchKeySetOptions["format"]>, true>} */
const FORMAT_NAMES = { auto: true, jwks: true, x509: true };
const FORMATS = Object.keys(FORMAT_NAMES);
/** Where an issuer publishes its discovery document (OpenID Connect Discovery 1.0 §4). */
const WELL_KNOWN = "/.well-known/openid-configuration";
/** The module-private option that makes a RemoteKeySet from an issuer (RemoteKeySet.fromIssuer). */
const ISSUER = Symbol("issuer");

/**
 * Whether requests are isolated (Cloudflare Workers: workerd, wrangler, miniflare): there, a promise
 * of another request's I/O must never be awaited.
 */
function requestsIsolated() {
  return globalThis.navigator?.userAgent === "Cloudflare-Workers";
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The `waitUntil` of a call's options (undefined when not given); a bad one is ERR_INVALID_ARGUMENT. */
function waitUntilOf(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") throw new TokenError(ErrorCode.InvalidArgument, "options must be an object");
  const w = options.waitUntil;
  if (w === undefined) return undefined;
  if (typeof w !== "function") {
    throw new TokenError(ErrorCode.InvalidArgument, `option "waitUntil" must be a function (e.g. ctx.waitUntil.bind(ctx)), not ${w === null ? "null" : typeof w}`);
  }
  return w;
}

/** `e` as the error of a failed load: a TokenError keeps its code, anything else is unavailability. */
function loadError(e, where, what = "JWKS") {
  if (e instanceof TokenError) return e;
  return new TokenError(ErrorCode.KeysUnavailable, `fetching the ${what} from ${where} failed: ${e && e.message ? e.message : e}`);
}


/** Seconds the response may be cached for, from its Cache-Control header (undefined: no header). */
export function cacheSeconds(header) {
  if (!header) return undefined;
  const h = header.toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(h)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(h);
  return m ? Number(m[2]) : undefined;
}

/** Whether `url` (a URL) names the local machine, where plain http cannot be intercepted. */
export function isLoopback(url) {
  const host = url.hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether a JWKS may be fetched from `url`: https, or http to a loopback host. */
function allowedUrl(url) {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url));
}

function isoTime(ms) {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(ms);
}

/** Reads the body as UTF-8 text, refusing it as soon as it exceeds `limit` bytes. */
async function readLimited(res, limit, where, what = "JWKS") {
  const tooLarge = () => new TokenError(ErrorCode.KeysUnavailable, `the ${what} at ${where} is larger than ${limit} bytes`);
  const declared = res.headers && typeof res.headers.get === "function" ? res.headers.get("content-length") : null;
  if (declared !== null && declared !== undefined && Number(declared) > limit) throw tooLarge();
  let bytes;
  const body = res.body;
  if (body && typeof body.getReader === "function") {
    const reader = body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value instanceof Uint8Array ? value : new Uint8Array(value);
      total += chunk.byteLength;
      if (total > limit) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
  } else {
    // A fetch() replacement whose Response has no stream: the whole body, then the same limit.
    const text = await res.text();
    bytes = new TextEncoder().encode(String(text));
    if (bytes.byteLength > limit) throw tooLarge();
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new TokenError(ErrorCode.KeysUnavailable, `the ${what} at ${where} is not UTF-8 text`);
  }
}

/**
 * Whether `doc` is an X.509 map: `{ "<kid>": "-----BEGIN CERTIFICATE-----…" }` (Google's format for
 * Firebase ID tokens), one or more members, every value a certificate PEM, no `keys` member.
 */
export function isX509Map(doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || Object.hasOwn(doc, "keys")) return false;
  const values = Object.values(doc);
  return values.length > 0 && values.every((v) => typeof v === "string" && v.includes("-----BEGIN CERTIFICATE-----"));
}

/** An X.509 map as a JWKS: each certificate's public key (read by the core's key rules) with its kid. */
function x509ToJwks(doc, where) {
  const keys = [];
  for (const [kid, pem] of Object.entries(doc)) {
    let key;
    try {
      key = VerifyingKey.fromPem(pem, { keyId: kid });
    } catch (e) {
      throw new TokenError(e.code ?? ErrorCode.KeyInvalid, `the X.509 map at ${where}: the certificate of kid ${JSON.stringify(kid.slice(0, 64))}: ${e.message}`);
    }
    try {
      keys.push(key.toJwk());
    } finally {
      key.free();
    }
  }
  return { keys };
}

/** The configured issuer, checked: a URL string, https (http on loopback), no query or fragment. */
function checkIssuer(issuer) {
  if (typeof issuer !== "string" && !(issuer instanceof URL)) {
    throw new TokenError(ErrorCode.InvalidArgument, `the issuer must be a URL string, not ${issuer === null ? "null" : typeof issuer}`);
  }
  const text = String(issuer);
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new TokenError(ErrorCode.InvalidArgument, `the issuer ${JSON.stringify(text).slice(0, 100)} is not a valid URL`);
  }
  if (!allowedUrl(url)) {
    throw new TokenError(ErrorCode.InvalidArgument, `the issuer must be an https: URL (plain http: only for loopback hosts), not ${text.slice(0, 200)}`);
  }
  if (url.search || url.hash || text.includes("?") || text.includes("#")) {
    throw new TokenError(ErrorCode.InvalidArgument, `an issuer has no query or fragment (OpenID Connect Discovery §3): ${text.slice(0, 200)}`);
  }
  // §4: remove one trailing "/" before appending the well-known path (Auth0's issuers end in "/").
  const base = text.endsWith("/") ? text.slice(0, -1) : text;
  return { issuer: text, docUrl: new URL(base + WELL_KNOWN) };
}

/**
 * A JWKS fetched over HTTP; pass it to `new TokenVerifier(...)` like a KeySet. The constructor does
 * no I/O (a Worker may keep the set and its verifier at module scope): the first verification
 * fetches. Failures to reach the key server are ERR_KEYS_UNAVAILABLE.
 */
export class RemoteKeySet {
  /** @type {URL} */ #url;
  /** @type {number} */ #maxAge;
  /** @type {number} */ #minAge;
  /** @type {number} */ #cooldown;
  /** @type {number} */ #timeout;
  /** @type {number} */ #maxStale;
  /** @type {Function} */ #fetch;
  /** @type {() => number} */ #now;
  /** @type {boolean} */ #isolated;
  /** @type {string} */ #format;
  /** @type {Store | null} */ #store;
  // OpenID Connect Discovery (RemoteKeySet.fromIssuer): { issuer (the configured text), docUrl, jwksUrl
  // (null until a document was read), expiresAt, fetchedAt }: finished results only, like the keys.
  /** @type {Discovery | null} */
  #discovery = null;
  // The finished result, shared by every call: the keys and their times.
  /** @type {WasmKeySet | null} */
  #set = null; #fetchedAt = 0; #expiresAt = 0;
  // Loads: the generation of the last one started, of the newest one settled, and of the keys held.
  #started = 0; #settled = 0; #applied = 0;
  // The newest load not settled yet, and the last one started for an unknown kid (with its clock time):
  // { gen, until (Date.now() deadline), awaited, promise, at? }.
  /** @type {Load | null} */ #load = null;
  /** @type {Load | null} */ #kidLoad = null;
  /** @type {TokenError | null} */ #lastError = null;
  #failures = 0; #retryAt = 0;
  /** @type {WasmKeySet | null} */ #retired = null;

  /**
   * @param {string | UrlLike} url The URL of the JWKS (https:, or http: on a loopback host).
   * @param {FetchKeySetOptions} [options]
   */
  constructor(url, options = {}) {
    if (options === null || typeof options !== "object") {
      throw new TokenError(ErrorCode.InvalidArgument, "options must be an object");
    }
    for (const k of Object.keys(options)) {
      if (!OPTIONS.includes(k)) {
        throw new TokenError(ErrorCode.InvalidArgument, `unknown option "${k}" (known: ${OPTIONS.join(", ")})`);
      }
    }
    if (options[ISSUER] !== undefined) {
      this.#discovery = { ...checkIssuer(options[ISSUER]), jwksUrl: null, expiresAt: 0, fetchedAt: 0 };
      this.#url = this.#discovery.docUrl;
    } else {
      try {
        this.#url = new URL(String(url));
      } catch {
        throw new TokenError(ErrorCode.InvalidArgument, `the JWKS URL ${JSON.stringify(String(url)).slice(0, 100)} is not a valid URL`);
      }
    }
    if (!allowedUrl(this.#url)) {
      throw new TokenError(
        ErrorCode.InvalidArgument,
        this.#url.protocol === "http:"
          ? `the JWKS URL must be https: (plain http: only for loopback hosts), not ${this.#url.href.slice(0, 200)}`
          : `the JWKS URL must be https:, not ${this.#url.protocol}`,
      );
    }
    this.#maxAge = seconds(options, "maxAge", 600);
    this.#cooldown = seconds(options, "cooldown", 30);
    if (this.#cooldown < MIN_COOLDOWN) {
      throw new TokenError(ErrorCode.InvalidArgument, `option "cooldown" must be at least ${MIN_COOLDOWN} s, not ${this.#cooldown} s`);
    }
    this.#minAge = seconds(options, "minAge", Math.max(DEFAULT_MIN_AGE, this.#cooldown));
    if (this.#minAge < this.#cooldown) {
      throw new TokenError(ErrorCode.InvalidArgument, `option "minAge" must be at least the cooldown (${this.#cooldown} s), not ${this.#minAge} s`);
    }
    this.#timeout = seconds(options, "timeout", 5);
    this.#maxStale = seconds(options, "maxStale", 3600);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.clock ?? (() => Date.now());
    if (typeof this.#now !== "function") {
      throw new TokenError(ErrorCode.InvalidArgument, `option "clock" must be a function returning milliseconds`);
    }
    if (typeof this.#fetch !== "function") {
      throw new TokenError(ErrorCode.RuntimeUnsupported, "this runtime has no fetch(); pass options.fetch");
    }
    this.#isolated = requestsIsolated();
    this.#format = options.format ?? "auto";
    if (!FORMATS.includes(this.#format)) {
      throw new TokenError(ErrorCode.InvalidArgument, `option "format" must be one of ${FORMATS.map((f) => `"${f}"`).join(", ")}, not ${JSON.stringify(this.#format)}`);
    }
    this.#store = sharedStore(options.sharedCache, this.#isolated);
  }

  /**
   * The keys of an OpenID Connect issuer, with no I/O: the `jwks_uri` of
   * `<issuer>/.well-known/openid-configuration` (one trailing "/" of the issuer removed), whose
   * `issuer` must equal `issuer` exactly (ERR_KEYS_UNAVAILABLE with `reason: "issuer_mismatch"`
   * otherwise). The document is cached like the keys (same `minAge`/`maxAge`, `sharedCache`).
   * @param {string | UrlLike} issuer
   * @param {FetchKeySetOptions} [options]
   * @returns {RemoteKeySet}
   */
  static fromIssuer(issuer, options = {}) {
    if (options === null || typeof options !== "object") {
      throw new TokenError(ErrorCode.InvalidArgument, "options must be an object");
    }
    return new RemoteKeySet(/** @type {any} */ (undefined), /** @type {any} */ ({ ...options, [ISSUER]: issuer }));
  }

  /**
   * The URL of the keys (for an issuer: its `jwks_uri` once read, before that the discovery document's URL).
   * @returns {string}
   */
  get url() { return this.#discovery?.jwksUrl?.href ?? this.#url.href; }
  /**
   * The configured issuer (fromIssuer / KeySet.discover), else undefined.
   * @returns {string | undefined}
   */
  get issuer() { return this.#discovery?.issuer; }
  /**
   * The shared cache in use: the Cache API (Workers' `caches.default`), a store of yours, or none (memory only).
   * @returns {"cache-api" | "custom" | "none"}
   */
  get sharedCache() { return this.#store ? this.#store.kind : "none"; }
  /**
   * The current key ids.
   * @returns {string[]}
   */
  get keyIds() { return this.#set ? this.#set.keyIds : []; }
  /**
   * Number of usable keys.
   * @returns {number}
   */
  get size() { return this.#set ? this.#set.size : 0; }
  /**
   * When the current keys were fetched: **milliseconds** since the epoch (a `Date.now()` value;
   * `new Date(set.fetchedAt)`), 0 before the first fetch.
   * @returns {number}
   */
  get fetchedAt() { return this.#fetchedAt; }
  /**
   * When the current keys stop being fresh: **milliseconds** since the epoch, 0 before the first fetch.
   * @returns {number}
   */
  get expiresAt() { return this.#expiresAt; }
  /**
   * The last moment the current keys are served while refreshing them fails: **milliseconds**
   * since the epoch, 0 before the first fetch.
   * @returns {number}
   */
  get staleUntil() { return this.#set ? this.#expiresAt + this.#maxStale * 1000 : 0; }
  /**
   * Whether the keys served are past `expiresAt` (a refresh failed or has not completed yet).
   * @returns {boolean}
   */
  get stale() { return this.#set !== null && this.#now() >= this.#expiresAt; }
  /**
   * The TokenError of the last failed refresh; `null` once a refresh succeeds.
   * @returns {TokenError | null}
   */
  get lastError() { return this.#lastError; }
  /**
   * After a failed refresh, when verifications may fetch again: **milliseconds** since the epoch; 0 otherwise.
   * @returns {number}
   */
  get retryAt() { return this.#retryAt; }

  /**
   * Fetches the JWKS now, whatever the backoff, in a request of its own. Rejects with a TokenError
   * on failure; the keys fetched before are kept. If a refresh started later settles first, this
   * one changes nothing (and resolves). `options.waitUntil` keeps the fetch alive past the
   * response of the request that made it.
   * @param {VerifyCallOptions} [options]
   * @returns {Promise<this>}
   */
  refresh(options) {
    let waitUntil;
    try {
      waitUntil = waitUntilOf(options);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#refreshVia(waitUntil, "provider");
  }

  /**
   * @internal KeySet.fetch / KeySet.discover: the first load, which may come from the shared cache.
   * @returns {Promise<this>}
   */
  __sceytFirstLoad() {
    return this.#refreshVia(undefined, "cached");
  }

  /** @returns {Promise<this>} */
  #refreshVia(waitUntil, mode) {
    const load = this.#start(waitUntil, true, mode);
    return load.promise.then((error) => {
      if (error) throw error;
      return this;
    });
  }

  /** Whether `load` may still settle: started, not settled, and not past its deadline. */
  #alive(load) {
    return load !== null && this.#settled < load.gen && Date.now() < load.until;
  }

  /**
   * Starts a load. Its promise never rejects: it resolves to the load's error, or null once its
   * keys are in place (or dropped because a newer load settled first).
   */
  #start(waitUntil, awaited, mode = "cached") {
    const gen = ++this.#started;
    const load = /** @type {Load} */ (/** @type {unknown} */ ({ gen, until: Date.now() + this.#timeout * 1000 + DEADLINE_SLACK_MS, awaited, promise: null }));
    load.promise = this.#download(mode).then(
      (loaded) => this.#settle(gen, loaded, loaded.error ?? null),
      (e) => this.#settle(gen, null, loadError(e, this.url)),
    );
    this.#load = load;
    if (waitUntil) {
      try {
        waitUntil(load.promise);
      } catch {
        // A waitUntil that throws (e.g. called after the response) only loses the keep-alive.
      }
    }
    return load;
  }

  #settle(gen, loaded, error) {
    if (this.#load !== null && this.#load.gen === gen) this.#load = null;
    if (gen <= this.#settled) {
      // A newer load settled first: this one changes nothing (its keys are dropped, its error is
      // not recorded, and whoever awaits it finds the newer outcome in place).
      loaded?.set.free();
      return null;
    }
    this.#settled = gen;
    const now = this.#now();
    if (loaded && (this.#set === null || loaded.fetchedAt >= this.#fetchedAt)) {
      // Keys from the provider, or from the shared cache (fresh; or stale, served because the
      // provider failed: stale-if-error, and then `error` is set too). Older than the held keys:
      // dropped.
      const previous = this.#set;
      this.#set = loaded.set;
      // Keys served because the provider failed are not its answer: a kid they lack stays
      // ERR_KEYS_UNAVAILABLE (the server could not be asked), never ERR_KEY_NOT_FOUND.
      if (!error) this.#applied = gen;
      this.#fetchedAt = loaded.fetchedAt;
      this.#expiresAt = loaded.fetchedAt + loaded.ttl * 1000;
      if (previous) this.#retire(previous);
    } else {
      loaded?.set.free();
    }
    if (error) {
      this.#failures++;
      this.#lastError = error;
      this.#retryAt = now + Math.min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (this.#failures - 1)) * 1000;
      return error;
    }
    this.#lastError = null;
    this.#failures = 0;
    this.#retryAt = 0;
    return null;
  }

  // Frees the set retired by the refresh before this one (one refresh later), and that only after
  // the current microtask turn. A verify() in flight that received a set from __sceytKeysFor takes
  // its native handle (an Rc of the keys, independent of the JS object) in the same microtask turn,
  // so by then nothing can still use the freed object. Without timers, FinalizationRegistry frees it.
  #retire(set) {
    const older = this.#retired;
    this.#retired = set;
    if (older && typeof setTimeout === "function") {
      const t = setTimeout(() => older.free(), 0);
      if (t && typeof t.unref === "function") t.unref();
    }
  }

  /**
   * Waits until another call's `load` has settled, never past its deadline. Outside Workers the
   * load's promise is awaited (with this call's own timer); in a Worker only the shared results are
   * looked at, with this call's own timers, so no request awaits another request's I/O.
   */
  async #waitFor(load) {
    if (!this.#isolated) {
      let timer;
      await Promise.race([load.promise, new Promise((r) => { timer = setTimeout(r, Math.max(0, load.until - Date.now())); })]);
      clearTimeout(timer);
      return;
    }
    while (this.#settled < load.gen && Date.now() < load.until) await sleep(POLL_MS);
  }

  /**
   * One load: the keys (and, for an issuer, its discovery document) from the shared cache when it
   * holds a fresh copy and `mode` is "cached", else from the provider ("provider": refresh() and
   * unknown kids). When the provider fails and the shared cache holds a copy within `maxStale`, that
   * copy is the result, with the error (stale-if-error). One deadline (`timeout`) covers the load.
   */
  async #download(mode) {
    const io = /** @type {Io} */ ({ ctrl: null, what: "JWKS", where: this.url });
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        io.ctrl?.abort();
        reject(new TokenError(ErrorCode.KeysUnavailable, `fetching the ${io.what} from ${io.where} timed out after ${this.#timeout} s`));
      }, this.#timeout * 1000);
    });
    timeout.catch(() => {});
    io.within = (p) => Promise.race([p, timeout]);
    try {
      const jwksUrl = this.#discovery ? await this.#jwksUrl(mode, io) : this.#url;
      return await this.#loadKeys(jwksUrl, mode, io);
    } finally {
      clearTimeout(timer);
    }
  }

  /** GETs `url` within the load's deadline: `{ text, maxAge }` (the Cache-Control max-age, or undefined). */
  async #get(url, what, io) {
    const where = url.href;
    io.what = what;
    io.where = where;
    const ctrl = typeof AbortController === "function" ? new AbortController() : null;
    io.ctrl = ctrl;
    const unavailable = (why) => new TokenError(ErrorCode.KeysUnavailable, `fetching the ${what} from ${where} failed: ${why}`);
    try {
      const res = await io.within(
        this.#fetch.call(globalThis, where, { signal: ctrl?.signal, headers: { accept: "application/json" }, redirect: "follow" }),
      );
      if (!res || typeof res !== "object") throw unavailable("fetch() returned no Response");
      if (typeof res.url === "string" && res.url !== "") {
        let final;
        try { final = new URL(res.url); } catch { final = null; }
        if (!final || !allowedUrl(final)) {
          throw unavailable(`redirected to ${res.url.slice(0, 200)}, which is not https:`);
        }
      }
      if (!res.ok) throw unavailable(`HTTP ${res.status}`);
      const text = await io.within(readLimited(res, MAX_JWKS_BYTES, where, what));
      return { text, maxAge: cacheSeconds(res.headers?.get?.("cache-control")) };
    } catch (e) {
      ctrl?.abort(); // drop the connection (an unread or oversized body)
      throw loadError(e, where, what);
    }
  }

  /** The cache time of an answer: its Cache-Control max-age clamped to [min(minAge, maxAge), maxAge]. */
  #ttl(maxAge) {
    const floor = Math.min(this.#minAge, this.#maxAge);
    return Math.min(this.#maxAge, Math.max(floor, maxAge ?? this.#maxAge));
  }

  /** A shared-cache entry `{ fetchedAt, ttl, body }`, or null (none, unreadable, or the store failed). */
  async #read(key, io) {
    try {
      const e = await io.within(/** @type {Store} */ (this.#store).read(key)); // called only with a store
      const ok = e && Number.isFinite(e.fetchedAt) && Number.isFinite(e.ttl) && e.ttl >= 0 && typeof e.body === "string" && e.body.length <= MAX_JWKS_BYTES;
      return ok ? e : null;
    } catch {
      return null; // a shared cache that fails is no cache: the provider is asked
    }
  }

  /** Puts an entry in the shared cache for ttl + maxStale; a store that fails only loses the copy. */
  async #write(key, entry, io) {
    try {
      await io.within(/** @type {Store} */ (this.#store).write(key, entry, entry.ttl + this.#maxStale)); // called only with a store
    } catch {
      // the keys were fetched: serving them matters more than sharing them
    }
  }

  /** `entry` as the fresh result, `{ fallback }` when it may serve only if the provider fails, or null. */
  #classify(entry) {
    if (!entry) return null;
    const now = this.#now();
    if (now < entry.fetchedAt + entry.ttl * 1000) return { fresh: entry };
    if (now < entry.fetchedAt + (entry.ttl + this.#maxStale) * 1000) return { fallback: entry };
    return null;
  }

  /** Parses a JWKS or an X.509 map (`format`) into a wasm KeySet; private members are refused. */
  #parse(text, where) {
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new TokenError(ErrorCode.KeysUnavailable, `the JWKS at ${where} is not JSON: ${e.message}`.slice(0, 300));
    }
    const isJwks = doc !== null && typeof doc === "object" && !Array.isArray(doc) && Array.isArray(doc.keys);
    let jwks;
    if (this.#format !== "x509" && isJwks) jwks = doc;
    else if (this.#format !== "jwks" && isX509Map(doc)) jwks = x509ToJwks(doc, where);
    else {
      throw new TokenError(
        ErrorCode.KeysUnavailable,
        this.#format === "x509"
          ? `the answer of ${where} is not an X.509 map (an object of "<kid>": "-----BEGIN CERTIFICATE-----…")`
          : this.#format === "jwks"
            ? `the answer of ${where} is not a JWKS (an object with a "keys" array)`
            : `the answer of ${where} is not a JWKS (an object with a "keys" array) nor an X.509 map ({ "<kid>": certificate PEM })`,
      );
    }
    refusePrivateMembers(jwks, `the JWKS at ${where}`);
    try {
      // The parsed object, not the text: the keys checked above are the keys imported.
      return WasmKeySet.fromJwks(jwks);
    } catch (e) {
      throw new TokenError(e.code ?? ErrorCode.KeyInvalid, `the JWKS at ${where}: ${e.message}`);
    }
  }

  /** The keys at `url`: the shared cache's fresh copy ("cached"), else the provider's, else stale-if-error. */
  async #loadKeys(url, mode, io) {
    const where = url.href;
    const key = `jwks ${where}`;
    const cached = this.#store && mode === "cached" ? this.#classify(await this.#read(key, io)) : null;
    if (cached?.fresh) {
      try {
        return { set: this.#parse(cached.fresh.body, where), fetchedAt: cached.fresh.fetchedAt, ttl: cached.fresh.ttl, shared: true };
      } catch {
        // a copy that no longer reads (another format option, say): ask the provider
      }
    }
    let error;
    try {
      const { text, maxAge } = await this.#get(url, "JWKS", io);
      const set = this.#parse(text, where);
      const fetchedAt = this.#now();
      const ttl = this.#ttl(maxAge);
      if (this.#store) await this.#write(key, { fetchedAt, ttl, body: text }, io);
      return { set, fetchedAt, ttl };
    } catch (e) {
      error = loadError(e, where);
    }
    // Stale-if-error: only when the provider cannot be reached, never for keys it refused.
    const stale = this.#store && mode !== "provider" ? cached?.fallback ?? this.#classify(await this.#read(key, io))?.fallback : undefined;
    if (stale && error.code === ErrorCode.KeysUnavailable) {
      try {
        return { set: this.#parse(stale.body, where), fetchedAt: stale.fetchedAt, ttl: stale.ttl, shared: true, error };
      } catch {
        // unreadable: the provider's error stands
      }
    }
    throw error;
  }

  /**
   * The issuer's `jwks_uri`: this set's copy while fresh, else the shared cache's ("cached"), else
   * the discovery document from the provider. A provider that cannot be reached leaves the last
   * `jwks_uri` in use for `maxStale`; a document for another issuer, or with an insecure `jwks_uri`,
   * is refused whatever was read before.
   */
  async #jwksUrl(mode, io) {
    const d = /** @type {Discovery} */ (this.#discovery); // set: only an issuer's set calls this
    if (d.jwksUrl !== null && this.#now() < d.expiresAt) return d.jwksUrl;
    const where = d.docUrl.href;
    const key = `openid-configuration ${where}`;
    const cached = this.#store && mode === "cached" ? this.#classify(await this.#read(key, io)) : null;
    if (cached?.fresh) {
      try {
        return this.#useDocument(this.#readDocument(cached.fresh.body), cached.fresh.fetchedAt, cached.fresh.ttl);
      } catch {
        // a copy that no longer reads: ask the provider
      }
    }
    let error;
    try {
      const { text, maxAge } = await this.#get(d.docUrl, "discovery document", io);
      const jwksUrl = this.#readDocument(text);
      const fetchedAt = this.#now();
      const ttl = this.#ttl(maxAge);
      if (this.#store) await this.#write(key, { fetchedAt, ttl, body: text }, io);
      return this.#useDocument(jwksUrl, fetchedAt, ttl);
    } catch (e) {
      error = loadError(e, where, "discovery document");
    }
    if (error.code === ErrorCode.KeysUnavailable && error.reason === undefined) {
      if (d.jwksUrl !== null && this.#now() < d.expiresAt + this.#maxStale * 1000) return d.jwksUrl;
      const stale = this.#store ? cached?.fallback ?? this.#classify(await this.#read(key, io))?.fallback : undefined;
      if (stale) {
        try {
          return this.#useDocument(this.#readDocument(stale.body), stale.fetchedAt, stale.ttl);
        } catch {
          // unreadable: the provider's error stands
        }
      }
    }
    throw error;
  }

  #useDocument(jwksUrl, fetchedAt, ttl) {
    const d = /** @type {Discovery} */ (this.#discovery); // set: only an issuer's set calls this
    if (fetchedAt >= d.fetchedAt) {
      d.jwksUrl = jwksUrl;
      d.fetchedAt = fetchedAt;
      d.expiresAt = fetchedAt + ttl * 1000;
    }
    return jwksUrl;
  }

  /**
   * The `jwks_uri` of a discovery document, checked: its `issuer` equals the configured issuer
   * exactly (OpenID Connect Discovery §4.3: no normalisation, a trailing "/" counts), and `jwks_uri`
   * is https: (plain http: only on loopback). Refusals are ERR_KEYS_UNAVAILABLE with a `reason`
   * ("issuer_mismatch", "jwks_uri") and are never answered from a stale copy.
   */
  #readDocument(text) {
    const d = /** @type {Discovery} */ (this.#discovery); // set: only an issuer's set calls this
    const where = d.docUrl.href;
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new TokenError(ErrorCode.KeysUnavailable, `the discovery document at ${where} is not JSON: ${e.message}`.slice(0, 300));
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      throw new TokenError(ErrorCode.KeysUnavailable, `the discovery document at ${where} is not a JSON object`);
    }
    if (doc.issuer !== d.issuer) {
      const named = typeof doc.issuer === "string" ? `the issuer ${JSON.stringify(doc.issuer.slice(0, 200))}` : "no issuer";
      throw new TokenError(
        ErrorCode.KeysUnavailable,
        `issuer mismatch: the discovery document at ${where} names ${named}, not the configured issuer ${JSON.stringify(d.issuer)}; ` +
          `they must be equal exactly (OpenID Connect Discovery §4.3; a trailing "/" counts), so its keys are not used`,
        undefined,
        "issuer_mismatch",
      );
    }
    let url = null;
    if (typeof doc.jwks_uri === "string") {
      try { url = new URL(doc.jwks_uri); } catch { url = null; }
    }
    if (url === null) {
      throw new TokenError(ErrorCode.KeysUnavailable, `the discovery document at ${where} has no valid "jwks_uri"`, undefined, "jwks_uri");
    }
    if (!allowedUrl(url)) {
      throw new TokenError(
        ErrorCode.KeysUnavailable,
        `the discovery document at ${where} names the jwks_uri ${url.href.slice(0, 200)}, which is not https: (plain http: only for loopback hosts); its keys are not used`,
        undefined,
        "jwks_uri",
      );
    }
    return url;
  }

  /** Whether the current keys may be served at `now` (fresh, or stale within `maxStale`). */
  #usable(now) {
    return this.#set !== null && now < this.#expiresAt + this.#maxStale * 1000;
  }

  #has(kid) {
    return this.#set !== null && this.#set.keyIds.includes(kid);
  }

  #unavailable(kid) {
    const e = this.#lastError;
    const why = e
      ? `the last refresh failed (${e.message})${this.#retryAt ? `; next attempt after ${isoTime(this.#retryAt)}` : ""}`
      : this.#set ? "a refresh is under way in another request" : "the JWKS has not been fetched yet";
    const what = kid !== undefined
      ? `the keys from ${this.url} have no kid ${JSON.stringify(String(kid).slice(0, 64))} and the key server could not be asked`
      : this.#set ? `the keys from ${this.url} expired at ${isoTime(this.#expiresAt)} and are past their stale limit` : `no keys from ${this.url}`;
    // The last error's reason ("issuer_mismatch", "jwks_uri") stays readable on the error thrown.
    return new TokenError(ErrorCode.KeysUnavailable, `${what}: ${why}`, undefined, e?.reason);
  }

  /** A call without usable keys: waits for a load under way in an awaiting call, else loads itself. */
  async #loadNow(waitUntil) {
    const l = /** @type {Load} */ (this.#load); // used only when #alive(l), which is false for null
    if (this.#alive(l) && (l.awaited || !this.#isolated)) {
      await this.#waitFor(l);
      // Settled (whatever the outcome), or abandoned: either way this call does not wait again.
      return;
    }
    if (this.#now() < this.#retryAt) return; // backing off after a failure
    await this.#start(waitUntil, true).promise;
  }

  /** A call whose token names a kid the keys lack: one load per cooldown, in this call's request. */
  async #loadForKid(waitUntil, now) {
    const k = this.#kidLoad;
    if (k !== null) {
      if (this.#alive(k)) {
        await this.#waitFor(k); // another call is fetching for a new kid right now
        return;
      }
      const abandoned = this.#settled < k.gen; // past its deadline without settling
      if (!abandoned && now - /** @type {number} */ (k.at) < this.#cooldown * 1000) return;
    }
    if (now < this.#retryAt) return; // backing off after a failure
    if (!this.#isolated && this.#alive(this.#load)) {
      // Outside Workers: a refresh under way may already bring the kid; if it failed, the backoff
      // it set applies to this call too.
      const l = /** @type {Load} */ (this.#load); // alive: not null
      await this.#waitFor(l);
      if ((this.#applied >= l.gen && this.#set !== null) || this.#now() < this.#retryAt) return;
    }
    // An unknown kid bypasses the shared cache: another isolate's copy has the same keys as ours.
    const load = this.#start(waitUntil, true, "provider");
    load.at = now;
    this.#kidLoad = load;
    await load.promise;
  }

  /** Starts a background refresh of stale keys, unless one is under way or the backoff forbids it. */
  #revalidate(waitUntil, now) {
    if (now < this.#retryAt || this.#alive(this.#load)) return;
    this.#start(waitUntil, false).promise.catch(() => {});
  }

  /**
   * @internal Used by TokenVerifier.verify(): the keys to verify a token naming `kid` with. Fresh
   * keys are returned at once; stale ones too, with a refresh started in the background; a new kid
   * or no usable keys make this call fetch (never waiting on another request's fetch).
   */
  /**
   * @param {string | undefined} kid
   * @param {VerifyCallOptions} [options]
   * @returns {Promise<WasmKeySet>}
   */
  async __sceytKeysFor(kid, options) {
    const waitUntil = waitUntilOf(options);
    const startedBefore = this.#started;
    let now = this.#now();
    if (!this.#usable(now)) {
      await this.#loadNow(waitUntil);
      now = this.#now();
      if (!this.#usable(now)) throw this.#unavailable();
    }
    // A kid the keys lack, unless they come from a load started during this call (then they are the
    // server's answer to it: ERR_KEY_NOT_FOUND follows from the decision).
    if (typeof kid === "string" && !this.#has(kid) && this.#applied <= startedBefore) {
      await this.#loadForKid(waitUntil, now);
      now = this.#now();
      if (!this.#has(kid) && this.#lastError !== null) throw this.#unavailable(kid);
      if (!this.#usable(now)) throw this.#unavailable();
    }
    if (now >= this.#expiresAt) this.#revalidate(waitUntil, now);
    return /** @type {WasmKeySet} */ (this.#set); // usable: not null
  }

  /**
   * @internal The current keys, for synchronous use (verifySync, inspectToken). Never waits for the
   * network: when the keys are stale or missing it starts a refresh in the background (subject to
   * the backoff; kept alive by `options.waitUntil`).
   */
  __sceytHandle(options) {
    const waitUntil = waitUntilOf(options);
    const now = this.#now();
    if (!this.#set || now >= this.#expiresAt) this.#revalidate(waitUntil, now);
    if (!this.#usable(now)) throw this.#unavailable();
    return /** @type {WasmKeySet} */ (this.#set).__sceytHandle(); // usable: not null
  }
}

/**
 * A set of verifying keys (a JWKS): the wasm class; `KeySet.fromJwks` refuses private members.
 * @typedef {WasmKeySet} KeySet
 */

/**
 * The functions this module adds to the wasm class `KeySet`.
 * @typedef {object} KeySetLoaders
 * @property {(jwks: { keys: JsonWebKey[] } | string, options?: FromJwksOptions) => WasmKeySet} fromJwks
 *   Parses a JWKS (object or JSON text); a private member is refused unless `allowPrivate`.
 * @property {(url: string | UrlLike, options?: FetchKeySetOptions) => Promise<RemoteKeySet>} fetch
 *   Loads a JWKS over HTTP, cached and refreshed on key rotation.
 * @property {(issuer: string | UrlLike, options?: FetchKeySetOptions) => Promise<RemoteKeySet>} discover
 *   Loads the keys of an OpenID Connect issuer now (discovery document, then `jwks_uri`).
 */

/**
 * A set of verifying keys (a JWKS), with `KeySet.fetch(url, options)` and `KeySet.discover(issuer,
 * options)`. A class expression so that the declarations say what it is for callers: the wasm
 * class, whose constructor is private, plus the loaders.
 * @type {typeof WasmKeySet & KeySetLoaders}
 */
// @ts-ignore: wasm-bindgen declares the class's constructor private; this subclass is never constructed
export const KeySet = class KeySet extends WasmKeySet {
  // KeySet.fromJwks() returns instances of the wasm class: `x instanceof KeySet` must hold for them.
  static [Symbol.hasInstance](value) {
    return value instanceof WasmKeySet;
  }

  /**
   * Parses a JWKS (object or JSON text). A published JWKS holds public keys only: a key with a
   * private member (PRIVATE_JWK_MEMBERS) is ERR_KEY_INVALID, unless `options.allowPrivate` is true
   * (trusted local JSON, e.g. HMAC secrets kept by the verifier itself).
   * @param {{ keys: JsonWebKey[] } | string} jwks
   * @param {FromJwksOptions} [options]
   * @returns {WasmKeySet}
   */
  static fromJwks(jwks, options) {
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw new TokenError(ErrorCode.InvalidArgument, "options must be an object");
    }
    for (const k of Object.keys(options ?? {})) {
      if (k !== "allowPrivate") throw new TokenError(ErrorCode.InvalidArgument, `unknown option "${k}" (known: allowPrivate)`);
    }
    const allowPrivate = options?.allowPrivate ?? false;
    if (typeof allowPrivate !== "boolean") {
      throw new TokenError(ErrorCode.InvalidArgument, `option "allowPrivate" must be true or false`);
    }
    if (!allowPrivate) {
      // Before the keys are read: a private member is named as such, whatever else is wrong with
      // that key. Text that is not JSON is left to the reader below, which words that error.
      let parsed;
      try {
        parsed = typeof jwks === "string" ? JSON.parse(jwks) : jwks;
      } catch {
        parsed = undefined;
      }
      refusePrivateMembers(parsed, "the JWKS", " (pass { allowPrivate: true } for trusted local JSON)");
    }
    return WasmKeySet.fromJwks(jwks);
  }

  /**
   * Loads a JWKS over HTTP, cached and refreshed on key rotation.
   * @param {string | UrlLike} url
   * @param {FetchKeySetOptions} [options]
   * @returns {Promise<RemoteKeySet>}
   */
  static async fetch(url, options) {
    const remote = new RemoteKeySet(url, options);
    await remote.__sceytFirstLoad();
    return remote;
  }

  /**
   * The keys of an OpenID Connect issuer, fetched now: `<issuer>/.well-known/openid-configuration`
   * (one trailing "/" of the issuer removed), whose `issuer` must equal `issuer` exactly, then its
   * `jwks_uri`. Resolves to a RemoteKeySet (RemoteKeySet.fromIssuer does no I/O).
   * @param {string | UrlLike} issuer
   * @param {FetchKeySetOptions} [options]
   * @returns {Promise<RemoteKeySet>}
   */
  static async discover(issuer, options) {
    const remote = RemoteKeySet.fromIssuer(issuer, options ?? {});
    await remote.__sceytFirstLoad();
    return remote;
  }
};
