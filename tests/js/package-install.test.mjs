// The package as installed (pkg/package.json `exports`, entries/): the npm-pack tarball installs
// into an empty project (scripts/lib/package.mjs) and works there: ESM import, CommonJS require,
// and esbuild's bundler resolution of the browser/default entry. (TypeScript's resolution of the
// same install: tests/types/matrix.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installPackage, root } from "../../scripts/lib/package.mjs";
import { fixturePath } from "../common/fixtures.mjs";

const dir = mkdtempSync(join(tmpdir(), "sceyt-consumer-"));
installPackage(dir, { name: "consumer" });
const pem = fixturePath("rsa2048.pkcs8.pem");
const node = (file, src) => { writeFileSync(join(dir, file), src); return execFileSync(process.execPath, [file], { cwd: dir }).toString().trim(); };

test("ESM import in an empty project", () => {
  const out = node("esm.mjs", `import { readFileSync } from "node:fs";
import { SigningKey, TokenIssuer, TokenVerifier } from "sceyt-token";
const key = SigningKey.fromPem(readFileSync(${JSON.stringify(pem)}, "utf8"));
const t = await new TokenIssuer(key, { applicationId: "app" }).issue("u1");
console.log(new TokenVerifier(key.publicKey, { anyApplication: true }).verifySync(t).claims.sub);`);
  assert.equal(out, "u1");
});

test("CommonJS require in an empty project", () => {
  const out = node("cjs.cjs", `const { readFileSync } = require("node:fs");
const { SigningKey, TokenIssuer, TokenError } = require("sceyt-token");
const key = SigningKey.fromPem(readFileSync(${JSON.stringify(pem)}, "utf8"));
let fromPem5 = "no throw";
try { SigningKey.fromPem(5); } catch (e) { fromPem5 = \`\${e instanceof TokenError} \${e.code}\`; }
console.log(fromPem5);
console.log(new TokenIssuer(key, { applicationId: "app" }).issueSync("u2").split(".").length);`);
  // fromPem(5) throws a TokenError ERR_INVALID_ARGUMENT (printed "true ERR_INVALID_ARGUMENT"), and
  // require gives a working issuer (a token of 3 parts).
  assert.equal(out, "true ERR_INVALID_ARGUMENT\n3");
});

test("esbuild resolves the browser entry and keeps the wasm URL", () => {
  writeFileSync(join(dir, "app.js"), `import { init, decodeToken } from "sceyt-token"; await init(); console.log(decodeToken);`);
  execFileSync(join(root, "node_modules/.bin/esbuild"), ["app.js", "--bundle", "--format=esm", "--platform=browser", "--outfile=out.js", "--log-level=error"], { cwd: dir });
  const out = readFileSync(join(dir, "out.js"), "utf8");
  assert.match(out, /sceyt_token_bg\.wasm/);
  assert.match(out, /ERR_NOT_INITIALIZED/);
  assert.doesNotMatch(out, /node:fs/);
});

test("the browser entry throws ERR_NOT_INITIALIZED before init()", () => {
  const out = node("uninit.mjs", `import { SigningKey, TokenError, isInitialized } from "sceyt-token/browser";
try { SigningKey.fromSecret("x".repeat(32)); console.log("no throw"); } catch (e) { console.log(isInitialized(), e.name, e.code); }`);
  assert.equal(out, "false TokenError ERR_NOT_INITIALIZED");
});
