// The brand `TokenError.is` reads: a registry symbol, the same in every copy of the package (two
// installed versions, a bundle and node_modules), where `instanceof` compares classes.
const BRAND = Symbol.for("sceyt-token.TokenError");

/**
 * Every error sceyt-token throws. `code` is stable (see `ErrorCode`); `claim` and `reason` are set
 * when a claim check failed.
 */
export class TokenError extends Error {
  constructor(code, message, claim, reason) {
    super(message);
    this.name = "TokenError";
    this.code = code;
    if (claim !== undefined) this.claim = claim;
    if (reason !== undefined) this.reason = reason;
  }

  /** Branded on the prototype: not an own property, so it never shows in logs, JSON or assertions. */
  get [BRAND]() {
    return true;
  }

  /**
   * Whether `value` is a TokenError of any copy of sceyt-token. `instanceof` suffices within one
   * copy (import and require share one); this also holds across separately installed copies.
   */
  static is(value) {
    return typeof value === "object" && value !== null && value[BRAND] === true;
  }
}
