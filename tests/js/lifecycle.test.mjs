// scheduleRefresh (pkg/entries/lifecycle.mjs) with a frozen clock and a recording timer: a good
// token is handed to onToken and the next refresh planned a margin before it expires; each problem
// (a failed fetch, not a string, the same token, not a token, expired, within the margin, a
// throwing onToken) is reported with its code, retried after retryAfter doubling up to the cap, and
// never hands a bad result to onToken; cancel() stops everything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SigningKey, TokenIssuer, scheduleRefresh } from "sceyt-token";
import { APP, NOW, clock, fixture } from "../common/fixtures.mjs";

const key = SigningKey.fromPem(fixture("ec256.pkcs8.pem"));
const issue = (lifetime, at = NOW) => new TokenIssuer(key, { applicationId: APP, clock: () => at * 1000, minLifetime: 1 }).issueSync("u", { lifetime });
const token = issue("6h");

/** Runs scheduleRefresh with `results` as successive fetchToken answers (a function: thrown). */
function run(results, options = {}) {
  const log = { delays: [], tokens: [], errors: [], asked: [] };
  const timers = [];
  let i = 0;
  const handle = scheduleRefresh(
    token,
    (current) => {
      log.asked.push(current);
      const r = results[i++];
      if (typeof r === "function") throw r();
      return r;
    },
    {
      clock,
      setTimeout: (fn, ms) => {
        log.delays.push(ms);
        timers.push(fn);
        return timers.length;
      },
      clearTimeout: (id) => log.delays.push(`clear ${id}`),
      onToken: (t) => log.tokens.push(t),
      onError: (err, info) => log.errors.push([err.code ?? err.message, info.retryIn, info.attempt]),
      ...options,
    },
  );
  const fire = async () => {
    timers[timers.length - 1]();
    await new Promise((r) => setImmediate(r));
  };
  return { log, handle, fire };
}

test("a good token goes to onToken and the next refresh is planned a margin before it expires", async () => {
  const next = issue("2h");
  const { log, fire, handle } = run([next], { margin: "5m" });
  assert.deepEqual(log.delays, [(6 * 3600 - 300) * 1000]);
  await fire();
  assert.deepEqual(log.asked, [token]);
  assert.deepEqual(log.tokens, [next]);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.delays.slice(1), [(2 * 3600 - 300) * 1000]);
  handle.cancel();
  assert.equal(log.delays.at(-1), "clear 2");
});

test("each problem is reported, retried with a doubling backoff, and never handed to onToken", async () => {
  const expired = issue("1h", NOW - 7200);
  const short = issue("60s"); // expires with the margin
  const { log, fire, handle } = run(
    [() => new Error("offline"), 42, token, "not.a.token", expired, short],
    { retryAfter: "2s", margin: "1m" },
  );
  for (let k = 0; k < 6; k++) await fire();
  handle.cancel();
  assert.deepEqual(log.errors, [
    ["offline", 2, 1],
    ["ERR_INVALID_ARGUMENT", 4, 2], // 42: not a string
    ["ERR_INVALID_ARGUMENT", 8, 3], // the same token
    ["ERR_TOKEN_MALFORMED", 16, 4], // not a token
    ["ERR_TOKEN_EXPIRED", 32, 5],
    ["ERR_LIFETIME_OUT_OF_RANGE", 64, 6], // expires within the margin (+1 s)
  ]);
  assert.deepEqual(log.tokens, [short], "only the valid (if short-lived) token reaches onToken");
  assert.deepEqual(log.asked, [token, token, token, token, token, token]);
  assert.deepEqual(log.delays.slice(1, 7), [2000, 4000, 8000, 16000, 32000, 64000]);
});

test("the backoff stops doubling at 5 min (or retryAfter if longer); a throwing onToken is a problem", async () => {
  const fails = Array.from({ length: 12 }, () => () => new Error("down"));
  const capped = run(fails, { retryAfter: 10 });
  for (let k = 0; k < 8; k++) await capped.fire();
  capped.handle.cancel();
  assert.deepEqual(capped.log.errors.map((e) => e[1]), [10, 20, 40, 80, 160, 300, 300, 300]);
  const long = run(fails, { retryAfter: "10m" });
  for (let k = 0; k < 2; k++) await long.fire();
  long.handle.cancel();
  assert.deepEqual(long.log.errors.map((e) => e[1]), [600, 600]);

  const next = issue("1h");
  const boom = run([next], { onToken: () => { throw new Error("onToken broke"); } });
  await boom.fire();
  boom.handle.cancel();
  assert.deepEqual(boom.log.errors, [["onToken broke", 10, 1]]);
});
