// Hostile input at the command line (issue 17), through the installed npm-pack tarball in Node,
// Deno and Bun:
// - tokens, key files, JWKS files and kids carrying OSC, CSI, BEL, DEL and C1 sequences, run
//   under a real pseudo-terminal (util-linux `script`) and into a pipe, coloured and not, the token
//   as an argument and on stdin: no control character reaches the terminal except the CLI's own
//   colour sequences (ESC [ digits m), and --json is still the same JSON;
// - keygen over a dangling symbolic link, a directory and an unwritable file: it refuses or
//   fails, and the folder is exactly as it was (nothing new, nothing lost);
// - issue --claim __proto__=…, constructor=…, prototype=…: own members of the signed claims.
//
// Tools as in cli.test.mjs: SCEYT_TOOLS_ROOT (default: this repository) holds
// node_modules/.bin/{deno,bun} and node_modules/jose; SCEYT_CLI_RUNTIMES selects runtimes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { APP, AT, NOW, fixture } from "../common/fixtures.mjs";
import { installPackage } from "../../scripts/lib/package.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "../..");
const TOOLS = resolve(process.env.SCEYT_TOOLS_ROOT || REPO);
const inTools = (rel) => [join(TOOLS, "node_modules", rel), join(TOOLS, "tests/node_modules", rel)].find((p) => existsSync(p)) ?? join(TOOLS, "node_modules", rel);
const DENO = process.env.SCEYT_DENO || inTools(".bin/deno");
const BUN = process.env.SCEYT_BUN || inTools(".bin/bun");
const RUNTIMES = (process.env.SCEYT_CLI_RUNTIMES || "node,deno,bun").split(",").map((s) => s.trim()).filter(Boolean);


// The sequences: OSC 0 (retitle) ended by BEL, CSI 2J (clear screen), SGR 8 (conceal, so a
// colour-looking sequence from the token is refused too), 8-bit CSI/OSC/ST (C1), DEL.
const OSC = "\x1b]0;PWNED\x07";
const CSI = "\x1b[2J";
const SGR = "\x1b[8m";
const C1 = "\u009b2J\u009d0;PWNED\u009c\u0085";
const EVIL = `${OSC}${CSI}${SGR}${C1}\x7f`;

// ---------------------------------------------------------------------------------------------
// Install (the tarball of scripts/pack.sh, through scripts/lib/package.mjs), import, as cli.test.mjs does.

const work = mkdtempSync(join(tmpdir(), "sceyt-cli-hostile-"));
const project = join(work, "project");
const files = join(work, "files");
let pkgDir, bin, api, jose;
{
  mkdirSync(files, { recursive: true });
  ({ pkgDir, bin } = installPackage(project, { name: "cli-hostile-test" }));
  api = await import(pathToFileURL(join(pkgDir, "entries/node.mjs")).href);
  const joseDir = inTools("jose");
  const meta = JSON.parse(readFileSync(join(joseDir, "package.json"), "utf8"));
  const pick = (e) => (typeof e === "string" ? e : e && (pick(e.node) ?? pick(e.import) ?? pick(e.default)));
  const exp = meta.exports && (typeof meta.exports === "string" ? meta.exports : meta.exports["."]);
  jose = await import(pathToFileURL(join(joseDir, pick(exp) ?? meta.module ?? meta.main)).href);
}
process.on("exit", () => {
  spawnSync("chattr", ["-R", "-i", work], { stdio: "ignore" });
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Running the CLI: into pipes, or under a pseudo-terminal. Output is kept as bytes.

function command(rt) {
  const script = join(pkgDir, "bin/sceyt-token.mjs");
  switch (rt) {
    case "node": return [bin];
    case "deno": return [DENO, "run", "-A", script];
    case "bun": return [BUN, script];
    default: throw new Error(`unknown runtime ${rt}`);
  }
}

function baseEnv(extra = {}) {
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm-256color", SHELL: "/bin/sh", ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

function spawnBytes(file, args, { input, env, cwd = project }) {
  return new Promise((ok, fail) => {
    const child = spawn(file, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"], timeout: 60_000, killSignal: "SIGKILL" });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", fail);
    child.on("close", (code, signal) => ok({ code: code ?? `signal ${signal}`, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

const q = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;

/**
 * Runs the CLI. `pty`: under `script -qfec` (stdout, stderr and stdin a terminal; `stdinFile`
 * then redirects stdin from a file, so the token never passes through the terminal's echo).
 * Else into pipes, with `input` on stdin.
 */
function run(rt, args, { pty = false, input, stdinFile, env } = {}) {
  if (!pty) {
    const [file, ...pre] = command(rt);
    return spawnBytes(file, [...pre, ...args], { input, env: baseEnv(env) });
  }
  const line = [...command(rt), ...args].map(q).join(" ") + (stdinFile ? ` < ${q(stdinFile)}` : "");
  return spawnBytes("script", ["-qfec", line, "/dev/null"], { env: baseEnv(env) }).then((r) => ({ ...r, stdout: r.stdout, stderr: r.stderr }));
}

/**
 * What reaches the terminal: valid UTF-8 (so no lone 8-bit C1 byte), no C0 control but newline
 * and carriage return (the pty turns \n into \r\n), no DEL, no C1 (U+0080–U+009F), and ESC only
 * at the start of a colour sequence ESC [ digits/; m — and none of those either without colour.
 */
function assertTerminalSafe(bytes, note, { color = true } = {}) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const i = bytes.findIndex((b) => b >= 0x80 && b <= 0x9f);
    assert.fail(`${note}: the output is not valid UTF-8 (a raw 8-bit byte near offset ${i}: ${bytes.subarray(Math.max(0, i - 16), i + 16).toString("hex")})`);
  }
  if (!color) assert.ok(!text.includes("\x1b"), `${note}: an ESC with colour off near ${JSON.stringify(text.slice(Math.max(0, text.indexOf("\x1b") - 30), text.indexOf("\x1b") + 30))}`);
  const rest = text.replace(/\x1b\[[0-9;]*m/g, "");
  // C0 but \n and \r, DEL, C1; and the invisible characters that reorder or break what is shown
  // (bidi controls, line and paragraph separators), which the CLI escapes the same way.
  const m = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.exec(rest);
  assert.ok(
    m === null,
    m && `${note}: U+${m[0].charCodeAt(0).toString(16).padStart(4, "0")} reached the terminal near ${JSON.stringify(rest.slice(Math.max(0, m.index - 40), m.index + 40))}`,
  );
  for (const [seq, name] of [["\x1b]", "OSC"], ["\x07", "BEL"], ["\u009b", "8-bit CSI"], ["\x1b[2J", "CSI 2J"], ["\x1b[8m", "SGR 8 from the token"]]) {
    assert.ok(!text.includes(seq), `${note}: ${name} in the output`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// The hostile material.

const b64u = (s) => Buffer.from(s).toString("base64url");
const rsaPublicJwk = await jose.exportJWK(await jose.importSPKI(fixture("rsa2048.spki.pem"), "RS256", { extractable: true }));

// 1. The reproduction from issue 17, exactly.
const REPRO = "\x1b]0;PWNED\x07\x1b[2JX.e30.AA";
// 2. Every raw segment hostile (not base64url at all).
const RAW = `${EVIL}h.${EVIL}p.${EVIL}s`;
// 3. Well-formed header and claims (base64url of JSON) with hostile kid, names and values; the
//    signature segment raw and hostile.
const claims = { sub: EVIL, aid: EVIL, iat: NOW - 60, nbf: NOW - 60, exp: NOW + 3600, [`name${EVIL}`]: EVIL, nested: { [EVIL]: [EVIL, 1] } };
const DECODED = `${b64u(JSON.stringify({ alg: "RS256", typ: "JWT", kid: EVIL, [`x${EVIL}`]: EVIL }))}.${b64u(JSON.stringify(claims))}.AAAA${EVIL}`;
// 4. Signed for real (by jose, kid hostile) and checked against key files with hostile names and a
//    JWKS whose kid is hostile.
const SIGNED = await new jose.SignJWT({ ...claims, aid: APP, sub: `user${EVIL}` })
  .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: EVIL })
  .sign(await jose.importPKCS8(fixture("rsa2048.pkcs8.pem"), "RS256"));

const TOKENS = { repro: REPRO, raw: RAW, decoded: DECODED, signed: SIGNED };

// Key ids: the package refuses control characters in a kid (ERR_KEY_INVALID, the error line is
// checked); bidi controls and separators are not control characters and pass, so they reach the
// JWKS output and the report's key line, escaped.
const FMT = "kid\u202e\u2066\u2028\u200e-rtl";

const evilName = (name) => join(files, `${EVIL}${name}`);
writeFileSync(evilName("key.pem"), fixture("rsa2048.spki.pem"));
writeFileSync(evilName("jwks.json"), JSON.stringify({ keys: [{ ...rsaPublicJwk, kid: EVIL, alg: "RS256", use: "sig" }] }));
writeFileSync(evilName("fmt-jwks.json"), JSON.stringify({ keys: [{ ...rsaPublicJwk, kid: FMT, alg: "RS256", use: "sig" }] }));
writeFileSync(join(files, "evil.jwk.json"), JSON.stringify({ ...rsaPublicJwk, kid: EVIL, alg: "RS256" }));
writeFileSync(join(files, "fmt.jwk.json"), JSON.stringify({ ...rsaPublicJwk, kid: FMT, alg: "RS256" }));
writeFileSync(join(files, "fmt-other.jwk.json"), JSON.stringify({ ...(await jose.exportJWK((await jose.generateKeyPair("ES256", { extractable: true })).publicKey)), kid: FMT }));
writeFileSync(join(files, "evil-alg.jwk.json"), JSON.stringify({ ...rsaPublicJwk, kid: EVIL, alg: EVIL }));
writeFileSync(join(files, "private.pem"), fixture("rsa2048.pkcs8.pem"));
for (const [name, token] of Object.entries(TOKENS)) writeFileSync(join(files, `${name}.token`), `${token}\n`);

// The ways output reaches a terminal or a pipe.
const MODES = [
  { name: "pty, colour", pty: true, color: true },
  { name: "pty, NO_COLOR", pty: true, color: false, env: { NO_COLOR: "1" } },
  { name: "pipe, FORCE_COLOR", pty: false, color: true, env: { FORCE_COLOR: "1" } },
  { name: "pipe, plain", pty: false, color: false },
];

async function inspectEverywhere(rt, token, name, keyArgs = []) {
  const outputs = [];
  for (const mode of MODES) {
    for (const from of ["argument", "stdin"]) {
      const args = from === "argument" ? ["inspect", token, ...keyArgs, "--at", AT] : ["inspect", "-", ...keyArgs, "--at", AT];
      const note = `${rt} ${name} ${keyArgs.join(" ")} (${mode.name}, token from ${from})`;
      const r = await run(rt, args, {
        pty: mode.pty,
        env: mode.env,
        stdinFile: mode.pty && from === "stdin" ? join(files, `${name}.token`) : undefined,
        input: !mode.pty && from === "stdin" ? token : undefined,
      });
      assert.ok([0, 1, 3, 4].includes(r.code), `${note}: exit ${r.code}: ${r.stdout}${r.stderr}`);
      const text = assertTerminalSafe(Buffer.concat([r.stdout, r.stderr]), note, { color: mode.color });
      assert.match(text, /Verdict/, `${note}: the report was printed:\n${text}`);
      if (mode.color && mode.pty) assert.match(text, /\x1b\[\d+m/, `${note}: colours on a terminal`);
      outputs.push(text);
    }
  }
  return outputs;
}

for (const rt of RUNTIMES) {
  describe(`${rt}`, () => {
    test("inspect: OSC, CSI, BEL, DEL and C1 in every part reach no terminal raw (pty and pipe, colour or not, argument and stdin)", async () => {
      // The reproduction: the raw header is shown, escaped.
      for (const text of await inspectEverywhere(rt, REPRO, "repro")) {
        assert.ok(text.includes(String.raw`\u001b]0;PWNED\u0007\u001b[2JX`), `${rt}: the escaped raw header is shown:\n${text}`);
      }
      for (const text of await inspectEverywhere(rt, RAW, "raw")) assert.ok(text.includes(String.raw`\u009b2J`), `${rt}: C1 shown escaped`);
      for (const text of await inspectEverywhere(rt, DECODED, "decoded")) {
        assert.ok(text.includes(String.raw`\u001b]0;PWNED\u0007`) && text.includes(String.raw`\u009b2J`), `${rt}: claims shown escaped:\n${text}`);
      }
      // A real signature, a key file whose name is hostile, and a JWKS whose kid is hostile.
      for (const text of await inspectEverywhere(rt, SIGNED, "signed", ["--key", evilName("key.pem"), "--app-id", APP])) {
        assert.match(text, /VALID/);
        assert.ok(text.includes(String.raw`\u001b]0;PWNED\u0007`), `${rt}: the key file's name is shown escaped:\n${text}`);
      }
      for (const text of await inspectEverywhere(rt, SIGNED, "signed", ["--jwks-file", evilName("fmt-jwks.json"), "--app-id", APP])) {
        assert.ok(text.includes(String.raw`kid\u202e\u2066\u2028\u200e-rtl`), `${rt}: the JWKS's kid is shown escaped:\n${text}`);
      }
      // Keys whose kid holds control characters: refused (exit 4), the error line escaped.
      await inspectEverywhere(rt, SIGNED, "signed", ["--jwks-file", evilName("jwks.json"), "--app-id", APP]);
      await inspectEverywhere(rt, SIGNED, "signed", ["--key", join(files, "evil.jwk.json")]);
      // A key whose "alg" is hostile: the error line (exit 4) is escaped too.
      await inspectEverywhere(rt, SIGNED, "signed", ["--key", join(files, "evil-alg.jwk.json")]);
    });

    test("inspect --json: the same JSON as inspectToken, with no raw control character (pty and pipe)", async () => {
      const cases = [
        [REPRO, []],
        [RAW, []],
        [DECODED, []],
        [SIGNED, ["--key", evilName("key.pem"), "--app-id", APP]],
        [SIGNED, ["--jwks-file", evilName("fmt-jwks.json")]],
      ];
      for (const [token, keyArgs] of cases) {
        const options = { currentDate: new Date(NOW * 1000) };
        if (keyArgs[0] === "--key") options.key = readFileSync(keyArgs[1], "utf8");
        if (keyArgs[0] === "--jwks-file") options.key = api.KeySet.fromJwks(readFileSync(keyArgs[1], "utf8"));
        if (keyArgs.includes("--app-id")) options.applicationId = APP;
        const expected = api.inspectToken(token, options);
        for (const pty of [false, true]) {
          const note = `${rt} --json ${pty ? "pty" : "pipe"} ${JSON.stringify(token.slice(0, 12))} ${keyArgs[0] ?? ""}`;
          const r = await run(rt, ["inspect", token, ...keyArgs, "--at", AT, "--json"], { pty });
          const text = assertTerminalSafe(Buffer.concat([r.stdout, r.stderr]), note, { color: false });
          assert.deepEqual(JSON.parse(text), expected, `${note}: --json is inspectToken's report`);
        }
      }
    });

    test("jwks, issue, keygen and error lines: hostile kids and file names are escaped", async () => {
      // jwks over a JWK whose kid holds bidi controls and a line separator: the same JSON, escaped.
      const j = await run(rt, ["jwks", join(files, "fmt.jwk.json")], { pty: true });
      const jt = assertTerminalSafe(j.stdout, `${rt} jwks`, { color: false });
      assert.equal(j.code, 0, jt);
      assert.equal(JSON.parse(jt).keys[0].kid, FMT, `${rt}: jwks keeps the kid (escaped as JSON)`);
      // Two different keys with the same kid: the error line quotes it, escaped.
      const dup = await run(rt, ["jwks", join(files, "fmt.jwk.json"), join(files, "fmt-other.jwk.json")], { pty: true });
      assert.equal(dup.code, 1);
      assert.match(assertTerminalSafe(dup.stdout, `${rt} jwks duplicate kid`), /two different keys/);
      // A kid with control characters is refused by the package: one escaped error line.
      const ctl = await run(rt, ["jwks", join(files, "evil.jwk.json")], { pty: true });
      assert.equal(ctl.code, 1);
      assert.match(assertTerminalSafe(ctl.stdout, `${rt} jwks control kid`), /ERR_KEY_INVALID/);
      for (const args of [["keygen", "--kid", EVIL, "--out", join(work, "never")], ["issue", "--key", join(files, "private.pem"), "--sub", "u1", "--app-id", APP, "--kid", EVIL]]) {
        const r = await run(rt, args, { pty: true });
        assert.equal(r.code, 2, `${rt} ${args[0]} --kid with control characters: ${r.stdout}`);
        assert.match(assertTerminalSafe(r.stdout, `${rt} ${args[0]} --kid error line`), /ERR_INVALID_ARGUMENT/);
      }
      // A key file named with control characters that does not exist; and one that is not a key.
      for (const args of [["jwks", evilName("missing.pem")], ["inspect", REPRO, "--key", evilName("missing.pem")], ["jwks", join(files, "evil-alg.jwk.json")]]) {
        const r = await run(rt, args, { pty: true });
        assert.notEqual(r.code, 0);
        assertTerminalSafe(r.stdout, `${rt} ${args[0]} error line`);
        const d = await run(rt, [...args, "--debug"], { pty: true });
        assertTerminalSafe(d.stdout, `${rt} ${args[0]} error line with --debug`);
      }
      // issue --kid (bidi) and --claim (control characters): --json is escaped JSON, the same values.
      const i = await run(rt, ["issue", "--key", join(files, "private.pem"), "--sub", "u1", "--app-id", APP, "--kid", FMT, "--claim-str", `note=${EVIL}`, "--claim", `${EVIL}=${JSON.stringify({ [EVIL]: EVIL })}`, "--json"], { pty: true });
      const it = assertTerminalSafe(i.stdout, `${rt} issue --json`, { color: false });
      assert.equal(i.code, 0, it);
      const issued = JSON.parse(it);
      assert.equal(issued.header.kid, FMT);
      assert.equal(issued.claims.note, EVIL);
      assert.deepEqual(issued.claims[EVIL], { [EVIL]: EVIL });
      // keygen --kid (bidi) into a folder whose name holds control characters: text and --json.
      for (const extra of [[], ["--json"]]) {
        const dir = join(work, `keygen-${rt}-${extra.length}-${EVIL}`);
        const g = await run(rt, ["keygen", "--alg", "ES256", "--kid", FMT, "--out", dir, ...extra], { pty: true });
        const gt = assertTerminalSafe(g.stdout, `${rt} keygen ${extra.join(" ")}`);
        assert.equal(g.code, 0, gt);
        if (extra.length) assert.deepEqual([JSON.parse(gt).kid, JSON.parse(gt).files.jwk], [FMT, join(dir, "sceyt-public.jwk.json")]);
        else assert.ok(gt.includes(String.raw`\u009b2J`) && gt.includes(String.raw`kid\u202e`), gt);
      }
    });

    test("keygen: a dangling link, a directory, an unwritable file or folder → refused or failed, the folder as it was", async (t) => {
      const base = join(work, `atomic-${rt}`);
      mkdirSync(base);
      let n = 0;
      const check = async (setup, args, note) => {
        const dir = join(base, String(n++));
        mkdirSync(dir);
        const undo = setup(dir) ?? (() => {});
        const before = snapshot(dir);
        const r = await run(rt, ["keygen", "--alg", "ES256", "--out", dir, ...args]);
        const after = snapshot(dir);
        undo();
        assert.notEqual(r.code, 0, `${rt} ${note}: keygen succeeded: ${r.stdout}`);
        const err = r.stderr.toString();
        assert.equal(err.trimEnd().split("\n").length, 1, `${rt} ${note}: one line: ${err}`);
        assert.deepEqual(after, before, `${rt} ${note}: the folder changed (${err.trim()})`);
        return err;
      };
      const dangling = (dir) => void symlinkSync(join(dir, "nowhere"), join(dir, "sceyt-public.pem"));
      assert.match(await check(dangling, ["--force"], "dangling link, --force"), /symbolic link/);
      assert.match(await check(dangling, [], "dangling link"), /refusing to overwrite/);
      // A link to a file that exists: not followed, not replaced.
      assert.match(await check((dir) => {
        writeFileSync(join(dir, "target.txt"), "keep me");
        symlinkSync(join(dir, "target.txt"), join(dir, "sceyt-public.jwk.json"));
      }, ["--force"], "link to a file, --force"), /symbolic link/);
      assert.match(await check((dir) => void mkdirSync(join(dir, "sceyt-public.jwk.json")), ["--force"], "a directory, --force"), /directory/);
      // Old key pair in place, --force, and the last file cannot be replaced: the first two new
      // files were already in place when it failed; they are taken back and the old ones restored.
      const oldPair = (dir) => {
        for (const f of ["sceyt-private.pem", "sceyt-public.pem", "sceyt-public.jwk.json"]) writeFileSync(join(dir, f), `old ${f}\n`, { mode: 0o600 });
      };
      // Unwritable: as root only an immutable file or folder (chattr +i) refuses root; as another
      // user a folder of mode 0555 does (a read-only file does not stop a rename over it).
      const asRoot = process.getuid?.() === 0;
      const probe = join(base, "probe");
      writeFileSync(probe, "");
      const chattr = spawnSync("chattr", ["+i", probe], { stdio: "ignore" }).status === 0;
      if (chattr) spawnSync("chattr", ["-i", probe]);
      const immutable = (path) => {
        assert.equal(spawnSync("chattr", ["+i", path], { stdio: "ignore" }).status, 0, `chattr +i ${path}`);
        return () => spawnSync("chattr", ["-i", path]);
      };
      if (chattr) {
        // The first two new files are in place when the third fails: taken back, old ones restored.
        assert.match(await check((dir) => {
          oldPair(dir);
          return immutable(join(dir, "sceyt-public.jwk.json"));
        }, ["--force"], "an immutable last file, --force"), /cannot write .*sceyt-public\.jwk\.json: EPERM; the folder is left as it was/);
      }
      if (chattr || !asRoot) {
        // A folder nothing can be created in.
        assert.match(await check((dir) => {
          oldPair(dir);
          rmSync(join(dir, "sceyt-public.pem"));
          if (chattr) return immutable(dir);
          chmodSync(dir, 0o555);
          return () => chmodSync(dir, 0o755);
        }, ["--force"], "an unwritable folder, --force"), /cannot write/);
      } else {
        t.diagnostic(`${rt}: root without chattr here: the unwritable cases are left to the in-process test`);
      }
      // And with nothing in the way keygen still works, --force included.
      const ok = join(base, "ok");
      mkdirSync(ok);
      oldPair(ok);
      const r = await run(rt, ["keygen", "--alg", "ES256", "--out", ok, "--force"]);
      assert.equal(r.code, 0, r.stderr.toString());
      assert.deepEqual(readdirSync(ok).sort(), ["sceyt-private.pem", "sceyt-public.jwk.json", "sceyt-public.pem"], "no temporary or backup file left");
      assert.equal(lstatSync(join(ok, "sceyt-private.pem")).mode & 0o777, 0o600);
      assert.equal(lstatSync(join(ok, "sceyt-public.pem")).mode & 0o777, 0o644);
    });

    test("issue --claim __proto__=…, constructor=…, prototype=…: own members of the signed token and of --json", async () => {
      const args = ["issue", "--key", join(files, "private.pem"), "--sub", "u1", "--app-id", APP, "--claim", '__proto__={"admin":true}', "--claim", 'constructor={"prototype":{"x":1}}', "--claim-str", "prototype=p"];
      for (const json of [false, true]) {
        const r = await run(rt, json ? [...args, "--json"] : args);
        assert.equal(r.code, 0, r.stderr.toString());
        const out = r.stdout.toString();
        const token = json ? JSON.parse(out).token : out.trim();
        const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
        for (const c of [payload, ...(json ? [JSON.parse(out).claims] : [])]) {
          assert.ok(Object.hasOwn(c, "__proto__"), `${rt}: __proto__ is an own member: ${JSON.stringify(c)}`);
          assert.deepEqual(Object.getOwnPropertyDescriptor(c, "__proto__").value, { admin: true });
          assert.equal(Object.getPrototypeOf(c), Object.prototype);
          assert.equal(c.admin, undefined);
          assert.deepEqual(c.constructor, { prototype: { x: 1 } });
          assert.equal(c.prototype, "p");
        }
        // jose verifies the signature over those claims.
        await jose.jwtVerify(token, await jose.importSPKI(fixture("rsa2048.spki.pem"), "RS256"));
      }
      assert.equal({}.admin, undefined, "no global prototype touched");
    });

    // inspect's report comes from the core's inspectToken (src/js/convert.rs to_value), whose
    // objects are built by JSON.parse so "__proto__" stays a member; the CLI prints what it holds.
    test("inspect shows a __proto__ claim (text and --json)", async () => {
      const t = await run(rt, ["issue", "--key", join(files, "private.pem"), "--sub", "u1", "--app-id", APP, "--claim", '__proto__={"admin":true}']);
      assert.equal(t.code, 0, t.stderr.toString());
      const token = t.stdout.toString().trim();
      const j = await run(rt, ["inspect", token, "--json"]);
      const report = JSON.parse(j.stdout.toString());
      assert.ok(Object.hasOwn(report.claims, "__proto__"), `--json claims: ${JSON.stringify(report.claims)}`);
      assert.ok(Object.hasOwn(report.parts.payload.json, "__proto__"), "--json payload");
      const text = (await run(rt, ["inspect", token])).stdout.toString();
      assert.match(text, /^ {2}__proto__ +\{"admin":true\}/m, text);
    });
  });
}

/** A folder's entries without following links: type, mode, and the content or link target. */
function snapshot(dir) {
  const out = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = lstatSync(p);
    out[name] = st.isSymbolicLink()
      ? `link -> ${readlinkSync(p)}`
      : st.isDirectory()
        ? `dir ${(st.mode & 0o777).toString(8)} [${readdirSync(p).join(",")}]`
        : `file ${(st.mode & 0o777).toString(8)} ${readFileSync(p, "utf8")}`;
  }
  return out;
}

describe("printable(), the one escaping function", () => {
  // What no output may hold raw: C0 (newline only between lines), DEL, C1, bidi controls,
  // U+2028/U+2029, lone surrogates.
  const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const load = async () => (await import(pathToFileURL(join(pkgDir, "bin/printable.mjs")).href)).printable;
  test("every UTF-16 code unit: escaped as \\uXXXX when unsafe, else kept", async () => {
    const printable = await load();
    let escaped = 0;
    for (let u = 0; u <= 0xffff; u++) {
      const ch = String.fromCharCode(u);
      const out = printable(ch);
      if (UNSAFE.test(ch)) {
        assert.equal(out, `\\u${u.toString(16).padStart(4, "0")}`);
        escaped++;
      } else assert.equal(out, ch);
    }
    assert.equal(escaped, 32 + 1 + 32 + 14 + 2048, "C0, DEL, C1, 14 bidi controls and separators, the surrogates");
    assert.equal(printable("a\ud83d\ude00b"), "a\ud83d\ude00b", "a surrogate pair (emoji) is kept");
    assert.equal(printable("x\ny", { lines: true }), "x\ny");
    assert.equal(printable("\x1b[1mX\x1b[0m\x1b]0;t\x07", { lines: true, sgr: true }), "\x1b[1mX\x1b[0m\\u001b]0;t\\u0007");
    assert.equal(printable("\x1b[1mX", { lines: true }), "\\u001b[1mX", "no SGR kept when colour is off");
  });
  test("JSON through printable() is the same JSON, with nothing unsafe raw (random values)", async () => {
    const printable = await load();
    let seed = 17;
    const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
    const pool = ["\x1b", "\x07", "\x7f", "\u009b", "\u0085", "\u2028", "\u202e", "\u2066", "\ud800", "\udfff", "\ud83d\ude00", "\\", '"', "\n", "\t", "a", "é", "Ω", "[", "]", "0", "__proto__"];
    const str = () => Array.from({ length: Math.floor(rand() * 12) }, () => pool[Math.floor(rand() * pool.length)]).join("");
    const value = (depth) => {
      const r = rand();
      if (depth > 2 || r < 0.4) return str();
      if (r < 0.55) return Math.floor(rand() * 1e6);
      if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const o = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) Object.defineProperty(o, str(), { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    };
    for (let i = 0; i < 2000; i++) {
      const v = { [str()]: value(0), s: str() };
      for (const indent of [0, 2]) {
        const text = printable(JSON.stringify(v, null, indent), { lines: true });
        assert.ok(!UNSAFE.test(text.replace(/\n/g, "")), `raw unsafe character in ${JSON.stringify(text)}`);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(v)), `not the same JSON: ${text}`);
      }
      assert.ok(!UNSAFE.test(printable(str())));
    }
  });
});

describe("keygen, all or nothing", () => {
  test("each file-system step of keygen failing in turn leaves the folder as it was (in process, Node)", async () => {
    const fs = await import("node:fs");
    const { syncBuiltinESMExports } = await import("node:module");
    const { keygen } = await import(pathToFileURL(join(pkgDir, "bin/keys.mjs")).href);
    const STEPS = ["openSync", "writeSync", "fchmodSync", "fsyncSync", "closeSync", "linkSync", "renameSync", "unlinkSync", "mkdirSync"];
    const real = Object.fromEntries(STEPS.map((s) => [s, fs.default[s]]));
    let calls = [];
    let failAt = -1;
    const patch = () => {
      for (const s of STEPS) {
        fs.default[s] = (...a) => {
          calls.push(s);
          if (calls.length === failAt) throw Object.assign(new Error(`injected failure of ${s}`), { code: "EIO" });
          return real[s](...a);
        };
      }
      syncBuiltinESMExports();
    };
    const unpatch = () => {
      Object.assign(fs.default, real);
      syncBuiltinESMExports();
    };
    const quiet = async (fn) => {
      const w = process.stdout.write;
      process.stdout.write = () => true;
      try {
        return await fn();
      } finally {
        process.stdout.write = w;
      }
    };
    const base = join(work, "inject");
    mkdirSync(base);
    let runs = 0;
    for (const [force, old] of [[false, false], [true, true], [true, false]]) {
      // First run with no failure to count the steps, then fail each of them.
      let total = 0;
      for (let k = 0; ; k++) {
        const parent = join(base, String(runs++));
        mkdirSync(parent);
        const dir = join(parent, "new", "keys"); // two folders keygen creates
        if (old) {
          mkdirSync(dir, { recursive: true });
          for (const f of ["sceyt-private.pem", "sceyt-public.pem", "sceyt-public.jwk.json"]) writeFileSync(join(dir, f), `old ${f}\n`, { mode: 0o600 });
        }
        const before = snapshot(parent);
        calls = [];
        failAt = k;
        patch();
        let error = null;
        try {
          await quiet(() => keygen(["--alg", "ES256", "--out", dir, ...(force ? ["--force"] : [])]));
        } catch (e) {
          error = e;
        } finally {
          unpatch();
        }
        const stepCount = calls.length;
        const after = snapshot(parent);
        const note = `force ${force}, old files ${old}, failing step ${k} (${calls[k - 1] ?? "none"})`;
        if (error) {
          assert.equal(error.name, "CommandError", `${note}: ${error.stack}`);
          assert.deepEqual(after, before, `${note}: the folder changed (${error.message})`);
        } else {
          // Only the clean-up of the old files' hidden copies may fail without failing keygen.
          const names = readdirSync(dir).filter((n) => !n.endsWith(".old"));
          assert.deepEqual(names.sort(), ["sceyt-private.pem", "sceyt-public.jwk.json", "sceyt-public.pem"], `${note}: ${readdirSync(dir)}`);
          if (readdirSync(dir).length > 3) assert.equal(calls[k - 1], "unlinkSync", `${note}: a hidden copy left`);
          assert.equal(lstatSync(join(dir, "sceyt-private.pem")).mode & 0o777, 0o600);
          assert.match(readFileSync(join(dir, "sceyt-private.pem"), "utf8"), /BEGIN PRIVATE KEY/);
        }
        if (k === 0) {
          assert.equal(error, null, `${note}: keygen works when nothing fails: ${error?.stack}`);
          total = stepCount;
        }
        if (k >= total) break;
      }
      assert.ok(total > 10, `only ${total} steps`);
    }
    assert.ok(runs > 30, `${runs} runs`);
  });
});
