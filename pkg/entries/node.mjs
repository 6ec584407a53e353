// Node.js, Deno and Bun: the core wasm is read from the package folder on first use, and the
// crypto module (entries/crypto.mjs) on the first call that needs it, if one does. `require` gets
// this same module (entries/node.cjs, require(esm)).
import { readFileSync } from "node:fs";
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";
import { setCryptoSource } from "./crypto.mjs";
import { configure } from "./shared.mjs";

configure((initSync) => {
  initSync({ module: readWasm(new URL("../web/sceyt_token_bg.wasm", import.meta.url)) });
});
setCryptoSource(() => readWasm(new URL("../web/sceyt_token_crypto.wasm", import.meta.url)));

/**
 * One of the package's .wasm files. Deno without read permission for it throws its own `NotCapable` (Deno 2;
 * `PermissionDenied` in Deno 1), which names neither this package nor the fix: that becomes a
 * TokenError ERR_RUNTIME_UNSUPPORTED naming the flag. The loader stays registered, so every call
 * until the permission is granted gets the same error.
 */
function readWasm(path) {
  try {
    return readFileSync(path);
  } catch (err) {
    const name = err && err.name;
    if (globalThis.Deno && (name === "NotCapable" || name === "PermissionDenied")) {
      const file = decodeURIComponent(path.pathname);
      const e = new TokenError(
        ErrorCode.RuntimeUnsupported,
        `Deno refused to read sceyt-token's WebAssembly file (${file}): run with --allow-read ` +
          `(or --allow-read=${file})`,
      );
      e.cause = err;
      throw e;
    }
    throw err;
  }
}

export * from "./shared.mjs";
