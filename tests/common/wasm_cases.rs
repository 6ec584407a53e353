//! The wasm suite's cases, shared by tests/web.rs (Node: `wasm-pack test --node`) and
//! tests/browser.rs (`wasm-pack test --headless --chrome` / `--firefox`). They cover the core in wasm
//! (vectors, every algorithm, hostile tokens) and the binding layer (TokenError codes, the native
//! path against the pure-wasm one, generated keys, the report).

use js_sys::Reflect;
use sceyt_token::js::{self, JsSigningKey, JsTokenIssuer, JsTokenVerifier, JsVerifyingKey};
use sceyt_token::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const NOW: i64 = 1_795_860_180;
const APP: &str = "dqev1ml4ld";
const RSA: &str = include_str!("../fixtures/rsa2048.pkcs8.pem");
const RSA1: &str = include_str!("../fixtures/rsa2048.pkcs1.pem");
const RSA_B: &str = include_str!("../fixtures/rsa2048b.pkcs8.pem");
const EC: &str = include_str!("../fixtures/ec256.pkcs8.pem");
const ED: &str = include_str!("../fixtures/ed25519.pkcs8.pem");
const RSA1024: &str = include_str!("../fixtures/rsa1024.pkcs8.pem");
const V41: &str = include_str!("../vectors/4_1.rsa_v15_signature.json");
const V42: &str = include_str!("../vectors/4_2.rsa-pss_signature.json");
const V44: &str = include_str!("../vectors/4_4.hmac-sha2_integrity_protection.json");
const V8037: &str = include_str!("../vectors/rfc8037_ed25519.json");

/// The package's one `TokenError` class: the source of pkg/entries/error.mjs, evaluated. (Not a
/// wasm-bindgen `module = ".../error.mjs"` import: the browser test server sends `.mjs` files as
/// application/octet-stream, which browsers refuse to run as modules.)
const ERROR_MJS: &str = include_str!("../../pkg/entries/error.mjs");

/// Registers the package's `TokenError`, as pkg/entries/glue.mjs does before anything else runs:
/// without it the raw wasm throws plain `Error`s.
fn register() {
    let source = ERROR_MJS.replace("export class TokenError", "class TokenError");
    assert_ne!(
        source, ERROR_MJS,
        "pkg/entries/error.mjs exports no class TokenError"
    );
    let class = js_sys::Function::new_no_args(&format!("{source}\nreturn TokenError;"))
        .call0(&JsValue::UNDEFINED)
        .expect("pkg/entries/error.mjs evaluates");
    js::set_error_class(class.unchecked_into());
}

fn code(e: &JsValue) -> String {
    Reflect::get(e, &"code".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn opts(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn b64(bytes: &[u8]) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(bytes)
}

#[wasm_bindgen_test]
fn vectors_match_byte_for_byte() {
    register();
    for (text, deterministic) in [(V41, true), (V42, false), (V44, true), (V8037, true)] {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let alg = Algorithm::from_name(v["input"]["alg"].as_str().unwrap()).unwrap();
        let o = KeyOptions {
            algorithm: Some(alg),
            key_id: None,
        };
        let vk = VerifyingKey::from_jwk(&v["input"]["key"], &o).unwrap();
        let compact = v["output"]["compact"].as_str().unwrap();
        sceyt_token::decision::verify_compact(
            compact,
            sceyt_token::Keys::One(&vk),
            Some(&[alg]),
            8192,
        )
        .unwrap();
        if deterministic {
            let sk = SigningKey::from_jwk(&v["input"]["key"], &o).unwrap();
            let sig = sk
                .sign(v["signing"]["sig-input"].as_str().unwrap().as_bytes())
                .unwrap();
            assert_eq!(b64(&sig), v["signing"]["sig"].as_str().unwrap());
        }
    }
}

#[wasm_bindgen_test]
fn every_algorithm_round_trips_in_wasm() {
    register();
    let mut keys = vec![
        SigningKey::from_pem(EC, &KeyOptions::default()).unwrap(),
        SigningKey::from_pem(ED, &KeyOptions::default()).unwrap(),
        SigningKey::from_pem(RSA1, &KeyOptions::default()).unwrap(),
        SigningKey::from_secret(
            &[3u8; 64],
            &KeyOptions {
                algorithm: Some(Algorithm::Hs512),
                key_id: None,
            },
        )
        .unwrap(),
    ];
    keys.push(
        SigningKey::from_pem(
            RSA,
            &KeyOptions {
                algorithm: Some(Algorithm::Ps256),
                key_id: None,
            },
        )
        .unwrap(),
    );
    for key in keys {
        let issuer = Issuer::new(key.clone(), IssuerOptions::new(APP)).unwrap();
        let t = issuer
            .issue(NOW, "user-42", &IssueOptions::default())
            .unwrap();
        let v = Verifier::new(
            KeySource::One(key.verifying_key()),
            VerifyOptions::default(),
        )
        .unwrap();
        assert_eq!(v.verify(&t, NOW + 1).unwrap().claims()["sub"], "user-42");
        assert_eq!(
            v.verify(&t, NOW + 6 * 3600).unwrap_err().code(),
            ErrorCode::TokenExpired
        );
    }
}

#[wasm_bindgen_test]
fn hostile_tokens_in_wasm() {
    register();
    let key = SigningKey::from_pem(EC, &KeyOptions::default()).unwrap();
    let v = Verifier::new(
        KeySource::One(key.verifying_key()),
        VerifyOptions::default(),
    )
    .unwrap();
    let body = b64(format!(r#"{{"iat":{NOW},"exp":{},"sub":"u"}}"#, NOW + 3600).as_bytes());
    let none = format!("{}.{body}.", b64(br#"{"alg":"none"}"#));
    assert_eq!(
        v.verify(&none, NOW).unwrap_err().code(),
        ErrorCode::AlgNotAllowed
    );
    let psychic = format!("{}.{body}.{}", b64(br#"{"alg":"ES256"}"#), b64(&[0u8; 64]));
    assert_eq!(
        v.verify(&psychic, NOW).unwrap_err().code(),
        ErrorCode::SignatureInvalid
    );
    let crit = format!(
        "{}.{body}.{}",
        b64(br#"{"alg":"ES256","crit":["x"],"x":1}"#),
        b64(&[1u8; 64])
    );
    assert_eq!(
        v.verify(&crit, NOW).unwrap_err().code(),
        ErrorCode::TokenMalformed
    );
    let huge = "a".repeat(10 * 1024 * 1024);
    assert_eq!(
        v.verify(&huge, NOW).unwrap_err().code(),
        ErrorCode::TokenTooLarge
    );
    let dup = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"ES256","alg":"ES256"}"#),
        body,
        b64(&[1u8; 64])
    );
    assert_eq!(
        v.verify(&dup, NOW).unwrap_err().code(),
        ErrorCode::TokenMalformed
    );
}

#[wasm_bindgen_test]
fn wrong_js_types_throw_token_errors_and_the_instance_survives() {
    register();
    let bad: Vec<JsValue> = vec![
        JsValue::from(42),
        JsValue::UNDEFINED,
        JsValue::NULL,
        js_sys::Object::new().into(),
        js_sys::Array::new().into(),
        JsValue::from_str(&"x".repeat(200_000)),
        JsValue::from_str("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
    ];
    for b in &bad {
        let e = JsSigningKey::from_pem(b.clone(), JsValue::UNDEFINED)
            .map_err(JsValue::from)
            .err()
            .unwrap();
        assert!(e.is_instance_of::<js_sys::Error>());
        let c = code(&e);
        assert!(c == "ERR_INVALID_ARGUMENT" || c == "ERR_KEY_INVALID", "{c}");
    }
    let e = JsSigningKey::from_pem(RSA1024.into(), JsValue::UNDEFINED)
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_KEY_TOO_WEAK");
    let e = JsSigningKey::from_pem(RSA.into(), opts(&[("algorithm", "none".into())]))
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_KEY_UNSUPPORTED");
    let e = JsSigningKey::from_pem(RSA.into(), opts(&[("lifetme", 5.into())]))
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_INVALID_ARGUMENT");
    // A cyclic object for a JWK.
    let cyc = js_sys::Object::new();
    Reflect::set(&cyc, &"self".into(), &cyc).unwrap();
    let e = JsVerifyingKey::from_jwk(cyc.into(), JsValue::UNDEFINED)
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_INVALID_ARGUMENT");
    // A public key given to an issuer.
    let sk = JsSigningKey::from_pem(RSA.into(), JsValue::UNDEFINED).unwrap();
    let pk: JsValue = sk.public_key().into();
    let e = JsTokenIssuer::new(pk, opts(&[("applicationId", APP.into())]))
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_KEY_USAGE");
    // The instance still works.
    let sk: JsValue = JsSigningKey::from_pem(RSA.into(), JsValue::UNDEFINED)
        .unwrap()
        .into();
    let issuer = JsTokenIssuer::new(sk.clone(), opts(&[("applicationId", APP.into())])).unwrap();
    let e = issuer
        .issue_sync(JsValue::from(7), JsValue::UNDEFINED)
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_INVALID_ARGUMENT");
    let e = issuer
        .issue_sync("u".into(), opts(&[("lifetime", "5m".into())]))
        .map_err(JsValue::from)
        .err()
        .unwrap();
    assert_eq!(code(&e), "ERR_LIFETIME_OUT_OF_RANGE");
    assert!(issuer.issue_sync("u".into(), JsValue::UNDEFINED).is_ok());
}

async fn promise(p: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

#[wasm_bindgen_test]
async fn native_and_wasm_paths_agree() {
    register();
    let now_ms = JsValue::from(NOW as f64 * 1000.0);
    let clock = js_sys::Function::new_no_args(&format!("return {};", NOW as f64 * 1000.0));
    let _ = now_ms;
    for (pem, alg) in [(RSA, "RS256"), (RSA, "PS256"), (EC, "ES256"), (ED, "EdDSA")] {
        let sk: JsValue = JsSigningKey::from_pem(pem.into(), opts(&[("algorithm", alg.into())]))
            .unwrap()
            .into();
        let issuer = JsTokenIssuer::new(
            sk.clone(),
            opts(&[
                ("applicationId", APP.into()),
                ("clock", clock.clone().into()),
            ]),
        )
        .unwrap();
        let sync = issuer.issue_sync("u".into(), JsValue::UNDEFINED).unwrap();
        let native = promise(issuer.issue("u".into(), JsValue::UNDEFINED))
            .await
            .unwrap()
            .as_string()
            .unwrap();
        if alg == "RS256" || alg == "EdDSA" {
            assert_eq!(sync, native, "{alg}: deterministic signatures differ");
        }
        let verifier = JsTokenVerifier::new(
            sk.clone(),
            opts(&[
                ("applicationId", APP.into()),
                ("clock", clock.clone().into()),
            ]),
        )
        .unwrap();
        for t in [&sync, &native] {
            verifier.verify_sync(t.into(), JsValue::UNDEFINED).unwrap();
            promise(verifier.verify(t.into(), JsValue::UNDEFINED))
                .await
                .unwrap();
        }
        let mut bad = native.clone();
        bad.insert(
            bad.len() - 10,
            if bad.as_bytes()[bad.len() - 10] == b'A' {
                'B'
            } else {
                'A'
            },
        );
        bad.remove(bad.len() - 10);
        let e = promise(verifier.verify(bad.into(), JsValue::UNDEFINED))
            .await
            .unwrap_err();
        assert!(
            ["ERR_SIGNATURE_INVALID", "ERR_TOKEN_MALFORMED"].contains(&code(&e).as_str()),
            "{}",
            code(&e)
        );
    }
    // Tampered by another key, through the async path.
    let other: JsValue = JsSigningKey::from_pem(RSA_B.into(), JsValue::UNDEFINED)
        .unwrap()
        .into();
    let forged = JsTokenIssuer::new(other, opts(&[("applicationId", APP.into())]))
        .unwrap()
        .issue_sync("u".into(), JsValue::UNDEFINED)
        .unwrap();
    let sk: JsValue = JsSigningKey::from_pem(RSA.into(), JsValue::UNDEFINED)
        .unwrap()
        .into();
    let verifier = JsTokenVerifier::new(sk, opts(&[("applicationId", APP.into())])).unwrap();
    let e = promise(verifier.verify(forged.into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ERR_SIGNATURE_INVALID");
}

#[wasm_bindgen_test]
async fn generated_keys() {
    register();
    for alg in ["ES256", "EdDSA", "HS256"] {
        let k = promise(JsSigningKey::generate(alg.into(), JsValue::UNDEFINED))
            .await
            .unwrap();
        assert_eq!(
            Reflect::get(&k, &"algorithm".into())
                .unwrap()
                .as_string()
                .unwrap(),
            alg
        );
    }
    let e = promise(JsSigningKey::generate("XX1".into(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ERR_KEY_UNSUPPORTED");
}

#[wasm_bindgen_test]
fn inspect_through_the_binding() {
    register();
    let sk: JsValue = JsSigningKey::from_pem(RSA.into(), JsValue::UNDEFINED)
        .unwrap()
        .into();
    let issuer = JsTokenIssuer::new(sk, opts(&[("applicationId", APP.into())])).unwrap();
    let t = issuer.issue_sync("u".into(), JsValue::UNDEFINED).unwrap();
    let pub_pem = JsSigningKey::from_pem(RSA.into(), JsValue::UNDEFINED)
        .unwrap()
        .to_public_pem()
        .unwrap();
    let r = js::inspect_token(
        t.into(),
        opts(&[("key", pub_pem.into()), ("applicationId", APP.into())]),
    )
    .unwrap();
    assert_eq!(
        Reflect::get(&r, &"verdict".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "valid"
    );
    let r = js::inspect_token("garbage".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        Reflect::get(&r, &"verdict".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "invalid"
    );
}
