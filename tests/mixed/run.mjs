// One project that both requires and imports sceyt-token, in Node, Deno and Bun: the npm-pack
// tarball installed twice (scripts/lib/package.mjs) into target/mixed (node_modules/sceyt-token,
// and a second copy under other/ for TokenError.is across copies), then esm-first.mjs and
// cjs-first.cjs in each runtime.
// Prints each runtime's `ok`/`not ok` lines, then "mixed ESM/CJS: N runs, M checks" and
// "N passed, M failed" (checks); exits 1 on any failure.
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackage } from "../../scripts/lib/package.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const dir = join(root, "target/mixed");
rmSync(dir, { recursive: true, force: true });
installPackage(dir, { name: "mixed-consumer" });
installPackage(join(dir, "other"), { name: "mixed-other-copy" });
for (const f of ["checks.cjs", "esm-first.mjs", "cjs-first.cjs"]) cpSync(join(here, f), join(dir, f));
cpSync(join(root, "tests/fixtures/rsa2048.pkcs8.pem"), join(dir, "rsa2048.pkcs8.pem"));
cpSync(join(root, "tests/common/harness.mjs"), join(dir, "harness.mjs"));

const bin = (name) => join(root, "tests/node_modules/.bin", name);
const RUNTIMES = {
  node: (file) => [process.execPath, [file]],
  deno: (file) => [bin("deno"), ["run", "--allow-read", "--allow-env", file]],
  bun: (file) => [bin("bun"), [file]],
};
let passed = 0;
let failed = 0;
let runs = 0;
for (const [runtime, cmd] of Object.entries(RUNTIMES)) {
  for (const file of ["esm-first.mjs", "cjs-first.cjs"]) {
    const [exe, args] = cmd(file);
    const r = spawnSync(exe, args, { cwd: dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
    runs++;
    const out = `${r.stdout}`.trim();
    if (out) console.log(out);
    const ok = (out.match(/^ok /gm) || []).length;
    const bad = (out.match(/^not ok /gm) || []).length;
    passed += ok;
    failed += bad;
    if (r.status !== 0 || ok === 0) {
      if (bad === 0) failed++;
      console.log(`not ok - ${runtime} ${file}: exit ${r.status ?? r.signal}${r.error ? ` (${r.error.message})` : ""}`);
      const err = `${r.stderr}`.trim();
      if (err) console.log(err.split("\n").slice(0, 12).map((l) => `    ${l}`).join("\n"));
    }
  }
}
console.log(`mixed ESM/CJS: ${runs} runs in node, deno, bun; ${passed + failed} checks`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
