// The shared suite and the differential suite for the runtimes that have node:crypto through their
// Node compatibility (Deno, Bun): node:crypto must be found and decide (its verify calls that
// returned a boolean are counted by the differential suite). Returns one result object.
import { runSuite } from "./suite.mjs";
import { makeCorpus } from "../differential/corpus.mjs";
import { runDifferential } from "../differential/differential.mjs";

export async function runWithNodeCrypto(pkg, jose, { perFamily = 300 } = {}) {
  const assert = (ok, message) => {
    if (!ok) throw new Error(message);
  };
  const result = await runSuite(pkg, assert, { jose });
  const diff = await runDifferential(pkg, makeCorpus({ perFamily }), assert);
  const name = "node:crypto found and used by the auto and node backends";
  const backendOk = diff.stats.nodeCrypto === true && diff.stats.nodeBooleans > 1000;
  return {
    passed: result.passed + diff.passed + (backendOk ? 1 : 0),
    failed: result.failed + diff.failed + (backendOk ? 0 : 1),
    names: [...result.names, ...diff.names, name],
    failures: [...result.failures, ...diff.failures, ...(backendOk ? [] : [{ name, message: JSON.stringify(diff.stats) }])],
    differential: diff.stats,
  };
}
