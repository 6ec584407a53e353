// The public API, shared by every runtime entry. Entries differ only in how they load the wasm.
import * as glue from "../web/sceyt_token.js";
import { TokenError } from "./error.mjs";

export { TokenError };
export { KeySet, RemoteKeySet } from "./remote.mjs";
export { PRIVATE_JWK_MEMBERS } from "./jwks.mjs";
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
  errorCodes,
  supportedAlgorithms,
  describeKeyText,
  formatDuration,
  __wasmMemoryBytes,
} from "../web/sceyt_token.js";
export { scheduleRefresh } from "./lifecycle.mjs";

function registered() {
  glue.__setErrorClass(TokenError);
}

/** Crossing counters for tests (see src/js/native/stats.rs). */
export function __sceytStats() {
  return glue.__sceytStats();
}

/** Configures how the wasm is loaded; `loader` runs synchronously on first use. */
export function configure(loader) {
  glue.__sceytConfigure({
    errorClass: TokenError,
    loader: loader && (() => {
      loader(glue.initSync);
      registered();
    }),
  });
}

/** Loads the wasm (a URL, Response, bytes or a compiled `WebAssembly.Module`). Idempotent. */
export async function init(input) {
  glue.__sceytConfigure({ errorClass: TokenError });
  if (glue.__sceytIsReady()) return;
  await glue.default(input === undefined ? undefined : { module_or_path: input });
  registered();
}

/** Loads the wasm synchronously from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export function initSync(input) {
  glue.__sceytConfigure({ errorClass: TokenError });
  if (glue.__sceytIsReady()) return;
  if (input === undefined || input === null) {
    throw new TokenError("ERR_INVALID_ARGUMENT", "initSync needs the wasm: { module } or bytes");
  }
  glue.initSync({ module: input && input.module !== undefined ? input.module : input });
  registered();
}

/** Whether the wasm is loaded. */
export function isInitialized() {
  return glue.__sceytIsReady();
}
