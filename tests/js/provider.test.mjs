// The provider checks through the package (issue 19): issuer, audience, clientId, typ, maxTokenAge,
// subject — each alone and combined, string and array forms, through verify() (every backend),
// verifySync(), verifyCompact(Sync) (typ only) and inspectToken(); tokens failing two and three
// checks; aud as [] and as a number; iss with and without a trailing slash; typ case variants.
// The decision order is docs/DECISION.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { SigningKey, VerifyingKey, TokenVerifier, TokenError, inspectToken, verifyCompact, verifyCompactSync, errorCodes } from "sceyt-token";
import { NOW, APP } from "../common/fixtures.mjs";
import { throwsCode } from "../common/harness.mjs";

const SECRET = "0123456789abcdef0123456789abcdef-provider-secret";
const ISS = "https://auth.example.com/";
const currentDate = new Date(NOW * 1000);
const b64u = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** An HS256 token of `header` and `claims` (signed by node:crypto, not by the package). */
function hs(header, claims, secret = SECRET) {
  const input = `${b64u(header)}.${b64u(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
/** A foreign session token: no aid; `over` replaces claims (undefined removes one). */
function session(over = {}, header = { alg: "HS256", typ: "at+jwt" }) {
  const c = { iss: ISS, aud: ["api", "chat"], azp: "web-client", sub: "user-42", iat: NOW - 60, exp: NOW + 3600 };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete c[k];
  else c[k] = v;
  return hs(header, c);
}

const key = VerifyingKey.fromSecret(SECRET);

/** A verifier's options for foreign session tokens: no SCEYT aid, no SCEYT lifetime window. */
const foreign = (o = {}) => ({ anyApplication: true, lifetimePolicy: false, currentDate, ...o });
const ALL = { issuer: ISS, audience: "chat", clientId: "web-client", typ: "at+jwt", maxTokenAge: "10m", subject: "user-42" };

/** The outcome of every path under `options`: "ok" or the code; all must agree. */
async function outcomes(token, options) {
  const o = foreign(options);
  const out = {};
  const run = (name, fn) => {
    try {
      fn();
      out[name] = "ok";
    } catch (e) {
      assert.ok(e instanceof TokenError, `${name}: ${e}`);
      out[name] = e.code;
    }
  };
  const runAsync = async (name, fn) => {
    try {
      await fn();
      out[name] = "ok";
    } catch (e) {
      assert.ok(e instanceof TokenError, `${name}: ${e}`);
      out[name] = e.code;
    }
  };
  for (const backend of ["auto", "node", "webcrypto", "wasm"]) {
    const v = new TokenVerifier(key, { ...o, backend });
    run(`verifySync ${backend}`, () => v.verifySync(token));
    await runAsync(`verify ${backend}`, () => v.verify(token));
    v.free();
  }
  const report = inspectToken(token, { key, ...o });
  out.inspectToken = report.code ?? (report.verdict === "valid" ? "ok" : `verdict ${report.verdict}`);
  const first = Object.values(out)[0];
  for (const [k, v] of Object.entries(out)) assert.equal(v, first, `${k} disagrees: ${JSON.stringify(out)}`);
  return { code: first, report };
}

test("the new codes are listed by errorCodes()", () => {
  for (const c of ["ERR_ISSUER_MISMATCH", "ERR_AUDIENCE_MISMATCH", "ERR_CLIENT_MISMATCH", "ERR_TYPE_MISMATCH", "ERR_TOKEN_TOO_OLD", "ERR_SUBJECT_MISMATCH"]) {
    assert.ok(errorCodes().includes(c), c);
  }
});

test("each option alone, string and array forms, every path agrees", async () => {
  const good = session();
  const cases = [
    [{ issuer: ISS }, "ok"],
    [{ issuer: [ISS] }, "ok"],
    [{ issuer: ["https://other.example", ISS] }, "ok"],
    [{ issuer: "https://auth.example.com" }, "ERR_ISSUER_MISMATCH"],
    [{ issuer: ["https://a.example", "https://b.example"] }, "ERR_ISSUER_MISMATCH"],
    [{ audience: "chat" }, "ok"],
    [{ audience: ["x", "api"] }, "ok"],
    [{ audience: "admin" }, "ERR_AUDIENCE_MISMATCH"],
    [{ audience: ["admin", "root"] }, "ERR_AUDIENCE_MISMATCH"],
    [{ clientId: "web-client" }, "ok"],
    [{ clientId: ["ios", "web-client"] }, "ok"],
    [{ clientId: "ios" }, "ERR_CLIENT_MISMATCH"],
    [{ typ: "at+jwt" }, "ok"],
    [{ typ: ["JWT", "application/AT+JWT"] }, "ok"],
    [{ typ: "JWT" }, "ERR_TYPE_MISMATCH"],
    [{ maxTokenAge: 60 }, "ok"],
    [{ maxTokenAge: "1m" }, "ok"],
    [{ maxTokenAge: 59 }, "ERR_TOKEN_TOO_OLD"],
    [{ maxTokenAge: 30, clockTolerance: 30 }, "ok"],
    [{ subject: "user-42" }, "ok"],
    [{ subject: "user-4" }, "ERR_SUBJECT_MISMATCH"],
    [ALL, "ok"],
    [{ ...ALL, issuer: [ISS, "x"], audience: ["chat"], clientId: ["web-client"], typ: ["at+jwt"] }, "ok"],
  ];
  for (const [options, expected] of cases) {
    const { code } = await outcomes(good, options);
    assert.equal(code, expected, JSON.stringify(options));
  }
});

test("iss with and without a trailing slash against a configured value with and without one: exact match", async () => {
  for (const [configured, actual, expected] of [
    ["https://a.example/", "https://a.example/", "ok"],
    ["https://a.example", "https://a.example", "ok"],
    ["https://a.example/", "https://a.example", "ERR_ISSUER_MISMATCH"],
    ["https://a.example", "https://a.example/", "ERR_ISSUER_MISMATCH"],
  ]) {
    const { code, report } = await outcomes(session({ iss: actual }), { issuer: configured });
    assert.equal(code, expected, `${configured} vs ${actual}`);
    const line = report.checks.find((c) => c.check === "iss");
    if (expected !== "ok") assert.equal(line.message, `iss is ${JSON.stringify(actual)}, expected ${JSON.stringify(configured)}`);
  }
});

test("aud as a string, an array, an empty array, a number, a mixed array, missing", async () => {
  for (const [aud, expected] of [
    ["chat", "ok"],
    [["chat"], "ok"],
    [["api", "chat"], "ok"],
    [[], "ERR_AUDIENCE_MISMATCH"],
    [5, "ERR_CLAIM_INVALID"],
    [["chat", 5], "ERR_CLAIM_INVALID"],
    [{ chat: true }, "ERR_CLAIM_INVALID"],
    [undefined, "ERR_CLAIM_INVALID"],
    ["", "ERR_AUDIENCE_MISMATCH"],
  ]) {
    const { code } = await outcomes(session({ aud }), { audience: ["chat", "other"] });
    assert.equal(code, expected, JSON.stringify(aud));
  }
  // without the audience option, aud is not read (SCEYT tokens may carry any extra claim)
  assert.equal((await outcomes(session({ aud: 5 }), {})).code, "ok");
  const e = throwsCode(() => new TokenVerifier(key, foreign({ audience: "chat" })).verifySync(session({ aud: [] })), "ERR_AUDIENCE_MISMATCH", TokenError);
  assert.equal(e.message, 'aud is [], expected "chat"');
  assert.equal(e.claim, "aud");
  assert.equal(e.reason, "mismatch");
});

test("typ: case variants, the application/ prefix either side, missing, not a string", async () => {
  const t = (typ) => session({}, typ === undefined ? { alg: "HS256" } : { alg: "HS256", typ });
  for (const [typ, configured, expected] of [
    ["at+jwt", "at+jwt", "ok"],
    ["AT+JWT", "at+jwt", "ok"],
    ["At+Jwt", "AT+jwt", "ok"],
    ["application/at+jwt", "at+jwt", "ok"],
    ["Application/AT+JWT", "at+jwt", "ok"],
    ["at+jwt", "application/at+jwt", "ok"],
    ["JWT", "jwt", "ok"],
    ["JWT", "at+jwt", "ERR_TYPE_MISMATCH"],
    ["text/at+jwt", "at+jwt", "ERR_TYPE_MISMATCH"],
    [undefined, "at+jwt", "ERR_TYPE_MISMATCH"],
    [7, "at+jwt", "ERR_TYPE_MISMATCH"],
  ]) {
    const { code } = await outcomes(t(typ), { typ: configured });
    assert.equal(code, expected, `${typ} vs ${configured}`);
  }
});

test("clientId: azp, else client_id", async () => {
  assert.equal((await outcomes(session({ azp: undefined, client_id: "cli" }), { clientId: "cli" })).code, "ok");
  assert.equal((await outcomes(session({ azp: "web-client", client_id: "cli" }), { clientId: "cli" })).code, "ERR_CLIENT_MISMATCH");
  assert.equal((await outcomes(session({ azp: undefined }), { clientId: "cli" })).code, "ERR_CLAIM_INVALID");
  const e = throwsCode(() => new TokenVerifier(key, foreign({ clientId: ["a", "b"] })).verifySync(session({ azp: undefined, client_id: "c" })), "ERR_CLIENT_MISMATCH", TokenError);
  assert.equal(e.message, 'client_id is "c", expected one of "a", "b"');
  assert.equal(e.claim, "client_id");
});

test("maxTokenAge: the boundary second, clockTolerance, missing iat", async () => {
  const t = session({ iat: NOW - 600 });
  assert.equal((await outcomes(t, { maxTokenAge: "10m" })).code, "ok");
  assert.equal((await outcomes(t, { maxTokenAge: 599 })).code, "ERR_TOKEN_TOO_OLD");
  assert.equal((await outcomes(t, { maxTokenAge: 599, clockTolerance: 1 })).code, "ok");
  assert.equal((await outcomes(session({ iat: undefined }), { maxTokenAge: 600, requiredClaims: ["sub"] })).code, "ERR_CLAIM_INVALID");
  const e = throwsCode(() => new TokenVerifier(key, foreign({ maxTokenAge: "5m" })).verifySync(t), "ERR_TOKEN_TOO_OLD", TokenError);
  assert.equal(e.message, "token was issued 10 min ago at 2026-11-28T09:53:00Z, longer ago than maxTokenAge 5 min");
  assert.equal(e.claim, "iat");
  assert.equal(e.reason, "too_old");
});

test("tokens failing two and three checks: the same first code everywhere, the report lists every failure", async () => {
  const cases = [
    // [claims over, header, first code, every failing line]
    [{ iss: "https://evil.example/", aud: "admin" }, undefined, "ERR_ISSUER_MISMATCH", ["iss", "aud"]],
    [{ aud: [], azp: "ios", sub: "mallory" }, undefined, "ERR_AUDIENCE_MISMATCH", ["aud", "client", "sub"]],
    [{ iss: "x", sub: "mallory" }, { alg: "HS256", typ: "JWT" }, "ERR_TYPE_MISMATCH", ["typ", "iss", "sub"]],
    [{ exp: NOW - 1, iat: NOW - 7200, aud: 5 }, undefined, "ERR_TOKEN_EXPIRED", ["exp", "age", "aud"]],
    [{ iat: NOW - 7200, azp: "ios" }, undefined, "ERR_TOKEN_TOO_OLD", ["age", "client"]],
  ];
  for (const [over, header, first, lines] of cases) {
    const token = session(over, header);
    const { code, report } = await outcomes(token, ALL);
    assert.equal(code, first, JSON.stringify(over));
    const failing = report.checks.filter((c) => c.status === "fail").map((c) => c.check);
    assert.deepEqual(failing, lines, JSON.stringify(over));
    assert.equal(report.checks.find((c) => c.code === first).message, report.summary);
  }
  // a bad signature still wins over every claim failure; typ (a header rule) wins over it
  const forged = hs({ alg: "HS256", typ: "at+jwt" }, { iss: "x", aud: [] }, "another-secret-0123456789abcdef-0123456789");
  assert.equal((await outcomes(forged, ALL)).code, "ERR_SIGNATURE_INVALID");
  const forgedTyp = hs({ alg: "HS256", typ: "JWT" }, { iss: "x" }, "another-secret-0123456789abcdef-0123456789");
  assert.equal((await outcomes(forgedTyp, ALL)).code, "ERR_TYPE_MISMATCH");
});

test("inspectToken shows each new check as a line, in the documented order", () => {
  const report = inspectToken(session(), { key, ...foreign(ALL) });
  assert.equal(report.verdict, "valid");
  assert.deepEqual(
    report.checks.map((c) => `${c.check}=${c.status}`),
    ["structure=pass", "typ=pass", "algorithm=pass", "signature=pass", "exp=pass", "nbf=warn", "iat=pass", "age=pass", "lifetime=skip", "aid=warn", "iss=pass", "aud=pass", "client=pass", "sub=pass"],
  );
  // without a key: the same lines, unverified
  const unverified = inspectToken(session({ aud: "x" }), foreign(ALL));
  assert.equal(unverified.verdict, "invalid");
  assert.equal(unverified.code, "ERR_AUDIENCE_MISMATCH");
  // a SCEYT report is unchanged: no new lines without the options
  const plain = inspectToken(session(), { key, applicationId: APP, currentDate });
  assert.deepEqual(plain.checks.map((c) => c.check), ["structure", "algorithm", "signature", "exp", "nbf", "iat", "lifetime", "aid", "sub"]);
});

test("verifyCompact and verifyCompactSync take typ (a header rule) and no claim option", async () => {
  const jws = hs({ alg: "HS256", typ: "application/at+jwt" }, "any payload, not JSON");
  for (const backend of ["auto", "node", "webcrypto", "wasm"]) {
    assert.equal(new TextDecoder().decode(verifyCompactSync(jws, key, { typ: "AT+JWT", backend }).payload), "any payload, not JSON");
    assert.equal(new TextDecoder().decode((await verifyCompact(jws, key, { typ: ["jwt", "at+jwt"], backend })).payload), "any payload, not JSON");
    throwsCode(() => verifyCompactSync(jws, key, { typ: "jwt", backend }), "ERR_TYPE_MISMATCH", TokenError);
    await assert.rejects(verifyCompact(jws, key, { typ: "jwt", backend }), (e) => e.code === "ERR_TYPE_MISMATCH");
  }
  for (const option of ["issuer", "audience", "clientId", "maxTokenAge", "subject"]) {
    throwsCode(() => verifyCompactSync(jws, key, { [option]: "x" }), "ERR_INVALID_ARGUMENT", TokenError, option);
  }
});

test("the options are checked: types, empty values, empty lists", () => {
  const bad = [
    { issuer: "" },
    { issuer: [] },
    { issuer: 5 },
    { issuer: ["ok", 5] },
    { audience: [""] },
    { audience: {} },
    { clientId: null },
    { typ: [] },
    { typ: true },
    { maxTokenAge: 0 },
    { maxTokenAge: -1 },
    { maxTokenAge: "soon" },
    { maxTokenAge: 1.5 },
    { subject: "" },
    { subject: 42 },
    { issuer: Array.from({ length: 65 }, (_, i) => `i${i}`) },
  ];
  for (const o of bad) {
    const e = throwsCode(() => new TokenVerifier(key, foreign(o)), "ERR_INVALID_ARGUMENT", TokenError, JSON.stringify(o));
    const name = Object.keys(o)[0];
    assert.match(e.message, new RegExp(name), `${JSON.stringify(o)}: ${e.message}`);
    throwsCode(() => inspectToken(session(), { key, ...foreign(o) }), "ERR_INVALID_ARGUMENT", TokenError, `inspectToken ${JSON.stringify(o)}`);
  }
});

test("messages are clipped and name the expected and the actual values", () => {
  const long = `https://${"a".repeat(300)}.example/`;
  const e = throwsCode(() => new TokenVerifier(key, foreign({ issuer: [long, "b", "c", "d"] })).verifySync(session({ iss: long.slice(0, -1) })), "ERR_ISSUER_MISMATCH", TokenError);
  assert.ok(e.message.length <= 301, e.message.length);
  assert.match(e.message, /^iss is "https:\/\/a+…", expected one of "https:\/\/a+…", "b", "c" \(and 1 more\)$/);
});

test("a SCEYT token and a SCEYT verifier are untouched by the new options' defaults", () => {
  const signing = SigningKey.fromSecret(SECRET);
  const sceyt = hs({ alg: "HS256", typ: "JWT" }, { iat: NOW - 60, nbf: NOW - 60, exp: NOW + 3600, sub: "u", aid: APP, aud: 7, iss: 3 });
  const v = new TokenVerifier(key, { applicationId: APP, currentDate });
  assert.equal(v.verifySync(sceyt).claims.sub, "u");
  v.free();
  signing.free();
});
