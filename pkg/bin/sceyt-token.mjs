#!/usr/bin/env node
// sceyt-token: the command-line interface of the sceyt-token package (Node >= 18, Deno, Bun).
// Built on the package's own API: `inspect` prints the inspectToken() report, every error is the
// package's TokenError (code and message), never a stack trace unless --debug.
import { readFileSync } from "node:fs";
import process from "node:process";
import { ErrorCode } from "../entries/codes.mjs";
import { UsageError, shown } from "./args.mjs";
import { CommandError, EXIT, isTokenError } from "./common.mjs";
import { inspect } from "./inspect.mjs";
import { issue } from "./issue.mjs";
import { jwks, keygen } from "./keys.mjs";
import * as help from "./help.mjs";
import { colors, oneLine, writeErr, writeOut } from "./printable.mjs";
import { wantColor } from "./render.mjs";

const COMMANDS = { inspect, issue, keygen, jwks };

function version() {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
}

function flush(stream) {
  return new Promise(/** @param {(value?: unknown) => void} resolve */ (resolve) => {
    try {
      if (!stream.write("", () => resolve())) stream.once?.("drain", () => resolve());
    } catch {
      resolve();
    }
  });
}

async function main(argv) {
  const debug = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length).includes("--debug");
  if (debug) argv = argv.filter((a, i) => a !== "--debug" || (argv.includes("--") && i > argv.indexOf("--")));
  colors.stdout = wantColor(process.stdout, process.env);
  colors.stderr = wantColor(process.stderr, process.env);
  // Every line goes through writeErr (printable.mjs); the message itself through oneLine, so a
  // message that quotes a token, a kid or a file name is one line with its controls escaped.
  const error = (e, prefix) => {
    const red = (s) => (colors.stderr ? `\x1b[31m${s}\x1b[0m` : s);
    const where = prefix ? `${prefix}: ` : "";
    if (isTokenError(e)) {
      writeErr(`sceyt-token: ${where}${red(oneLine(e.code, 60))}: ${oneLine(e.message)}\n`);
    } else if (e instanceof UsageError || e instanceof CommandError) {
      writeErr(`${e.message.startsWith("sceyt-token") ? "" : "sceyt-token: "}${where}${oneLine(e.message)}\n`);
    } else {
      writeErr(`sceyt-token: ${where}internal error: ${oneLine(e && e.message ? e.message : String(e))}${debug ? "" : " (run with --debug for the stack trace)"}\n`);
    }
    if (debug && e && e.stack) writeErr(`${e.stack}\n`);
  };
  const ctx = { color: colors.stdout, error, debug };

  const [command, ...rest] = argv;
  let status;
  try {
    if (command === undefined || command === "help" && rest.length === 0 || command === "--help" || command === "-h") {
      writeOut(help.MAIN);
      status = command === undefined ? EXIT.usage : EXIT.valid;
    } else if (command === "--version" || command === "-V" || command === "version") {
      writeOut(`sceyt-token ${oneLine(version(), 60)}\n`);
      status = EXIT.valid;
    } else if (command === "help") {
      const run = COMMANDS[rest[0]];
      if (!run) throw new UsageError(`sceyt-token: unknown command ${shown(rest[0])} (commands: ${Object.keys(COMMANDS).join(", ")})`);
      status = await run(["--help"], ctx);
    } else if (Object.hasOwn(COMMANDS, command)) {
      status = await COMMANDS[command](rest, ctx);
    } else if (command.startsWith("-")) {
      throw new UsageError(`sceyt-token: unknown option ${shown(command)}; a command comes first (sceyt-token --help)`);
    } else {
      throw new UsageError(`sceyt-token: unknown command ${shown(command)} (commands: ${Object.keys(COMMANDS).join(", ")}; see sceyt-token --help)`);
    }
  } catch (e) {
    error(e);
    // Every argument comes from the command line: an argument the API refuses is bad usage.
    if (e instanceof UsageError || (isTokenError(e) && e.code === ErrorCode.InvalidArgument)) status = EXIT.usage;
    else if (command === "inspect") status = EXIT.unchecked;
    else status = EXIT.invalid;
  }
  return status;
}

// A reader that went away (`| head -1`) is not an error worth a stack trace.
process.stdout.on?.("error", (/** @type {Error & { code?: string }} */ e) => {
  if (e && e.code === "EPIPE") process.exit(0);
  throw e;
});

let status;
try {
  status = await main(process.argv.slice(2));
} catch (e) {
  writeErr(`sceyt-token: internal error: ${oneLine(e && e.message)}\n`);
  status = 1;
}
await flush(process.stdout);
await flush(process.stderr);
process.exit(status);
