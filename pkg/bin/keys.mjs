// sceyt-token keygen and sceyt-token jwks: development key pairs, and JWKS of public halves.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PRIVATE_JWK_MEMBERS, SigningKey, VerifyingKey, supportedAlgorithms } from "../entries/node.mjs";
import { UsageError, parseArgs, shown } from "./args.mjs";
import { COMMON, CommandError, EXIT, isTokenError, json, publicFromJwk, write } from "./common.mjs";
import * as help from "./help.mjs";
import { readSource } from "./io.mjs";


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
      // The library's one list of private members: none of them is ever written.
      for (const m of PRIVATE_JWK_MEMBERS) delete jwk[m];
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
