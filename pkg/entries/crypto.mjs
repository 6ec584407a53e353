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

const NOT_LOADED =
  "this call needs sceyt-token's crypto module (the RSA, ECDSA and Ed25519 arithmetic in wasm, used where the " +
  "runtime has no native primitive for the call), which is not loaded: `await init({ crypto: true })` first " +
  "(or `initSync({ crypto: module })` with the module of \"sceyt-token/sceyt_token_crypto.wasm\")";

/** @type {any} the instance's exports */
let x = null;
/** @type {(() => any) | null} a synchronous source of the module's bytes or compiled module */
let source = null;
/** @type {Promise<void> | null} */
let loading = null;
let failureText = NOT_LOADED;
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

/**
 * Instantiates the module from a compiled `WebAssembly.Module` or its bytes, synchronously.
 * Idempotent.
 * @param {any} input
 */
export function instantiateCrypto(input) {
  if (x) return;
  const module = isModule(input) ? input : new WebAssembly.Module(input);
  x = new WebAssembly.Instance(module, {}).exports;
  instantiations++;
}

/**
 * Loads the module asynchronously: from a URL, a fetch request or response, bytes or a compiled module, or (no
 * argument) from the file next to this one. Idempotent; concurrent calls share one load.
 * @param {any} [input]
 * @returns {Promise<void>}
 */
export function loadCrypto(input) {
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
      if (isModule(given)) return instantiateCrypto(given);
      if (typeof given === "string" || given instanceof URL || (typeof Request !== "undefined" && given instanceof Request)) {
        given = fetch(given);
      }
      given = await given;
      if (typeof Response !== "undefined" && given instanceof Response) {
        if (!given.ok) throw new Error(`fetching ${given.url || "the crypto module"} answered ${given.status}`);
        given = await given.arrayBuffer();
      }
      const { instance } = await WebAssembly.instantiate(given, {});
      if (!x) {
        x = instance.exports;
        instantiations++;
      }
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

/** 0 when the module is there; else -1 (not loaded) or -2 (its source failed), `failureText` set. */
function ensure() {
  if (x) return 0;
  if (!source) {
    failureText = NOT_LOADED;
    return -1;
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
        failureText = `sceyt-token's crypto module did not load: ${String(err?.message ?? err)}`;
        return false;
      },
    );
  },
  failure() {
    return failureText;
  },
});
