// sceyt-token keygen and sceyt-token jwks: development key pairs, and JWKS of public halves.
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { PRIVATE_JWK_MEMBERS, SigningKey, VerifyingKey, supportedAlgorithms } from "../entries/node.mjs";
import { UsageError, parseArgs, shown } from "./args.mjs";
import { COMMON, CommandError, EXIT, isTokenError, json, keyFormat, write } from "./common.mjs";
import * as help from "./help.mjs";
import { readSource } from "./io.mjs";
import { printable } from "./printable.mjs";


export const KEY_FILES = {
  private: "sceyt-private.pem",
  public: "sceyt-public.pem",
  jwk: "sceyt-public.jwk.json",
};

/** mkdir -p, one level at a time (Node's recursive mkdirSync can spin forever, e.g. under /proc). */
function makeDirs(dir, created) {
  const full = resolve(dir);
  if (existsSync(full)) return;
  const parent = dirname(full);
  if (parent !== full) makeDirs(parent, created);
  mkdirSync(full);
  created.push(full);
}

/** What is at `path`, the link itself when it is a link (never followed); null when nothing is. */
function lstatOrNull(path) {
  try {
    return lstatSync(path);
  } catch (e) {
    if (e.code === "ENOENT" || e.code === "ENOTDIR") return null; // (a missing folder: made later)
    throw new CommandError(`cannot check ${path}: ${e.code ?? e.message}`);
  }
}

function what(st) {
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isDirectory()) return "a directory";
  return st.isFile() ? "a file" : "not a regular file";
}

/**
 * Every target is checked before anything is written: nothing there, or (with --force) a regular
 * file. A symbolic link, dangling or not, is never followed nor replaced, nor is a directory.
 */
function checkTargets(paths, force) {
  const existing = [];
  for (const path of paths) {
    const st = lstatOrNull(path);
    if (st === null) continue;
    if (!force) existing.push(path);
    else if (!st.isFile()) {
      throw new CommandError(`refusing to replace ${path}: it is ${what(st)}, not a regular file (--force replaces files only, and never follows a link); nothing was written`);
    }
  }
  if (existing.length) {
    throw new CommandError(`refusing to overwrite ${existing.join(", ")} (use --force to replace the key pair); nothing was written`);
  }
}

const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK"]);

/** A name next to `path` for a file of ours: hidden, unique, never an existing file. */
const sideName = (path, tag) => join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.${tag}`);

/**
 * Writes the files all or none. Each one is written under a temporary name in the same folder
 * (created exclusively, mode 0600 from the start, then set to its mode), and only when all three
 * are written do they take their names: without --force by link() (which never replaces
 * anything, even a link that appeared since the check), with --force by rename() over the
 * old file, kept as a hard link until the end. On any failure the new files are removed, the old
 * ones put back, and the folders this run created removed: the folder is as it was.
 */
function writeAll(files, force, createdDirs) {
  const staged = files.map((f) => ({ ...f, tmp: null, backup: null, placed: false }));
  try {
    for (const f of staged) {
      f.tmp = sideName(f.path, "tmp");
      const fd = openSync(f.tmp, "wx", 0o600);
      try {
        const bytes = new TextEncoder().encode(f.text);
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
        try {
          fchmodSync(fd, f.mode); // whatever the umask
        } catch {
          chmodSync(f.tmp, f.mode);
        }
        try {
          fsyncSync(fd);
        } catch {
          // a file system or runtime without fsync: the rename below is still all or nothing
        }
      } finally {
        closeSync(fd);
      }
    }
    for (const f of staged) {
      if (force && lstatOrNull(f.path)?.isFile()) {
        const backup = sideName(f.path, "old");
        try {
          linkSync(f.path, backup);
        } catch (e) {
          if (!NO_HARD_LINKS.has(e.code)) throw e;
          renameSync(f.path, backup); // no hard links here: moved aside, put back on failure
        }
        f.backup = backup;
        renameSync(f.tmp, f.path);
        f.tmp = null;
        f.placed = true;
      } else {
        try {
          linkSync(f.tmp, f.path); // EEXIST if anything is there now
        } catch (e) {
          if (!NO_HARD_LINKS.has(e.code)) throw e;
          if (lstatOrNull(f.path) !== null) throw e;
          renameSync(f.tmp, f.path);
          f.tmp = null;
        }
        f.placed = true;
        if (f.tmp) unlinkSync(f.tmp);
        f.tmp = null;
      }
    }
  } catch (e) {
    const left = undo(staged, createdDirs);
    const code = e.code === "EEXIST" ? "it exists now" : e.code ?? e.message;
    const failed = staged.find((f) => !f.placed) ?? staged[staged.length - 1];
    throw new CommandError(
      `cannot write ${failed.path}: ${code}; ` +
        (left.length ? `could not clean up ${left.join(", ")}` : "the folder is left as it was"),
    );
  }
  for (const f of staged) {
    if (f.backup) {
      try {
        unlinkSync(f.backup);
      } catch {
        // the old key under a hidden name; harmless, and never the new one
      }
    }
  }
}

/** Puts the folder back as it was; returns what could not be removed or restored. */
function undo(staged, createdDirs) {
  const left = [];
  const attempt = (path, fn) => {
    try {
      fn();
    } catch (e) {
      if (e.code !== "ENOENT") left.push(path);
    }
  };
  for (const f of [...staged].reverse()) {
    if (f.tmp) attempt(f.tmp, () => unlinkSync(f.tmp));
    if (f.placed && f.backup) attempt(f.path, () => renameSync(f.backup, f.path));
    else if (f.placed) attempt(f.path, () => unlinkSync(f.path));
    else if (f.backup) {
      // Moved aside (no hard links) or linked: the old file goes back to its name.
      if (lstatOrNull(f.path) === null) attempt(f.path, () => renameSync(f.backup, f.path));
      else attempt(f.backup, () => unlinkSync(f.backup));
    }
  }
  for (const dir of [...createdDirs].reverse()) attempt(dir, () => rmdirSync(dir));
  return left;
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
  checkTargets(Object.values(paths), Boolean(options.force));
  const key = await SigningKey.generate(alg, options.kid !== undefined ? { keyId: options.kid } : undefined);
  try {
    const jwk = key.toPublicJwk();
    const createdDirs = [];
    try {
      makeDirs(dir, createdDirs);
    } catch (e) {
      undo([], createdDirs); // the levels made before the one that failed
      throw new CommandError(`cannot create the folder ${dir}: ${e.code ?? e.message}`);
    }
    writeAll(
      [
        { path: paths.private, text: key.toPem(), mode: 0o600 },
        { path: paths.public, text: key.toPublicPem(), mode: 0o644 },
        { path: paths.jwk, text: `${JSON.stringify(jwk, null, 2)}\n`, mode: 0o644 },
      ],
      Boolean(options.force),
      createdDirs,
    );
    if (options.json) {
      json({ alg: key.algorithm, kid: key.keyId, files: paths, jwk });
    } else {
      write(
        `generated a key pair: ${printable(key.algorithm)}, kid ${printable(JSON.stringify(key.keyId))}\n` +
          `  private key  ${printable(paths.private)}  (PKCS#8, mode 0600: keep it secret, never commit it)\n` +
          `  public key   ${printable(paths.public)}  (SPKI)\n` +
          `  public JWK   ${printable(paths.jwk)}\n`,
      );
    }
  } finally {
    key.free?.();
  }
  return EXIT.valid;
}


function publicJwks(text, where) {
  const refuseSecret = () => {
    throw new CommandError(`${where}: an HMAC secret cannot be published in a JWKS (anyone who reads it could sign tokens)`);
  };
  // The package's one reader says what the file is; each key loads with VerifyingKey.from, which
  // takes a private PEM or JWK's public half.
  const { format, base64 } = keyFormat(text, where, CommandError);
  let keys;
  if (format === "jwks") {
    if (base64) throw new CommandError(`${where}: a base64-encoded JWKS; decode it first (base64 -d)`);
    // Every key of the set, one by one: a key that does not load is an error, not skipped.
    const list = JSON.parse(text).keys;
    if (!Array.isArray(list)) throw new CommandError(`${where}: a JWKS must be an object with a "keys" array`);
    keys = list.map((jwk) => VerifyingKey.from(jwk));
  } else {
    keys = [VerifyingKey.from(text)];
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
