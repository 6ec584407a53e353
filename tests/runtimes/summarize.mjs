// Turns one harness's output into the matrix line: `PASS <runtime> (<n> checks)` or
// `FAIL <runtime>: <reason>`. Usage: summarize.mjs <runtime> <exit status> <json file> <log file>
import { readFileSync } from "node:fs";

const [name, status, jsonFile, logFile] = process.argv.slice(2);
const read = (f) => {
  try {
    return readFileSync(f, "utf8");
  } catch {
    return "";
  }
};
const firstLine = (s) => s.split("\n").map((l) => l.trim()).find(Boolean) ?? "";
let result;
try {
  result = JSON.parse(read(jsonFile).trim().split("\n").pop());
} catch {
  result = undefined;
}
let line;
if (status === "124" || status === "137") line = `FAIL ${name}: timed out (see ${logFile})`;
else if (!result) line = `FAIL ${name}: exit ${status}, no result: ${firstLine(read(logFile)).slice(0, 200)}`;
else if (result.failed > 0) {
  const f = result.failures[0];
  line = `FAIL ${name}: ${result.failed} of ${result.passed + result.failed} checks failed; first: ${f.name}: ${firstLine(f.message).slice(0, 300)}`;
} else if (status !== "0") line = `FAIL ${name}: exit ${status} (see ${logFile})`;
else if (!(result.passed > 0) || result.passed !== result.names.length) line = `FAIL ${name}: ${result.passed} checks passed of ${result.names?.length}`;
else {
  line = `PASS ${name} (${result.passed} checks)`;
  if (result.differential) {
    const d = result.differential;
    const tokens = Object.values(d.tokens).reduce((a, b) => a + b, 0);
    line += ` — differential: ${tokens} tokens, ${d.comparisons} comparisons, ${d.nativeBooleans} WebCrypto${d.nodeBooleans ? ` + ${d.nodeBooleans} node:crypto` : ""} answers counted (${d.asyncWaits ?? 0} calls waited for WebCrypto), ${d.wasmChecks} pure-wasm checks`;
    const h = d.hostile;
    if (h) line += `; hostile keys: ${h.refusedKeys} refused (${h.refusals} import paths), ${h.tokens} tokens on ${h.acceptedKeys} honest keys (${h.noPrivateKey} forged without a private key, ${h.shapeRefused} refused by shape), ${h.nativeAnswers} native answers, ${h.wasmDecided} decided by wasm after a native fallback`;
  }
  if (result.differentialCompat) {
    const d = result.differentialCompat;
    line += `; with nodejs_compat: ${d.comparisons} comparisons, ${d.nodeBooleans ?? 0} node:crypto + ${d.nativeBooleans} WebCrypto answers counted`;
  }
  if (result.fetches) line += ` — JWKS fetches per scenario: ${JSON.stringify(result.fetches)}`;
  if (result.load) {
    const { ours, baseline } = result.load;
    line += ` — sceyt-token ${ours.tokensPerSecond} tokens/s, jose ${baseline.tokensPerSecond} tokens/s, RSS ${ours.rssMb.before}→${ours.rssMb.after} MB`;
  }
}
console.log(line);
