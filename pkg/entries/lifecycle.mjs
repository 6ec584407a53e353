// Client-side token lifecycle: `scheduleRefresh`, the SCEYT SDK's `onTokenWillExpire` →
// `updateToken()` flow as a timer loop with a margin, a backoff and checks of every token fetched.
// Plain JS over the wasm: tokens are read with the wasm decoder (`tokenExpiresIn`, an unverified
// read of `exp`) and the `margin`/`retryAfter` durations with the package's one duration grammar
// (`__sceytDuration`, src/time.rs). Both load the wasm on first use where the entry registered a
// loader (Node, Deno, Bun, workerd), and throw ERR_NOT_INITIALIZED in browsers before `init()`.
import { ErrorCode } from "./codes.mjs";
import { seconds } from "./duration.mjs";
import { TokenError } from "./error.mjs";
import { wasm } from "./glue.mjs";

const { tokenExpiresIn } = wasm;

/** @import { Duration } from "../web/sceyt_token.js" */

/**
 * Options of `scheduleRefresh`.
 * @typedef {object} RefreshOptions
 * @property {Duration} [margin] How long before expiry to fetch the next token (default "1m"): a duration, fractions allowed.
 * @property {Duration} [retryAfter] Delay before retrying a failed fetch (default 10 s, at least 1 s): a duration, fractions allowed.
 * @property {(token: string) => void} [onToken] Receives each new token (e.g. `(t) => client.updateToken(t)`).
 * @property {(error: unknown, info: RefreshErrorInfo) => void} [onError]
 *   Receives each problem, with `{ retryIn, attempt }`: the delay before the next attempt and the
 *   number of consecutive problems.
 * @property {() => number} [clock] The current time in **milliseconds** since the epoch, like `Date.now()` (the default).
 * @property {(fn: () => void, ms: number) => unknown} [setTimeout] Timer functions (default: the global ones); `ms` is milliseconds.
 * @property {(handle: unknown) => void} [clearTimeout]
 */

/**
 * What `onError` receives after the error.
 * @typedef {object} RefreshErrorInfo
 * @property {number} retryIn The delay before the next attempt, in **seconds** (`retryAfter`, doubling with each consecutive problem up to 5 min).
 * @property {number} attempt How many problems in a row, this one included (1 for the first).
 */

/** The shortest accepted `retryAfter`, and the longest backoff (unless `retryAfter` is longer). */
export const MIN_RETRY_AFTER = 1;
export const MAX_BACKOFF = 300;

// The option names, as an object typed by RefreshOptions: a name missing here or unknown to the
// type is a type error (scripts/entry-types.mjs).
/** @type {Record<keyof RefreshOptions, true>} */
const OPTION_NAMES = { margin: true, retryAfter: true, onToken: true, onError: true, clock: true, setTimeout: true, clearTimeout: true };
const OPTIONS = Object.keys(OPTION_NAMES);


/**
 * Calls `fetchToken()` `margin` before `token` expires (default 1 min), then again before each new
 * token expires, like the SCEYT SDK's `onTokenWillExpire` → `updateToken(newToken)` flow.
 * `onToken(newToken)` receives each new token; `onError(err, { retryIn, attempt })` each problem.
 *
 * Never a tight loop: a failed fetch, a result that is not a token, the same token again, a token
 * that is expired or expires within the margin (or within 1 s after it) are problems: each one is
 * reported and the next attempt waits `retryAfter` (default 10 s, at least 1 s), doubling with each
 * consecutive problem up to 5 min (or `retryAfter` if longer). A token that is still valid but too
 * short-lived is handed to `onToken` before backing off. Returns `{ cancel() }`.
 */
/**
 * @param {string} token
 * @param {(current: string) => string | Promise<string>} fetchToken
 * @param {RefreshOptions} [options]
 * @returns {{ cancel(): void }}
 */
export function scheduleRefresh(token, fetchToken, options = {}) {
  const { margin, retryAfter, clock, setTimer, clearTimer } = refreshOptions(fetchToken, options);
  const maxBackoff = Math.max(retryAfter, MAX_BACKOFF);
  let timer = null;
  let cancelled = false;
  let problems = 0; // consecutive

  const plan = (current, delaySeconds) => {
    if (cancelled) return;
    timer = setTimer(() => {
      timer = null;
      refresh(current);
    }, Math.max(0, delaySeconds) * 1000);
  };
  const report = (err, current) => {
    problems++;
    const retryIn = Math.min(maxBackoff, retryAfter * 2 ** (problems - 1));
    try {
      options.onError?.(err, { retryIn, attempt: problems });
    } catch {
      // A throwing onError must not stop the refreshes.
    }
    plan(current, retryIn);
  };
  const refresh = async (current) => {
    if (cancelled) return;
    let next;
    try {
      next = await fetchToken(current);
    } catch (err) {
      if (!cancelled) report(err, current);
      return;
    }
    if (cancelled) return;
    // `left` is set whenever `error` is not.
    const { error, left } = /** @type {{ error?: unknown, left: number }} */ (fetched(next, current, clock));
    if (error) {
      report(error, current); // not a usable token: never handed to onToken
      return;
    }
    try {
      options.onToken?.(next);
    } catch (err) {
      report(err, next);
      return;
    }
    if (left - margin < MIN_RETRY_AFTER) {
      report(
        new TokenError(
          ErrorCode.LifetimeOutOfRange,
          `fetchToken returned a token that expires in ${left} s, within the refresh margin of ${margin} s`,
          "exp",
          "range",
        ),
        next,
      );
      return;
    }
    problems = 0;
    plan(next, left - margin);
  };
  plan(token, tokenExpiresIn(token, { clock }) - margin);
  return {
    cancel() {
      cancelled = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}

/** Checks scheduleRefresh's arguments; returns the durations (seconds) and the timer functions. */
function refreshOptions(fetchToken, options) {
  if (typeof fetchToken !== "function") {
    throw new TokenError(ErrorCode.InvalidArgument, "fetchToken must be a function returning a token or a Promise of one");
  }
  if (options === null || typeof options !== "object") {
    throw new TokenError(ErrorCode.InvalidArgument, "options must be an object");
  }
  for (const k of Object.keys(options)) {
    if (!OPTIONS.includes(k)) {
      throw new TokenError(ErrorCode.InvalidArgument, `unknown option "${k}" (known: ${OPTIONS.join(", ")})`);
    }
  }
  for (const k of ["onToken", "onError", "clock", "setTimeout", "clearTimeout"]) {
    if (options[k] !== undefined && typeof options[k] !== "function") {
      throw new TokenError(ErrorCode.InvalidArgument, `option "${k}" must be a function`);
    }
  }
  const margin = seconds(options, "margin", 60);
  const retryAfter = seconds(options, "retryAfter", 10);
  if (retryAfter < MIN_RETRY_AFTER) {
    throw new TokenError(ErrorCode.InvalidArgument, `option "retryAfter" must be at least ${MIN_RETRY_AFTER} s, not ${retryAfter} s`);
  }
  return {
    margin,
    retryAfter,
    clock: options.clock ?? (() => Date.now()),
    setTimer: options.setTimeout ?? globalThis.setTimeout,
    clearTimer: options.clearTimeout ?? globalThis.clearTimeout,
  };
}

/**
 * What `fetchToken(current)` resolved to: `{ left }` (seconds until it expires) for a token that is
 * new and not expired, else `{ error }` (not a string, the same token, not a token, expired).
 */
function fetched(next, current, clock) {
  if (typeof next !== "string") {
    return { error: new TokenError(ErrorCode.InvalidArgument, `fetchToken must resolve to a token string, not ${next === null ? "null" : typeof next}`) };
  }
  if (next === current) {
    return { error: new TokenError(ErrorCode.InvalidArgument, "fetchToken returned the token it was asked to replace") };
  }
  let left;
  try {
    left = tokenExpiresIn(next, { clock });
  } catch (err) {
    return { error: err };
  }
  if (left <= 0) {
    return { error: new TokenError(ErrorCode.TokenExpired, `fetchToken returned a token that expired ${-left} s ago`, "exp", "expired") };
  }
  return { left };
}
