// The one check harness of the JS suites that run outside node:test: the runtime suite
// (tests/runtimes/suite.mjs), the example worker's HTTP contract, the differential suite, the mixed
// ESM/CJS project and every runtime harness of tests/runtimes/. Web-standard JavaScript only (no
// import of node:*), so it runs in workerd, browsers, Deno, Bun, Node and edge-runtime alike.
//
//   const h = createHarness({ prefix: "deno: ", TokenError: pkg.TokenError });
//   await h.check("a name", async () => { h.equal(a, b, "what"); await h.rejects(fn, "ERR_X", "what"); });
//   h.record("a name", ok, "detail when not ok");          // a check decided elsewhere
//   return h.result();                                     // { passed, failed, names, failures }
//
// A result is what tests/runtimes/summarize.mjs reads: `names` lists every check that ran,
// `failures` is [{ name, message }]; merge() adds results up.

/** Throws an Error with `message` unless `ok`. */
export function assert(ok, message) {
  if (!ok) throw new Error(message);
}

const show = (v) => (typeof v === "function" ? `[function ${v.name}]` : v === undefined ? "undefined" : JSON.stringify(v));

/** Strict equality (===), the message naming what was compared, what was expected and what came. */
export function equal(actual, expected, what) {
  assert(actual === expected, `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function checkError(error, code, TokenError, note) {
  if (TokenError) {
    assert(error instanceof TokenError, `${note}: expected TokenError, got ${error?.constructor?.name ?? typeof error}: ${error?.message ?? error}`);
    assert(error instanceof Error, `${note}: TokenError must be an Error`);
  }
  const codes = Array.isArray(code) ? code : [code];
  assert(codes.includes(error?.code), `${note}: expected ${codes.join("|")}, got ${error?.code}: ${error?.message}`);
  assert(typeof error.message === "string" && error.message.length > 5, `${note}: message too short`);
  return error;
}

/**
 * Calls `fn` and checks that it throws synchronously a `TokenError` (the class given; any error
 * when none is) with `code` (or one of the codes of an array) and a message of more than 5
 * characters. Returns the error.
 */
export function throwsCode(fn, code, TokenError, note = "") {
  let threw = false;
  let error;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  assert(threw, `${note}: expected a throw with ${code}`);
  return checkError(error, code, TokenError, note);
}

/**
 * As throwsCode, for a promise or a function whose call throws or rejects. Resolves to the error.
 */
export async function rejectsCode(promiseOrFn, code, TokenError, note = "") {
  let threw = false;
  let error;
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    threw = true;
    error = e;
  }
  assert(threw, `${note}: expected a rejection with ${code}, but nothing was thrown`);
  return checkError(error, code, TokenError, note);
}

/** The message of a failed check: the error's message and its stack (Firefox's stack does not repeat the message). */
function describe(err) {
  if (err === null || typeof err !== "object") return String(err);
  return `${err.message ?? err}\n${err.stack ?? ""}`.slice(0, 4000);
}

/**
 * A fresh set of checks. `prefix` is put before every name; `TokenError` is the class `rejects`
 * requires (the package's, as the suite under test imported it).
 */
export function createHarness({ prefix = "", TokenError } = {}) {
  const names = [];
  const failures = [];
  let passed = 0;
  const h = {
    assert,
    equal,
    /** rejectsCode with the harness's TokenError. */
    rejects: (fn, code, what) => rejectsCode(fn, code, TokenError, what),
    /** Runs one named check: it passes when `fn` returns (or resolves) without throwing. */
    async check(name, fn) {
      names.push(prefix + name);
      try {
        await fn();
        passed += 1;
      } catch (err) {
        failures.push({ name: prefix + name, message: describe(err) });
      }
    },
    /** Records one named check decided by the caller: `ok`, else a failure with `detail`. */
    record(name, ok, detail) {
      names.push(prefix + name);
      if (ok) passed += 1;
      else failures.push({ name: prefix + name, message: String(detail ?? "") });
    },
    /** { passed, failed, names, failures } so far. */
    result: () => ({ passed, failed: failures.length, names: [...names], failures: [...failures] }),
  };
  return h;
}

/** Every name and failure of `result` with `prefix` before it. */
export function tag(result, prefix) {
  return {
    ...result,
    names: result.names.map((n) => prefix + n),
    failures: result.failures.map((f) => ({ ...f, name: prefix + f.name })),
  };
}

/** The sum of results: passed and failed added, names and failures in order; other members of the first kept. */
export function merge(...results) {
  const [first, ...rest] = results;
  const out = { ...first, names: [...first.names], failures: [...first.failures] };
  for (const r of rest) {
    out.passed += r.passed;
    out.failed += r.failed;
    out.names.push(...r.names);
    out.failures.push(...r.failures);
  }
  return out;
}
