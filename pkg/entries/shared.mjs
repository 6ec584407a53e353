// The public API, shared by every runtime entry. Entries differ only in how they load the wasm.
// The wasm API comes through glue.mjs, the layer over wasm-bindgen's raw glue that loads the wasm on
// first use (or says ERR_NOT_INITIALIZED) and registers TokenError with it.
import * as glue from "./glue.mjs";
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
  __wasmMemoryBytes,
} = glue.wasm;
export { scheduleRefresh } from "./lifecycle.mjs";

/** The error codes this package throws (and its example servers answer): `ErrorCode`'s values. */
export function errorCodes() {
  return Object.values(ErrorCode);
}

/** Crossing counters for tests (see src/js/native/stats.rs). */
export function __sceytStats() {
  return glue.wasm.__sceytStats();
}

/** Configures how the wasm is loaded; `loader(initSync)` runs synchronously on first use. */
export function configure(loader) {
  if (loader) glue.setLoader(loader);
}

/** Loads the wasm (a URL, Response, bytes or a compiled `WebAssembly.Module`). Idempotent. */
export async function init(input) {
  await glue.init(input);
}

/** Loads the wasm synchronously from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export function initSync(input) {
  if (glue.isReady()) return;
  if (input === undefined || input === null) {
    throw new TokenError(ErrorCode.InvalidArgument, "initSync needs the wasm: { module } or bytes");
  }
  glue.initSync({ module: input && input.module !== undefined ? input.module : input });
}

/** Whether the wasm is loaded. */
export function isInitialized() {
  return glue.isReady();
}
