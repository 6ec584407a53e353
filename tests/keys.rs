//! Key import and export in every format, with the PEM mangling environment variables cause.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::*;

fn ok(name: &str) -> SigningKey {
    signing(name)
}

fn err_code(r: Result<impl std::fmt::Debug>) -> ErrorCode {
    r.unwrap_err().code()
}

#[test]
fn every_private_format() {
    assert_eq!(ok("rsa2048.pkcs8.pem").algorithm(), Algorithm::Rs256);
    assert_eq!(ok("rsa2048.pkcs1.pem").algorithm(), Algorithm::Rs256);
    assert_eq!(ok("rsa3072.pkcs8.pem").algorithm(), Algorithm::Rs256);
    assert_eq!(ok("ec256.pkcs8.pem").algorithm(), Algorithm::Es256);
    assert_eq!(ok("ec256.sec1.pem").algorithm(), Algorithm::Es256);
    assert_eq!(ok("ed25519.pkcs8.pem").algorithm(), Algorithm::EdDsa);
    // PKCS#1 and PKCS#8 of the same key give the same key id (RFC 7638 thumbprint).
    assert_eq!(
        ok("rsa2048.pkcs8.pem").key_id(),
        ok("rsa2048.pkcs1.pem").key_id()
    );
    assert_eq!(
        ok("ec256.pkcs8.pem").key_id(),
        ok("ec256.sec1.pem").key_id()
    );
    assert_eq!(ok("rsa2048.pkcs8.pem").key_id().unwrap().len(), 43);
}

#[test]
fn every_public_format() {
    let kid = ok("rsa2048.pkcs8.pem").key_id().unwrap().to_owned();
    for f in [
        "rsa2048.spki.pem",
        "rsa2048.pkcs1pub.pem",
        "rsa2048.cert.pem",
        "rsa2048.pkcs8.pem",
    ] {
        let vk = VerifyingKey::from_pem(&fixture(f), &KeyOptions::default()).unwrap();
        assert_eq!(vk.kind(), KeyKind::Rsa, "{f}");
        assert_eq!(vk.key_id(), Some(kid.as_str()), "{f}");
    }
    let vk = VerifyingKey::from_pem(&fixture("ec256.spki.pem"), &KeyOptions::default()).unwrap();
    assert_eq!(vk.algorithm(), Algorithm::Es256);
    let vk = VerifyingKey::from_pem(&fixture("ed25519.spki.pem"), &KeyOptions::default()).unwrap();
    assert_eq!(vk.algorithm(), Algorithm::EdDsa);
}

#[test]
fn env_variable_mangling_is_tolerated() {
    let pem = fixture("rsa2048.pkcs8.pem");
    let kid = ok("rsa2048.pkcs8.pem").key_id().unwrap().to_owned();
    let variants = [
        pem.replace('\n', "\\n"),
        format!("\"{}\"", pem.replace('\n', "\\n")),
        format!("'{}'", pem),
        pem.replace('\n', "\r\n"),
        format!("\n\n   {pem}   \n"),
        pem.trim().replace('\n', " "),
        pem.replace('\n', "\\r\\n"),
    ];
    for v in variants {
        let k = SigningKey::from_pem(&v, &KeyOptions::default()).unwrap();
        assert_eq!(k.key_id(), Some(kid.as_str()));
    }
}

#[test]
fn bad_keys_have_specific_codes() {
    let o = KeyOptions::default();
    assert_eq!(
        err_code(SigningKey::from_pem(&fixture("rsa1024.pkcs8.pem"), &o)),
        ErrorCode::KeyTooWeak
    );
    assert_eq!(
        err_code(SigningKey::from_pem(&fixture("ec384.pkcs8.pem"), &o)),
        ErrorCode::KeyUnsupported
    );
    assert_eq!(
        err_code(SigningKey::from_pem(&fixture("ed448.pkcs8.pem"), &o)),
        ErrorCode::KeyUnsupported
    );
    assert_eq!(
        err_code(SigningKey::from_pem(&fixture("rsa2048.spki.pem"), &o)),
        ErrorCode::KeyUsage
    );
    assert_eq!(
        err_code(SigningKey::from_pem("not a pem", &o)),
        ErrorCode::KeyInvalid
    );
    assert_eq!(
        err_code(SigningKey::from_pem("", &o)),
        ErrorCode::KeyInvalid
    );
    let corrupt = fixture("rsa2048.pkcs8.pem").replacen("MII", "MIJ", 1);
    assert_eq!(
        err_code(SigningKey::from_pem(&corrupt, &o)),
        ErrorCode::KeyInvalid
    );
    let truncated: String = fixture("rsa2048.pkcs8.pem")
        .lines()
        .take(5)
        .chain(["-----END PRIVATE KEY-----"])
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        err_code(SigningKey::from_pem(&truncated, &o)),
        ErrorCode::KeyInvalid
    );
    let enc = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----";
    assert_eq!(
        err_code(SigningKey::from_pem(enc, &o)),
        ErrorCode::KeyUnsupported
    );
    assert_eq!(
        err_code(VerifyingKey::from_pem(&fixture("rsa1024.pkcs8.pem"), &o)),
        ErrorCode::KeyTooWeak
    );
}

#[test]
fn errors_and_debug_never_show_key_material() {
    let pem = fixture("rsa2048.pkcs8.pem");
    let body_line = pem.lines().nth(3).unwrap().to_owned();
    let k = ok("rsa2048.pkcs8.pem");
    let dbg = format!("{k:?}");
    assert!(dbg.contains("redacted") && !dbg.contains(&body_line[..20]));
    let bad = pem.replacen(&body_line, &format!("!{}", &body_line[1..]), 1);
    let e = SigningKey::from_pem(&bad, &KeyOptions::default()).unwrap_err();
    assert!(!e.to_string().contains(&body_line[..20]));
    let secret = b"super-secret-value-0123456789abcdef";
    let hk = SigningKey::from_secret(secret, &KeyOptions::default()).unwrap();
    assert!(!format!("{hk:?}").contains("super-secret"));
    // A JWK with a broken private member: the message names no value.
    let jwk = serde_json::json!({"kty":"oct","k":"c3VwZXItc2VjcmV0!!!"});
    let e = SigningKey::from_jwk(&jwk, &KeyOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyInvalid);
    assert!(!e.to_string().contains("c3VwZXI"), "{e}");
}

#[test]
fn algorithm_follows_the_key() {
    let pem = fixture("rsa2048.pkcs8.pem");
    for alg in [
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
    ] {
        let k = SigningKey::from_pem(
            &pem,
            &KeyOptions {
                algorithm: Some(alg),
                key_id: None,
            },
        )
        .unwrap();
        assert_eq!(k.algorithm(), alg);
    }
    for alg in [Algorithm::Es256, Algorithm::Hs256, Algorithm::EdDsa] {
        let e = SigningKey::from_pem(
            &pem,
            &KeyOptions {
                algorithm: Some(alg),
                key_id: None,
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyUnsupported, "{alg}");
    }
}

#[test]
fn hmac_secrets() {
    let o = KeyOptions::default();
    assert_eq!(
        err_code(SigningKey::from_secret(b"short", &o)),
        ErrorCode::KeyTooWeak
    );
    assert_eq!(
        err_code(SigningKey::from_secret(&[7u8; 31], &o)),
        ErrorCode::KeyTooWeak
    );
    assert!(SigningKey::from_secret(&[7u8; 32], &o).is_ok());
    let hs512 = KeyOptions {
        algorithm: Some(Algorithm::Hs512),
        key_id: None,
    };
    assert_eq!(
        err_code(SigningKey::from_secret(&[7u8; 63], &hs512)),
        ErrorCode::KeyTooWeak
    );
    assert!(SigningKey::from_secret(&[7u8; 64], &hs512).is_ok());
    let pem = fixture("rsa2048.spki.pem");
    assert_eq!(
        err_code(SigningKey::from_secret(pem.as_bytes(), &o)),
        ErrorCode::KeyInvalid
    );
    assert_eq!(
        err_code(VerifyingKey::from_secret(
            format!("  \n{pem}").as_bytes(),
            &o
        )),
        ErrorCode::KeyInvalid
    );
    // HMAC keys get no default kid; an explicit one is kept.
    assert_eq!(
        SigningKey::from_secret(&[7u8; 32], &o).unwrap().key_id(),
        None
    );
    let with = KeyOptions {
        algorithm: None,
        key_id: Some("k1".into()),
    };
    assert_eq!(
        SigningKey::from_secret(&[7u8; 32], &with).unwrap().key_id(),
        Some("k1")
    );
}

#[test]
fn exports_round_trip() {
    for f in ["rsa2048.pkcs1.pem", "ec256.sec1.pem", "ed25519.pkcs8.pem"] {
        let k = ok(f);
        let pem = k.to_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let again = SigningKey::from_pem(&pem, &KeyOptions::default()).unwrap();
        assert_eq!(again.key_id(), k.key_id());
        let vk = k.verifying_key();
        let pub_pem = vk.to_pem().unwrap();
        assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        let jwk = vk.to_jwk().unwrap();
        assert_eq!(jwk["use"], "sig");
        assert_eq!(jwk["alg"], k.algorithm().name());
        assert_eq!(jwk["kid"], k.key_id().unwrap());
        assert!(jwk.get("d").is_none());
        let back = VerifyingKey::from_jwk(&jwk, &KeyOptions::default()).unwrap();
        assert_eq!(back.key_id(), k.key_id());
        let back = VerifyingKey::from_pem(&pub_pem, &KeyOptions::default()).unwrap();
        assert_eq!(back.key_id(), k.key_id());
    }
    // openssl's own SPKI equals ours.
    assert_eq!(
        ok("ed25519.pkcs8.pem").verifying_key().to_pem().unwrap(),
        fixture("ed25519.spki.pem")
    );
    assert_eq!(
        ok("rsa2048.pkcs8.pem").verifying_key().to_pem().unwrap(),
        fixture("rsa2048.spki.pem")
    );
    assert_eq!(
        ok("ec256.pkcs8.pem").verifying_key().to_pem().unwrap(),
        fixture("ec256.spki.pem")
    );
    assert_eq!(hmac().to_pem().unwrap_err().code(), ErrorCode::KeyUsage);
    assert_eq!(
        hmac().verifying_key().to_jwk().unwrap_err().code(),
        ErrorCode::KeyUsage
    );
}

#[test]
fn jwk_metadata_is_honoured() {
    let o = KeyOptions::default();
    let mut jwk = ok("ec256.pkcs8.pem").verifying_key().to_jwk().unwrap();
    jwk["use"] = "enc".into();
    assert_eq!(
        err_code(VerifyingKey::from_jwk(&jwk, &o)),
        ErrorCode::KeyUsage
    );
    jwk["use"] = "sig".into();
    jwk["key_ops"] = serde_json::json!(["sign"]);
    assert_eq!(
        err_code(VerifyingKey::from_jwk(&jwk, &o)),
        ErrorCode::KeyUsage
    );
    jwk["key_ops"] = serde_json::json!(["verify"]);
    assert!(VerifyingKey::from_jwk(&jwk, &o).is_ok());
    jwk["alg"] = "RS256".into();
    assert_eq!(
        err_code(VerifyingKey::from_jwk(&jwk, &o)),
        ErrorCode::KeyUnsupported
    );
    jwk["alg"] = "ES999".into();
    assert_eq!(
        err_code(VerifyingKey::from_jwk(&jwk, &o)),
        ErrorCode::KeyUnsupported
    );
    jwk["alg"] = "ES256".into();
    jwk["crv"] = "P-384".into();
    assert_eq!(
        err_code(VerifyingKey::from_jwk(&jwk, &o)),
        ErrorCode::KeyUnsupported
    );
    assert_eq!(
        err_code(VerifyingKey::from_jwk(
            &serde_json::json!({"kty":"XYZ"}),
            &o
        )),
        ErrorCode::KeyUnsupported
    );
    assert_eq!(
        err_code(VerifyingKey::from_jwk(
            &serde_json::json!({"kty":"RSA","e":"AQAB"}),
            &o
        )),
        ErrorCode::KeyInvalid
    );
    assert_eq!(
        err_code(VerifyingKey::from_jwk(&serde_json::json!([1]), &o)),
        ErrorCode::KeyInvalid
    );
    assert_eq!(
        err_code(SigningKey::from_jwk(&jwk, &o)),
        ErrorCode::KeyUsage
    );
    // A public JWK cannot sign.
    let pubjwk = ok("ed25519.pkcs8.pem").verifying_key().to_jwk().unwrap();
    assert_eq!(
        err_code(SigningKey::from_jwk(&pubjwk, &o)),
        ErrorCode::KeyUsage
    );
    // A JWK's kid wins over the thumbprint, keyId wins over both.
    let mut pubjwk = pubjwk;
    pubjwk["kid"] = "mine".into();
    assert_eq!(
        VerifyingKey::from_jwk(&pubjwk, &o).unwrap().key_id(),
        Some("mine")
    );
    let kid = KeyOptions {
        algorithm: None,
        key_id: Some("override".into()),
    };
    assert_eq!(
        VerifyingKey::from_jwk(&pubjwk, &kid).unwrap().key_id(),
        Some("override")
    );
}

#[test]
fn private_jwks_import() {
    let v = vector("4_1.rsa_v15_signature.json");
    let k = SigningKey::from_jwk(&v["input"]["key"], &KeyOptions::default()).unwrap();
    assert_eq!(k.key_id(), Some("bilbo.baggins@hobbiton.example"));
    let v = vector("rfc8037_ed25519.json");
    let k = SigningKey::from_jwk(&v["input"]["key"], &KeyOptions::default()).unwrap();
    assert_eq!(k.algorithm(), Algorithm::EdDsa);
    // RFC 8037 section A.3 thumbprint.
    assert_eq!(
        k.key_id(),
        Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    );
    let mut bad = v["input"]["key"].clone();
    bad["x"] = ok("ed25519.pkcs8.pem").verifying_key().to_jwk().unwrap()["x"].clone();
    assert_eq!(
        SigningKey::from_jwk(&bad, &KeyOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::KeyInvalid
    );
}

#[test]
fn generated_keys_work() {
    use rand_core::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    for alg in [
        Algorithm::Es256,
        Algorithm::EdDsa,
        Algorithm::Hs384,
        Algorithm::Ps256,
    ] {
        let k = SigningKey::generate(alg, &mut rng, &KeyOptions::default()).unwrap();
        assert_eq!(k.algorithm(), alg);
        let t = jws::sign_compact(&k, b"hello").unwrap();
        let vk = k.verifying_key();
        let (_, p) =
            sceyt_token::decision::verify_compact(&t, sceyt_token::Keys::One(&vk), None, 8192)
                .unwrap();
        assert_eq!(p, b"hello");
    }
}

#[test]
fn oversize_rsa_keys_are_unsupported_on_every_path() {
    // An 8192-bit modulus: refused by its size before the rsa crate parses it, whatever the
    // container, with the one message.
    let mut n = vec![0xc5u8; 1024];
    n[1023] |= 1;
    let e = [0x01, 0x00, 0x01];
    let filler = vec![0x35u8; 512];
    let expected = "RSA key has 8192 bits; at most 4096 are supported";
    let check = |what: &str, r: Result<()>| {
        let err = r.unwrap_err();
        assert_eq!(err.code(), ErrorCode::KeyUnsupported, "{what}");
        assert_eq!(err.message(), expected, "{what}");
    };
    let o = KeyOptions::default();

    let pkcs1_pub = seq(&[int(&n), int(&e)]);
    let mut bits = vec![0u8];
    bits.extend_from_slice(&pkcs1_pub);
    let spki = seq(&[rsa_algorithm_id(), tlv(0x03, &bits)]);
    let pem_of = |label: &str, der: &[u8]| keys::pem::encode(label, der);
    check(
        "SPKI PEM",
        VerifyingKey::from_pem(&pem_of("PUBLIC KEY", &spki), &o).map(drop),
    );
    check("SPKI DER", VerifyingKey::from_spki_der(&spki, &o).map(drop));
    check(
        "PKCS#1 public PEM",
        VerifyingKey::from_pem(&pem_of("RSA PUBLIC KEY", &pkcs1_pub), &o).map(drop),
    );
    let jwk = serde_json::json!({"kty": "RSA", "n": b64(&n), "e": b64(&e)});
    check("public JWK", VerifyingKey::from_jwk(&jwk, &o).map(drop));

    let pkcs1_priv = rsa_private_pkcs1(&n, &e, &filler);
    check(
        "PKCS#1 private PEM",
        SigningKey::from_pem(&pem_of("RSA PRIVATE KEY", &pkcs1_priv), &o).map(drop),
    );
    let pkcs8 = seq(&[
        vec![0x02, 0x01, 0x00],
        rsa_algorithm_id(),
        tlv(0x04, &pkcs1_priv),
    ]);
    check(
        "PKCS#8 PEM",
        SigningKey::from_pem(&pem_of("PRIVATE KEY", &pkcs8), &o).map(drop),
    );
    check(
        "private PEM as a verifying key",
        VerifyingKey::from_pem(&pem_of("PRIVATE KEY", &pkcs8), &o).map(drop),
    );
    check(
        "PKCS#8 DER",
        SigningKey::from_pkcs8_der(&pkcs8, &o).map(drop),
    );
    let mut private_jwk = jwk.clone();
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        private_jwk[m] = b64(&filler).into();
    }
    check(
        "private JWK",
        SigningKey::from_jwk(&private_jwk, &o).map(drop),
    );
    // In a JWKS an oversize key is skipped (unsupported), not an error.
    let set = KeySet::from_jwks(&serde_json::json!({ "keys": [jwk] })).unwrap();
    assert!(set.keys().is_empty());
    assert_eq!(set.skipped(), [format!("key 0: {expected}")]);
}

#[test]
fn a_weak_rsa_key_gets_the_size_rule_message() {
    let e =
        SigningKey::from_pem(&fixture("rsa1024.pkcs8.pem"), &KeyOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyTooWeak);
    assert_eq!(
        e.message(),
        "RSA key has 1024 bits; at least 2048 are required"
    );
}

#[test]
fn one_key_id_rule_for_the_option_and_the_jwk_member() {
    let accepted = ["k".to_owned(), "k".repeat(256), "ключ-1".to_owned()];
    let refused = [
        String::new(),
        "k".repeat(257),
        "é".repeat(129), // 129 characters, 258 bytes: the limit counts bytes
        "a\u{7f}b".to_owned(),
        "a\nb".to_owned(),
    ];
    let pem = fixture("ec256.pkcs8.pem");
    let public = ok("ec256.pkcs8.pem").verifying_key().to_jwk().unwrap();
    let private = serde_json::json!({
        "kty": "oct",
        "k": b64(&[7u8; 32]),
    });
    let opt = |kid: &str| KeyOptions {
        algorithm: None,
        key_id: Some(kid.to_owned()),
    };
    let with_kid = |jwk: &serde_json::Value, kid: &str| {
        let mut j = jwk.clone();
        j["kid"] = kid.into();
        j
    };
    let d = KeyOptions::default();
    for kid in &accepted {
        assert_eq!(
            SigningKey::from_pem(&pem, &opt(kid)).unwrap().key_id(),
            Some(kid.as_str())
        );
        assert_eq!(
            VerifyingKey::from_pem(&pem, &opt(kid)).unwrap().key_id(),
            Some(kid.as_str())
        );
        let v = VerifyingKey::from_jwk(&with_kid(&public, kid), &d).unwrap();
        assert_eq!(v.key_id(), Some(kid.as_str()));
        let s = SigningKey::from_jwk(&with_kid(&private, kid), &d).unwrap();
        assert_eq!(s.key_id(), Some(kid.as_str()));
    }
    let option_message = "keyId must be 1 to 256 characters without control characters";
    let jwk_message = "JWK \"kid\" must be 1 to 256 characters without control characters";
    for kid in &refused {
        for e in [
            SigningKey::from_pem(&pem, &opt(kid)).unwrap_err(),
            VerifyingKey::from_pem(&pem, &opt(kid)).unwrap_err(),
            SigningKey::from_secret(&[7u8; 32], &opt(kid)).unwrap_err(),
        ] {
            assert_eq!(e.code(), ErrorCode::InvalidArgument, "{kid:?}");
            assert_eq!(e.message(), option_message);
        }
        for e in [
            VerifyingKey::from_jwk(&with_kid(&public, kid), &d).unwrap_err(),
            SigningKey::from_jwk(&with_kid(&private, kid), &d).unwrap_err(),
        ] {
            assert_eq!(e.code(), ErrorCode::KeyInvalid, "{kid:?}");
            assert_eq!(e.message(), jwk_message);
        }
    }
}

#[test]
fn signing_and_verifying_keys_get_algorithm_and_kid_from_one_assembly() {
    let pem = fixture("rsa2048.pkcs8.pem");
    let spki = fixture("rsa2048.spki.pem");
    let o = |alg: Option<Algorithm>, kid: Option<&str>| KeyOptions {
        algorithm: alg,
        key_id: kid.map(str::to_owned),
    };
    // A signing key's algorithm is always declared; its verifying key carries it.
    let s = SigningKey::from_pem(&pem, &o(None, None)).unwrap();
    assert_eq!(s.algorithm(), Algorithm::Rs256);
    assert!(s.verifying_key().has_declared_algorithm());
    let s = SigningKey::from_pem(&pem, &o(Some(Algorithm::Ps384), Some("a"))).unwrap();
    let v = s.verifying_key();
    assert_eq!((v.algorithm(), v.key_id()), (Algorithm::Ps384, Some("a")));
    assert!(!v.accepts(Algorithm::Rs256));
    // A verifying key from a public PEM declares nothing unless told.
    let v = VerifyingKey::from_pem(&spki, &o(None, None)).unwrap();
    assert!(!v.has_declared_algorithm());
    assert!(v.accepts(Algorithm::Rs256) && v.accepts(Algorithm::Ps512));
    assert_eq!(
        v.key_id(),
        SigningKey::from_pem(&pem, &o(None, None)).unwrap().key_id()
    );
    let v = VerifyingKey::from_pem(&spki, &o(Some(Algorithm::Ps256), Some("b"))).unwrap();
    assert_eq!((v.algorithm(), v.key_id()), (Algorithm::Ps256, Some("b")));
    assert!(v.has_declared_algorithm());
    // A private PEM read as a verifying key takes the signing key's declared algorithm.
    assert!(VerifyingKey::from_pem(&pem, &o(None, None))
        .unwrap()
        .has_declared_algorithm());
    // An algorithm of another kind is refused by both, with the same error.
    let es = o(Some(Algorithm::Es256), None);
    let a = SigningKey::from_pem(&pem, &es).unwrap_err();
    let b = VerifyingKey::from_pem(&spki, &es).unwrap_err();
    assert_eq!(a.code(), ErrorCode::KeyUnsupported);
    assert_eq!((a.code(), a.message()), (b.code(), b.message()));
    // A JWK's alg is the declared algorithm for both; the option wins over it.
    let mut jwk = ok("ed25519.pkcs8.pem").verifying_key().to_jwk().unwrap();
    jwk["alg"] = "EdDSA".into();
    assert!(VerifyingKey::from_jwk(&jwk, &o(None, None))
        .unwrap()
        .has_declared_algorithm());
    let oct = serde_json::json!({"kty": "oct", "k": b64(&[9u8; 64]), "alg": "HS512"});
    assert_eq!(
        SigningKey::from_jwk(&oct, &o(None, None))
            .unwrap()
            .algorithm(),
        Algorithm::Hs512
    );
    assert_eq!(
        SigningKey::from_jwk(&oct, &o(Some(Algorithm::Hs256), None))
            .unwrap()
            .algorithm(),
        Algorithm::Hs256
    );
    assert_eq!(
        VerifyingKey::from_jwk(&oct, &o(None, None))
            .unwrap()
            .algorithm(),
        Algorithm::Hs512
    );
}

/// The certificate walk (src/keys/parse.rs `certificate_spki`) against x509-cert's full parser:
/// on the fixture and on 3,000 certificates with one byte changed, whenever x509-cert parses the
/// certificate, the key read from it is the key of the SPKI x509-cert finds (the walk may accept
/// more: the certificate itself is not checked, only the way to its key).
#[test]
fn certificate_key_agrees_with_a_full_x509_parser() {
    use x509_cert::der::{Decode, Encode};
    let pem = fixture("rsa2048.cert.pem");
    let der = sceyt_token::keys::pem::decode(&pem).unwrap().der;
    let reference = |der: &[u8]| -> Option<Vec<u8>> {
        let cert = x509_cert::Certificate::from_der(der).ok()?;
        cert.tbs_certificate.subject_public_key_info.to_der().ok()
    };
    let ours = |der: &[u8]| -> Option<Vec<u8>> {
        let text = sceyt_token::keys::pem::encode("CERTIFICATE", der);
        VerifyingKey::from_pem(&text, &KeyOptions::default())
            .ok()
            .map(|k| k.to_spki_der().unwrap())
    };
    let want = VerifyingKey::from_spki_der(&reference(&der).unwrap(), &KeyOptions::default())
        .unwrap()
        .to_spki_der()
        .unwrap();
    assert_eq!(ours(&der), Some(want));
    let (mut both, mut only_ours, mut neither) = (0, 0, 0);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut m = der.clone();
        let at = (state as usize) % m.len();
        m[at] = (state >> 32) as u8;
        match (reference(&m), ours(&m)) {
            (Some(spki), got) => {
                // x509-cert parsed it: ours reads the same key, or refuses the key x509-cert did not check.
                let theirs = VerifyingKey::from_spki_der(&spki, &KeyOptions::default())
                    .ok()
                    .map(|k| k.to_spki_der().unwrap());
                assert_eq!(got, theirs, "byte {at}");
                both += 1;
            }
            (None, Some(_)) => only_ours += 1,
            (None, None) => neither += 1,
        }
    }
    assert!(
        both > 1000 && neither > 50,
        "{both} both, {only_ours} ours only, {neither} neither"
    );
}
