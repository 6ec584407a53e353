// Deno without read permission for the package's .wasm: the first call (and every later one) is a
// TokenError ERR_RUNTIME_UNSUPPORTED that names --allow-read, not Deno's raw NotCapable; with
// --allow-read, or with read access to that one file only, the package works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const deno = join(root, "tests/node_modules/.bin/deno");
const wasm = realpathSync(join(dirname(createRequire(join(root, "x.js")).resolve("sceyt-token/package.json")), "web/sceyt_token_bg.wasm"));

const SCRIPT = `
import { TokenError, supportedAlgorithms } from "sceyt-token";
for (let i = 0; i < 2; i++) {
  try {
    console.log(JSON.stringify({ ok: supportedAlgorithms().length })); // the first call that needs the wasm (errorCodes() does not)
  } catch (e) {
    console.log(JSON.stringify({ tokenError: e instanceof TokenError, name: e.name, code: e.code, message: e.message, cause: e.cause?.name }));
  }
}
`;

function run(flags) {
  // The script lives in the repository so that "sceyt-token" resolves from its node_modules.
  const dir = mkdtempSync(join(root, "target/deno-perm-"));
  try {
    const file = join(dir, "main.mjs");
    writeFileSync(file, SCRIPT);
    const r = spawnSync(deno, ["run", "--no-prompt", ...flags, file], {
      cwd: root,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 60000,
    });
    assert.equal(r.status, 0, `deno exited ${r.status}: ${r.stderr}`);
    return r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("Deno without --allow-read: a TokenError naming the flag, on every call", { skip: !existsSync(deno) && "no deno" }, () => {
  const lines = run([]);
  assert.equal(lines.length, 2);
  for (const l of lines) {
    assert.equal(l.tokenError, true, JSON.stringify(l));
    assert.equal(l.code, "ERR_RUNTIME_UNSUPPORTED");
    assert.match(l.message, /--allow-read/);
    assert.ok(l.message.includes(wasm), `the message names the file: ${l.message}`);
    assert.equal(l.cause, "NotCapable");
  }
});

test("Deno with --allow-read, and with read access to the .wasm only", { skip: !existsSync(deno) && "no deno" }, () => {
  for (const flags of [["--allow-read"], [`--allow-read=${wasm}`]]) {
    const lines = run(flags);
    assert.ok(lines.every((l) => l.ok > 10), `${flags}: ${JSON.stringify(lines)}`);
  }
});
