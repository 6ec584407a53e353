// The differential suite (tests/differential/) in Node, against the installed tarball: every
// verification path and backend agrees over the seeded corpus, and the native primitive decided.
// The same suite runs in workerd, Chrome and Firefox from tests/runtimes/.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pkg from "sceyt-token";
import { makeCorpus } from "../differential/corpus.mjs";
import { runDifferential } from "../differential/differential.mjs";

test("differential suite in Node: verify() = verifySync() = inspectToken() over the corpus", async () => {
  const corpus = makeCorpus({ perFamily: 1000 });
  const result = await runDifferential(pkg, corpus);
  console.log(`# differential (node): ${JSON.stringify(result.stats)}`);
  for (const f of result.failures) console.log(`# FAIL ${f.name}\n${f.message}`);
  assert.equal(result.failed, 0, `${result.failed} differential checks failed: ${result.failures.map((f) => f.name).join("; ")}`);
  assert.ok(result.passed >= 14, `only ${result.passed} checks ran`);
  for (const family of ["RS", "PS", "ES", "ED", "HS"]) {
    assert.ok(result.stats.tokens[family] >= 1000, `${family}: ${result.stats.tokens[family]} tokens`);
  }
  // Node has node:crypto: "auto" and "node" run on it (sync and async), "webcrypto" on crypto.subtle.
  assert.ok(result.stats.nodeCrypto, "node:crypto was found");
  assert.deepEqual(result.stats.backends, ["auto", "node", "webcrypto", "wasm"]);
  assert.ok(result.stats.nativeBooleans > 1000, `crypto.subtle answers counted: ${result.stats.nativeBooleans}`);
  assert.ok(result.stats.nodeBooleans > 4000, `node:crypto answers counted: ${result.stats.nodeBooleans}`);
  // The provider checks (issue 19): every new code reached, every path agreed.
  assert.ok(result.stats.provider.comparisons > 10000, `provider comparisons: ${result.stats.provider.comparisons}`);
  // backend "webcrypto": the verify() calls waited for WebCrypto in the async driver; with
  // node:crypto ("auto", "node") they settled at their first poll.
  assert.ok(result.stats.asyncWaits > 1000, `calls that waited for WebCrypto: ${result.stats.asyncWaits}`);
  assert.ok(result.stats.asyncNow > 1000, `calls settled at once: ${result.stats.asyncNow}`);
});

test("the differential suite can fail: a verifier that accepts what verifySync refuses is caught", async () => {
  // A fake package whose async verify() accepts every token: the suite must report failures.
  const corpus = makeCorpus({ perFamily: 60, seed: 3 });
  class LyingVerifier extends pkg.TokenVerifier {
    async verify(token) {
      try {
        return this.verifySync(token);
      } catch {
        return { header: {}, claims: {} };
      }
    }
  }
  const fake = { ...pkg, TokenVerifier: LyingVerifier };
  const result = await runDifferential(fake, corpus);
  assert.ok(result.failed >= 5, `the lying verifier went unnoticed (${result.failed} failures)`);
});
