// Deno: the suite against `import "sceyt-token"` resolved from node_modules (the `deno` condition).
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";

if (typeof Deno === "undefined") throw new Error("not running in Deno");
const result = await runSuite(pkg, (ok, message) => { if (!ok) throw new Error(message); }, { jose });
console.log(JSON.stringify(result));
