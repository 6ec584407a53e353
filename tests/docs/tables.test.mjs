// The documentation's tables and facts checked against the code, so that they cannot drift apart:
// the `backend` values, the error codes, the CLI's exit statuses, the units of times, the version
// and the project URL. Needs scripts/pack.sh first (the installed package). Run: node --test tests/docs/
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./blocks.mjs";
import * as sceyt from "sceyt-token";
import { EXIT } from "../../pkg/bin/common.mjs";

const read = (f) => readFileSync(join(root, f), "utf8");
const README = read("README.md");
const PKG_README = read("pkg/README.md");
const PKG = JSON.parse(read("pkg/package.json"));
const PUBLIC_PEM = read("tests/fixtures/rsa2048.spki.pem");

/** The rows of the first Markdown table after the line matching `heading`, as arrays of cells. */
function tableAfter(text, heading, what) {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => heading.test(l));
  assert.ok(at >= 0, `${what}: no line matching ${heading}`);
  let i = at + 1;
  while (i < lines.length && !lines[i].startsWith("|")) i++;
  const rows = [];
  for (; i < lines.length && lines[i].startsWith("|"); i++) {
    const cells = lines[i].split("|").slice(1, -1).map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  assert.ok(rows.length > 1, `${what}: no table after ${heading}`);
  return rows.slice(1); // without the header row
}

const firstCode = (cell) => /`"?([^`"]+)"?`/.exec(cell)?.[1];

test("the backend table lists exactly the values the code accepts", () => {
  const documented = tableAfter(README, /^### The `backend` option/, "README backend table").map((r) => firstCode(r[0])).sort();
  // The values src/js/native/mod.rs parses (Backend::from_name) …
  const src = read("src/js/native/mod.rs");
  const parse = /fn from_name\(name: &str\)[\s\S]*?\n {4}\}\n/.exec(src);
  assert.ok(parse, "Backend::from_name not found in src/js/native/mod.rs");
  const parsed = [...new Set([...parse[0].matchAll(/^\s*"([a-z]+)"(?: if [^=]*)? =>/gm)].map((m) => m[1]))].sort();
  // … the union the installed .d.ts declares …
  const dts = read("node_modules/sceyt-token/types/api.d.ts");
  const union = /export type Backend = ([^;]+);/.exec(dts);
  assert.ok(union, "no `type Backend` in the installed .d.ts");
  const declared = [...union[1].matchAll(/"([a-z]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(documented, parsed, "README's backend table against Backend::from_name");
  assert.deepEqual(declared, parsed, "the .d.ts Backend union against Backend::from_name");
  // … and what a verifier takes (Node has node:crypto and WebCrypto: every value is accepted).
  const key = sceyt.VerifyingKey.fromPem(PUBLIC_PEM);
  for (const backend of documented) new sceyt.TokenVerifier(key, { applicationId: "a", backend });
  assert.throws(() => new sceyt.TokenVerifier(key, { applicationId: "a", backend: "native" }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  assert.match(README, /\| `backend` \| `"auto"` \|[^\n]*\(#the-backend-option\)/, "the verifier options row links to the backend table");
});

test("both READMEs list exactly the error codes of errorCodes()", () => {
  const codes = [...sceyt.errorCodes()].sort();
  const fromTable = (text, what) =>
    tableAfter(text, /^#+ Errors$/, what)
      .flatMap((r) => [...r[0].matchAll(/`(ERR_[A-Z_]+)`/g)].map((m) => m[1]))
      .sort();
  assert.deepEqual(fromTable(README, "README"), codes, "README.md's Errors table");
  assert.deepEqual(fromTable(PKG_README, "pkg/README.md"), codes, "pkg/README.md's Errors table");
  const union = /export type ErrorCode =([^;]+);/.exec(read("node_modules/sceyt-token/types/api.d.ts"));
  assert.deepEqual([...union[1].matchAll(/"(ERR_[A-Z_]+)"/g)].map((m) => m[1]).sort(), codes, "the ErrorCode union");
});

test("the CLI's exit statuses are all documented", () => {
  const statuses = [...new Set(Object.values(EXIT))].sort();
  const rows = tableAfter(PKG_README, /^## Command line/, "pkg/README.md exit codes");
  assert.deepEqual(rows.map((r) => Number(r[0])).sort(), statuses, "pkg/README.md's exit code table");
  const cli = README.slice(README.indexOf("## Command line"), README.indexOf("## The example token worker"));
  for (const s of statuses) assert.match(cli, new RegExp(`\\b${s} [a-z]`), `README's Command line section: exit status ${s}`);
  assert.match(cli, /`keygen` refusing to overwrite/, "README: keygen's refusal and its status");
  assert.match(read("pkg/bin/help.mjs"), /keygen refusing to overwrite/, "sceyt-token --help: keygen's refusal");
});

test("every time in milliseconds says so (types and docs)", () => {
  // The declarations generated from remote.mjs's JSDoc (scripts/entry-types.mjs).
  const dts = read("pkg/types/entries/remote.d.mts");
  for (const name of ["fetchedAt", "expiresAt", "staleUntil", "retryAt"]) {
    const doc = new RegExp(`/\\*\\*[^/]*milliseconds[^/]*\\*/\\s*get ${name}\\(\\): number;`);
    assert.match(dts, doc, `pkg/types/entries/remote.d.mts: RemoteKeySet.${name} documented as milliseconds`);
  }
  for (const [what, text] of [["README.md", README], ["pkg/README.md", PKG_README]]) {
    assert.match(text, /`fetchedAt`, `expiresAt` and\s+`staleUntil` are \*\*milliseconds\*\*|`fetchedAt`, `expiresAt` and\s+`staleUntil` are milliseconds/, `${what}: the remote set's times are milliseconds`);
    assert.match(text, /`clock` option returns (\*\*)?milliseconds/, `${what}: the clock option is milliseconds`);
  }
  // The code agrees: a remote set's times are Date.now() values.
  const remote = read("pkg/entries/remote.mjs");
  assert.match(remote, /this\.#expiresAt = loaded\.fetchedAt \+ loaded\.ttl \* 1000;/, "remote.mjs: expiresAt is milliseconds");
  assert.match(remote, /const fetchedAt = this\.#now\(\);/, "remote.mjs: fetchedAt is a clock (Date.now()) value");
});

test("one version and one project URL everywhere", () => {
  const cargo = read("Cargo.toml");
  const version = /^version = "(.*)"$/m.exec(cargo)[1];
  assert.equal(PKG.version, version, "pkg/package.json and Cargo.toml");
  assert.equal(/^name = "sceyt-token"\nversion = "(.*)"$/m.exec(read("Cargo.lock"))[1], version, "Cargo.lock");
  const url = /^repository = "(.*)"$/m.exec(cargo)[1];
  assert.match(url, /^https:\/\/github\.com\/[\w-]+\/[\w-]+$/);
  assert.equal(PKG.repository.url, `git+${url}.git`);
  assert.equal(PKG.homepage, `${url}#readme`);
  assert.equal(PKG.bugs.url, `${url}/issues`);
  for (const [what, text] of [["README.md", README], ["pkg/README.md", PKG_README]]) {
    for (const m of text.matchAll(/https:\/\/github\.com\/[^\s)#"]+/g)) {
      assert.ok(m[0].startsWith(url), `${what}: ${m[0]} is not under ${url}`);
    }
  }
  for (const f of ["LICENSE-MIT", "LICENSE-APACHE", "README.md"]) assert.ok(PKG.files.includes(f), `files lists ${f}`);
  assert.equal(PKG.license, "MIT OR Apache-2.0");
});

test("the package README's algorithm list is supportedAlgorithms()", () => {
  const line = /^Algorithms: ([\s\S]*?)\. /m.exec(PKG_README);
  assert.ok(line, "pkg/README.md: no 'Algorithms:' sentence");
  const listed = [...line[1].matchAll(/\b(RS|PS|ES|HS)\d{3}\b|\bEdDSA\b/g)].map((m) => m[0]).sort();
  assert.deepEqual(listed, [...sceyt.supportedAlgorithms()].sort());
});

test("docs/TESTING.md's table names every test file, and only modules, files and stages that exist", () => {
  const rows = tableAfter(read("docs/TESTING.md"), /^## Where the test for each behaviour lives/, "docs/TESTING.md test table");
  const stages = [...read("scripts/test.sh").matchAll(/^stage "([^"]+)"/gm)].map((m) => m[1]);
  assert.ok(stages.length > 10, "no stages found in scripts/test.sh");
  const listed = new Set();
  for (const [behaviour, files, stage] of rows) {
    // The modules a behaviour names exist too (a moved module must move its row).
    for (const m of behaviour.matchAll(/\b((?:src|pkg|scripts|examples)\/[\w./-]*\w\/?)/g)) {
      assert.ok(existsSync(join(root, m[1])), `docs/TESTING.md: ${m[1]} (in "${behaviour}") does not exist`);
    }
    const paths = [...files.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    assert.ok(paths.length > 0, `${behaviour}: no test file`);
    for (const p of paths) {
      assert.ok(existsSync(join(root, p)), `${behaviour}: ${p} does not exist`);
      listed.add(p);
    }
    for (const s of stage.split("; ")) {
      assert.ok(stages.some((name) => name.startsWith(s)), `${behaviour}: no stage of scripts/test.sh starts with "${s}"`);
    }
  }
  // Every test file of the repository has its row.
  const files = (dir, pattern) => readdirSync(join(root, dir)).filter((f) => pattern.test(f)).map((f) => `${dir}/${f}`);
  for (const f of [
    ...files("tests", /\.rs$/),
    ...files("tests/js", /\.test\.mjs$/),
    ...files("tests/cli", /\.test\.mjs$/),
    ...files("tests/docs", /\.test\.mjs$/),
    ...files("tests/page", /\.test\.mjs$/),
    ...files("examples/cloudflare-worker/test", /\.test\.js$/),
  ]) {
    assert.ok(listed.has(f), `docs/TESTING.md does not say what ${f} tests`);
  }
});
