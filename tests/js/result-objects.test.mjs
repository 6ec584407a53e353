// Every view the package hands back holds exactly the token's members: `__proto__`, `constructor`
// and `prototype` stay own data properties at every depth, as `JSON.parse` (and jose) keep them,
// and every object's prototype is Object.prototype (arrays: Array.prototype). The views:
// verify(), verifySync(), verifyCompact()/verifyCompactSync() (header; payload bytes), inspectToken
// (header, claims) and decodeToken (header, claims), under every backend. Also: applicationId as an
// explicit choice on the verifier and the issuer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, sign as nodeSign } from "node:crypto";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  SigningKey,
  TokenIssuer,
  TokenVerifier,
  TokenError,
  VerifyingKey,
  inspectToken,
  decodeToken,
  verifyCompact,
  verifyCompactSync,
} from "sceyt-token";
import { APP, NOW, clock, fixture } from "../common/fixtures.mjs";
import { throwsCode } from "../common/harness.mjs";

const pem = fixture("rsa2048.pkcs8.pem");
const nodeKey = createPrivateKey(pem);
const key = SigningKey.fromPem(pem);
const publicKey = key.publicKey;
const currentDate = new Date(NOW * 1000);
const b64u = (s) => Buffer.from(s).toString("base64url");

/** A token of raw header and payload JSON texts, RS256-signed by node:crypto. */
function tokenOf(headerText, payloadText) {
  const input = `${b64u(headerText)}.${b64u(payloadText)}`;
  return `${input}.${nodeSign("sha256", Buffer.from(input), nodeKey).toString("base64url")}`;
}

/**
 * Compares `actual` with `expected` (a JSON.parse result) member by member: the same own keys
 * (order aside), every member an own enumerable data property, every object's prototype the
 * plain one. Returns nothing; throws with the path of the first difference.
 */
function sameMembers(actual, expected, path) {
  if (expected === null || typeof expected !== "object") {
    assert.deepEqual(actual, expected, path);
    return;
  }
  assert.ok(actual !== null && typeof actual === "object", `${path}: not an object`);
  const proto = Array.isArray(expected) ? Array.prototype : Object.prototype;
  assert.equal(Object.getPrototypeOf(actual), proto, `${path}: prototype is not ${Array.isArray(expected) ? "Array" : "Object"}.prototype`);
  const ownA = Reflect.ownKeys(actual).filter((k) => !(Array.isArray(actual) && k === "length")).sort();
  const ownE = Reflect.ownKeys(expected).filter((k) => !(Array.isArray(expected) && k === "length")).sort();
  assert.deepEqual(ownA, ownE, `${path}: own members`);
  for (const k of ownE) {
    const d = Object.getOwnPropertyDescriptor(actual, k);
    assert.ok(d && "value" in d && d.enumerable, `${path}.${k}: not an own enumerable data property`);
    sameMembers(d.value, expected[k], `${path}.${String(k)}`);
  }
}

const reserved = { iat: NOW - 60, nbf: NOW - 60, exp: NOW + 3600, sub: "user-42", aid: APP };

/** Every view of `token` (RS256, claims valid at NOW for APP), each as { header, claims }. */
async function views(token) {
  const out = {};
  for (const backend of ["auto", "node", "webcrypto", "wasm"]) {
    const v = new TokenVerifier(publicKey, { applicationId: APP, currentDate, backend });
    out[`verifySync(${backend})`] = v.verifySync(token);
    out[`verify(${backend})`] = await v.verify(token);
    // The verified-token cache's hits (src/js/token_cache.rs): a copy of what the first call kept.
    const cached = new TokenVerifier(publicKey, { applicationId: APP, currentDate, backend, cache: true });
    cached.verifySync(token);
    out[`verifySync(${backend}, cache hit)`] = cached.verifySync(token);
    out[`verify(${backend}, cache hit)`] = await cached.verify(token);
    cached.free();
    const c = verifyCompactSync(token, publicKey, { backend });
    out[`verifyCompactSync(${backend})`] = { header: c.header, claims: JSON.parse(Buffer.from(c.payload).toString()) };
    const a = await verifyCompact(token, publicKey, { backend });
    out[`verifyCompact(${backend})`] = { header: a.header, claims: JSON.parse(Buffer.from(a.payload).toString()) };
    v.free();
  }
  const report = inspectToken(token, { key: publicKey, applicationId: APP, currentDate });
  assert.equal(report.verdict, "valid", report.summary);
  out.inspectToken = { header: report.header, claims: report.claims };
  // The report's JSON carries the members too (what the page and the CLI's --json show).
  const again = JSON.parse(JSON.stringify(report));
  out["JSON of inspectToken"] = { header: again.header, claims: again.claims };
  out.decodeToken = decodeToken(token);
  return out;
}

test("the reproductions: __proto__ in claims and header is a member in every view, never a prototype", async () => {
  const payload = JSON.stringify(reserved).replace(/}$/, ',"__proto__":{"admin":true}}');
  const header = '{"alg":"RS256","typ":"JWT","__proto__":{"jku":"https://evil"}}';
  const token = tokenOf(header, payload);
  for (const [name, view] of Object.entries(await views(token))) {
    assert.equal(view.claims.admin, undefined, `${name}: claims.admin leaked through the prototype`);
    assert.equal(view.header.jku, undefined, `${name}: header.jku leaked through the prototype`);
    assert.ok(Object.hasOwn(view.claims, "__proto__"), `${name}: claims lost the __proto__ member`);
    assert.deepEqual({ ...Object.getOwnPropertyDescriptor(view.claims, "__proto__").value }, { admin: true }, name);
    assert.ok(Object.hasOwn(view.header, "__proto__"), `${name}: header lost the __proto__ member`);
    assert.equal(Object.getPrototypeOf(view.claims), Object.prototype, name);
  }
  assert.equal({}.admin, undefined, "Object.prototype polluted");
  assert.equal({}.jku, undefined, "Object.prototype polluted");
});

/** mulberry32 */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Keys as written in the JSON text: the escaped spelling "\u005f_proto__" is the same member.
const NAMES = ['"__proto__"', '"constructor"', '"prototype"', '"\\u005f_proto__"', '"toString"', '"hasOwnProperty"', '"valueOf"', '"role"', '"a"', '"x-y"', '"__defineGetter__"', '"isAdmin"'];

/** Random JSON text of a value at `depth`, with members drawn from NAMES (unique once unescaped). */
function randomJson(r, depth) {
  const roll = r();
  if (depth > 0 && roll < 0.45) {
    const used = new Set();
    const members = [];
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const name = NAMES[Math.floor(r() * NAMES.length)];
      const plain = JSON.parse(name);
      if (used.has(plain)) continue;
      used.add(plain);
      members.push(`${name}:${randomJson(r, depth - 1)}`);
    }
    return `{${members.join(",")}}`;
  }
  if (depth > 0 && roll < 0.6) return `[${Array.from({ length: Math.floor(r() * 3) }, () => randomJson(r, depth - 1)).join(",")}]`;
  if (roll < 0.75) return JSON.stringify(`s${Math.floor(r() * 1000)}`);
  if (roll < 0.85) return String(Math.floor(r() * 1e6) - 5e5);
  if (roll < 0.92) return r() < 0.5 ? "true" : "false";
  return "null";
}

test("property: 300 random claim sets with __proto__/constructor/prototype at depths 1-4: every view has exactly the token's members", async () => {
  const r = rng(20261205);
  let protoMembers = 0;
  for (let i = 0; i < 300; i++) {
    const extra = [];
    const used = new Set();
    for (let j = 0; j < 1 + Math.floor(r() * 4); j++) {
      const name = NAMES[Math.floor(r() * NAMES.length)];
      const plain = JSON.parse(name);
      if (used.has(plain)) continue;
      used.add(plain);
      extra.push(`${name}:${randomJson(r, 1 + Math.floor(r() * 3))}`);
    }
    const payload = `${JSON.stringify(reserved).slice(0, -1)},${extra.join(",")}}`;
    const headerExtra = r() < 0.5 ? `,${NAMES[Math.floor(r() * 4)]}:${randomJson(r, 2)}` : "";
    const header = `{"alg":"RS256","typ":"JWT"${headerExtra}}`;
    const expected = { header: JSON.parse(header), claims: JSON.parse(payload) };
    if (payload.includes("__proto__") || payload.includes("u005f")) protoMembers += 1;
    const token = tokenOf(header, payload);
    for (const [name, view] of Object.entries(await views(token))) {
      sameMembers(view.claims, expected.claims, `#${i} ${name} claims`);
      sameMembers(view.header, expected.header, `#${i} ${name} header`);
    }
  }
  assert.ok(protoMembers > 100, `only ${protoMembers} claim sets held a __proto__ member`);
  assert.equal({}.admin, undefined);
  assert.equal(Object.prototype.role, undefined, "Object.prototype polluted");
});

test("the CLI's --json report keeps __proto__ as a member", () => {
  const payload = JSON.stringify(reserved).replace(/}$/, ',"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}');
  const token = tokenOf('{"alg":"RS256","typ":"JWT"}', payload);
  const bin = fileURLToPath(new URL("../../node_modules/sceyt-token/bin/sceyt-token.mjs", import.meta.url));
  const keyFile = fileURLToPath(new URL("../fixtures/rsa2048.spki.pem", import.meta.url));
  const out = execFileSync(process.execPath, [bin, "inspect", token, "--key", keyFile, "--app-id", APP, "--at", currentDate.toISOString(), "--json"], { encoding: "utf8" });
  const report = JSON.parse(out);
  sameMembers(report.claims, JSON.parse(payload), "CLI --json claims");
  assert.ok(out.includes('"__proto__"'), "the JSON text lost the member");
});

test("applicationId is an explicit choice: undefined, null and '' refused on the verifier and the issuer; anyApplication: true is the opt-out", () => {
  const token = new TokenIssuer(key, { applicationId: APP, clock }).issueSync("user-42");
  const other = new TokenIssuer(key, { applicationId: "another-app", clock }).issueSync("user-42");
  const env = {}; // SCEYT_APP_ID unset
  for (const [label, options] of [
    ["undefined (an unset environment variable)", { applicationId: env.SCEYT_APP_ID }],
    ["null", { applicationId: null }],
    ["empty", { applicationId: "" }],
    ["left out", {}],
    ["no options at all", undefined],
    ["anyApplication: false", { anyApplication: false }],
    ["anyApplication not a boolean", { anyApplication: "yes" }],
    ["both", { applicationId: APP, anyApplication: true }],
  ]) {
    const e = throwsCode(() => new TokenVerifier(publicKey, options), "ERR_INVALID_ARGUMENT", TokenError, `verifier, applicationId ${label}`);
    assert.match(e.message, /applicationId|anyApplication/, label);
    if (label.startsWith("undefined")) assert.match(e.message, /undefined/, label);
    if (label !== "both" && label !== "anyApplication not a boolean") assert.match(e.message, /anyApplication: true/, `${label}: the message names the opt-out`);
    throwsCode(() => new TokenIssuer(key, options), "ERR_INVALID_ARGUMENT", TokenError, `issuer, applicationId ${label}`);
  }
  // The opt-out survives JSON (a config passed through JSON.stringify keeps it).
  const optOut = JSON.parse(JSON.stringify({ anyApplication: true, clock: undefined }));
  const any = new TokenVerifier(publicKey, { ...optOut, clock });
  assert.equal(any.verifySync(other).claims.aid, "another-app");
  const strict = new TokenVerifier(publicKey, { applicationId: APP, clock });
  assert.equal(strict.verifySync(token).claims.aid, APP);
  throwsCode(() => strict.verifySync(other), "ERR_APPLICATION_MISMATCH", TokenError, "another application");
  // inspectToken reports without an id (aid shown, not checked), but refuses a present-but-undefined one.
  assert.equal(inspectToken(other, { key: publicKey, currentDate }).verdict, "valid");
  throwsCode(() => inspectToken(other, { key: publicKey, currentDate, applicationId: undefined }), "ERR_INVALID_ARGUMENT", TokenError, "inspectToken undefined");
  // verifyCompact reads no claims and takes neither option.
  throwsCode(() => verifyCompactSync(token, publicKey, { anyApplication: true }), "ERR_INVALID_ARGUMENT", TokenError, "compact");
  assert.ok(VerifyingKey);
});
