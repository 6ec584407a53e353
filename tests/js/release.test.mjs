// scripts/release.sh (`make release VERSION=x.y.z`) on a temporary clone of HEAD, with
// RELEASE_CHECKS=none (the build and suite are skipped; the bump and the CHANGELOG move are what is
// tested): one version in Cargo.toml, Cargo.lock, fuzz/Cargo.lock and pkg/package.json, the
// Unreleased entries dated under the version, and the refusals. Nothing is ever published.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const git = (cwd, ...args) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

function clone(t) {
  const dir = mkdtempSync(join(tmpdir(), "sceyt-release-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  git(root, "clone", "-q", "--no-hardlinks", root, dir);
  return dir;
}
function release(dir, version) {
  return spawnSync("scripts/release.sh", [version], { cwd: dir, encoding: "utf8", env: { ...process.env, RELEASE_CHECKS: "none" } });
}
const read = (dir, f) => readFileSync(join(dir, f), "utf8");

test("release bumps every version together and dates the Unreleased entries", (t) => {
  const dir = clone(t);
  const before = read(dir, "CHANGELOG.md");
  const current = JSON.parse(read(dir, "pkg/package.json")).version;
  const [major, minor] = current.split(".").map(Number);
  const next = `${major}.${minor + 1}.0`;
  const r = release(dir, next);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /checks skipped|publish dry run skipped/);
  assert.equal(JSON.parse(read(dir, "pkg/package.json")).version, next);
  assert.match(read(dir, "Cargo.toml"), new RegExp(`^version = "${next}"$`, "m"));
  for (const lock of ["Cargo.lock", "fuzz/Cargo.lock"]) {
    assert.match(read(dir, lock), new RegExp(`^name = "sceyt-token"\\nversion = "${next}"$`, "m"), lock);
  }
  const today = new Date().toISOString().slice(0, 10);
  const after = read(dir, "CHANGELOG.md");
  assert.ok(after.includes(`## [Unreleased]\n\n## [${next}] - ${today}\n`), "Unreleased stays on top, empty; the entries move under the version");
  assert.equal(after.replace(`## [${next}] - ${today}\n\n`, ""), before, "nothing else in CHANGELOG changes");
  const changed = git(dir, "status", "--porcelain").trimEnd().split("\n").map((l) => l.slice(3)).sort();
  assert.deepEqual(changed, ["CHANGELOG.md", "Cargo.lock", "Cargo.toml", "fuzz/Cargo.lock", "pkg/package.json"]);
  assert.equal(git(dir, "tag").trim(), "", "no tag");
  assert.equal(git(dir, "rev-parse", "HEAD"), git(root, "rev-parse", "HEAD"), "no commit");

  // A second release with nothing new in Unreleased is refused.
  git(dir, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qam", "release");
  const again = release(dir, `${major}.${minor + 2}.0`);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /Unreleased section of CHANGELOG.md has no entries/);
});

test("release refuses a bad or older version and a dirty tree, changing nothing", (t) => {
  const dir = clone(t);
  const current = JSON.parse(read(dir, "pkg/package.json")).version;
  for (const [version, message] of [
    ["1.2", /not a version like 1\.2\.3/],
    [current, /is not above the current version/],
    ["0.0.1", /is not above the current version/],
  ]) {
    const r = release(dir, version);
    assert.equal(r.status, 1, version);
    assert.match(r.stderr, message, version);
  }
  assert.equal(git(dir, "status", "--porcelain"), "");
  writeFileSync(join(dir, "README.md"), "changed\n");
  const dirty = release(dir, "99.0.0");
  assert.equal(dirty.status, 1);
  assert.match(dirty.stderr, /uncommitted changes/);
});
