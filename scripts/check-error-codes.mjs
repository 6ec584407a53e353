// Every error code comes from one source, the Rust enum `ErrorCode` (src/error.rs), through the
// generated pkg/entries/codes.mjs (scripts/types.mjs writes it at build time). This check, a stage of
// `make test` (after the build), fails when a JS, TS or HTML file of pkg/, www/ or examples/ tracked by
// git (the generated and vendored copies are not) holds
//  - a raw code literal: a quote or backtick directly followed by ERR_ ("ERR_…", 'ERR_…', `ERR_…`):
//    write ErrorCode.TokenExpired, imported from the package (or from codes.mjs inside pkg/entries);
//  - an `ErrorCode.Name` that is not a variant (it would be undefined at run time).
// Comments may name codes (ERR_TOKEN_EXPIRED without quotes). Usage: node scripts/check-error-codes.mjs
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const GENERATED = "pkg/entries/codes.mjs";
// The generated object and the declarations tsc generates from it (scripts/entry-types.mjs).
const GENERATED_FILES = [GENERATED, "pkg/types/entries/codes.d.mts", "pkg/types/entries/codes.d.cts"];
const { ErrorCode } = await import(pathToFileURL(join(root, GENERATED)).href);

const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "pkg", "www", "examples"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => /\.(m?js|cjs|[cm]?ts|html)$/.test(f) && !GENERATED_FILES.includes(f));

const problems = [];
for (const file of files) {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/["'`](ERR_[A-Z0-9_]*)/g)) {
      problems.push(`${file}:${i + 1}: raw error code literal ${m[0]}…: use ErrorCode.${nameOf(m[1]) ?? "<a new variant of src/error.rs>"}`);
    }
    for (const m of line.matchAll(/\bErrorCode\.([A-Za-z_$][\w$]*)/g)) {
      if (!Object.hasOwn(ErrorCode, m[1])) problems.push(`${file}:${i + 1}: ErrorCode.${m[1]} is not a variant of ErrorCode (src/error.rs)`);
    }
  });
}

function nameOf(code) {
  return Object.keys(ErrorCode).find((k) => ErrorCode[k] === code);
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`error codes: ${problems.length} problem(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`error codes ok: ${files.length} files of pkg/, www/ and examples/ use ErrorCode (${Object.keys(ErrorCode).length} codes)`);
