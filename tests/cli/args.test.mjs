// pkg/bin/args.mjs, the CLI's reading of its command line over node:util parseArgs: every case of
// args-cases.mjs gives the same options, positionals or one-line message in Node, Deno and Bun
// (each runs args-probe.mjs). Runtimes: SCEYT_CLI_RUNTIMES, as cli.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CASES } from "./args-cases.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const TOOLS = resolve(process.env.SCEYT_TOOLS_ROOT || resolve(HERE, "../.."));
const inTools = (rel) => [join(TOOLS, "node_modules", rel), join(TOOLS, "tests/node_modules", rel)].find((p) => existsSync(p)) ?? join(TOOLS, "node_modules", rel);
const COMMAND = {
  node: [process.execPath],
  deno: [process.env.SCEYT_DENO || inTools(".bin/deno"), "run", "--allow-read"],
  bun: [process.env.SCEYT_BUN || inTools(".bin/bun"), "run"],
};
const RUNTIMES = (process.env.SCEYT_CLI_RUNTIMES || "node,deno,bun").split(",").map((s) => s.trim()).filter(Boolean);

for (const rt of RUNTIMES) {
  test(`${rt}: every flag, value, terminator and mistake reads as before`, () => {
    const [file, ...pre] = COMMAND[rt];
    const r = spawnSync(file, [...pre, join(HERE, "args-probe.mjs")], { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout);
    assert.equal(results.length, CASES.length);
    CASES.forEach(([argv, expected], i) => assert.deepEqual(results[i], expected, `${rt}: ${JSON.stringify(argv)}`));
  });
}
