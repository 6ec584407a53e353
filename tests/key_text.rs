//! Keys from any text (src/keys/text.rs, the one reader; issue 23's first-hour friction points), in
//! the core: every form a key is pasted in, messages that say what to do (a `Bearer ` prefix,
//! surrounding whitespace, a twice-escaped PEM), and a report that explains a key that does not
//! load instead of failing.
#![cfg(not(target_arch = "wasm32"))]
mod common;
use common::*;
use sceyt_token::inspect::{inspect, InspectOptions, Status, Verdict};
use sceyt_token::keys::text::{describe, from_text, KeyFormat, KeyText};
use sceyt_token::*;

fn one(t: KeyText) -> VerifyingKey {
    match t {
        OneOrSet::One(k) => k,
        OneOrSet::Set(_) => panic!("expected one key"),
    }
}

fn std_b64(s: &str) -> String {
    use base64ct::{Base64, Encoding};
    Base64::encode_string(s.as_bytes())
}

#[test]
fn one_reader_for_every_key_text() {
    let sk = signing("rsa2048.pkcs8.pem");
    let kid = sk.key_id().unwrap().to_owned();
    let spki = sk.verifying_key().to_pem().unwrap();
    let jwk = sk.verifying_key().to_jwk().unwrap();
    let jwks = serde_json::json!({ "keys": [jwk.clone()] }).to_string();
    for (what, text) in [
        ("SPKI PEM", spki.clone()),
        ("private PEM", fixture("rsa2048.pkcs8.pem")),
        ("PKCS#1 PEM", fixture("rsa2048.pkcs1pub.pem")),
        ("certificate", fixture("rsa2048.cert.pem")),
        ("JWK text", jwk.to_string()),
        ("PEM with \\n escapes (env var)", spki.replace('\n', "\\n")),
        ("base64 of the PEM", std_b64(&spki)),
        ("base64 of the PEM, wrapped at 76", {
            let b = std_b64(&spki);
            b.as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        }),
        ("base64url of the PEM, unpadded", b64(spki.as_bytes())),
        ("base64 of the JWK", std_b64(&jwk.to_string())),
        ("surrounded by blanks", format!("\n  {spki}  \n")),
    ] {
        let k = one(from_text(&text).unwrap_or_else(|e| panic!("{what}: {}", e.message())));
        assert_eq!(k.key_id(), Some(kid.as_str()), "{what}");
    }
    match from_text(&jwks).unwrap() {
        OneOrSet::Set(s) => assert_eq!(s.keys().len(), 1),
        OneOrSet::One(_) => panic!("a JWKS is a set"),
    }
    match from_text(&std_b64(&jwks)).unwrap() {
        OneOrSet::Set(s) => assert_eq!(s.keys().len(), 1),
        OneOrSet::One(_) => panic!("a base64 JWKS is a set"),
    }
}

#[test]
fn the_reader_says_what_a_key_text_is_without_loading_it() {
    let sk = signing("rsa2048.pkcs8.pem");
    let spki = sk.verifying_key().to_pem().unwrap();
    let public_jwk = sk.verifying_key().to_jwk().unwrap();
    // A private member (describing reads no key: it need not load).
    let mut private_jwk = public_jwk.clone();
    private_jwk["d"] = "AAAA".into();
    let jwks = |k: &serde_json::Value| serde_json::json!({ "keys": [k] }).to_string();
    let oct = r#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}"#;
    use KeyFormat::{Jwk, Jwks, Pem};
    for (what, text, format, private, base64) in [
        ("SPKI PEM", spki.clone(), Pem, false, false),
        ("PKCS#8 PEM", fixture("rsa2048.pkcs8.pem"), Pem, true, false),
        (
            "PKCS#1 private PEM",
            fixture("rsa2048.pkcs1.pem"),
            Pem,
            true,
            false,
        ),
        ("SEC1 PEM", fixture("ec256.sec1.pem"), Pem, true, false),
        (
            "PKCS#1 public PEM",
            fixture("rsa2048.pkcs1pub.pem"),
            Pem,
            false,
            false,
        ),
        (
            "certificate",
            fixture("rsa2048.cert.pem"),
            Pem,
            false,
            false,
        ),
        (
            "escaped private PEM",
            fixture("rsa2048.pkcs8.pem").replace('\n', "\\n"),
            Pem,
            true,
            false,
        ),
        (
            "base64 private PEM",
            std_b64(&fixture("rsa2048.pkcs8.pem")),
            Pem,
            true,
            true,
        ),
        ("public JWK", public_jwk.to_string(), Jwk, false, false),
        ("private JWK", private_jwk.to_string(), Jwk, true, false),
        (
            "oct JWK (a secret, not a private key)",
            oct.to_owned(),
            Jwk,
            false,
            false,
        ),
        ("public JWKS", jwks(&public_jwk), Jwks, false, false),
        (
            "JWKS with a private key",
            jwks(&private_jwk),
            Jwks,
            true,
            false,
        ),
        (
            "base64 JWK",
            std_b64(&public_jwk.to_string()),
            Jwk,
            false,
            true,
        ),
        (
            "base64 JWKS",
            std_b64(&jwks(&private_jwk)),
            Jwks,
            true,
            true,
        ),
        // Described, though it will not load: describing reads no key.
        (
            "PEM armour around nothing",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----".to_owned(),
            Pem,
            true,
            false,
        ),
    ] {
        let info = describe(&text).unwrap_or_else(|e| panic!("{what}: {}", e.message()));
        assert_eq!(
            (info.format, info.private, info.base64),
            (format, private, base64),
            "{what}"
        );
        // The format is the one from_text loads: a set for a JWKS, one key for the others.
        if let Ok(loaded) = from_text(&text) {
            assert_eq!(matches!(loaded, OneOrSet::Set(_)), format == Jwks, "{what}");
        }
    }
    // Text that is none of the formats fails as from_text fails, with its message.
    for text in ["", "hello world", "{\"kty\":", "c2VjcmV0LXZhbHVl"] {
        let d = describe(text).unwrap_err();
        let f = from_text(text).map(drop).unwrap_err();
        assert_eq!((d.code(), d.message()), (f.code(), f.message()), "{text:?}");
    }
}

#[test]
fn key_text_that_is_not_a_key_says_what_was_expected() {
    for (text, needle) in [
        ("", "empty"),
        ("   \n", "empty"),
        ("hello world", "expected PEM text"),
        ("c2VjcmV0LXZhbHVl", "expected PEM text"), // base64 of "secret-value": not a key
        ("{\"kty\":", "JSON"),
        (
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "SubjectPublicKeyInfo",
        ),
    ] {
        let e = from_text(text).map(drop).unwrap_err();
        assert!(
            matches!(e.code(), ErrorCode::KeyInvalid | ErrorCode::KeyUnsupported),
            "{text:?}: {}",
            e.message()
        );
        assert!(e.message().contains(needle), "{text:?}: {}", e.message());
        assert!(!e.message().contains("c2VjcmV0"), "{}", e.message());
    }
}

#[test]
fn a_twice_escaped_pem_gets_a_message_that_says_what_to_do() {
    let spki = signing("rsa2048.pkcs8.pem")
        .verifying_key()
        .to_pem()
        .unwrap();
    let twice = spki.replace('\n', "\\\\n");
    let e = VerifyingKey::from_pem(&twice, &KeyOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyInvalid);
    assert!(e.message().contains("escaped twice"), "{}", e.message());
    assert!(e.message().contains("JSON.parse"), "{}", e.message());
    let e = from_text(&twice).map(drop).unwrap_err();
    assert!(e.message().contains("escaped twice"), "{}", e.message());
}

#[test]
fn a_bearer_prefix_and_surrounding_whitespace_get_messages_that_say_what_to_do() {
    let key = signing("rsa2048.pkcs8.pem");
    let t = issuer(&key)
        .issue(NOW, "user-42", &IssueOptions::default())
        .unwrap();
    let v = verifier(&key.verifying_key());
    assert!(v.verify(&t, NOW + 1).is_ok());
    for (token, needle) in [
        (format!("Bearer {t}"), "Bearer"),
        (format!("bearer {t}"), "Bearer"),
        (format!("{t}\n"), "whitespace"),
        (format!(" {t}"), "whitespace"),
        (format!("{t}\r\n"), "whitespace"),
    ] {
        let e = v.verify(&token, NOW + 1).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TokenMalformed, "{token:?}");
        assert!(e.message().contains(needle), "{token:?}: {}", e.message());
        assert!(
            e.message().contains("trim") || e.message().contains("strip"),
            "{}",
            e.message()
        );
        // The report says the same.
        let r = inspect(&token, NOW + 1, &InspectOptions::default());
        assert!(r.summary.contains(needle), "{}", r.summary);
    }
}

#[test]
fn a_key_that_does_not_load_is_a_check_in_the_report_not_a_failure() {
    let key = signing("rsa2048.pkcs8.pem");
    let t = issuer(&key)
        .issue(NOW, "user-42", &IssueOptions::default())
        .unwrap();
    let key_error = from_text("not a key at all").map(drop).unwrap_err();
    let r = inspect(
        &t,
        NOW + 1,
        &InspectOptions {
            key_error: Some(key_error.clone()),
            ..Default::default()
        },
    );
    assert_eq!(r.verdict, Verdict::Unverified);
    assert_eq!(r.code, Some("ERR_KEY_INVALID"));
    assert!(r.summary.contains("could not be checked"), "{}", r.summary);
    assert!(r.summary.contains("key failed to load"), "{}", r.summary);
    let key_line = r.checks.iter().find(|c| c.check == "key").unwrap();
    assert_eq!(key_line.status, Status::Fail);
    assert_eq!(key_line.message, key_error.message());
    let sig = r.checks.iter().find(|c| c.check == "signature").unwrap();
    assert_eq!(sig.status, Status::Skip);
    assert!(
        sig.message.contains("could not be loaded"),
        "{}",
        sig.message
    );
    // Without a key error: no key line, and the plain "no key given" report.
    let r = inspect(&t, NOW + 1, &InspectOptions::default());
    assert!(r.checks.iter().all(|c| c.check != "key"));
    assert_eq!(r.code, None);
    // A token that fails on its own still fails (the key's problem does not hide it).
    let r = inspect(
        "a.b",
        NOW,
        &InspectOptions {
            key_error: Some(key_error),
            ..Default::default()
        },
    );
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(r.code, Some("ERR_TOKEN_MALFORMED"));
}
