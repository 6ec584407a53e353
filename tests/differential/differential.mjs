// The differential suite: every verification path against every other, over the corpus of
// tests/differential/corpus.mjs. Uses only web-standard globals, so it runs in Node, workerd
// (inside a request handler), headless Chrome and Firefox alike.
//
//   const result = await runDifferential(pkg, corpus, assert);
//   // → { passed, failed, names, failures: [{ name, message }], stats }
//
// What it proves, per family (RS*, PS*, ES256, EdDSA, HS*) and per runtime:
// - `verifySync()` (pure wasm), `verify()` with each backend ("auto", "webcrypto", "wasm") and
//   `inspectToken()` give the same verdict and the same code for every token, with warm keys (one
//   verifier for the whole corpus) and cold keys (a new key and verifier per token, freed after);
// - at least 10 % of each family reaches the signature check and at least 10 % is accepted, so the
//   paths cannot agree by all failing early;
// - the native primitive decided: `crypto.subtle.verify` is wrapped and the calls that *returned a
//   boolean* are counted; in the warm native runs that count equals the number of signature checks
//   the pure-wasm path made for the same tokens (and the package's own `nativeAnswers`), with no
//   native fallback, so a native path that throws and silently falls back to wasm cannot pass;
// - one RSA key under all six RSA algorithms in changing orders: only the token whose header names
//   the algorithm that made its signature verifies, on both paths;
// - a mixed key set without `kid` (two RSA keys, P-256, Ed25519): the right key is found;
// - keys and key sets created, used and freed in a loop: a verifier never accepts a token of a key it
//   does not hold, even when the previous round's key had the same `kid`; live native handles go
//   back to where they were.

export async function runDifferential(pkg, corpus, assert) {
  const names = [];
  const failures = [];
  let passed = 0;
  const stats = { comparisons: 0, tokens: {}, reachedSignature: {}, accepted: {}, nativeBooleans: 0, nativeAnswers: 0, wasmChecks: 0 };
  const check = async (name, fn) => {
    names.push(name);
    try {
      await fn();
      passed += 1;
    } catch (err) {
      failures.push({ name, message: String(err?.stack ?? err).slice(0, 4000) });
    }
  };
  const equal = (a, b, what) => assert(a === b, `${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
  const counters = () => pkg.__sceytStats();
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const subtle = globalThis.crypto?.subtle;

  // --- counting the native primitive -----------------------------------------------------------
  let booleans = 0;
  let verifyCalls = 0;
  let restore = () => {};
  if (subtle) {
    const original = subtle.verify;
    const counted = function (...args) {
      verifyCalls += 1;
      return original.apply(this, args).then((v) => {
        if (typeof v === "boolean") booleans += 1;
        return v;
      });
    };
    try {
      subtle.verify = counted;
    } catch {
      /* not writable: try defineProperty below */
    }
    if (subtle.verify !== counted) Object.defineProperty(subtle, "verify", { value: counted, configurable: true, writable: true });
    restore = () => {
      delete subtle.verify;
      if (subtle.verify !== original) subtle.verify = original;
    };
  }

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
  const backends = subtle ? ["auto", "webcrypto", "wasm"] : ["auto", "wasm"];

  try {
    // --- the corpus, per family, warm keys ---------------------------------------------------------
    for (const family of Object.keys(corpus.families)) {
      const tokens = corpus.tokens.filter((t) => t.family === family);
      stats.tokens[family] = tokens.length;
      const native = family !== "HS" && !!subtle;
      await check(`differential ${family}: ${tokens.length} tokens, verifySync = verify (${backends.join(", ")}) = inspectToken, warm keys`, async () => {
        const key = keyFor(family);
        const opts = optionsFor(family);
        const sync = new pkg.TokenVerifier(key, opts);
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
        for (const backend of backends) {
          const v = byBackend[backend];
          const s0 = counters();
          const b0 = booleans;
          for (let i = 0; i < tokens.length; i++) {
            const o = await outcomeAsync(() => v.verify(tokens[i].token));
            same(o, expected[i], `verify(backend ${backend}) vs verifySync, ${tokens[i].kind} ${shown(tokens[i].token)}`);
          }
          const s1 = counters();
          const answers = s1.nativeAnswers - s0.nativeAnswers;
          const wasm = s1.wasmChecks - s0.wasmChecks;
          const nativeCalls = booleans - b0;
          equal(s1.nativeFallbacks - s0.nativeFallbacks, 0, `${family} backend ${backend}: native calls that fell back to wasm`);
          if (native && backend !== "wasm") {
            equal(nativeCalls, syncChecks, `${family} backend ${backend}: crypto.subtle.verify calls that returned a boolean, vs signature checks of verifySync`);
            equal(answers, syncChecks, `${family} backend ${backend}: nativeAnswers`);
            equal(wasm, 0, `${family} backend ${backend}: wasm checks in a warm native run`);
            stats.nativeBooleans += nativeCalls;
            stats.nativeAnswers += answers;
          } else {
            equal(nativeCalls, 0, `${family} backend ${backend}: crypto.subtle.verify calls`);
            equal(wasm, syncChecks, `${family} backend ${backend}: wasm checks`);
          }
        }
        stats.wasmChecks += syncChecks;
        for (const v of Object.values(byBackend)) v.free();
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
          const a = await outcomeAsync(() => v.verify(t.token));
          const b = outcome(() => v.verifySync(t.token));
          same(a, b, `cold verify vs verifySync, ${t.kind} ${shown(t.token)}`);
          v.free();
          key.free();
        }
        equal(counters().liveHandles, live, `${family}: live native handles after ${sample.length} cold keys were freed`);
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
        // rotate the token order too, so each algorithm is sometimes the first one a handle is made for
        const list = [...corpus.cross.slice(k % 36), ...corpus.cross.slice(0, k % 36)];
        k += 7;
        for (const c of list) {
          const a = await outcomeAsync(() => v.verify(c.token));
          const b = outcome(() => v.verifySync(c.token));
          same(a, b, `${c.said} header, ${c.made} signature, order ${algorithms.join(",")}`);
          equal(a.ok, c.said === c.made, `${c.said} header with a ${c.made} signature accepted`);
          if (!a.ok) equal(a.code, "ERR_SIGNATURE_INVALID", `${c.said}/${c.made} code`);
        }
        v.free();
      }
      key.free();
    });

    // --- a mixed key set without kid ----------------------------------------------------------------
    await check("differential: mixed key set without kid (RSA ×2, P-256, Ed25519): verify = verifySync, right signer accepted", async () => {
      const jwks = { keys: corpus.mixedSet.map((n) => ({ ...corpus.keys[n].jwk, alg: n.startsWith("rsa") ? "RS256" : n.startsWith("ec") ? "ES256" : "EdDSA" })) };
      for (const j of jwks.keys) delete j.kid;
      const set = pkg.KeySet.fromJwks(jwks);
      const v = new pkg.TokenVerifier(set, { algorithms: ["RS256", "ES256", "EdDSA"], applicationId: corpus.app, currentDate });
      for (const m of corpus.mixed) {
        const a = await outcomeAsync(() => v.verify(m.token));
        const b = outcome(() => v.verifySync(m.token));
        same(a, b, `mixed set, token of ${m.signer} ${shown(m.token)}`);
        const header = JSON.parse(atob(m.token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/")));
        const shouldPass = corpus.mixedSet.includes(m.signer) && header.kid === undefined;
        equal(a.ok, shouldPass, `token of ${m.signer} (kid ${header.kid}) accepted by the mixed set`);
      }
      v.free();
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
        if (round % 5 === 4) holder.free(); // freed by the user while the verifier still holds it
        for (const name of ["rsa", "rsa2", "ec", "ec2"]) {
          const t = byName[name].token;
          const a = await outcomeAsync(() => v.verify(t));
          const b = outcome(() => v.verifySync(t));
          same(a, b, `round ${round}: holder ${held}, token of ${name}`);
          equal(a.ok, name === held, `round ${round}: holder ${held} (${asSet ? "set" : "key"}) accepted the token of ${name}`);
        }
        v.free();
        if (round % 5 !== 4) holder.free();
      }
      equal(counters().liveHandles, live, "live native handles after 120 rounds");
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
          const b = outcome(() => pkg.verifyCompactSync(vec.compact, key, options));
          same(a, b, `${vec.name} (${backend})`);
          assert(a.ok, `${vec.name}: valid vector refused: ${a.code}`);
          equal(JSON.parse(a.value) && new TextDecoder().decode(new Uint8Array(Object.values(JSON.parse(a.value)))), vec.payload, `${vec.name}: payload`);
          const sig = vec.compact.split(".")[2];
          for (const i of [0, Math.floor(sig.length / 2), sig.length - 2]) {
            const bad = `${vec.compact.slice(0, vec.compact.lastIndexOf(".") + 1)}${sig.slice(0, i)}${sig[i] === "A" ? "B" : "A"}${sig.slice(i + 1)}`;
            const x = await outcomeAsync(() => pkg.verifyCompact(bad, key, { ...options, backend }));
            const y = outcome(() => pkg.verifyCompactSync(bad, key, options));
            same(x, y, `${vec.name} tampered at ${i} (${backend})`);
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
  return { passed, failed: failures.length, names, failures, stats };
}
