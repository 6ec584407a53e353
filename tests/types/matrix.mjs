// The TypeScript matrix: the package's published declarations (the npm-pack tarball installed into
// a consumer project by scripts/lib/package.mjs) type-checked with `skipLibCheck: false` under
// every combination of
//   module:     node16, nodenext, bundler (module esnext + moduleResolution bundler)
//   lib:        es2022 alone, es2022 + dom, es2022 + @cloudflare/workers-types (latest), es2022 +
//               @types/node
//   TypeScript: 5.0, 5.4, the latest 5.x, the latest release (npm aliases in tests/package.json)
// Each configuration checks the same consumer files (tests/types/*.ts, *.cts): usage.ts (the API),
// errors.ts (@ts-expect-error negative checks), require.cts (CommonJS, node16/nodenext only),
// dispose.ts (`using` and `[Symbol.dispose]`, TypeScript >= 5.2 only). Every error counts, in our
// declarations, in the consumer files and in the environment's own declarations alike.
//
// Usage: node tests/types/matrix.mjs [--ts 5.0,5.4] [--module node16] [--lib es2022]
// Prints one line per configuration, then "types matrix: N configurations checked, M failed" and
// "N passed, M failed"; exits 1 if any failed.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { installPackage } from "../../scripts/lib/package.mjs";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const testModules = join(root, "tests/node_modules");

const TYPESCRIPTS = {
  "5.0": "typescript-5.0",
  "5.4": "typescript-5.4",
  "5.9": "typescript-5.9", // the latest 5.x
  latest: "typescript", // the latest release
};
const MODULES = {
  node16: { module: "Node16", moduleResolution: "Node16", cjs: true },
  nodenext: { module: "NodeNext", moduleResolution: "NodeNext", cjs: true },
  bundler: { module: "ESNext", moduleResolution: "Bundler", cjs: false },
};
const LIBS = {
  es2022: { lib: ["ES2022"], types: [] },
  "es2022+dom": { lib: ["ES2022", "DOM"], types: [] },
  "es2022+workers-types": { lib: ["ES2022"], types: ["@cloudflare/workers-types"] },
  // Only with the TypeScript versions @types/node supports (its `typeScriptVersion`, 5.6 for
  // @types/node 26): older ones fail inside @types/node itself (no Symbol.asyncDispose).
  "es2022+@types/node": { lib: ["ES2022"], types: ["node"], minTs: "typeScriptVersion of @types/node" },
};

function pick(flag, all) {
  const i = process.argv.indexOf(flag);
  if (i < 0) return Object.keys(all);
  const want = process.argv[i + 1].split(",");
  for (const w of want) if (!(w in all)) throw new Error(`${flag} ${w}: unknown (known: ${Object.keys(all).join(", ")})`);
  return want;
}

function versionOf(pkg) {
  return JSON.parse(readFileSync(join(testModules, pkg, "package.json"), "utf8")).version;
}
const atLeast = (version, min) => {
  const [a, b] = version.split(".").map(Number);
  const [x, y] = min.split(".").map(Number);
  return a > x || (a === x && b >= y);
};
const typesNodeMinTs = JSON.parse(readFileSync(join(testModules, "@types/node/package.json"), "utf8")).typeScriptVersion;

// A consumer project: the npm-pack tarball installed into it (scripts/lib/package.mjs), the
// environment's types linked into its node_modules (after npm, which would prune them), the
// consumer files copied in.
const dir = join(root, "target/types-matrix");
rmSync(dir, { recursive: true, force: true });
try {
  installPackage(dir, { name: "types-consumer" });
} catch (err) {
  console.log(`FAIL setup: ${err.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
mkdirSync(join(dir, "node_modules/@cloudflare"), { recursive: true });
mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
// The latest @cloudflare/workers-types (5.x, installed under an alias: wrangler 4.86 declares a 4.x peer).
symlinkSync(join(testModules, "workers-types-latest"), join(dir, "node_modules/@cloudflare/workers-types"));
symlinkSync(join(testModules, "@types/node"), join(dir, "node_modules/@types/node"));
// An ES module project (installPackage wrote the manifest with the dependency it installed).
const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
writeFileSync(join(dir, "package.json"), JSON.stringify({ ...manifest, type: "module" }));
for (const f of ["usage.ts", "errors.ts", "provider.ts", "require.cts", "dispose.ts"]) cpSync(join(here, f), join(dir, f));

const configs = [];
const skipped = [];
for (const ts of pick("--ts", TYPESCRIPTS)) {
  const version = versionOf(TYPESCRIPTS[ts]);
  const [major, minor] = version.split(".").map(Number);
  const usingWorks = major > 5 || (major === 5 && minor >= 2);
  for (const mod of pick("--module", MODULES)) {
    for (const lib of pick("--lib", LIBS)) {
      const name = `ts${version} module=${mod} lib=${lib.replace("workers-types", `workers-types@${versionOf("workers-types-latest")}`).replace("@types/node", `@types/node@${versionOf("@types/node")}`)}`;
      if (LIBS[lib].minTs && !atLeast(version, typesNodeMinTs)) {
        skipped.push(`${name}: @types/node ${versionOf("@types/node")} supports TypeScript >= ${typesNodeMinTs}`);
        continue;
      }
      const files = ["usage.ts", "errors.ts", "provider.ts"];
      if (MODULES[mod].cjs) files.push("require.cts");
      if (usingWorks) files.push("dispose.ts");
      const file = `tsconfig.${ts}.${mod}.${lib.replace(/[^a-z0-9]+/gi, "-")}.json`;
      const { cjs, ...moduleOptions } = MODULES[mod];
      const { minTs, ...libOptions } = LIBS[lib];
      writeFileSync(
        join(dir, file),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            ...moduleOptions,
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            ...libOptions,
          },
          files,
        }, null, 2),
      );
      configs.push({ name, file, tsc: join(testModules, TYPESCRIPTS[ts], "bin/tsc"), files });
    }
  }
}

async function check(c) {
  try {
    await run(process.execPath, [c.tsc, "-p", c.file, "--pretty", "false"], { cwd: dir, maxBuffer: 1 << 26 });
    return { ...c, errors: [] };
  } catch (e) {
    const out = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    const errors = out.split("\n").filter((l) => /error TS\d+/.test(l));
    return { ...c, errors: errors.length ? errors : [out.trim() || String(e)] };
  }
}

// Two at a time: the machine has two cores.
const results = [];
const queue = [...configs];
await Promise.all([0, 1].map(async () => {
  for (let c; (c = queue.shift()); ) results.push(await check(c));
}));
results.sort((a, b) => configs.indexOf(configs.find((c) => c.name === a.name)) - configs.indexOf(configs.find((c) => c.name === b.name)));

let failed = 0;
for (const r of results) {
  if (r.errors.length === 0) {
    console.log(`PASS ${r.name} (${r.files.join(" ")})`);
  } else {
    failed++;
    console.log(`FAIL ${r.name}: ${r.errors.length} error(s)`);
    for (const e of r.errors.slice(0, 8)) console.log(`    ${e.replace(dir + "/", "")}`);
    if (r.errors.length > 8) console.log(`    … ${r.errors.length - 8} more`);
  }
}
for (const s of skipped) console.log(`SKIP ${s}`);
console.log(`types matrix: ${results.length} configurations checked, ${failed} failed, ${skipped.length} skipped`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
