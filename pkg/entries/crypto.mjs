// The crypto module (web/sceyt_token_crypto.wasm, built from crypto/): the RSA, ECDSA and Ed25519
// arithmetic in wasm, kept out of the core module that every runtime loads. The core asks for it
// through the bridge below (src/js/native/crypto_module.rs) only when a call needs a primitive the
// runtime lacks: a `*Sync` call where there is no node:crypto (browsers, workerd without
// nodejs_compat), a page without crypto.subtle, `backend: "wasm"`, the fallback after a native
// failure, and the public key of an Ed25519 private key.
//
// When it loads:
//  - Node, Deno and Bun (entries/node.mjs registers a source): synchronously, on first need;
//  - browsers and bundlers: `await init({ crypto: true })` (or `initSync({ crypto: module })`);
//    until then a sync call that needs it throws ERR_NOT_INITIALIZED, and the async API loads it
//    itself (from the URL next to this file);
//  - workerd (no compiling from bytes there): `initSync({ crypto })` with the module imported from
//    "sceyt-token/sceyt_token_crypto.wasm"; without it only what needs it fails.
//
// It is a raw module (no imports, no wasm-bindgen): inputs are copied into its memory, results out
// of it, and the memory a private key passed through is zeroed before it is freed (its
// `sceyt_free`). The bridge never throws into the core: it answers with numbers (-1 not loaded,
// -2 failed to load or trapped) and `failure()` says why.

import { cryptoUrl } from "../web/sceyt_token_crypto.js";
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";

const NOT_LOADED =
  "this call needs sceyt-token's crypto module (pure-wasm RSA, ECDSA and Ed25519, for runtimes without a native " +
  "primitive for it), which is not loaded: `await init({ crypto: true })` first, or `initSync({ crypto })` with " +
  "\"sceyt-token/sceyt_token_crypto.wasm\"";

/** @type {any} the instance's exports */
let x = null;
/** @type {(() => any) | null} a synchronous source of the module's bytes or compiled module */
let source = null;
/** @type {Promise<void> | null} */
let loading = null;
let failureText = NOT_LOADED;
/** @type {string | null} why the last attempt to load it asynchronously failed (cleared by a load) */
let loadFailure = null;
let instantiations = 0;

/**
 * Registers a synchronous source (Node, Deno, Bun): the module loads from it on first need.
 * @param {() => any} fn
 */
export function setCryptoSource(fn) {
  source = fn;
}

/** @param {any} m */
function isModule(m) {
  return typeof WebAssembly !== "undefined" && m instanceof WebAssembly.Module;
}

/** @param {any} v */
function isBytes(v) {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

/** @param {any} v */
function typeName(v) {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? `an object (${Object.prototype.toString.call(v).slice(8, -1)})` : typeof v;
}

/**
 * `fn()`, with a compile or link failure of the given module as a TokenError ERR_INVALID_ARGUMENT.
 * @template T
 * @param {() => T} fn
 * @returns {T}
 */
function compiling(fn) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TokenError) throw err;
    const e = new TokenError(ErrorCode.InvalidArgument, `the crypto module given did not compile or instantiate: ${String(/** @type {any} */ (err)?.message ?? err)}`);
    e.cause = err;
    throw e;
  }
}

/**
 * Takes an instance's exports as the module's, once it is checked to be sceyt-token's.
 * @param {any} exports
 * @param {"given" | "fetched"} how
 */
function adopt(exports, how) {
  if (typeof exports.sceyt_verify !== "function") {
    throw new TokenError(ErrorCode.InvalidArgument, `the module ${how} is not sceyt-token's crypto module (no sceyt_verify export)`);
  }
  x = exports;
  loadFailure = null;
  instantiations++;
}

/**
 * Instantiates the module from a compiled `WebAssembly.Module` or its bytes, synchronously.
 * Idempotent.
 * @param {any} input
 */
export function instantiateCrypto(input) {
  if (!isModule(input) && !isBytes(input)) {
    throw new TokenError(ErrorCode.InvalidArgument, `the crypto module must be a WebAssembly.Module or its bytes, not ${typeName(input)}`);
  }
  if (x) return;
  adopt(compiling(() => new WebAssembly.Instance(isModule(input) ? input : new WebAssembly.Module(input), {}).exports), "given");
}

/**
 * Loads the module asynchronously: from a URL, a fetch request or response, bytes or a compiled module, or (no
 * argument) from the file next to this one. Idempotent; concurrent calls share one load.
 * @param {any} [input]
 * @returns {Promise<void>}
 */
export function loadCrypto(input) {
  const isPromise = input !== null && typeof input === "object" && typeof input.then === "function";
  const fetchable = typeof input === "string" || input instanceof URL || (typeof Request !== "undefined" && input instanceof Request) || (typeof Response !== "undefined" && input instanceof Response);
  if (input !== undefined && !isModule(input) && !isBytes(input) && !isPromise && !fetchable) {
    return Promise.reject(new TokenError(ErrorCode.InvalidArgument, `crypto must be true, a URL, a fetch request or response, bytes or a WebAssembly.Module, not ${typeName(input)}`));
  }
  if (x) return Promise.resolve();
  if (input === undefined && source) {
    try {
      instantiateCrypto(source());
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }
  loading ??= (async () => {
    try {
      let given = input ?? cryptoUrl();
      if (isModule(given) || isBytes(given)) return instantiateCrypto(given);
      if (typeof given === "string" || given instanceof URL || (typeof Request !== "undefined" && given instanceof Request)) {
        given = fetch(given);
      }
      given = await given;
      if (typeof Response !== "undefined" && given instanceof Response) {
        if (!given.ok) throw new Error(`fetching ${given.url || "the crypto module"} answered ${given.status}`);
        given = await given.arrayBuffer();
      }
      // WebAssembly.instantiate reports every failure as a rejection.
      const { instance } = await WebAssembly.instantiate(given, {}).catch((/** @type {any} */ err) => {
        throw new TokenError(ErrorCode.InvalidArgument, `the crypto module fetched did not compile or instantiate: ${String(err?.message ?? err)}`);
      });
      if (!x) adopt(instance.exports, "fetched");
    } finally {
      loading = null;
    }
  })();
  return loading;
}

/** Whether the module is instantiated. */
export function cryptoLoaded() {
  return x !== null;
}

/** How many times the module was instantiated (tests: which calls load it). */
export function cryptoInstantiations() {
  return instantiations;
}

/**
 * @internal The module's memory, for the test that no private key is left in it.
 * @returns {WebAssembly.Memory | null}
 */
export function __cryptoMemory() {
  return x ? x.memory : null;
}

/**
 * 0 when the module is there; else -1 (not loaded) or -2 (its source failed, or the last attempt
 * to load it did), `failureText` set.
 */
function ensure() {
  if (x) return 0;
  if (!source) {
    failureText = loadFailure ?? NOT_LOADED;
    return loadFailure ? -2 : -1;
  }
  try {
    instantiateCrypto(source());
    return 0;
  } catch (err) {
    failureText = /** @type {any} */ (err)?.code
      ? String(/** @type {any} */ (err).message)
      : `sceyt-token's crypto module did not load: ${String(/** @type {any} */ (err)?.message ?? err)}`;
    return -2;
  }
}

/**
 * Copies `parts` into the module's memory, runs `fn` with their addresses, frees (zeroes) them.
 * A trap drops the instance (a trapped instance is not used again) and answers -2.
 * @param {Uint8Array[]} parts
 * @param {(...ptrs: number[]) => any} fn
 */
function call(parts, fn) {
  let total = 0;
  for (const p of parts) total += p.length;
  const base = x.sceyt_alloc(total);
  const mem = new Uint8Array(x.memory.buffer, base, total);
  const ptrs = [];
  let at = 0;
  for (const p of parts) {
    mem.set(p, at);
    ptrs.push(base + at, p.length);
    at += p.length;
  }
  try {
    return fn(...ptrs);
  } catch (err) {
    x = null;
    failureText = `sceyt-token's crypto module failed and was dropped: ${String(/** @type {any} */ (err)?.message ?? err)}`;
    return -2;
  } finally {
    if (x) x.sceyt_free(base, total);
  }
}

/** The last result, copied out, then cleared in the module. */
function result() {
  const out = new Uint8Array(x.memory.buffer, x.sceyt_out_ptr(), x.sceyt_out_len()).slice();
  x.sceyt_out_clear();
  return out;
}

/** A status of a byte-producing export: the result, `null`, or the negative status. */
function bytesOf(/** @type {number} */ status) {
  if (status < 0) return status;
  return status === 1 ? result() : null;
}

/** What the core calls (registered once with `__setCryptoBridge`). */
export const bridge = Object.freeze({
  /** @param {number} alg @param {number} form @param {Uint8Array} key @param {Uint8Array} msg @param {Uint8Array} sig */
  verify(alg, form, key, msg, sig) {
    const s = ensure();
    if (s) return s;
    return call([key, msg, sig], (k, kl, m, ml, g, gl) => x.sceyt_verify(alg, form, k, kl, m, ml, g, gl));
  },
  /** @param {number} alg @param {Uint8Array} key @param {Uint8Array} msg @param {Uint8Array} seed */
  sign(alg, key, msg, seed) {
    const s = ensure();
    if (s) return s;
    return bytesOf(call([key, msg, seed], (k, kl, m, ml, sd) => x.sceyt_sign(alg, k, kl, m, ml, sd)));
  },
  /** @param {number} bits @param {Uint8Array} seed */
  generateRsa(bits, seed) {
    const s = ensure();
    if (s) return s;
    return bytesOf(call([seed], (sd) => x.sceyt_generate_rsa(bits, sd)));
  },
  /** @param {Uint8Array} seed */
  ed25519Public(seed) {
    const s = ensure();
    if (s) return s;
    return bytesOf(call([seed], (sd) => x.sceyt_ed25519_public(sd)));
  },
  loaded() {
    return x !== null || ensure() === 0;
  },
  load() {
    return loadCrypto().then(
      () => true,
      (err) => {
        failureText = loadFailure = `sceyt-token's crypto module did not load: ${String(err?.message ?? err)}`;
        return false;
      },
    );
  },
  failure() {
    return failureText;
  },
});
