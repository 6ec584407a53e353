// The command line, read by `node:util` `parseArgs` (Node, Deno and Bun have it), with the CLI's
// own rules and one-line messages on top.
//
// spec: { name: { type: "string" | "boolean" | "list", hint? } }. Accepts `--name value`,
// `--name=value`, `--` (everything after it is positional) and `-` (a positional meaning stdin).
// `-h` is `--help`. Unknown options and missing values throw a UsageError with one line that says
// what is wrong. parseArgs runs non-strict and returns its tokens; the rules are checked here,
// token by token, so each message names the option as typed. Values go into an object of our
// own whose keys come from `spec` only (`--__proto__` is an unknown option).
import { parseArgs as parseTokens } from "node:util";
import { printable } from "./printable.mjs";

/** A mistake on the command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses `argv` (the arguments after the command name) against `spec`.
 * Returns `{ options, positionals }`; options default to `undefined` (`list`: `[]`).
 */
export function parseArgs(argv, spec, command) {
  const where = command ? `sceyt-token ${command}` : "sceyt-token";
  /** @type {Record<string, { type: "boolean" } | { type: "string", multiple: boolean }>} */
  const config = {};
  const options = {};
  for (const [name, def] of Object.entries(spec)) {
    config[name] = def.type === "boolean" ? { type: "boolean" } : { type: "string", multiple: def.type === "list" };
    options[name] = def.type === "list" ? [] : undefined;
  }
  const { tokens } = parseTokens({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue; // what follows comes as positionals
    const typed = argv[token.index];
    if (!token.rawName.startsWith("--")) {
      // A short option: only -h, alone. `-abc` is one unknown option, as typed.
      if (typed === "-h") {
        options.help = true;
        continue;
      }
      throw new UsageError(`${where}: unknown option ${shown(typed)} (see ${where} --help)`);
    }
    const name = token.name;
    const def = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!def) throw new UsageError(`${where}: unknown option --${shown(name)} (see ${where} --help)`);
    const hint = def.hint ? ` (${def.hint})` : "";
    if (def.type === "boolean") {
      if (token.inlineValue) throw new UsageError(`${where}: option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    // `-` is a value (stdin); another option is not.
    if (token.value === undefined || (!token.inlineValue && /^--[A-Za-z]/.test(token.value))) {
      throw new UsageError(`${where}: option --${name} needs a value${hint}`);
    }
    if (token.value === "") throw new UsageError(`${where}: option --${name} needs a non-empty value${hint}`);
    if (def.type === "list") {
      options[name].push(token.value);
    } else {
      if (options[name] !== undefined) throw new UsageError(`${where}: option --${name} is given twice`);
      options[name] = token.value;
    }
  }
  return { options, positionals };
}

/** An argument as it may be shown in an error: short, one line, printable. */
export function shown(text) {
  // Key material pasted in the wrong place is never echoed back.
  if (/BEGIN|PRIVATE|\n|\\n/.test(String(text)) || String(text).length > 512) return "(a value that looks like key material; not shown)";
  const s = String(text);
  return printable(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}
