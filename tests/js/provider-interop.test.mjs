// Interop for the provider checks (issue 19): tokens made by sceyt-token (TokenIssuer with iss/aud
// claims), by jose (SignJWT setIssuer/setAudience/setSubject, typ headers) and by PyJWT (aud lists,
// strings, [], a number; tests/py/provider_interop.py) are verified by all three with the same
// issuer / audience / subject options (jose: also typ and maxTokenAge); the verdicts agree. The one
// documented difference: an `aud` array with a non-string entry that also holds the expected
// audience is accepted by jose and refused by sceyt-token and PyJWT (ERR_CLAIM_INVALID).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as jose from "jose";
import { SigningKey, VerifyingKey, TokenIssuer, TokenVerifier, inspectToken } from "sceyt-token";
import { APP, fixture } from "../common/fixtures.mjs";

const SECRET = "0123456789abcdef0123456789abcdef-provider-interop";
const ISS = "https://auth.example.com/";
const PYTHON = new URL("../../target/pyenv/bin/python", import.meta.url).pathname;
const now = Math.floor(Date.now() / 1000);
const rsaPrivate = fixture("rsa2048.pkcs8.pem");
const rsaPublic = fixture("rsa2048.spki.pem");

const ours = {
  HS256: VerifyingKey.fromSecret(SECRET),
  RS256: VerifyingKey.fromPem(rsaPublic),
};
/** The cases: the same options on every side (typ and maxTokenAge: PyJWT has neither). */
const CASES = [
  { id: "issuer", issuer: ISS },
  { id: "issuer-noslash", issuer: "https://auth.example.com" },
  { id: "issuer-list", issuer: ["https://other.example", ISS] },
  { id: "audience", audience: "chat" },
  { id: "audience-list", audience: ["x", "chat"] },
  { id: "audience-other", audience: "admin" },
  { id: "subject", subject: "user-42" },
  { id: "all", issuer: [ISS], audience: ["chat"], subject: "user-42" },
  { id: "typ", typ: "at+jwt", py: false },
  { id: "typ-upper", typ: "APPLICATION/AT+JWT", py: false },
  { id: "typ-jwt", typ: "JWT", py: false },
  { id: "age", maxTokenAge: "2m", audience: "chat", py: false },
  { id: "age-short", maxTokenAge: 30, py: false },
];

async function makeTokens() {
  const tokens = [];
  // sceyt-token's issuer: iss and aud as extra claims, HS256 and RS256
  for (const [alg, sk] of [["HS256", SigningKey.fromSecret(SECRET)], ["RS256", SigningKey.fromPem(rsaPrivate)]]) {
    const issuer = new TokenIssuer(sk, { applicationId: APP, clock: () => (now - 60) * 1000 });
    for (const [name, claims] of [
      ["aud-list", { iss: ISS, aud: ["api", "chat"] }],
      ["aud-string", { iss: ISS, aud: "chat" }],
      ["iss-noslash", { iss: "https://auth.example.com", aud: "chat" }],
      ["aud-empty", { iss: ISS, aud: [] }],
    ]) {
      tokens.push({ id: `sceyt ${name} ${alg}`, alg, token: issuer.issueSync("user-42", { claims }) });
    }
    issuer.free();
    sk.free();
  }
  // jose: setIssuer / setAudience / setSubject, typ headers
  const joseKeys = { HS256: new TextEncoder().encode(SECRET), RS256: await jose.importPKCS8(rsaPrivate, "RS256") };
  for (const alg of ["HS256", "RS256"]) {
    for (const [name, typ, iss, aud, sub] of [
      ["at+jwt", "at+jwt", ISS, ["api", "chat"], "user-42"],
      ["APP-AT", "application/AT+JWT", ISS, "chat", "user-42"],
      ["JWT", "JWT", ISS, ["chat"], "user-42"],
      ["no-typ", undefined, ISS, "chat", "user-42"],
      ["iss-noslash", "at+jwt", "https://auth.example.com", "chat", "user-42"],
      ["aud-other", "at+jwt", ISS, ["api", "admin"], "user-42"],
      ["sub-other", "at+jwt", ISS, "chat", "mallory"],
    ]) {
      const header = typ === undefined ? { alg } : { alg, typ };
      const token = await new jose.SignJWT({})
        .setProtectedHeader(header)
        .setIssuer(iss)
        .setAudience(aud)
        .setSubject(sub)
        .setIssuedAt(now - 60)
        .setExpirationTime(now + 3600)
        .sign(joseKeys[alg]);
      tokens.push({ id: `jose ${name} ${alg}`, alg, token });
    }
  }
  return tokens;
}

function ourVerdict(token, alg, c) {
  const { id, py, ...options } = c;
  void id, py;
  const o = { ...options, anyApplication: true, lifetimePolicy: false, algorithms: [alg] };
  const v = new TokenVerifier(ours[alg], o);
  let verdict;
  try {
    v.verifySync(token);
    verdict = "ok";
  } catch (e) {
    verdict = e.code;
  } finally {
    v.free();
  }
  const report = inspectToken(token, { key: ours[alg], ...o });
  assert.equal(report.code ?? "ok", verdict, `inspectToken vs verifySync for ${c.id}`);
  return verdict;
}

async function ourVerdictAsync(token, alg, c) {
  const { id, py, ...options } = c;
  void id, py;
  const v = new TokenVerifier(ours[alg], { ...options, anyApplication: true, lifetimePolicy: false, algorithms: [alg] });
  try {
    await v.verify(token);
    return "ok";
  } catch (e) {
    return e.code;
  } finally {
    v.free();
  }
}

async function joseVerdict(token, alg, c) {
  const { id, py, ...options } = c;
  void id, py;
  const key = alg === "HS256" ? new TextEncoder().encode(SECRET) : await jose.importSPKI(rsaPublic, "RS256");
  try {
    await jose.jwtVerify(token, key, { algorithms: [alg], requiredClaims: ["exp", "iat", "sub"], ...options });
    return "ok";
  } catch (e) {
    return e.code ?? String(e);
  }
}

test("provider options: sceyt-token, jose and PyJWT agree on tokens made by each", async (t) => {
  const tokens = await makeTokens();
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup.sh test`);
  const input = JSON.stringify({
    now,
    secret: SECRET,
    rsaPrivate,
    rsaPublic,
    tokens,
    cases: CASES.filter((c) => c.py !== false).map(({ py, ...c }) => (void py, c)),
  });
  const py = JSON.parse(execFileSync(PYTHON, [new URL("../py/provider_interop.py", import.meta.url).pathname], { input, maxBuffer: 1 << 24 }).toString());
  const all = [...tokens, ...py.tokens];
  assert.ok(py.tokens.length >= 20, `PyJWT made ${py.tokens.length} tokens`);
  let compared = 0;
  let accepted = 0;
  let refused = 0;
  const knownDifferences = [];
  for (const tok of all) {
    for (const c of CASES) {
      const mine = ourVerdict(tok.token, tok.alg, c);
      assert.equal(await ourVerdictAsync(tok.token, tok.alg, c), mine, `verify vs verifySync: ${tok.id} / ${c.id}`);
      const theirs = await joseVerdict(tok.token, tok.alg, c);
      const pyVerdict = c.py === false ? undefined : py.verdicts[tok.id][c.id];
      const mixedAud = tok.id.startsWith("py-aud-mixed") && "audience" in c && c.id !== "audience-other";
      if (mixedAud) {
        // ["chat", 5]: jose looks for "chat" and accepts; PyJWT and sceyt-token refuse the array.
        assert.equal(theirs, "ok", `jose on ${tok.id} / ${c.id}`);
        assert.equal(mine, "ERR_CLAIM_INVALID", `ours on ${tok.id} / ${c.id}`);
        if (pyVerdict !== undefined) assert.equal(pyVerdict, "InvalidAudienceError", `PyJWT on ${tok.id} / ${c.id}`);
        knownDifferences.push(`${tok.id} / ${c.id}`);
        continue;
      }
      assert.equal(mine === "ok", theirs === "ok", `sceyt-token ${mine} vs jose ${theirs}: ${tok.id} / ${c.id}`);
      if (pyVerdict !== undefined) assert.equal(mine === "ok", pyVerdict === "ok", `sceyt-token ${mine} vs PyJWT ${pyVerdict}: ${tok.id} / ${c.id}`);
      compared += 1;
      if (mine === "ok") accepted += 1;
      else refused += 1;
    }
  }
  t.diagnostic(`${all.length} tokens (${py.tokens.length} by PyJWT) x ${CASES.length} cases: ${compared} agreed (${accepted} accepted, ${refused} refused); known differences: ${knownDifferences.length}`);
  assert.ok(accepted > 50 && refused > 50, `accepted ${accepted}, refused ${refused}`);
  assert.ok(knownDifferences.length > 0);
});
