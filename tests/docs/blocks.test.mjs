// Every JavaScript and TypeScript block of README.md, pkg/README.md and docs/*.md is type-checked
// against the installed package (the npm-pack tarball), and the blocks marked run / worker / deno
// also run (see tests/docs/blocks.mjs for the markers). A failure names the document and line.
// Needs scripts/pack.sh first. Run: node --test tests/docs/
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { outDir, root, sourceOf, writePrograms } from "./blocks.mjs";
import { bundleWorker, waitForHttp, writeConfig } from "../../scripts/lib/workerd.mjs";

const { programs, skipped } = writePrograms();
// The latest TypeScript by its package path: tests/node_modules/.bin/tsc may be any of the
// aliased versions of the types matrix (typescript-5.0 …).
const tsc = join(root, "tests/node_modules/typescript/bin/tsc");
const deno = join(root, "tests/node_modules/.bin/deno");
const bun = join(root, "tests/node_modules/.bin/bun");
const PRIVATE_PEM = readFileSync(join(root, "tests/fixtures/rsa2048.pkcs8.pem"), "utf8");
const APP_ID = "dqev1ml4ld";
const ENV = { ...process.env, SCEYT_PRIVATE_KEY: PRIVATE_PEM, SCEYT_APP_ID: APP_ID, NO_COLOR: "1" };

test("the documents have code blocks to check, and every partial one says why", () => {
  assert.ok(programs.length >= 10, `only ${programs.length} blocks found`);
  for (const b of skipped) assert.ok(b.reason.length > 3, `${b.doc}:${b.line}: partial without a reason`);
  console.log(`# ${programs.length} programs checked (${programs.filter((p) => p.mode !== "typecheck").length} also run), ${skipped.length} partial blocks skipped`);
});

// One tsc run for all blocks; each block's test reports the errors in its lines.
const typeErrors = new Map(programs.map((p) => [p.id, []]));
const tscRun = spawnSync(tsc, ["-p", join(outDir, "tsconfig.json"), "--pretty", "false"], { cwd: outDir, encoding: "utf8" });
const other = [];
for (const line of `${tscRun.stdout}${tscRun.stderr}`.split("\n").filter(Boolean)) {
  const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
  const p = m && programs.find((q) => q.file.endsWith(`/${m[1]}`) || q.file === m[1]);
  if (p) typeErrors.get(p.id).push(`${sourceOf(p, Number(m[2]))}:${m[3]} ${m[4]}`);
  else other.push(line);
}

test("tsc ran over the blocks", () => {
  assert.ok(tscRun.error === undefined, `tsc did not start: ${tscRun.error}`);
  assert.deepEqual(other, [], `tsc errors outside the blocks:\n${other.join("\n")}`);
  if (tscRun.status !== 0) assert.ok([...typeErrors.values()].some((e) => e.length), `tsc exited ${tscRun.status} without errors in the blocks`);
});

for (const p of programs) {
  test(`${p.doc}:${p.line} (${p.mode})`, async () => {
    const errors = typeErrors.get(p.id);
    assert.deepEqual(errors, [], `type errors:\n${errors.join("\n")}`);
    if (p.mode === "run") runNode(p);
    if (p.mode === "deno") runDeno(p);
    if (p.mode === "bun") await runBun(p);
    if (p.mode === "worker") {
      await runWorker(p);
      await runWorkerd(p);
    }
  });
}

function report(p, r) {
  return `${sourceOf(p, 1)}: exit ${r.status}${r.error ? ` (${r.error.message})` : ""}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/**
 * Runs a block in Node behind a wrapper that defines the free names the documents use (`env`,
 * `publicPem`, `token`: the fixture key, its public PEM, a fresh token for APP_ID) as globals.
 */
function runNode(p) {
  const wrapper = p.file.replace(/\.[cm]js$/, ".run.mjs");
  writeFileSync(
    wrapper,
    `import { SigningKey, TokenIssuer } from "sceyt-token";
const pem = process.env.SCEYT_PRIVATE_KEY;
globalThis.env = { SCEYT_PRIVATE_KEY: pem, SCEYT_APP_ID: ${JSON.stringify(APP_ID)} };
globalThis.publicPem = SigningKey.fromPem(pem).toPublicPem();
globalThis.token = new TokenIssuer(SigningKey.fromPem(pem), { applicationId: ${JSON.stringify(APP_ID)} }).issueSync("user-42");
await import(${JSON.stringify(pathToFileURL(p.file).href)});
`,
  );
  const r = spawnSync(process.execPath, [wrapper], { cwd: outDir, env: ENV, encoding: "utf8", timeout: 30000 });
  assert.equal(r.status, 0, report(p, r));
  assert.doesNotMatch(r.stdout, /TokenError|ERR_/, `the example printed an error:\n${report(p, r)}`);
}

function runDeno(p) {
  assert.ok(existsSync(deno), "Deno is missing (scripts/setup.sh test)");
  // The flags the document tells the reader to use.
  const r = spawnSync(deno, ["run", "--no-prompt", "--allow-read", "--allow-env", p.file], {
    cwd: root,
    env: { ...ENV, DENO_NO_UPDATE_CHECK: "1" },
    encoding: "utf8",
    timeout: 60000,
  });
  assert.equal(r.status, 0, report(p, r));
  assert.match(r.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/m, `no token printed:\n${report(p, r)}`);
}

/** A Worker block: its default export answers a request in Node, with a token that verifies. */
async function runWorker(p) {
  const worker = (await import(pathToFileURL(p.file).href)).default;
  assert.equal(typeof worker?.fetch, "function", `${sourceOf(p, 1)}: no default export with fetch()`);
  const pending = [];
  const ctx = { waitUntil: (promise) => pending.push(promise), passThroughOnException() {} };
  const env = { SCEYT_PRIVATE_KEY: PRIVATE_PEM, SCEYT_APP_ID: APP_ID };
  const { SigningKey, TokenVerifier } = await import("sceyt-token");
  const verifier = new TokenVerifier(SigningKey.fromPem(PRIVATE_PEM).publicKey, { applicationId: APP_ID });
  for (let i = 0; i < 2; i++) {
    const res = await worker.fetch(new Request("http://127.0.0.1/token"), env, ctx);
    const text = await res.text();
    assert.equal(res.status, 200, `${sourceOf(p, 1)}: status ${res.status}: ${text}`);
    const body = JSON.parse(text);
    const { claims } = await verifier.verify(body.token);
    assert.equal(claims.aid, APP_ID);
  }
  await Promise.all(pending);
}

/**
 * A Worker block in workerd, bundled as wrangler bundles (the `workerd` condition) and run
 * without `nodejs_compat`, the configuration the documents warn about: two requests, two tokens
 * that verify.
 */
let workerdPort = 18750 + (process.pid % 40);
async function runWorkerd(p) {
  const dir = join(outDir, `${p.id}.workerd`);
  const modules = await bundleWorker(p.file, join(dir, "build"));
  const port = workerdPort++;
  const config = writeConfig(dir, {
    services: [
      {
        name: "doc-worker",
        modules,
        bindings: { SCEYT_PRIVATE_KEY: { fromEnvironment: "SCEYT_PRIVATE_KEY" }, SCEYT_APP_ID: APP_ID },
        socket: { port },
      },
    ],
  });
  const child = spawn(join(root, "node_modules/.bin/workerd"), ["serve", config], { env: ENV, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((ok) => child.on("exit", ok));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/`, 30000, () => child.exitCode === null);
    const { SigningKey, TokenVerifier } = await import("sceyt-token");
    const verifier = new TokenVerifier(SigningKey.fromPem(PRIVATE_PEM).publicKey, { applicationId: APP_ID });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/token`);
      const text = await res.text();
      assert.equal(res.status, 200, `${sourceOf(p, 1)} in workerd: status ${res.status}: ${text}\n${stderr}`);
      const { claims } = await verifier.verify(JSON.parse(text).token);
      assert.equal(claims.aid, APP_ID);
    }
  } finally {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  }
}

/**
 * A Bun block that starts a server: run in Bun with `Bun.serve` replaced by a stand-in that keeps
 * the `fetch` handler, which then answers one request; the token it returns must verify.
 */
async function runBun(p) {
  assert.ok(existsSync(bun), "Bun is missing (scripts/setup.sh test)");
  const wrapper = p.file.replace(/\.[cm]js$/, ".bun.mjs");
  writeFileSync(
    wrapper,
    `let options;
Bun.serve = (o) => { options = o; return { stop() {}, port: o.port, hostname: o.hostname }; };
await import(${JSON.stringify(pathToFileURL(p.file).href)});
if (!options || typeof options.fetch !== "function") throw new Error("the block did not call Bun.serve({ fetch })");
const res = await options.fetch(new Request("http://127.0.0.1/"));
console.log(res.status, await res.text());
`,
  );
  const r = spawnSync(bun, [wrapper], { cwd: outDir, env: ENV, encoding: "utf8", timeout: 60000 });
  assert.equal(r.status, 0, report(p, r));
  const m = /^200 (\{.*\})$/m.exec(r.stdout);
  assert.ok(m, `no 200 answer:\n${report(p, r)}`);
  const { SigningKey, TokenVerifier } = await import("sceyt-token");
  const verifier = new TokenVerifier(SigningKey.fromPem(PRIVATE_PEM).publicKey, { applicationId: APP_ID });
  const { claims } = await verifier.verify(JSON.parse(m[1]).token);
  assert.equal(claims.aid, APP_ID);
}
