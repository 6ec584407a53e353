// miniflare: the suite worker (bundled the way wrangler does) runs inside Miniflare's workerd;
// results come back through dispatchFetch. Prints one JSON result line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { bundleWorker } from "../../scripts/lib/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), "sceyt-miniflare-"));
let mf;
try {
  const modules = await bundleWorker(join(here, "worker/index.mjs"), work);
  mf = new Miniflare({
    host: "127.0.0.1",
    port: Number(process.env.SCEYT_TEST_PORT ?? 18720),
    compatibilityDate: "2025-09-01",
    modulesRoot: work,
    modules: modules.map((m) => ({ type: m.kind === "wasm" ? "CompiledWasm" : "ESModule", path: m.path })),
  });
  const res = await mf.dispatchFetch("http://127.0.0.1/suite");
  if (!res.ok) throw new Error(`suite worker answered ${res.status}: ${await res.text()}`);
  console.log(JSON.stringify(await res.json()));
} catch (err) {
  console.error(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  await mf?.dispose();
  rmSync(work, { recursive: true, force: true });
}
