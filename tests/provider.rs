//! The provider checks (`issuer`, `audience`, `clientId`, `typ`, `maxTokenAge`, `subject`): each
//! rule alone, with one value and with a list; their edges (aud as `[]` and as a number, `iss`
//! with and without a trailing slash, `typ` case variants, the age boundary); their one place in
//! the decision order (docs/DECISION.md), the same for the verifier, `verify_compact` and the
//! report; and the report's lines for tokens failing two and three checks at once.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::inspect::{inspect, InspectOptions, Report, Status, Verdict};
use sceyt_token::provider::{
    check_age, check_aud, check_client, check_iss, check_subject, check_typ, normalise_typ,
};
use sceyt_token::*;
use serde_json::{json, Map, Value};

const ISS: &str = "https://auth.example.com/";

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

fn list(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A foreign session token's claims: SCEYT's `aid` absent, a provider's `iss`, `aud`, `azp`.
fn session(extra: Value) -> String {
    let mut c = obj(json!({
        "iss": ISS, "aud": ["api", "chat"], "azp": "web-client", "sub": "user-42",
        "iat": NOW - 60, "exp": NOW + 3600,
    }));
    for (k, v) in obj(extra) {
        if v.is_null() {
            c.remove(&k);
        } else {
            c.insert(k, v);
        }
    }
    serde_json::to_string(&c).unwrap()
}

fn token(key: &SigningKey, header: &str, claims: &str) -> String {
    forge(key, header, claims)
}

const HS_JWT: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const HS_AT: &str = r#"{"alg":"HS256","typ":"at+jwt"}"#;

/// Options of a verifier for foreign session tokens: no `aid`, no SCEYT lifetime window.
fn foreign() -> VerifyOptions {
    VerifyOptions {
        policy: None,
        ..Default::default()
    }
}

fn code(vk: &VerifyingKey, t: &str, vo: VerifyOptions) -> Option<ErrorCode> {
    let v = Verifier::new(KeySource::One(vk.clone()), vo).unwrap();
    v.verify(t, NOW).err().map(|e| e.code())
}

fn err(vk: &VerifyingKey, t: &str, vo: VerifyOptions) -> Error {
    let v = Verifier::new(KeySource::One(vk.clone()), vo).unwrap();
    v.verify(t, NOW).unwrap_err()
}

// --- each rule alone ----------------------------------------------------------------------------

#[test]
fn issuer_is_an_exact_match_slash_included() {
    let c = |iss: &str| obj(json!({ "iss": iss }));
    // configured with and without the slash, token with and without it: only equal strings pass.
    for (configured, actual, ok) in [
        ("https://a.example/", "https://a.example/", true),
        ("https://a.example", "https://a.example", true),
        ("https://a.example/", "https://a.example", false),
        ("https://a.example", "https://a.example/", false),
        ("https://a.example", "https://A.example", false),
    ] {
        let r = check_iss(&c(actual), &list(&[configured]));
        assert_eq!(r.is_ok(), ok, "{configured} vs {actual}");
        if let Err(e) = r {
            assert_eq!(e.code(), ErrorCode::IssuerMismatch);
            assert_eq!(e.claim_name(), Some("iss"));
            assert_eq!(e.reason(), Some("mismatch"));
            assert_eq!(
                e.message(),
                format!("iss is {actual:?}, expected {configured:?}")
            );
        }
    }
    // a list: any one of them
    let l = list(&["https://x.example", "https://a.example"]);
    assert!(check_iss(&c("https://a.example"), &l).is_ok());
    assert!(check_iss(&c("https://x.example"), &l).is_ok());
    let e = check_iss(&c("https://y.example"), &l).unwrap_err();
    assert_eq!(
        e.message(),
        "iss is \"https://y.example\", expected one of \"https://x.example\", \"https://a.example\""
    );
    // missing and mistyped
    let e = check_iss(&Map::new(), &l).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("iss"), Some("missing"))
    );
    assert!(e
        .message()
        .starts_with("the token has no \"iss\"; expected one of"));
    let e = check_iss(&obj(json!({"iss": 7})), &l).unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("type"))
    );
}

#[test]
fn audience_string_array_empty_and_number() {
    let exp = list(&["chat"]);
    let c = |aud: Value| obj(json!({ "aud": aud }));
    assert!(check_aud(&c(json!("chat")), &exp).is_ok());
    assert!(check_aud(&c(json!(["api", "chat"])), &exp).is_ok());
    assert!(check_aud(&c(json!(["chat"])), &exp).is_ok());
    assert!(check_aud(&c(json!("api")), &list(&["x", "api"])).is_ok());
    assert!(check_aud(&c(json!(["a", "b"])), &list(&["x", "b"])).is_ok());
    // a string that differs, an array that holds none
    let e = check_aud(&c(json!("api")), &exp).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::AudienceMismatch, Some("aud"), Some("mismatch"))
    );
    assert_eq!(e.message(), "aud is \"api\", expected \"chat\"");
    let e = check_aud(&c(json!(["a", "b"])), &exp).unwrap_err();
    assert_eq!(e.message(), "aud is [\"a\",\"b\"], expected \"chat\"");
    // a long array is clipped (128 characters of its JSON)
    let many: Vec<String> = (0..40).map(|i| format!("audience-{i}")).collect();
    let e = check_aud(&c(json!(many)), &exp).unwrap_err();
    assert!(
        e.message()
            .starts_with("aud is [\"audience-0\",\"audience-1\","),
        "{}",
        e.message()
    );
    let json = serde_json::to_string(&many).unwrap();
    assert_eq!(
        e.message(),
        format!("aud is {}…, expected \"chat\"", &json[..128])
    );
    // []: no audience at all
    let e = check_aud(&c(json!([])), &exp).unwrap_err();
    assert_eq!(e.code(), ErrorCode::AudienceMismatch);
    assert_eq!(e.message(), "aud is [], expected \"chat\"");
    // a number, an object, an array with a number: not an audience
    for (aud, what) in [
        (json!(5), "a number"),
        (json!({"chat": true}), "an object"),
        (json!(["chat", 5]), "an array with a non-string entry"),
        (json!([5, "chat"]), "an array with a non-string entry"),
        (json!([null]), "an array with a non-string entry"),
    ] {
        let e = check_aud(&c(aud.clone()), &exp).unwrap_err();
        assert_eq!(
            (e.code(), e.claim_name(), e.reason()),
            (ErrorCode::ClaimInvalid, Some("aud"), Some("type")),
            "{aud}"
        );
        assert_eq!(
            e.message(),
            format!("\"aud\" must be a string or an array of strings, not {what}")
        );
    }
    let e = check_aud(&Map::new(), &exp).unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("missing"))
    );
    assert_eq!(e.message(), "the token has no \"aud\"; expected \"chat\"");
}

#[test]
fn client_is_azp_else_client_id() {
    let exp = list(&["web", "ios"]);
    assert!(check_client(&obj(json!({"azp": "web"})), &exp).is_ok());
    assert!(check_client(&obj(json!({"client_id": "ios"})), &exp).is_ok());
    // azp decides when present, even if client_id would match
    let e = check_client(&obj(json!({"azp": "other", "client_id": "web"})), &exp).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::ClientMismatch, Some("azp"), Some("mismatch"))
    );
    assert_eq!(
        e.message(),
        "azp is \"other\", expected one of \"web\", \"ios\""
    );
    assert!(check_client(&obj(json!({"azp": "web", "client_id": "other"})), &exp).is_ok());
    let e = check_client(&obj(json!({"client_id": "other"})), &exp).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name()),
        (ErrorCode::ClientMismatch, Some("client_id"))
    );
    assert_eq!(
        e.message(),
        "client_id is \"other\", expected one of \"web\", \"ios\""
    );
    // neither; mistyped
    let e = check_client(&obj(json!({"aud": "web"})), &exp).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("azp"), Some("missing"))
    );
    assert_eq!(
        e.message(),
        "the token has neither \"azp\" nor \"client_id\"; expected one of \"web\", \"ios\""
    );
    for c in [
        json!({"azp": 1}),
        json!({"client_id": ["web"]}),
        json!({"azp": ""}),
    ] {
        let e = check_client(&obj(c.clone()), &exp).unwrap_err();
        assert_eq!(
            (e.code(), e.reason()),
            (ErrorCode::ClaimInvalid, Some("type")),
            "{c}"
        );
    }
}

#[test]
fn typ_compares_as_rfc_7515_and_jose() {
    let h = |typ: Value| obj(json!({"alg": "HS256", "typ": typ}));
    for (configured, actual) in [
        ("at+jwt", "at+jwt"),
        ("at+jwt", "AT+JWT"),
        ("at+jwt", "application/at+jwt"),
        ("at+jwt", "Application/At+Jwt"),
        ("application/at+jwt", "at+jwt"),
        ("APPLICATION/AT+JWT", "at+JWT"),
        ("JWT", "jwt"),
    ] {
        assert!(
            check_typ(&h(json!(actual)), &list(&[configured])).is_ok(),
            "{configured} vs {actual}"
        );
    }
    for (configured, actual) in [
        ("at+jwt", "JWT"),
        ("at+jwt", "text/at+jwt"),
        ("at+jwt", "application/application/at+jwt"),
        ("jwt", "at+jwt"),
        ("jwt", ""),
    ] {
        let e = check_typ(&h(json!(actual)), &list(&[configured])).unwrap_err();
        assert_eq!(
            (e.code(), e.claim_name(), e.reason()),
            (ErrorCode::TypeMismatch, Some("typ"), Some("mismatch")),
            "{configured} vs {actual}"
        );
        assert_eq!(
            e.message(),
            format!("typ is {actual:?}; expected {configured:?}")
        );
    }
    assert!(check_typ(&h(json!("JWT")), &list(&["at+jwt", "jwt"])).is_ok());
    let e = check_typ(&obj(json!({"alg": "HS256"})), &list(&["at+jwt"])).unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        (ErrorCode::TypeMismatch, Some("missing"))
    );
    assert_eq!(
        e.message(),
        "the header has no \"typ\"; expected \"at+jwt\""
    );
    let e = check_typ(&h(json!(1)), &list(&["at+jwt"])).unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        (ErrorCode::TypeMismatch, Some("type"))
    );
    assert_eq!(
        e.message(),
        "header \"typ\" is a number, not a string; expected \"at+jwt\""
    );
    assert_eq!(normalise_typ("APPLICATION/JWT"), "application/jwt");
    // a value with a `/` is compared whole (jose 6: `application/x/y` is not `x/y`)
    assert!(check_typ(&h(json!("application/x/y")), &list(&["x/y"])).is_err());
    assert!(check_typ(&h(json!("X/Y")), &list(&["x/y"])).is_ok());
}

#[test]
fn age_boundary_tolerance_and_missing_iat() {
    // exactly maxTokenAge old passes; one second more is too old (jose's rule: age > max).
    assert!(check_age(Some(NOW - 3600), NOW, 3600, 0).is_ok());
    let e = check_age(Some(NOW - 3601), NOW, 3600, 0).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::TokenTooOld, Some("iat"), Some("too_old"))
    );
    assert_eq!(
        e.message(),
        "token was issued 1 h ago at 2026-11-28T09:02:59Z, longer ago than maxTokenAge 1 h"
    );
    // the clock tolerance is added
    assert!(check_age(Some(NOW - 3630), NOW, 3600, 30).is_ok());
    assert_eq!(
        check_age(Some(NOW - 3631), NOW, 3600, 30)
            .unwrap_err()
            .code(),
        ErrorCode::TokenTooOld
    );
    // iat in the future is iat's own check; the age rule alone lets it through
    assert!(check_age(Some(NOW + 10), NOW, 1, 0).is_ok());
    let e = check_age(None, NOW, 600, 0).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("iat"), Some("missing"))
    );
    assert_eq!(
        e.message(),
        "the token has no \"iat\"; maxTokenAge (10 min) needs it"
    );
    // no overflow at the extremes
    assert!(check_age(Some(0), i64::MAX, i64::MAX, i64::MAX).is_ok());
}

#[test]
fn subject_is_exact() {
    assert!(check_subject(Some("user-42"), "user-42").is_ok());
    let e = check_subject(Some("user-43"), "user-42").unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::SubjectMismatch, Some("sub"), Some("mismatch"))
    );
    assert_eq!(e.message(), "sub is \"user-43\", expected \"user-42\"");
    let e = check_subject(None, "user-42").unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("missing"))
    );
}

#[test]
fn messages_clip_long_values() {
    let long = "x".repeat(300);
    let e = check_iss(&obj(json!({ "iss": long })), &list(&[&"y".repeat(300)])).unwrap_err();
    assert_eq!(
        e.message(),
        format!(
            "iss is \"{}…\", expected \"{}…\"",
            "x".repeat(64),
            "y".repeat(64)
        )
    );
    let many: Vec<String> = (0..10).map(|i| format!("aud-{i}")).collect();
    let e = check_aud(&obj(json!({"aud": "z"})), &many).unwrap_err();
    assert_eq!(
        e.message(),
        "aud is \"z\", expected one of \"aud-0\", \"aud-1\", \"aud-2\" (and 7 more)"
    );
}

#[test]
fn options_are_checked() {
    let key = hmac();
    let bad = |vo: VerifyOptions| {
        Verifier::new(KeySource::One(key.verifying_key()), vo)
            .unwrap_err()
            .code()
    };
    for vo in [
        VerifyOptions {
            issuer: Some(vec![]),
            ..foreign()
        },
        VerifyOptions {
            audience: Some(list(&[""])),
            ..foreign()
        },
        VerifyOptions {
            client_id: Some(vec![]),
            ..foreign()
        },
        VerifyOptions {
            typ: Some(list(&["jwt", ""])),
            ..foreign()
        },
        VerifyOptions {
            max_token_age: Some(0),
            ..foreign()
        },
        VerifyOptions {
            max_token_age: Some(-5),
            ..foreign()
        },
        VerifyOptions {
            subject: Some(String::new()),
            ..foreign()
        },
    ] {
        assert_eq!(bad(vo), ErrorCode::InvalidArgument);
    }
    let ok = VerifyOptions {
        max_token_age: Some(1),
        subject: Some("u".into()),
        issuer: Some(list(&[ISS])),
        ..foreign()
    };
    assert!(Verifier::new(KeySource::One(key.verifying_key()), ok).is_ok());
}

// --- through the verifier: alone, combined, string and list forms ------------------------------

fn all_options() -> VerifyOptions {
    VerifyOptions {
        issuer: Some(list(&[ISS])),
        audience: Some(list(&["chat"])),
        client_id: Some(list(&["web-client"])),
        typ: Some(list(&["at+jwt"])),
        max_token_age: Some(600),
        subject: Some("user-42".into()),
        ..foreign()
    }
}

#[test]
fn each_option_alone_and_combined_through_the_verifier() {
    let key = hmac();
    let vk = key.verifying_key();
    let good = token(&key, HS_AT, &session(json!({})));
    assert_eq!(code(&vk, &good, all_options()), None);
    let v = Verifier::new(KeySource::One(vk.clone()), all_options()).unwrap();
    assert_eq!(v.verify(&good, NOW).unwrap().claims()["azp"], "web-client");
    // list forms
    let lists = VerifyOptions {
        issuer: Some(list(&["https://other.example", ISS])),
        audience: Some(list(&["nope", "api"])),
        client_id: Some(list(&["ios", "web-client"])),
        typ: Some(list(&["jwt", "application/at+jwt"])),
        ..all_options()
    };
    assert_eq!(code(&vk, &good, lists), None);

    // one option at a time, each failing
    let cases: Vec<(VerifyOptions, ErrorCode)> = vec![
        (
            VerifyOptions {
                issuer: Some(list(&["https://auth.example.com"])),
                ..foreign()
            },
            ErrorCode::IssuerMismatch,
        ),
        (
            VerifyOptions {
                audience: Some(list(&["admin"])),
                ..foreign()
            },
            ErrorCode::AudienceMismatch,
        ),
        (
            VerifyOptions {
                client_id: Some(list(&["ios"])),
                ..foreign()
            },
            ErrorCode::ClientMismatch,
        ),
        (
            VerifyOptions {
                typ: Some(list(&["jwt"])),
                ..foreign()
            },
            ErrorCode::TypeMismatch,
        ),
        (
            VerifyOptions {
                max_token_age: Some(59),
                ..foreign()
            },
            ErrorCode::TokenTooOld,
        ),
        (
            VerifyOptions {
                subject: Some("user-43".into()),
                ..foreign()
            },
            ErrorCode::SubjectMismatch,
        ),
    ];
    for (vo, expected) in cases {
        assert_eq!(code(&vk, &good, vo.clone()), Some(expected), "{vo:?}");
        // and the same token passes once the option holds the right value too
    }
    // maxTokenAge: 60 s old passes with 60, fails with 59
    assert_eq!(
        code(
            &vk,
            &good,
            VerifyOptions {
                max_token_age: Some(60),
                ..foreign()
            }
        ),
        None
    );
    // the SCEYT defaults are untouched: without the options, the same token is judged as before
    assert_eq!(code(&vk, &good, foreign()), None);
}

// --- the decision order -----------------------------------------------------------------------

#[test]
fn decision_order_first_code_wins() {
    let key = hmac();
    let vk = key.verifying_key();
    let all = all_options;
    // typ is a header rule: before the algorithm, the key, the signature and every claim.
    let bad_typ = token(&key, HS_JWT, &session(json!({"iss": "x", "exp": NOW - 1})));
    assert_eq!(code(&vk, &bad_typ, all()), Some(ErrorCode::TypeMismatch));
    let at = bad_typ.len() - 10;
    let flip = if &bad_typ[at..at + 1] == "A" {
        "B"
    } else {
        "A"
    };
    let forged = format!("{}{flip}{}", &bad_typ[..at], &bad_typ[at + 1..]);
    assert_eq!(code(&vk, &forged, all()), Some(ErrorCode::TypeMismatch));
    let bad_alg = token(&key, r#"{"alg":"HS384","typ":"JWT"}"#, &session(json!({})));
    assert_eq!(code(&vk, &bad_alg, all()), Some(ErrorCode::TypeMismatch));
    assert_eq!(
        code(&vk, &bad_alg, VerifyOptions { typ: None, ..all() }),
        Some(ErrorCode::AlgNotAllowed)
    );
    // structure before typ
    assert_eq!(code(&vk, "a.b", all()), Some(ErrorCode::TokenMalformed));
    // a bad signature wins over every claim check
    let good = token(&key, HS_AT, &session(json!({"iss": "x", "aud": "y"})));
    let forged = token(
        &signing("ec256.pkcs8.pem"),
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &session(json!({})),
    );
    assert_eq!(code(&vk, &forged, all()), Some(ErrorCode::SignatureInvalid));
    assert_eq!(code(&vk, &good, all()), Some(ErrorCode::IssuerMismatch));
    // then: types, required, exp, nbf, iat, age, lifetime, aid, iss, aud, client, subject
    let order: Vec<(Value, VerifyOptions, ErrorCode)> = vec![
        (
            json!({"sub": 5, "exp": NOW - 1}),
            all(),
            ErrorCode::ClaimInvalid,
        ),
        (
            json!({"exp": NOW - 1, "iss": "x", "aud": []}),
            all(),
            ErrorCode::TokenExpired,
        ),
        (
            json!({"nbf": NOW + 60, "iss": "x"}),
            all(),
            ErrorCode::TokenNotYetValid,
        ),
        (
            json!({"iat": NOW + 60, "iss": "x"}),
            all(),
            ErrorCode::ClaimInvalid,
        ),
        (
            json!({"iat": NOW - 601, "iss": "x", "aud": 5}),
            all(),
            ErrorCode::TokenTooOld,
        ),
        (
            json!({"iat": NOW - 601, "exp": NOW + 86400 * 2}),
            VerifyOptions {
                policy: Some(Default::default()),
                ..all()
            },
            ErrorCode::TokenTooOld,
        ),
        (
            json!({"exp": NOW + 86400 * 2, "iss": "x"}),
            VerifyOptions {
                policy: Some(Default::default()),
                ..all()
            },
            ErrorCode::LifetimeOutOfRange,
        ),
        (
            json!({"aid": "other", "iss": "x"}),
            VerifyOptions {
                application_id: Some(APP.into()),
                ..all()
            },
            ErrorCode::ApplicationMismatch,
        ),
        (
            json!({"iss": "x", "aud": "y", "azp": "z", "sub": "w"}),
            all(),
            ErrorCode::IssuerMismatch,
        ),
        (
            json!({"aud": "y", "azp": "z", "sub": "w"}),
            all(),
            ErrorCode::AudienceMismatch,
        ),
        (
            json!({"aud": [], "azp": "z"}),
            all(),
            ErrorCode::AudienceMismatch,
        ),
        (
            json!({"aud": 5, "azp": "z"}),
            all(),
            ErrorCode::ClaimInvalid,
        ),
        (
            json!({"azp": "z", "sub": "w"}),
            all(),
            ErrorCode::ClientMismatch,
        ),
        (json!({"sub": "w"}), all(), ErrorCode::SubjectMismatch),
        (
            json!({"iss": null, "aud": "y"}),
            all(),
            ErrorCode::ClaimInvalid,
        ),
    ];
    for (over, vo, expected) in order {
        let t = token(&key, HS_AT, &session(over.clone()));
        assert_eq!(code(&vk, &t, vo.clone()), Some(expected), "{over}");
        // the report agrees on the first code (with and without the key)
        let r = inspect(
            &t,
            NOW,
            &InspectOptions {
                keys: Some(Keys::One(&vk)),
                verify: vo.clone(),
                key_error: None,
            },
        );
        assert_eq!(r.code, Some(expected.as_str()), "{over}: report");
        let r = inspect(
            &t,
            NOW,
            &InspectOptions {
                keys: None,
                verify: vo,
                key_error: None,
            },
        );
        assert_eq!(r.code, Some(expected.as_str()), "{over}: unverified report");
    }
    // a missing iss is found at the iss step: after exp
    let t = token(&key, HS_AT, &session(json!({"iss": null, "exp": NOW - 1})));
    assert_eq!(code(&vk, &t, all()), Some(ErrorCode::TokenExpired));
    let e = err(
        &vk,
        &token(&key, HS_AT, &session(json!({"iss": null}))),
        all(),
    );
    assert_eq!((e.claim_name(), e.reason()), (Some("iss"), Some("missing")));
}

#[test]
fn verify_compact_reads_typ_only() {
    let key = hmac();
    let vk = key.verifying_key();
    let t = token(&key, HS_AT, "not json at all");
    let typ = list(&["application/AT+JWT"]);
    let ok = decision::verify_compact_with(&t, Keys::One(&vk), None, Some(&typ), 8192).unwrap();
    assert_eq!(ok.1, b"not json at all");
    let e = decision::verify_compact_with(&t, Keys::One(&vk), None, Some(&list(&["jwt"])), 8192)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TypeMismatch);
    // before the signature: a forged compact JWS with the wrong typ is a type mismatch
    let forged = format!("{}A", &t[..t.len() - 1]);
    let e =
        decision::verify_compact_with(&forged, Keys::One(&vk), None, Some(&list(&["jwt"])), 8192)
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::TypeMismatch);
    assert!(decision::verify_compact(&t, Keys::One(&vk), None, 8192).is_ok());
}

// --- the report -----------------------------------------------------------------------------------

fn statuses(r: &Report) -> Vec<String> {
    r.checks
        .iter()
        .map(|c| {
            let s = match c.status {
                Status::Pass => "pass",
                Status::Fail => "fail",
                Status::Warn => "warn",
                Status::Skip => "skip",
            };
            format!("{}={s}", c.check)
        })
        .collect()
}

fn line<'a>(r: &'a Report, check: &str) -> &'a sceyt_token::inspect::Check {
    r.checks.iter().find(|c| c.check == check).unwrap()
}

fn report(vk: &VerifyingKey, t: &str, vo: VerifyOptions) -> Report {
    let r = inspect(
        t,
        NOW,
        &InspectOptions {
            keys: Some(Keys::One(vk)),
            verify: vo.clone(),
            key_error: None,
        },
    );
    // the verdict's code is the verifier's
    let v = decision::verify_with(Keys::One(vk), t, NOW, &vo, &sceyt_token::primitive::Pure);
    assert_eq!(
        r.code,
        v.result.as_ref().err().map(|e| e.code().as_str()),
        "report vs verifier: {:?}",
        r.checks
    );
    r
}

#[test]
fn report_lines_for_every_option() {
    let key = hmac();
    let vk = key.verifying_key();
    let good = token(&key, HS_AT, &session(json!({})));
    let r = report(&vk, &good, all_options());
    assert_eq!(r.verdict, Verdict::Valid);
    assert_eq!(
        statuses(&r),
        [
            "structure=pass",
            "typ=pass",
            "algorithm=pass",
            "signature=pass",
            "exp=pass",
            "nbf=warn",
            "iat=pass",
            "age=pass",
            "lifetime=skip",
            "aid=warn",
            "iss=pass",
            "aud=pass",
            "client=pass",
            "sub=pass",
        ]
    );
    assert_eq!(line(&r, "typ").message, "typ is \"at+jwt\", as expected");
    assert_eq!(
        line(&r, "iss").message,
        format!("iss is {ISS:?}, as expected")
    );
    assert_eq!(
        line(&r, "aud").message,
        "aud is [\"api\",\"chat\"], which holds \"chat\""
    );
    assert_eq!(
        line(&r, "client").message,
        "azp is \"web-client\", as expected"
    );
    assert_eq!(
        line(&r, "sub").message,
        "user id (sub) is \"user-42\", as expected"
    );
    assert_eq!(
        line(&r, "age").message,
        "issued 1 min ago, within maxTokenAge 10 min"
    );
    // without the options: no new lines, the report as before
    let r = report(&vk, &good, foreign());
    let names: Vec<&str> = r.checks.iter().map(|c| c.check).collect();
    assert_eq!(
        names,
        [
            "structure",
            "algorithm",
            "signature",
            "exp",
            "nbf",
            "iat",
            "lifetime",
            "aid",
            "sub"
        ]
    );
    // client_id when there is no azp
    let t = token(
        &key,
        HS_AT,
        &session(json!({"azp": null, "client_id": "web-client"})),
    );
    let r = report(&vk, &t, all_options());
    assert_eq!(r.verdict, Verdict::Valid);
    assert_eq!(
        line(&r, "client").message,
        "client_id is \"web-client\", as expected"
    );
}

#[test]
fn report_lists_two_and_three_failures_with_the_first_code() {
    let key = hmac();
    let vk = key.verifying_key();
    // two: iss and aud
    let t = token(
        &key,
        HS_AT,
        &session(json!({"iss": "https://evil.example/", "aud": "api"})),
    );
    let vo = VerifyOptions {
        audience: Some(list(&["chat"])),
        ..all_options()
    };
    let r = report(&vk, &t, vo);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(r.code, Some("ERR_ISSUER_MISMATCH"));
    assert_eq!(
        r.summary,
        "iss is \"https://evil.example/\", expected \"https://auth.example.com/\""
    );
    let fails: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| (c.check, c.code))
        .collect();
    assert_eq!(
        fails,
        [
            ("iss", Some("ERR_ISSUER_MISMATCH")),
            ("aud", Some("ERR_AUDIENCE_MISMATCH"))
        ]
    );
    // three: typ (header), client, subject — typ first, before the signature
    let t = token(
        &key,
        HS_JWT,
        &session(json!({"azp": "ios", "sub": "mallory"})),
    );
    let r = report(&vk, &t, all_options());
    assert_eq!(r.code, Some("ERR_TYPE_MISMATCH"));
    let fails: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| (c.check, c.code))
        .collect();
    assert_eq!(
        fails,
        [
            ("typ", Some("ERR_TYPE_MISMATCH")),
            ("client", Some("ERR_CLIENT_MISMATCH")),
            ("sub", Some("ERR_SUBJECT_MISMATCH")),
        ]
    );
    assert_eq!(line(&r, "signature").status, Status::Skip);
    assert_eq!(
        line(&r, "signature").message,
        "not checked: the header's typ failed"
    );
    assert_eq!(line(&r, "algorithm").status, Status::Pass);
    // three: expired, too old, audience [] — exp first
    let t = token(
        &key,
        HS_AT,
        &session(json!({"iat": NOW - 7200, "exp": NOW - 60, "aud": []})),
    );
    let r = report(&vk, &t, all_options());
    assert_eq!(r.verdict, Verdict::Expired);
    let fails: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| c.check)
        .collect();
    assert_eq!(fails, ["exp", "age", "aud"]);
    assert_eq!(line(&r, "age").code, Some("ERR_TOKEN_TOO_OLD"));
    // too old and aud a number: age first
    let t = token(&key, HS_AT, &session(json!({"iat": NOW - 7200, "aud": 5})));
    let r = report(&vk, &t, all_options());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(r.code, Some("ERR_TOKEN_TOO_OLD"));
    assert_eq!(line(&r, "aud").code, Some("ERR_CLAIM_INVALID"));
    // the deciding line is age, not iat (whose claim the error names): iat itself passes
    let fails: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| c.check)
        .collect();
    assert_eq!(fails, ["age", "aud"]);
    assert_eq!(line(&r, "iat").status, Status::Pass);
}

#[test]
fn report_typ_failure_still_explains_the_algorithm_and_the_claims() {
    let key = hmac();
    let vk = key.verifying_key();
    // typ wrong and alg not allowed: both lines fail, the typ decides
    let t = token(&key, r#"{"alg":"HS512"}"#, &session(json!({"iss": "x"})));
    let r = report(&vk, &t, all_options());
    assert_eq!(r.code, Some("ERR_TYPE_MISMATCH"));
    assert_eq!(r.summary, "the header has no \"typ\"; expected \"at+jwt\"");
    assert_eq!(line(&r, "algorithm").code, Some("ERR_ALG_NOT_ALLOWED"));
    assert_eq!(line(&r, "iss").code, Some("ERR_ISSUER_MISMATCH"));
    // an allowed algorithm the key cannot verify: the key selection fails on the algorithm line
    let t = token(&key, r#"{"alg":"RS256","typ":"JWT"}"#, &session(json!({})));
    let vo = VerifyOptions {
        algorithms: Some(vec![Algorithm::Rs256, Algorithm::Hs256]),
        ..all_options()
    };
    let r = report(&vk, &t, vo);
    assert_eq!(r.code, Some("ERR_TYPE_MISMATCH"));
    assert_eq!(line(&r, "algorithm").code, Some("ERR_ALG_NOT_ALLOWED"));
    assert!(
        line(&r, "algorithm")
            .message
            .starts_with("the token says RS256"),
        "{}",
        line(&r, "algorithm").message
    );
    // without a key: the allow-list of every algorithm; typ still decides
    let r = inspect(
        &t,
        NOW,
        &InspectOptions {
            keys: None,
            verify: all_options(),
            key_error: None,
        },
    );
    assert_eq!(r.code, Some("ERR_TYPE_MISMATCH"));
    assert_eq!(line(&r, "algorithm").status, Status::Pass);
    let t = token(&key, r#"{"alg":"HS999"}"#, &session(json!({})));
    let r = inspect(
        &t,
        NOW,
        &InspectOptions {
            keys: None,
            verify: all_options(),
            key_error: None,
        },
    );
    assert_eq!(r.code, Some("ERR_TYPE_MISMATCH"));
    assert_eq!(line(&r, "algorithm").code, Some("ERR_ALG_NOT_ALLOWED"));
    // a header that does not decode: typ is skipped with the structure failure
    let r = inspect(
        "e30.e30.AA",
        NOW,
        &InspectOptions {
            keys: Some(Keys::One(&vk)),
            verify: all_options(),
            key_error: None,
        },
    );
    assert_eq!(r.code, Some("ERR_TOKEN_MALFORMED"));
    assert_eq!(line(&r, "typ").status, Status::Skip);
    // claims that do not decode: every configured claim line is skipped
    let t = token(&key, HS_AT, "[1]");
    let r = report(&vk, &t, all_options());
    let skipped: Vec<&str> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Skip)
        .map(|c| c.check)
        .collect();
    assert_eq!(
        skipped,
        ["exp", "nbf", "iat", "age", "lifetime", "aid", "iss", "aud", "client", "sub"]
    );
}

#[test]
fn report_missing_claims_under_the_options() {
    let key = hmac();
    let vk = key.verifying_key();
    // maxTokenAge needs iat even when requiredClaims does not name it
    let vo = VerifyOptions {
        required_claims: vec![],
        ..all_options()
    };
    let t = token(&key, HS_AT, &session(json!({"iat": null})));
    let r = report(&vk, &t, vo.clone());
    assert_eq!(r.code, Some("ERR_CLAIM_INVALID"));
    assert_eq!(line(&r, "iat").status, Status::Fail);
    assert_eq!(line(&r, "age").status, Status::Fail);
    // an iat of the wrong type: the iat line says so, the age line waits for it
    let t = token(&key, HS_AT, &session(json!({"iat": "yesterday"})));
    let r = report(&vk, &t, vo.clone());
    assert_eq!(line(&r, "age").status, Status::Skip);
    assert_eq!(line(&r, "iat").code, Some("ERR_CLAIM_INVALID"));
    // subject set, sub missing: the sub line fails even when sub is not required
    let t = token(&key, HS_AT, &session(json!({"sub": null})));
    let r = report(&vk, &t, vo.clone());
    assert_eq!(line(&r, "sub").status, Status::Fail);
    assert_eq!(r.code, Some("ERR_CLAIM_INVALID"));
    // ... also when another check decides first
    let t = token(&key, HS_AT, &session(json!({"sub": null, "exp": NOW - 1})));
    let r = report(&vk, &t, vo.clone());
    assert_eq!(r.code, Some("ERR_TOKEN_EXPIRED"));
    assert_eq!(line(&r, "sub").status, Status::Fail);
    // and without subject, a sub that is not required is only a warning
    let vo_plain = VerifyOptions {
        subject: None,
        ..vo.clone()
    };
    let r = report(&vk, &t, vo_plain);
    assert_eq!(line(&r, "sub").status, Status::Warn);
    // requiredClaims naming iss without the issuer option: the claims line, as before
    let vo = VerifyOptions {
        required_claims: list(&["iss"]),
        ..foreign()
    };
    let t = token(&key, HS_AT, &session(json!({"iss": null})));
    let r = report(&vk, &t, vo);
    assert_eq!(line(&r, "claims").status, Status::Fail);
    assert!(r.checks.iter().all(|c| c.check != "iss"));
    // ... and with it, the iss line
    let vo = VerifyOptions {
        required_claims: list(&["iss"]),
        issuer: Some(list(&[ISS])),
        ..foreign()
    };
    let r = report(&vk, &t, vo);
    assert_eq!(line(&r, "iss").status, Status::Fail);
    // aud and client lines decide their own missing claims
    for (over, check) in [
        (json!({"aud": null}), "aud"),
        (json!({"azp": null}), "client"),
    ] {
        let t = token(&key, HS_AT, &session(over));
        let r = report(&vk, &t, all_options());
        assert_eq!(line(&r, check).status, Status::Fail, "{check}");
        assert_eq!(line(&r, check).message, r.summary, "{check}");
        // no `claims` line is added
        assert!(r.checks.iter().all(|c| c.check != "claims"), "{check}");
    }
    // requiredClaims naming aud, azp or client_id without their option: the claims line decides
    for name in ["aud", "azp", "client_id"] {
        let vo = VerifyOptions {
            required_claims: list(&[name]),
            ..foreign()
        };
        let t = token(&key, HS_AT, &session(json!({ "aud": null, "azp": null })));
        let r = report(&vk, &t, vo);
        assert_eq!(line(&r, "claims").status, Status::Fail, "{name}");
        assert_eq!(line(&r, "claims").message, r.summary, "{name}");
        assert!(
            r.checks
                .iter()
                .all(|c| c.check != "aud" && c.check != "client"),
            "{name}"
        );
    }
}
