// The shared suite and the differential suite for the runtimes that have node:crypto through their
// Node compatibility (Deno, Bun): node:crypto must be found and decide (its verify calls that
// returned a boolean are counted by the differential suite). Returns one result object.
import { runSuite } from "./suite.mjs";
import { makeCorpus } from "../differential/corpus.mjs";
import { runDifferential } from "../differential/differential.mjs";
import { createHarness, merge } from "../common/harness.mjs";

export async function runWithNodeCrypto(pkg, jose, { perFamily = 300 } = {}) {
  const result = await runSuite(pkg, { jose });
  const diff = await runDifferential(pkg, makeCorpus({ perFamily }));
  const backend = createHarness();
  backend.record("node:crypto found and used by the auto and node backends", diff.stats.nodeCrypto === true && diff.stats.nodeBooleans > 1000, JSON.stringify(diff.stats));
  return { ...merge(result, diff, backend.result()), differential: diff.stats };
}
