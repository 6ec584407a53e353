// KeySet.fetch(): a JWKS loaded over HTTP for edge verifiers, cached (Cache-Control max-age, at
// most `maxAge`), refetched at most once per `cooldown` when a token names an unknown `kid` (key
// rotation), and bounded by a timeout: it fails with a TokenError, never hangs.
import { KeySet as WasmKeySet } from "../web/sceyt_token.js";
import { TokenError } from "./error.mjs";

function seconds(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "string") {
    const m = /^\s*(\d+)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (m) return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] || "s"];
  }
  throw new TokenError("ERR_INVALID_ARGUMENT", `option "${name}" must be seconds or a string like "10m", not ${JSON.stringify(value)}`);
}

/** Seconds the response may be cached for, from its Cache-Control header (undefined: no header). */
export function cacheSeconds(header) {
  if (!header) return undefined;
  const h = header.toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(h)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(h);
  return m ? Number(m[2]) : undefined;
}

export class RemoteKeySet {
  #url; #maxAge; #cooldown; #timeout; #fetch; #now;
  #set = null; #fetchedAt = 0; #expiresAt = 0; #lastUnknownKidFetch = -Infinity; #inflight = null;

  constructor(url, options = {}) {
    if (options === null || typeof options !== "object") {
      throw new TokenError("ERR_INVALID_ARGUMENT", "options must be an object");
    }
    for (const k of Object.keys(options)) {
      if (!["maxAge", "cooldown", "timeout", "fetch", "clock"].includes(k)) {
        throw new TokenError("ERR_INVALID_ARGUMENT", `unknown option "${k}" (known: maxAge, cooldown, timeout, fetch, clock)`);
      }
    }
    try {
      this.#url = new URL(String(url));
    } catch {
      throw new TokenError("ERR_INVALID_ARGUMENT", `the JWKS URL ${JSON.stringify(String(url)).slice(0, 100)} is not a valid URL`);
    }
    if (!["https:", "http:"].includes(this.#url.protocol)) {
      throw new TokenError("ERR_INVALID_ARGUMENT", `the JWKS URL must be http(s), not ${this.#url.protocol}`);
    }
    this.#maxAge = seconds(options.maxAge, "maxAge", 600);
    this.#cooldown = seconds(options.cooldown, "cooldown", 30);
    this.#timeout = seconds(options.timeout, "timeout", 5);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.clock ?? (() => Date.now());
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

  /** Fetches the JWKS now (concurrent callers share one request). */
  refresh() {
    if (!this.#inflight) {
      this.#inflight = this.#load().finally(() => { this.#inflight = null; });
    }
    return this.#inflight;
  }

  async #load() {
    const ctrl = typeof AbortController === "function" ? new AbortController() : null;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        ctrl?.abort();
        reject(new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} timed out after ${this.#timeout} s`));
      }, this.#timeout * 1000);
    });
    let res, text;
    try {
      res = await Promise.race([this.#fetch.call(globalThis, this.#url.href, { signal: ctrl?.signal, headers: { accept: "application/json" } }), timeout]);
      if (!res.ok) throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} failed: HTTP ${res.status}`);
      text = await Promise.race([res.text(), timeout]);
    } catch (e) {
      if (e instanceof TokenError) throw e;
      throw new TokenError("ERR_KEY_NOT_FOUND", `fetching the JWKS from ${this.#url.href} failed: ${e && e.message ? e.message : e}`);
    } finally {
      clearTimeout(timer);
    }
    if (text.length > 1024 * 1024) throw new TokenError("ERR_KEY_INVALID", `the JWKS at ${this.#url.href} is larger than 1 MiB`);
    let set;
    try {
      set = WasmKeySet.fromJwks(text);
    } catch (e) {
      throw new TokenError(e.code ?? "ERR_KEY_INVALID", `the JWKS at ${this.#url.href}: ${e.message}`);
    }
    const now = this.#now();
    const ttl = Math.min(this.#maxAge, cacheSeconds(res.headers.get("cache-control")) ?? this.#maxAge);
    this.#set?.free();
    this.#set = set;
    this.#fetchedAt = now;
    this.#expiresAt = now + ttl * 1000;
    return this;
  }

  /** @internal Used by TokenVerifier: the current keys, refreshed when stale or when `kid` is new. */
  async __sceytKeysFor(kid) {
    const now = this.#now();
    if (!this.#set || now >= this.#expiresAt) {
      await this.refresh();
    } else if (typeof kid === "string" && !this.#set.keyIds.includes(kid) && now - this.#lastUnknownKidFetch >= this.#cooldown * 1000) {
      this.#lastUnknownKidFetch = now;
      await this.refresh();
    }
    return this.#set;
  }

  /** @internal The current keys, for synchronous use. */
  __sceytHandle() {
    if (!this.#set) throw new TokenError("ERR_KEY_NOT_FOUND", "the JWKS has not been fetched yet");
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
