// KeySet.fetch() and RemoteKeySet: a JWKS loaded over HTTPS for edge verifiers. This file owns the
// fetch (URL rules, size limit, timeout), the cache and its refresh policy, and the hand-over of the
// current keys to TokenVerifier; key parsing is the wasm KeySet's, and the `maxAge`, `cooldown`,
// `timeout` and `maxStale` durations are parsed by the package's one duration grammar
// (`__sceytDuration`, src/time.rs), which loads the wasm on first use like every other call.
//
// - Only `https:` URLs (plain `http:` only for loopback hosts: 127.0.0.0/8, [::1], localhost), and
//   the response must come from such a URL too (a redirect to plain http is refused).
// - The body is read with a size limit (1 MiB) enforced while reading, and a timeout: a fetch fails
//   with a TokenError, never hangs and never buffers an endless body.
// - Symmetric (`oct`) keys are refused: a published JWKS holds public keys only.
// - Cached for Cache-Control max-age, at most `maxAge`; refetched at most once per `cooldown`
//   (at least 1 s) when a token names an unknown `kid` (key rotation).
// - When a refresh fails, the last good keys are still served, for at most `maxStale` after they
//   expired, and the next attempt waits for an exponential backoff (1 s, 2 s, 4 s … 5 min): a failing
//   host never turns every verification into a fetch. `stale`, `lastError` and `retryAt` say so.
// - A replaced set is freed one refresh later, and never within the microtask turn in which it was
//   replaced: a verify() that already received it takes its (reference-counted) native handle in
//   that same turn, so no verifier ever sees a freed set.
import { KeySet as WasmKeySet } from "../web/sceyt_token.js";
import { seconds } from "./duration.mjs";
import { TokenError } from "./error.mjs";

/** The largest JWKS body accepted, in bytes. */
export const MAX_JWKS_BYTES = 1024 * 1024;
/** The shortest accepted unknown-`kid` cool-down, in seconds. */
export const MIN_COOLDOWN = 1;
/** Backoff after a failed refresh: the first wait and the longest, in seconds. */
export const BACKOFF_FIRST = 1;
export const BACKOFF_MAX = 300;

const OPTIONS = ["maxAge", "cooldown", "timeout", "maxStale", "fetch", "clock"];


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
async function readLimited(res, limit, where) {
  const tooLarge = () => new TokenError("ERR_KEY_INVALID", `the JWKS at ${where} is larger than ${limit} bytes`);
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
    throw new TokenError("ERR_KEY_INVALID", `the JWKS at ${where} is not UTF-8 text`);
  }
}

export class RemoteKeySet {
  #url; #maxAge; #cooldown; #timeout; #maxStale; #fetch; #now;
  #set = null; #fetchedAt = 0; #expiresAt = 0; #lastUnknownKidFetch = -Infinity; #inflight = null;
  #lastError = null; #failures = 0; #retryAt = 0; #retired = null;

  constructor(url, options = {}) {
    if (options === null || typeof options !== "object") {
      throw new TokenError("ERR_INVALID_ARGUMENT", "options must be an object");
    }
    for (const k of Object.keys(options)) {
      if (!OPTIONS.includes(k)) {
        throw new TokenError("ERR_INVALID_ARGUMENT", `unknown option "${k}" (known: ${OPTIONS.join(", ")})`);
      }
    }
    try {
      this.#url = new URL(String(url));
    } catch {
      throw new TokenError("ERR_INVALID_ARGUMENT", `the JWKS URL ${JSON.stringify(String(url)).slice(0, 100)} is not a valid URL`);
    }
    if (!allowedUrl(this.#url)) {
      throw new TokenError(
        "ERR_INVALID_ARGUMENT",
        this.#url.protocol === "http:"
          ? `the JWKS URL must be https: (plain http: only for loopback hosts), not ${this.#url.href.slice(0, 200)}`
          : `the JWKS URL must be https:, not ${this.#url.protocol}`,
      );
    }
    this.#maxAge = seconds(options, "maxAge", 600);
    this.#cooldown = seconds(options, "cooldown", 30);
    if (this.#cooldown < MIN_COOLDOWN) {
      throw new TokenError("ERR_INVALID_ARGUMENT", `option "cooldown" must be at least ${MIN_COOLDOWN} s, not ${this.#cooldown} s`);
    }
    this.#timeout = seconds(options, "timeout", 5);
    this.#maxStale = seconds(options, "maxStale", 3600);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.clock ?? (() => Date.now());
    if (typeof this.#now !== "function") {
      throw new TokenError("ERR_INVALID_ARGUMENT", `option "clock" must be a function returning milliseconds`);
    }
    if (typeof this.#fetch !== "function") {
      throw new TokenError("ERR_RUNTIME_UNSUPPORTED", "this runtime has no fetch(); pass options.fetch");
    }
  }

  /** The URL. */
  get url() { return this.#url.href; }
  /** The current key ids. */
  get keyIds() { return this.#set ? this.#set.keyIds : []; }
  /** Number of usable keys. */
  get size() { return this.#set ? this.#set.size : 0; }
  /** When the current keys were fetched / stop being fresh (ms since the epoch). */
  get fetchedAt() { return this.#fetchedAt; }
  get expiresAt() { return this.#expiresAt; }
  /** The last moment the current keys are served when refreshing them fails (ms since the epoch). */
  get staleUntil() { return this.#set ? this.#expiresAt + this.#maxStale * 1000 : 0; }
  /** Whether the keys served are past `expiresAt` (a refresh failed or has not completed yet). */
  get stale() { return this.#set !== null && this.#now() >= this.#expiresAt; }
  /** The TokenError of the last failed refresh; `null` once a refresh succeeds. */
  get lastError() { return this.#lastError; }
  /** After a failed refresh, when verifications may fetch again (ms since the epoch); 0 otherwise. */
  get retryAt() { return this.#retryAt; }

  /**
   * Fetches the JWKS now (concurrent callers share one request), whatever the backoff. Rejects
   * with a TokenError on failure; the keys fetched before are kept.
   */
  refresh() {
    if (!this.#inflight) {
      this.#inflight = this.#load().finally(() => { this.#inflight = null; });
    }
    return this.#inflight;
  }

  async #load() {
    let loaded;
    try {
      loaded = await this.#download();
    } catch (e) {
      const err = e instanceof TokenError ? e : new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} failed: ${e && e.message ? e.message : e}`);
      this.#failures++;
      this.#lastError = err;
      this.#retryAt = this.#now() + Math.min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (this.#failures - 1)) * 1000;
      throw err;
    }
    const now = this.#now();
    const previous = this.#set;
    this.#set = loaded.set;
    this.#fetchedAt = now;
    this.#expiresAt = now + loaded.ttl * 1000;
    this.#lastError = null;
    this.#failures = 0;
    this.#retryAt = 0;
    if (previous) this.#retire(previous);
    return this;
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

  async #download() {
    const where = this.#url.href;
    const ctrl = typeof AbortController === "function" ? new AbortController() : null;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        ctrl?.abort();
        reject(new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${where} timed out after ${this.#timeout} s`));
      }, this.#timeout * 1000);
    });
    let res, text;
    try {
      res = await Promise.race([
        this.#fetch.call(globalThis, where, { signal: ctrl?.signal, headers: { accept: "application/json" }, redirect: "follow" }),
        timeout,
      ]);
      if (!res || typeof res !== "object") throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${where} failed: fetch() returned no Response`);
      if (typeof res.url === "string" && res.url !== "") {
        let final;
        try { final = new URL(res.url); } catch { final = null; }
        if (!final || !allowedUrl(final)) {
          throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${where} failed: redirected to ${res.url.slice(0, 200)}, which is not https:`);
        }
      }
      if (!res.ok) throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${where} failed: HTTP ${res.status}`);
      text = await Promise.race([readLimited(res, MAX_JWKS_BYTES, where), timeout]);
    } catch (e) {
      ctrl?.abort(); // drop the connection (an unread or oversized body)
      if (e instanceof TokenError) throw e;
      throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${where} failed: ${e && e.message ? e.message : e}`);
    } finally {
      clearTimeout(timer);
    }
    let jwks;
    try {
      jwks = JSON.parse(text);
    } catch (e) {
      throw new TokenError("ERR_KEY_INVALID", `the JWKS at ${where} is not JSON: ${e.message}`);
    }
    if (jwks && typeof jwks === "object" && Array.isArray(jwks.keys)) {
      const oct = jwks.keys.findIndex((k) => k && typeof k === "object" && k.kty === "oct");
      if (oct >= 0) {
        throw new TokenError(
          "ERR_KEY_INVALID",
          `the JWKS at ${where} publishes a symmetric ("oct") key (keys[${oct}]): anyone who reads it can sign tokens; a fetched JWKS may hold public keys only`,
        );
      }
    }
    let set;
    try {
      // The parsed object, not the text: the keys checked above are the keys imported.
      set = WasmKeySet.fromJwks(jwks);
    } catch (e) {
      throw new TokenError(e.code ?? "ERR_KEY_INVALID", `the JWKS at ${where}: ${e.message}`);
    }
    const ttl = Math.min(this.#maxAge, cacheSeconds(res.headers?.get?.("cache-control")) ?? this.#maxAge);
    return { set, ttl };
  }

  /** Whether a verification may start a fetch now (none in flight, not backing off). */
  #mayFetch(now) {
    return this.#inflight !== null || now >= this.#retryAt;
  }

  /** Whether the current keys may be served at `now` (fresh, or stale within `maxStale`). */
  #usable(now) {
    return this.#set !== null && now < this.#expiresAt + this.#maxStale * 1000;
  }

  #unavailable() {
    const e = this.#lastError;
    const why = e ? `the last refresh failed (${e.message}); next attempt after ${isoTime(this.#retryAt)}` : "the JWKS has not been fetched yet";
    const what = this.#set ? `the keys from ${this.#url.href} expired at ${isoTime(this.#expiresAt)} and are past their stale limit` : `no keys from ${this.#url.href}`;
    return new TokenError("ERR_KEY_NOT_FOUND", `${what}: ${why}`);
  }

  /** @internal Used by TokenVerifier: the current keys, refreshed when stale or when `kid` is new. */
  async __sceytKeysFor(kid) {
    let now = this.#now();
    if (this.#set && now < this.#expiresAt) {
      if (typeof kid === "string" && !this.#set.keyIds.includes(kid) && now - this.#lastUnknownKidFetch >= this.#cooldown * 1000 && this.#mayFetch(now)) {
        this.#lastUnknownKidFetch = now;
        // A failure is recorded (lastError, backoff); the current keys are still served.
        await this.refresh().catch(() => {});
      }
      return this.#set;
    }
    if (this.#mayFetch(now)) {
      try {
        await this.refresh();
      } catch {
        // Served stale below if still within maxStale.
      }
      now = this.#now();
    }
    if (!this.#usable(now)) throw this.#unavailable();
    return this.#set;
  }

  /**
   * @internal The current keys, for synchronous use. Never waits for the network: when the keys
   * are past `expiresAt` it starts a refresh in the background (subject to the backoff).
   */
  __sceytHandle() {
    const now = this.#now();
    if ((!this.#set || now >= this.#expiresAt) && this.#inflight === null && now >= this.#retryAt) {
      this.refresh().catch(() => {});
    }
    if (!this.#usable(now)) throw this.#unavailable();
    return this.#set.__sceytHandle();
  }
}

/** A KeySet with `KeySet.fetch(url, options)`. */
export class KeySet extends WasmKeySet {
  // KeySet.fromJwks() returns instances of the wasm class: `x instanceof KeySet` must hold for them.
  static [Symbol.hasInstance](value) {
    return value instanceof WasmKeySet;
  }

  static async fetch(url, options) {
    const remote = new RemoteKeySet(url, options);
    await remote.refresh();
    return remote;
  }
}
