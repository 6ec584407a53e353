//! The one decision, step by step: candidates whose signature shape cannot fit never reach a
//! primitive, the verified value names the key that verified, the verified header is the text that
//! was signed, and each `begin` error belongs to its stage.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::decision::{self, Stage};
use sceyt_token::*;

fn secret(n: u8) -> SigningKey {
    SigningKey::from_secret(
        &[n; 32],
        &KeyOptions {
            algorithm: None,
            key_id: None,
        },
    )
    .unwrap()
}

#[test]
fn misfit_signatures_never_reach_the_primitive() {
    let key = signing("rsa2048.pkcs8.pem");
    let vk = key.verifying_key();
    let good = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let (input, sig) = good.rsplit_once('.').unwrap();
    let mut calls = 0;
    // A signature one byte short of the modulus: rejected without a primitive call.
    let short = format!("{input}.{}", b64(&unb64(sig)[1..]));
    let r = decision::begin(Keys::One(&vk), &short, None, 8192, true)
        .unwrap()
        .decide_with(|r| {
            calls += 1;
            decision::rust_primitive(r)
        });
    assert_eq!(r.unwrap_err().code(), ErrorCode::SignatureInvalid);
    assert_eq!(calls, 0, "a misfit signature reached the primitive");
    // The full-length signature does reach it, once.
    let r = decision::begin(Keys::One(&vk), &good, None, 8192, true)
        .unwrap()
        .decide_with(|r| {
            calls += 1;
            decision::rust_primitive(r)
        });
    assert!(r.is_ok());
    assert_eq!(calls, 1);
}

#[test]
fn the_verified_value_names_its_key_and_carries_the_signed_header() {
    let keys: Vec<SigningKey> = (1..=3).map(secret).collect();
    let set = KeySet::new(keys.iter().map(SigningKey::verifying_key).collect());
    let header = r#"{"alg":"HS256","typ":"JWT","x":1}"#;
    for (i, k) in keys.iter().enumerate() {
        let t = forge(k, header, &claims_json(NOW, NOW + 3600));
        let o = decision::verify_with(
            Keys::Set(&set),
            &t,
            NOW,
            &VerifyOptions::default(),
            decision::rust_primitive,
        );
        let v = o.result.unwrap();
        assert_eq!(v.key_index, i, "token of key {i}");
        assert_eq!(o.key_index, Some(i));
        assert_eq!(v.raw_header, header);
        assert_eq!(v.header["x"], 1);
        assert_eq!(v.header["alg"], "HS256");
        let signed = decision::begin(Keys::Set(&set), &t, None, 8192, true)
            .unwrap()
            .decide_with(decision::rust_primitive)
            .unwrap();
        assert_eq!(signed.key_index(), i);
        assert_eq!(signed.header().raw(), header);
        assert_eq!(signed.header().json()["typ"], "JWT");
    }
}

#[test]
fn begin_errors_belong_to_their_stage() {
    let key = hmac();
    let vk = key.verifying_key();
    let with_kid = SigningKey::from_secret(
        b"0123456789abcdef0123456789abcdef",
        &KeyOptions {
            algorithm: None,
            key_id: Some("k1".into()),
        },
    )
    .unwrap();
    let set = KeySet::new(vec![with_kid.verifying_key()]);
    let unknown_kid = forge(
        &key,
        r#"{"alg":"HS256","kid":"nope"}"#,
        &claims_json(NOW, NOW + 3600),
    );
    let cases: Vec<(&str, String, Keys<'_>, ErrorCode, Stage)> = vec![
        (
            "alg none",
            format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(b"{}")),
            Keys::One(&vk),
            ErrorCode::AlgNotAllowed,
            Stage::Algorithm,
        ),
        (
            "unknown kid",
            unknown_kid,
            Keys::Set(&set),
            ErrorCode::KeyNotFound,
            Stage::Algorithm,
        ),
        (
            "two parts",
            "a.b".into(),
            Keys::One(&vk),
            ErrorCode::TokenMalformed,
            Stage::Structure,
        ),
    ];
    for (name, token, keys, code, stage) in cases {
        let o = decision::verify_with(
            keys,
            &token,
            NOW,
            &VerifyOptions::default(),
            decision::rust_primitive,
        );
        assert_eq!(o.result.unwrap_err().code(), code, "{name}");
        assert_eq!(o.stage, stage, "{name}");
    }
    assert_eq!(
        decision::stage_of_begin_error(&decision::bad_signature(Algorithm::Hs256)),
        Stage::Signature
    );
}

#[test]
fn segment_and_crit_messages() {
    let e = jws::decode_segment("ab cd").unwrap_err();
    assert_eq!(e, "contains whitespace");
    let e = jws::decode_segment("ab\u{7f}cd").unwrap_err();
    assert!(e.starts_with("contains '\\u{7f}'"), "{e}");
    let e = jws::parse_header(br#"{"alg":"HS256","crit":["b64"],"b64":false}"#).unwrap_err();
    assert_eq!(
        e.message(),
        "header \"crit\" lists \"b64\", an extension this verifier does not understand"
    );
    let e = jws::parse_header(br#"{"alg":"HS256","crit":[]}"#).unwrap_err();
    assert_eq!(e.message(), "header \"crit\" must be a non-empty array");
    // The length limit is inclusive: a token of exactly max_len bytes is split, one more is not.
    let token = format!("{}.{}.{}", "a".repeat(10), "b".repeat(10), "c".repeat(10));
    assert!(jws::split(&token, token.len()).is_ok());
    let e = jws::split(&token, token.len() - 1).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenTooLarge);
    assert_eq!(e.message(), "token is 32 bytes, more than the 31 allowed");
    // Five segments: named as the JWE it is; four: a plain malformed token.
    let e = jws::split("a.b.c.d.e", 100).unwrap_err();
    assert!(e.message().contains("encrypted JWE"), "{}", e.message());
    let e = jws::split("a.b.c.d", 100).unwrap_err();
    assert!(!e.message().contains("JWE"), "{}", e.message());
}

#[test]
fn verifier_options_are_checked() {
    let vk = hmac().verifying_key();
    let make = |o: VerifyOptions| Verifier::new(KeySource::One(vk.clone()), o);
    let v = make(VerifyOptions {
        clock_tolerance: 30,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(v.options().clock_tolerance, 30);
    for (name, o, msg) in [
        (
            "negative tolerance",
            VerifyOptions {
                clock_tolerance: -1,
                ..Default::default()
            },
            "clockTolerance must not be negative",
        ),
        (
            "empty allow-list",
            VerifyOptions {
                algorithms: Some(vec![]),
                ..Default::default()
            },
            "algorithms must list at least one algorithm",
        ),
        (
            "empty application id",
            VerifyOptions {
                application_id: Some(String::new()),
                ..Default::default()
            },
            "applicationId must be a non-empty string",
        ),
    ] {
        let e = make(o).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{name}");
        assert_eq!(e.message(), msg, "{name}");
    }
}

/// `seal`: the outcome of the last candidate is computed before the answer and released only by
/// `true`; `false` is the bad-signature error even when the claims would fail; with another
/// candidate left there is nothing to seal. Compared with `decide_with` on the same tokens.
#[test]
fn a_sealed_outcome_opens_only_with_true_and_a_bad_signature_wins() {
    let key = signing("rsa2048.pkcs8.pem");
    let vk = key.verifying_key();
    let opts = VerifyOptions::default();
    let fresh = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    // Valid signature, claims fine / claims failing (checked 7 h later: expired).
    for (at, want) in [
        (NOW + 1, None),
        (NOW + 7 * 3600, Some(ErrorCode::TokenExpired)),
    ] {
        let mut conclusions = 0;
        let sealed = decision::begin(Keys::One(&vk), &fresh, None, 8192, true)
            .unwrap()
            .seal(|signed| {
                conclusions += 1;
                signed.check_claims(at, &opts)
            })
            .unwrap();
        assert_eq!(
            conclusions, 1,
            "the claims are checked when sealing, before the answer"
        );
        assert_eq!(sealed.algorithm(), Algorithm::Rs256);
        let direct = decision::begin(Keys::One(&vk), &fresh, None, 8192, true)
            .unwrap()
            .decide_with(decision::rust_primitive)
            .and_then(|s| s.check_claims(at, &opts));
        let opened = sealed.open(true);
        assert_eq!(opened.as_ref().err().map(Error::code), want);
        assert_eq!(
            opened.as_ref().err().map(Error::code),
            direct.as_ref().err().map(Error::code)
        );
        if let (Ok(a), Ok(b)) = (&opened, &direct) {
            assert_eq!(a.raw_claims, b.raw_claims);
        }
        // The same seal opened with `false`: the bad signature wins over the claims' verdict.
        let e = decision::begin(Keys::One(&vk), &fresh, None, 8192, true)
            .unwrap()
            .seal(|signed| signed.check_claims(at, &opts))
            .unwrap()
            .open(false)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureInvalid);
        assert_eq!(
            e.to_string(),
            decision::bad_signature(Algorithm::Rs256).to_string()
        );
    }
    // Two HMAC keys without kid: two candidates, nothing to seal (the caller decides instead).
    let a = secret(1);
    let set = KeySet::new(vec![a.verifying_key(), secret(2).verifying_key()]);
    let t = forge(&a, r#"{"alg":"HS256"}"#, &claims_json(NOW, NOW + 3600));
    let mut p = decision::begin(Keys::Set(&set), &t, None, 8192, true).unwrap();
    assert!(!p.sealable(), "sealable with two candidates left");
    // Once the first candidate has answered `false`, the second is the last: it seals.
    let _ = p.next_request();
    p.answer(Answer::Invalid);
    assert!(p.sealable());
    assert_eq!(
        p.seal(|s| Ok(s.key_index())).unwrap().open(true).unwrap(),
        1
    );
    // A misfit signature leaves no candidate: nothing to seal either.
    let (input, sig) = fresh.rsplit_once('.').unwrap();
    let short = format!("{input}.{}", b64(&unb64(sig)[1..]));
    let mut p = decision::begin(Keys::One(&vk), &short, None, 8192, true).unwrap();
    assert!(!p.sealable());
    assert!(p.seal(|_| Ok(())).is_none());
}
