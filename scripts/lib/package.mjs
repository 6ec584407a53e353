// The one way this repository installs the package it builds. scripts/pack.sh is the only place
// that packs (`npm pack` of pkg/ into target/npm/sceyt-token-<version>.tgz); every install of that
// tarball goes through installPackage(): `npm install <tarball>` into a project folder, as a user's
// install does (the `bin` link included). Its users:
//   - scripts/pack.sh, for the workspace's own node_modules/sceyt-token (tests/js, tests/docs,
//     tests/runtimes, the demo and the benchmarks import "sceyt-token" from there);
//   - the tests that need a project of their own: tests/js/package-install.test.mjs, tests/cli/,
//     tests/mixed/run.mjs (two copies) and tests/types/matrix.mjs.
// Offline: the tarball has no dependencies, so npm needs no registry (for the workspace, the root
// manifest's packages must be installed already: scripts/setup.sh).
//
//   node scripts/lib/package.mjs install <project folder> [--no-save]   (what pack.sh runs)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The tarball scripts/pack.sh made (target/npm/sceyt-token-*.tgz); throws when there is none. */
export function packedTarball() {
  const dir = join(root, "target/npm");
  const name = existsSync(dir) ? readdirSync(dir).find((f) => /^sceyt-token-.*\.tgz$/.test(f)) : undefined;
  if (!name) throw new Error(`no target/npm/sceyt-token-*.tgz: run scripts/pack.sh first (after scripts/build.sh)`);
  return join(dir, name);
}

/**
 * Installs the tarball into `project` with npm (the folder and a package.json named `name` are
 * created when missing; an earlier node_modules/sceyt-token is removed first). `save: false` leaves
 * the project's package.json and lock file alone (the workspace). Returns the installed package's
 * folder and its `bin` link.
 */
export function installPackage(project, { tarball = packedTarball(), name = "sceyt-token-consumer", save = true } = {}) {
  mkdirSync(project, { recursive: true });
  if (!existsSync(join(project, "package.json"))) {
    writeFileSync(join(project, "package.json"), `${JSON.stringify({ name, private: true, version: "0.0.0" }, null, 2)}\n`);
  }
  const pkgDir = join(project, "node_modules/sceyt-token");
  rmSync(pkgDir, { recursive: true, force: true });
  const args = ["install", "--offline", "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"];
  if (!save) args.push("--no-save");
  execFileSync("npm", [...args, tarball], { cwd: project, stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(join(pkgDir, "package.json"))) throw new Error(`npm install put no sceyt-token into ${project}`);
  return { pkgDir, bin: join(project, "node_modules/.bin/sceyt-token") };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, project, ...flags] = process.argv.slice(2);
  if (command !== "install" || !project) {
    console.error("usage: node scripts/lib/package.mjs install <project folder> [--no-save]");
    process.exit(2);
  }
  const { pkgDir } = installPackage(resolve(project), { save: !flags.includes("--no-save") });
  console.error(`[pack] installed ${packedTarball().slice(root.length + 1)} as ${pkgDir}`);
}
