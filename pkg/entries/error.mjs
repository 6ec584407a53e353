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
}
