// What the commands share: exit statuses, output, errors, and reading keys with the package's API.
import { KeySet, VerifyingKey, describeKeyText } from "../entries/node.mjs";
import { UsageError } from "./args.mjs";
import { writeOut } from "./printable.mjs";

/** Exit statuses. */
export const EXIT = { valid: 0, invalid: 1, usage: 2, unverified: 3, unchecked: 4 };

/** Options every command takes. */
export const COMMON = { help: { type: "boolean" }, json: { type: "boolean" } };

/** Writes to stdout through printable(): no control character from a token or a key gets out raw. */
export function write(text) {
  writeOut(text);
}

/**
 * Prints `value` as JSON. JSON.stringify escapes C0 controls but leaves DEL, C1 controls and
 * U+2028/U+2029 raw inside strings; writeOut() escapes them as `\u009b`, which is the same JSON
 * (JSON.parse gives back the same value) and safe on a terminal.
 */
export function json(value) {
  writeOut(`${JSON.stringify(value, null, 2)}\n`);
}

/** A command that could not do its job (exit status 1), with a one-line reason. */
export class CommandError extends Error {
  constructor(message) {
    super(message);
    this.name = "CommandError";
  }
}

/** Whether `e` is the package's TokenError (also across module instances). */
export function isTokenError(e) {
  return e !== null && typeof e === "object" && e.name === "TokenError" && typeof e.code === "string";
}

/**
 * What a key's text is (`{ format: "pem" | "jwk" | "jwks", private, base64 }`), by the package's
 * one reader (`describeKeyText`). Text that is no key at all (empty, broken JSON, neither PEM nor
 * JSON) is a mistake of the caller: `Mistake` (UsageError or CommandError) with `where` before
 * the reader's message, which never quotes the text.
 */
export function keyFormat(text, where, Mistake = UsageError) {
  try {
    return describeKeyText(text);
  } catch (e) {
    if (!isTokenError(e)) throw e;
    throw new Mistake(`${where}: ${e.message}`);
  }
}

/** A verifying key (or key set) from a file's text: PEM, JWK or JWKS, read by the one reader. */
export function verifyingKeyFrom(text) {
  // A local key file may hold private keys (their public halves verify), like --key's PEM.
  return keyFormat(text, "sceyt-token: the key file").format === "jwks" ? KeySet.from(text) : VerifyingKey.from(text);
}

export function describeKey(key, source) {
  if (key instanceof KeySet || (typeof key.size === "number" && Array.isArray(key.keyIds))) {
    const n = key.size;
    return `${source} (${n} key${n === 1 ? "" : "s"}${key.keyIds.length ? `: ${key.keyIds.map((k) => JSON.stringify(k)).join(", ")}` : ""})`;
  }
  return `${source} (${key.algorithm}${key.keyId ? `, kid ${JSON.stringify(key.keyId)}` : ""})`;
}
