// Shared fixtures for the node:test suites. The package is imported by name: scripts/pack.sh has
// installed the npm-pack tarball into node_modules/sceyt-token.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";

export const NOW = 1_795_860_180; // 2026-11-28T10:03:00Z
export const APP = "dqev1ml4ld";
export const clock = () => NOW * 1000;

export function fixture(name) {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
}

/** Asserts that `fn` throws a TokenError with `code` (and a non-empty message). */
export function throwsCode(fn, code, TokenError, note = "") {
  let threw = false;
  let error;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
    assert.ok(e instanceof TokenError, `${note}: expected TokenError, got ${e && e.constructor && e.constructor.name}: ${e}`);
    assert.ok(e instanceof Error, `${note}: TokenError must be an Error`);
    const codes = Array.isArray(code) ? code : [code];
    assert.ok(codes.includes(e.code), `${note}: expected ${codes.join("|")}, got ${e.code}: ${e.message}`);
    assert.ok(typeof e.message === "string" && e.message.length > 5, `${note}: message too short`);
  }
  assert.ok(threw, `${note}: expected a throw with ${code}`);
  return error;
}

export async function rejectsCode(promise, code, TokenError, note = "") {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TokenError, `${note}: expected TokenError, got ${e}`);
    const codes = Array.isArray(code) ? code : [code];
    assert.ok(codes.includes(e.code), `${note}: expected ${codes.join("|")}, got ${e.code}: ${e.message}`);
    assert.ok(typeof e.message === "string" && e.message.length > 5, `${note}: message too short`);
    return e;
  }
  assert.fail(`${note}: expected a rejection with ${code}`);
}
