//! The one decision, step by step: candidates whose signature shape cannot fit never reach a
//! primitive, the verified value names the key that verified, the verified header is the text that
//! was signed, and each `begin` error belongs to its stage.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::decision::{self, Stage};
use sceyt_token::primitive;
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
    // A signature one byte short of the modulus: rejected without a primitive call.
    let short = format!("{input}.{}", b64(&unb64(sig)[1..]));
    let leaf = Scripted::new(Answer::Failed);
    let r = decision::begin(Keys::One(&vk), &short, None, 8192, true)
        .unwrap()
        .decide(&leaf);
    assert_eq!(r.unwrap_err().code(), ErrorCode::SignatureInvalid);
    assert_eq!(
        leaf.calls.get(),
        0,
        "a misfit signature reached the primitive"
    );
    // The full-length signature does reach it, once.
    let r = decision::begin(Keys::One(&vk), &good, None, 8192, true)
        .unwrap()
        .decide(&leaf);
    assert!(r.is_ok());
    assert_eq!(leaf.calls.get(), 1);
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
            &primitive::Pure,
        );
        let v = o.result.unwrap();
        assert_eq!(v.key_index, i, "token of key {i}");
        assert_eq!(o.key_index, Some(i));
        assert_eq!(v.raw_header, header);
        assert_eq!(v.header["x"], 1);
        assert_eq!(v.header["alg"], "HS256");
        let signed = decision::begin(Keys::Set(&set), &t, None, 8192, true)
            .unwrap()
            .decide(&primitive::Pure)
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
            &primitive::Pure,
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

/// A leaf that answers what it is told, counting its calls (sync and async alike).
struct Scripted {
    answer: Answer,
    calls: std::cell::Cell<u32>,
}

impl Scripted {
    fn new(answer: Answer) -> Self {
        Scripted {
            answer,
            calls: std::cell::Cell::new(0),
        }
    }
}

impl primitive::Primitive<()> for Scripted {
    fn verify(&self, _: &(), _: &primitive::VerifyInput<'_>) -> Answer {
        self.calls.set(self.calls.get() + 1);
        self.answer
    }
    fn sign(&self, _: &(), _: &primitive::SignInput<'_>) -> Option<Vec<u8>> {
        self.calls.set(self.calls.get() + 1);
        None
    }
}

impl primitive::AsyncPrimitive<()> for Scripted {
    async fn verify(&self, h: &(), i: &primitive::VerifyInput<'_>) -> Answer {
        primitive::Primitive::verify(self, h, i)
    }
    async fn sign(&self, h: &(), i: &primitive::SignInput<'_>) -> Option<Vec<u8>> {
        primitive::Primitive::sign(self, h, i)
    }
}

/// Runs a future whose leaves answer at once (no executor needed: one poll).
fn now<T>(f: impl std::future::Future<Output = T>) -> T {
    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Noop));
    let mut cx = std::task::Context::from_waker(&waker);
    match std::future::Future::poll(std::pin::pin!(f), &mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("a leaf that answers at once left the driver pending"),
    }
}

/// The two drivers: a leaf's `true` and `false` are final; `Failed` makes the pure-Rust primitive
/// decide on the same bytes; a misfit never reaches a leaf; sync and async agree on every case,
/// with the same number of leaf calls.
#[test]
fn the_two_drivers_agree_and_a_failure_falls_back_to_pure() {
    let key = signing("rsa2048.pkcs8.pem");
    let vk = key.verifying_key();
    let good = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let other = issuer(&signing("rsa3072.pkcs8.pem"))
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let (input, _) = good.rsplit_once('.').unwrap();
    let (_, other_sig) = other.rsplit_once('.').unwrap();
    // Same length as a 2048-bit signature, but wrong: the 3072-bit one cut to 256 bytes.
    let wrong = format!("{input}.{}", b64(&unb64(other_sig)[..256]));
    let cases = [
        (&good, Answer::Valid, true, 1),
        (&good, Answer::Invalid, false, 1),
        (&good, Answer::Failed, true, 1),
        (&wrong, Answer::Failed, false, 1),
        (&wrong, Answer::Valid, true, 1),
    ];
    for (token, answer, ok, calls) in cases {
        let sync_leaf = Scripted::new(answer);
        let r = decision::begin(Keys::One(&vk), token, None, 8192, true)
            .unwrap()
            .decide(&sync_leaf);
        assert_eq!(r.is_ok(), ok, "sync, leaf says {answer:?}");
        assert_eq!(sync_leaf.calls.get(), calls);
        let async_leaf = Scripted::new(answer);
        let p = decision::begin(Keys::One(&vk), token, None, 8192, true).unwrap();
        let a = now(p.decide_async(&async_leaf));
        assert_eq!(a.is_ok(), ok, "async, leaf says {answer:?}");
        assert_eq!(async_leaf.calls.get(), calls);
        if let Err(e) = a {
            assert_eq!(e.to_string(), r.unwrap_err().to_string());
        }
    }
    // Two HMAC keys without kid: a leaf's `false` for the first moves on to the second.
    let a = secret(1);
    let set = KeySet::new(vec![a.verifying_key(), secret(2).verifying_key()]);
    let t = forge(&a, r#"{"alg":"HS256"}"#, &claims_json(NOW, NOW + 3600));
    let leaf = Scripted::new(Answer::Failed);
    let signed = decision::begin(Keys::Set(&set), &t, None, 8192, true)
        .unwrap()
        .decide(&leaf)
        .unwrap();
    assert_eq!(signed.key_index(), 0, "the pure fallback found key 0");
    assert_eq!(leaf.calls.get(), 1, "verified at the first candidate");
    let leaf = Scripted::new(Answer::Invalid);
    let e = decision::begin(Keys::Set(&set), &t, None, 8192, true)
        .unwrap()
        .decide(&leaf)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SignatureInvalid);
    assert_eq!(leaf.calls.get(), 2, "both candidates asked");
}

/// The signing drivers: a leaf's signature is used as is; a leaf that cannot sign hands the same
/// bytes to the pure-Rust signer, whose signature verifies.
#[test]
fn the_signing_drivers_fall_back_to_pure() {
    for file in ["rsa2048.pkcs8.pem", "ec256.pkcs8.pem", "ed25519.pkcs8.pem"] {
        let key = signing(file);
        let msg = b"header.payload";
        let leaf = Scripted::new(Answer::Failed);
        let sig = primitive::sign(&leaf, &(), &key.sign_input(msg)).unwrap();
        assert_eq!(leaf.calls.get(), 1);
        let vk = key.verifying_key();
        let check = |sig: &[u8]| {
            primitive::Pure::check(&primitive::VerifyInput {
                key: vk.bytes(),
                alg: key.algorithm(),
                message: msg,
                signature: sig,
            })
        };
        assert!(check(&sig), "{file}: the fallback signature verifies");
        let sig = now(primitive::sign_async(&leaf, &(), &key.sign_input(msg))).unwrap();
        assert!(check(&sig), "{file}: async fallback");
        assert!(!check(&[0u8; 64]), "{file}: a wrong signature");
    }
    let key = hmac();
    let sig = primitive::sign(&Scripted::new(Answer::Failed), &(), &key.sign_input(b"m")).unwrap();
    assert_eq!(
        sig,
        key.sign(b"m").unwrap(),
        "HMAC: the same bytes as the key's own signer"
    );
}
