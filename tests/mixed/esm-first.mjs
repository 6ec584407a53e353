// `import` first, then `require` of the same package, in one process.
import { createRequire } from "node:module";
import * as esm from "sceyt-token";

const require = createRequire(import.meta.url);
const cjs = require("sceyt-token");
const { run } = require("./checks.cjs");
const other = await import("./other/node_modules/sceyt-token/entries/node.mjs");
const runtime = typeof Deno !== "undefined" ? "deno" : typeof Bun !== "undefined" ? "bun" : "node";
console.log(`# ${runtime}: import "sceyt-token" loads ${import.meta.resolve("sceyt-token").replace(/^.*node_modules\//, "")}, require loads ${require.resolve("sceyt-token").replace(/^.*node_modules\//, "")}`);
const { failed } = await run(runtime, "import, then require", esm, cjs, other);
process.exitCode = failed ? 1 : 0;
