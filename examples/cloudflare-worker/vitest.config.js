// `npm test`: the worker's own tests, run inside workerd by the Workers Vitest integration
// (@cloudflare/vitest-pool-workers). They import src/index.js and call it with the settings of
// each case, so no wrangler.toml binding is needed: copy this folder and `npm test` still works.
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: "2025-09-01",
        compatibilityFlags: ["nodejs_compat"],
        // sceyt-token's Workers entry imports its .wasm, which workerd compiles ahead of time (as
        // wrangler does when it deploys): a CompiledWasm module, not a wasm ES module.
        modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.js"],
    testTimeout: 30000,
  },
});
