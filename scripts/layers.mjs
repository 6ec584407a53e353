#!/usr/bin/env node
// The layering and import-circle check (a `make test` stage). It reads the sources, with no build:
//
// - Rust: every file of src/ is a module (src/a/b.rs and src/a/b/mod.rs are `a::b`). Its
//   dependencies are the modules its paths name — `use` trees (braces expanded) and paths in code
//   that start with `crate::`, `super::`, `self::` or a child module's name — resolved to the
//   deepest module file; an item a `mod.rs` only re-exports (`pub use child::Item`) resolves to
//   the child that defines it. `#[cfg(test)] mod … { … }` blocks are left out (tests, not layers).
// - JS: the relative `import` / `export … from` / `import()` / `require()` of pkg/entries,
//   pkg/bin and www.
//
// Rules (each finding names the file and the path that breaks it):
//   1. src/js/native/ (the primitive leaves) depends on nothing in src/js/ outside itself;
//   2. the core (src/ outside src/js/) depends on nothing in src/js/ and names no wasm-bindgen,
//      js-sys or web-sys item;
//   3. no import circle among the Rust modules, nor among the JS files;
//   4. one name per thing in the crate: no two Rust files of the same name (mod.rs apart), no two
//      top-level types (struct, enum, trait, type alias) of the same name;
//   5. the binding (src/js/) uses the core's public API: no path through a private core module
//      (`mod x;` in lib.rs) and no core item declared `pub(crate)`.
// Usage: node scripts/layers.mjs [--graph]   (--graph prints every edge)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const walk = (dir, ok) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n === "node_modules" ? [] : walk(p, ok)) : ok(p) ? [p] : [];
  });

// ---------- Rust ----------
const src = join(root, "src");
const rustFiles = walk(src, (p) => p.endsWith(".rs") && !p.includes(`${src}/bin/`));
const modOf = new Map(); // file -> "a::b"
const fileOf = new Map(); // "a::b" -> file
for (const f of rustFiles) {
  const rel = relative(src, f).replace(/\.rs$/, "").split("/");
  if (rel.at(-1) === "mod" || (rel.length === 1 && rel[0] === "lib")) rel.pop();
  const m = rel.join("::");
  modOf.set(f, m);
  fileOf.set(m, f);
}
const join2 = (m, seg) => (m ? `${m}::${seg}` : seg);
const parentOf = (m) => m.split("::").slice(0, -1).join("::");

/** Source without comments, strings, char literals and `#[cfg(test)]` modules. */
function clean(text) {
  let out = "";
  for (let i = 0; i < text.length; ) {
    const two = text.slice(i, i + 2);
    if (two === "//") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (two === "/*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (text[i] === '"' || (text[i] === "r" && /^r#*"/.test(text.slice(i, i + 4)) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? ""))) {
      // strings (raw strings with their hashes)
      if (text[i] === "r") {
        const hashes = /^r(#*)"/.exec(text.slice(i))[1];
        const end = text.indexOf(`"${hashes}`, i + 2 + hashes.length);
        i = end < 0 ? text.length : end + 1 + hashes.length;
      } else {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
        i++;
      }
      out += '""';
    } else if (text[i] === "'" && /^'(\\.|[^\\'])'/.test(text.slice(i, i + 4))) {
      i = text.indexOf("'", i + 2) + 1;
      out += "' '";
    } else {
      out += text[i++];
    }
  }
  // #[cfg(test)] mod name { ... }
  for (let m; (m = /#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/.exec(out)); ) {
    let depth = 0, j = m.index + m[0].length - 1;
    for (; j < out.length; j++) {
      if (out[j] === "{") depth++;
      else if (out[j] === "}" && --depth === 0) break;
    }
    out = out.slice(0, m.index) + out.slice(j + 1);
  }
  return out;
}

/** `a::{b, c::{d, e as f}, self}` → [["a","b"], ["a","c","d"], ["a","c","e"], ["a"]]. */
function expandUse(tree) {
  tree = tree.replace(/\s+as\s+\w+/g, "").replace(/\s+/g, "");
  const split = (s) => {
    const parts = [];
    let depth = 0, cur = "";
    for (const ch of s) {
      if (ch === "{") depth++;
      if (ch === "}") depth--;
      if (ch === "," && depth === 0) {
        parts.push(cur);
        cur = "";
      } else cur += ch;
    }
    if (cur) parts.push(cur);
    return parts;
  };
  const go = (s, prefix) => {
    const brace = s.indexOf("{");
    if (brace < 0) {
      const segs = s.split("::").filter(Boolean);
      if (segs.at(-1) === "self") segs.pop();
      if (segs.at(-1) === "*") segs.pop();
      return [[...prefix, ...segs]];
    }
    const head = s.slice(0, brace).split("::").filter(Boolean);
    const inner = s.slice(brace + 1, s.lastIndexOf("}"));
    return split(inner).flatMap((p) => go(p, [...prefix, ...head]));
  };
  return go(tree, []);
}

const info = new Map(); // file -> { uses: [[segs...]], reexports: Map(item -> [segs]), children: Set }
for (const f of rustFiles) {
  const text = clean(readFileSync(f, "utf8"));
  const children = new Set([...text.matchAll(/\bmod\s+([a-z_][a-z0-9_]*)\s*;/g)].map((m) => m[1]));
  const uses = [];
  const reexports = new Map();
  for (const m of text.matchAll(/\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);/g)) {
    for (const segs of expandUse(m[2])) {
      uses.push(segs);
      if (m[1] && segs.length >= 2) reexports.set(segs.at(-1), segs);
    }
  }
  const withoutUse = text.replace(/\buse\s+[^;]+;/g, "");
  const inline = [...withoutUse.matchAll(/(?<![A-Za-z0-9_:])((?:crate|super|self|[a-z_][a-z0-9_]*)(?:::[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].split("::"));
  info.set(f, { uses, reexports, children, inline });
}

/** The file a path names, from the module `at`; null for other crates and the prelude. */
function resolveRust(at, segs, seen = new Set()) {
  let m;
  let i = 0;
  if (segs[0] === "crate") (m = ""), (i = 1);
  else if (segs[0] === "super") {
    m = parentOf(at);
    i = 1;
    while (segs[i] === "super") (m = parentOf(m)), i++;
  } else if (segs[0] === "self") (m = at), (i = 1);
  else if (fileOf.has(join2(at, segs[0]))) m = at;
  else return null;
  while (i < segs.length && fileOf.has(join2(m, segs[i]))) m = join2(m, segs[i++]);
  const file = fileOf.get(m);
  // An item the module only re-exports: follow it to where it is defined.
  const item = segs[i];
  const re = item && info.get(file)?.reexports.get(item);
  if (re && !seen.has(`${m}:${item}`)) {
    seen.add(`${m}:${item}`);
    return resolveRust(m, re, seen) ?? file;
  }
  return file;
}

/** The module a whole `use` path names (`use super::family;`), or null when it names an item. */
function moduleOfUse(at, segs) {
  const t = resolveRust(at, segs);
  return t && modOf.get(t).split("::").at(-1) === segs.at(-1) ? modOf.get(t) : null;
}

const rustEdges = new Map(rustFiles.map((f) => [f, new Map()])); // file -> Map(target -> example path)
for (const f of rustFiles) {
  const at = modOf.get(f);
  const { uses, inline, children } = info.get(f);
  // Paths in code: from crate/super/self, a child module, or a module a `use` brought in.
  const aliases = new Map();
  for (const segs of uses) {
    const m = moduleOfUse(at, segs);
    if (m !== null) aliases.set(segs.at(-1), m);
  }
  for (const segs of inline) {
    if (["crate", "super", "self"].includes(segs[0]) || children.has(segs[0])) uses.push(segs);
    else if (aliases.has(segs[0])) uses.push(["crate", ...aliases.get(segs[0]).split("::").filter(Boolean), ...segs.slice(1)]);
  }
  for (const segs of uses) {
    const t = resolveRust(modOf.get(f), segs);
    if (t && t !== f && !rustEdges.get(f).has(t)) rustEdges.get(f).set(t, segs.join("::"));
  }
}

// ---------- JS ----------
const jsFiles = ["pkg/entries", "pkg/bin", "www"].flatMap((d) =>
  walk(join(root, d), (p) => /\.(mjs|cjs|js)$/.test(p)),
);
const jsEdges = new Map(jsFiles.map((f) => [f, new Map()]));
for (const f of jsFiles) {
  const text = readFileSync(f, "utf8").replace(/^\s*\/\/.*$/gm, "");
  const specs = [
    ...text.matchAll(/\b(?:import|export)\s[^"'`;]*?\bfrom\s*["']([^"']+)["']/g),
    ...text.matchAll(/\bimport\s*["']([^"']+)["']/g),
    ...text.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]);
  for (const s of specs) {
    if (!s.startsWith(".")) continue;
    const t = resolve(dirname(f), s);
    if (jsEdges.has(t) && t !== f) jsEdges.get(f).set(t, s);
  }
}

// ---------- checks ----------
const findings = [];
const rel = (f) => relative(root, f);
const inJs = (f) => f.startsWith(join(src, "js") + "/");
const inNative = (f) => f.startsWith(join(src, "js", "native") + "/");
for (const [f, edges] of rustEdges) {
  for (const [t, via] of edges) {
    if (inNative(f) && inJs(t) && !inNative(t))
      findings.push(`layer: ${rel(f)} (a native leaf) uses ${rel(t)} (the class side) through \`${via}\``);
    if (!inJs(f) && inJs(t)) findings.push(`layer: ${rel(f)} (the core) uses ${rel(t)} (the binding) through \`${via}\``);
  }
  if (!inJs(f)) {
    const text = clean(readFileSync(f, "utf8"));
    const m = /\b(wasm_bindgen|js_sys|web_sys)::/.exec(text);
    if (m) findings.push(`layer: ${rel(f)} (the core) names ${m[1]}`);
  }
}

/** Tarjan's strongly connected components of size > 1, each with one cycle through it. */
function circles(edges) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v).keys()) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp);
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return out.map((comp) => {
    // One cycle: breadth-first from the first member back to itself, inside the component.
    const inside = new Set(comp);
    const start = comp[0];
    const prev = new Map();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift();
      for (const w of edges.get(v).keys()) {
        if (!inside.has(w) || prev.has(w)) continue;
        prev.set(w, v);
        if (w === start) queue.length = 0;
        else queue.push(w);
      }
    }
    const path = [start];
    for (let v = prev.get(start); v !== start; v = prev.get(v)) path.unshift(v);
    path.unshift(start);
    const steps = [];
    for (let i = 0; i + 1 < path.length; i++) steps.push(`${rel(path[i])} → ${rel(path[i + 1])} (\`${edges.get(path[i]).get(path[i + 1])}\`)`);
    return `circle of ${comp.length} files: ${steps.join(", ")}`;
  });
}
for (const c of circles(rustEdges)) findings.push(`rust ${c}`);
const byName = (pairs, what) => {
  const seen = new Map();
  for (const [name, where] of pairs) seen.set(name, [...(seen.get(name) ?? []), where]);
  for (const [name, wheres] of seen) if (wheres.length > 1) findings.push(`name: two ${what} called ${name}: ${wheres.join(", ")}`);
};
byName(rustFiles.filter((f) => !/\/(mod|lib)\.rs$/.test(f)).map((f) => [f.split("/").at(-1), rel(f)]), "files");
byName(
  rustFiles.flatMap((f) =>
    [...clean(readFileSync(f, "utf8")).matchAll(/^(?:pub(?:\([^)]*\))?\s+)?(?:struct|enum|trait|type|union)\s+([A-Z][A-Za-z0-9_]*)/gm)].map((m) => [m[1], rel(f)]),
  ),
  "types",
);
for (const c of circles(jsEdges)) findings.push(`js ${c}`);

// 5. The binding through the core's public API.
{
  const lib = readFileSync(join(src, "lib.rs"), "utf8");
  const privateMods = new Set([...lib.matchAll(/^mod\s+(\w+);/gm)].map((m) => m[1]).filter((m) => m !== "js"));
  const crateOnly = new Map(); // core file -> names it declares pub(crate) / pub(super)
  for (const f of rustFiles) {
    if (inJs(f)) continue;
    const names = [...clean(readFileSync(f, "utf8")).matchAll(/pub\((?:crate|super)\)\s+(?:const|fn|struct|enum|type|static|trait)\s+(\w+)/g)].map((m) => m[1]);
    crateOnly.set(f, new Set(names));
  }
  for (const f of rustFiles.filter(inJs)) {
    const own = new Set([...clean(readFileSync(f, "utf8")).matchAll(/\bfn\s+(\w+)/g)].map((m) => m[1]));
    const { uses } = info.get(f);
    for (const segs of uses) {
      const t = resolveRust(modOf.get(f), segs);
      if (!t || inJs(t)) continue;
      const path = segs.join("::");
      if (segs[0] === "crate" && privateMods.has(segs[1]))
        findings.push(`api: ${rel(f)} reaches the core through the private module \`${segs[1]}\` (\`${path}\`): use the crate root's re-export`);
      // The items after the module path, looked up in the file that declares them.
      const items = segs.slice(modOf.get(t).split("::").filter(Boolean).length + 1);
      const hidden = items.find((s) => crateOnly.get(t)?.has(s) && !own.has(s));
      if (hidden) findings.push(`api: ${rel(f)} uses \`${hidden}\`, which the core keeps pub(crate) (\`${path}\`)`);
    }
  }
}

if (process.argv.includes("--graph")) {
  for (const [f, e] of [...rustEdges, ...jsEdges]) for (const [t, via] of e) console.log(`${rel(f)} -> ${rel(t)}  ${via}`);
}
const nEdges = [...rustEdges.values(), ...jsEdges.values()].reduce((n, e) => n + e.size, 0);
findings.splice(0, findings.length, ...new Set(findings));
for (const f of findings) console.log(f);
console.log(
  `layers: ${rustFiles.length} Rust modules, ${jsFiles.length} JS files, ${nEdges} dependencies; ${findings.length} finding${findings.length === 1 ? "" : "s"}`,
);
process.exit(findings.length ? 1 : 0);
