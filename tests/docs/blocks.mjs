// Finds the JavaScript and TypeScript code blocks of the documentation and writes each one as a
// module under target/doc-blocks/, for tests/docs/blocks.test.mjs to type-check and run.
//
// Documents: README.md, pkg/README.md (the registry page), docs/*.md.
// A block's mode comes from an HTML comment on the line before its fence (invisible on GitHub
// and npm):
//   (none) or <!-- docs-check: typecheck -->   type-checked against the installed package's .d.ts
//   <!-- docs-check: run -->       type-checked, then run in Node (process.env.SCEYT_PRIVATE_KEY set;
//                                  globals env, publicPem and token defined by the test's wrapper)
//   <!-- docs-check: worker -->    type-checked, then its default export's fetch() answers a request
//   <!-- docs-check: deno -->      type-checked, then run in Deno (--allow-read --allow-env)
//   <!-- docs-check: bun -->       type-checked, then run in Bun; the fetch handler it gives
//                                  Bun.serve answers one request (no server is started)
//   <!-- docs-check: continues --> appended to the previous block of the same document (one program
//                                  shown in pieces), checked as that block is
//   <!-- docs-check: partial REASON --> deliberately partial: not checked; REASON is required
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const outDir = join(root, "target/doc-blocks");

const LANGS = { js: "js", javascript: "js", mjs: "js", cjs: "js", ts: "ts", typescript: "ts" };
const MODES = ["typecheck", "run", "worker", "deno", "bun", "continues", "partial"];

export function documents() {
  const docs = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`);
  return ["README.md", "pkg/README.md", ...docs];
}

/** Every JS/TS block of `doc` (a path relative to the repository): { doc, line, lang, mode, reason, code }. */
export function blocksOf(doc) {
  const lines = readFileSync(join(root, doc), "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const close = new RegExp(`^\\s*\\${fence[0]}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end])) end++;
    const lang = LANGS[info.toLowerCase()];
    if (lang) {
      let j = i - 1;
      while (j >= 0 && lines[j].trim() === "") j--;
      const marker = j >= 0 ? /^\s*<!--\s*docs-check:\s*([\w-]+)\s*(.*?)\s*-->\s*$/.exec(lines[j]) : null;
      const mode = marker ? marker[1] : "typecheck";
      if (!MODES.includes(mode)) throw new Error(`${doc}:${j + 1}: unknown docs-check mode "${mode}" (known: ${MODES.join(", ")})`);
      const reason = marker ? marker[2] : "";
      if (mode === "partial" && !reason) throw new Error(`${doc}:${j + 1}: "docs-check: partial" needs a reason`);
      const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join("\n");
      blocks.push({ doc, line: i + 2, lang, mode, reason, code });
    }
    i = end;
  }
  return blocks;
}

/** Whether a JS block is CommonJS (`require` and no import/export). */
function isCommonJs(code) {
  return /\brequire\s*\(/.test(code) && !/^\s*(import|export)\b/m.test(code);
}

/**
 * The programs to check: blocks with `continues` merged into their predecessor, `partial` ones
 * left out (listed in `skipped`). Each program: { id, doc, line, lang, mode, code, file, segments }
 * where `segments` maps the program's lines back to the document ({ from, doc, line }).
 */
export function programs() {
  const out = [];
  const skipped = [];
  for (const doc of documents()) {
    let previous = null;
    for (const b of blocksOf(doc)) {
      if (b.mode === "partial") {
        skipped.push(b);
        continue;
      }
      if (b.mode === "continues") {
        if (!previous) throw new Error(`${doc}:${b.line - 1}: "docs-check: continues" but no earlier checked block in ${doc}`);
        const from = previous.code.split("\n").length + 1;
        previous.code += `\n${b.code}`;
        previous.segments.push({ from, doc, line: b.line });
        continue;
      }
      previous = { ...b, segments: [{ from: 1, doc, line: b.line }] };
      out.push(previous);
    }
  }
  for (const p of out) {
    const slug = p.doc.replace(/[/.]/g, "_");
    p.id = `${slug}_L${p.line}`;
    // Deno's "npm:" specifiers resolve to the same installed package here (offline, no registry).
    p.code = p.code.replace(/(["'])npm:sceyt-token(["'/])/g, "$1sceyt-token$2");
    const ext = p.lang === "ts" ? ".mts" : isCommonJs(p.code) ? ".cjs" : ".mjs";
    p.file = join(outDir, `${p.id}${ext}`);
  }
  return { programs: out, skipped };
}

/** Maps line `n` (1-based) of a program's file to "doc:line". */
export function sourceOf(p, n) {
  let seg = p.segments[0];
  for (const s of p.segments) if (s.from <= n) seg = s;
  return `${seg.doc}:${seg.line + (n - seg.from)}`;
}

// What the documentation may use without defining: the free names of snippets and the runtimes'
// globals the TypeScript DOM library does not declare. Kept small on purpose.
const PRELUDE = `// Generated by tests/docs/blocks.mjs: what documentation snippets use without defining.
declare const env: { SCEYT_PRIVATE_KEY: string; SCEYT_APP_ID: string; [name: string]: string };
declare const token: string;
declare const publicPem: string;
declare const userId: string;
declare const apiUrl: string;
declare const appId: string;
declare const clientId: string;
declare const process: { env: Record<string, string | undefined> };
declare const Deno: { env: { get(name: string): string | undefined }; serve(...args: unknown[]): unknown };
declare const Bun: { serve(options: { hostname?: string; port?: number; fetch(request: Request): Response | Promise<Response> }): unknown };
declare function require(id: string): any;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void }
declare module "sceyt-chat" { const SceytChat: any; export default SceytChat; }
declare module "*?module" { const module: WebAssembly.Module; export default module; }
declare module "*.wasm" { const module: WebAssembly.Module; export default module; } // as @cloudflare/workers-types declares it
declare module "node:fs" { export function readFileSync(path: string | URL, encoding: "utf8"): string; }
`;

/** Writes every program and a tsconfig.json into target/doc-blocks/. Returns programs(). */
export function writePrograms() {
  const result = programs();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // A package.json so Node and TypeScript treat the folder as ESM and resolve "sceyt-token" from
  // the repository's node_modules (the npm-pack tarball installed by scripts/pack.sh).
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify({ name: "doc-blocks", private: true, type: "module" }, null, 2)}\n`);
  writeFileSync(join(outDir, "prelude.d.ts"), PRELUDE);
  for (const p of result.programs) writeFileSync(p.file, `${p.code}\n`);
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022", "DOM"],
      types: [],
      allowJs: true,
      checkJs: true,
      strict: false,
      noEmit: true,
      skipLibCheck: true,
      moduleDetection: "force",
    },
    files: ["prelude.d.ts", ...result.programs.map((p) => basename(p.file))],
  };
  writeFileSync(join(outDir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { programs: ps, skipped } = writePrograms();
  for (const p of ps) console.log(`${p.mode.padEnd(9)} ${sourceOf(p, 1)}  ${relative(root, p.file)}`);
  for (const b of skipped) console.log(`partial   ${b.doc}:${b.line}  (${b.reason})`);
}
