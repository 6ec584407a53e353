// The package's thin layer over wasm-bindgen's raw `--target web` glue (../web/sceyt_token.js,
// used as wasm-bindgen writes it: nothing edits the generated file). The raw glue loads the wasm
// only when its `init`/`initSync` are called, and until then every call fails with a TypeError
// (its module-level `wasm` is undefined). This layer wraps each of its exports so that:
//  - nothing runs on import: an entry registers a synchronous loader (`setLoader`), which runs on
//    the first call that needs the wasm (Node, Deno, Bun, workerd), and runs again on the next call
//    if it threw (a Deno without --allow-read gets the same TokenError every time);
//  - without a loader (browsers before `init()`), every call throws TokenError ERR_NOT_INITIALIZED;
//  - right after the wasm is instantiated, before anything else can call into it, TokenError is
//    registered with it (the one registration: `convert::to_js` builds every TokenError of the wasm
//    with this class), and so is the bridge to the crypto module (entries/crypto.mjs).
// Functions are wrapped by functions of the same name; classes by a Proxy that loads before `new`
// and before each static method (`fromPem`, `generate`…), and is the class itself for everything
// else: `instanceof`, `prototype`, instance methods (an instance exists only once the wasm is
// loaded), `extends`.
import * as raw from "../web/sceyt_token.js";
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";
import { bridge } from "./crypto.mjs";

/** @typedef {(initSync: (input: { module: any }) => unknown) => void} Loader */

/** @type {Loader | null} */
let loader = null;
let ready = false;

function instantiated() {
  raw.__setErrorClass(TokenError);
  raw.__setCryptoBridge(bridge);
  ready = true;
}

/** Loads the wasm through the registered loader, or throws TokenError ERR_NOT_INITIALIZED. */
function load() {
  if (ready) return;
  if (loader) {
    const run = loader;
    loader = null;
    try {
      run(initSync);
    } catch (e) {
      if (!ready) loader = run;
      throw e;
    }
    if (ready) return;
  }
  throw new TokenError(
    ErrorCode.NotInitialized,
    "sceyt-token is not initialised: await init() (or call initSync({ module })) before using it",
  );
}

/**
 * Registers the entry's synchronous loader, `loader(initSync)`, run on first use.
 * @param {Loader} fn
 */
export function setLoader(fn) {
  if (!ready) loader = fn;
}

/**
 * Instantiates the wasm from `{ module }`: a compiled `WebAssembly.Module` or its bytes. Idempotent.
 * @param {{ module: any }} input
 */
export function initSync({ module }) {
  if (ready) return;
  raw.initSync({ module });
  instantiated();
}

/**
 * Instantiates the wasm from a URL, Response, bytes or compiled module (the raw glue's `init`). Idempotent.
 * @param {any} [moduleOrPath]
 */
export async function init(moduleOrPath) {
  if (ready) return;
  await raw.default(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  if (!ready) instantiated();
}

/**
 * Whether the wasm is instantiated.
 * @returns {boolean}
 */
export function isReady() {
  return ready;
}

const LOADERS = new Set(["default", "initSync", "__setErrorClass", "__setCryptoBridge"]);
/** @param {Function} f */
const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));

/**
 * @param {Function} f
 * @returns {Function}
 */
function lazyFunction(f) {
  return {
    /** @param {any[]} args @this {any} */
    [f.name](...args) {
      load();
      return f.apply(this, args);
    },
  }[f.name];
}

/**
 * @param {Function} C
 * @returns {Function}
 */
function lazyClass(C) {
  const statics = new Map();
  for (const name of Object.getOwnPropertyNames(C)) {
    const value = Object.getOwnPropertyDescriptor(C, name)?.value;
    // `__wrap`/`__unwrap` are the glue's own (called with the wasm loaded).
    if (typeof value === "function" && !name.startsWith("__")) statics.set(name, lazyFunction(value));
  }
  return new Proxy(C, {
    construct(target, args, newTarget) {
      load();
      return Reflect.construct(target, args, newTarget);
    },
    get(target, key, receiver) {
      return statics.get(key) ?? Reflect.get(target, key, receiver);
    },
  });
}

/**
 * The raw glue's exports (classes and functions), each loading the wasm on first use; typed as the
 * raw glue's own (the wrappers take and return exactly what the wrapped do).
 * @type {Omit<typeof raw, "default" | "initSync" | "__setErrorClass" | "__setCryptoBridge">}
 */
export const wasm = /** @type {any} */ (Object.freeze(
  Object.fromEntries(
    Object.entries(raw)
      .filter(([name, value]) => typeof value === "function" && !LOADERS.has(name))
      .map(([name, value]) => [name, isClass(value) ? lazyClass(value) : lazyFunction(value)]),
  ),
));
