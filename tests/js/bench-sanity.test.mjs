// The benchmark's own sanity check in `make test` (benches/bench.mjs `sanity`): for RS256, PS256,
// ES256, EdDSA and HS256, every contestant's token (sceyt issue/issueSync, jose, fast-jwt,
// @tsndr/cloudflare-worker-jwt) is accepted by every contestant's verifier, so no contestant in
// `make bench` can win by skipping work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sanity } from "../../benches/bench.mjs";

test("every benchmark contestant's token verifies with every other contestant", async () => {
  const pairs = await sanity();
  // Signers: sceyt issue(), issueSync(), jose, fast-jwt, and tsndr for RS256/ES256/HS256; the
  // verifiers likewise: 5 x 5 for those three algorithms, 4 x 4 for PS256 and EdDSA.
  assert.equal(pairs, 3 * 25 + 2 * 16, `pairs checked: ${pairs}`);
});
