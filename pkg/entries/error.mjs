// The brand `TokenError.is` reads: a registry symbol, the same in every copy of the package (two
// installed versions, a bundle and node_modules), where `instanceof` compares classes.
const BRAND = Symbol.for("sceyt-token.TokenError");

/** @import { ErrorCode } from "../web/sceyt_token.js" */

/**
 * Every error sceyt-token throws. `code` is stable (see `ErrorCode`); `claim` and `reason` are set
 * when a claim check failed.
 */
export class TokenError extends Error {
  /** @readonly @type {"TokenError"} */
  name = "TokenError";

  /**
   * @param {ErrorCode} code
   * @param {string} message
   * @param {string} [claim]
   * @param {string} [reason]
   */
  constructor(code, message, claim, reason) {
    super(message);
    /** @readonly */
    this.code = code;
    if (claim !== undefined) {
      /**
       * The claim concerned, when a claim check failed (not an own property otherwise).
       * @readonly @type {string | undefined}
       */
      this.claim = claim;
    }
    if (reason !== undefined) {
      /**
       * `missing`, `type`, `expired`, `not_yet_valid`, `future`, `mismatch`, `range`, `reserved` or
       * `too_old` (not an own property when unset).
       * @readonly @type {string | undefined}
       */
      this.reason = reason;
    }
  }

  /**
   * @internal Branded on the prototype: not an own property, so it never shows in logs, JSON or assertions.
   * @returns {true}
   */
  get [BRAND]() {
    return true;
  }

  /**
   * Whether `value` is a TokenError of any copy of sceyt-token. `instanceof` suffices within one
   * copy (import and require share one); this also holds across separately installed copies.
   * @param {unknown} value
   * @returns {value is TokenError}
   */
  static is(value) {
    return typeof value === "object" && value !== null && value[BRAND] === true;
  }
}
