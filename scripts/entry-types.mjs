// The declarations of the JS entries, generated from their JSDoc: `tsc --checkJs --declaration
// --emitDeclarationOnly` over pkg/entries and pkg/bin (scripts/types/tsconfig.json; the CLI is
// type-checked, its declarations are not published), through the
// compiler API of TypeScript 5.9 (tests/node_modules/typescript-5.9). The package's types are
// pkg/index.d.ts -> pkg/types/entries/shared.d.mts (the one export list: pkg/entries/shared.mjs)
// -> the modules it exports from, and pkg/types/api.d.ts (the wasm API, scripts/types.mjs).
//
//   node scripts/entry-types.mjs           type-checks the entries, writes pkg/types/entries/
//   node scripts/entry-types.mjs --check   type-checks the entries, and fails if pkg/types/entries/
//                                          is not what they give (drift); writes nothing
//
// The output is committed, so `make demo` and `make pkg` need no TypeScript; `make test` runs the
// check. Needs pkg/web/ (scripts/build.sh): the entries import the wasm glue, whose declarations
// are wasm-bindgen's. What the emitted files get besides tsc's output: a header; the glue's path
// ("../web/sceyt_token.js") replaced by the public declarations of the same API ("../api.js");
// environment.d.ts (hand-written, pkg/entries/) copied beside them; a .d.cts twin of each for
// `require` (index.d.cts), whose relative imports name the .d.cts files. Only the modules that
// shared.d.mts reaches are kept. The script fails on a type error, on an internal name (`__…`)
// left in the declarations, or on a name only the DOM declares.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const require = createRequire(import.meta.url);
const ts = require(join(root, "tests/node_modules/typescript-5.9/lib/typescript.js"));
const entries = join(root, "pkg/entries");
const outDir = join(root, "pkg/types/entries");
const GLUE = '"../web/sceyt_token.js"';
const API = '"../api.js"';

function fail(message) {
  console.error(`entry-types: ${message}`);
  process.exit(1);
}

if (!existsSync(join(root, "pkg/web/sceyt_token.d.ts"))) fail("pkg/web/sceyt_token.d.ts is missing: run scripts/build.sh first");

// 1. The program of scripts/types/tsconfig.json, emitting declarations.
const configPath = join(root, "scripts/types/tsconfig.json");
const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")) });
const options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, stripInternal: true, outDir: "/virtual", rootDir: join(root, "pkg") };
const program = ts.createProgram({ rootNames: [...parsed.fileNames, join(entries, "shared.mjs")], options });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  fail(`${diagnostics.length} type error(s) in pkg/entries or pkg/bin (tsc --checkJs)`);
}
// Internal: a name starting with "__" (the package's convention for what entries and tests share)
// or a declaration whose JSDoc has @internal (tsc's --stripInternal does not apply to JS sources).
// A typedef's emitted alias keeps no link to its JSDoc, so internal typedefs are found by name.
const internalTypedefs = new Set();
for (const sf of program.getSourceFiles()) {
  if (!sf.fileName.startsWith(entries)) continue;
  const look = (node) => {
    for (const doc of node.jsDoc ?? []) {
      const tags = doc.tags ?? [];
      if (!tags.some((t) => t.tagName.text === "internal")) continue;
      for (const t of tags) if (ts.isJSDocTypedefTag(t) && t.name) internalTypedefs.add(t.name.text);
    }
    ts.forEachChild(node, look);
  };
  look(sf);
  look(sf.endOfFileToken);
}
function isInternal(node) {
  const name = node.name && ts.isIdentifier(node.name) ? node.name.text : node.name && ts.isStringLiteral(node.name) ? node.name.text : "";
  if (name.startsWith("__")) return true;
  if (ts.isTypeAliasDeclaration(node)) return internalTypedefs.has(name);
  return ts.getJSDocTags(ts.getOriginalNode(node)).some((t) => t.tagName.text === "internal");
}
const dropInternal = (context) => (file) => {
  const visit = (node) => {
    if (ts.isClassDeclaration(node)) {
      return ts.factory.updateClassDeclaration(node, node.modifiers, node.name, node.typeParameters, node.heritageClauses, node.members.filter((m) => !isInternal(m)));
    }
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      const kept = node.exportClause.elements.filter((e) => !e.name.text.startsWith("__"));
      return ts.factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, ts.factory.updateNamedExports(node.exportClause, kept), node.moduleSpecifier, node.attributes);
    }
    if ((ts.isFunctionDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isVariableStatement(node)) && isInternal(ts.isVariableStatement(node) ? node.declarationList.declarations[0] : node)) {
      return undefined;
    }
    return node;
  };
  return ts.factory.updateSourceFile(file, file.statements.map(visit).filter(Boolean));
};
const emitted = new Map(); // module file name (shared.d.mts) -> text
const result = program.emit(
  undefined,
  (file, text) => {
    if (file.startsWith("/virtual/entries/") && file.endsWith(".d.mts")) emitted.set(file.slice("/virtual/entries/".length), text);
  },
  undefined,
  true,
  { afterDeclarations: [dropInternal] },
);
if (result.emitSkipped || result.diagnostics.length > 0) fail(`declaration emit failed: ${ts.formatDiagnostics(result.diagnostics, ts.createCompilerHost(options))}`);

// 2. The modules shared.d.mts reaches, by their relative imports.
const specifiers = (text) => [...text.matchAll(/(?:from |import\()"(\.\/[^"]+)"/g)].map((m) => m[1]);
const keep = new Set();
const queue = ["shared.d.mts"];
let environment = false;
while (queue.length > 0) {
  const name = queue.shift();
  if (keep.has(name)) continue;
  const text = emitted.get(name);
  if (text === undefined) fail(`tsc emitted no ${name}`);
  keep.add(name);
  for (const s of specifiers(text)) {
    if (s === "./environment.js") environment = true;
    else if (s.endsWith(".mjs")) queue.push(s.slice(2, -4) + ".d.mts");
    else fail(`${name} imports ${s}, which is neither a module of pkg/entries nor environment.js`);
  }
}

// 3. The files, checked.
const DOM_ONLY = ["WebAssembly", "BufferSource", "RequestInfo", "Request", "Response", "URL", "fetch", "Headers", "AbortSignal", "AbortController", "ReadableStream", "CryptoKey", "Cache", "CacheStorage"];
const files = new Map(); // file name in pkg/types/entries -> text
const header = (from) => `// Generated by scripts/entry-types.mjs from ${from}: do not edit.\n`;
for (const name of [...keep].sort()) {
  const source = `pkg/entries/${name.replace(/\.d\.mts$/, ".mjs")}`;
  const text = emitted.get(name).replaceAll(GLUE, API);
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, ""); // names in comments are fine
  const internal = code.match(/\b__\w+/g);
  if (internal) fail(`internal names left in the declarations of ${source}: ${[...new Set(internal)].join(", ")} (mark them @internal)`);
  for (const dom of DOM_ONLY) {
    // A DOM name as a type is not fine (the declarations must check without the DOM lib); as a
    // member's name (`fetch?:`, `fetch(`) or a qualified name's part (`x.URL`) it is.
    if (new RegExp(`(?<![.\\w])${dom}\\b(?!\\s*\\??\\s*[:(])(?!")`).test(code)) fail(`"${dom}" in the declarations of ${source} is declared only by the DOM lib: use a type of environment.d.ts`);
  }
  files.set(name, header(source) + text);
}
if (environment) files.set("environment.d.ts", readFileSync(join(entries, "environment.d.ts"), "utf8"));
// The .d.cts twins: the same declarations, importing each other's .d.cts.
for (const [name, text] of [...files]) {
  const twin = name.replace(/\.d\.m?ts$/, ".d.cts");
  const cjs = text
    .replace(/((?:from |import\()"\.\/[^"]+)\.mjs"/g, '$1.cjs"')
    .replaceAll('"./environment.js"', '"./environment.cjs"')
    .replaceAll(API, '"../api.cjs"');
  files.set(twin, cjs.startsWith("// Generated") ? cjs : `// Generated by scripts/entry-types.mjs from pkg/entries/environment.d.ts, for require: do not edit.\n${cjs}`);
}

// 4. Written, or compared.
const present = existsSync(outDir) ? readdirSync(outDir) : [];
if (check) {
  const drift = [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (!existsSync(path)) drift.push(`${name} is missing`);
    else if (readFileSync(path, "utf8") !== text) drift.push(`${name} differs`);
  }
  for (const name of present) if (!files.has(name)) drift.push(`${name} is not generated any more`);
  if (drift.length > 0) {
    fail(`pkg/types/entries is not what the JSDoc of pkg/entries gives (${drift.join("; ")}): run node scripts/entry-types.mjs and commit the result`);
  }
  console.log(`entry types ok: pkg/entries and pkg/bin type-check (tsc ${ts.version} --checkJs), and ${files.size} declaration files in ${relative(root, outDir)} are current`);
} else {
  mkdirSync(outDir, { recursive: true });
  for (const name of present) if (!files.has(name)) rmSync(join(outDir, name));
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  console.log(`entry types: wrote ${files.size} files to ${relative(root, outDir)} (${[...files.keys()].map((f) => basename(f)).join(", ")})`);
}
