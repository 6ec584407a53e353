// The fixtures of the Node-side test suites (tests/js, tests/cli, tests/page, tests/docs, the
// differential corpus): the frozen clock and application id they share, and the keys of
// tests/fixtures/ (see its README.md). Node only (reads files); suites that run inside workers and
// browsers get what they need from their caller.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** tests/fixtures/, the key files. */
export const FIXTURES = join(ROOT, "tests/fixtures");

/** The frozen "now" of the suites, in seconds: 2026-11-28T10:03:00Z. */
export const NOW = 1_795_860_180;
/** NOW as the CLI prints it. */
export const AT = new Date(NOW * 1000).toISOString().replace(".000Z", "Z");
/** The SCEYT application id of the suites (the README's). */
export const APP = "dqev1ml4ld";
/** A clock option frozen at NOW (milliseconds). */
export const clock = () => NOW * 1000;

/** The path of tests/fixtures/`name`. */
export const fixturePath = (name) => join(FIXTURES, name);
/** The text of tests/fixtures/`name` (a PEM). */
export const fixture = (name) => readFileSync(fixturePath(name), "utf8");
