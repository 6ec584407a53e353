// The shared cache of remote key sets (issue 20): a copy of each provider answer (a JWKS, an X.509
// map, a discovery document) that every isolate of a Worker can read, so a cold isolate does not ask
// the provider again. remote.mjs decides when to read and write it; this file only stores.
//
// An entry is `{ fetchedAt (ms since the epoch), ttl (s, the cache time the answer got), body (the
// provider's text) }`, kept for ttl + maxStale so that a stale copy can serve while the provider is
// down (stale-if-error). What is read back is parsed and checked again like a provider's answer.
//
// - "auto" (the default): in Workers, the Cache API (`caches.default`), shared by the isolates of one
//   data centre; elsewhere none (each RemoteKeySet caches in memory, as it always does).
// - false: none.
// - A store of the caller's, `{ get(key), put(key, value, { expirationTtl }) }` (a Workers KV
//   namespace fits as it is): values are JSON text; `expirationTtl` is at least 60 s (KV's minimum).
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";

/**
 * A store for `sharedCache`: a Workers KV namespace fits as it is. Values are JSON text.
 * @typedef {object} SharedKeyStore
 * @property {(key: string) => Promise<string | null | undefined>} get
 * @property {(key: string, value: string, options: { expirationTtl: number }) => Promise<unknown>} put
 *   `expirationTtl`: seconds the entry is needed for (at least 60, KV's minimum).
 */

/**
 * What remote.mjs reads and writes: an entry is `{ fetchedAt, ttl, body }`.
 * @typedef {{ fetchedAt: number, ttl: number, body: string }} Entry
 * @typedef {{ kind: "cache-api" | "custom", read(key: string): Promise<Entry | null>, write(key: string, entry: Entry, lifetime: number): Promise<void> }} Store
 */

/** The prefix of the cache keys (a URL for the Cache API, a plain string for a caller's store). */
const VERSION = "v1";
/** Workers KV refuses an expirationTtl below 60 s. */
const MIN_EXPIRATION_TTL = 60;

/**
 * The Cache API key of an entry: the provider's own URL (its host, as Cloudflare advises against
 * inventing hostnames) with a marker parameter, so it never collides with the URL itself.
 */
function cacheUrl(key) {
  const [kind, url] = key.split(" ", 2);
  const u = new URL(url);
  u.searchParams.append("sceyt-token-cache", `${VERSION}-${kind}`);
  return u.href;
}

/**
 * Workers' Cache API: `caches.default`, in whose entries `x-sceyt-fetched-at`/`x-sceyt-ttl` are headers.
 * @returns {Store}
 */
function cacheApiStore(cache) {
  return {
    kind: "cache-api",
    async read(key) {
      const res = await cache.match(cacheUrl(key));
      if (!res) return null;
      const fetchedAt = Number(res.headers.get("x-sceyt-fetched-at"));
      const ttl = Number(res.headers.get("x-sceyt-ttl"));
      return { fetchedAt, ttl, body: await res.text() };
    },
    async write(key, entry, lifetime) {
      await cache.put(
        cacheUrl(key),
        new Response(entry.body, {
          headers: {
            "content-type": "application/json",
            // The Cache API evicts the entry after max-age: ttl + maxStale, so a stale copy outlives
            // freshness by exactly the time it may still serve.
            "cache-control": `max-age=${Math.max(1, Math.ceil(lifetime))}`,
            "x-sceyt-fetched-at": String(entry.fetchedAt),
            "x-sceyt-ttl": String(entry.ttl),
          },
        }),
      );
    },
  };
}

/**
 * A caller's `{ get, put }` store (e.g. a KV namespace): entries as JSON text.
 * @param {SharedKeyStore} store
 * @returns {Store}
 */
function customStore(store) {
  return {
    kind: "custom",
    async read(key) {
      const value = await store.get(`sceyt-token:${VERSION}:${key}`);
      if (value === null || value === undefined) return null;
      const e = JSON.parse(typeof value === "string" ? value : new TextDecoder().decode(value));
      return e && typeof e === "object" ? { fetchedAt: e.fetchedAt, ttl: e.ttl, body: e.body } : null;
    },
    async write(key, entry, lifetime) {
      await store.put(`sceyt-token:${VERSION}:${key}`, JSON.stringify(entry), {
        expirationTtl: Math.max(MIN_EXPIRATION_TTL, Math.ceil(lifetime)),
      });
    },
  };
}

/**
 * The shared store for option `sharedCache` (undefined: "auto"), or null for none.
 * @param {"auto" | false | SharedKeyStore | undefined} option
 * @param {boolean} isolated
 * @returns {Store | null}
 */
export function sharedStore(option, isolated) {
  if (option === undefined || option === "auto") {
    const cache = isolated ? /** @type {any} */ (globalThis).caches?.default : undefined;
    return cache && typeof cache.match === "function" && typeof cache.put === "function" ? cacheApiStore(cache) : null;
  }
  if (option === false) return null;
  if (option !== null && typeof option === "object" && typeof option.get === "function" && typeof option.put === "function") {
    return customStore(option);
  }
  throw new TokenError(
    ErrorCode.InvalidArgument,
    `option "sharedCache" must be "auto", false, or a store with get(key) and put(key, value, { expirationTtl }) (a KV namespace, for example)`,
  );
}
