// Node.js, Deno and Bun: the wasm is read from the package folder on first use.
import { readFileSync } from "node:fs";
import { configure } from "./shared.mjs";

configure((initSync) => {
  const path =
    typeof __dirname === "string"
      ? `${__dirname}/../web/sceyt_token_bg.wasm` // CommonJS bundle (dist/node.cjs)
      : new URL("../web/sceyt_token_bg.wasm", import.meta.url);
  initSync({ module: readFileSync(path) });
});

export * from "./shared.mjs";
