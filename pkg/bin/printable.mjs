// What reaches the terminal. A token, a key file, a JWKS or an error message can hold control
// characters (ESC starts OSC and CSI sequences that retitle the terminal, clear the screen or
// rewrite what was printed; U+009B is an 8-bit CSI). Every text the CLI writes goes through
// printable(): C0 controls, DEL, C1 controls, the line and paragraph separators, the bidi
// controls that reorder what is shown, and lone surrogates are shown as `\u001b`, the way
// JSON.stringify shows C0. The escape is a JSON escape, so JSON text stays the same JSON.
import process from "node:process";

const UNSAFE = String.raw`[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`;
// A colour sequence of the CLI's own (render.mjs): ESC [ digits and semicolons m.
const SGR = String.raw`\x1b\[[0-9;]*m`;

const FIELD = new RegExp(UNSAFE, "g");
const OUTPUT = new RegExp(`${SGR}|${UNSAFE}`, "g");

const escape = (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `text` with every control character shown as `\uXXXX`. For one field of the output (a claim,
 * a raw segment, a file name, a message) call it with no options: then a newline is escaped too.
 * The writers below call it on the whole output with `lines` (keep "\n") and `sgr` (keep the
 * colour sequences `\x1b[...m`, only when colours are on).
 */
export function printable(text, { lines = false, sgr = false } = {}) {
  const s = String(text);
  if (!lines && !sgr) return s.replace(FIELD, escape);
  return s.replace(sgr ? OUTPUT : FIELD, (m) => {
    if (m === "\n" && lines) return m;
    if (m.length > 1 && m.charCodeAt(0) === 0x1b) return m; // an SGR (only matched when sgr is on)
    return escape(m);
  });
}

/** `text` on one line, at most `max` characters before escaping (an error message, a file name). */
export function oneLine(text, max = 500) {
  const s = String(text);
  return printable(s.length > max ? `${s.slice(0, max - 3)}...` : s);
}

/** Whether each stream gets colour sequences: set once by sceyt-token.mjs from wantColor(). */
export const colors = { stdout: false, stderr: false };

/** Writes CLI output to stdout: lines kept, colour sequences kept when stdout has colour. */
export function writeOut(text) {
  return process.stdout.write(printable(text, { lines: true, sgr: colors.stdout }));
}

/** Writes to stderr, the same way. */
export function writeErr(text) {
  return process.stderr.write(printable(text, { lines: true, sgr: colors.stderr }));
}
