// The differential suite: every verification path against every other, over the corpus of
// tests/differential/corpus.mjs. Uses only web-standard globals, so it runs in Node, workerd
// (inside a request handler), headless Chrome and Firefox alike.
//
//   const result = await runDifferential(pkg, corpus);
//   // → { passed, failed, names, failures: [{ name, message }], stats }
//
// What it proves, per family (RS*, PS*, ES256, EdDSA, HS*) and per runtime:
// - the pure-wasm `verifySync()` (backend "wasm"), `verify()` with each backend the runtime has
//   ("auto", "node", "webcrypto", "wasm"), `verifySync()` with each that is not pure wasm, and
//   `inspectToken()` give the same verdict and the same code for every token, with warm keys (one
//   verifier for the whole corpus) and cold keys (a new key and verifier per token, freed after);
// - at least 10 % of each family reaches the signature check and at least 10 % is accepted, so the
//   paths cannot agree by all failing early;
// - the native primitive decided: `crypto.subtle.verify` and node:crypto's `verify` are wrapped
//   and the calls that *returned a boolean* are counted; in the warm native runs that count equals the number of signature checks
//   the pure-wasm path made for the same tokens (and the package's own `nativeAnswers`), with no
//   native fallback, so a native path that throws and silently falls back to wasm cannot pass;
// - one RSA key under all six RSA algorithms in changing orders: only the token whose header names
//   the algorithm that made its signature verifies, on both paths;
// - a mixed key set without `kid` (two RSA keys, P-256, Ed25519): the right key is found;
// - the same paths with the verified-token cache on (issue 26), twice over the corpus: the same
//   outcomes, and on the second pass no signature check for an accepted token, one for each refused
//   token that reaches the signature (hits happened; failures are never cached);
// - the provider checks (issue 19): foreign session tokens under nine option sets of issuer,
//   audience, clientId, typ, maxTokenAge and subject: every path and backend agrees with the pure-wasm
//   verifySync and inspectToken with both, every new code is reached; verifyCompact(Sync) with typ;
// - keys and key sets created, used and freed in a loop: a verifier never accepts a token of a key it
//   does not hold, even when the previous round's key had the same `kid`; live native handles go
//   back to where they were.
// The checks run on the shared harness (tests/common/harness.mjs).
import { createHarness } from "../common/harness.mjs";

export async function runDifferential(pkg, corpus) {
  const { check, equal, assert, result } = createHarness();
  const stats = { comparisons: 0, tokens: {}, reachedSignature: {}, accepted: {}, nativeBooleans: 0, nativeAnswers: 0, wasmChecks: 0 };
  const counters = () => pkg.__sceytStats();
  const asyncAtStart = { waits: counters().asyncWaits ?? 0, now: counters().asyncNow ?? 0 };
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const subtle = globalThis.crypto?.subtle;
  // node:crypto as the package finds it (Node, Deno, Bun, workerd with nodejs_compat).
  const nodeCrypto = (() => {
    const m = globalThis.process?.getBuiltinModule?.("node:crypto");
    return m && ["sign", "verify", "createPublicKey", "createPrivateKey"].every((f) => typeof m[f] === "function") ? m : undefined;
  })();
  /**
   * Whether this runtime's node:crypto takes `alg` as the package calls it (digest name, KeyObject,
   * `{ key, padding, saltLength }` for RSA-PSS, `{ key, dsaEncoding }` for ECDSA): workerd's
   * refuses option objects around a KeyObject, so there RSA-PSS and ES256 use WebCrypto / wasm.
   */
  const nodeTakesAlg = (alg, spki) => {
    if (!nodeCrypto || alg.startsWith("HS")) return false;
    try {
      const key = nodeCrypto.createPublicKey({ key: new TextEncoder().encode(spki), format: "pem" });
      const digest = alg === "EdDSA" ? null : `sha${alg.slice(2)}`;
      const arg = alg.startsWith("PS") ? { key, padding: 6, saltLength: Number(alg.slice(2)) / 8 } : alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key;
      const size = alg === "EdDSA" || alg === "ES256" ? 64 : 256;
      return typeof nodeCrypto.verify(digest, new Uint8Array(1), arg, new Uint8Array(size)) === "boolean";
    } catch {
      return false;
    }
  };
  /** Which primitive a path uses under `backend` for a family: "node", "subtle" or "wasm". */
  const primitiveOf = (backend, isSync, nodeTakes) => {
    if (backend === "wasm") return "wasm";
    if (backend === "node") return nodeTakes ? "node" : "wasm";
    if (backend === "webcrypto") return isSync ? "wasm" : "subtle";
    if (nodeTakes) return "node";
    return !isSync && subtle ? "subtle" : "wasm";
  };

  // --- counting the native primitives ---------------------------------------------------------
  // `obj.verify` is replaced by a wrapper that counts the calls whose result (awaited when it is a
  // promise: crypto.subtle) is a boolean; the package looks `verify` up at each call.
  const restorers = [];
  const restore = () => restorers.forEach((r) => r());
  const countBooleans = (obj, onBoolean, onCall = () => {}) => {
    const original = obj.verify;
    const seen = (v) => {
      if (typeof v === "boolean") onBoolean();
      return v;
    };
    const counted = function (...args) {
      onCall();
      const v = original.apply(this, args);
      return typeof v?.then === "function" ? v.then(seen) : seen(v);
    };
    try {
      obj.verify = counted;
    } catch {
      /* not writable: try defineProperty below */
    }
    if (obj.verify !== counted) Object.defineProperty(obj, "verify", { value: counted, configurable: true, writable: true });
    assert(obj.verify === counted, "verify could not be wrapped for counting");
    restorers.push(() => {
      delete obj.verify;
      if (obj.verify !== original) obj.verify = original;
    });
  };
  let booleans = 0;
  let verifyCalls = 0;
  let nodeBooleans = 0;
  if (subtle) countBooleans(subtle, () => (booleans += 1), () => (verifyCalls += 1));
  if (nodeCrypto) countBooleans(nodeCrypto, () => (nodeBooleans += 1));

  /** The outcome of a call: "ok" plus the claims JSON, or the thrown code. */
  const outcome = (fn) => {
    try {
      const v = fn();
      return { ok: true, value: JSON.stringify(v.claims ?? v.payload) };
    } catch (err) {
      return { ok: false, code: err?.code ?? `not a TokenError: ${err}` };
    }
  };
  const outcomeAsync = async (fn) => {
    try {
      const v = await fn();
      return { ok: true, value: JSON.stringify(v.claims ?? v.payload) };
    } catch (err) {
      return { ok: false, code: err?.code ?? `not a TokenError: ${err}` };
    }
  };
  const same = (a, b, what) => {
    stats.comparisons += 1;
    assert(a.ok === b.ok && a.code === b.code && (!a.ok || a.value === b.value), `${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  };
  const verdictOf = (o) =>
    o.ok ? "valid" : o.code === "ERR_TOKEN_EXPIRED" ? "expired" : o.code === "ERR_TOKEN_NOT_YET_VALID" ? "not_yet_valid" : "invalid";
  const shown = (t) => JSON.stringify(t.length > 120 ? `${t.slice(0, 117)}...` : t);

  const currentDate = new Date(corpus.now * 1000);
  const keyFor = (family, name = corpus.families[family].key) => {
    const k = corpus.keys[name];
    // No `algorithm`: the key is open to its family, the verifier's `algorithms` decides.
    if (family === "HS") return pkg.VerifyingKey.fromSecret(b64(k.secret), { keyId: k.kid });
    return pkg.VerifyingKey.fromPem(k.spki, { keyId: k.kid });
  };
  const optionsFor = (family) => ({ applicationId: corpus.app, algorithms: corpus.families[family].algs, currentDate });
  const backends = ["auto", ...(nodeCrypto ? ["node"] : []), ...(subtle ? ["webcrypto"] : []), "wasm"];
  // Every path to compare with the pure-wasm verifySync: verify() under each backend, and
  // verifySync() under each backend that does not mean pure wasm already.
  const modes = [
    ...backends.map((backend) => ({ backend, sync: false })),
    ...backends.filter((b) => b === "auto" || b === "node").filter(() => nodeCrypto).map((backend) => ({ backend, sync: true })),
  ];
  const modeName = (m) => `${m.sync ? "verifySync" : "verify"}(backend ${m.backend})`;

  try {
    // --- the corpus, per family, warm keys ---------------------------------------------------------
    for (const family of Object.keys(corpus.families)) {
      const tokens = corpus.tokens.filter((t) => t.family === family);
      stats.tokens[family] = tokens.length;
      const nodeTakes = corpus.families[family].algs.every((alg) => nodeTakesAlg(alg, corpus.keys[corpus.families[family].key].spki));
      stats.nodeTakes = { ...stats.nodeTakes, [family]: nodeTakes };
      await check(`differential ${family}: ${tokens.length} tokens, pure-wasm verifySync = ${modes.map(modeName).join(" = ")} = inspectToken, warm keys`, async () => {
        const key = keyFor(family);
        const opts = optionsFor(family);
        const sync = new pkg.TokenVerifier(key, { ...opts, backend: "wasm" });
        const byBackend = Object.fromEntries(backends.map((b) => [b, new pkg.TokenVerifier(key, { ...opts, backend: b })]));
        // Warm up: one valid token through every verifier and algorithm, so native handles exist.
        for (const t of tokens.filter((t) => t.kind === "valid").slice(0, 12)) {
          for (const v of Object.values(byBackend)) await v.verify(t.token).catch(() => {});
        }
        const expected = [];
        let reached = 0;
        let accepted = 0;
        let syncChecks = 0;
        for (const t of tokens) {
          const before = counters().wasmChecks;
          const o = outcome(() => sync.verifySync(t.token));
          const checks = counters().wasmChecks - before;
          syncChecks += checks;
          if (checks > 0) reached += 1;
          if (o.ok) accepted += 1;
          expected.push(o);
          // the report, under the same options
          const report = pkg.inspectToken(t.token, { key, ...opts });
          equal(report.verdict, verdictOf(o), `inspectToken verdict of ${t.kind} ${shown(t.token)} (verifySync: ${o.code ?? "ok"})`);
          equal(report.code, o.ok ? undefined : o.code, `inspectToken code of ${t.kind} ${shown(t.token)}`);
          stats.comparisons += 1;
        }
        stats.reachedSignature[family] = reached;
        stats.accepted[family] = accepted;
        assert(reached >= tokens.length / 10, `${family}: only ${reached} of ${tokens.length} tokens reached the signature check`);
        assert(accepted >= tokens.length / 10, `${family}: only ${accepted} of ${tokens.length} tokens were accepted`);
        for (const mode of modes) {
          const v = byBackend[mode.backend];
          const s0 = counters();
          const b0 = booleans;
          const n0 = nodeBooleans;
          for (let i = 0; i < tokens.length; i++) {
            const o = mode.sync ? outcome(() => v.verifySync(tokens[i].token)) : await outcomeAsync(() => v.verify(tokens[i].token));
            same(o, expected[i], `${modeName(mode)} vs pure-wasm verifySync, ${tokens[i].kind} ${shown(tokens[i].token)}`);
          }
          const s1 = counters();
          const answers = s1.nativeAnswers - s0.nativeAnswers;
          const nodeAnswers = s1.nodeAnswers - s0.nodeAnswers;
          const wasm = s1.wasmChecks - s0.wasmChecks;
          const subtleCalls = booleans - b0;
          const nodeCalls = nodeBooleans - n0;
          const what = `${family} ${modeName(mode)}`;
          equal(s1.nativeFallbacks - s0.nativeFallbacks, 0, `${what}: native calls that fell back to wasm`);
          const primitive = family === "HS" ? "wasm" : primitiveOf(mode.backend, mode.sync, nodeTakes);
          equal(subtleCalls, primitive === "subtle" ? syncChecks : 0, `${what}: crypto.subtle.verify calls that returned a boolean (signature checks of verifySync: ${syncChecks})`);
          equal(nodeCalls, primitive === "node" ? syncChecks : 0, `${what}: node:crypto verify calls that returned a boolean (signature checks of verifySync: ${syncChecks})`);
          equal(answers, primitive === "wasm" ? 0 : syncChecks, `${what}: nativeAnswers`);
          equal(nodeAnswers, primitive === "node" ? syncChecks : 0, `${what}: nodeAnswers`);
          equal(wasm, primitive === "wasm" ? syncChecks : 0, `${what}: wasm checks`);
          if (primitive === "subtle") stats.nativeBooleans += subtleCalls;
          if (primitive === "node") stats.nodeBooleans = (stats.nodeBooleans ?? 0) + nodeCalls;
          if (primitive !== "wasm") stats.nativeAnswers += answers;
        }
        stats.wasmChecks += syncChecks;
        for (const v of Object.values(byBackend)) v.free();
        // The same paths with the verified-token cache on (`cache` option), twice over the corpus:
        // every outcome is still pure-wasm verifySync's (uncached), and the second pass checks no
        // signature of an accepted token (each was kept) while every refused one is checked again
        // (failures are never cached).
        const cachedChecks = [];
        for (const mode of modes) {
          const v = new pkg.TokenVerifier(key, { ...opts, backend: mode.backend, cache: { size: 10000 } });
          for (const pass of [1, 2]) {
            const s0 = counters();
            for (let i = 0; i < tokens.length; i++) {
              const o = mode.sync ? outcome(() => v.verifySync(tokens[i].token)) : await outcomeAsync(() => v.verify(tokens[i].token));
              same(o, expected[i], `${modeName(mode)} with cache, pass ${pass}, vs pure-wasm verifySync, ${tokens[i].kind} ${shown(tokens[i].token)}`);
            }
            const s1 = counters();
            const made = s1.nativeAnswers - s0.nativeAnswers + (s1.wasmChecks - s0.wasmChecks);
            if (pass === 2) equal(made, syncChecks - accepted, `${family} ${modeName(mode)} with cache, pass 2: signature checks (refused tokens that reach the signature)`);
            cachedChecks.push(made);
          }
          v.free();
        }
        stats.cached = { ...stats.cached, [family]: cachedChecks };
        sync.free();
        key.free();
      });

      // --- cold keys: a new key and verifier per token (native import on first use), then freed ---
      await check(`differential ${family}: cold keys, verify() first then verifySync(), freed after each token`, async () => {
        const opts = optionsFor(family);
        const sample = tokens.filter((_, i) => i % 5 === 0);
        const live = counters().liveHandles;
        for (const t of sample) {
          const key = keyFor(family);
          const v = new pkg.TokenVerifier(key, opts);
          const w = new pkg.TokenVerifier(key, { ...opts, backend: "wasm" });
          const a = await outcomeAsync(() => v.verify(t.token));
          const b = outcome(() => v.verifySync(t.token));
          const c = outcome(() => w.verifySync(t.token));
          same(a, c, `cold verify vs pure-wasm verifySync, ${t.kind} ${shown(t.token)}`);
          same(b, c, `cold verifySync vs pure-wasm verifySync, ${t.kind} ${shown(t.token)}`);
          v.free();
          w.free();
          key.free();
        }
        // At most as many as before: objects the caller never freed (earlier in the page) may be
        // collected meanwhile (FinalizationRegistry), so the count can drop; one leak per cold key
        // would add ${sample.length}.
        const after = counters().liveHandles;
        assert(after <= live, `${family}: live native handles after ${sample.length} cold keys were freed: ${after}, before ${live}`);
      });
    }

    // --- the provider checks: issuer, audience, clientId, typ, maxTokenAge, subject ------------------
    // Foreign session tokens under each option set: every path gives the same outcome as the
    // pure-wasm verifySync, and inspectToken the same verdict and code (docs/DECISION.md).
    if (corpus.provider) {
      // The application check is an explicit choice: a foreign token has no SCEYT aid.
      const anyApplication = { anyApplication: true };
      stats.provider = { comparisons: 0, accepted: 0, codes: {} };
      for (const family of Object.keys(corpus.families)) {
        const tokens = corpus.provider.tokens.filter((t) => t.family === family);
        await check(`differential ${family}: provider checks, ${tokens.length} foreign tokens x ${corpus.provider.options.length} option sets, pure-wasm verifySync = ${modes.map(modeName).join(" = ")} = inspectToken; verifyCompact(Sync) with typ`, async () => {
          const key = keyFor(family);
          for (const set of corpus.provider.options) {
            const opts = { ...anyApplication, lifetimePolicy: false, algorithms: corpus.families[family].algs, currentDate, ...set };
            const sync = new pkg.TokenVerifier(key, { ...opts, backend: "wasm" });
            const byBackend = Object.fromEntries(backends.map((b) => [b, new pkg.TokenVerifier(key, { ...opts, backend: b })]));
            for (const t of tokens) {
              const o = outcome(() => sync.verifySync(t.token));
              const what = `${JSON.stringify(set)} ${shown(t.token)}`;
              const report = pkg.inspectToken(t.token, { key, ...opts });
              equal(report.verdict, verdictOf(o), `inspectToken verdict under ${what}`);
              equal(report.code, o.ok ? undefined : o.code, `inspectToken code under ${what}`);
              for (const mode of modes) {
                const v = byBackend[mode.backend];
                const m = mode.sync ? outcome(() => v.verifySync(t.token)) : await outcomeAsync(() => v.verify(t.token));
                same(m, o, `${modeName(mode)} vs pure-wasm verifySync under ${what}`);
              }
              stats.provider.comparisons += modes.length + 1;
              if (o.ok) stats.provider.accepted += 1;
              else stats.provider.codes[o.code] = (stats.provider.codes[o.code] ?? 0) + 1;
            }
            for (const v of Object.values(byBackend)) v.free();
            sync.free();
          }
          // verifyCompact(Sync): the header rule typ, no claim read
          for (const typ of corpus.provider.compactTyp) {
            const options = { algorithms: corpus.families[family].algs, typ };
            for (const t of tokens) {
              const b = outcome(() => pkg.verifyCompactSync(t.token, key, { ...options, backend: "wasm" }));
              for (const backend of backends) {
                same(await outcomeAsync(() => pkg.verifyCompact(t.token, key, { ...options, backend })), b, `verifyCompact(${backend}) typ ${JSON.stringify(typ)} ${shown(t.token)}`);
                same(outcome(() => pkg.verifyCompactSync(t.token, key, { ...options, backend })), b, `verifyCompactSync(${backend}) typ ${JSON.stringify(typ)} ${shown(t.token)}`);
              }
              stats.provider.comparisons += 2 * backends.length;
            }
          }
          key.free();
        });
      }
      await check("differential: the provider corpus reaches every new code and accepts some tokens", async () => {
        for (const code of ["ERR_ISSUER_MISMATCH", "ERR_AUDIENCE_MISMATCH", "ERR_CLIENT_MISMATCH", "ERR_TYPE_MISMATCH", "ERR_TOKEN_TOO_OLD", "ERR_SUBJECT_MISMATCH"]) {
          assert((stats.provider.codes[code] ?? 0) > 0, `no token of the provider corpus failed with ${code}: ${JSON.stringify(stats.provider.codes)}`);
        }
        assert(stats.provider.accepted >= 5 * corpus.provider.options.length, `only ${stats.provider.accepted} provider verifications accepted`);
      });
    }

    // --- one RSA key, six algorithms, every cross-hash pair, in changing orders ---------------------
    await check("differential: one RSA key under RS256…PS512 in 12 orders, every cross-hash forgery rejected on both paths", async () => {
      const six = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
      const key = pkg.VerifyingKey.fromPem(corpus.keys.rsa.spki, { keyId: corpus.keys.rsa.kid });
      const orders = [];
      for (let i = 0; i < 6; i++) orders.push([...six.slice(i), ...six.slice(0, i)]);
      for (let i = 0; i < 6; i++) orders.push([...orders[i]].reverse());
      let k = 0;
      for (const algorithms of orders) {
        const v = new pkg.TokenVerifier(key, { algorithms, applicationId: corpus.app, currentDate });
        const w = new pkg.TokenVerifier(key, { algorithms, applicationId: corpus.app, currentDate, backend: "wasm" });
        // rotate the token order too, so each algorithm is sometimes the first one a handle is made for
        const list = [...corpus.cross.slice(k % 36), ...corpus.cross.slice(0, k % 36)];
        k += 7;
        for (const c of list) {
          const a = await outcomeAsync(() => v.verify(c.token));
          const b = outcome(() => v.verifySync(c.token));
          same(a, b, `${c.said} header, ${c.made} signature, order ${algorithms.join(",")}`);
          same(b, outcome(() => w.verifySync(c.token)), `${c.said} header, ${c.made} signature, pure wasm`);
          equal(a.ok, c.said === c.made, `${c.said} header with a ${c.made} signature accepted`);
          if (!a.ok) equal(a.code, "ERR_SIGNATURE_INVALID", `${c.said}/${c.made} code`);
        }
        v.free();
        w.free();
      }
      key.free();
    });

    // --- a mixed key set without kid ----------------------------------------------------------------
    await check("differential: mixed key set without kid (RSA ×2, P-256, Ed25519): verify = verifySync, right signer accepted", async () => {
      const jwks = { keys: corpus.mixedSet.map((n) => ({ ...corpus.keys[n].jwk, alg: n.startsWith("rsa") ? "RS256" : n.startsWith("ec") ? "ES256" : "EdDSA" })) };
      for (const j of jwks.keys) delete j.kid;
      const set = pkg.KeySet.fromJwks(jwks);
      const v = new pkg.TokenVerifier(set, { algorithms: ["RS256", "ES256", "EdDSA"], applicationId: corpus.app, currentDate });
      const w = new pkg.TokenVerifier(set, { algorithms: ["RS256", "ES256", "EdDSA"], applicationId: corpus.app, currentDate, backend: "wasm" });
      for (const m of corpus.mixed) {
        const a = await outcomeAsync(() => v.verify(m.token));
        const b = outcome(() => v.verifySync(m.token));
        same(a, b, `mixed set, token of ${m.signer} ${shown(m.token)}`);
        same(outcome(() => w.verifySync(m.token)), b, `mixed set, pure wasm, token of ${m.signer}`);
        const header = JSON.parse(atob(m.token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/")));
        const shouldPass = corpus.mixedSet.includes(m.signer) && header.kid === undefined;
        equal(a.ok, shouldPass, `token of ${m.signer} (kid ${header.kid}) accepted by the mixed set`);
      }
      v.free();
      w.free();
      set.free();
    });

    // --- create, use, free: same kid, different keys ------------------------------------------------
    await check("differential: 120 rounds of create/verify/free with the same kid on different keys; never another key's token", async () => {
      const live = counters().liveHandles;
      const byName = Object.fromEntries(corpus.shared.map((s) => [s.signer, s]));
      for (let round = 0; round < 120; round++) {
        const held = ["rsa", "rsa2", "ec", "ec2"][round % 4 === 0 ? 0 : (round * 7 + (round >> 2)) % 4];
        const alg = held.startsWith("rsa") ? "RS256" : "ES256";
        const asSet = round % 3 !== 2;
        const holder = asSet
          ? pkg.KeySet.fromJwks({ keys: [{ ...corpus.keys[held].jwk, kid: "shared", alg }] })
          : pkg.VerifyingKey.fromPem(corpus.keys[held].spki, { algorithm: alg, keyId: "shared" });
        const v = new pkg.TokenVerifier(holder, { algorithms: ["RS256", "ES256"], applicationId: corpus.app, currentDate });
        const w = new pkg.TokenVerifier(holder, { algorithms: ["RS256", "ES256"], applicationId: corpus.app, currentDate, backend: "wasm" });
        if (round % 5 === 4) holder.free(); // freed by the user while the verifier still holds it
        for (const name of ["rsa", "rsa2", "ec", "ec2"]) {
          const t = byName[name].token;
          const a = await outcomeAsync(() => v.verify(t));
          const b = outcome(() => v.verifySync(t));
          same(a, b, `round ${round}: holder ${held}, token of ${name}`);
          same(outcome(() => w.verifySync(t)), b, `round ${round}: pure wasm, token of ${name}`);
          equal(a.ok, name === held, `round ${round}: holder ${held} (${asSet ? "set" : "key"}) accepted the token of ${name}`);
        }
        v.free();
        w.free();
        if (round % 5 !== 4) holder.free();
      }
      const after = counters().liveHandles;
      assert(after <= live, `live native handles after 120 rounds: ${after}, before ${live} (fewer: earlier unfreed objects collected)`);
    });

    // --- hostile keys: refused at import on every path, or one verdict per forgery on every backend --
    const hk = corpus.hostileKeys;
    const forgeryCount = hk.accepted.reduce((n, a) => n + a.tokens.length, 0);
    await check(`differential: hostile keys — ${hk.refused.length} refused at import on every path; ${forgeryCount} tokens (forgeries, most without a private key) on ${hk.accepted.length} honest keys: pure-wasm verifySync = ${modes.map(modeName).join(" = ")} = inspectToken = the expected verdict`, async () => {
      const weak = new Set(["ERR_KEY_INVALID", "ERR_KEY_TOO_WEAK"]);
      stats.hostile = { refusedKeys: 0, refusals: 0, acceptedKeys: 0, tokens: 0, noPrivateKey: 0, valid: 0, comparisons: 0, nativeAnswers: 0, wasmDecided: 0, shapeRefused: 0 };
      for (const k of hk.refused) {
        const paths = [];
        if (k.jwk) {
          paths.push(["VerifyingKey.fromJwk", () => pkg.VerifyingKey.fromJwk(k.jwk)]);
          paths.push(["KeySet.fromJwks", () => pkg.KeySet.fromJwks({ keys: [k.jwk] })]);
        }
        if (k.spki) paths.push(["VerifyingKey.fromPem", () => pkg.VerifyingKey.fromPem(k.spki)]);
        for (const [what, fn] of paths) {
          let code = "accepted";
          try {
            fn().free();
          } catch (err) {
            code = err?.code ?? `not a TokenError: ${err}`;
            assert(!/[0-9a-f]{40}/i.test(err.message) && !(k.jwk?.x && err.message.includes(k.jwk.x)) && !(k.jwk?.n && err.message.includes(k.jwk.n.slice(0, 24))), `${k.name} via ${what}: the message quotes key material: ${err.message}`);
          }
          assert(weak.has(code), `${k.name} via ${what}: expected ERR_KEY_INVALID or ERR_KEY_TOO_WEAK, got ${code}`);
          stats.hostile.refusals += 1;
        }
        stats.hostile.refusedKeys += 1;
      }
      for (const a of hk.accepted) {
        const nodeTakes = nodeTakesAlg(a.alg, a.spki);
        for (const [form, key] of [["JWK", pkg.VerifyingKey.fromJwk(a.jwk, { algorithm: a.alg })], ["PEM", pkg.VerifyingKey.fromPem(a.spki, { algorithm: a.alg })]]) {
          const opts = { applicationId: corpus.app, algorithms: [a.alg], currentDate };
          const wasm = new pkg.TokenVerifier(key, { ...opts, backend: "wasm" });
          const byBackend = Object.fromEntries(backends.map((b) => [b, new pkg.TokenVerifier(key, { ...opts, backend: b })]));
          // Warm up as the corpus does: the honest token once through every verifier, so native
          // handles exist (and a runtime whose node:crypto refuses the algorithm has settled on
          // WebCrypto) before anything is counted.
          const honest = a.tokens.find((t) => t.valid).token;
          for (const v of Object.values(byBackend)) await v.verify(honest).catch(() => {});
          const expected = [];
          let checks = 0;
          for (const t of a.tokens) {
            const before = counters().wasmChecks;
            const o = outcome(() => wasm.verifySync(t.token));
            const reached = counters().wasmChecks - before;
            checks += reached;
            if (reached === 0) stats.hostile.shapeRefused += 1;
            equal(o.ok, t.valid, `${a.name} (${form}), ${t.what}: pure-wasm verifySync accepted`);
            if (!o.ok) equal(o.code, "ERR_SIGNATURE_INVALID", `${a.name} (${form}), ${t.what}: code`);
            const report = pkg.inspectToken(t.token, { key, ...opts });
            equal(report.verdict, verdictOf(o), `${a.name} (${form}), ${t.what}: inspectToken verdict`);
            expected.push(o);
            stats.hostile.tokens += 1;
            if (t.what.includes("no private key")) stats.hostile.noPrivateKey += 1;
            if (t.valid) stats.hostile.valid += 1;
          }
          for (const mode of modes) {
            const v = byBackend[mode.backend];
            const s0 = counters();
            const b0 = booleans;
            const n0 = nodeBooleans;
            for (let i = 0; i < a.tokens.length; i++) {
              const t = a.tokens[i];
              const o = mode.sync ? outcome(() => v.verifySync(t.token)) : await outcomeAsync(() => v.verify(t.token));
              same(o, expected[i], `${a.name} (${form}), ${t.what}: ${modeName(mode)} vs pure-wasm verifySync`);
              stats.hostile.comparisons += 1;
            }
            const s1 = counters();
            const primitive = primitiveOf(mode.backend, mode.sync, nodeTakes);
            const what = `${a.name} (${form}) ${modeName(mode)}`;
            const native = booleans - b0 + (nodeBooleans - n0);
            const fallbacks = s1.nativeFallbacks - s0.nativeFallbacks;
            const wasmRan = s1.wasmChecks - s0.wasmChecks;
            if (primitive === "wasm") {
              equal(wasmRan, checks, `${what}: pure-wasm checks`);
              equal(native, 0, `${what}: native answers`);
            } else if (fallbacks > 0) {
              // A WebCrypto without this algorithm: the wasm primitive decided every check, counted.
              equal(fallbacks, checks, `${what}: native fallbacks (a runtime without the algorithm falls back on every check)`);
              equal(wasmRan, checks, `${what}: pure-wasm checks after the fallbacks`);
              stats.hostile.wasmDecided += wasmRan;
            } else {
              equal(native, checks, `${what}: native answers (signature checks of verifySync: ${checks})`);
              equal(wasmRan, 0, `${what}: pure-wasm checks`);
              stats.hostile.nativeAnswers += native;
            }
          }
          for (const v of Object.values(byBackend)) v.free();
          wasm.free();
          key.free();
        }
        stats.hostile.acceptedKeys += 1;
      }
      assert(stats.hostile.noPrivateKey >= hk.accepted.length * 2, `only ${stats.hostile.noPrivateKey} forgeries without a private key`);
      assert(stats.hostile.shapeRefused > 0 && stats.hostile.shapeRefused < stats.hostile.tokens, `shape-refused tokens: ${stats.hostile.shapeRefused} of ${stats.hostile.tokens}`);
    });

    // --- RFC vectors through verifyCompact / verifyCompactSync -------------------------------------
    await check(`differential: ${corpus.vectors.length} RFC 7520/8037 vectors, verifyCompact = verifyCompactSync, tampered ones refused`, async () => {
      for (const vec of corpus.vectors) {
        let key;
        try {
          key = pkg.VerifyingKey.fromJwk(vec.jwk, { algorithm: vec.alg });
        } catch (err) {
          // ES512 (RFC 7520 4.3) is not supported: refused as such, never accepted.
          equal(vec.alg, "ES512", `${vec.name}: key refused (${err.code})`);
          equal(err.code, "ERR_KEY_UNSUPPORTED", `${vec.name}: code`);
          continue;
        }
        const options = { algorithms: [vec.alg] };
        for (const backend of backends) {
          const a = await outcomeAsync(() => pkg.verifyCompact(vec.compact, key, { ...options, backend }));
          const b = outcome(() => pkg.verifyCompactSync(vec.compact, key, { ...options, backend: "wasm" }));
          same(a, b, `${vec.name} (${backend})`);
          same(outcome(() => pkg.verifyCompactSync(vec.compact, key, { ...options, backend })), b, `${vec.name} (verifyCompactSync, ${backend})`);
          assert(a.ok, `${vec.name}: valid vector refused: ${a.code}`);
          equal(JSON.parse(a.value) && new TextDecoder().decode(new Uint8Array(Object.values(JSON.parse(a.value)))), vec.payload, `${vec.name}: payload`);
          const sig = vec.compact.split(".")[2];
          for (const i of [0, Math.floor(sig.length / 2), sig.length - 2]) {
            const bad = `${vec.compact.slice(0, vec.compact.lastIndexOf(".") + 1)}${sig.slice(0, i)}${sig[i] === "A" ? "B" : "A"}${sig.slice(i + 1)}`;
            const x = await outcomeAsync(() => pkg.verifyCompact(bad, key, { ...options, backend }));
            const y = outcome(() => pkg.verifyCompactSync(bad, key, { ...options, backend: "wasm" }));
            same(x, y, `${vec.name} tampered at ${i} (${backend})`);
            same(outcome(() => pkg.verifyCompactSync(bad, key, { ...options, backend })), y, `${vec.name} tampered at ${i} (verifyCompactSync, ${backend})`);
            assert(!x.ok, `${vec.name}: tampered vector accepted`);
          }
        }
        key.free();
      }
    });
  } finally {
    restore();
  }
  stats.subtleVerifyCalls = verifyCalls;
  // Async calls that waited for a native promise (WebCrypto), and those settled at their first
  // poll (node:crypto, wasm, early errors): src/js/promise.rs.
  stats.asyncWaits = (counters().asyncWaits ?? 0) - asyncAtStart.waits;
  stats.asyncNow = (counters().asyncNow ?? 0) - asyncAtStart.now;
  stats.backends = backends;
  stats.nodeCrypto = !!nodeCrypto;
  return { ...result(), stats };
}
