//! Verification rules and hostile tokens: every case is rejected with a specific code.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::*;

fn rsa() -> SigningKey {
    signing("rsa2048.pkcs8.pem")
}

fn code_of(v: &Verifier, t: &str, now: i64) -> ErrorCode {
    v.verify(t, now).unwrap_err().code()
}

#[test]
fn time_boundaries() {
    let key = rsa();
    let v = verifier(&key.verifying_key());
    let t = forge(&key, r#"{"alg":"RS256"}"#, &claims_json(NOW, NOW + 3600));
    assert!(v.verify(&t, NOW + 3599).is_ok());
    // Expired exactly at exp.
    let e = v.verify(&t, NOW + 3600).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenExpired);
    assert_eq!(e.claim_name(), Some("exp"));
    assert_eq!(e.reason(), Some("expired"));
    let e = v.verify(&t, NOW + 3600 + 200).unwrap_err();
    assert!(
        e.message()
            .contains("expired 3 min 20 s ago at 2026-11-28T11:03:00Z"),
        "{}",
        e.message()
    );
    // Tolerance extends validity.
    let tolerant = Verifier::new(
        KeySource::One(key.verifying_key()),
        VerifyOptions {
            clock_tolerance: 30,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(tolerant.verify(&t, NOW + 3629).is_ok());
    assert_eq!(code_of(&tolerant, &t, NOW + 3630), ErrorCode::TokenExpired);
    // nbf: valid at exactly nbf, not one second before.
    let t = forge(
        &key,
        r#"{"alg":"RS256"}"#,
        &format!(
            r#"{{"iat":{NOW},"nbf":{},"exp":{},"sub":"u","aid":"{APP}"}}"#,
            NOW + 60,
            NOW + 3600
        ),
    );
    assert!(v.verify(&t, NOW + 60).is_ok());
    let e = v.verify(&t, NOW + 59).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TokenNotYetValid);
    assert_eq!(e.claim_name(), Some("nbf"));
    assert!(tolerant.verify(&t, NOW + 30).is_ok());
    // iat in the future.
    let t = forge(
        &key,
        r#"{"alg":"RS256"}"#,
        &claims_json(NOW + 10, NOW + 3600).replace(
            &format!(r#""nbf":{}"#, NOW + 10),
            &format!(r#""nbf":{NOW}"#),
        ),
    );
    let e = v.verify(&t, NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.claim_name(), e.reason()),
        (ErrorCode::ClaimInvalid, Some("iat"), Some("future"))
    );
    assert!(tolerant.verify(&t, NOW).is_ok());
}

#[test]
fn lifetime_window_on_verify() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    for (life, ok) in [(600, true), (599, false), (86_400, true), (86_401, false)] {
        let t = forge(&key, r#"{"alg":"HS256"}"#, &claims_json(NOW, NOW + life));
        assert_eq!(v.verify(&t, NOW).is_ok(), ok, "{life}");
        if !ok {
            assert_eq!(code_of(&v, &t, NOW), ErrorCode::LifetimeOutOfRange);
        }
    }
}

#[test]
fn application_id() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    let t = forge(
        &key,
        r#"{"alg":"HS256"}"#,
        &claims_json(NOW, NOW + 3600).replace(APP, "abc"),
    );
    let e = v.verify(&t, NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ApplicationMismatch);
    assert_eq!(e.message(), "aid is \"abc\", expected \"dqev1ml4ld\"");
    let t = forge(
        &key,
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"iat":{NOW},"exp":{},"sub":"u"}}"#, NOW + 3600),
    );
    assert_eq!(v.verify(&t, NOW).unwrap_err().claim_name(), Some("aid"));
}

#[test]
fn claim_types_are_checked_not_skipped() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    let cases = [
        (
            format!(
                r#"{{"iat":{NOW},"exp":"{}","sub":"u","aid":"{APP}"}}"#,
                NOW + 3600
            ),
            "exp",
        ),
        (
            format!(
                r#"{{"iat":{NOW}.5,"exp":{},"sub":"u","aid":"{APP}"}}"#,
                NOW + 3600
            ),
            "iat",
        ),
        (
            format!(
                r#"{{"iat":{NOW},"exp":{},"sub":7,"aid":"{APP}"}}"#,
                NOW + 3600
            ),
            "sub",
        ),
        (
            format!(
                r#"{{"iat":{NOW},"exp":{},"sub":"u","aid":["x"]}}"#,
                NOW + 3600
            ),
            "aid",
        ),
        (
            format!(
                r#"{{"iat":{NOW},"nbf":null,"exp":{},"sub":"u","aid":"{APP}"}}"#,
                NOW + 3600
            ),
            "nbf",
        ),
        (
            format!(r#"{{"iat":{NOW},"exp":{},"aid":"{APP}"}}"#, NOW + 3600),
            "sub",
        ),
        (format!(r#"{{"iat":{NOW},"sub":"u","aid":"{APP}"}}"#), "exp"),
    ];
    for (claims, claim) in cases {
        let t = forge(&key, r#"{"alg":"HS256"}"#, &claims);
        let e = v.verify(&t, NOW).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ClaimInvalid, "{claims}");
        assert_eq!(e.claim_name(), Some(claim), "{claims}");
    }
}

#[test]
fn hostile_alg_none_and_signatures() {
    let key = rsa();
    let v = verifier(&key.verifying_key());
    let body = b64(claims_json(NOW, NOW + 3600).as_bytes());
    for alg in ["none", "None", "NONE", "nOnE"] {
        let h = b64(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
        for t in [format!("{h}.{body}."), format!("{h}.{body}.AAAA")] {
            assert_eq!(code_of(&v, &t, NOW), ErrorCode::AlgNotAllowed, "{alg}");
        }
    }
    let good = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let (input, sig) = good.rsplit_once('.').unwrap();
    assert_eq!(
        code_of(&v, &format!("{input}."), NOW),
        ErrorCode::SignatureInvalid
    );
    assert_eq!(code_of(&v, input, NOW), ErrorCode::TokenMalformed);
    // Wrong length signatures.
    let raw = unb64(sig);
    assert_eq!(
        code_of(&v, &format!("{input}.{}", b64(&raw[..255])), NOW),
        ErrorCode::SignatureInvalid
    );
    let mut longer = raw.clone();
    longer.push(0);
    assert_eq!(
        code_of(&v, &format!("{input}.{}", b64(&longer)), NOW),
        ErrorCode::SignatureInvalid
    );
    // Tampered payload.
    let other = b64(claims_json(NOW, NOW + 7200).as_bytes());
    let h = input.split('.').next().unwrap();
    assert_eq!(
        code_of(&v, &format!("{h}.{other}.{sig}"), NOW),
        ErrorCode::SignatureInvalid
    );
    // Another key's signature.
    let v2 = verifier(&signing("rsa2048b.pkcs8.pem").verifying_key());
    assert_eq!(code_of(&v2, &good, NOW), ErrorCode::SignatureInvalid);
}

#[test]
fn hostile_algorithm_confusion() {
    // An HS256 token whose secret is the RSA public key PEM text, verified with that public key.
    let pem = fixture("rsa2048.spki.pem");
    let body = claims_json(NOW, NOW + 3600);
    let forged = {
        use hmac::Mac;
        let input = format!("{}.{}", b64(br#"{"alg":"HS256"}"#), b64(body.as_bytes()));
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(pem.as_bytes()).unwrap();
        m.update(input.as_bytes());
        format!("{input}.{}", b64(&m.finalize().into_bytes()))
    };
    let vk = VerifyingKey::from_pem(&pem, &KeyOptions::default()).unwrap();
    let v = verifier(&vk);
    assert_eq!(code_of(&v, &forged, NOW), ErrorCode::AlgNotAllowed);
    // Even when the caller lists HS256 as allowed, an RSA key never verifies HMAC.
    let lax = Verifier::new(
        KeySource::One(vk),
        VerifyOptions {
            algorithms: Some(vec![Algorithm::Hs256, Algorithm::Rs256]),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(code_of(&lax, &forged, NOW), ErrorCode::AlgNotAllowed);
    // The PEM text itself is refused as an HMAC secret, with or without leading whitespace.
    for s in [pem.clone(), format!("\n  {pem}")] {
        assert_eq!(
            VerifyingKey::from_secret(s.as_bytes(), &KeyOptions::default())
                .unwrap_err()
                .code(),
            ErrorCode::KeyInvalid
        );
    }
    // Same with an EC key.
    let ec = VerifyingKey::from_pem(&fixture("ec256.spki.pem"), &KeyOptions::default()).unwrap();
    assert_eq!(
        code_of(&verifier(&ec), &forged, NOW),
        ErrorCode::AlgNotAllowed
    );
}

#[test]
fn hostile_embedded_keys_are_ignored() {
    let attacker = signing("rsa2048b.pkcs8.pem");
    let victim = rsa();
    let jwk = attacker.verifying_key().to_jwk().unwrap();
    for h in [
        format!(r#"{{"alg":"RS256","jwk":{jwk}}}"#),
        r#"{"alg":"RS256","jku":"https://attacker.example/jwks.json"}"#.to_owned(),
        r#"{"alg":"RS256","x5u":"https://attacker.example/cert.pem"}"#.to_owned(),
        r#"{"alg":"RS256","x5c":["MIIBkTCB+wIJAK"]}"#.to_owned(),
    ] {
        let t = forge(&attacker, &h, &claims_json(NOW, NOW + 3600));
        assert_eq!(
            code_of(&verifier(&victim.verifying_key()), &t, NOW),
            ErrorCode::SignatureInvalid,
            "{h}"
        );
    }
}

#[test]
fn hostile_crit_and_headers() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    let c = claims_json(NOW, NOW + 3600);
    for h in [
        r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
        r#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
        r#"{"alg":"HS256","crit":[]}"#,
        r#"{"alg":"HS256","crit":"x"}"#,
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"alg":256}"#,
        r#"{"typ":"JWT"}"#,
        r#"{"alg":"HS256","kid":5}"#,
        r#"["alg","HS256"]"#,
        r#"not json"#,
    ] {
        let t = forge(&key, h, &c);
        assert_eq!(code_of(&v, &t, NOW), ErrorCode::TokenMalformed, "{h}");
    }
    for alg in ["HS1024", "ES512", "RS1", "hs256"] {
        let t = forge(&key, &format!(r#"{{"alg":"{alg}"}}"#), &c);
        assert_eq!(code_of(&v, &t, NOW), ErrorCode::AlgNotAllowed, "{alg}");
    }
}

#[test]
fn hostile_ecdsa_signatures() {
    let key = signing("ec256.pkcs8.pem");
    let v = verifier(&key.verifying_key());
    let good = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let (input, _) = good.rsplit_once('.').unwrap();
    let n: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let one = {
        let mut a = [0u8; 32];
        a[31] = 1;
        a
    };
    let sigs: Vec<Vec<u8>> = vec![
        [[0u8; 32], [0u8; 32]].concat(), // r = s = 0 (CVE-2022-21449 "psychic signature")
        [[0u8; 32], one].concat(),       // r = 0
        [one, [0u8; 32]].concat(),       // s = 0
        [n, one].concat(),               // r = n
        [one, n].concat(),               // s = n
        [[0xffu8; 32], one].concat(),    // r > n
        vec![0u8; 63],                   // short
        vec![1u8; 72],                   // DER-length
    ];
    for s in sigs {
        let t = format!("{input}.{}", b64(&s));
        assert_eq!(code_of(&v, &t, NOW), ErrorCode::SignatureInvalid, "{s:?}");
    }
}

#[test]
fn hostile_encoding() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    let good = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let variants = [
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}==", parts[0], parts[1], parts[2]),
        format!(" {good}"),
        format!("{good}\n"),
        format!("{}. {}.{}", parts[0], parts[1], parts[2]),
        format!("{good}.extra"),
        format!("{good}.a.b"),
        format!(".{}.{}", parts[1], parts[2]),
        format!("{}..{}", parts[0], parts[2]),
        good.replace('-', "+").replace('_', "/") + if good.contains(['-', '_']) { "" } else { "+" },
        "..".to_owned(),
        "".to_owned(),
        "a.b".to_owned(),
        format!("{{\"payload\":\"{}\"}}", parts[1]),
    ];
    for t in variants {
        let c = code_of(&v, &t, NOW);
        assert!(matches!(c, ErrorCode::TokenMalformed), "{t:?} gave {c}");
    }
    // Non-canonical trailing bits: the payload's last character replaced by a sibling that
    // decodes to the same bytes (only the unused low bits differ), and the token re-signed over
    // that text, so only strict base64url decoding can refuse it. Payloads of every length class
    // are built; those whose encoding has unused bits (length % 4 of 2 or 3) must all be refused.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut classes = std::collections::BTreeSet::new();
    for pad in 0..6 {
        let claims = format!(
            r#"{{"iat":{NOW},"exp":{},"sub":"u","aid":"{APP}","p":"{}"}}"#,
            NOW + 3600,
            "x".repeat(pad)
        );
        let header = b64(br#"{"alg":"HS256"}"#);
        let mut payload = b64(claims.as_bytes());
        let class = payload.len() % 4;
        if class == 0 {
            continue;
        }
        let last = payload.pop().unwrap();
        let i = alphabet.iter().position(|c| *c as char == last).unwrap();
        payload.push(alphabet[i ^ 1] as char);
        let input = format!("{header}.{payload}");
        let t = format!("{input}.{}", b64(&key.sign(input.as_bytes()).unwrap()));
        assert_eq!(code_of(&v, &t, NOW), ErrorCode::TokenMalformed, "{t}");
        classes.insert(class);
    }
    assert_eq!(
        classes.into_iter().collect::<Vec<_>>(),
        [2, 3],
        "both length classes with unused bits were tried"
    );
}

#[test]
fn hostile_payloads() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    for p in [
        format!(
            r#"{{"iat":{NOW},"exp":{},"sub":"u","sub":"admin","aid":"{APP}"}}"#,
            NOW + 3600
        ),
        format!(r#"{{"iat":{NOW},"exp":9007199254740993,"sub":"u","aid":"{APP}"}}"#),
        format!(
            r#"{{"iat":{NOW},"exp":{},"sub":"u","aid":"{APP}","n":1e300}}"#,
            NOW + 3600
        ),
        "[1,2,3]".to_owned(),
        "\"a string\"".to_owned(),
        "42".to_owned(),
        "null".to_owned(),
        "".to_owned(),
        "{".to_owned(),
        "\u{feff}{}".to_owned(),
    ] {
        let t = forge(&key, r#"{"alg":"HS256"}"#, &p);
        assert_eq!(code_of(&v, &t, NOW), ErrorCode::TokenMalformed, "{p}");
    }
}

#[test]
fn hostile_size() {
    let key = hmac();
    let v = verifier(&key.verifying_key());
    let huge = "a".repeat(10 * 1024 * 1024);
    assert_eq!(code_of(&v, &huge, NOW), ErrorCode::TokenTooLarge);
    let t = forge(
        &key,
        r#"{"alg":"HS256"}"#,
        &format!(
            r#"{{"iat":{NOW},"exp":{},"sub":"u","aid":"{APP}","pad":"{}"}}"#,
            NOW + 3600,
            "x".repeat(9000)
        ),
    );
    assert_eq!(code_of(&v, &t, NOW), ErrorCode::TokenTooLarge);
    let big = Verifier::new(
        KeySource::One(key.verifying_key()),
        VerifyOptions {
            max_token_length: 64 * 1024,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(big.verify(&t, NOW).is_ok());
}

#[test]
fn key_sets() {
    let a = rsa();
    let b = signing("rsa2048b.pkcs8.pem");
    let e = signing("ec256.pkcs8.pem");
    let jwks = serde_json::json!({"keys": [
        a.verifying_key().to_jwk().unwrap(),
        b.verifying_key().to_jwk().unwrap(),
        e.verifying_key().to_jwk().unwrap(),
        {"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"},
        {"kty":"EC","crv":"P-384","x":"AA","y":"AA"},
    ]});
    let set = KeySet::from_jwks(&jwks).unwrap();
    assert_eq!(set.keys().len(), 3);
    assert_eq!(set.skipped().len(), 2);
    let v = Verifier::new(KeySource::Set(set.clone()), VerifyOptions::default()).unwrap();
    assert_eq!(v.algorithms(), &[Algorithm::Rs256, Algorithm::Es256]);
    for k in [&a, &b, &e] {
        let t = issuer(k).issue(NOW, "u", &IssueOptions::default()).unwrap();
        assert!(v.verify(&t, NOW).is_ok());
    }
    // Unknown kid.
    let t = forge(
        &a,
        r#"{"alg":"RS256","kid":"nope"}"#,
        &claims_json(NOW, NOW + 3600),
    );
    assert_eq!(code_of(&v, &t, NOW), ErrorCode::KeyNotFound);
    // No kid: selected by algorithm, tried in turn.
    let t = forge(&b, r#"{"alg":"RS256"}"#, &claims_json(NOW, NOW + 3600));
    assert!(v.verify(&t, NOW).is_ok());
    // kid of an EC key on an RS256 token.
    let t = forge(
        &a,
        &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, e.key_id().unwrap()),
        &claims_json(NOW, NOW + 3600),
    );
    assert_eq!(code_of(&v, &t, NOW), ErrorCode::KeyNotFound);
    assert_eq!(
        KeySet::from_jwks(&serde_json::json!({"keys": 5}))
            .unwrap_err()
            .code(),
        ErrorCode::KeyInvalid
    );
    let many: Vec<_> = (0..101)
        .map(|_| a.verifying_key().to_jwk().unwrap())
        .collect();
    assert_eq!(
        KeySet::from_jwks(&serde_json::json!({"keys": many}))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn jws_level() {
    let key = signing("ed25519.pkcs8.pem");
    let vk = key.verifying_key();
    let t = jws::sign_compact(&key, b"").unwrap();
    let (_, p) =
        sceyt_token::decision::verify_compact(&t, sceyt_token::Keys::One(&vk), None, 8192).unwrap();
    assert!(p.is_empty());
    // The same token is a malformed JWT.
    assert_eq!(code_of(&verifier(&vk), &t, NOW), ErrorCode::TokenMalformed);
    let t = jws::sign_compact(&key, &[0xff, 0, 1]).unwrap();
    assert_eq!(
        sceyt_token::decision::verify_compact(&t, sceyt_token::Keys::One(&vk), None, 8192)
            .unwrap()
            .1,
        vec![0xff, 0, 1]
    );
    assert_eq!(
        sceyt_token::decision::verify_compact(
            &t,
            sceyt_token::Keys::One(&vk),
            Some(&[Algorithm::Rs256]),
            8192
        )
        .unwrap_err()
        .code(),
        ErrorCode::AlgNotAllowed
    );
}

#[test]
fn decode_without_trust() {
    let key = hmac();
    let t = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let (h, c) = decode_unverified(&t, 8192).unwrap();
    assert_eq!(h["alg"], "HS256");
    assert_eq!(c["sub"], "u");
    assert_eq!(
        decode_unverified("x.y.z", 8192).unwrap_err().code(),
        ErrorCode::TokenMalformed
    );
}

#[test]
fn inspect_report() {
    use sceyt_token::inspect::{inspect, InspectOptions, Status, Verdict};
    let key = rsa();
    let vk = key.verifying_key();
    let t = issuer(&key)
        .issue(NOW, "user-42", &IssueOptions::default())
        .unwrap();
    let with_key = InspectOptions {
        keys: Some(sceyt_token::Keys::One(&vk)),
        verify: VerifyOptions {
            application_id: Some(APP.into()),
            ..Default::default()
        },
        key_error: None,
    };
    let r = inspect(&t, NOW + 60, &with_key);
    assert_eq!(r.verdict, Verdict::Valid, "{:?}", r.checks);
    assert!(
        r.checks.iter().all(|c| c.status == Status::Pass),
        "{:?}",
        r.checks
    );
    let names: Vec<_> = r.checks.iter().map(|c| c.check).collect();
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
    assert_eq!(r.times.exp.as_ref().unwrap().from_now, 6 * 3600 - 60);
    // Expired: message a person can act on.
    let r = inspect(&t, NOW + 6 * 3600 + 200, &with_key);
    assert_eq!(r.verdict, Verdict::Expired);
    assert_eq!(
        r.summary,
        "token expired 3 min 20 s ago at 2026-11-28T16:03:00Z"
    );
    assert_eq!(r.code, Some("ERR_TOKEN_EXPIRED"));
    // No key: unverified.
    let r = inspect(&t, NOW, &InspectOptions::default());
    assert_eq!(r.verdict, Verdict::Unverified);
    // Tampered payload with the key: signature fails, claims still shown.
    let parts: Vec<&str> = t.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(claims_json(NOW, NOW + 3600)
            .replace("user-42", "admin")
            .as_bytes()),
        parts[2]
    );
    let r = inspect(&forged, NOW, &with_key);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(r.code, Some("ERR_SIGNATURE_INVALID"));
    assert_eq!(r.claims.as_ref().unwrap()["sub"], "admin");
    // Wrong aid.
    let other = InspectOptions {
        verify: VerifyOptions {
            application_id: Some("other".into()),
            ..Default::default()
        },
        ..with_key.clone()
    };
    let r = inspect(&t, NOW, &other);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(r.summary, "aid is \"dqev1ml4ld\", expected \"other\"");
    // Garbage never panics, reports per part.
    for junk in [
        "",
        "....",
        "a.b.c",
        "eyJhbGciOiJub25lIn0.e30.",
        &"x".repeat(100_000),
        "Bearer x.y.z",
        "\u{0}.\u{1}.\u{2}",
    ] {
        let r = inspect(junk, NOW, &with_key);
        assert_eq!(r.verdict, Verdict::Invalid, "{junk:?}");
        assert!(!r.summary.is_empty());
    }
    let r = inspect("eyJhbGciOiJub25lIn0.e30.", NOW, &with_key);
    assert_eq!(r.code, Some("ERR_ALG_NOT_ALLOWED"), "{:?}", r.checks);
    // The report judges the token exactly as a verifier does: no prefix or whitespace is
    // removed (the demo page strips them itself before asking).
    let r = inspect(&format!("Bearer {t}\n"), NOW + 1, &with_key);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(r.code, Some("ERR_TOKEN_MALFORMED"));
}

/// What a pasted token gets told: the `Bearer ` scheme (any case), and whitespace at either end
/// (any Unicode whitespace, as `str::trim` sees it), each with its own hint; whitespace inside is
/// a character error, not the paste hint; a clean token gets neither.
#[test]
fn paste_hints() {
    let t = issuer(&rsa())
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    let message = |s: &str| decode_unverified(s, 8192).unwrap_err().to_string();
    for pasted in [
        format!("Bearer {t}"),
        format!("bearer {t}"),
        format!("BEARER {t}"),
    ] {
        assert!(message(&pasted).contains("\"Bearer \""), "{pasted:?}");
    }
    for pasted in [
        format!(" {t}"),
        format!("{t}\n"),
        format!("\t{t}"),
        format!("{t}\u{a0}"),
        format!("\u{2003}{t}"),
    ] {
        let m = message(&pasted);
        assert!(
            m.contains("leading or trailing whitespace"),
            "{pasted:?}: {m}"
        );
    }
    let inner = t.replacen('.', ". ", 1);
    assert!(
        !message(&inner).contains("leading or trailing"),
        "{inner:?}"
    );
    assert!(decode_unverified(&t, 8192).is_ok());
}

/// An EdDSA signature whose R is a canonical encoding of no curve point passes the byte rule of
/// the shape check and is refused by the primitive (ed25519-compact decodes R), with the same
/// error as any bad signature; R of small order is refused by the shape check.
#[test]
fn eddsa_r_that_is_no_point() {
    let key = signing("ed25519.pkcs8.pem");
    let v = verifier(&key.verifying_key());
    let t = issuer(&key)
        .issue(NOW, "u", &IssueOptions::default())
        .unwrap();
    assert!(v.verify(&t, NOW + 1).is_ok());
    let (head, sig) = t.rsplit_once('.').unwrap();
    let sig = unb64(sig);
    let mut tried = 0;
    for y in 2u8..=255 {
        let mut r = [0u8; 32];
        r[0] = y;
        if ed25519_compact::PublicKey::from_slice(&r)
            .unwrap()
            .validate()
            .is_ok()
        {
            continue;
        }
        let mut forged = sig.clone();
        forged[..32].copy_from_slice(&r);
        let bad = format!("{head}.{}", b64(&forged));
        assert_eq!(
            code_of(&v, &bad, NOW + 1),
            ErrorCode::SignatureInvalid,
            "y = {y}"
        );
        tried += 1;
    }
    assert!(tried > 50, "{tried} encodings of no point tried");
    let mut small = sig.clone();
    small[..32].copy_from_slice(&{
        let mut one = [0u8; 32];
        one[0] = 1;
        one
    });
    let bad = format!("{head}.{}", b64(&small));
    assert_eq!(code_of(&v, &bad, NOW + 1), ErrorCode::SignatureInvalid);
}
