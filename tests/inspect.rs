//! The report (`inspect`), case by case: for each token the verdict, the code, which check decided
//! and the status of every check are pinned, and the verdict and code are the ones the verifier's
//! decision gives under the same options (the native half of the differential property).
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::inspect::{inspect, InspectOptions, Report, Status, Verdict};
use sceyt_token::*;

const HS: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn opts(vk: &VerifyingKey, vo: VerifyOptions) -> InspectOptions<'_> {
    InspectOptions {
        keys: Some(Keys::One(vk)),
        verify: vo,
        key_error: None,
    }
}

fn with_app() -> VerifyOptions {
    VerifyOptions {
        application_id: Some(APP.into()),
        ..Default::default()
    }
}

/// `name=status` for every check, in order.
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

fn message<'a>(r: &'a Report, check: &str) -> &'a str {
    &r.checks.iter().find(|c| c.check == check).unwrap().message
}

/// Checks the report of `token` and that verification under the same options agrees.
#[allow(clippy::too_many_arguments)]
fn case(
    name: &str,
    token: &str,
    now: i64,
    vk: &VerifyingKey,
    vo: VerifyOptions,
    verdict: Verdict,
    code: Option<&str>,
    expected: &[impl AsRef<str>],
) -> Report {
    let o = opts(vk, vo.clone());
    let r = inspect(token, now, &o);
    assert_eq!(r.verdict, verdict, "{name}: verdict ({:?})", r.checks);
    assert_eq!(r.code, code, "{name}: code ({:?})", r.checks);
    let expected: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
    assert_eq!(statuses(&r), expected, "{name}: checks");
    // The deciding check carries the report's code.
    if let Some(code) = code {
        let failing: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .collect();
        assert!(
            failing.iter().any(|c| c.code == Some(code)),
            "{name}: no failing check carries {code}: {failing:?}"
        );
        assert_eq!(
            r.summary,
            failing
                .iter()
                .find(|c| c.code == Some(code))
                .unwrap()
                .message,
            "{name}: summary"
        );
    }
    // The same decision as the verifier.
    let v = decision::verify_with(
        Keys::One(vk),
        token,
        now,
        &vo,
        &sceyt_token::primitive::Pure,
    );
    assert_eq!(
        v.result.as_ref().err().map(|e| e.code().as_str()),
        code,
        "{name}: verify_with disagrees"
    );
    r
}

const ALL_PASS: [&str; 9] = [
    "structure=pass",
    "algorithm=pass",
    "signature=pass",
    "exp=pass",
    "nbf=pass",
    "iat=pass",
    "lifetime=pass",
    "aid=pass",
    "sub=pass",
];

/// ALL_PASS with some checks' statuses changed (and `claims` appended when named).
fn with(changes: &[(&str, &str)]) -> Vec<String> {
    let mut out: Vec<String> = ALL_PASS.iter().map(|s| s.to_string()).collect();
    for (name, status) in changes {
        match out.iter_mut().find(|s| s.starts_with(&format!("{name}="))) {
            Some(s) => *s = format!("{name}={status}"),
            None => out.push(format!("{name}={status}")),
        }
    }
    out
}

#[test]
fn report_case_by_case() {
    let key = hmac();
    let vk = key.verifying_key();
    let t = |payload: &str| forge(&key, HS, payload);
    let claims = |iat: i64, nbf: i64, exp: i64, extra: &str| {
        format!(r#"{{"iat":{iat},"nbf":{nbf},"exp":{exp},"sub":"user-42","aid":"{APP}"{extra}}}"#)
    };
    let good = t(&claims(NOW, NOW, NOW + 3600, ""));

    let r = case(
        "valid",
        &good,
        NOW + 60,
        &vk,
        with_app(),
        Verdict::Valid,
        None,
        &ALL_PASS,
    );
    assert_eq!(r.times.lifetime, Some(3600));
    assert_eq!(
        message(&r, "lifetime"),
        "lifetime 1 h is inside the window 10 min … 24 h"
    );
    let p = policy::LifetimePolicy::new(900, 7200).unwrap();
    assert_eq!((p.min(), p.max()), (900, 7200));
    let narrow = VerifyOptions {
        policy: Some(p),
        ..with_app()
    };
    let rn = inspect(&good, NOW, &opts(&vk, narrow));
    assert_eq!(
        message(&rn, "lifetime"),
        "lifetime 1 h is inside the window 15 min … 2 h"
    );
    assert!(
        message(&r, "nbf").starts_with("valid since 1 min ago"),
        "{}",
        message(&r, "nbf")
    );

    let r = case(
        "expired",
        &good,
        NOW + 3601,
        &vk,
        with_app(),
        Verdict::Expired,
        Some("ERR_TOKEN_EXPIRED"),
        &with(&[("exp", "fail")]),
    );
    assert_eq!(r.times.exp.as_ref().unwrap().from_now, -1);

    // nbf ahead of now: refused beyond the tolerance, accepted within it (and said so).
    let ahead = t(&claims(NOW - 10, NOW + 30, NOW + 3600, ""));
    case(
        "not yet valid",
        &ahead,
        NOW,
        &vk,
        with_app(),
        Verdict::NotYetValid,
        Some("ERR_TOKEN_NOT_YET_VALID"),
        &with(&[("nbf", "fail")]),
    );
    let tolerant = VerifyOptions {
        clock_tolerance: 60,
        ..with_app()
    };
    let r = case(
        "nbf within tolerance",
        &ahead,
        NOW,
        &vk,
        tolerant,
        Verdict::Valid,
        None,
        &ALL_PASS,
    );
    assert!(
        message(&r, "nbf").contains("within the clock tolerance"),
        "{}",
        message(&r, "nbf")
    );

    // iat in the future.
    let future = t(&claims(NOW + 600, NOW, NOW + 4200, ""));
    case(
        "iat in the future",
        &future,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("iat", "fail")]),
    );

    // A 30 h lifetime: the lifetime check decides; with the policy off it is skipped.
    let long = t(&claims(NOW, NOW, NOW + 30 * 3600, ""));
    let r = case(
        "lifetime out of range",
        &long,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_LIFETIME_OUT_OF_RANGE"),
        &with(&[("lifetime", "fail")]),
    );
    assert_eq!(r.times.lifetime, Some(30 * 3600));
    let off = VerifyOptions {
        policy: None,
        ..with_app()
    };
    let r = case(
        "policy off",
        &long,
        NOW,
        &vk,
        off,
        Verdict::Valid,
        None,
        &with(&[("lifetime", "skip")]),
    );
    assert_eq!(message(&r, "lifetime"), "the lifetime policy is off");
    assert_eq!(r.times.lifetime, Some(30 * 3600));

    // aid: another application, a number, absent with and without an expected one.
    let other = VerifyOptions {
        application_id: Some("other".into()),
        ..Default::default()
    };
    case(
        "aid mismatch",
        &good,
        NOW,
        &vk,
        other,
        Verdict::Invalid,
        Some("ERR_APPLICATION_MISMATCH"),
        &with(&[("aid", "fail")]),
    );
    let numeric = t(&format!(
        r#"{{"iat":{NOW},"nbf":{NOW},"exp":{},"sub":"u","aid":7}}"#,
        NOW + 3600
    ));
    case(
        "numeric aid",
        &numeric,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("aid", "fail")]),
    );
    let no_aid = t(&format!(
        r#"{{"iat":{NOW},"nbf":{NOW},"exp":{},"sub":"u"}}"#,
        NOW + 3600
    ));
    let r = case(
        "no aid, none expected",
        &no_aid,
        NOW,
        &vk,
        VerifyOptions::default(),
        Verdict::Valid,
        None,
        &with(&[("aid", "warn")]),
    );
    assert!(message(&r, "aid").contains("no \"aid\" claim"));
    // Not required: a plain warning, with no error code.
    assert_eq!(
        r.checks.iter().find(|c| c.check == "aid").unwrap().code,
        None
    );
    let r = case(
        "aid present, none expected",
        &good,
        NOW,
        &vk,
        VerifyOptions::default(),
        Verdict::Valid,
        None,
        &with(&[("aid", "skip")]),
    );
    assert!(message(&r, "aid").contains("no expected application id given"));
    let aid_required = VerifyOptions {
        required_claims: vec!["sub".into(), "iat".into(), "exp".into(), "aid".into()],
        ..Default::default()
    };
    case(
        "aid required and missing",
        &no_aid,
        NOW,
        &vk,
        aid_required,
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("aid", "fail")]),
    );

    // sub: required by default; a warning when not required.
    let no_sub = t(&format!(
        r#"{{"iat":{NOW},"nbf":{NOW},"exp":{},"aid":"{APP}"}}"#,
        NOW + 3600
    ));
    case(
        "no sub",
        &no_sub,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("sub", "fail")]),
    );
    let lax = VerifyOptions {
        required_claims: vec!["exp".into()],
        ..with_app()
    };
    case(
        "no sub, not required",
        &no_sub,
        NOW,
        &vk,
        lax.clone(),
        Verdict::Valid,
        None,
        &with(&[("sub", "warn")]),
    );
    // An expired token without sub: the decision refuses the missing required claim first, and
    // the report says so (both failures are shown; the code and verdict are the decision's).
    case(
        "expired without sub",
        &no_sub,
        NOW + 7200,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("exp", "fail"), ("sub", "fail")]),
    );
    // No time claims at all, nothing required but exp: iat and nbf missing are warnings.
    let bare = t(&format!(
        r#"{{"exp":{},"sub":"u","aid":"{APP}"}}"#,
        NOW + 60
    ));
    let r = case(
        "only exp",
        &bare,
        NOW,
        &vk,
        lax,
        Verdict::Valid,
        None,
        &with(&[("nbf", "warn"), ("iat", "warn"), ("lifetime", "skip")]),
    );
    assert_eq!(message(&r, "lifetime"), "needs both \"iat\" and \"exp\"");

    // Other required claims.
    let want_role = VerifyOptions {
        required_claims: vec!["sub".into(), "iat".into(), "exp".into(), "role".into()],
        ..with_app()
    };
    case(
        "required role missing",
        &good,
        NOW,
        &vk,
        want_role.clone(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("claims", "fail")]),
    );
    let with_role = t(&claims(NOW, NOW, NOW + 3600, r#","role":"admin""#));
    let r = case(
        "required role present",
        &with_role,
        NOW,
        &vk,
        want_role,
        Verdict::Valid,
        None,
        &with(&[("claims", "pass")]),
    );
    assert_eq!(message(&r, "claims"), "required claims present: role");

    // A time claim that is not a number.
    let bad_exp = t(&format!(
        r#"{{"iat":{NOW},"nbf":{NOW},"exp":"soon","sub":"u","aid":"{APP}"}}"#
    ));
    case(
        "exp not a number",
        &bad_exp,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("exp", "fail"), ("lifetime", "skip")]),
    );

    // nbf that is not a number: the nbf check decides.
    let bad_nbf = t(&format!(
        r#"{{"iat":{NOW},"nbf":"later","exp":{},"sub":"u","aid":"{APP}"}}"#,
        NOW + 3600
    ));
    case(
        "nbf not a number",
        &bad_nbf,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_CLAIM_INVALID"),
        &with(&[("nbf", "fail")]),
    );

    // The signature: wrong, and no key given.
    let other_key = SigningKey::from_secret(
        b"another secret of thirty-two bytes!!",
        &KeyOptions::default(),
    )
    .unwrap();
    let forged = forge(&other_key, HS, &claims(NOW, NOW, NOW + 3600, ""));
    case(
        "bad signature",
        &forged,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_SIGNATURE_INVALID"),
        &with(&[("signature", "fail")]),
    );
    let r = inspect(
        &good,
        NOW,
        &InspectOptions {
            keys: None,
            verify: with_app(),
            key_error: None,
        },
    );
    assert_eq!(r.verdict, Verdict::Unverified);
    assert_eq!(r.code, None);
    assert_eq!(
        message(&r, "signature"),
        "no key given: the signature was not checked"
    );
    assert_eq!(
        r.checks
            .iter()
            .find(|c| c.check == "signature")
            .unwrap()
            .status,
        Status::Skip
    );

    // alg none: the algorithm decides, the signature is skipped.
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(claims(NOW, NOW, NOW + 3600, "").as_bytes())
    );
    let r = case(
        "alg none",
        &none,
        NOW,
        &vk,
        with_app(),
        Verdict::Invalid,
        Some("ERR_ALG_NOT_ALLOWED"),
        &with(&[("algorithm", "fail"), ("signature", "skip")]),
    );
    assert_eq!(
        message(&r, "signature"),
        "not checked: the token's structure or algorithm failed"
    );
}

#[test]
fn report_of_broken_structure() {
    let key = hmac();
    let vk = key.verifying_key();
    let payload = b64(claims_json(NOW, NOW + 3600).as_bytes());
    let header = b64(br#"{"alg":"HS256"}"#);
    // A JSON array as the payload, correctly signed: the signature passes, the claims cannot.
    let array = forge(&key, r#"{"alg":"HS256"}"#, "[1,2]");
    for (name, token, part, header_ok) in [
        ("empty header", format!(".{payload}.c2ln"), "header", false),
        (
            "header not base64url",
            format!("{header}!.{payload}.c2ln"),
            "header",
            false,
        ),
        ("empty payload", format!("{header}..c2ln"), "payload", true),
        ("payload not an object", array, "payload", true),
    ] {
        let r = inspect(&token, NOW, &opts(&vk, with_app()));
        assert_eq!(r.verdict, Verdict::Invalid, "{name}");
        assert_eq!(
            r.code,
            Some("ERR_TOKEN_MALFORMED"),
            "{name}: {:?}",
            r.checks
        );
        assert_eq!(r.checks[0].check, "structure", "{name}");
        assert_eq!(r.checks[0].status, Status::Fail, "{name}");
        let p = match part {
            "header" => &r.parts.header,
            _ => &r.parts.payload,
        };
        assert!(
            p.error.is_some(),
            "{name}: the {part} part names its problem"
        );
        if !header_ok {
            for c in r
                .checks
                .iter()
                .filter(|c| c.check == "algorithm" || c.check == "signature")
            {
                assert_ne!(
                    c.status,
                    Status::Pass,
                    "{name}: {} passed without a header",
                    c.check
                );
            }
        }
        if part == "payload" {
            // No claims to check: every claim check is skipped, with the reason.
            for c in r
                .checks
                .iter()
                .filter(|c| ["exp", "nbf", "iat", "lifetime", "aid", "sub"].contains(&c.check))
            {
                assert_eq!(c.status, Status::Skip, "{name}: {}", c.check);
                assert_eq!(
                    c.message, "not checked: the token could not be decoded",
                    "{name}: {}",
                    c.check
                );
            }
        }
        let v = decision::verify_with(
            Keys::One(&vk),
            &token,
            NOW,
            &with_app(),
            &sceyt_token::primitive::Pure,
        );
        assert_eq!(
            v.result.err().map(|e| e.code()),
            Some(ErrorCode::TokenMalformed),
            "{name}"
        );
    }
    let r = inspect(&format!(".{payload}.c2ln"), NOW, &opts(&vk, with_app()));
    assert_eq!(
        r.parts.header.error.as_deref(),
        Some("the header segment is empty")
    );
    let r = inspect(&format!("{header}..c2ln"), NOW, &opts(&vk, with_app()));
    assert_eq!(
        r.parts.payload.error.as_deref(),
        Some("the JWT payload is empty")
    );
    // Not even three parts: every check after the structure is listed, skipped, with the reason.
    let r = inspect("a.b", NOW, &opts(&vk, with_app()));
    assert_eq!(r.code, Some("ERR_TOKEN_MALFORMED"));
    let names: Vec<_> = r.checks.iter().map(|c| c.check).collect();
    let all: Vec<_> = ALL_PASS
        .iter()
        .map(|s| s.split('=').next().unwrap())
        .collect();
    assert_eq!(names, all);
    for c in &r.checks[1..] {
        assert_eq!(c.status, Status::Skip, "{}", c.check);
    }
    for c in &r.checks[3..] {
        assert_eq!(
            c.message, "not checked: the token could not be decoded",
            "{}",
            c.check
        );
    }
    // With another claim required, the `claims` check is listed (skipped) too.
    let want_role = VerifyOptions {
        required_claims: vec!["sub".into(), "role".into()],
        ..with_app()
    };
    let r = inspect("a.b", NOW, &opts(&vk, want_role));
    assert_eq!(
        r.checks.last().map(|c| (c.check, c.status)),
        Some(("claims", Status::Skip))
    );
    // A signed payload that is not an object: the structure check decides, no other is added.
    let r = inspect(
        &forge(&key, r#"{"alg":"HS256"}"#, "[1,2]"),
        NOW,
        &opts(&vk, with_app()),
    );
    assert_eq!(
        r.checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .map(|c| c.check)
            .collect::<Vec<_>>(),
        ["structure"]
    );
    assert!(r.checks.iter().all(|c| c.check != "claims"));
    // The structure failed before the algorithm was looked at: skipped, and said why.
    let r = inspect(&format!("{header}..c2ln"), NOW, &opts(&vk, with_app()));
    let alg = r.checks.iter().find(|c| c.check == "algorithm").unwrap();
    assert_eq!(alg.status, Status::Skip);
    assert_eq!(
        alg.message,
        "alg \"HS256\" not checked: the token's structure failed"
    );
}

/// Two required claims missing: the first decides (its line is the decision's error), the second
/// is still a failure, not a warning, because it is required; with `requiredClaims` naming neither,
/// both are warnings and the verdict moves on. (Guards `Claims::required`.)
#[test]
fn every_missing_required_claim_fails_not_only_the_deciding_one() {
    let key = hmac();
    let vk = key.verifying_key();
    let no_exp_no_iat = forge(
        &key,
        HS,
        &format!(r#"{{"nbf":{NOW},"sub":"user-42","aid":"{APP}"}}"#),
    );
    let r = inspect(&no_exp_no_iat, NOW + 60, &opts(&vk, with_app()));
    let st = statuses(&r);
    assert!(st.contains(&"exp=fail".to_string()), "{st:?}");
    assert!(
        st.contains(&"iat=fail".to_string()),
        "the second required claim: {st:?}"
    );
    assert_eq!(r.code, Some("ERR_CLAIM_INVALID"));
    let lax = VerifyOptions {
        required_claims: vec!["sub".into()],
        ..with_app()
    };
    let st = statuses(&inspect(&no_exp_no_iat, NOW + 60, &opts(&vk, lax)));
    assert!(st.contains(&"iat=warn".to_string()), "{st:?}");
}

/// The signature part of the report: its decoded length, or what is wrong with its segment.
/// (Guards the signature segment's decoding in `inspect/checks.rs`.)
#[test]
fn the_signature_part_has_its_length_or_its_error() {
    let key = hmac();
    let vk = key.verifying_key();
    let good = forge(&key, HS, &claims_json(NOW, NOW + 3600));
    let r = inspect(&good, NOW + 60, &opts(&vk, VerifyOptions::default()));
    assert_eq!(r.parts.signature.length, Some(32), "HS256 signature bytes");
    assert_eq!(r.parts.signature.error, None);
    let (input, _) = good.rsplit_once('.').unwrap();
    let padded = format!("{input}.abc=");
    let r = inspect(&padded, NOW + 60, &opts(&vk, VerifyOptions::default()));
    assert_eq!(r.parts.signature.length, None);
    assert_eq!(
        r.parts.signature.error.as_deref(),
        Some("the signature segment has base64 padding ('='), which JWS forbids")
    );
    let empty = format!("{input}.");
    let r = inspect(&empty, NOW + 60, &opts(&vk, VerifyOptions::default()));
    assert_eq!(r.parts.signature.length, Some(0));
    assert_eq!(
        r.parts.signature.error.as_deref(),
        Some("the signature segment is empty")
    );
}
