// The JS half of one crossing per call on the WebCrypto path (src/js/native/settle.rs). The one
// call into wasm has already decided everything but the signature: for `verify()` the outcome is
// sealed (the claims already checked), for `issue()` the signing input is built. These settlers
// take WebCrypto's promise and finish without calling into wasm again: `true` releases the sealed
// outcome, `false` is the bad-signature error whatever the claims said, and only a native failure
// (a rejection, or an answer that is not a boolean / an ArrayBuffer) calls the wasm's `retry`,
// which decides with the pure-Rust primitive. Registered with the wasm by shared.mjs.
import * as glue from "../web/sceyt_token.js";

let answers = 0;

/** WebCrypto booleans the settlers received (added to `__sceytStats().nativeAnswers`). */
export function settledAnswers() {
  return answers;
}

export function settleVerify(answer, outcome, failed, alg, token, now, retry) {
  return answer.then(
    (ok) => {
      if (ok === true) {
        answers += 1;
        if (failed) throw outcome;
        return outcome;
      }
      if (ok === false) {
        answers += 1;
        throw glue.__badSignature(alg);
      }
      return retry(token, now);
    },
    () => retry(token, now),
  );
}

export function settleSign(signature, input, retry) {
  return signature.then(
    (sig) => (sig instanceof ArrayBuffer ? `${input}.${base64url(new Uint8Array(sig))}` : retry(input)),
    () => retry(input),
  );
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url without padding (RFC 4648 §5), as the wasm encodes a signature. */
export function base64url(bytes) {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}
