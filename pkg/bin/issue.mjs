// sceyt-token issue: signs a SCEYT token with TokenIssuer.
import { SigningKey, TokenIssuer } from "../entries/node.mjs";
import { UsageError, parseArgs, shown } from "./args.mjs";
import { COMMON, EXIT, json, keyFormat, write } from "./common.mjs";
import * as help from "./help.mjs";
import { looksLikeKey, readEnv, readSource } from "./io.mjs";

const RESERVED = ["iat", "nbf", "exp", "sub", "aid"];


/** `--claim k=v` (JSON when it parses, else a string) and `--claim-str k=v` (always a string). */
export function parseClaims(loose, strings) {
  /** @type {Record<string, unknown>} */
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
    // A data member of its own, whatever the name: `claims[name] = value` would call the
    // __proto__ setter and drop `--claim '__proto__={...}'` without a word.
    Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const item of loose) add(item, false, "--claim");
  for (const item of strings) add(item, true, "--claim-str");
  return claims;
}

/** The header and claims of a compact token this command just signed, as JSON.parse reads them. */
function decodeParts(token) {
  const [header, claims] = token.split(".").slice(0, 2).map((part) => {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  });
  return { header, claims };
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
  // The package's one reader says what the text is; a JWK is passed as text, as read.
  const { format } = keyFormat(text, `sceyt-token issue: the key ${source === "env" ? "in the environment variable" : "file"}`);
  return format === "pem" ? SigningKey.fromPem(text, keyOptions) : SigningKey.fromJwk(text, keyOptions);
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
    /** @type {import("../entries/shared.mjs").IssueOptions} */
    const issueOptions = {};
    if (options.lifetime !== undefined) issueOptions.lifetime = options.lifetime;
    if (options["not-before"] !== undefined) issueOptions.notBefore = options["not-before"];
    if (Object.keys(claims).length) issueOptions.claims = claims;
    const token = await issuer.issue(options.sub, issueOptions);
    if (options.json) {
      // The token's own header and claims, parsed with JSON.parse: members named __proto__,
      // constructor or prototype stay own members, as in the token.
      const decoded = decodeParts(token);
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
