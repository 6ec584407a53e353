// Node.js, Deno and Bun: the wasm is read from the package folder on first use.
import { readFileSync } from "node:fs";
import { configure } from "./shared.mjs";

configure((initSync) => {
  // ESM: next to this file. The CommonJS bundle (dist/node.cjs) has no import.meta.url (esbuild
  // leaves it undefined) and uses its module's __dirname. A global __dirname (node -e, the REPL)
  // must not win over import.meta.url.
  const here = import.meta.url;
  const path = here ? new URL("../web/sceyt_token_bg.wasm", here) : `${__dirname}/../web/sceyt_token_bg.wasm`;
  initSync({ module: readFileSync(path) });
});

export * from "./shared.mjs";
