// The differential corpus: seeded, built in Node with node:crypto (an implementation independent of
// sceyt-token), then handed as JSON to every runtime that runs tests/differential/differential.mjs
// (Node, workerd, headless Chrome and Firefox).
//
//   const corpus = makeCorpus({ perFamily: 1000, seed: 7 });
//
// Per family (RS*, PS*, ES256, EdDSA, HS*): valid tokens, tokens signed correctly whose claims fail
// (expired, not yet valid, missing or mistyped claims, wrong aid, lifetime out of the window),
// flipped signature bits, truncated and extended signatures, changed header or payload characters,
// swapped `alg` (same family, cross-hash re-signed, other families, "none"), changed claims without
// re-signing, unknown `kid`, another key's signature, and the hostile catalogue of tests/verify.rs.
// Also: the RFC 7520 / 8037 vectors, one RSA key under all six RSA algorithms (every cross-hash
// pair), tokens without `kid` for a mixed key set, and two keys sharing one `kid` for the
// create/use/free loop.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeHostileKeys } from "./hostile-keys.mjs";
import { fixture } from "../common/fixtures.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** mulberry32: a small seeded PRNG (the corpus must be the same on every run and machine). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const b64u = (buf) => Buffer.from(buf).toString("base64url");
const unb64u = (s) => Buffer.from(s, "base64url");
const json64 = (v) => b64u(Buffer.from(typeof v === "string" ? v : JSON.stringify(v)));

const HASH = { 256: "sha256", 384: "sha384", 512: "sha512" };

/** Signs `input` as `alg` with node:crypto. `key` is { private: KeyObject } or { secret: Buffer }. */
function signAs(alg, key, input) {
  const bits = alg.slice(2);
  const data = Buffer.from(input);
  if (alg.startsWith("RS")) return nodeSign(HASH[bits], data, key.private);
  if (alg.startsWith("PS")) {
    return nodeSign(HASH[bits], data, { key: key.private, padding: 6, saltLength: Number(bits) / 8 });
  }
  if (alg === "ES256") return nodeSign("sha256", data, { key: key.private, dsaEncoding: "ieee-p1363" });
  if (alg === "EdDSA") return nodeSign(null, data, key.private);
  if (alg.startsWith("HS")) return createHmac(HASH[bits], key.secret).update(data).digest();
  throw new Error(`cannot sign ${alg}`);
}

/** A compact JWS of `header` (object or raw text) and `payload` (object or raw text). */
function jws(alg, key, header, payload) {
  const input = `${json64(header)}.${json64(payload)}`;
  return `${input}.${b64u(signAs(alg, key, input))}`;
}

function privateKey(pem) {
  const k = createPrivateKey(pem);
  return { private: k, spki: createPublicKey(k).export({ type: "spki", format: "pem" }), jwk: publicJwk(k) };
}

function publicJwk(k) {
  const { d, p, q, dp, dq, qi, ...pub } = createPublicKey(k).export({ format: "jwk" });
  void d, p, q, dp, dq, qi;
  return pub;
}

function generated(type, options) {
  const { privateKey: k } = generateKeyPairSync(type, options);
  return { private: k, spki: createPublicKey(k).export({ type: "spki", format: "pem" }), jwk: publicJwk(k) };
}

export const FAMILIES = {
  RS: { algs: ["RS256", "RS384", "RS512"], key: "rsa", other: "rsa2" },
  PS: { algs: ["PS256", "PS384", "PS512"], key: "rsa", other: "rsa2" },
  ES: { algs: ["ES256"], key: "ec", other: "ec2" },
  ED: { algs: ["EdDSA"], key: "ed", other: "ed2" },
  HS: { algs: ["HS256", "HS384", "HS512"], key: "hs", other: "hs2" },
};

/**
 * @param {{ perFamily?: number, seed?: number, now?: number }} options
 * @returns the corpus as plain JSON-able data (no key objects, only public keys and the HMAC secret).
 */
export function makeCorpus({ perFamily = 1000, seed = 20261201, now = 1_780_000_000 } = {}) {
  const r = rng(seed);
  const app = "app-differential";
  const keys = {
    rsa: { ...privateKey(fixture("rsa2048.pkcs8.pem")), kid: "rsa-1" },
    rsa2: { ...privateKey(fixture("rsa2048b.pkcs8.pem")), kid: "rsa-2" },
    ec: { ...privateKey(fixture("ec256.pkcs8.pem")), kid: "ec-1" },
    ec2: { ...generated("ec", { namedCurve: "P-256" }), kid: "ec-2" },
    ed: { ...privateKey(fixture("ed25519.pkcs8.pem")), kid: "ed-1" },
    ed2: { ...generated("ed25519"), kid: "ed-2" },
    hs: { secret: Buffer.from("differential-secret-0123456789abcdef-0123456789abcdef-0123456789ab"), kid: "hs-1" },
    hs2: { secret: Buffer.from("another-secret-0123456789abcdef-0123456789abcdef-0123456789abcdef"), kid: "hs-2" },
  };

  const tokens = [];
  for (const [family, f] of Object.entries(FAMILIES)) {
    const key = keys[f.key];
    const other = keys[f.other];
    const claims = (over = {}) => {
      const iat = now - r.int(3000);
      const base = { iat, nbf: iat, exp: iat + 3600 * (1 + r.int(6)), sub: `user-${r.int(1e6)}`, aid: app };
      if (r.next() < 0.2) delete base.nbf;
      if (r.next() < 0.1) base.role = r.pick(["admin", "member", ["a", "b"], { nested: true }, 7]);
      return Object.assign(base, over);
    };
    const header = (alg, over = {}) => {
      const h = r.next() < 0.7 ? { alg, typ: "JWT", kid: key.kid } : r.next() < 0.5 ? { alg, kid: key.kid } : { alg };
      return Object.assign(h, over);
    };
    const good = () => {
      const alg = r.pick(f.algs);
      return { alg, token: jws(alg, key, header(alg), claims()) };
    };
    const add = (kind, token) => tokens.push({ family, kind, token });
    const flipChar = (s, i) => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const c = s[i];
      let d = alphabet[r.int(64)];
      if (d === c) d = c === "A" ? "B" : "A";
      return s.slice(0, i) + d + s.slice(i + 1);
    };
    const otherAlgs = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "EdDSA", "HS256", "HS384", "HS512"];
    const claimFailures = [
      () => ({ exp: now - 1 - r.int(5000), iat: now - 7200 - r.int(5000) }), // expired
      () => ({ nbf: now + 60 + r.int(3000) }), // not yet valid
      () => ({ iat: now + 600 + r.int(3000) }), // issued in the future
      () => ({ sub: undefined }), // missing sub
      () => ({ sub: r.int(100) }), // mistyped sub
      () => ({ aid: "another-app" }), // wrong application
      () => ({ aid: 12345 }), // mistyped aid
      () => ({ exp: undefined }), // missing exp
      () => ({ iat: now - 60, exp: now - 60 + 30 * 3600 }), // lifetime 30 h
      () => ({ iat: now - 60, exp: now - 60 + 300 }), // lifetime 5 min
      () => ({ exp: "tomorrow" }), // string exp
      () => ({ iat: now - 100.5 }), // fractional iat
      () => ({ exp: now - 2, iat: now - 3600, sub: undefined }), // expired and no sub: the order decides
      () => ({ iat: now - 60, exp: now - 60 + 30 * 3600, aid: 7 }), // 30 h and numeric aid
    ];
    const hostile = hostileCatalogue(family, f, key, now, app, r);

    for (let i = 0; i < perFamily; i++) {
      const roll = r.next();
      if (roll < 0.25) {
        add("valid", good().token);
      } else if (roll < 0.4) {
        const over = r.pick(claimFailures)();
        const c = claims();
        for (const [k, v] of Object.entries(over)) if (v === undefined) delete c[k];
        else c[k] = v;
        const alg = r.pick(f.algs);
        add("claims", jws(alg, key, header(alg), c));
      } else if (roll < 0.5) {
        // flipped bit(s) in the signature
        const [h, p, s] = good().token.split(".");
        const sig = unb64u(s);
        const flips = 1 + r.int(3);
        for (let j = 0; j < flips; j++) sig[r.int(sig.length)] ^= 1 << r.int(8);
        add("sig-bits", `${h}.${p}.${b64u(sig)}`);
      } else if (roll < 0.55) {
        // truncated or extended signature
        const [h, p, s] = good().token.split(".");
        const sig = unb64u(s);
        const cut = r.next() < 0.5;
        const changed = cut
          ? sig.subarray(0, Math.max(0, sig.length - 1 - r.int(sig.length)))
          : Buffer.concat([sig, Buffer.from(Array.from({ length: 1 + r.int(4) }, () => r.int(256)))]);
        add("sig-length", `${h}.${p}.${b64u(changed)}`);
      } else if (roll < 0.63) {
        // one character of the header or payload changed, not re-signed
        const parts = good().token.split(".");
        const seg = r.int(2);
        parts[seg] = flipChar(parts[seg], r.int(parts[seg].length));
        add("segment-char", parts.join("."));
      } else if (roll < 0.73) {
        // swapped alg: same family or another, the signature kept or re-made with the other hash
        const { alg, token } = good();
        const [, p, s] = token.split(".");
        const to = r.pick([...f.algs, ...otherAlgs, "none", "HS256"]);
        const h = json64(header(to));
        if (r.next() < 0.5 && to !== "none" && FAMILIES[family].algs.includes(to) && f.algs.length > 1) {
          // cross-hash forgery: header says `to`, signature made as another algorithm of the family
          const from = r.pick(f.algs.filter((a) => a !== to));
          const input = `${h}.${p}`;
          add("cross-hash", `${input}.${b64u(signAs(from, key, input))}`);
        } else {
          void alg;
          add("alg-swap", `${h}.${p}.${to === "none" && r.next() < 0.5 ? "" : s}`);
        }
      } else if (roll < 0.83) {
        // claims changed after signing
        const [h, p, s] = good().token.split(".");
        const c = JSON.parse(unb64u(p).toString());
        const change = r.int(4);
        if (change === 0) c.sub = "admin";
        else if (change === 1) c.exp += 86400;
        else if (change === 2) c.aid = "another-app";
        else c.extra = r.int(1000);
        add("claims-changed", `${h}.${json64(c)}.${s}`);
      } else if (roll < 0.88) {
        // unknown kid, correctly signed
        const alg = r.pick(f.algs);
        add("unknown-kid", jws(alg, key, { alg, kid: `unknown-${r.int(1000)}` }, claims()));
      } else if (roll < 0.94) {
        // another key's signature, under our kid or its own
        const alg = r.pick(f.algs);
        const kid = r.next() < 0.5 ? key.kid : other.kid;
        add("other-key", jws(alg, other, { alg, kid }, claims()));
      } else {
        add("hostile", r.pick(hostile));
      }
    }
  }

  // One RSA key under all six RSA algorithms: every (header alg, signing alg) pair.
  const rsaSix = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
  const cross = [];
  for (const said of rsaSix) {
    for (const made of rsaSix) {
      const input = `${json64({ alg: said, kid: keys.rsa.kid })}.${json64({ iat: now - 10, exp: now + 3600, sub: "u", aid: app })}`;
      cross.push({ said, made, token: `${input}.${b64u(signAs(made, keys.rsa, input))}` });
    }
  }

  // A mixed key set without kid: RSA (two keys), P-256 and Ed25519; tokens without kid.
  const mixed = [];
  for (const name of ["rsa", "rsa2", "ec", "ec2", "ed", "ed2"]) {
    const alg = name.startsWith("rsa") ? "RS256" : name.startsWith("ec") ? "ES256" : "EdDSA";
    for (let i = 0; i < 8; i++) {
      const c = { iat: now - 10, exp: now + 3600, sub: `m-${i}`, aid: app };
      mixed.push({ signer: name, token: jws(alg, keys[name], { alg }, c) });
    }
    // and one with a kid no key has
    mixed.push({ signer: name, token: jws(alg, keys[name], { alg, kid: "nobody" }, { iat: now - 10, exp: now + 3600, sub: "k", aid: app }) });
  }
  const mixedSet = ["rsa", "ec", "ed", "rsa2"]; // ec2 and ed2 are not in the set: their tokens must fail

  // Two RSA keys and two P-256 keys sharing one kid, for the create/use/free loop.
  const shared = [];
  for (const name of ["rsa", "rsa2", "ec", "ec2"]) {
    const alg = name.startsWith("rsa") ? "RS256" : "ES256";
    shared.push({ signer: name, alg, token: jws(alg, keys[name], { alg, kid: "shared" }, { iat: now - 10, exp: now + 3600, sub: name, aid: app }) });
  }

  // RFC 7520 section 4 and RFC 8037 vectors (JWS level; their payloads are prose).
  const vectors = readdirSync(join(root, "tests/vectors"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const v = JSON.parse(readFileSync(join(root, "tests/vectors", f), "utf8"));
      const { d, p, q, dp, dq, qi, ...pub } = v.input.key;
      void d, p, q, dp, dq, qi;
      return { name: f, alg: v.input.alg, jwk: v.input.key.kty === "oct" ? v.input.key : pub, compact: v.output.compact, payload: v.input.payload };
    });

  const provider = providerCorpus(keys, now, r);

  const pub = (name) => ({ kid: keys[name].kid, spki: keys[name].spki, jwk: keys[name].jwk });
  return {
    seed,
    now,
    app,
    keys: {
      rsa: pub("rsa"),
      rsa2: pub("rsa2"),
      ec: pub("ec"),
      ec2: pub("ec2"),
      ed: pub("ed"),
      ed2: pub("ed2"),
      hs: { kid: keys.hs.kid, secret: keys.hs.secret.toString("base64") },
      hs2: { kid: keys.hs2.kid, secret: keys.hs2.secret.toString("base64") },
    },
    families: FAMILIES,
    tokens,
    cross,
    mixed,
    mixedSet,
    shared,
    vectors,
    hostileKeys: makeHostileKeys({ now, app }),
    provider,
  };
}

/**
 * Foreign session tokens for the provider checks (issue 19; docs/DECISION.md): per family, tokens
 * whose `typ` header, `iss`, `aud`, `azp` / `client_id`, `sub`, `iat` and `exp` are each right or
 * wrong in one of the ways the checks know (a trailing slash, `aud` as `[]` or a number, `typ` in
 * another case or with `application/`…), some signed by another key; and the option sets to check
 * them under. Drawn after everything else, so the rest of the corpus is unchanged.
 */
function providerCorpus(keys, now, r) {
  const ISS = "https://auth.example.com/";
  let allGood = false;
  const pick = (good, bad) => (allGood || r.next() < 0.6 ? good : r.pick(bad));
  const ABSENT = "<absent>";
  const tokens = [];
  for (const [family, f] of Object.entries(FAMILIES)) {
    for (let i = 0; i < 30; i++) {
      allGood = i < 3; // three tokens per family pass every option set
      const alg = r.pick(f.algs);
      const typ = pick("at+jwt", ["AT+JWT", "application/at+jwt", "Application/At+Jwt", "JWT", "text/at+jwt", ABSENT, 7]);
      const header = typ === ABSENT ? { alg, kid: keys[f.key].kid } : { alg, typ, kid: keys[f.key].kid };
      const c = {
        iss: pick(ISS, ["https://auth.example.com", "https://evil.example/", ABSENT, 7]),
        aud: pick(["api", "chat"], ["chat", ["chat"], [], 5, ["x"], ["chat", 5], ABSENT]),
        azp: pick("web", ["ios", ABSENT, 3]),
        sub: pick("user-1", ["mallory", ABSENT]),
        iat: pick(now - 120, [now - 7200, now - 1800, now + 600, ABSENT]),
        exp: pick(now + 3600, [now - 5, now + 3600]),
      };
      if (c.azp === ABSENT && r.next() < 0.5) c.client_id = r.pick(["web", "ios"]);
      for (const k of Object.keys(c)) if (c[k] === ABSENT) delete c[k];
      const signer = !allGood && r.next() < 0.1 ? keys[f.other] : keys[f.key];
      tokens.push({ family, token: jws(alg, signer, header, c) });
    }
  }
  const options = [
    {},
    { issuer: ISS },
    { issuer: ["https://auth.example.com", ISS] },
    { audience: "chat" },
    { audience: ["x", "chat"], clientId: "web" },
    { typ: "at+jwt" },
    { typ: ["JWT", "application/at+jwt"], maxTokenAge: "1h" },
    { subject: "user-1", maxTokenAge: 300 },
    { issuer: ISS, audience: ["chat"], clientId: ["web", "ios"], typ: "at+jwt", maxTokenAge: "30m", subject: "user-1" },
  ];
  return { tokens, options, compactTyp: ["at+jwt", ["jwt", "APPLICATION/AT+JWT"], "jwt"] };
}

/** The hostile catalogue of tests/verify.rs, rebuilt for one family's key. */
function hostileCatalogue(family, f, key, now, app, r) {
  const alg = f.algs[0];
  const c = { iat: now - 10, exp: now + 3600, sub: "u", aid: app };
  const body = json64(c);
  const good = jws(alg, key, { alg, kid: key.kid }, c);
  const [gh, gp, gs] = good.split(".");
  const raw = (h, p) => jws(alg, key, h, p);
  const out = [];
  for (const none of ["none", "None", "NONE", "nOnE"]) {
    const h = json64({ alg: none, typ: "JWT" });
    out.push(`${h}.${body}.`, `${h}.${body}.AAAA`);
  }
  out.push(`${gh}.${gp}.`, `${gh}.${gp}`, `${gh}=.${gp}.${gs}`, `${gh}.${gp}.${gs}==`, ` ${good}`, `${good}\n`);
  out.push(`${gh}. ${gp}.${gs}`, `${good}.extra`, `${good}.a.b`, `.${gp}.${gs}`, `${gh}..${gs}`, "..", "", "a.b");
  out.push(good.replace(/-/g, "+").replace(/_/g, "/"), `{"payload":"${gp}"}`);
  // non-canonical trailing bits in the signature's last character
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const last = gs[gs.length - 1];
  out.push(`${gh}.${gp}.${gs.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`);
  for (const h of [
    `{"alg":"${alg}","crit":["exp"],"exp":1}`,
    `{"alg":"${alg}","crit":["b64"],"b64":false}`,
    `{"alg":"${alg}","crit":[]}`,
    `{"alg":"${alg}","crit":"x"}`,
    `{"alg":"${alg}","alg":"${alg}"}`,
    `{"alg":256}`,
    `{"typ":"JWT"}`,
    `{"alg":"${alg}","kid":5}`,
    `["alg","${alg}"]`,
    "not json",
    `{"alg":"HS1024"}`,
    `{"alg":"ES512"}`,
    `{"alg":"${alg.toLowerCase()}"}`,
    `{"alg":"${alg}","jku":"https://attacker.example/jwks.json"}`,
    `{"alg":"${alg}","x5u":"https://attacker.example/cert.pem"}`,
  ]) {
    out.push(raw(h, c));
  }
  for (const p of [
    `{"iat":${now},"exp":${now + 3600},"sub":"u","sub":"admin","aid":"${app}"}`,
    `{"iat":${now},"exp":9007199254740993,"sub":"u","aid":"${app}"}`,
    `{"iat":${now},"exp":${now + 3600},"sub":"u","aid":"${app}","n":1e300}`,
    "[1,2,3]",
    '"a string"',
    "42",
    "null",
    "",
    "{",
    "\ufeff{}",
  ]) {
    out.push(raw({ alg }, p));
  }
  // psychic and out-of-range ECDSA signatures, zero and all-ones RSA and Ed25519 signatures
  const len = unb64u(gs).length;
  for (const fill of [0, 0xff, 1]) out.push(`${gh}.${gp}.${b64u(Buffer.alloc(len, fill))}`);
  if (family === "ES") {
    const n = Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex");
    const one = Buffer.alloc(32);
    one[31] = 1;
    for (const sig of [Buffer.concat([n, one]), Buffer.concat([one, n]), Buffer.concat([Buffer.alloc(32, 0xff), one]), Buffer.alloc(72, 1)]) {
      out.push(`${gh}.${gp}.${b64u(sig)}`);
    }
  }
  // a payload of 9000 characters (over the default maxTokenLength)
  out.push(raw({ alg }, { ...c, pad: "x".repeat(9000) }));
  void r;
  return out;
}
