// The sceyt-token CLI run as a subprocess from the installed npm-pack tarball, in Node (the `bin`
// link and its shebang), Deno and Bun: every command, exit codes checked against verifySync's
// verdict over a seeded corpus, stdin, --json, tokens issued by the CLI verified by jose and
// PyJWT, keygen file modes and refusal to overwrite, colour only on a TTY, NO_COLOR, bad usage.
//
// Tools: SCEYT_TOOLS_ROOT (default: this repository) holds node_modules/.bin/{deno,bun} and
// node_modules/jose (or the same under tests/node_modules/), and target/pyenv/bin/python;
// SCEYT_DENO, SCEYT_BUN, SCEYT_PYTHON override one.
// SCEYT_CLI_RUNTIMES=node,deno,bun selects runtimes (default all three).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { APP, AT, NOW, fixture } from "../common/fixtures.mjs";
import { installPackage, packedTarball } from "../../scripts/lib/package.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "../..");
const TOOLS = resolve(process.env.SCEYT_TOOLS_ROOT || REPO);
// The dev tools live in node_modules/ at the root, or in tests/node_modules/ (the test manifest).
const inTools = (rel) => [join(TOOLS, "node_modules", rel), join(TOOLS, "tests/node_modules", rel)].find((p) => existsSync(p)) ?? join(TOOLS, "node_modules", rel);
const DENO = process.env.SCEYT_DENO || inTools(".bin/deno");
const BUN = process.env.SCEYT_BUN || inTools(".bin/bun");
const PYTHON = process.env.SCEYT_PYTHON || join(TOOLS, "target/pyenv/bin/python");
const RUNTIMES = (process.env.SCEYT_CLI_RUNTIMES || "node,deno,bun").split(",").map((s) => s.trim()).filter(Boolean);

const CORPUS_SIZE = 320;


// ---------------------------------------------------------------------------------------------
// Install (the tarball of scripts/pack.sh, through scripts/lib/package.mjs), import.

const work = mkdtempSync(join(tmpdir(), "sceyt-cli-"));
const project = join(work, "project");
const files = join(work, "files");
let pkgDir, bin, api, jose;

function resolveJose() {
  const dir = inTools("jose");
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const pick = (e) => (typeof e === "string" ? e : e && (pick(e.node) ?? pick(e.import) ?? pick(e.default)));
  const exp = meta.exports && (typeof meta.exports === "string" ? meta.exports : meta.exports["."]);
  return join(dir, pick(exp) ?? meta.module ?? meta.main);
}

// Top-level await: every suite below needs the installed package and the corpus.
{
  mkdirSync(files, { recursive: true });
  const tgz = packedTarball();
  const listing = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).split("\n");
  for (const f of ["bin/sceyt-token.mjs", "bin/args.mjs", "bin/common.mjs", "bin/inspect.mjs", "bin/issue.mjs", "bin/keys.mjs", "bin/render.mjs", "bin/io.mjs", "bin/help.mjs", "bin/printable.mjs", "web/sceyt_token_bg.wasm"]) {
    assert.ok(listing.includes(`package/${f}`), `the tarball lacks ${f}`);
  }
  ({ pkgDir, bin } = installPackage(project, { tarball: tgz, name: "cli-test" }));
  assert.ok(existsSync(bin), "npm install made no node_modules/.bin/sceyt-token");
  api = await import(pathToFileURL(join(pkgDir, "entries/node.mjs")).href);
  jose = await import(pathToFileURL(resolveJose()).href);
  for (const name of ["rsa2048.pkcs8.pem", "rsa2048.spki.pem", "rsa2048b.pkcs8.pem", "ec256.pkcs8.pem", "ec256.spki.pem"]) {
    writeFileSync(join(files, name), fixture(name));
  }
}

process.on("exit", () => rmSync(work, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Running the CLI.

/** How to start the CLI in each runtime (the installed package; Node through the .bin link). */
function command(rt) {
  const script = join(pkgDir, "bin/sceyt-token.mjs");
  switch (rt) {
    case "node": return [bin];
    case "deno": return [DENO, "run", "-A", script];
    case "bun": return [BUN, script];
    default: throw new Error(`unknown runtime ${rt}`);
  }
}

const ran = {}; // runtime → { runs, exit: { code: count } }
function count(rt, code) {
  ran[rt] ??= { runs: 0, exit: {} };
  ran[rt].runs++;
  ran[rt].exit[code] = (ran[rt].exit[code] ?? 0) + 1;
}

function baseEnv(extra = {}) {
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: undefined, FORCE_COLOR: undefined, ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

/** Runs the CLI; resolves { code, stdout, stderr }. stdin: `input` (string), else closed. */
function run(rt, args, { input, env, cwd = project } = {}) {
  const [file, ...pre] = command(rt);
  return spawnCollect(file, [...pre, ...args], { input, env: baseEnv(env), cwd }).then((r) => {
    count(rt, r.code);
    return r;
  });
}

function spawnCollect(file, args, { input, env, cwd }) {
  return new Promise((resolvePromise, reject) => {
    // Nothing may hang the suite: a run that takes a minute is killed (and fails its test).
    const child = spawn(file, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"], timeout: 60_000, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code: code ?? `signal ${signal}`, stdout, stderr }));
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

/** Runs the CLI under a pseudo-terminal (util-linux `script`): stdout and stdin are a TTY. */
function runTty(rt, args, { env } = {}) {
  const q = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;
  const line = [...command(rt), ...args].map(q).join(" ");
  return spawnCollect("script", ["-qec", line, "/dev/null"], { env: baseEnv(env), cwd: project }).then((r) => {
    count(rt, r.code);
    return r;
  });
}

/** Runs `items` through `fn` with at most `limit` at once. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const oneLine = (r, note) => {
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${note}: expected one line on stderr, got:\n${r.stderr}`);
  assert.ok(!/\n\s+at /.test(r.stderr), `${note}: a stack trace on stderr`);
  return lines[0];
};

// ---------------------------------------------------------------------------------------------
// The corpus: seeded, made with the package and with jose.

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLASSES = ["valid", "expired", "not_yet_valid", "tampered", "wrong_key", "wrong_aid", "jose_valid", "jose_expired", "boundary"];

async function makeCorpus() {
  const rand = mulberry32(13);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const keyA = api.SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const keyB = api.SigningKey.fromPem(fixture("rsa2048b.pkcs8.pem"));
  const joseKey = await jose.importPKCS8(fixture("rsa2048.pkcs8.pem"), "RS256");
  const issuerAt = (key, iat, app = APP) => new api.TokenIssuer(key, { applicationId: app, clock: () => iat * 1000 });
  const corpus = [];
  for (let i = 0; i < CORPUS_SIZE; i++) {
    const kind = CLASSES[i % CLASSES.length];
    const sub = `user-${int(1, 99999)}`;
    const lifetime = int(600, 86400);
    let token;
    if (kind === "valid" || kind === "tampered" || kind === "wrong_key" || kind === "wrong_aid") {
      const iat = NOW - int(0, lifetime - 1);
      const key = kind === "wrong_key" ? keyB : keyA;
      token = issuerAt(key, iat, kind === "wrong_aid" ? "other-app" : APP).issueSync(sub, { lifetime, claims: { n: int(0, 9) } });
      if (kind === "tampered") {
        const [h, p, s] = token.split(".");
        const claims = JSON.parse(Buffer.from(p, "base64url"));
        claims.sub = rand() < 0.5 ? "admin" : `${claims.sub}x`;
        token = rand() < 0.5
          ? `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`
          : `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
      }
    } else if (kind === "expired") {
      const iat = NOW - lifetime - int(0, 7200);
      token = issuerAt(keyA, iat).issueSync(sub, { lifetime });
    } else if (kind === "not_yet_valid") {
      const iat = NOW - int(0, 30);
      token = issuerAt(keyA, iat).issueSync(sub, { lifetime, notBefore: int(60, Math.min(3600, lifetime - 1)) });
    } else if (kind === "jose_valid" || kind === "jose_expired") {
      const iat = kind === "jose_valid" ? NOW - int(0, lifetime - 1) : NOW - lifetime - int(1, 3600);
      token = await new jose.SignJWT({ aid: APP })
        .setProtectedHeader({ alg: "RS256", typ: "JWT" })
        .setSubject(sub)
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(iat + lifetime)
        .sign(joseKey);
    } else {
      // boundary: exp exactly now (expired), nbf exactly now (valid), iat in the future (invalid)
      const which = i % 3;
      if (which === 0) token = issuerAt(keyA, NOW - lifetime).issueSync(sub, { lifetime });
      else if (which === 1) token = issuerAt(keyA, NOW - 10).issueSync(sub, { lifetime, notBefore: 10 });
      else token = issuerAt(keyA, NOW + 5).issueSync(sub, { lifetime });
    }
    corpus.push({ kind, token });
  }
  // A few that are not tokens at all.
  corpus.push({ kind: "malformed", token: "not-a-token" }, { kind: "malformed", token: "a.b.c" }, { kind: "malformed", token: `${corpus[0].token.split(".").slice(0, 2).join(".")}.` });
  const verifier = new api.TokenVerifier(keyA.publicKey, { applicationId: APP, currentDate: new Date(NOW * 1000) });
  const publicPem = fixture("rsa2048.spki.pem");
  for (const c of corpus) {
    try {
      verifier.verifySync(c.token);
      c.verdict = "valid";
      c.code = undefined;
    } catch (e) {
      assert.ok(e instanceof api.TokenError, `corpus: ${e}`);
      c.code = e.code;
    }
    c.report = api.inspectToken(c.token, { key: publicPem, applicationId: APP, currentDate: new Date(NOW * 1000) });
    c.unverified = api.inspectToken(c.token, { applicationId: APP, currentDate: new Date(NOW * 1000) });
    // inspectToken's verdict and code are verifySync's (the package's own promise).
    assert.equal(c.report.code, c.code, `corpus ${c.kind}: inspectToken's code`);
    c.verdict = c.report.verdict;
  }
  return corpus;
}

const corpus = await makeCorpus();

const exitFor = (verdict) => ({ valid: 0, unverified: 3 })[verdict] ?? 1;
const label = { valid: "VALID", invalid: "INVALID", expired: "EXPIRED", not_yet_valid: "NOT YET VALID", unverified: "UNVERIFIED" };

// How many corpus tokens each runtime ran through the CLI (together: the whole corpus).
const corpusRuns = {};

// Tokens issued by the CLI in each runtime, for PyJWT at the end.
const issued = [];

// ---------------------------------------------------------------------------------------------
// Per runtime.

for (const rt of RUNTIMES) {
  describe(`${rt}`, () => {
    before(() => {
      const [file] = command(rt);
      assert.ok(existsSync(file), `${rt}: ${file} not found (set SCEYT_TOOLS_ROOT or SCEYT_${rt.toUpperCase()})`);
    });

    test("the corpus: exit status, verdict and code are verifySync's (fixed --at)", async () => {
      // The runtimes share the corpus: each takes every n-th block of CLASSES.length tokens (one
      // of each class), so together they run all of it through the CLI, each every class.
      const share = (i) => Math.floor(i / CLASSES.length) % RUNTIMES.length === RUNTIMES.indexOf(rt);
      const items = corpus.filter((_, i) => share(i));
      const results = await pool(items, 4, async (c, i) => {
        const asJson = i % 2 === 0;
        const args = ["inspect", c.token, "--key", join(files, "rsa2048.spki.pem"), "--app-id", APP, "--at", AT];
        const r = await run(rt, asJson ? [...args, "--json"] : args);
        const note = `${rt} ${c.kind} #${i} (${c.code ?? "valid"})`;
        assert.equal(r.code, exitFor(c.verdict), `${note}: exit ${r.code}, stderr ${r.stderr}`);
        if (asJson) {
          assert.deepEqual(JSON.parse(r.stdout), c.report, `${note}: --json is inspectToken's report`);
        } else {
          assert.ok(r.stdout.includes(label[c.verdict]), `${note}: the text names the verdict`);
          if (c.code) assert.ok(r.stdout.includes(c.code), `${note}: the text names the code`);
          assert.ok(!r.stdout.includes("\x1b["), `${note}: no colour into a pipe`);
        }
        return r.code;
      });
      const seen = new Set(results);
      assert.ok(seen.has(0) && seen.has(1), `${rt}: exit classes seen: ${[...seen]}`);
      assert.ok(items.length >= Math.floor(CORPUS_SIZE / RUNTIMES.length) - CLASSES.length, `${rt}: ran ${items.length} corpus tokens`);
      corpusRuns[rt] = items.length;
      // Without a key: structure and claims only, exit 3 when they pass.
      const sample = items.filter((_, i) => i % 6 === 0);
      const codes = await pool(sample, 4, async (c) => {
        const r = await run(rt, ["inspect", c.token, "--app-id", APP, "--at", AT, "--json"]);
        assert.equal(r.code, exitFor(c.unverified.verdict), `${rt} ${c.kind} without a key`);
        assert.deepEqual(JSON.parse(r.stdout), c.unverified);
        return r.code;
      });
      assert.ok(codes.includes(3), `${rt}: an unverified token (exit 3) among ${codes}`);
    });

    test("inspect reads the token from stdin: with -, and when piped", async () => {
      const c = corpus.find((x) => x.kind === "valid" && x.verdict === "valid");
      const args = ["--key", join(files, "rsa2048.spki.pem"), "--app-id", APP, "--at", AT, "--json"];
      const dash = await run(rt, ["inspect", "-", ...args], { input: `  ${c.token}\n` });
      assert.equal(dash.code, 0, dash.stderr);
      assert.deepEqual(JSON.parse(dash.stdout), c.report);
      const piped = await run(rt, ["inspect", ...args], { input: `${c.token}\n` });
      assert.equal(piped.code, 0, piped.stderr);
      assert.deepEqual(JSON.parse(piped.stdout), c.report);
      // The key from stdin, the token as an argument.
      const keyIn = await run(rt, ["inspect", c.token, "--key", "-", "--app-id", APP, "--at", AT], { input: fixture("rsa2048.spki.pem") });
      assert.equal(keyIn.code, 0, keyIn.stderr);
      const empty = await run(rt, ["inspect", "-"], { input: "" });
      assert.equal(empty.code, 2);
      assert.match(oneLine(empty, "empty stdin"), /no token/);
      const both = await run(rt, ["inspect", "-", "--key", "-"], { input: c.token });
      assert.equal(both.code, 2, both.stderr);
    });

    test("inspect: text report (parts, claims with local and relative times, checks, verdict)", async () => {
      const c = corpus.find((x) => x.kind === "valid" && x.verdict === "valid");
      const r = await run(rt, ["inspect", c.token, "--key", join(files, "rsa2048.spki.pem"), "--app-id", APP, "--at", AT]);
      assert.equal(r.code, 0, r.stderr);
      for (const part of ["header", "payload", "signature", "Claims", "Checks", "sub", "aid", "iat", "nbf", "exp", "lifetime", "VALID", "pinned with --at"]) {
        assert.ok(r.stdout.includes(part), `${rt}: text lacks ${part}:\n${r.stdout}`);
      }
      assert.match(r.stdout, /\(in \d+ (h|min|s)/, "a relative time in the future (exp)");
      assert.match(r.stdout, /\(\d+ (h|min|s)[^)]* ago\)/, "a relative time in the past (iat)");
      assert.match(r.stdout, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d/, "a local time with its offset");
      for (const check of c.report.checks) assert.ok(r.stdout.includes(check.check), `${rt}: text lacks check ${check.check}`);
      const expired = corpus.find((x) => x.kind === "expired");
      const e = await run(rt, ["inspect", expired.token, "--key", join(files, "rsa2048.spki.pem"), "--at", AT]);
      assert.equal(e.code, 1);
      assert.ok(e.stdout.includes("EXPIRED") && e.stdout.includes("ERR_TOKEN_EXPIRED"), e.stdout);
    });

    test("inspect: --jwks URL, --jwks-file, and a JWKS URL that fails (exit 4)", async () => {
      const jwks = await run(rt, ["jwks", join(files, "rsa2048.pkcs8.pem")]);
      assert.equal(jwks.code, 0, jwks.stderr);
      writeFileSync(join(files, `jwks-${rt}.json`), jwks.stdout);
      const c = corpus.find((x) => x.kind === "valid" && x.verdict === "valid");
      const viaFile = await run(rt, ["inspect", c.token, "--jwks-file", join(files, `jwks-${rt}.json`), "--app-id", APP, "--at", AT, "--json"]);
      assert.equal(viaFile.code, 0, viaFile.stderr);
      assert.equal(JSON.parse(viaFile.stdout).verdict, "valid");
      // --key takes a JWKS too: the one reader makes it a set.
      const viaKey = await run(rt, ["inspect", c.token, "--key", join(files, `jwks-${rt}.json`), "--app-id", APP, "--at", AT]);
      assert.equal(viaKey.code, 0, viaKey.stderr);
      assert.match(viaKey.stdout, /jwks-\w+\.json \(1 key: "/, viaKey.stdout);
      const server = createServer((req, res) => {
        if (req.url === "/jwks.json") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(jwks.stdout);
        } else {
          res.writeHead(500);
          res.end("boom");
        }
      });
      await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
      const base = `http://127.0.0.1:${server.address().port}`;
      try {
        const good = await run(rt, ["inspect", c.token, "--jwks", `${base}/jwks.json`, "--app-id", APP, "--at", AT, "--json"]);
        assert.equal(good.code, 0, good.stderr);
        assert.deepEqual(JSON.parse(good.stdout).verdict, "valid");
        const bad = await run(rt, ["inspect", c.token, "--jwks", `${base}/missing`, "--app-id", APP, "--at", AT]);
        assert.equal(bad.code, 4, bad.stderr);
        assert.match(oneLine(bad, "failed JWKS"), /ERR_KEYS_UNAVAILABLE/, "a key server that fails is unavailable, not a missing key");
        assert.ok(bad.stdout.includes("UNVERIFIED"), "the unverified report is still printed");
      } finally {
        server.close();
      }
      const badKey = await run(rt, ["inspect", c.token, "--key", join(files, "rsa2048.spki.pem").replace("spki", "nope")]);
      assert.equal(badKey.code, 2, "a key file that does not exist is bad usage");
      writeFileSync(join(files, "garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
      const garbage = await run(rt, ["inspect", c.token, "--key", join(files, "garbage.pem")]);
      assert.equal(garbage.code, 4);
      assert.match(oneLine(garbage, "garbage key"), /ERR_KEY_INVALID/);
    });

    test("issue: a token jose verifies; --json; --claim types; --key-env; --key -", async () => {
      const key = join(files, "rsa2048.pkcs8.pem");
      const r = await run(rt, ["issue", "--key", key, "--sub", `cli-${rt}`, "--app-id", APP, "--claim", "n=3", "--claim", "flag=true", "--claim", "name=bob", "--claim-str", "s=3", "--claim", 'tags=["a","b"]']);
      assert.equal(r.code, 0, r.stderr);
      const token = r.stdout.trim();
      assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.equal(r.stdout, `${token}\n`);
      const pub = await jose.importSPKI(fixture("rsa2048.spki.pem"), "RS256");
      const { payload, protectedHeader } = await jose.jwtVerify(token, pub, { algorithms: ["RS256"] });
      assert.equal(protectedHeader.alg, "RS256");
      assert.equal(payload.sub, `cli-${rt}`);
      assert.equal(payload.aid, APP);
      assert.equal(payload.exp - payload.iat, 6 * 3600);
      assert.equal(payload.nbf, payload.iat);
      assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 120);
      assert.deepEqual([payload.n, payload.flag, payload.name, payload.s, payload.tags], [3, true, "bob", "3", ["a", "b"]]);
      issued.push({ rt, token });

      const j = await run(rt, ["issue", "--key", key, "--sub", "u1", "--app-id", APP, "--lifetime", "30m", "--not-before", "4s", "--json"]);
      assert.equal(j.code, 0, j.stderr);
      const out = JSON.parse(j.stdout);
      assert.deepEqual(Object.keys(out).sort(), ["claims", "expiresAt", "expiresIn", "header", "token"]);
      assert.equal(out.claims.exp - out.claims.iat, 1800);
      assert.equal(out.claims.nbf - out.claims.iat, 4);
      assert.equal(out.expiresIn, 1800);
      assert.equal(out.expiresAt, new Date(out.claims.exp * 1000).toISOString().replace(".000Z", "Z"));
      assert.deepEqual(jose.decodeJwt(out.token), out.claims);
      issued.push({ rt, token: out.token });

      const env = await run(rt, ["issue", "--key-env", "MY_KEY", "--sub", "u2", "--app-id", APP], { env: { MY_KEY: fixture("rsa2048.pkcs8.pem").replace(/\n/g, "\\n") } });
      assert.equal(env.code, 0, env.stderr);
      await jose.jwtVerify(env.stdout.trim(), pub);
      const stdin = await run(rt, ["issue", "--key", "-", "--sub", "u3", "--app-id", APP], { input: fixture("ec256.pkcs8.pem") });
      assert.equal(stdin.code, 0, stdin.stderr);
      const ec = await jose.importSPKI(fixture("ec256.spki.pem"), "ES256");
      await jose.jwtVerify(stdin.stdout.trim(), ec);

      // The CLI's own inspect agrees (the key's public half from its private PEM).
      const back = await run(rt, ["inspect", token, "--key", key, "--app-id", APP, "--json"]);
      assert.equal(back.code, 0, back.stderr);
    });

    test("issue refuses key literals, reserved claims and bad values, without printing secrets", async () => {
      const pem = fixture("rsa2048.pkcs8.pem");
      const secretBits = pem.split("\n")[5];
      const literal = await run(rt, ["issue", "--key", pem, "--sub", "u", "--app-id", APP]);
      assert.equal(literal.code, 2);
      assert.match(oneLine(literal, "PEM literal"), /file path/);
      assert.ok(!literal.stderr.includes(secretBits) && !literal.stderr.includes("BEGIN"), "the key is not echoed");
      const envLiteral = await run(rt, ["issue", "--key-env", pem, "--sub", "u", "--app-id", APP]);
      assert.equal(envLiteral.code, 2);
      assert.ok(!envLiteral.stderr.includes(secretBits) && !envLiteral.stderr.includes("BEGIN"));
      const unset = await run(rt, ["issue", "--key-env", "SCEYT_NOT_SET_ANYWHERE", "--sub", "u", "--app-id", APP]);
      assert.equal(unset.code, 2);
      assert.match(oneLine(unset, "unset env"), /SCEYT_NOT_SET_ANYWHERE/);
      for (const claim of ["sub=x", "aid=y", "exp=1", "iat=1", "nbf=1"]) {
        const r = await run(rt, ["issue", "--key", join(files, "rsa2048.pkcs8.pem"), "--sub", "u", "--app-id", APP, "--claim", claim]);
        assert.equal(r.code, 2, `${claim}: ${r.stderr}`);
        assert.match(oneLine(r, claim), /reserved/);
      }
      const lifetime = await run(rt, ["issue", "--key", join(files, "rsa2048.pkcs8.pem"), "--sub", "u", "--app-id", APP, "--lifetime", "2d"]);
      assert.equal(lifetime.code, 1);
      assert.match(oneLine(lifetime, "lifetime"), /ERR_LIFETIME_OUT_OF_RANGE/);
      const duration = await run(rt, ["issue", "--key", join(files, "rsa2048.pkcs8.pem"), "--sub", "u", "--app-id", APP, "--lifetime", "soon"]);
      assert.equal(duration.code, 2);
      assert.match(oneLine(duration, "duration"), /ERR_INVALID_ARGUMENT/);
      writeFileSync(join(files, "public-as-private.pem"), fixture("rsa2048.spki.pem"));
      const pub = await run(rt, ["issue", "--key", join(files, "public-as-private.pem"), "--sub", "u", "--app-id", APP]);
      assert.equal(pub.code, 1);
      assert.match(oneLine(pub, "public key to sign"), /ERR_KEY_/);
      assert.ok(!pub.stderr.includes("MII"), "no key bytes in the error");
      const debug = await run(rt, ["issue", "--key", join(files, "public-as-private.pem"), "--sub", "u", "--app-id", APP, "--debug"]);
      assert.equal(debug.code, 1);
      assert.match(debug.stderr, /\n\s+at /, "--debug shows the stack");
    });

    test("keygen: PKCS#8 0600, SPKI, JWK with kid; refuses to overwrite without --force; HMAC refused", async () => {
      const dir = join(work, `keys-${rt}`);
      const r = await run(rt, ["keygen", "--out", dir]);
      assert.equal(r.code, 0, r.stderr);
      const priv = join(dir, "sceyt-private.pem");
      const pub = join(dir, "sceyt-public.pem");
      const jwkFile = join(dir, "sceyt-public.jwk.json");
      assert.equal(statSync(priv).mode & 0o777, 0o600, "private key mode");
      assert.equal(statSync(pub).mode & 0o777, 0o644, "public key mode");
      assert.match(readFileSync(priv, "utf8"), /^-----BEGIN PRIVATE KEY-----/);
      assert.match(readFileSync(pub, "utf8"), /^-----BEGIN PUBLIC KEY-----/);
      assert.ok(!r.stdout.includes("PRIVATE KEY-----"), "the private key is not printed");
      const jwk = JSON.parse(readFileSync(jwkFile, "utf8"));
      assert.equal(jwk.kty, "RSA");
      assert.equal(jwk.alg, "RS256");
      assert.ok(typeof jwk.kid === "string" && jwk.kid.length > 10);
      assert.ok(!("d" in jwk));
      assert.equal(api.SigningKey.fromPem(readFileSync(priv, "utf8")).keyId, jwk.kid);
      const before = readFileSync(priv, "utf8");
      const again = await run(rt, ["keygen", "--out", dir]);
      assert.equal(again.code, 1);
      assert.match(oneLine(again, "overwrite"), /refusing to overwrite.*--force/);
      assert.equal(readFileSync(priv, "utf8"), before, "not overwritten");
      const forced = await run(rt, ["keygen", "--out", dir, "--force", "--json"]);
      assert.equal(forced.code, 0, forced.stderr);
      const info = JSON.parse(forced.stdout);
      assert.notEqual(readFileSync(priv, "utf8"), before, "--force replaced it");
      assert.equal(statSync(priv).mode & 0o777, 0o600, "still 0600 after --force");
      assert.equal(info.kid, JSON.parse(readFileSync(jwkFile, "utf8")).kid);
      // The generated pair works end to end: issue with it, inspect with its JWK.
      const t = await run(rt, ["issue", "--key", priv, "--sub", "u", "--app-id", APP]);
      assert.equal(t.code, 0, t.stderr);
      const v = await run(rt, ["inspect", t.stdout.trim(), "--key", jwkFile, "--app-id", APP]);
      assert.equal(v.code, 0, v.stdout + v.stderr);
      // Read by the package's one reader as one key (a JWK), not a set.
      assert.ok(v.stdout.includes(`${jwkFile} (RS256, kid "`), v.stdout);
      for (const alg of ["ES256", "EdDSA", "PS256"]) {
        const d = join(work, `keys-${rt}-${alg}`);
        const g = await run(rt, ["keygen", "--alg", alg, "--out", d, "--json"]);
        assert.equal(g.code, 0, `${alg}: ${g.stderr}`);
        assert.equal(JSON.parse(g.stdout).alg, alg);
        assert.equal(statSync(join(d, "sceyt-private.pem")).mode & 0o777, 0o600);
      }
      writeFileSync(join(work, `not-a-dir-${rt}`), "");
      const notDir = await run(rt, ["keygen", "--alg", "ES256", "--out", join(work, `not-a-dir-${rt}`, "sub")]);
      assert.equal(notDir.code, 1);
      assert.match(oneLine(notDir, "not a folder"), /cannot create the folder/);
      for (const alg of ["HS256", "hs512"]) {
        const h = await run(rt, ["keygen", "--alg", alg, "--out", join(work, `hs-${rt}`)]);
        assert.equal(h.code, 2);
        assert.match(oneLine(h, alg), /secret.*not a key pair/);
        assert.ok(!existsSync(join(work, `hs-${rt}`)), "nothing written");
      }
    });

    test("jwks: public halves only, deduplicated; HMAC secrets refused", async () => {
      const r = await run(rt, ["jwks", join(files, "rsa2048.pkcs8.pem"), join(files, "rsa2048.spki.pem"), join(files, "ec256.pkcs8.pem")]);
      assert.equal(r.code, 0, r.stderr);
      const set = JSON.parse(r.stdout);
      assert.equal(set.keys.length, 2, "the RSA key once (private and public PEM), the EC key");
      for (const k of set.keys) {
        for (const m of ["d", "p", "q", "dp", "dq", "qi", "k"]) assert.ok(!(m in k), `private member ${m}`);
        assert.ok(k.kid);
      }
      assert.deepEqual(set.keys.map((k) => k.kty), ["RSA", "EC"]);
      api.KeySet.fromJwks(set); // loads back
      const privateJwk = JSON.stringify(await jose.exportJWK(await jose.importPKCS8(fixture("ec256.pkcs8.pem"), "ES256", { extractable: true })));
      const fromJwk = await run(rt, ["jwks", "-"], { input: privateJwk });
      assert.equal(fromJwk.code, 0, fromJwk.stderr);
      assert.ok(!("d" in JSON.parse(fromJwk.stdout).keys[0]), "a private JWK's d is dropped");
      const oct = await run(rt, ["jwks", "-"], { input: JSON.stringify({ kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA" }) });
      assert.equal(oct.code, 1);
      assert.match(oneLine(oct, "oct"), /HMAC secret/);
      assert.ok(!oct.stderr.includes("c2VjcmV0"), "the secret is not echoed");
      // A broken private JWK: the parser's message (which quotes the text) is never shown.
      const broken = '{"kty":"RSA","d":"TOPSECRETVALUE","n":';
      const bad = await run(rt, ["jwks", "-"], { input: broken });
      assert.equal(bad.code, 1);
      assert.match(oneLine(bad, "broken JSON"), /not valid JSON/);
      assert.ok(!bad.stderr.includes("TOPSECRET"), "no key text in the error");
      writeFileSync(join(files, "broken.jwk.json"), broken);
      const badInspect = await run(rt, ["inspect", corpus[0].token, "--key", join(files, "broken.jwk.json")]);
      assert.equal(badInspect.code, 2);
      assert.ok(!badInspect.stderr.includes("TOPSECRET"), "no key text in the error");
      const none = await run(rt, ["jwks"]);
      assert.equal(none.code, 2);
    });

    test("colour only on a TTY; NO_COLOR; plain text into a pipe", async () => {
      const c = corpus.find((x) => x.kind === "valid" && x.verdict === "valid");
      const args = ["inspect", c.token, "--key", join(files, "rsa2048.spki.pem"), "--app-id", APP, "--at", AT];
      const tty = await runTty(rt, args);
      assert.equal(tty.code, 0, tty.stdout + tty.stderr);
      assert.ok(tty.stdout.includes("\x1b["), `${rt}: colours on a TTY:\n${tty.stdout}`);
      assert.ok(tty.stdout.includes("VALID"));
      const noColor = await runTty(rt, args, { env: { NO_COLOR: "1" } });
      assert.equal(noColor.code, 0);
      assert.ok(!noColor.stdout.includes("\x1b["), `${rt}: NO_COLOR`);
      assert.ok(noColor.stdout.includes("VALID"));
      const piped = await run(rt, args);
      assert.ok(!piped.stdout.includes("\x1b["), `${rt}: no colour into a pipe`);
      const forced = await run(rt, args, { env: { FORCE_COLOR: "1" } });
      assert.ok(forced.stdout.includes("\x1b["), `${rt}: FORCE_COLOR`);
      // On a TTY with no token argument, stdin is not read: bad usage.
      const noToken = await runTty(rt, ["inspect"]);
      assert.equal(noToken.code, 2, noToken.stdout);
      assert.match(noToken.stdout, /no token given/);
    });

    test("the package manager's own launcher: npx / deno run -A npm:sceyt-token / bun x", async () => {
      const launcher = {
        node: ["npx", "--offline", "--no-install", "sceyt-token"],
        deno: [DENO, "run", "-A", "npm:sceyt-token"],
        bun: [BUN, "x", "--no-install", "sceyt-token"],
      }[rt];
      const c = corpus.find((x) => x.kind === "valid" && x.verdict === "valid");
      const [file, ...pre] = launcher;
      const env = baseEnv({ npm_config_offline: "true" });
      const v = await spawnCollect(file, [...pre, "--version"], { env, cwd: project });
      count(rt, v.code);
      assert.equal(v.code, 0, `${launcher.join(" ")} --version: ${v.stderr}`);
      assert.match(v.stdout, /^sceyt-token \d+\.\d+\.\d+/);
      const r = await spawnCollect(file, [...pre, "inspect", "-", "--key", join(files, "rsa2048.spki.pem"), "--app-id", APP, "--at", AT, "--json"], { env, cwd: project, input: c.token });
      count(rt, r.code);
      assert.equal(r.code, 0, `${launcher.join(" ")} inspect: ${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout), c.report);
    });

    test("bad usage: one clear line, exit 2; --help with an example for every command", async () => {
      const token = corpus[0].token;
      const cases = [
        [["inspect", token, "--bogus"], /unknown option --bogus/],
        [["inspect", token, "--key"], /--key needs a value/],
        [["inspect", token, "--app-id", "--json"], /--app-id needs a value/],
        [["inspect", token, "--at", "yesterday"], /--at .* is not a time/],
        [["inspect", token, "extra"], /one token at a time/],
        [["inspect", token, "--key", "a", "--jwks-file", "b"], /one of --key, --jwks, --jwks-file/],
        [["inspect", token, "--json=1"], /--json takes no value/],
        [["issue", "--key", join(files, "rsa2048.pkcs8.pem"), "--app-id", APP], /missing --sub/],
        [["issue", "--key", join(files, "rsa2048.pkcs8.pem"), "--sub", "u"], /missing --app-id/],
        [["issue", "--sub", "u", "--app-id", APP], /missing --key/],
        [["issue", "--sub", "u", "--sub", "v"], /given twice/],
        [["issue", "--key", join(files, "rsa2048.pkcs8.pem"), "--sub", "u", "--app-id", APP, "--claim", "novalue"], /name=value/],
        [["keygen", "--alg", "RS1"], /is not one of/],
        [["frobnicate"], /unknown command frobnicate/],
        [["--frob"], /unknown option --frob/],
        [[], /Usage/],
      ];
      for (const [args, pattern] of cases) {
        const r = await run(rt, args);
        assert.equal(r.code, 2, `${args.join(" ")}: exit ${r.code} ${r.stderr}`);
        if (args.length === 0) {
          assert.match(r.stdout, pattern);
        } else {
          assert.match(oneLine(r, args.join(" ")), pattern);
          assert.equal(r.stdout, "", `${args.join(" ")}: nothing on stdout`);
        }
      }
      for (const cmd of ["inspect", "issue", "keygen", "jwks"]) {
        const forms = cmd === "inspect" ? [[cmd, "--help"], [cmd, "-h"], ["help", cmd]] : [[cmd, "--help"]];
        for (const form of forms) {
          const r = await run(rt, form);
          assert.equal(r.code, 0, `${form.join(" ")}: ${r.stderr}`);
          assert.match(r.stdout, new RegExp(`Usage: sceyt-token ${cmd}`));
          assert.match(r.stdout, /Example/);
          assert.match(r.stdout, new RegExp(`\\n  sceyt-token ${cmd} `), `${form.join(" ")}: an example line`);
        }
      }
      const top = await run(rt, ["--help"]);
      assert.equal(top.code, 0);
      assert.match(top.stdout, /Commands:/);
      const version = await run(rt, ["--version"]);
      assert.equal(version.code, 0);
      assert.match(version.stdout, /^sceyt-token \d+\.\d+\.\d+/);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// inspect --issuer / --audience / --client-id / --typ (issue 19): another provider's token.

for (const rt of RUNTIMES) {
  describe(`${rt}: inspect with provider options`, () => {
    test("--issuer, --audience, --client-id, --typ give inspectToken's report under the same options", async () => {
      const { createPrivateKey, sign } = await import("node:crypto");
      const priv = createPrivateKey(fixture("rsa2048.pkcs8.pem"));
      const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
      const token = (claims, typ = "at+jwt") => {
        const input = `${b64({ alg: "RS256", typ })}.${b64({ iss: "https://auth.example.com/", aud: ["api", "chat"], azp: "web", sub: "u1", iat: NOW - 60, exp: NOW + 60, ...claims })}`;
        return `${input}.${sign("sha256", Buffer.from(input), priv).toString("base64url")}`;
      };
      const key = join(files, "rsa2048.spki.pem");
      const cases = [
        [{}, ["--issuer", "https://auth.example.com/", "--audience", "chat", "--client-id", "web", "--typ", "AT+JWT"], 0, undefined],
        [{}, ["--audience", "x", "--audience", "api", "--client-id", "ios", "--client-id", "web"], 0, undefined],
        [{}, ["--issuer", "https://auth.example.com"], 1, "ERR_ISSUER_MISMATCH"],
        [{ aud: [] }, ["--audience", "chat"], 1, "ERR_AUDIENCE_MISMATCH"],
        [{ azp: "ios" }, ["--client-id", "web"], 1, "ERR_CLIENT_MISMATCH"],
        [{}, ["--typ", "jwt", "--issuer", "x"], 1, "ERR_TYPE_MISMATCH"],
      ];
      for (const [claims, flags, exit, code] of cases) {
        const t = token(claims);
        const r = await run(rt, ["inspect", t, "--key", key, "--at", AT, "--json", ...flags]);
        assert.equal(r.code, exit, `${flags.join(" ")}: exit ${r.code} ${r.stderr}`);
        const options = { lifetimePolicy: false, currentDate: new Date(NOW * 1000) };
        for (let i = 0; i < flags.length; i += 2) {
          const name = { "--issuer": "issuer", "--audience": "audience", "--client-id": "clientId", "--typ": "typ" }[flags[i]];
          options[name] = options[name] === undefined ? flags[i + 1] : [options[name], flags[i + 1]].flat();
        }
        const expected = api.inspectToken(t, { key: fixture("rsa2048.spki.pem"), ...options });
        assert.deepEqual(JSON.parse(r.stdout), expected, `${flags.join(" ")}: --json is inspectToken's report`);
        assert.equal(expected.code, code);
        // the text names the options it checked against, and the code
        const text = await run(rt, ["inspect", t, "--key", key, "--at", AT, ...flags]);
        assert.equal(text.code, exit);
        if (code) assert.ok(text.stdout.includes(code), `${flags.join(" ")}: the text names ${code}`);
        if (flags.includes("--audience")) assert.match(text.stdout, /audience {2}/);
      }
    });
  });
}

describe("across runtimes", () => {
  test("PyJWT verifies the tokens the CLI issued", async () => {
    assert.ok(existsSync(PYTHON), `PyJWT's python not found at ${PYTHON} (set SCEYT_TOOLS_ROOT or SCEYT_PYTHON)`);
    assert.equal(issued.length, 2 * RUNTIMES.length, "two tokens issued per runtime");
    // One token per runtime has nbf 4 s after issue: on a fast run less time than that has passed
    // (PyJWT then says "not yet valid"). Wait until every nbf has passed; the check stays strict.
    const lastNbf = Math.max(...issued.map((t) => jose.decodeJwt(t.token).nbf));
    const wait = lastNbf * 1000 + 100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const script = `
import json, sys, jwt
data = json.load(sys.stdin)
n = 0
for t in data["tokens"]:
    c = jwt.decode(t, data["key"], algorithms=["RS256"], options={"require": ["exp", "iat", "nbf", "sub"]})
    assert c["aid"] == data["app"], c
    assert c["nbf"] - c["iat"] in (0, 4), c
    n += 1
print(n)
`;
    const r = await spawnCollect(PYTHON, ["-c", script], {
      input: JSON.stringify({ tokens: issued.map((t) => t.token), key: fixture("rsa2048.spki.pem"), app: APP }),
      env: process.env,
      cwd: work,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(Number(r.stdout.trim()), issued.length);
  });

  test("the counts: corpus size and every exit status class in every runtime", () => {
    assert.ok(corpus.length >= CORPUS_SIZE, `corpus of ${corpus.length}`);
    const kinds = new Set(corpus.map((c) => c.verdict));
    for (const v of ["valid", "invalid", "expired", "not_yet_valid"]) assert.ok(kinds.has(v), `the corpus has a ${v} token`);
    const total = Object.values(corpusRuns).reduce((a, b) => a + b, 0);
    assert.equal(total, corpus.length, `the runtimes together ran the whole corpus (${JSON.stringify(corpusRuns)})`);
    console.log(`# corpus: ${corpus.length} tokens, through the CLI per runtime ${JSON.stringify(corpusRuns)}`);
    for (const rt of RUNTIMES) {
      const r = ran[rt];
      assert.ok(r && r.runs >= 100, `${rt}: ${r ? r.runs : 0} runs`);
      for (const code of [0, 1, 2, 3, 4]) assert.ok(r.exit[code] > 0, `${rt}: exit ${code} never occurred (${JSON.stringify(r.exit)})`);
      console.log(`# ${rt}: ${r.runs} CLI runs, exit statuses ${JSON.stringify(r.exit)}`);
    }
  });
});
