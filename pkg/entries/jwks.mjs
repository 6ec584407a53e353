// The one list of private JWK members, and the rule that a published JWKS holds none of them. Used by
// KeySet.fetch (remote.mjs), KeySet.fromJwks (unless `allowPrivate`), the CLI's `jwks` command and the
// example worker (through the package's `PRIVATE_JWK_MEMBERS` export). A refusal names the key and
// the member, never the member's value.
import { ErrorCode } from "./codes.mjs";
import { TokenError } from "./error.mjs";

/**
 * JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2): RSA
 * `d`, `p`, `q`, `dp`, `dq`, `qi`, `oth` (and its entries' `r`, `d`, `t`), EC/OKP `d`, and `k`, the
 * secret of a symmetric (`oct`) key.
 */
export const PRIVATE_JWK_MEMBERS = Object.freeze(["d", "p", "q", "dp", "dq", "qi", "oth", "r", "t", "k"]);

/** The first private member in a JWKS's keys, as `{ index, member, kty }`, or null. */
export function findPrivateMember(jwks) {
  if (jwks === null || typeof jwks !== "object" || !Array.isArray(jwks.keys)) return null;
  for (let index = 0; index < jwks.keys.length; index++) {
    const k = jwks.keys[index];
    if (k === null || typeof k !== "object") continue;
    const member = PRIVATE_JWK_MEMBERS.find((m) => Object.hasOwn(k, m));
    if (member !== undefined) return { index, member, kty: typeof k.kty === "string" ? k.kty : undefined };
  }
  return null;
}

/**
 * Throws TokenError ERR_KEY_INVALID when a key of `jwks` has a private member. `where` starts the
 * message ("the JWKS at https://…", "the JWKS"); `hint` ends it.
 */
export function refusePrivateMembers(jwks, where, hint = "") {
  const found = findPrivateMember(jwks);
  if (!found) return;
  const { index, member, kty } = found;
  const what = kty === "oct"
    ? `a symmetric ("oct") key (keys[${index}]) whose member "${member}" is the secret`
    : `a private key: keys[${index}] has the private member "${member}"`;
  throw new TokenError(
    ErrorCode.KeyInvalid,
    `${where} publishes ${what}; anyone who reads it can sign tokens, so a published JWKS may hold public keys only${hint}`,
  );
}
