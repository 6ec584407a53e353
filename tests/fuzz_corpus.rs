//! Replays the fuzz corpus (seeds, and every crash input saved as a regression case) through the
//! same entry points as the fuzz targets, natively, on every `cargo test`.
#![cfg(not(target_arch = "wasm32"))] // native only: the wasm suite is tests/web.rs + tests/browser.rs
mod common;
use common::*;
use sceyt_token::inspect::{inspect, InspectOptions, Verdict};
use sceyt_token::*;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = format!("{}/fuzz/corpus/{target}", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert!(!out.is_empty(), "empty corpus in {dir}");
    out.sort();
    out
}

#[test]
fn verify_corpus_never_panics_and_never_verifies_forged_input() {
    let o = KeyOptions::default();
    let keys = [
        VerifyingKey::from_pem(&fixture("rsa2048.spki.pem"), &o).unwrap(),
        VerifyingKey::from_pem(&fixture("ec256.spki.pem"), &o).unwrap(),
        VerifyingKey::from_secret(b"0123456789abcdef0123456789abcdef", &o).unwrap(),
    ];
    let set = KeySet::new(keys.to_vec());
    for input in corpus("verify") {
        let Ok(token) = std::str::from_utf8(&input) else {
            continue;
        };
        for k in &keys {
            let v = Verifier::new(KeySource::One(k.clone()), VerifyOptions::default()).unwrap();
            assert!(v.verify(token, NOW).is_err());
        }
        let _ = sceyt_token::decision::verify_compact(
            token,
            sceyt_token::Keys::Set(&set),
            None,
            1 << 20,
        );
        let r = inspect(
            token,
            NOW,
            &InspectOptions {
                keys: Some(sceyt_token::Keys::Set(&set)),
                ..Default::default()
            },
        );
        assert_ne!(r.verdict, Verdict::Valid);
    }
}

#[test]
fn keys_corpus_never_panics() {
    let o = KeyOptions::default();
    let mut parsed = 0;
    for input in corpus("keys") {
        let _ = SigningKey::from_secret(&input, &o);
        let Ok(text) = std::str::from_utf8(&input) else {
            continue;
        };
        parsed += usize::from(SigningKey::from_pem(text, &o).is_ok());
        parsed += usize::from(VerifyingKey::from_pem(text, &o).is_ok());
        if let Ok(v) = json::parse_value(text.as_bytes()) {
            parsed += usize::from(VerifyingKey::from_jwk(&v, &o).is_ok());
            let _ = KeySet::from_jwks(&v);
        }
    }
    assert!(
        parsed > 10,
        "the seed corpus should hold valid keys too ({parsed})"
    );
}
