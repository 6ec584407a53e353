// Deno: the suite against `import "sceyt-token"` resolved from node_modules (the `deno` condition).
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";
import { makeCorpus } from "../differential/corpus.mjs";
import { runDifferential } from "../differential/differential.mjs";

if (typeof Deno === "undefined") throw new Error("not running in Deno");
const result = await runSuite(pkg, (ok, message) => { if (!ok) throw new Error(message); }, { jose });
// The differential suite: every backend against the pure-wasm verifySync; here node:crypto must
// be found and decide (its verify calls that returned a boolean are counted).
const assert = (ok, message) => { if (!ok) throw new Error(message); };
const diff = await runDifferential(pkg, makeCorpus({ perFamily: 300 }), assert);
const name = "node:crypto found and used by the auto and node backends";
const backendOk = diff.stats.nodeCrypto === true && diff.stats.nodeBooleans > 1000;
console.log(JSON.stringify({
  passed: result.passed + diff.passed + (backendOk ? 1 : 0),
  failed: result.failed + diff.failed + (backendOk ? 0 : 1),
  names: [...result.names, ...diff.names, name],
  failures: [...result.failures, ...diff.failures, ...(backendOk ? [] : [{ name, message: JSON.stringify(diff.stats) }])],
  differential: diff.stats,
}));
