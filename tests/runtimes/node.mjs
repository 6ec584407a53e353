// Node: the suite against `import "sceyt-token"` (entries/node.mjs) and `require("sceyt-token")`
// (entries/node.cjs, which returns entries/node.mjs: require(esm)). Prints one JSON result line.
import { createRequire } from "node:module";
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";
import { merge, tag } from "../common/harness.mjs";

const esm = await runSuite(pkg, { jose });
const cjs = await runSuite(createRequire(import.meta.url)("sceyt-token"), { jose });
console.log(JSON.stringify(merge(tag(esm, "esm: "), tag(cjs, "cjs: "))));
