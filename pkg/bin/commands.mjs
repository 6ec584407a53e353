// The four commands, on the package's own API. Each returns the exit status.
import { closeSync, existsSync, mkdirSync, openSync, unlinkSync, writeSync, chmodSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import {
  KeySet,
  SigningKey,
  TokenIssuer,
  VerifyingKey,
  decodeToken,
  inspectToken,
  supportedAlgorithms,
} from "../entries/node.mjs";
import { UsageError, parseArgs, shown } from "./args.mjs";
import * as help from "./help.mjs";
import { looksLikeKey, readEnv, readSource, readStdin } from "./io.mjs";
import { renderReport, wantColor } from "./render.mjs";

/** Exit statuses. */
export const EXIT = { valid: 0, invalid: 1, usage: 2, unverified: 3, unchecked: 4 };

const COMMON = { help: { type: "boolean" }, json: { type: "boolean" } };
const RESERVED = ["iat", "nbf", "exp", "sub", "aid"];
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

function write(text) {
  process.stdout.write(text);
}

function json(value) {
  write(`${JSON.stringify(value, null, 2)}\n`);
}

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

/** A verifying key (or key set) from a file's text: PEM, JWK or JWKS. */
function verifyingKeyFrom(text) {
  const t = text.trim();
  if (t.startsWith("{")) {
    let value;
    try {
      value = JSON.parse(t);
    } catch {
      // Not the parser's message: it quotes the text, and the text may be a private key.
      throw new UsageError("sceyt-token: the key file starts like JSON but is not valid JSON");
    }
    if (value && typeof value === "object" && Array.isArray(value.keys)) return KeySet.fromJwks(value);
    return publicFromJwk(value);
  }
  return VerifyingKey.fromPem(text);
}

/** The public half of a JWK, public or private. */
function publicFromJwk(jwk) {
  if (jwk && typeof jwk === "object" && jwk.d !== undefined && jwk.kty !== "oct") {
    return SigningKey.fromJwk(jwk).publicKey;
  }
  return VerifyingKey.fromJwk(jwk);
}

function describeKey(key, source) {
  if (key instanceof KeySet || (typeof key.size === "number" && Array.isArray(key.keyIds))) {
    const n = key.size;
    return `${source} (${n} key${n === 1 ? "" : "s"}${key.keyIds.length ? `: ${key.keyIds.map((k) => JSON.stringify(k)).join(", ")}` : ""})`;
  }
  return `${source} (${key.algorithm}${key.keyId ? `, kid ${JSON.stringify(key.keyId)}` : ""})`;
}

// ---------------------------------------------------------------------------------------------
// inspect

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

  // The key. A key that cannot be loaded leaves the unverified report and exit status 4.
  let key = null;
  let keyText = null;
  let keyError = null;
  if (options.key !== undefined) {
    const text = await readSource(options.key, "the key file");
    try {
      key = verifyingKeyFrom(text);
      keyText = describeKey(key, options.key === "-" ? "stdin" : options.key);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      keyError = e;
    }
  } else if (options["jwks-file"] !== undefined) {
    const text = await readSource(options["jwks-file"], "the JWKS file");
    try {
      key = KeySet.fromJwks(text);
      keyText = describeKey(key, options["jwks-file"] === "-" ? "stdin" : options["jwks-file"]);
    } catch (e) {
      keyError = e;
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
        context: { key: keyText, applicationId: options["app-id"], at: Boolean(at) },
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

export function isTokenError(e) {
  return e !== null && typeof e === "object" && e.name === "TokenError" && typeof e.code === "string";
}

// ---------------------------------------------------------------------------------------------
// issue

/** `--claim k=v` (JSON when it parses, else a string) and `--claim-str k=v` (always a string). */
export function parseClaims(loose, strings) {
  const claims = {};
  const add = (item, forceString, option) => {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`sceyt-token issue: ${option} takes name=value, not ${shown(item)}`);
    const name = item.slice(0, eq);
    const raw = item.slice(eq + 1);
    if (RESERVED.includes(name)) {
      throw new UsageError(`sceyt-token issue: "${name}" is a reserved claim; it is set by ${name === "sub" ? "--sub" : name === "aid" ? "--app-id" : "--lifetime / --not-before"}, not ${option}`);
    }
    if (Object.hasOwn(claims, name)) throw new UsageError(`sceyt-token issue: the claim "${shown(name)}" is given twice`);
    let value = raw;
    if (!forceString) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    claims[name] = value;
  };
  for (const item of loose) add(item, false, "--claim");
  for (const item of strings) add(item, true, "--claim-str");
  return claims;
}

async function signingKey(options) {
  if (options.key !== undefined && options["key-env"] !== undefined) {
    throw new UsageError("sceyt-token issue: give --key or --key-env, not both");
  }
  let text;
  let source;
  if (options["key-env"] !== undefined) {
    text = readEnv(options["key-env"], "--key-env");
    source = "env";
  } else if (options.key !== undefined) {
    if (looksLikeKey(options.key)) {
      throw new UsageError("sceyt-token issue: --key takes a file path (or - for stdin), not the key itself; put the key in a file or use --key-env NAME");
    }
    text = await readSource(options.key, "the key file");
    source = "file";
  } else {
    throw new UsageError("sceyt-token issue: missing --key FILE (or --key-env NAME): the private key to sign with");
  }
  const keyOptions = {};
  if (options.alg !== undefined) keyOptions.algorithm = options.alg;
  if (options.kid !== undefined) keyOptions.keyId = options.kid;
  const t = text.trim();
  if (t.startsWith("{")) {
    let jwk;
    try {
      jwk = JSON.parse(t);
    } catch {
      throw new UsageError(`sceyt-token issue: the key ${source === "env" ? "in the environment variable" : "file"} starts like JSON but is not valid JSON`);
    }
    return SigningKey.fromJwk(jwk, keyOptions);
  }
  return SigningKey.fromPem(text, keyOptions);
}

export async function issue(argv) {
  const { options, positionals } = parseArgs(
    argv,
    {
      ...COMMON,
      key: { type: "string", hint: "a private key file, or - for stdin" },
      "key-env": { type: "string", hint: "an environment variable name" },
      sub: { type: "string", hint: "the user id" },
      "app-id": { type: "string", hint: "the SCEYT application id" },
      lifetime: { type: "string", hint: "a duration like 6h" },
      "not-before": { type: "string", hint: "a duration like 0s" },
      claim: { type: "list", hint: "name=value" },
      "claim-str": { type: "list", hint: "name=value" },
      alg: { type: "string", hint: "an algorithm like RS256" },
      kid: { type: "string", hint: "a key id" },
    },
    "issue",
  );
  if (options.help) return write(help.ISSUE), EXIT.valid;
  if (positionals.length > 0) {
    throw new UsageError(`sceyt-token issue: unexpected argument ${shown(positionals[0])} (issue takes options only; see sceyt-token issue --help)`);
  }
  if (options.sub === undefined) throw new UsageError("sceyt-token issue: missing --sub USER (the user id)");
  if (options["app-id"] === undefined) throw new UsageError("sceyt-token issue: missing --app-id ID (the SCEYT application id)");
  const claims = parseClaims(options.claim, options["claim-str"]);
  const key = await signingKey(options);
  try {
    const issuer = new TokenIssuer(key, { applicationId: options["app-id"] });
    const issueOptions = {};
    if (options.lifetime !== undefined) issueOptions.lifetime = options.lifetime;
    if (options["not-before"] !== undefined) issueOptions.notBefore = options["not-before"];
    if (Object.keys(claims).length) issueOptions.claims = claims;
    const token = await issuer.issue(options.sub, issueOptions);
    if (options.json) {
      const decoded = decodeToken(token);
      const exp = decoded.claims.exp;
      json({
        token,
        header: decoded.header,
        claims: decoded.claims,
        expiresAt: new Date(exp * 1000).toISOString().replace(".000Z", "Z"),
        expiresIn: exp - decoded.claims.iat,
      });
    } else {
      write(`${token}\n`);
    }
    issuer.free?.();
  } finally {
    key.free?.();
  }
  return EXIT.valid;
}

// ---------------------------------------------------------------------------------------------
// keygen

export const KEY_FILES = {
  private: "sceyt-private.pem",
  public: "sceyt-public.pem",
  jwk: "sceyt-public.jwk.json",
};

/** mkdir -p, one level at a time (Node's recursive mkdirSync can spin forever, e.g. under /proc). */
function makeDirs(dir) {
  const full = resolve(dir);
  if (existsSync(full)) return;
  const parent = dirname(full);
  if (parent !== full) makeDirs(parent);
  mkdirSync(full);
}

function writeNew(path, text, mode, force) {
  let fd;
  try {
    if (force && existsSync(path)) unlinkSync(path);
    fd = openSync(path, "wx", mode);
  } catch (e) {
    throw new CommandError(e.code === "EEXIST" ? `refusing to overwrite ${path} (use --force)` : `cannot write ${path}: ${e.code ?? e.message}`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, mode); // whatever the umask
}

export async function keygen(argv) {
  const { options, positionals } = parseArgs(
    argv,
    {
      ...COMMON,
      alg: { type: "string", hint: "RS256, PS256, ES256 or EdDSA" },
      out: { type: "string", hint: "a directory" },
      kid: { type: "string", hint: "a key id" },
      force: { type: "boolean" },
    },
    "keygen",
  );
  if (options.help) return write(help.KEYGEN), EXIT.valid;
  if (positionals.length > 0) {
    throw new UsageError(`sceyt-token keygen: unexpected argument ${shown(positionals[0])} (use --out DIR for the folder)`);
  }
  const alg = options.alg ?? "RS256";
  if (/^HS\d+$/i.test(alg)) {
    throw new UsageError(`sceyt-token keygen: ${alg.toUpperCase()} is HMAC: a shared secret, not a key pair; generate a secret with e.g. "openssl rand -base64 32" and keep it out of any JWKS`);
  }
  const algs = supportedAlgorithms().filter((a) => !a.startsWith("HS"));
  if (!algs.includes(alg)) {
    throw new UsageError(`sceyt-token keygen: --alg ${shown(alg)} is not one of ${algs.join(", ")}`);
  }
  const dir = options.out ?? ".";
  const paths = Object.fromEntries(Object.entries(KEY_FILES).map(([k, f]) => [k, join(dir, f)]));
  if (!options.force) {
    const existing = Object.values(paths).filter((p) => existsSync(p));
    if (existing.length) {
      throw new CommandError(`refusing to overwrite ${existing.join(", ")} (use --force to replace the key pair)`);
    }
  }
  try {
    makeDirs(dir);
  } catch (e) {
    throw new CommandError(`cannot create the folder ${dir}: ${e.code ?? e.message}`);
  }
  const key = await SigningKey.generate(alg, options.kid !== undefined ? { keyId: options.kid } : undefined);
  try {
    const jwk = key.toPublicJwk();
    writeNew(paths.private, key.toPem(), 0o600, options.force);
    writeNew(paths.public, key.toPublicPem(), 0o644, options.force);
    writeNew(paths.jwk, `${JSON.stringify(jwk, null, 2)}\n`, 0o644, options.force);
    if (options.json) {
      json({ alg: key.algorithm, kid: key.keyId, files: paths, jwk });
    } else {
      write(
        `generated a key pair: ${key.algorithm}, kid ${JSON.stringify(key.keyId)}\n` +
          `  private key  ${paths.private}  (PKCS#8, mode 0600: keep it secret, never commit it)\n` +
          `  public key   ${paths.public}  (SPKI)\n` +
          `  public JWK   ${paths.jwk}\n`,
      );
    }
  } finally {
    key.free?.();
  }
  return EXIT.valid;
}

/** A command that could not do its job (exit status 1), with a one-line reason. */
export class CommandError extends Error {
  constructor(message) {
    super(message);
    this.name = "CommandError";
  }
}

// ---------------------------------------------------------------------------------------------
// jwks

function publicJwks(text, where) {
  const t = text.trim();
  const refuseSecret = () => {
    throw new CommandError(`${where}: an HMAC secret cannot be published in a JWKS (anyone who reads it could sign tokens)`);
  };
  let keys;
  if (t.startsWith("{")) {
    let value;
    try {
      value = JSON.parse(t);
    } catch {
      throw new CommandError(`${where}: starts like JSON but is not valid JSON`);
    }
    const list = value && typeof value === "object" && Array.isArray(value.keys) ? value.keys : [value];
    keys = list.map((jwk) => {
      if (jwk && typeof jwk === "object" && jwk.kty === "oct") refuseSecret();
      return publicFromJwk(jwk);
    });
  } else {
    keys = [VerifyingKey.fromPem(text)];
  }
  return keys.map((k) => {
    try {
      if (k.algorithm.startsWith("HS")) refuseSecret();
      const jwk = k.toJwk();
      for (const m of PRIVATE_MEMBERS) delete jwk[m];
      return jwk;
    } finally {
      k.free?.();
    }
  });
}

export async function jwks(argv) {
  const { options, positionals } = parseArgs(argv, { help: { type: "boolean" } }, "jwks");
  if (options.help) return write(help.JWKS), EXIT.valid;
  if (positionals.length === 0) throw new UsageError("sceyt-token jwks: give at least one key file (see sceyt-token jwks --help)");
  const keys = [];
  for (const file of positionals) {
    const text = await readSource(file, "the key file");
    const where = file === "-" ? "stdin" : shown(file);
    let found;
    try {
      found = publicJwks(text, where);
    } catch (e) {
      if (isTokenError(e)) e.message = `${where}: ${e.message}`;
      throw e;
    }
    for (const jwk of found) {
      const same = keys.find((k) => k.kid !== undefined && k.kid === jwk.kid);
      if (same) {
        if (JSON.stringify(same) === JSON.stringify(jwk)) continue; // the same key twice (e.g. its private and public PEM)
        throw new CommandError(`${where}: two different keys have the kid ${JSON.stringify(jwk.kid)}`);
      }
      keys.push(jwk);
    }
  }
  json({ keys });
  return EXIT.valid;
}
