// `require` first, then `import()` of the same package, in one process.
"use strict";
const cjs = require("sceyt-token");
const { run } = require("./checks.cjs");

(async () => {
  const esm = await import("sceyt-token");
  const other = await import("./other/node_modules/sceyt-token/entries/node.mjs");
  const runtime = typeof Deno !== "undefined" ? "deno" : typeof Bun !== "undefined" ? "bun" : "node";
  const { failed } = await run(runtime, "require, then import", esm, cjs, other);
  process.exitCode = failed ? 1 : 0;
})();
