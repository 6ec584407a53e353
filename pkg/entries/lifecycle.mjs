// Client-side token lifecycle helpers (pure JS; they read tokens through the wasm decoder).
import { tokenExpiresIn } from "../web/sceyt_token.js";
import { TokenError } from "./error.mjs";

function marginSeconds(margin) {
  if (margin === undefined) return 60;
  if (typeof margin === "number" && Number.isFinite(margin) && margin >= 0) return margin;
  if (typeof margin === "string") {
    const m = /^\s*(\d+)\s*(s|m|h)?\s*$/.exec(margin);
    if (m) return Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2] || "s"]);
  }
  throw new TokenError("ERR_INVALID_ARGUMENT", `margin must be seconds or a string like "1m", not ${JSON.stringify(margin)}`);
}

/**
 * Calls `fetchToken()` `margin` before `token` expires (default 1 min), then again before each new
 * token expires, like the SCEYT SDK's `onTokenWillExpire` → `updateToken(newToken)` flow.
 * `onToken(newToken)` receives each new token; `onError(err)` each failure (retried after
 * `retryAfter` seconds, default 10). Returns `{ cancel() }`.
 */
export function scheduleRefresh(token, fetchToken, options = {}) {
  if (typeof fetchToken !== "function") {
    throw new TokenError("ERR_INVALID_ARGUMENT", "fetchToken must be a function returning a token or a Promise of one");
  }
  if (options === null || typeof options !== "object") {
    throw new TokenError("ERR_INVALID_ARGUMENT", "options must be an object");
  }
  const margin = marginSeconds(options.margin);
  const retryAfter = options.retryAfter === undefined ? 10 : marginSeconds(options.retryAfter);
  const clock = options.clock ?? (() => Date.now());
  const setTimer = options.setTimeout ?? globalThis.setTimeout;
  const clearTimer = options.clearTimeout ?? globalThis.clearTimeout;
  let timer = null;
  let cancelled = false;

  const plan = (current, delaySeconds) => {
    if (cancelled) return;
    timer = setTimer(() => refresh(current), Math.max(0, delaySeconds) * 1000);
  };
  const refresh = async (current) => {
    if (cancelled) return;
    try {
      const next = await fetchToken(current);
      if (cancelled) return;
      if (typeof next !== "string") {
        throw new TokenError("ERR_INVALID_ARGUMENT", "fetchToken must resolve to a token string");
      }
      options.onToken?.(next);
      schedule(next);
    } catch (err) {
      options.onError?.(err);
      plan(current, retryAfter);
    }
  };
  const schedule = (t) => {
    const left = tokenExpiresIn(t, { clock });
    plan(t, left - margin);
  };
  schedule(token);
  return {
    cancel() {
      cancelled = true;
      if (timer !== null) clearTimer(timer);
    },
  };
}
