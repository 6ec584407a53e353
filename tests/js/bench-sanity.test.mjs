// The benchmark's own sanity check in `make test` (benches/bench.mjs `sanity`): for RS256, PS256,
// ES256, EdDSA and HS256, every contestant's token (sceyt issue/issueSync, jose, fast-jwt,
// @tsndr/cloudflare-worker-jwt, and the bare node:crypto primitive on the same signing input) is
// accepted by every contestant's verifier, so no contestant in `make bench` can win by skipping work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sanity } from "../../benches/bench.mjs";

test("every benchmark contestant's token verifies with every other contestant", async () => {
  const pairs = await sanity();
  // Signers: sceyt issue(), issueSync(), jose, fast-jwt, the bare node:crypto primitive, and tsndr
  // for RS256/ES256/HS256; the verifiers likewise: 6 x 6 for those three algorithms, 5 x 5 for
  // PS256 and EdDSA.
  assert.equal(pairs, 3 * 36 + 2 * 25, `pairs checked: ${pairs}`);
});
