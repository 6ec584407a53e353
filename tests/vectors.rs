//! RFC 7520 section 4 and RFC 8037 vectors at the JWS level (their payloads are prose).
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::{Algorithm, KeyOptions, SigningKey, VerifyingKey};

fn check(file: &str, deterministic: bool) {
    let v = vector(file);
    let key_json = &v["input"]["key"];
    let alg = Algorithm::from_name(v["input"]["alg"].as_str().unwrap()).unwrap();
    let opts = KeyOptions {
        algorithm: Some(alg),
        key_id: None,
    };
    let compact = v["output"]["compact"].as_str().unwrap();
    let vk = VerifyingKey::from_jwk(key_json, &opts).unwrap();
    let (header, payload) = sceyt_token::decision::verify_compact(
        compact,
        sceyt_token::Keys::One(&vk),
        Some(&[alg]),
        8192,
    )
    .unwrap();
    assert_eq!(header.alg(), alg.name());
    assert_eq!(
        String::from_utf8(payload).unwrap(),
        v["input"]["payload"].as_str().unwrap()
    );
    if deterministic {
        let sk = SigningKey::from_jwk(key_json, &opts).unwrap();
        let input = v["signing"]["sig-input"].as_str().unwrap();
        let sig = sk.sign(input.as_bytes()).unwrap();
        assert_eq!(
            b64(&sig),
            v["signing"]["sig"].as_str().unwrap(),
            "{file}: signature differs"
        );
    }
    // Any change to the signature is refused.
    let mut bad = compact.to_owned();
    let last = bad.pop().unwrap();
    bad.push(if last == 'A' { 'B' } else { 'A' });
    let e = sceyt_token::decision::verify_compact(
        &bad,
        sceyt_token::Keys::One(&vk),
        Some(&[alg]),
        8192,
    )
    .unwrap_err();
    assert!(
        matches!(
            e.code(),
            sceyt_token::ErrorCode::SignatureInvalid | sceyt_token::ErrorCode::TokenMalformed
        ),
        "{e}"
    );
}

#[test]
fn rfc7520_4_1_rs256_signs_byte_for_byte() {
    check("4_1.rsa_v15_signature.json", true);
}

#[test]
fn rfc7520_4_2_ps384_verifies() {
    check("4_2.rsa-pss_signature.json", false);
}

#[test]
fn rfc7520_4_4_hs256_signs_byte_for_byte() {
    check("4_4.hmac-sha2_integrity_protection.json", true);
}

#[test]
fn rfc8037_eddsa_signs_byte_for_byte() {
    check("rfc8037_ed25519.json", true);
}

#[test]
fn rfc7520_4_3_es512_is_refused_as_unsupported() {
    let v = vector("4_3.ecdsa_signature.json");
    let e = VerifyingKey::from_jwk(&v["input"]["key"], &KeyOptions::default()).unwrap_err();
    assert_eq!(e.code(), sceyt_token::ErrorCode::KeyUnsupported);
    assert!(e.message().contains("P-521"), "{}", e.message());
}

#[test]
fn rfc7520_4_1_key_thumbprint_matches_rfc7638_style() {
    // RFC 7638 section 3.1 example key and thumbprint.
    let jwk = serde_json::json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    let vk = VerifyingKey::from_jwk(&jwk, &KeyOptions::default()).unwrap();
    assert_eq!(vk.key_id(), Some("2011-04-29"));
    let jwk_no_kid = serde_json::json!({"kty": "RSA", "n": jwk["n"], "e": "AQAB"});
    let vk = VerifyingKey::from_jwk(&jwk_no_kid, &KeyOptions::default()).unwrap();
    assert_eq!(
        vk.key_id(),
        Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    );
}
