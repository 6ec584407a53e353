//! Issuing: claims, lifetime policy edges, notBefore, extra claims, headers.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::*;

fn payload(token: &str) -> serde_json::Value {
    serde_json::from_slice(&unb64(token.split('.').nth(1).unwrap())).unwrap()
}
fn header(token: &str) -> serde_json::Value {
    serde_json::from_slice(&unb64(token.split('.').next().unwrap())).unwrap()
}

#[test]
fn default_token_has_the_five_claims() {
    let key = signing("rsa2048.pkcs8.pem");
    let t = issuer(&key)
        .issue(NOW, "user-42", &IssueOptions::default())
        .unwrap();
    let p = payload(&t);
    assert_eq!(p["iat"], NOW);
    assert_eq!(p["nbf"], NOW);
    assert_eq!(p["exp"], NOW + 6 * 3600);
    assert_eq!(p["sub"], "user-42");
    assert_eq!(p["aid"], APP);
    assert_eq!(p.as_object().unwrap().len(), 5);
    let h = header(&t);
    assert_eq!(
        h,
        serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": key.key_id().unwrap()})
    );
    // Round trip through the verifier.
    let v = verifier(&key.verifying_key()).verify(&t, NOW + 1).unwrap();
    assert_eq!(v.claims()["sub"], "user-42");
    // RS256 is deterministic: the same claims give the same token.
    assert_eq!(
        t,
        issuer(&key)
            .issue(NOW, "user-42", &IssueOptions::default())
            .unwrap()
    );
}

#[test]
fn per_call_options() {
    let key = hmac();
    let mut claims = serde_json::Map::new();
    claims.insert("role".into(), "admin".into());
    let opts = IssueOptions {
        lifetime: Some(1800),
        not_before: Some(NotBefore::Delay(4)),
        claims,
    };
    let t = issuer(&key).issue(NOW, "user-42", &opts).unwrap();
    let p = payload(&t);
    assert_eq!(p["exp"], NOW + 1800);
    assert_eq!(p["nbf"], NOW + 4);
    assert_eq!(p["role"], "admin");
    assert_eq!(
        header(&t),
        serde_json::json!({"alg": "HS256", "typ": "JWT"})
    );
    let abs = IssueOptions {
        not_before: Some(NotBefore::At(NOW + 100)),
        ..Default::default()
    };
    assert_eq!(
        payload(&issuer(&key).issue(NOW, "u", &abs).unwrap())["nbf"],
        NOW + 100
    );
}

#[test]
fn lifetime_policy_edges() {
    let key = hmac();
    let iss = issuer(&key);
    for ok in [600, 86_400, 3600] {
        let o = IssueOptions {
            lifetime: Some(ok),
            ..Default::default()
        };
        assert!(iss.issue(NOW, "u", &o).is_ok(), "{ok}");
    }
    for bad in [599, 86_401, 0, -5] {
        let o = IssueOptions {
            lifetime: Some(bad),
            ..Default::default()
        };
        let e = iss.issue(NOW, "u", &o).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LifetimeOutOfRange, "{bad}");
        assert!(e.message().contains("10 min … 24 h"), "{}", e.message());
    }
    // A configurable window.
    let opts = IssuerOptions {
        policy: policy::LifetimePolicy::new(60, 48 * 3600).unwrap(),
        lifetime: 120,
        ..IssuerOptions::new(APP)
    };
    let iss = Issuer::new(key.clone(), opts).unwrap();
    assert!(iss
        .issue(
            NOW,
            "u",
            &IssueOptions {
                lifetime: Some(48 * 3600),
                ..Default::default()
            }
        )
        .is_ok());
    assert!(iss
        .issue(
            NOW,
            "u",
            &IssueOptions {
                lifetime: Some(59),
                ..Default::default()
            }
        )
        .is_err());
    // A default lifetime outside the window is refused when the issuer is made.
    let bad = IssuerOptions {
        lifetime: 60,
        ..IssuerOptions::new(APP)
    };
    assert_eq!(
        Issuer::new(key, bad).unwrap_err().code(),
        ErrorCode::LifetimeOutOfRange
    );
}

#[test]
fn invalid_arguments() {
    let key = hmac();
    let iss = issuer(&key);
    let cases: Vec<(&str, IssueOptions)> = vec![
        ("", IssueOptions::default()),
        (
            "u",
            IssueOptions {
                not_before: Some(NotBefore::Delay(-1)),
                ..Default::default()
            },
        ),
        (
            "u",
            IssueOptions {
                lifetime: Some(600),
                not_before: Some(NotBefore::Delay(600)),
                ..Default::default()
            },
        ),
        (
            "u",
            IssueOptions {
                not_before: Some(NotBefore::At(NOW + 7 * 3600)),
                ..Default::default()
            },
        ),
    ];
    for (sub, o) in cases {
        let e = iss.issue(NOW, sub, &o).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{sub:?} {o:?}");
    }
    let long = "x".repeat(1025);
    assert_eq!(
        iss.issue(NOW, &long, &IssueOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
    for reserved in ["iat", "nbf", "exp", "sub", "aid"] {
        let mut claims = serde_json::Map::new();
        claims.insert(reserved.into(), 1.into());
        let e = iss
            .issue(
                NOW,
                "u",
                &IssueOptions {
                    claims,
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert_eq!(e.claim_name(), Some(reserved));
    }
    let mut claims = serde_json::Map::new();
    claims.insert("big".into(), "x".repeat(9000).into());
    let e = iss
        .issue(
            NOW,
            "u",
            &IssueOptions {
                claims,
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenTooLarge);
    assert_eq!(
        Issuer::new(key, IssuerOptions::new("")).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn every_algorithm_round_trips() {
    let pem = fixture("rsa2048.pkcs8.pem");
    let mut keys = vec![
        signing("ec256.pkcs8.pem"),
        signing("ed25519.pkcs8.pem"),
        hmac(),
    ];
    for alg in [
        Algorithm::Rs256,
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
    ] {
        keys.push(
            SigningKey::from_pem(
                &pem,
                &KeyOptions {
                    algorithm: Some(alg),
                    key_id: None,
                },
            )
            .unwrap(),
        );
    }
    for alg in [Algorithm::Hs384, Algorithm::Hs512] {
        keys.push(
            SigningKey::from_secret(
                &[9u8; 64],
                &KeyOptions {
                    algorithm: Some(alg),
                    key_id: None,
                },
            )
            .unwrap(),
        );
    }
    for key in keys {
        let t = issuer(&key)
            .issue(NOW, "user-42", &IssueOptions::default())
            .unwrap();
        assert_eq!(header(&t)["alg"], key.algorithm().name());
        verifier(&key.verifying_key()).verify(&t, NOW).unwrap();
    }
}

#[test]
fn identifier_length_boundary() {
    // `sub` and `aid` of exactly MAX_ID_LEN bytes are allowed; one byte more is refused.
    let max = sceyt_token::claims::MAX_ID_LEN;
    assert!(sceyt_token::claims::check_id(&"x".repeat(max), "sub").is_ok());
    let err = sceyt_token::claims::check_id(&"x".repeat(max + 1), "sub").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let key = hmac();
    let iss = issuer(&key);
    assert!(iss
        .issue(NOW, &"u".repeat(max), &IssueOptions::default())
        .is_ok());
}

#[test]
fn an_issued_token_may_use_the_whole_default_length_limit() {
    // The size rule is the token's exact length (the input, a dot and this key's signature)
    // against the verifiers' default limit, for any key: the largest token issued is within a
    // base64url step of 8192 bytes and verifies with default options; one byte more of claims
    // is refused with the exact length.
    let limit = 8 * 1024;
    for key in [
        hmac(),
        signing("rsa2048.pkcs8.pem"),
        signing("rsa3072.pkcs8.pem"),
        signing("ec256.pkcs8.pem"),
        signing("ed25519.pkcs8.pem"),
    ] {
        let iss = issuer(&key);
        let issue = |n: usize| {
            let claims = serde_json::Map::from_iter([("big".to_owned(), "x".repeat(n).into())]);
            iss.issue(
                NOW,
                "u",
                &IssueOptions {
                    claims,
                    ..Default::default()
                },
            )
        };
        // The largest claim that fits, by bisection: issue(lo) succeeds, issue(hi) fails.
        let (mut lo, mut hi) = (0usize, limit);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            match issue(mid) {
                Ok(_) => lo = mid,
                Err(e) => {
                    assert_eq!(e.code(), ErrorCode::TokenTooLarge);
                    hi = mid;
                }
            }
        }
        let token = issue(lo).unwrap();
        assert!(
            token.len() <= limit && token.len() >= limit - 1,
            "{:?}: {}",
            key.algorithm(),
            token.len()
        );
        verifier(&key.verifying_key())
            .verify(&token, NOW + 1)
            .unwrap();
        let e = issue(lo + 1).unwrap_err();
        let over: usize = e
            .message()
            .strip_prefix("the claims make the token ")
            .and_then(|m| m.split(' ').next())
            .and_then(|m| m.parse().ok())
            .unwrap();
        assert!(over > limit && over <= token.len() + 2, "{}", e.message());
    }
}
