// Deno: the suite and the differential suite against `import "sceyt-token"` (the `deno` condition).
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runWithNodeCrypto } from "./node-compat-suite.mjs";

if (typeof Deno === "undefined") throw new Error("not running in Deno");
console.log(JSON.stringify(await runWithNodeCrypto(pkg, jose)));
