// The hostile-key catalogue of the differential suite, built in Node with node:crypto (the honest
// keys and their signatures) and plain byte arithmetic (the hostile ones), then handed as JSON to
// every runtime with the rest of the corpus.
//
// - `refused`: keys that only some backends would refuse — small-order and non-canonical Ed25519,
//   off-curve / zero / infinity P-256, RSA with an even modulus, e = 1, an even e, an oversized e,
//   and a 1024-bit modulus — each as a JWK, and where it can be written as one, an SPKI PEM. Every
//   import path must refuse each with ERR_KEY_INVALID or ERR_KEY_TOO_WEAK, so no backend ever sees
//   one.
// - `accepted`: honest keys (Ed25519, P-256, RSA with e = 65537 and with e = 3) with tokens whose
//   signatures are forgeries, most of them made with no private key (R = identity and S = 0, small-
//   order or non-canonical R, S ≥ L, r or s zero or ≥ n, s = 0, 1, n − 1), plus the honest token and
//   its malleated forms (Ed25519 S + L: refused; ECDSA high S: accepted everywhere, as today). Each
//   token carries the verdict every backend must give.
import { createPublicKey, generateKeyPairSync, sign as nodeSign } from "node:crypto";

const b64u = (buf) => Buffer.from(buf).toString("base64url");
const hex = (s) => Buffer.from(s, "hex");
const json64 = (v) => b64u(Buffer.from(JSON.stringify(v)));

/** The eight Ed25519 points whose order divides 8, canonically encoded. */
const SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];
/** Non-canonical encodings: y = p (0), y = p + 1 (1), y = 2^255 − 1, and x = 0 with the sign bit. */
const NON_CANONICAL = [
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0100000000000000000000000000000000000000000000000000000000000080",
];
/** L, the Ed25519 group order, little-endian; n, the P-256 group order, big-endian. */
const L = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
const N256 = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

const leToBig = (b) => BigInt(`0x${Buffer.from(b).reverse().toString("hex") || "0"}`);
const bigToLe = (n, len) => Buffer.from(n.toString(16).padStart(len * 2, "0"), "hex").reverse();
const bigToBe = (n, len) => Buffer.from(n.toString(16).padStart(len * 2, "0"), "hex");

// --- DER, for the SPKI forms ---------------------------------------------------------------------
function tlv(tag, content) {
  const len = content.length;
  const head = len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : [0x82, len >> 8, len & 0xff];
  return Buffer.concat([Buffer.from([tag, ...head]), content]);
}
const seq = (...parts) => tlv(0x30, Buffer.concat(parts));
const int = (be) => tlv(0x02, be[0] & 0x80 ? Buffer.concat([Buffer.from([0]), be]) : be);
const bits = (b) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const pem = (der) => `-----BEGIN PUBLIC KEY-----\n${der.toString("base64").match(/.{1,64}/g).join("\n")}\n-----END PUBLIC KEY-----\n`;
const edSpki = (raw) => pem(Buffer.concat([hex("302a300506032b6570032100"), raw]));
const ecSpki = (point) => pem(seq(seq(hex("06072a8648ce3d0201"), hex("06082a8648ce3d030107")), bits(point)));
const rsaSpki = (n, e) => pem(seq(seq(hex("06092a864886f70d010101"), hex("0500")), bits(seq(int(n), int(e)))));

export function makeHostileKeys({ now, app }) {
  const claims = { iat: now - 60, nbf: now - 60, exp: now + 3600, sub: "user-hostile", aid: app };
  const payload = json64(claims);

  // --- refused keys ----------------------------------------------------------------------------
  const refused = [];
  SMALL_ORDER.forEach((p, i) => {
    const raw = hex(p);
    refused.push({ name: `Ed25519 small order #${i}`, jwk: { kty: "OKP", crv: "Ed25519", x: b64u(raw) }, spki: edSpki(raw) });
  });
  NON_CANONICAL.forEach((p, i) => {
    const raw = hex(p);
    refused.push({ name: `Ed25519 non-canonical #${i}`, jwk: { kty: "OKP", crv: "Ed25519", x: b64u(raw) }, spki: edSpki(raw) });
  });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ecJwk = ec.publicKey.export({ format: "jwk" });
  const y = Buffer.from(ecJwk.y, "base64url");
  y[31] ^= 1;
  const x = Buffer.from(ecJwk.x, "base64url");
  refused.push({ name: "P-256 off curve", jwk: { kty: "EC", crv: "P-256", x: ecJwk.x, y: b64u(y) }, spki: ecSpki(Buffer.concat([Buffer.from([4]), x, y])) });
  refused.push({ name: "P-256 zero point", jwk: { kty: "EC", crv: "P-256", x: b64u(Buffer.alloc(32)), y: b64u(Buffer.alloc(32)) }, spki: ecSpki(Buffer.alloc(65, 0).fill(4, 0, 1)) });
  refused.push({ name: "P-256 point at infinity", spki: ecSpki(Buffer.from([0])) });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const n = Buffer.from(rsa.publicKey.export({ format: "jwk" }).n, "base64url");
  const evenN = Buffer.from(n);
  evenN[evenN.length - 1] &= 0xfe;
  for (const [name, nn, e] of [
    ["RSA even modulus", evenN, hex("010001")],
    ["RSA e = 1", n, hex("01")],
    ["RSA e = 2", n, hex("02")],
    ["RSA e = 65538 (even)", n, hex("010002")],
    ["RSA e of 34 bits", n, hex("0200000001")],
    ["RSA 1024-bit modulus", Buffer.from(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" }).n, "base64url"), hex("010001")],
  ]) {
    refused.push({ name, jwk: { kty: "RSA", n: b64u(nn), e: b64u(e) }, spki: rsaSpki(nn, e) });
  }

  // --- accepted keys and their forgeries -------------------------------------------------------
  const accepted = [];
  const tokenOf = (alg, sig) => `${json64({ alg, typ: "JWT" })}.${payload}.${b64u(sig)}`;
  const inputOf = (alg) => Buffer.from(`${json64({ alg, typ: "JWT" })}.${payload}`);
  const entry = (name, alg, publicKey, forgeries) => {
    const jwk = publicKey.export({ format: "jwk" });
    accepted.push({ name, alg, jwk, spki: publicKey.export({ type: "spki", format: "pem" }), tokens: forgeries.map(([what, sig, valid]) => ({ what, token: tokenOf(alg, sig), valid })) });
  };

  {
    const ed = generateKeyPairSync("ed25519");
    const real = nodeSign(null, inputOf("EdDSA"), ed.privateKey);
    const r = real.subarray(0, 32);
    const s = real.subarray(32);
    const zero = Buffer.alloc(32);
    const other = nodeSign(null, Buffer.from("another input"), ed.privateKey);
    entry("Ed25519 honest key", "EdDSA", ed.publicKey, [
      ["the honest signature", real, true],
      ["R = identity, S = 0 (no private key)", Buffer.concat([hex(SMALL_ORDER[0]), zero]), false],
      ...SMALL_ORDER.slice(1).map((p, i) => [`R of small order #${i + 1}, S = 0 (no private key)`, Buffer.concat([hex(p), zero]), false]),
      ...NON_CANONICAL.map((p, i) => [`R non-canonical #${i}, S = 0 (no private key)`, Buffer.concat([hex(p), zero]), false]),
      ["S = L with the real R", Buffer.concat([r, L]), false],
      ["S + L: the honest signature malleated", Buffer.concat([r, bigToLe(leToBig(s) + leToBig(L), 32)]), false],
      ["S = 2^256 − 1", Buffer.concat([r, Buffer.alloc(32, 0xff)]), false],
      ["another input's signature", other, false],
    ]);
  }
  {
    const p = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const real = nodeSign("sha256", inputOf("ES256"), { key: p.privateKey, dsaEncoding: "ieee-p1363" });
    const r = real.subarray(0, 32);
    const s = real.subarray(32);
    const high = Buffer.concat([r, bigToBe(N256 - BigInt(`0x${s.toString("hex")}`), 32)]);
    const nBytes = bigToBe(N256, 32);
    entry("P-256 honest key", "ES256", p.publicKey, [
      ["the honest signature", real, true],
      ["high S (n − s): malleable, accepted everywhere", high, true],
      ["r = s = 0 (no private key)", Buffer.alloc(64), false],
      ["r = 0", Buffer.concat([Buffer.alloc(32), s]), false],
      ["s = 0", Buffer.concat([r, Buffer.alloc(32)]), false],
      ["r = n", Buffer.concat([nBytes, s]), false],
      ["s = n", Buffer.concat([r, nBytes]), false],
      ["r = s = n − 1 (no private key)", Buffer.concat([bigToBe(N256 - 1n, 32), bigToBe(N256 - 1n, 32)]), false],
      ["another input's signature", nodeSign("sha256", Buffer.from("x"), { key: p.privateKey, dsaEncoding: "ieee-p1363" }), false],
    ]);
  }
  for (const [name, exponent] of [["RSA e = 65537", 65537], ["RSA e = 3", 3]]) {
    const k = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: exponent });
    const real = nodeSign("sha256", inputOf("RS256"), k.privateKey);
    const nn = BigInt(`0x${Buffer.from(k.publicKey.export({ format: "jwk" }).n, "base64url").toString("hex")}`);
    const one = bigToBe(1n, 256);
    entry(name, "RS256", k.publicKey, [
      ["the honest signature", real, true],
      ["s = 0 (no private key)", Buffer.alloc(256), false],
      ["s = 1 (no private key)", one, false],
      ["s = n − 1 (no private key)", bigToBe(nn - 1n, 256), false],
      ["s = n (no private key)", bigToBe(nn, 256), false],
      ["s = 2^2048 − 1 (no private key)", Buffer.alloc(256, 0xff), false],
      ["another input's signature", nodeSign("sha256", Buffer.from("x"), k.privateKey), false],
    ]);
  }
  // node:crypto itself accepts the identity key: the catalogue is not refused by construction.
  createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64u(hex(SMALL_ORDER[0])) }, format: "jwk" });
  return { refused, accepted };
}
