// Bun: the suite and the differential suite against `import "sceyt-token"` (the `bun` condition).
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runWithNodeCrypto } from "./node-compat-suite.mjs";

if (typeof Bun === "undefined") throw new Error("not running in Bun");
console.log(JSON.stringify(await runWithNodeCrypto(pkg, jose)));
