// Memory: wasm linear memory and JS heap (after GC) after warm-up and after many operations:
// 200,000 async RS256 and HS256 issues and verifies, and 5,000 pure-wasm RSA ones. Growth after
// warm-up means a leak. Run with --expose-gc.
import { SigningKey, TokenIssuer, TokenVerifier, __wasmMemoryBytes } from "sceyt-token";
import { fixture } from "../tests/common/fixtures.mjs";

const N = Number(process.env.BENCH_MEM_N ?? 200000);
const NSYNC = Number(process.env.BENCH_MEM_SYNC ?? 5000);
const snap = () => { globalThis.gc(); return { wasm: __wasmMemoryBytes(), heap: process.memoryUsage().heapUsed }; };
const out = {};
for (const [name, key] of [["RS256", SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"))], ["HS256", SigningKey.fromSecret("0123456789abcdef0123456789abcdef")]]) {
  const issuer = new TokenIssuer(key, { applicationId: "app" });
  const verifier = new TokenVerifier(key.publicKey, { applicationId: "app" });
  const loop = async (n) => { for (let i = 0; i < n; i++) { const t = await issuer.issue(`user-${i}`); await verifier.verify(t); } };
  await loop(2000);
  const warm = snap();
  const t0 = performance.now();
  await loop(N);
  const after = snap();
  out[`${name} async x${N}`] = { warm, after, seconds: (performance.now() - t0) / 1000 };
}
{
  const key = SigningKey.fromPem(fixture("rsa2048.pkcs8.pem"));
  const issuer = new TokenIssuer(key, { applicationId: "app" });
  const verifier = new TokenVerifier(key.publicKey, { anyApplication: true });
  for (let i = 0; i < 100; i++) verifier.verifySync(issuer.issueSync("u"));
  const warm = snap();
  for (let i = 0; i < NSYNC; i++) verifier.verifySync(issuer.issueSync(`user-${i}`));
  out[`RS256 sync x${NSYNC}`] = { warm, after: snap() };
}
console.log(JSON.stringify(out));
