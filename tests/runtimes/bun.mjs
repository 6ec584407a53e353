// Bun: the suite against `import "sceyt-token"` (the `bun` condition).
import * as jose from "jose";
import * as pkg from "sceyt-token";
import { runSuite } from "./suite.mjs";

if (typeof Bun === "undefined") throw new Error("not running in Bun");
const result = await runSuite(pkg, (ok, message) => { if (!ok) throw new Error(message); }, { jose });
console.log(JSON.stringify(result));
