// One reader for the verification options (src/js/options.rs) and one key shape (OneOrSet) behind
// every verifying entry point: TokenVerifier, inspectToken, verifyCompact and verifyCompactSync
// read `algorithms`, `maxTokenLength` and `backend` the same way, and each takes a VerifyingKey,
// a SigningKey or a KeySet. The JS layer's one place for "algorithm not allowed" (the rule itself,
// per algorithm, is tests/verify.rs): `none` listed, a list the key cannot serve, and a list that
// leaves out the token's algorithm, each with ERR_ALG_NOT_ALLOWED on every entry point, sync and
// async. Also the message size rule for a TokenError carried over from a key
// holder (src/error.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SigningKey, KeySet, TokenIssuer, TokenVerifier, TokenError, inspectToken, verifyCompact,
  verifyCompactSync,
} from "sceyt-token";
import { APP, NOW, clock, fixture } from "../common/fixtures.mjs";
import { throwsCode, rejectsCode } from "../common/harness.mjs";

const key = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
const token = new TokenIssuer(key, { applicationId: APP, clock }).issueSync("user-42");
const currentDate = new Date(NOW * 1000);

/** Each entry point, made to throw (or reject) its error for `options` and token `t`. */
const paths = {
  "new TokenVerifier": async (k, o, t) => { new TokenVerifier(k, o).verifySync(t); },
  "TokenVerifier.verify": async (k, o, t) => { await new TokenVerifier(k, o).verify(t); },
  inspectToken: async (k, o, t) => {
    const r = inspectToken(t, { ...o, key: k });
    if (r.verdict !== "valid") throw Object.assign(new TokenError(r.code, r.summary), { report: r });
  },
  verifyCompactSync: async (k, o, t) => { verifyCompactSync(t, k, o); },
  verifyCompact: async (k, o, t) => { await verifyCompact(t, k, o); },
};
const verifierOnly = (o) => ({ applicationId: APP, ...o, currentDate });

/** The TokenError entry point `name` gives for key `k`, options `o` and token `t`; null when it accepts. */
async function errorOf(name, k, o, t = token) {
  const opts = name.startsWith("verifyCompact") ? o : verifierOnly(o);
  try {
    await paths[name](k, opts, t);
  } catch (e) {
    assert.ok(e instanceof TokenError, `${name}: ${e}`);
    return e;
  }
  return null;
}

test("every path reads algorithms, maxTokenLength and backend with one rule", async () => {
  const cases = [
    [{ algorithms: "RS256" }, "ERR_INVALID_ARGUMENT"],
    [{ algorithms: ["none"] }, "ERR_ALG_NOT_ALLOWED"],
    [{ algorithms: ["XX1"] }, "ERR_INVALID_ARGUMENT"],
    [{ algorithms: ["ES256"] }, "ERR_ALG_NOT_ALLOWED"],
    // The key serves PS256, but the RS256 token's algorithm is not in the list.
    [{ algorithms: ["PS256"] }, "ERR_ALG_NOT_ALLOWED"],
    [{ maxTokenLength: 15 }, "ERR_INVALID_ARGUMENT"],
    [{ maxTokenLength: 16.5 }, "ERR_INVALID_ARGUMENT"],
    [{ maxTokenLength: 64 }, "ERR_TOKEN_TOO_LARGE"],
    [{ backend: "quantum" }, "ERR_INVALID_ARGUMENT"],
  ];
  for (const [o, code] of cases) {
    const messages = new Set();
    for (const name of Object.keys(paths)) {
      // inspectToken reports token problems in its report and throws only for bad options.
      const e = await errorOf(name, key.publicKey, o);
      assert.ok(e, `${name} ${JSON.stringify(o)}: expected ${code}`);
      assert.equal(e.code, code, `${name} ${JSON.stringify(o)}: ${e.message}`);
      if (!e.report) messages.add(e.message);
    }
    if (code === "ERR_INVALID_ARGUMENT") assert.equal(messages.size, 1, `${JSON.stringify(o)}: ${[...messages]}`);
  }
});

test("a list that leaves out the token's algorithm is ERR_ALG_NOT_ALLOWED on every path, for every family", async () => {
  // Same family (RS256/PS256, HS256/HS512) and another family (ES256, EdDSA against RS256).
  for (const [alg, listed] of [["RS256", "PS256"], ["PS256", "RS256"], ["HS256", "HS512"], ["ES256", "RS256"], ["EdDSA", "RS256"]]) {
    const k = await SigningKey.generate(alg);
    const t = new TokenIssuer(k, { applicationId: APP, clock }).issueSync("user-42");
    for (const name of Object.keys(paths)) {
      assert.equal(await errorOf(name, k.publicKey, { algorithms: [alg] }, t), null, `${name} ${alg} listed`);
      const e = await errorOf(name, k.publicKey, { algorithms: [listed] }, t);
      assert.equal(e?.code, "ERR_ALG_NOT_ALLOWED", `${name} ${alg} token, algorithms [${listed}]: ${e?.message}`);
    }
  }
});

test("an empty algorithms list is refused up front on every path (unified rule)", async () => {
  for (const name of Object.keys(paths)) {
    const e = await errorOf(name, key.publicKey, { algorithms: [] });
    assert.equal(e?.code, "ERR_INVALID_ARGUMENT", name);
    assert.match(e.message, /at least one algorithm/, name);
  }
});

test("verifyCompact takes only the signature options", () => {
  for (const extra of ["applicationId", "clockTolerance", "requiredClaims", "currentDate"]) {
    const e = throwsCode(() => verifyCompactSync(token, key.publicKey, { [extra]: 1 }), "ERR_INVALID_ARGUMENT", TokenError, extra);
    assert.match(e.message, /unknown option/, extra);
  }
  for (const backend of ["auto", "wasm", "node"]) {
    const { header } = verifyCompactSync(token, key.publicKey, { algorithms: ["RS256"], maxTokenLength: 4096, backend });
    assert.equal(header.alg, "RS256", backend);
  }
});

test("every path takes a VerifyingKey, a SigningKey or a KeySet", async () => {
  const set = KeySet.fromJwks({ keys: [key.toPublicJwk()] });
  for (const k of [key.publicKey, key, set]) {
    for (const name of Object.keys(paths)) {
      assert.equal(await errorOf(name, k, {}), null, `${name} with ${k.constructor.name}`);
    }
  }
  for (const k of [key.toPublicPem(), key.toPublicJwk(), { keys: [key.toPublicJwk()] }, JSON.stringify(key.toPublicJwk())]) {
    assert.equal(inspectToken(token, { key: k, currentDate }).verdict, "valid", typeof k);
  }
});

test("a key holder's TokenError keeps its code; its message is held to the size rule", () => {
  const long = "é".repeat(400);
  const holder = { __sceytHandle() { throw new TokenError("ERR_KEY_NOT_FOUND", long); } };
  const e = throwsCode(() => new TokenVerifier(holder, { anyApplication: true }), "ERR_KEY_NOT_FOUND", TokenError, "holder");
  assert.equal(e.message, "é".repeat(300) + "…");
  const short = { __sceytHandle() { throw new TokenError("ERR_KEY_NOT_FOUND", "keys not loaded yet"); } };
  assert.equal(throwsCode(() => new TokenVerifier(short, { anyApplication: true }), "ERR_KEY_NOT_FOUND", TokenError).message, "keys not loaded yet");
  // Not a TokenError: the binding's own message.
  const other = { __sceytHandle() { throw new Error("x".repeat(400)); } };
  assert.match(throwsCode(() => verifyCompactSync(token, other), "ERR_INVALID_ARGUMENT", TokenError).message, /has been freed/);
});

test("rejections keep the verifier's code on the async paths", async () => {
});

test("an unknown algorithm is named, with every supported algorithm listed from the one list", async () => {
  const { supportedAlgorithms } = await import("sceyt-token");
  const all = supportedAlgorithms();
  const listed = [...all.filter((a) => !a.startsWith("HS")), ...all.filter((a) => a.startsWith("HS"))];
  await assert.rejects(SigningKey.generate("RS1"), (e) => {
    assert.equal(e.code, "ERR_KEY_UNSUPPORTED");
    assert.equal(e.message, `algorithm "RS1" is not supported (${listed.join(", ")} are)`);
    assert.equal(listed.join(", "), "RS256, RS384, RS512, PS256, PS384, PS512, ES256, EdDSA, HS256, HS384, HS512");
    return true;
  });
});
