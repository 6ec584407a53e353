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
        assert_eq!(v.header()["x"], 1);
        assert_eq!(v.header()["alg"], "HS256");
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

/// A leaf whose answer comes at the second poll, as WebCrypto's does.
struct Later(Scripted);

/// Pending at its first poll (waking its task), ready at the next.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

impl primitive::AsyncPrimitive<()> for Later {
    async fn verify(&self, h: &(), i: &primitive::VerifyInput<'_>) -> Answer {
        YieldOnce(false).await;
        primitive::Primitive::verify(&self.0, h, i)
    }
    async fn sign(&self, h: &(), i: &primitive::SignInput<'_>) -> Option<Vec<u8>> {
        YieldOnce(false).await;
        primitive::Primitive::sign(&self.0, h, i)
    }
}

/// Runs a future to its end with a waker that does nothing (the test leaves wake themselves).
fn now<T>(f: impl std::future::Future<Output = T>) -> T {
    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Noop));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    for _ in 0..10 {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("the driver stayed pending");
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
        let a = now(p.decide_async(&async_leaf, Ok));
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
        let sig = primitive::sign(&leaf, &(), &key, msg).unwrap();
        assert_eq!(leaf.calls.get(), 1);
        let vk = key.verifying_key();
        let check = |sig: &[u8]| {
            primitive::Pure::check(&primitive::VerifyInput {
                key: vk.bytes(),
                alg: key.algorithm(),
                message: msg,
                signature: sig,
            })
            .unwrap()
        };
        assert!(check(&sig), "{file}: the fallback signature verifies");
        let sig = now(primitive::sign_async(&leaf, &(), &key, msg)).unwrap();
        let later = Later(Scripted::new(Answer::Failed));
        let sig2 = now(primitive::sign_async(&later, &(), &key, msg)).unwrap();
        assert!(check(&sig2), "{file}: async fallback after a pending leaf");
        assert!(check(&sig), "{file}: async fallback");
        assert!(!check(&[0u8; 64]), "{file}: a wrong signature");
    }
    let key = hmac();
    let sig = primitive::sign(&Scripted::new(Answer::Failed), &(), &key, b"m").unwrap();
    assert_eq!(
        sig,
        key.sign(b"m").unwrap(),
        "HMAC: the same bytes as the key's own signer"
    );
}

/// The async driver concludes while the last answer is pending (the claim checks overlap the native
/// verify) and releases that outcome only on `Valid`: `Invalid` is the bad-signature error even
/// when the claims fail too; `Failed` lets the pure-Rust primitive decide. `conclude` runs exactly
/// once when the answer is pending, and only after a valid answer when it came at once. Every
/// verdict equals the sync driver's followed by the claim checks.
#[test]
fn the_async_driver_concludes_while_waiting_and_releases_only_on_valid() {
    let key = signing("rsa2048.pkcs8.pem");
    let vk = key.verifying_key();
    let opts = VerifyOptions::default();
    let good = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let (input, sig) = good.rsplit_once('.').unwrap();
    let mut bad_sig = unb64(sig);
    bad_sig[10] ^= 1;
    let bad = format!("{input}.{}", b64(&bad_sig));
    for (token, at) in [
        (&good, NOW + 1),
        (&good, NOW + 7 * 3600),
        (&bad, NOW + 1),
        (&bad, NOW + 7 * 3600),
    ] {
        let sync = decision::begin(Keys::One(&vk), token, None, 8192, true)
            .unwrap()
            .decide(&primitive::Pure)
            .and_then(|s| s.check_claims(at, &opts))
            .map(|v| v.raw_claims);
        for answer in [Answer::Valid, Answer::Invalid, Answer::Failed] {
            for pending in [true, false] {
                let calls = std::cell::Cell::new(0);
                let conclude = |s: SignedToken| {
                    calls.set(calls.get() + 1);
                    s.check_claims(at, &opts).map(|v| v.raw_claims)
                };
                let p = decision::begin(Keys::One(&vk), token, None, 8192, true).unwrap();
                let got = if pending {
                    now(p.decide_async(&Later(Scripted::new(answer)), conclude))
                } else {
                    now(p.decide_async(&Scripted::new(answer), conclude))
                };
                let case = format!(
                    "token {}, at +{}, leaf {answer:?}, pending {pending}",
                    if *token == good { "good" } else { "bad" },
                    at - NOW
                );
                match answer {
                    // The leaf decides: true releases the claims' verdict, false is a bad signature.
                    Answer::Valid => assert_eq!(
                        got.as_ref().map_err(Error::code),
                        decision::begin(Keys::One(&vk), token, None, 8192, true)
                            .unwrap()
                            .decide(&Scripted::new(Answer::Valid))
                            .and_then(|s| s.check_claims(at, &opts))
                            .map(|v| v.raw_claims)
                            .as_ref()
                            .map_err(Error::code),
                        "{case}"
                    ),
                    Answer::Invalid => assert_eq!(
                        got.unwrap_err().code(),
                        ErrorCode::SignatureInvalid,
                        "{case}"
                    ),
                    // Failed: the pure-Rust primitive decides, as in the sync driver.
                    Answer::Failed => assert_eq!(
                        got.as_ref().map_err(Error::code),
                        sync.as_ref().map_err(Error::code),
                        "{case}"
                    ),
                }
                let expected_calls = match (pending, answer) {
                    (true, _) => 1,
                    (false, Answer::Invalid) => 0,
                    (false, Answer::Failed) => u32::from(*token == good),
                    (false, Answer::Valid) => 1,
                };
                assert_eq!(calls.get(), expected_calls, "conclude calls: {case}");
            }
        }
    }
}

/// The pure primitive over bytes agrees with each key's own arithmetic, for a good and a tampered
/// signature of every family; as a sign leaf it signs as the key does (deterministic families);
/// and `KeyBytes` prints its kind, form and length, never its bytes.
#[test]
fn the_pure_primitive_over_bytes_agrees_with_the_keys() {
    let keys = vec![
        signing("rsa2048.pkcs8.pem"),
        signing("ec256.pkcs8.pem"),
        signing("ed25519.pkcs8.pem"),
        hmac(),
        secret(9),
    ];
    for key in &keys {
        let alg = key.algorithm();
        let vk = key.verifying_key();
        let msg = b"header.payload";
        let good = key.sign(msg).unwrap();
        let mut tampered = good.clone();
        tampered[3] ^= 0x40;
        for (sig, want) in [(&good, true), (&tampered, false)] {
            let input = primitive::VerifyInput {
                key: vk.bytes(),
                alg,
                message: msg,
                signature: sig,
            };
            assert_eq!(primitive::Pure::check(&input).unwrap(), want, "{alg} pure");
            assert_eq!(
                vk.verify_signature(alg, msg, sig).unwrap(),
                want,
                "{alg} key"
            );
            assert_eq!(
                primitive::Primitive::verify(&primitive::Pure, &(), &input),
                Answer::from(want),
                "{alg} leaf"
            );
        }
        let made = primitive::Primitive::sign(&primitive::Pure, &(), &key.sign_input(msg));
        if matches!(alg, Algorithm::Hs256 | Algorithm::EdDsa | Algorithm::Rs256) {
            assert_eq!(
                made.as_deref(),
                Some(&good[..]),
                "{alg}: the same signature"
            );
        } else {
            assert!(
                vk.verify_signature(alg, msg, &made.unwrap()).unwrap(),
                "{alg}"
            );
        }
        let shown = format!("{:?}", vk.bytes());
        assert!(shown.starts_with("KeyBytes { kind: "), "{shown}");
        assert!(
            shown.contains(&format!("len: {}", vk.bytes().der.len())),
            "{shown}"
        );
        let hex: String = vk.bytes().der[..8].iter().map(|b| format!("{b}")).collect();
        assert!(!shown.contains(&hex), "{shown}");
    }
}

/// The async driver over a set: every candidate is asked until one verifies (the second key here),
/// the early answers do not stop it, and a signature no candidate's shape fits is refused without
/// a leaf call; the same with leaves that answer at once and later.
#[test]
fn the_async_driver_walks_every_candidate_of_a_set() {
    let keys: Vec<SigningKey> = (1..=3).map(secret).collect();
    let set = KeySet::new(keys.iter().map(SigningKey::verifying_key).collect());
    let t = forge(
        &keys[1],
        r#"{"alg":"HS256"}"#,
        &claims_json(NOW, NOW + 3600),
    );
    for pending in [false, true] {
        let inner = Scripted::new(Answer::Failed);
        let p = decision::begin(Keys::Set(&set), &t, None, 8192, true).unwrap();
        let got = if pending {
            let leaf = Later(inner);
            let r = now(p.decide_async(&leaf, |s| Ok(s.key_index())));
            assert_eq!(
                leaf.0.calls.get(),
                2,
                "pending {pending}: keys 0 and 1 asked"
            );
            r
        } else {
            let r = now(p.decide_async(&inner, |s| Ok(s.key_index())));
            assert_eq!(
                inner.calls.get(),
                2,
                "pending {pending}: keys 0 and 1 asked"
            );
            r
        };
        assert_eq!(
            got.unwrap(),
            1,
            "pending {pending}: the second key verified"
        );
        // A signature one byte short: no candidate fits, no leaf is asked.
        let (input, sig) = t.rsplit_once('.').unwrap();
        let short = format!("{input}.{}", b64(&unb64(sig)[1..]));
        let leaf = Later(Scripted::new(Answer::Valid));
        let p = decision::begin(Keys::Set(&set), &short, None, 8192, true).unwrap();
        let e = now(p.decide_async(&leaf, |s| Ok(s.key_index()))).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureInvalid);
        assert_eq!(leaf.0.calls.get(), 0);
    }
}
