// The leak check shared by tests/js/secret-leak.test.mjs and tests/js/worker-config.test.mjs: the
// secret windows of a test key (every 16-character run of its PEM body, and of the base64,
// base64url and hex of its DER and of each private component, at every byte alignment), and the
// catalogue of damaged PEMs and JWKs.
import { createPrivateKey } from "node:crypto";
import { fixture } from "./fixtures.mjs";

export const W = 16;

/** The fixtures the catalogue damages. */
export const KEY_FIXTURES = [
  "rsa2048.pkcs8.pem",
  "rsa2048.pkcs1.pem",
  "ec256.sec1.pem",
  "ec256.pkcs8.pem",
  "ed25519.pkcs8.pem",
];

const b64 = (bytes) => Buffer.from(bytes).toString("base64");
const b64u = (bytes) => Buffer.from(bytes).toString("base64url");

/** Every window of length W of `text` into `set`. */
function addWindows(set, text) {
  for (let i = 0; i + W <= text.length; i++) set.add(text.slice(i, i + W));
}

function addBytes(s, bytes) {
  for (let off = 0; off < Math.min(3, bytes.length); off++) {
    addWindows(s.windows, b64(bytes.subarray(off)));
    addWindows(s.windows, b64u(bytes.subarray(off)));
  }
  addWindows(s.hex, Buffer.from(bytes).toString("hex"));
}

/**
 * A fixture with its label, body lines, private JWK (from node:crypto) and secret windows.
 * `leakIn(text)` returns the first secret run found in `text` (also with whitespace and `\n`
 * escapes removed; hex compared case-insensitively), or undefined.
 */
export function loadKey(name) {
  const text = fixture(name);
  const begin = text.lastIndexOf("-----BEGIN ");
  const prefix = text.slice(0, begin);
  const lines = text.slice(begin).split("\n");
  const label = lines[0].slice("-----BEGIN ".length).replace(/-+$/, "");
  const bodyLines = [];
  for (const l of lines.slice(1)) {
    if (l.startsWith("-----END")) break;
    bodyLines.push(l);
  }
  const body = bodyLines.join("");
  const der = Buffer.from(body, "base64");
  const jwk = createPrivateKey(text).export({ format: "jwk" });
  const s = { windows: new Set(), hex: new Set() };
  addWindows(s.windows, body);
  addBytes(s, der);
  for (const m of ["d", "p", "q", "dp", "dq", "qi"]) if (jwk[m]) addBytes(s, Buffer.from(jwk[m], "base64url"));
  // The windows of the public members alone (n, e, x, y), which a JWKS may publish.
  const pub = { windows: new Set(), hex: new Set() };
  for (const m of ["n", "e", "x", "y"]) if (jwk[m]) addBytes(pub, Buffer.from(jwk[m], "base64url"));
  const find = (value, publicOk) => {
    const t = String(value);
    const squeezed = t.replace(/\\[nr]/g, "").replace(/\s+/g, "");
    for (const u of [t, squeezed]) {
      for (let i = 0; i + W <= u.length; i++) {
        const w = u.slice(i, i + W);
        const h = w.toLowerCase();
        if (s.windows.has(w) && !(publicOk && pub.windows.has(w))) return w;
        if (s.hex.has(h) && !(publicOk && pub.hex.has(h))) return w;
      }
    }
    return undefined;
  };
  /** The first secret run in `value`: any run of the key body, DER or private components. */
  const leakIn = (value) => find(value, false);
  /** The same, except runs of the public members' own encodings (for published JWKS). */
  const leakOfPrivate = (value) => find(value, true);
  return { name, text, prefix, label, lines: bodyLines, body, der, jwk, leakIn, leakOfPrivate, windows: s.windows.size + s.hex.size };
}

/** Damaged PEMs of `k` (all of them with `step = 1`; every `step`-th truncation otherwise). */
export function pemVariants(k, { step = 1 } = {}) {
  const { label, lines, body, prefix } = k;
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const bodyNl = lines.join("\n");
  const wrap = (b) => (b.match(/.{1,64}/gs) ?? [""]).join("\n");
  const arm = (b, e, bd) => `${prefix}${b}\n${bd}\n${e}\n`;
  const v = [];
  const begins = [
    `-----BEGIN ${label}`,
    `BEGIN ${label}-----`,
    `BEGIN ${label}`,
    `-----BEGIN ${label}----`,
    `----BEGIN ${label}-----`,
    `-----BEGIN${label}-----`,
    `-----BEGIN ${label} -----`,
  ];
  const ends = [`-----END ${label}`, `END ${label}-----`, `END ${label}`, `-----END ${label}----`, `-----END${label}-----`];
  for (const b of begins) {
    v.push(arm(b, end, bodyNl));
    for (const e of ends) v.push(arm(b, e, bodyNl));
  }
  for (const e of ends) v.push(arm(begin, e, bodyNl));
  v.push(`${prefix}${begin}\n${bodyNl}\n`, `${body}\n${end}\n`);
  for (const other of ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "CERTIFICATE", "ENCRYPTED PRIVATE KEY"]) {
    if (other === label) continue;
    v.push(arm(begin, `-----END ${other}-----`, bodyNl), arm(`-----BEGIN ${other}-----`, `-----END ${other}-----`, bodyNl));
  }
  const lower = label.toLowerCase();
  v.push(arm(`-----BEGIN ${lower}-----`, `-----END ${lower}-----`, bodyNl), arm(`-----BEGIN ${lower}-----`, end, bodyNl));
  for (const l of [body.slice(0, 20), body.slice(0, 40), body.slice(8, 72), body.slice(0, 40).toUpperCase()]) {
    v.push(arm(`-----BEGIN ${l}-----`, `-----END ${l}-----`, bodyNl));
  }
  for (let n = 0; n < body.length; n += step) v.push(arm(begin, end, wrap(body.slice(0, n))));
  for (let pos = 0; pos < body.length; pos += 97 * step) {
    for (const j of ["!", "-----", "é", "\u0000", ":", "==", "\\", '"']) {
      v.push(arm(begin, end, wrap(body.slice(0, pos) + j + body.slice(pos))));
    }
  }
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let pos = 0; pos < body.length; pos += 23 * step) {
    const c = alphabet[(alphabet.indexOf(body[pos]) + 1 + (pos % 60)) % 64];
    v.push(arm(begin, end, wrap(body.slice(0, pos) + c + body.slice(pos + 1))));
  }
  for (const sep of ["", " ", "\t", "\r\n", "\\n"]) {
    v.push(`${prefix}${begin}${sep}${lines.join(sep)}${sep}${end}`);
  }
  v.push(`${begin}${body}${end}`, `${begin.slice(0, -5)}${body}${end.slice(0, -5)}`, `${begin.slice(0, -5)} ${body} ${end}`);
  v.push(bodyNl, body, lines.join("\\n"));
  const n = v.length;
  for (let i = 0; i < n; i++) v.push(JSON.stringify(v[i]));
  return v;
}

/** Damaged JWKs of `k`: bad or truncated members, wrong kty/crv/alg/use, missing members. */
export function jwkVariants(k, { step = 3 } = {}) {
  const base = k.jwk;
  const d = base.d;
  const withM = (name, value) => ({ ...base, [name]: value });
  const without = (name) => {
    const o = { ...base };
    delete o[name];
    return o;
  };
  const v = [];
  for (const name of Object.keys(base)) {
    v.push(without(name));
    for (const bad of [1, null, true, {}, [], "", [d], { v: d }]) v.push(withM(name, bad));
  }
  for (const name of Object.keys(base).filter((n) => n !== "kty" && n !== "crv")) {
    const value = base[name];
    const private_ = ["d", "p", "q", "dp", "dq", "qi"].includes(name);
    for (let n = 0; n < value.length; n += private_ ? step : step * 6) v.push(withM(name, value.slice(0, n)));
    const bytes = Buffer.from(value, "base64url");
    const half = value.length >> 1;
    for (const bad of [
      `${value}==`,
      `${value}A`,
      `${value.slice(0, half)}!${value.slice(half)}`,
      `${value.slice(0, half)} ${value.slice(half)}`,
      value.replaceAll("-", "+").replaceAll("_", "/"),
      bytes.toString("base64"),
      bytes.toString("hex"),
      bytes.toString("hex").toUpperCase(),
      value.toUpperCase(),
      b64u(new Uint8Array(32)),
      b64u(Uint8Array.of(1)),
    ]) {
      v.push(withM(name, bad));
    }
  }
  for (const kty of ["RSA", "EC", "OKP", "oct", "rsa", "", "RSA-PSS"]) if (kty !== base.kty) v.push(withM("kty", kty));
  for (const m of ["kty", "crv", "alg", "use"]) {
    v.push(withM(m, d), withM(m, d.slice(0, 16)), withM(m, d.slice(0, 20)));
  }
  for (const crv of ["P-384", "secp256k1", "Ed448", "X25519"]) v.push(withM("crv", crv));
  v.push(withM("use", "enc"), withM("key_ops", ["encrypt"]), withM("key_ops", [d]), withM("alg", "HS256"));
  v.push(withM("oth", [{ r: d, d, t: d }]), { kty: "oct", k: d }, { d }, { keys: [base] }, [base], d);
  return v;
}
