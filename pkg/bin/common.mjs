// What the commands share: exit statuses, output, errors, and reading keys with the package's API.
import { KeySet, SigningKey, VerifyingKey } from "../entries/node.mjs";
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
 * The JSON of a key's text when it starts like JSON (a JWK or JWKS), else `undefined` (a PEM).
 * `what` names the command and the source in the error (`sceyt-token issue: the key file`).
 */
export function keyJson(text, what) {
  const t = text.trim();
  if (!t.startsWith("{")) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    // Not the parser's message: it quotes the text, and the text may be a private key.
    throw new UsageError(`${what} starts like JSON but is not valid JSON`);
  }
}

/** A verifying key (or key set) from a file's text: PEM, JWK or JWKS. */
export function verifyingKeyFrom(text) {
  const value = keyJson(text, "sceyt-token: the key file");
  if (value === undefined) return VerifyingKey.fromPem(text);
  // A local key file may hold private keys (their public halves verify), like --key's PEM.
  if (value && typeof value === "object" && Array.isArray(value.keys)) return KeySet.fromJwks(value, { allowPrivate: true });
  return publicFromJwk(value);
}

/** The public half of a JWK, public or private. */
export function publicFromJwk(jwk) {
  if (jwk && typeof jwk === "object" && jwk.d !== undefined && jwk.kty !== "oct") {
    return SigningKey.fromJwk(jwk).publicKey;
  }
  return VerifyingKey.fromJwk(jwk);
}

export function describeKey(key, source) {
  if (key instanceof KeySet || (typeof key.size === "number" && Array.isArray(key.keyIds))) {
    const n = key.size;
    return `${source} (${n} key${n === 1 ? "" : "s"}${key.keyIds.length ? `: ${key.keyIds.map((k) => JSON.stringify(k)).join(", ")}` : ""})`;
  }
  return `${source} (${key.algorithm}${key.keyId ? `, kid ${JSON.stringify(key.keyId)}` : ""})`;
}
