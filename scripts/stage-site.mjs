// Stages the demo page with a package's browser files into a folder, for a server other than
// `make demo` (which stages its own copy on every start): wrangler's [assets] in
// examples/cloudflare-worker (its `[build] command`), or any static server.
// Usage: node scripts/stage-site.mjs DEST   — the package is the `sceyt-token` that Node resolves
// from the current folder (in the example: its file: dependency on ../../pkg). DEST is emptied first.
import { resolve } from "node:path";
import { packageDir, stageSite } from "./lib/demo.mjs";

const dest = process.argv[2];
if (!dest) {
  console.error("usage: node scripts/stage-site.mjs DEST");
  process.exit(2);
}
try {
  const from = packageDir(process.cwd());
  stageSite(resolve(dest), from);
  console.error(`[stage-site] ${resolve(dest)}: www/ + the browser files of ${from}`);
} catch (err) {
  console.error(`[stage-site] ${err.message}`);
  process.exit(1);
}
