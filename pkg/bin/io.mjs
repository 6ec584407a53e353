// Reading tokens and keys: files, `-` (stdin) and environment variables. Nothing read here is
// ever printed: errors name the file or variable, never its contents.
import { readFileSync, statSync } from "node:fs";
import process from "node:process";
import { UsageError, shown } from "./args.mjs";

/** The largest file or stdin accepted, in bytes (a JWKS may be 1 MiB). */
export const MAX_INPUT = 1024 * 1024;

let stdinUsedFor = null;

/** Reads all of stdin as UTF-8 text (at most MAX_INPUT bytes). Only one argument may use it. */
export async function readStdin(what) {
  if (stdinUsedFor !== null) {
    throw new UsageError(`sceyt-token: stdin can be read once: ${stdinUsedFor} and ${what} both ask for "-"`);
  }
  stdinUsedFor = what;
  const chunks = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.byteLength;
    if (total > MAX_INPUT) {
      throw new UsageError(`sceyt-token: ${what} on stdin is larger than ${MAX_INPUT} bytes`);
    }
    chunks.push(bytes);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Whether a command-line value looks like key material rather than a file path. */
export function looksLikeKey(value) {
  return /-----BEGIN|-----END|PRIVATE KEY|\\n|\n/.test(value) || /^\s*[{"']/.test(value) || value.length > 512;
}

/** Reads `path` (or stdin for `-`) as text; `what` names it in errors ("the key file"). */
export async function readSource(path, what) {
  if (path === "-") return readStdin(what);
  let size;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`sceyt-token: ${what} ${shown(path)} is a directory, not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`sceyt-token: cannot read ${what} ${shown(path)}: ${e.code === "ENOENT" ? "no such file" : e.code ?? e.message}`);
  }
  if (size > MAX_INPUT) throw new UsageError(`sceyt-token: ${what} ${shown(path)} is larger than ${MAX_INPUT} bytes`);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`sceyt-token: cannot read ${what} ${shown(path)}: ${e.code ?? e.message}`);
  }
}

/** The value of the environment variable `name` (a name, never the key itself). */
export function readEnv(name, option) {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) {
    throw new UsageError(`sceyt-token: ${option} takes the name of an environment variable (like SCEYT_PRIVATE_KEY), not its value`);
  }
  const value = process.env[name];
  if (value === undefined || value.trim() === "") {
    throw new UsageError(`sceyt-token: the environment variable ${name} (${option}) is not set or empty`);
  }
  return value;
}
