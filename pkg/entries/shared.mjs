// The public API, shared by every runtime entry. Entries differ only in how they load the wasm.
// This is the one list of what the package exports: the values below, and the types re-exported
// by the typedefs under them. The published declarations are generated from this file and the
// JSDoc of the modules it exports from (scripts/entry-types.mjs, `tsc --checkJs --declaration`);
// pkg/index.d.ts only points at them.
// The wasm API comes through glue.mjs, the layer over wasm-bindgen's raw glue that loads the wasm on
// first use (or says ERR_NOT_INITIALIZED) and registers TokenError with it.
import * as glue from "./glue.mjs";
import { cryptoInstantiations, cryptoLoaded, instantiateCrypto, loadCrypto } from "./crypto.mjs";
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";

export { ErrorCode, TokenError };
export { KeySet, RemoteKeySet } from "./remote.mjs";
export { PRIVATE_JWK_MEMBERS } from "./jwks.mjs";
export const {
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
  describeKeyText,
  formatDuration,
  __wasmMemoryBytes,
} = glue.wasm;
// The classes' instance types, under the classes' names (the consts above are their values).
/** @typedef {import("../web/sceyt_token.js").SigningKey} SigningKey */
/** @typedef {import("../web/sceyt_token.js").VerifyingKey} VerifyingKey */
/** @typedef {import("../web/sceyt_token.js").TokenIssuer} TokenIssuer */
/** @typedef {import("../web/sceyt_token.js").TokenVerifier} TokenVerifier */

/**
 * The error codes this package throws (and its example servers answer): `ErrorCode`'s values.
 * @returns {ErrorCode[]}
 */
export function errorCodes() {
  return Object.values(ErrorCode);
}
export { scheduleRefresh } from "./lifecycle.mjs";

// The types of the package: those of the wasm API (src/js/types.rs, src/js/unions.ts and the
// classes' signatures, through wasm-bindgen's declarations), of the modules above, and of the
// environment (environment.d.ts).
/** @typedef {import("../web/sceyt_token.js").Algorithm} Algorithm */
/** @typedef {import("../web/sceyt_token.js").ErrorCode} ErrorCode */
/** @typedef {import("../web/sceyt_token.js").Duration} Duration */
/** @typedef {import("../web/sceyt_token.js").JsonWebKey} JsonWebKey */
/** @typedef {import("../web/sceyt_token.js").KeyOptions} KeyOptions */
/** @typedef {import("../web/sceyt_token.js").IssuerOptions} IssuerOptions */
/** @typedef {import("../web/sceyt_token.js").IssueOptions} IssueOptions */
/** @typedef {import("../web/sceyt_token.js").IssuedToken} IssuedToken */
/** @typedef {import("../web/sceyt_token.js").VerifierOptions} VerifierOptions */
/** @typedef {import("../web/sceyt_token.js").VerifierCacheOptions} VerifierCacheOptions */
/** @typedef {import("../web/sceyt_token.js").VerifyCallOptions} VerifyCallOptions */
/** @typedef {import("../web/sceyt_token.js").Backend} Backend */
/** @typedef {import("../web/sceyt_token.js").CompactOptions} CompactOptions */
/** @typedef {import("../web/sceyt_token.js").SceytClaims} SceytClaims */
/** @typedef {import("../web/sceyt_token.js").JwtHeader} JwtHeader */
/** @typedef {import("../web/sceyt_token.js").VerifiedToken} VerifiedToken */
/** @typedef {import("../web/sceyt_token.js").DecodedToken} DecodedToken */
/** @typedef {import("../web/sceyt_token.js").VerifiedCompact} VerifiedCompact */
/** @typedef {import("../web/sceyt_token.js").InspectOptions} InspectOptions */
/** @typedef {import("../web/sceyt_token.js").InspectCheck} InspectCheck */
/** @typedef {import("../web/sceyt_token.js").InspectPart} InspectPart */
/** @typedef {import("../web/sceyt_token.js").InspectReport} InspectReport */
/** @typedef {import("../web/sceyt_token.js").CheckName} CheckName */
/** @typedef {import("../web/sceyt_token.js").CheckStatus} CheckStatus */
/** @typedef {import("../web/sceyt_token.js").Verdict} Verdict */
/** @typedef {import("../web/sceyt_token.js").TimeInfo} TimeInfo */
/** @typedef {import("../web/sceyt_token.js").KeyFormat} KeyFormat */
/** @typedef {import("../web/sceyt_token.js").KeyTextInfo} KeyTextInfo */
/** @typedef {import("../web/sceyt_token.js").FormatDurationOptions} FormatDurationOptions */
/** @typedef {import("./lifecycle.mjs").RefreshOptions} RefreshOptions */
/** @typedef {import("./lifecycle.mjs").RefreshErrorInfo} RefreshErrorInfo */
/** @typedef {import("./remote.mjs").FetchKeySetOptions} FetchKeySetOptions */
/** @typedef {import("./remote.mjs").FromJwksOptions} FromJwksOptions */
/** @typedef {import("./store.mjs").SharedKeyStore} SharedKeyStore */
/** @typedef {import("./environment.js").WasmModule} WasmModule */
/** @typedef {import("./environment.js").WasmBytes} WasmBytes */
/** @typedef {import("./environment.js").FetchFunction} FetchFunction */
/** @typedef {import("./environment.js").InitInput} InitInput */
/** @import { ResponseLike } from "./environment.js" */

/** @internal Crossing counters for tests (see src/js/native/stats.rs), and how many times the crypto module was instantiated. */
export function __sceytStats() {
  return { ...glue.wasm.__sceytStats(), cryptoInstantiations: cryptoInstantiations() };
}

/**
 * Sets a synchronous loader that runs on first use (used by the runtime entries); `null` for none
 * (the browser entry: `init()` first).
 * @param {((initSync: (input: { module: WasmBytes | WasmModule }) => unknown) => void) | null} loader
 * @returns {void}
 */
export function configure(loader) {
  if (loader) glue.setLoader(loader);
}

/**
 * What `init` takes besides a source of the core module: `{ module?, crypto? }`.
 * @typedef {object} InitOptions
 * @property {InitInput} [module] The core module (default: the file next to the glue).
 * @property {true | InitInput} [crypto] Also load the crypto module (the RSA, ECDSA and
 *   Ed25519 arithmetic in wasm): `true` for the file next to the glue, or its URL, fetch response, bytes or compiled
 *   module. Needed before a `*Sync` call that has no native primitive (browsers), or an Ed25519 private key import.
 */

/** @param {any} v */
function isInitOptions(v) {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && ("crypto" in v || "module" in v);
}

/**
 * Loads the wasm. Needed in browsers (and bundlers) before first use; elsewhere it loads itself.
 * Takes a URL, a `Request` or `Response`, bytes or a compiled `WebAssembly.Module`, or
 * `{ module, crypto }`: `init({ crypto: true })` also loads the crypto module, which a `*Sync` call
 * with no native primitive needs (browsers). Idempotent.
 * @param {InitInput | Promise<ResponseLike> | InitOptions} [input]
 * @returns {Promise<void>}
 */
export async function init(input) {
  if (isInitOptions(input)) {
    const { module, crypto } = /** @type {InitOptions} */ (input);
    await glue.init(module);
    if (crypto !== undefined && crypto !== false) await loadCrypto(crypto === true ? undefined : crypto);
    return;
  }
  await glue.init(input);
}

/**
 * Loads the wasm synchronously from bytes or a compiled module (e.g. in Vercel Edge), and with
 * `{ crypto }` the crypto module too (e.g. in workerd: `import crypto from
 * "sceyt-token/sceyt_token_crypto.wasm"`). Idempotent.
 * @param {WasmBytes | WasmModule | { module?: WasmBytes | WasmModule, crypto?: WasmBytes | WasmModule }} input
 * @returns {void}
 */
export function initSync(input) {
  if (input === undefined || input === null) {
    if (glue.isReady()) return;
    throw new TokenError(ErrorCode.InvalidArgument, "initSync needs the wasm: { module } or bytes");
  }
  const given = /** @type {any} */ (input);
  const options = isInitOptions(given);
  const module = options ? given.module : given;
  if (!glue.isReady()) {
    if (module === undefined) {
      // `{ crypto }` alone: the core through the entry's loader (Node, Deno, Bun, workerd).
      glue.wasm.supportedAlgorithms();
    } else {
      glue.initSync({ module });
    }
  }
  if (options && given.crypto !== undefined) instantiateCrypto(given.crypto);
}

/**
 * Whether the wasm is loaded (`{ crypto: true }`: whether the crypto module is).
 * @param {{ crypto?: boolean }} [which]
 * @returns {boolean}
 */
export function isInitialized(which) {
  return which?.crypto ? cryptoLoaded() : glue.isReady();
}
