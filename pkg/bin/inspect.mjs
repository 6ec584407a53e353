// sceyt-token inspect: the inspectToken() report of a token, as text or JSON.
import process from "node:process";
import { KeySet, inspectToken } from "../entries/node.mjs";
import { UsageError, parseArgs, shown } from "./args.mjs";
import { COMMON, EXIT, describeKey, isTokenError, json, verifyingKeyFrom, write } from "./common.mjs";
import * as help from "./help.mjs";
import { readSource, readStdin } from "./io.mjs";
import { renderReport } from "./render.mjs";

/** `--at`: ISO 8601 or epoch seconds → Date. */
export function parseAt(value) {
  let ms;
  if (/^-?\d{1,12}$/.test(value)) ms = Number(value) * 1000;
  else if (/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(value)) ms = Date.parse(value.replace(" ", "T"));
  else ms = NaN;
  if (!Number.isFinite(ms)) {
    throw new UsageError(`sceyt-token inspect: --at ${shown(value)} is not a time; use ISO 8601 like 2026-11-28T10:03:00Z, or epoch seconds`);
  }
  return new Date(ms);
}


export async function inspect(argv, ctx) {
  const { options, positionals } = parseArgs(
    argv,
    {
      ...COMMON,
      key: { type: "string", hint: "a key file, or - for stdin" },
      jwks: { type: "string", hint: "a JWKS URL" },
      "jwks-file": { type: "string", hint: "a JWKS file" },
      "app-id": { type: "string", hint: "the SCEYT application id" },
      at: { type: "string", hint: "an ISO 8601 time" },
      "clock-tolerance": { type: "string", hint: "a duration like 30s" },
      issuer: { type: "list", hint: "the expected iss, e.g. https://auth.example.com/" },
      audience: { type: "list", hint: "an expected audience (aud)" },
      "client-id": { type: "list", hint: "an expected client (azp, or client_id)" },
      typ: { type: "list", hint: "an expected header typ, e.g. at+jwt" },
    },
    "inspect",
  );
  if (options.help) return write(help.INSPECT), EXIT.valid;
  if (positionals.length > 1) {
    throw new UsageError(`sceyt-token inspect: one token at a time (got ${positionals.length} arguments)`);
  }
  const keyOptions = ["key", "jwks", "jwks-file"].filter((k) => options[k] !== undefined);
  if (keyOptions.length > 1) {
    throw new UsageError(`sceyt-token inspect: give one of --key, --jwks, --jwks-file (got ${keyOptions.map((k) => `--${k}`).join(" and ")})`);
  }
  const at = options.at !== undefined ? parseAt(options.at) : undefined;

  // The token: the argument, "-" or piped stdin.
  let token;
  if (positionals.length === 1 && positionals[0] !== "-") {
    token = positionals[0];
  } else if (positionals[0] === "-" || !process.stdin.isTTY) {
    token = await readStdin("the token");
  } else {
    throw new UsageError("sceyt-token inspect: no token given (pass it as an argument, or pipe it with -)");
  }
  token = token.trim();
  if (token === "") throw new UsageError("sceyt-token inspect: no token given (the input is empty)");

  const verifierOptions = {};
  if (options["app-id"] !== undefined) verifierOptions.applicationId = options["app-id"];
  if (at) verifierOptions.currentDate = at;
  if (options["clock-tolerance"] !== undefined) verifierOptions.clockTolerance = options["clock-tolerance"];
  // --issuer, --audience, --client-id, --typ: each may be repeated; one value is passed as a string.
  const provider = {};
  for (const [flag, name] of [["issuer", "issuer"], ["audience", "audience"], ["client-id", "clientId"], ["typ", "typ"]]) {
    const values = options[flag];
    if (values.length > 0) provider[name] = values.length === 1 ? values[0] : values;
  }
  Object.assign(verifierOptions, provider);
  // Another provider's token (no --app-id): SCEYT's lifetime window does not apply to it.
  if (Object.keys(provider).length > 0 && options["app-id"] === undefined) verifierOptions.lifetimePolicy = false;

  // The key. A key that cannot be loaded leaves the unverified report and exit status 4.
  let key = null;
  let keyText = null;
  let keyError = null;
  if (options.key !== undefined) {
    const text = await readSource(options.key, "the key file");
    const name = options.key === "-" ? "stdin" : options.key;
    try {
      key = verifyingKeyFrom(text);
      keyText = describeKey(key, name);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      keyError = e;
      // The report shows the key that did not load as its own check (inspectToken reads the
      // same text with the same reader), and "checked against" names the file.
      key = text;
      keyText = `${name} (did not load: ${e.code ?? "error"})`;
    }
  } else if (options["jwks-file"] !== undefined) {
    const text = await readSource(options["jwks-file"], "the JWKS file");
    const name = options["jwks-file"] === "-" ? "stdin" : options["jwks-file"];
    try {
      key = KeySet.fromJwks(text, { allowPrivate: true }); // a local file, trusted like --key
      keyText = describeKey(key, name);
    } catch (e) {
      keyError = e;
      key = text.trim() === "" ? null : text;
      keyText = `${name} (did not load: ${e.code ?? "error"})`;
    }
  } else if (options.jwks !== undefined) {
    try {
      key = await KeySet.fetch(options.jwks, { timeout: "10s" });
      keyText = describeKey(key, options.jwks);
    } catch (e) {
      keyError = e;
    }
  }
  if (keyError && !isTokenError(keyError)) throw keyError;

  const report = inspectToken(token, key ? { ...verifierOptions, key } : verifierOptions);
  if (options.json) {
    json(report);
  } else {
    write(
      renderReport(report, {
        color: ctx.color,
        context: { key: keyText, applicationId: options["app-id"], at: Boolean(at), ...provider },
      }),
    );
  }
  if (keyError) {
    ctx.error(keyError, "could not check the signature");
    return EXIT.unchecked;
  }
  switch (report.verdict) {
    case "valid":
      return EXIT.valid;
    case "unverified":
      return EXIT.unverified;
    default:
      return EXIT.invalid;
  }
}
