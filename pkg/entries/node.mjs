// Node.js, Deno and Bun: the wasm is read from the package folder on first use. `require` gets
// this same module (entries/node.cjs, require(esm)).
import { readFileSync } from "node:fs";
import { configure } from "./shared.mjs";

configure((initSync) => {
  initSync({ module: readFileSync(new URL("../web/sceyt_token_bg.wasm", import.meta.url)) });
});

export * from "./shared.mjs";
