//! Hostile keys and hostile signatures with honest keys: the key rules applied at import on every
//! path (SPKI DER, PEM, PKCS#1, JWK, JWKS), and the Ed25519 signature rule decided before any
//! primitive is asked. Each refused key is refused with a code and a message that quotes none of
//! its bytes; each accepted key refuses the forgeries that need no private key.
#![cfg(not(target_arch = "wasm32"))]
mod common;
use common::*;
use sceyt_token::*;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The eight Ed25519 points of small order (order dividing 8), canonically encoded: the
/// identity, the point of order 2, two of order 4 and four of order 8.
const SMALL_ORDER: [&str; 8] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

/// Non-canonical encodings: y ≥ p = 2^255 − 19 (y = p is 0, y = p + 1 is 1, …), and x = 0 with
/// the sign bit set ("negative zero" of the identity and of the order-2 point).
fn non_canonical() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for low in 0xedu8..=0xff {
        let mut y = vec![0xffu8; 32];
        y[0] = low;
        y[31] = 0x7f;
        out.push(y.clone());
        y[31] = 0xff; // the same y with the sign bit
        out.push(y);
    }
    let mut neg_identity = hex(SMALL_ORDER[0]);
    neg_identity[31] |= 0x80;
    out.push(neg_identity);
    out
}

fn ed25519_spki(raw: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    v.extend_from_slice(raw);
    v
}

/// Imports `raw` as an Ed25519 public key through every path; returns each path's error.
fn ed25519_imports(raw: &[u8]) -> Vec<(&'static str, Error)> {
    let o = KeyOptions::default();
    let spki = ed25519_spki(raw);
    let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": b64(raw)});
    let mut out = vec![
        ("SPKI DER", VerifyingKey::from_spki_der(&spki, &o).map(drop)),
        (
            "SPKI PEM",
            VerifyingKey::from_pem(&keys::pem::encode("PUBLIC KEY", &spki), &o).map(drop),
        ),
        ("JWK", VerifyingKey::from_jwk(&jwk, &o).map(drop)),
    ]
    .into_iter()
    .map(|(what, r)| (what, r.unwrap_err()))
    .collect::<Vec<_>>();
    // A JWKS holding it is refused whole (a malformed key is an error, not a skipped key).
    let set = KeySet::from_jwks(&serde_json::json!({ "keys": [jwk] }));
    out.push(("JWKS", set.map(drop).unwrap_err()));
    out
}

fn no_key_bytes(e: &Error, raw: &[u8]) {
    let m = e.message();
    assert!(!m.contains(&b64(raw)), "{m}");
    assert!(!m.to_lowercase().contains(&hex_of(raw)), "{m}");
    assert!(!m.contains(&b64(&raw[..8])), "{m}");
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn ed25519_small_order_keys_are_refused_on_every_path() {
    for p in SMALL_ORDER {
        let raw = hex(p);
        for (what, e) in ed25519_imports(&raw) {
            assert_eq!(e.code(), ErrorCode::KeyInvalid, "{p} via {what}");
            assert!(
                e.message().contains("small order"),
                "{p} via {what}: {}",
                e.message()
            );
            no_key_bytes(&e, &raw);
        }
    }
}

#[test]
fn ed25519_non_canonical_keys_are_refused_on_every_path() {
    for raw in non_canonical() {
        for (what, e) in ed25519_imports(&raw) {
            assert_eq!(e.code(), ErrorCode::KeyInvalid, "{raw:02x?} via {what}");
            assert!(
                e.message().contains("canonical") || e.message().contains("small order"),
                "{raw:02x?} via {what}: {}",
                e.message()
            );
        }
    }
}

#[test]
fn an_honest_ed25519_key_still_loads_everywhere() {
    let sk = signing("ed25519.pkcs8.pem");
    let raw = sk.verifying_key().to_spki_der().unwrap()[12..].to_vec();
    assert!(ed25519_imports_ok(&raw));
}

fn ed25519_imports_ok(raw: &[u8]) -> bool {
    let o = KeyOptions::default();
    let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": b64(raw)});
    VerifyingKey::from_spki_der(&ed25519_spki(raw), &o).is_ok()
        && VerifyingKey::from_jwk(&jwk, &o).is_ok()
        && KeySet::from_jwks(&serde_json::json!({ "keys": [jwk] }))
            .unwrap()
            .keys()
            .len()
            == 1
}

/// L, the order of the Ed25519 base point, little-endian.
const L: &str = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

/// `a + b` of two 32-byte little-endian numbers (no overflow out of 256 bits in these tests).
fn add_le(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let s = a[i] as u16 + b[i] as u16 + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    out
}

fn sub_one_le(a: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    for b in out.iter_mut() {
        if *b == 0 {
            *b = 0xff;
        } else {
            *b -= 1;
            break;
        }
    }
    out
}

/// Hostile Ed25519 signatures over `input` for the honest key `sk`, each with its name. The
/// first needs the private key (S + L of a real signature); the others need none.
fn ed25519_forgeries(sk: &SigningKey, input: &[u8]) -> Vec<(String, Vec<u8>)> {
    let real = sk.sign(input).unwrap();
    let (r, s) = real.split_at(32);
    let mut out = vec![(
        "S + L (the real signature, malleated)".to_string(),
        [r, &add_le(s, &hex(L))].concat(),
    )];
    out.push(("S = L, R real".into(), [r, &hex(L)[..]].concat()));
    out.push(("S = 2^256 - 1".into(), [r, &[0xffu8; 32][..]].concat()));
    for (i, p) in SMALL_ORDER.iter().enumerate() {
        out.push((
            format!("R small order #{i}, S = 0"),
            [hex(p), vec![0u8; 32]].concat(),
        ));
    }
    for (i, y) in non_canonical().into_iter().enumerate() {
        out.push((
            format!("R non-canonical #{i}, S = 0"),
            [y, vec![0; 32]].concat(),
        ));
    }
    // R = identity, S = 0: the forgery that verifies any message under a small-order key.
    out.push((
        "identity forgery".into(),
        [hex(SMALL_ORDER[0]), vec![0; 32]].concat(),
    ));
    out
}

#[test]
fn hostile_ed25519_signatures_are_refused_before_any_primitive() {
    let sk = signing("ed25519.pkcs8.pem");
    let vk = sk.verifying_key();
    let header = r#"{"alg":"EdDSA","typ":"JWT"}"#;
    let payload = claims_json(NOW - 60, NOW + 3600);
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let real = sk.sign(input.as_bytes()).unwrap();
    assert!(vk.signature_shape_ok(Algorithm::EdDsa, &real));
    assert!(vk
        .verify_signature(Algorithm::EdDsa, input.as_bytes(), &real)
        .unwrap());
    let v = verifier(&vk);
    let good = format!("{input}.{}", b64(&real));
    assert_eq!(v.verify(&good, NOW).unwrap().claims()["sub"], "user-42");
    let forgeries = ed25519_forgeries(&sk, input.as_bytes());
    assert!(forgeries.len() > 40);
    for (name, sig) in forgeries {
        // Refused by the shape rule: no primitive, native or wasm, is ever asked.
        assert!(!vk.signature_shape_ok(Algorithm::EdDsa, &sig), "{name}");
        assert!(
            !vk.verify_signature(Algorithm::EdDsa, input.as_bytes(), &sig)
                .unwrap(),
            "{name}"
        );
        let token = format!("{input}.{}", b64(&sig));
        assert_eq!(
            v.verify(&token, NOW).unwrap_err().code(),
            ErrorCode::SignatureInvalid,
            "{name}"
        );
    }
    // The boundary: S = L − 1 and S = 0 pass the shape rule (and then fail the arithmetic).
    let (r, _) = real.split_at(32);
    for s in [sub_one_le(&hex(L)), vec![0u8; 32]] {
        let sig = [r, &s[..]].concat();
        assert!(vk.signature_shape_ok(Algorithm::EdDsa, &sig));
        assert!(!vk
            .verify_signature(Algorithm::EdDsa, input.as_bytes(), &sig)
            .unwrap());
    }
}

// --- RSA ---------------------------------------------------------------------------------------

fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend_from_slice(&seq(&[int(n), int(e)]));
    seq(&[rsa_algorithm_id(), tlv(0x03, &bits)])
}

/// The RSA public key (n, e) through SPKI DER, SPKI PEM, PKCS#1 PEM, JWK and a JWKS.
fn rsa_imports(n: &[u8], e: &[u8]) -> Vec<(&'static str, Result<()>)> {
    let o = KeyOptions::default();
    let spki = rsa_spki(n, e);
    let pkcs1 = seq(&[int(n), int(e)]);
    let jwk = serde_json::json!({"kty": "RSA", "n": b64(n), "e": b64(e)});
    let from_set = KeySet::from_jwks(&serde_json::json!({ "keys": [jwk.clone()] })).map(drop);
    vec![
        ("SPKI DER", VerifyingKey::from_spki_der(&spki, &o).map(drop)),
        (
            "SPKI PEM",
            VerifyingKey::from_pem(&keys::pem::encode("PUBLIC KEY", &spki), &o).map(drop),
        ),
        (
            "PKCS#1 PEM",
            VerifyingKey::from_pem(&keys::pem::encode("RSA PUBLIC KEY", &pkcs1), &o).map(drop),
        ),
        ("JWK", VerifyingKey::from_jwk(&jwk, &o).map(drop)),
        ("JWKS", from_set),
    ]
}

fn modulus(even: bool) -> Vec<u8> {
    let mut n: Vec<u8> = (0..256u32)
        .map(|i| (i.wrapping_mul(167) ^ 0x5a) as u8)
        .collect();
    n[0] |= 0x80;
    if even {
        n[255] &= 0xfe;
    } else {
        n[255] |= 1;
    }
    n
}

/// (name, modulus, exponent, expected failure: code and a part of the message).
type RsaCase = (
    &'static str,
    Vec<u8>,
    Vec<u8>,
    Option<(ErrorCode, &'static str)>,
);

#[test]
fn rsa_public_key_rule_on_every_path() {
    let e65537 = [0x01, 0x00, 0x01];
    let cases: Vec<RsaCase> = vec![
        (
            "even modulus",
            modulus(true),
            e65537.to_vec(),
            Some((ErrorCode::KeyInvalid, "even modulus")),
        ),
        (
            "e = 1",
            modulus(false),
            vec![1],
            Some((ErrorCode::KeyTooWeak, "below 3")),
        ),
        (
            "e = 2",
            modulus(false),
            vec![2],
            Some((ErrorCode::KeyInvalid, "is even")),
        ),
        (
            "e = 65538",
            modulus(false),
            vec![1, 0, 2],
            Some((ErrorCode::KeyInvalid, "is even")),
        ),
        (
            "e = 2^34 + 1 (35 bits)",
            modulus(false),
            vec![4, 0, 0, 0, 1],
            Some((ErrorCode::KeyInvalid, "35 bits")),
        ),
        (
            "e = 2^33 + 1 (34 bits)",
            modulus(false),
            vec![2, 0, 0, 0, 1],
            Some((ErrorCode::KeyInvalid, "34 bits")),
        ),
        (
            "e = 2^33 − 1 (33 bits)",
            modulus(false),
            vec![1, 0xff, 0xff, 0xff, 0xff],
            None,
        ),
        ("e = 3", modulus(false), vec![3], None),
        ("e = 65537", modulus(false), e65537.to_vec(), None),
    ];
    for (name, n, e, expected) in cases {
        for (path, r) in rsa_imports(&n, &e) {
            match expected {
                None => assert!(r.is_ok(), "{name} via {path}: {:?}", r.err()),
                Some((code, text)) => {
                    let err = r.unwrap_err();
                    assert_eq!(err.code(), code, "{name} via {path}: {}", err.message());
                    assert!(
                        err.message().contains(text),
                        "{name} via {path}: {}",
                        err.message()
                    );
                    assert!(!err.message().contains(&b64(&n[..16])), "{}", err.message());
                }
            }
        }
    }
}

#[test]
fn rsa_private_keys_pass_the_public_rule_too() {
    // A PKCS#1 private key whose modulus is even: refused by the public rule before the rsa
    // crate's consistency check, through PKCS#1, PKCS#8 and as a verifying key.
    let filler = vec![0x35u8; 128];
    let pkcs1 = rsa_private_pkcs1(&modulus(true), &[1, 0, 1], &filler);
    let o = KeyOptions::default();
    let e = SigningKey::from_pem(&keys::pem::encode("RSA PRIVATE KEY", &pkcs1), &o).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyInvalid);
    assert!(e.message().contains("even modulus"), "{}", e.message());
    // The honest fixtures still load, privately and publicly.
    for f in [
        "rsa2048.pkcs8.pem",
        "rsa2048.pkcs1.pem",
        "rsa3072.pkcs8.pem",
    ] {
        let k = signing(f);
        assert!(VerifyingKey::from_pem(&k.verifying_key().to_pem().unwrap(), &o).is_ok());
    }
}

#[test]
fn rsa_forgeries_without_a_private_key_are_refused() {
    // An accepted key with e = 3 (the smallest exponent the rule allows): s = 0, 1, n − 1 and
    // all-ones signatures verify nothing, on every algorithm.
    let sk = signing("rsa2048.pkcs8.pem");
    let vk = sk.verifying_key();
    let jwk = vk.to_jwk().unwrap();
    let n = unb64(jwk["n"].as_str().unwrap());
    let k3 = VerifyingKey::from_jwk(
        &serde_json::json!({"kty": "RSA", "n": b64(&n), "e": b64(&[3])}),
        &KeyOptions::default(),
    )
    .unwrap();
    let mut n_minus_1 = n.clone();
    n_minus_1[255] -= 1;
    let mut one = vec![0u8; 256];
    one[255] = 1;
    for key in [&vk, &k3] {
        for alg in [Algorithm::Rs256, Algorithm::Ps256, Algorithm::Rs512] {
            for sig in [
                vec![0u8; 256],
                one.clone(),
                n_minus_1.clone(),
                n.clone(),
                vec![0xff; 256],
            ] {
                assert!(!key.verify_signature(alg, b"x.y", &sig).unwrap(), "{alg}");
            }
        }
    }
}

// --- P-256 -------------------------------------------------------------------------------------

fn ec_spki(point: &[u8]) -> Vec<u8> {
    let alg = seq(&[
        vec![0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
        vec![0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
    ]);
    let mut bits = vec![0u8];
    bits.extend_from_slice(point);
    seq(&[alg, tlv(0x03, &bits)])
}

#[test]
fn p256_off_curve_and_infinity_are_refused() {
    let o = KeyOptions::default();
    let honest = signing("ec256.pkcs8.pem").verifying_key().to_jwk().unwrap();
    let x = unb64(honest["x"].as_str().unwrap());
    let y = unb64(honest["y"].as_str().unwrap());
    let mut y_off = y.clone();
    y_off[31] ^= 1;
    let points: Vec<(&str, Vec<u8>)> = vec![
        ("off-curve", [vec![4], x.clone(), y_off.clone()].concat()),
        ("infinity (0x00)", vec![0]),
        ("zero point", [vec![4], vec![0; 64]].concat()),
    ];
    for (name, p) in points {
        let e = VerifyingKey::from_spki_der(&ec_spki(&p), &o).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid, "{name}: {}", e.message());
    }
    for (name, jx, jy) in [
        ("off-curve", &x, &y_off),
        ("zero", &vec![0u8; 32], &vec![0u8; 32]),
    ] {
        let jwk = serde_json::json!({"kty": "EC", "crv": "P-256", "x": b64(jx), "y": b64(jy)});
        let e = VerifyingKey::from_jwk(&jwk, &o).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid, "{name}: {}", e.message());
        let set = KeySet::from_jwks(&serde_json::json!({ "keys": [jwk] }));
        assert_eq!(
            set.map(drop).unwrap_err().code(),
            ErrorCode::KeyInvalid,
            "{name}"
        );
    }
    let ok = [vec![4], x, y].concat();
    assert!(VerifyingKey::from_spki_der(&ec_spki(&ok), &o).is_ok());
}

/// P-256 group order n, big-endian.
const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let d = a[i] as i16 - b[i] as i16 - borrow;
        out[i] = d.rem_euclid(256) as u8;
        borrow = (d < 0) as i16;
    }
    out
}

#[test]
fn p256_signatures_are_checked_by_range_then_arithmetic() {
    let sk = signing("ec256.pkcs8.pem");
    let vk = sk.verifying_key();
    let other = SigningKey::generate(
        Algorithm::Es256,
        &mut runtime_rng_for_tests(),
        &KeyOptions::default(),
    )
    .unwrap();
    let msg = b"header.payload";
    let real = sk.sign(msg).unwrap();
    assert!(vk.verify_signature(Algorithm::Es256, msg, &real).unwrap());
    // In range but wrong: another key's signature, another message's, a bit flipped in s.
    let foreign = other.sign(msg).unwrap();
    let mut flipped = real.clone();
    flipped[63] ^= 1;
    for (name, sig, m) in [
        ("another key's signature", &foreign, &msg[..]),
        ("another message", &real, &b"header.payloaD"[..]),
        ("s bit flipped", &flipped, &msg[..]),
    ] {
        assert!(vk.signature_shape_ok(Algorithm::Es256, sig), "{name}");
        assert!(
            !vk.verify_signature(Algorithm::Es256, m, sig).unwrap(),
            "{name}"
        );
    }
    // High S (n − s) is the same signature, malleated: accepted, as by every backend.
    let n = hex(P256_N);
    let high = [&real[..32], &sub_be(&n, &real[32..])[..]].concat();
    assert!(vk.verify_signature(Algorithm::Es256, msg, &high).unwrap());
    // Out of range: r or s zero or ≥ n, wrong lengths — refused by shape, before arithmetic.
    let r = &real[..32];
    let s = &real[32..];
    for (name, sig) in [
        ("r = 0", [&[0u8; 32][..], s].concat()),
        ("s = 0", [r, &[0u8; 32][..]].concat()),
        ("r = n", [&n[..], s].concat()),
        ("s = n", [r, &n[..]].concat()),
        ("s = 2^256 - 1", [r, &[0xff; 32][..]].concat()),
        ("63 bytes", real[..63].to_vec()),
        ("65 bytes", [&real[..], &[0][..]].concat()),
    ] {
        assert!(!vk.signature_shape_ok(Algorithm::Es256, &sig), "{name}");
        assert!(
            !vk.verify_signature(Algorithm::Es256, msg, &sig).unwrap(),
            "{name}"
        );
    }
}

fn runtime_rng_for_tests() -> impl rand_core::RngCore + rand_core::CryptoRng {
    keys::runtime_rng().unwrap()
}

// --- HMAC --------------------------------------------------------------------------------------

#[test]
fn hmac_secret_length_boundaries() {
    for (alg, min) in [
        (Algorithm::Hs256, 32usize),
        (Algorithm::Hs384, 48),
        (Algorithm::Hs512, 64),
    ] {
        let o = KeyOptions {
            algorithm: Some(alg),
            ..Default::default()
        };
        let short = VerifyingKey::from_secret(&vec![7u8; min - 1], &o).unwrap_err();
        assert_eq!(short.code(), ErrorCode::KeyTooWeak, "{alg}");
        assert!(
            VerifyingKey::from_secret(&vec![7u8; min], &o).is_ok(),
            "{alg}"
        );
        assert!(
            SigningKey::from_secret(&vec![7u8; min], &o).is_ok(),
            "{alg}"
        );
        assert_eq!(
            SigningKey::from_secret(&vec![7u8; min - 1], &o)
                .unwrap_err()
                .code(),
            ErrorCode::KeyTooWeak
        );
    }
    let o = KeyOptions::default();
    assert!(VerifyingKey::from_secret(&[7u8; 1024], &o).is_ok());
    assert_eq!(
        VerifyingKey::from_secret(&[7u8; 1025], &o)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn an_hmac_secret_exports_no_public_key() {
    // Whoever can read a secret can sign: no export path may hand one out as a "public" key.
    let k = hmac();
    for e in [
        k.verifying_key().to_spki_der().map(drop).unwrap_err(),
        k.verifying_key().to_pem().map(drop).unwrap_err(),
    ] {
        assert_eq!(e.code(), ErrorCode::KeyUsage);
        assert!(e.message().contains("no public key"), "{}", e.message());
    }
}

#[test]
fn a_p256_private_jwk_must_match_its_public_point() {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let mut rng = keys::runtime_rng().unwrap();
    let sk = p256::SecretKey::random(&mut rng);
    let other = p256::SecretKey::random(&mut rng);
    let point = sk.public_key().to_encoded_point(false);
    let other_point = other.public_key().to_encoded_point(false);
    let jwk = |p: &p256::EncodedPoint| {
        serde_json::json!({
            "kty": "EC", "crv": "P-256",
            "x": b64(p.x().unwrap()), "y": b64(p.y().unwrap()),
            "d": b64(&sk.to_bytes()),
        })
    };
    let o = KeyOptions::default();
    let k = SigningKey::from_jwk(&jwk(&point), &o).unwrap();
    assert_eq!(k.algorithm(), Algorithm::Es256);
    let sig = k.sign(b"m").unwrap();
    let vk = VerifyingKey::from_jwk(
        &serde_json::json!({"kty": "EC", "crv": "P-256", "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap())}),
        &o,
    )
    .unwrap();
    assert!(vk.verify_signature(Algorithm::Es256, b"m", &sig).unwrap());
    // A `d` with another key's x/y: refused (jwt-compact's own match check speaks first).
    let e = SigningKey::from_jwk(&jwk(&other_point), &o).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyInvalid);
    assert!(e.message().contains("P-256"), "{}", e.message());
}

/// An RSA private key is checked by the core's own arithmetic (src/keys/bignum.rs): the CRT
/// values it carries are never trusted — a wrong `dp`, `dq` or `qinv` is replaced by the right one
/// in the PKCS#8 handed to native backends, and the key signs what its public key verifies — while
/// a `d`, `p` or `q` that does not agree with `n` and `e` is refused, with one message.
#[test]
fn rsa_private_keys_are_checked_and_their_crt_values_recomputed() {
    use pkcs1::der::{asn1::UintRef, Decode, Encode};
    let der = sceyt_token::keys::pem::decode(&fixture("rsa2048.pkcs1.pem"))
        .unwrap()
        .der;
    let k = pkcs1::RsaPrivateKey::from_der(&der).unwrap();
    let reference =
        SigningKey::from_pem(&fixture("rsa2048.pkcs1.pem"), &KeyOptions::default()).unwrap();
    let want = reference.to_pkcs8_der().unwrap();
    let off_by_one = |u: UintRef<'_>| -> Vec<u8> {
        let mut b = u.as_bytes().to_vec();
        *b.last_mut().unwrap() ^= 2; // stays odd or even as it was; another number
        b
    };
    let build = |changes: &[(&str, Vec<u8>)]| -> Vec<u8> {
        let field = |name: &str, orig: UintRef<'_>| {
            changes
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(orig.as_bytes().to_vec(), |(_, v)| v.clone())
        };
        let (n, e, d) = (
            field("n", k.modulus),
            field("e", k.public_exponent),
            field("d", k.private_exponent),
        );
        let (p, q) = (field("p", k.prime1), field("q", k.prime2));
        let (dp, dq, qi) = (
            field("dp", k.exponent1),
            field("dq", k.exponent2),
            field("qi", k.coefficient),
        );
        pkcs1::RsaPrivateKey {
            modulus: UintRef::new(&n).unwrap(),
            public_exponent: UintRef::new(&e).unwrap(),
            private_exponent: UintRef::new(&d).unwrap(),
            prime1: UintRef::new(&p).unwrap(),
            prime2: UintRef::new(&q).unwrap(),
            exponent1: UintRef::new(&dp).unwrap(),
            exponent2: UintRef::new(&dq).unwrap(),
            coefficient: UintRef::new(&qi).unwrap(),
            other_prime_infos: None,
        }
        .to_der()
        .unwrap()
    };
    let pem = |der: &[u8]| sceyt_token::keys::pem::encode("RSA PRIVATE KEY", der);
    assert_eq!(
        build(&[]),
        der.to_vec(),
        "the builder re-encodes the fixture as it was"
    );
    for wrong in ["dp", "dq", "qi"] {
        let orig = match wrong {
            "dp" => k.exponent1,
            "dq" => k.exponent2,
            _ => k.coefficient,
        };
        let key = SigningKey::from_pem(
            &pem(&build(&[(wrong, off_by_one(orig))])),
            &KeyOptions::default(),
        )
        .unwrap_or_else(|e| panic!("a wrong {wrong} is recomputed, not refused: {e}"));
        assert_eq!(
            key.to_pkcs8_der().unwrap(),
            want,
            "{wrong}: the PKCS#8 carries the right CRT values"
        );
        let sig = key.sign(b"a.b").unwrap();
        assert!(reference
            .verifying_key()
            .verify_signature(Algorithm::Rs256, b"a.b", &sig)
            .unwrap());
    }
    let pq = k
        .prime1
        .as_bytes()
        .iter()
        .chain(k.prime2.as_bytes())
        .copied()
        .collect::<Vec<u8>>();
    for (what, change) in [
        ("d", vec![("d", off_by_one(k.private_exponent))]),
        ("p", vec![("p", off_by_one(k.prime1))]),
        ("q", vec![("q", off_by_one(k.prime2))]),
        ("p = q", vec![("q", k.prime1.as_bytes().to_vec())]),
        ("p = 1", vec![("p", vec![1]), ("q", pq)]),
    ] {
        let err = SigningKey::from_pem(&pem(&build(&change)), &KeyOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KeyInvalid, "{what}");
        assert!(
            err.message().contains("inconsistent"),
            "{what}: {}",
            err.message()
        );
    }
}
