// The checks of the mixed ESM/CommonJS project (tests/mixed/run.mjs): `esm` is the package as
// `import "sceyt-token"` gave it, `cjs` as `require("sceyt-token")` gave it, in the same process;
// `other` is a second, separately installed copy of the package (another folder), imported by path.
// Runs unchanged in Node, Deno and Bun; prints `ok`/`not ok` lines and "N passed, M failed".
// The checks run on the shared harness (tests/common/harness.mjs, copied next to this file).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const PEM = readFileSync(join(__dirname, "rsa2048.pkcs8.pem"), "utf8");

async function run(runtime, order, esm, cjs, other) {
  // import(), not require(): the harness is an ES module, and what this project tests is how
  // sceyt-token itself is loaded.
  const { createHarness, equal: eq, throwsCode } = await import("./harness.mjs");
  const { check, result } = createHarness();
  const thrown = (fn, what) => throwsCode(fn, "ERR_KEY_INVALID", undefined, what);

  await check("one instance: esm.TokenError === cjs.TokenError", () => eq(esm.TokenError, cjs.TokenError, "TokenError"));
  await check("one instance: the key classes and the verifier are the same objects", () => {
    for (const k of ["SigningKey", "VerifyingKey", "KeySet", "TokenIssuer", "TokenVerifier", "RemoteKeySet", "inspectToken"]) {
      eq(esm[k], cjs[k], k);
    }
  });
  await check("an ESM key in a CommonJS verifier (and back)", async () => {
    const key = esm.SigningKey.fromPem(PEM);
    const token = await new esm.TokenIssuer(key, { applicationId: "app" }).issue("u1");
    eq(new cjs.TokenVerifier(key.publicKey, { applicationId: "app" }).verifySync(token).claims.sub, "u1", "sub");
    const ckey = cjs.SigningKey.fromPem(PEM);
    const t2 = new cjs.TokenIssuer(ckey, { applicationId: "app" }).issueSync("u2");
    eq((await new esm.TokenVerifier(ckey, { applicationId: "app" }).verify(t2)).claims.sub, "u2", "sub");
    eq(esm.inspectToken(t2, { key: ckey.publicKey, applicationId: "app" }).verdict, "valid", "inspect verdict");
  });
  await check("a CommonJS error is an instance of the ESM TokenError, and TokenError.is says so", () => {
    const e = thrown(() => cjs.SigningKey.fromPem("not a key"), "cjs fromPem");
    eq(e instanceof esm.TokenError, true, "instanceof esm.TokenError");
    eq(e instanceof cjs.TokenError, true, "instanceof cjs.TokenError");
    eq(esm.TokenError.is(e), true, "esm.TokenError.is");
    eq(cjs.TokenError.is(e), true, "cjs.TokenError.is");
    eq(e.code, "ERR_KEY_INVALID", "code");
  });
  await check("TokenError.is refuses what is not a TokenError", () => {
    for (const v of [new Error("x"), { name: "TokenError", code: "ERR_KEY_INVALID", message: "fake" }, null, undefined, "TokenError", 5]) {
      eq(esm.TokenError.is(v), false, `TokenError.is(${String(v)})`);
    }
    const plain = new Error("named");
    plain.name = "TokenError";
    plain.code = "ERR_KEY_INVALID";
    eq(esm.TokenError.is(plain), false, "an Error named TokenError without the brand");
  });
  await check("TokenError.is recognises a TokenError of another copy of the package (instanceof cannot)", () => {
    const e = thrown(() => other.SigningKey.fromPem("not a key"), "other copy's fromPem");
    eq(other.TokenError === esm.TokenError, false, "a second copy is a second class");
    eq(e instanceof esm.TokenError, false, "instanceof across copies");
    eq(esm.TokenError.is(e), true, "esm.TokenError.is(other copy's error)");
    eq(cjs.TokenError.is(e), true, "cjs.TokenError.is(other copy's error)");
    eq(esm.TokenError.is(new esm.TokenError("ERR_INVALID_ARGUMENT", "made here")), true, "is(new TokenError)");
  });

  const { passed, failed, names, failures } = result();
  for (const name of names) {
    const failure = failures.find((f) => f.name === name);
    const why = failure ? `: ${failure.message.split("\n").slice(0, 3).join(" | ")}` : "";
    console.log(`${failure ? "not ok" : "ok"} - ${runtime} (${order}): ${name}${why}`);
  }
  return { passed, failed };
}

module.exports = { run };
