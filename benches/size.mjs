// .wasm size raw, gzip -9 and brotli (quality 11) for each build given on the command line.
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
const out = {};
for (const f of process.argv.slice(2)) {
  const b = readFileSync(f);
  out[f] = { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
}
console.log(JSON.stringify(out));
