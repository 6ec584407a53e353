// Node: the suite against `import "sceyt-token"` (entries/node.mjs) and `require("sceyt-token")`
// (entries/node.cjs, which returns entries/node.mjs: require(esm)). Prints one JSON result line.
import { createRequire } from "node:module";
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";

const assert = (ok, message) => {
  if (!ok) throw new Error(message);
};
const esm = await runSuite(pkg, assert, { jose });
const cjs = await runSuite(createRequire(import.meta.url)("sceyt-token"), assert, { jose });
const tag = (r, t) => ({ ...r, names: r.names.map((n) => `${t}: ${n}`), failures: r.failures.map((f) => ({ ...f, name: `${t}: ${f.name}` })) });
const a = tag(esm, "esm");
const b = tag(cjs, "cjs");
console.log(JSON.stringify({ passed: a.passed + b.passed, failed: a.failed + b.failed, names: [...a.names, ...b.names], failures: [...a.failures, ...b.failures] }));
