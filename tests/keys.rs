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
