// CommonJS: `require("sceyt-token")` returns the ES module itself (require(esm): Node >= 20.19 and
// >= 22.12, Deno, Bun), so `import` and `require` in one process share one instance: one wasm
// memory, one TokenError class, and a key made through either works with the other. There is no
// second, CommonJS build. Why: docs/MODULES.md.
"use strict";
module.exports = require("./node.mjs");
