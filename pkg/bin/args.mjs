// A tiny command-line parser (the package has no dependencies).
//
// spec: { name: { type: "string" | "boolean" | "list" } }. Accepts `--name value`, `--name=value`,
// `--` (everything after it is positional) and `-` (a positional meaning stdin). `-h` is `--help`.
// Unknown options and missing values throw a UsageError with one line that says what is wrong.
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
  const options = {};
  const positionals = [];
  for (const [name, def] of Object.entries(spec)) {
    options[name] = def.type === "list" ? [] : undefined;
  }
  const where = command ? `sceyt-token ${command}` : "sceyt-token";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      options.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") {
        throw new UsageError(`${where}: unknown option ${shown(arg)} (see ${where} --help)`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const def = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!def) {
      throw new UsageError(`${where}: unknown option --${shown(name)} (see ${where} --help)`);
    }
    if (def.type === "boolean") {
      if (eq !== -1) throw new UsageError(`${where}: option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      // `-` is a value (stdin); another option is not.
      if (value === undefined || /^--[A-Za-z]/.test(value)) {
        throw new UsageError(`${where}: option --${name} needs a value${def.hint ? ` (${def.hint})` : ""}`);
      }
      i++;
    }
    if (value === "") {
      throw new UsageError(`${where}: option --${name} needs a non-empty value${def.hint ? ` (${def.hint})` : ""}`);
    }
    if (def.type === "list") {
      options[name].push(value);
    } else {
      if (options[name] !== undefined) {
        throw new UsageError(`${where}: option --${name} is given twice`);
      }
      options[name] = value;
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
