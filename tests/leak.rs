//! No secret in any message. Every way of damaging a PEM or a JWK of the test keys (RSA PKCS#8
//! and PKCS#1, P-256 SEC1 and PKCS#8, Ed25519) is fed to every key constructor; no error's
//! `message()`, `Display` or `Debug` — nor the `Debug` of a key that did import — may contain any
//! 16-character run of the key's base64 body, or of the base64, base64url or hex (either case) of
//! its DER or of any private component (RSA d, p, q, dp, dq, qi; EC d; the Ed25519 seed), at any
//! offset. Runs are looked up in a set of every 16-character window of those encodings.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;

use std::collections::HashSet;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use common::fixture;
use sceyt_token::*;
use serde_json::{json, Value};

const W: usize = 16;

/// Every 16-byte window of every encoding of a key's secrets.
#[derive(Default)]
struct Secrets {
    windows: HashSet<[u8; W]>,
    /// Lower-case hex windows (the text is lower-cased before the hex lookup).
    hex: HashSet<[u8; W]>,
}

impl Secrets {
    fn add_text(set: &mut HashSet<[u8; W]>, text: &str) {
        for w in text.as_bytes().windows(W) {
            set.insert(w.try_into().unwrap());
        }
    }

    /// Base64 and base64url of `bytes` from each of the three byte alignments, and hex.
    fn add_bytes(&mut self, bytes: &[u8]) {
        for off in 0..3.min(bytes.len()) {
            Self::add_text(&mut self.windows, &Base64::encode_string(&bytes[off..]));
            Self::add_text(
                &mut self.windows,
                &Base64UrlUnpadded::encode_string(&bytes[off..]),
            );
        }
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Self::add_text(&mut self.hex, &hex);
    }

    /// The first secret run found in `text` (as is, and with whitespace and `\n` escapes removed).
    fn leak_in(&self, text: &str) -> Option<String> {
        let squeezed: String = text
            .replace("\\n", "")
            .replace("\\r", "")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for t in [text, squeezed.as_str()] {
            for w in t.as_bytes().windows(W) {
                if self.windows.contains(<&[u8; W]>::try_from(w).unwrap()) {
                    return Some(String::from_utf8_lossy(w).into_owned());
                }
            }
            let lower = t.to_ascii_lowercase();
            for w in lower.as_bytes().windows(W) {
                if self.hex.contains(<&[u8; W]>::try_from(w).unwrap()) {
                    return Some(String::from_utf8_lossy(w).into_owned());
                }
            }
        }
        None
    }

    fn len(&self) -> usize {
        self.windows.len() + self.hex.len()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Rsa,
    P256,
    Ed25519,
}

struct Fixture {
    name: &'static str,
    kind: Kind,
    /// Text before the key block (the `EC PARAMETERS` block of the SEC1 file).
    prefix: String,
    label: String,
    /// The base64 body lines of the key block.
    lines: Vec<String>,
    /// The private JWK of the key, with every RFC 7518 member.
    jwk: Value,
    secrets: Secrets,
}

fn b64u(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

fn load(name: &'static str) -> Fixture {
    let text = fixture(name);
    let begin = text
        .rfind("-----BEGIN ")
        .expect("the fixture has a key block");
    let prefix = text[..begin].to_owned();
    let block = &text[begin..];
    let mut all = block.lines();
    let label = all.next().unwrap()["-----BEGIN ".len()..]
        .trim_end_matches('-')
        .to_owned();
    let lines: Vec<String> = all
        .take_while(|l| !l.starts_with("-----END"))
        .map(str::to_owned)
        .collect();
    let body = lines.concat();
    let der = Base64::decode_vec(&body).unwrap();

    let mut secrets = Secrets::default();
    Secrets::add_text(&mut secrets.windows, &body);
    secrets.add_bytes(&der);

    let (kind, jwk, components): (Kind, Value, Vec<Vec<u8>>) = if name.starts_with("rsa") {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::pkcs8::DecodePrivateKey;
        use rsa::traits::{PrivateKeyParts, PublicKeyParts};
        use rsa::BigUint;
        let k = if label == "RSA PRIVATE KEY" {
            rsa::RsaPrivateKey::from_pkcs1_der(&der).unwrap()
        } else {
            rsa::RsaPrivateKey::from_pkcs8_der(&der).unwrap()
        };
        let one = BigUint::from(1u32);
        let (p, q) = (&k.primes()[0], &k.primes()[1]);
        let dp = k.d() % (p - &one);
        let dq = k.d() % (q - &one);
        let qi = q.modpow(&(p - &BigUint::from(2u32)), p);
        let parts: Vec<Vec<u8>> = [k.d(), p, q, &dp, &dq, &qi]
            .iter()
            .map(|v| v.to_bytes_be())
            .collect();
        let jwk = json!({
            "kty": "RSA", "n": b64u(&k.n().to_bytes_be()), "e": b64u(&k.e().to_bytes_be()),
            "d": b64u(&parts[0]), "p": b64u(&parts[1]), "q": b64u(&parts[2]),
            "dp": b64u(&parts[3]), "dq": b64u(&parts[4]), "qi": b64u(&parts[5]),
        });
        (Kind::Rsa, jwk, parts)
    } else if name.starts_with("ec256") {
        use p256::pkcs8::DecodePrivateKey;
        let sk = if label == "EC PRIVATE KEY" {
            p256::SecretKey::from_sec1_der(&der).unwrap()
        } else {
            p256::SecretKey::from_pkcs8_der(&der).unwrap()
        };
        let point =
            p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&sk.public_key(), false);
        let d = sk.to_bytes().to_vec();
        let jwk = json!({
            "kty": "EC", "crv": "P-256",
            "x": b64u(point.x().unwrap()), "y": b64u(point.y().unwrap()), "d": b64u(&d),
        });
        (Kind::P256, jwk, vec![d])
    } else {
        let seed = der[der.len() - 32..].to_vec();
        let kp =
            ed25519_compact::KeyPair::from_seed(ed25519_compact::Seed::from_slice(&seed).unwrap());
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64u(&kp.pk[..]), "d": b64u(&seed)});
        (Kind::Ed25519, jwk, vec![seed])
    };
    for c in &components {
        secrets.add_bytes(c);
    }
    Fixture {
        name,
        kind,
        prefix,
        label,
        lines,
        jwk,
        secrets,
    }
}

const FIXTURES: [&str; 5] = [
    "rsa2048.pkcs8.pem",
    "rsa2048.pkcs1.pem",
    "ec256.sec1.pem",
    "ec256.pkcs8.pem",
    "ed25519.pkcs8.pem",
];

/// Counts what was checked, and the leaks found.
#[derive(Default)]
struct Report {
    inputs: usize,
    calls: usize,
    errors: usize,
    texts: usize,
    leaks: Vec<String>,
}

impl Report {
    fn text(&mut self, f: &Fixture, what: &str, input: &str, text: &str) {
        self.texts += 1;
        if let Some(run) = f.secrets.leak_in(text) {
            if self.leaks.len() < 20 {
                let shown: String = input.chars().take(120).collect();
                self.leaks.push(format!(
                    "{}: {what} quotes {run:?}: {text:.300}\n    input: {shown:?}",
                    f.name
                ));
            } else {
                self.leaks.push(String::new());
            }
        }
    }

    fn result<T: std::fmt::Debug>(&mut self, f: &Fixture, what: &str, input: &str, r: Result<T>) {
        self.calls += 1;
        match r {
            Ok(v) => self.text(f, &format!("{what} (Ok, Debug)"), input, &format!("{v:?}")),
            Err(e) => {
                self.errors += 1;
                self.text(f, &format!("{what} message()"), input, e.message());
                self.text(f, &format!("{what} Display"), input, &e.to_string());
                self.text(f, &format!("{what} Debug"), input, &format!("{e:?}"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The damage catalogue

fn pem_variants(f: &Fixture) -> Vec<String> {
    let label = &f.label;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body = f.lines.concat();
    let body_nl = f.lines.join("\n");
    let wrap = |b: &str| -> String {
        b.as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let arm = |b: &str, e: &str, body: &str| format!("{}{b}\n{body}\n{e}\n", f.prefix);
    let mut v = Vec::new();

    // BEGIN / END lines without their dashes (or some of them).
    let begins = [
        format!("-----BEGIN {label}"),
        format!("BEGIN {label}-----"),
        format!("BEGIN {label}"),
        format!("-----BEGIN {label}----"),
        format!("----BEGIN {label}-----"),
        format!("-----BEGIN{label}-----"),
        format!("-----BEGIN {label}- ---"),
        format!("-----BEGIN {label} -----"),
        format!("-----BEGIN {label}-----").replace(' ', ""),
    ];
    let ends = [
        format!("-----END {label}"),
        format!("END {label}-----"),
        format!("END {label}"),
        format!("-----END {label}----"),
        format!("----END {label}-----"),
        format!("-----END{label}-----"),
        format!("-----END {label} -----"),
    ];
    for b in &begins {
        v.push(arm(b, &end, &body_nl));
        for e in &ends {
            v.push(arm(b, e, &body_nl));
        }
    }
    for e in &ends {
        v.push(arm(&begin, e, &body_nl));
    }
    // Missing END (or BEGIN), mismatched END.
    v.push(format!("{}{begin}\n{body_nl}\n", f.prefix));
    v.push(format!("{begin}\n{body_nl}"));
    v.push(format!("{body_nl}\n{end}\n"));
    for other in [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "PUBLIC KEY",
        "RSA PUBLIC KEY",
        "CERTIFICATE",
        "ENCRYPTED PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "EC PARAMETERS",
    ] {
        if other != label {
            v.push(arm(&begin, &format!("-----END {other}-----"), &body_nl));
            v.push(arm(&format!("-----BEGIN {other}-----"), &end, &body_nl));
            v.push(arm(
                &format!("-----BEGIN {other}-----"),
                &format!("-----END {other}-----"),
                &body_nl,
            ));
        }
    }
    // Lower-case and odd labels, including labels made of the key body itself.
    let lower = label.to_lowercase();
    v.push(arm(
        &format!("-----BEGIN {lower}-----"),
        &format!("-----END {lower}-----"),
        &body_nl,
    ));
    v.push(arm(&format!("-----BEGIN {lower}-----"), &end, &body_nl));
    v.push(arm(&begin, &format!("-----END {lower}-----"), &body_nl));
    for l in [
        body[..20].to_owned(),
        body[..40].to_owned(),
        body[..60].to_owned(),
        body[8..body.len().min(72)].to_owned(),
        body[..40].to_uppercase(),
        format!("{label} {}", &body[..30]),
    ] {
        v.push(arm(
            &format!("-----BEGIN {l}-----"),
            &format!("-----END {l}-----"),
            &body_nl,
        ));
        v.push(arm(&format!("-----BEGIN {l}-----"), &end, &body_nl));
    }
    // Truncated body (at every length), truncated text.
    let first = v.len();
    for k in 0..body.len() {
        v.push(arm(&begin, &end, &wrap(&body[..k])));
    }
    let truncations = first..v.len();
    let whole = arm(&begin, &end, &body_nl);
    for k in (0..whole.len()).step_by(7) {
        v.push(whole[..k].to_owned());
    }
    // Junk inside the body; one base64 character changed (valid base64, damaged DER).
    let junks = [
        "!", "*", "-----", "é", "\u{0}", ":", "=", "==", "\\", "\"", "'", "{", "\t\t", "-",
    ];
    for pos in (0..body.len()).step_by(53) {
        for j in junks {
            let mut b = body.clone();
            b.insert_str(pos, j);
            v.push(arm(&begin, &end, &wrap(&b)));
        }
    }
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for pos in (0..body.len()).step_by(29) {
        let mut b = body.clone().into_bytes();
        let i = alphabet.iter().position(|c| *c == b[pos]).unwrap_or(0);
        b[pos] = alphabet[(i + 1 + pos % 60) % 64];
        v.push(arm(&begin, &end, &wrap(&String::from_utf8(b).unwrap())));
    }
    // Junk lines and headers inside the armour.
    v.push(arm(
        &begin,
        &end,
        &format!("Proc-Type: 4,ENCRYPTED\n{body_nl}"),
    ));
    v.push(arm(&begin, &end, &format!("{body_nl}\n-----\n")));
    v.push(arm(&begin, &end, &format!("{begin}\n{body_nl}")));
    // Glued lines.
    for sep in ["", " ", "\t", "\r\n", "\r", "\\n", "\\r\\n", "  \n  "] {
        let glued = format!("{}{begin}{sep}{}{sep}{end}", f.prefix, f.lines.join(sep));
        v.push(glued);
        v.push(format!("{begin}{}{end}", f.lines.join(sep)));
    }
    v.push(format!("{begin}{body}{end}"));
    v.push(format!(
        "{}{}{}",
        &begin[..begin.len() - 5],
        body,
        &end[..end.len() - 5]
    ));
    v.push(format!("{begin} {body} {}", &end[..end.len() - 5]));
    v.push(format!("{} {body} {end}", &begin[..begin.len() - 5]));
    // The body without armour.
    v.push(body_nl.clone());
    v.push(body.clone());
    v.push(f.lines.join("\\n"));
    v.push(format!("\"{body}\""));

    // Each of those JSON-quoted with escaped newlines (every fourth body truncation), and some in
    // single quotes with CRLF.
    let n = v.len();
    for i in 0..n {
        if !truncations.contains(&i) || i % 4 == 0 {
            v.push(serde_json::to_string(&v[i]).unwrap());
        }
        if i % 7 == 0 {
            v.push(format!("'{}'", v[i].replace('\n', "\r\n")));
        }
    }
    v
}

/// Every member name of the JWK in turn, and what can be done to each.
fn jwk_variants(f: &Fixture) -> Vec<Value> {
    let base = f.jwk.clone();
    let obj = base.as_object().unwrap().clone();
    let with = |name: &str, value: Value| {
        let mut o = obj.clone();
        o.insert(name.to_owned(), value);
        Value::Object(o)
    };
    let without = |name: &str| {
        let mut o = obj.clone();
        o.remove(name);
        Value::Object(o)
    };
    let mut v = vec![base.clone()];
    let private: Vec<&str> = ["d", "p", "q", "dp", "dq", "qi"]
        .into_iter()
        .filter(|m| obj.contains_key(*m))
        .collect();
    let d = obj["d"].as_str().unwrap().to_owned();

    for name in obj.keys() {
        v.push(without(name));
        for bad in [
            json!(1),
            json!(null),
            json!(true),
            json!({}),
            json!([]),
            json!(""),
            json!([d.clone()]),
            json!({ "v": d.clone() }),
        ] {
            v.push(with(name, bad));
        }
    }
    // Bad or truncated values of every key parameter (private ones first of all).
    for name in obj.keys().filter(|n| *n != "kty" && *n != "crv") {
        let value = obj[name].as_str().unwrap().to_owned();
        let step = if private.contains(&name.as_str()) {
            3
        } else {
            17
        };
        for k in (0..value.len()).step_by(step) {
            v.push(with(name, json!(value[..k])));
        }
        let bytes = Base64UrlUnpadded::decode_vec(&value).unwrap();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let std = value.replace('-', "+").replace('_', "/");
        for bad in [
            format!("{value}=="),
            format!("{value}="),
            format!("{value}A"),
            format!("{value}AAAA"),
            format!("A{value}"),
            format!(
                "{}!{}",
                &value[..value.len() / 2],
                &value[value.len() / 2..]
            ),
            format!(
                "{} {}",
                &value[..value.len() / 2],
                &value[value.len() / 2..]
            ),
            format!(
                "{}+{}",
                &value[..value.len() / 2],
                &value[value.len() / 2..]
            ),
            format!("{}\u{0}", value),
            std,
            Base64::encode_string(&bytes),
            hex.clone(),
            hex.to_uppercase(),
            format!("\"{value}\""),
            value.to_uppercase(),
            value.chars().rev().collect(),
            b64u(&[0u8; 32]),
            b64u(&[0u8]),
            b64u(&[1u8]),
            b64u(&[2u8]),
            b64u(&[0xffu8; 300]),
            b64u(&[0u8; 256]),
        ] {
            v.push(with(name, json!(bad)));
        }
        // One character changed (valid base64url, wrong value).
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for pos in (0..value.len().saturating_sub(1)).step_by(step * 4) {
            let mut b = value.clone().into_bytes();
            let i = alphabet.iter().position(|c| *c == b[pos]).unwrap();
            b[pos] = alphabet[(i + 7) % 64];
            v.push(with(name, json!(String::from_utf8(b).unwrap())));
        }
    }
    // A private component under another member, or swapped.
    for (i, a) in private.iter().enumerate() {
        for b in private.iter().skip(i + 1) {
            let mut o = obj.clone();
            let (va, vb) = (o[*a].clone(), o[*b].clone());
            o.insert((*a).into(), vb);
            o.insert((*b).into(), va);
            v.push(Value::Object(o));
        }
        v.push(with("x", obj[*a].clone()));
        v.push(with("n", obj[*a].clone()));
    }
    // Wrong kty, crv, alg, use, key_ops — including the secret itself in their place.
    for kty in [
        "RSA", "EC", "OKP", "oct", "rsa", "ec", "okp", "OCT", "", "RSA ", "RSA-PSS",
    ] {
        if Some(kty) != obj["kty"].as_str() {
            v.push(with("kty", json!(kty)));
        }
    }
    for member in ["kty", "crv", "alg", "use"] {
        v.push(with(member, json!(d.clone())));
        v.push(with(member, json!(d[..20].to_owned())));
        v.push(with(member, json!(d[..16].to_owned())));
        v.push(with(member, json!(d[..15].to_owned())));
    }
    for crv in [
        "P-384",
        "P-521",
        "secp256k1",
        "Ed448",
        "X25519",
        "p-256",
        "ed25519",
    ] {
        v.push(with("crv", json!(crv)));
    }
    for alg in [
        "RS256", "ES256", "EdDSA", "HS256", "none", "RSA-OAEP", "ES384",
    ] {
        v.push(with("alg", json!(alg)));
    }
    v.push(with("use", json!("enc")));
    v.push(with("key_ops", json!(["encrypt"])));
    v.push(with("key_ops", json!([d.clone()])));
    v.push(with("key_ops", json!(d.clone())));
    v.push(with("kid", json!("")));
    v.push(with("kid", json!("a\u{0}b")));
    v.push(with("kid", json!("k".repeat(300))));
    v.push(with(
        "oth",
        json!([{ "r": d.clone(), "d": d.clone(), "t": d.clone() }]),
    ));
    // Private material as an `oct` key, and the whole JWK nested or wrapped.
    for c in &private {
        v.push(json!({ "kty": "oct", "k": obj[*c].clone() }));
        v.push(json!({ "kty": "oct", "k": obj[*c].clone(), "alg": "HS512" }));
    }
    v.push(json!({ "keys": [base.clone()] }));
    v.push(json!([base.clone()]));
    v.push(json!(d.clone()));
    v.push(json!({ "kty": obj["kty"].clone() }));
    v.push(json!({ "d": d.clone() }));
    if f.kind == Kind::Ed25519 {
        // The all-zero seed (ed25519-compact's `KeyPair::from_seed` panics on it).
        v.push(with("d", json!(b64u(&[0u8; 32]))));
        v.push(json!({"kty": "OKP", "crv": "Ed25519", "d": b64u(&[0u8; 32])}));
        v.push(with("x", json!(b64u(&[0u8; 32]))));
    }
    v
}

/// JSON texts of the JWK that fail to parse (truncated, duplicated members, bad escapes).
fn jwk_texts(f: &Fixture) -> Vec<String> {
    let text = serde_json::to_string(&f.jwk).unwrap();
    let mut v = Vec::new();
    for k in (0..text.len()).step_by(5) {
        v.push(text[..k].to_owned());
    }
    let d = f.jwk["d"].as_str().unwrap();
    v.push(format!("{},\"d\":\"{d}\"}}", &text[..text.len() - 1]));
    v.push(format!("{},\"{d}\":1,\"{d}\":2}}", &text[..text.len() - 1]));
    v.push(format!(
        "{},\"{}\":1,\"{}\":2}}",
        &text[..text.len() - 1],
        &d[..15],
        &d[..15]
    ));
    v.push(text.replace(d, &format!("{}\\q{}", &d[..10], &d[10..])));
    v.push(text.replace(d, &format!("{}\u{1}{}", &d[..10], &d[10..])));
    v.push(format!("{text} {d}"));
    v.push(format!("{text},"));
    v.push(text.replacen('{', "{\"n\":1e400,", 1));
    v.push(text.replacen('{', "{\"n\":123456789012345678901234567890,", 1));
    v
}

fn check_pem_input(f: &Fixture, r: &mut Report, input: &str) {
    r.inputs += 1;
    let o = KeyOptions::default();
    r.result(
        f,
        "SigningKey::from_pem",
        input,
        SigningKey::from_pem(input, &o),
    );
    r.result(
        f,
        "VerifyingKey::from_pem",
        input,
        VerifyingKey::from_pem(input, &o),
    );
    r.result(
        f,
        "SigningKey::from_secret",
        input,
        SigningKey::from_secret(input.as_bytes(), &o),
    );
}

fn check_jwk_input(f: &Fixture, r: &mut Report, jwk: &Value) {
    r.inputs += 1;
    let o = KeyOptions::default();
    let input = jwk.to_string();
    r.result(
        f,
        "SigningKey::from_jwk",
        &input,
        SigningKey::from_jwk(jwk, &o),
    );
    r.result(
        f,
        "VerifyingKey::from_jwk",
        &input,
        VerifyingKey::from_jwk(jwk, &o),
    );
    let set = json!({ "keys": [jwk] });
    r.result(f, "KeySet::from_jwks", &input, KeySet::from_jwks(&set));
    if let Ok(s) = KeySet::from_jwks(&set) {
        for skipped in s.skipped() {
            r.text(f, "KeySet::skipped", &input, skipped);
        }
    }
}

fn finish(r: Report, what: &str, started: std::time::Instant) {
    eprintln!(
        "{what}: {} damaged inputs, {} constructor calls, {} errors, {} texts checked against every 16-character secret window, {:.1} s",
        r.inputs,
        r.calls,
        r.errors,
        r.texts,
        started.elapsed().as_secs_f64()
    );
    let n = r.leaks.len();
    assert!(
        r.leaks.is_empty(),
        "{n} texts quote key material:\n{}",
        r.leaks.join("\n")
    );
}

#[test]
fn no_pem_damage_leaks_the_key() {
    let started = std::time::Instant::now();
    let mut r = Report::default();
    for name in FIXTURES {
        let f = load(name);
        let variants = pem_variants(&f);
        eprintln!(
            "{name}: {} PEM variants, {} secret windows",
            variants.len(),
            f.secrets.len()
        );
        for input in &variants {
            check_pem_input(&f, &mut r, input);
        }
    }
    assert!(r.inputs > 5_000, "only {} inputs", r.inputs);
    finish(r, "PEM", started);
}

#[test]
fn no_jwk_damage_leaks_the_key() {
    let started = std::time::Instant::now();
    let mut r = Report::default();
    for name in FIXTURES {
        let f = load(name);
        // The undamaged JWK imports (the catalogue starts from a working key).
        SigningKey::from_jwk(&f.jwk, &KeyOptions::default()).unwrap();
        let variants = jwk_variants(&f);
        let texts = jwk_texts(&f);
        eprintln!(
            "{name}: {} JWK variants, {} JSON texts, {} secret windows",
            variants.len(),
            texts.len(),
            f.secrets.len()
        );
        for jwk in &variants {
            check_jwk_input(&f, &mut r, jwk);
        }
        for text in &texts {
            r.inputs += 1;
            r.calls += 1;
            if let Err(e) = sceyt_token::json::parse_value(text.as_bytes()) {
                r.errors += 1;
                r.text(&f, "json::parse_value Display", text, &e.to_string());
                r.text(&f, "json::parse_value Debug", text, &format!("{e:?}"));
            }
        }
    }
    assert!(r.inputs > 2_000, "only {} inputs", r.inputs);
    finish(r, "JWK", started);
}

/// `Debug` and `Display` of every key and error type, for working keys of every kind.
#[test]
fn debug_and_display_of_keys_hold_no_secret() {
    let mut r = Report::default();
    for name in FIXTURES {
        let f = load(name);
        let o = KeyOptions::default();
        let sk = SigningKey::from_pem(&fixture(name), &o).unwrap();
        let from_jwk = SigningKey::from_jwk(&f.jwk, &o).unwrap();
        let vk = sk.verifying_key();
        let set = KeySet::from_jwks(&json!({ "keys": [vk.to_jwk().unwrap()] })).unwrap();
        let issuer = Issuer::new(sk.clone(), IssuerOptions::new("app")).unwrap();
        let source = KeySource::Set(set.clone());
        let verifier = Verifier::new(KeySource::One(vk.clone()), VerifyOptions::default());
        for (what, text) in [
            ("SigningKey Debug", format!("{sk:?} {sk:#?}")),
            ("SigningKey from JWK Debug", format!("{from_jwk:?}")),
            ("VerifyingKey Debug", format!("{vk:?} {vk:#?}")),
            ("KeySet Debug", format!("{set:?}")),
            ("Issuer Debug", format!("{issuer:?}")),
            ("KeySource Debug", format!("{source:?}")),
            ("Verifier Debug", format!("{verifier:?}")),
            ("KeyOptions Debug", format!("{o:?}")),
            (
                "kind/alg Display",
                format!("{} {:?} {:?}", sk.algorithm(), sk.kind(), vk.kind()),
            ),
        ] {
            r.text(&f, what, name, &text);
        }
        // Errors that concern a working key (public key for signing, wrong algorithm…).
        let pub_pem = vk.to_pem().unwrap();
        let errors = [
            SigningKey::from_pem(&pub_pem, &o).map(|_| ()),
            SigningKey::from_pem(
                &fixture(name),
                &KeyOptions {
                    algorithm: Some(Algorithm::Hs256),
                    key_id: None,
                },
            )
            .map(|_| ()),
            SigningKey::from_jwk(&vk.to_jwk().unwrap(), &o).map(|_| ()),
            VerifyingKey::from_secret(fixture(name).as_bytes(), &o).map(|_| ()),
        ];
        for e in errors.into_iter().filter_map(Result::err) {
            r.text(&f, "Error Display", name, &e.to_string());
            r.text(&f, "Error Debug", name, &format!("{e:?} {:?}", e.code()));
        }
    }
    assert!(r.texts >= 50);
    assert!(r.leaks.is_empty(), "{}", r.leaks.join("\n"));
}

/// The window check itself finds a quoted run (so the tests above are not vacuous).
#[test]
fn the_window_check_finds_runs() {
    for name in FIXTURES {
        let f = load(name);
        let body = f.lines.concat();
        assert!(f
            .secrets
            .leak_in(&format!("x {} y", &body[100.min(body.len() - 16)..][..16]))
            .is_some());
        assert!(f
            .secrets
            .leak_in(&format!("x {} y", &body[3..18]))
            .is_none());
        let d = f.jwk["d"].as_str().unwrap();
        assert!(
            f.secrets.leak_in(&format!("d={}", &d[5..21])).is_some(),
            "{name} d"
        );
        let dbytes = Base64UrlUnpadded::decode_vec(d).unwrap();
        let hex: String = dbytes.iter().map(|b| format!("{b:02X}")).collect();
        assert!(f.secrets.leak_in(&hex[7..23]).is_some(), "{name} hex");
        let split = format!("{}\n{}", &body[0..8], &body[8..16]);
        assert!(
            f.secrets.leak_in(&split).is_some(),
            "{name} across a line break"
        );
    }
}
