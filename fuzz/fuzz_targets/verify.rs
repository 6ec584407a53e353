//! Parse-and-verify: any input string through the verifier (one key and a key set), the JWS-level
//! verifier, the unverified decoder and the inspect report. None may panic; verification of
//! arbitrary bytes must never succeed.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sceyt_token::inspect::{inspect, InspectOptions};
use sceyt_token::*;

const NOW: i64 = 1_795_860_180;

struct Keys {
    verifiers: Vec<Verifier>,
    keys: Vec<VerifyingKey>,
    set: KeySet,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        let fx = |n: &str| std::fs::read_to_string(format!("{}/../tests/fixtures/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let o = KeyOptions::default();
        let keys = vec![
            VerifyingKey::from_pem(&fx("rsa2048.spki.pem"), &o).unwrap(),
            VerifyingKey::from_pem(&fx("ec256.spki.pem"), &o).unwrap(),
            VerifyingKey::from_pem(&fx("ed25519.spki.pem"), &o).unwrap(),
            VerifyingKey::from_secret(b"0123456789abcdef0123456789abcdef", &o).unwrap(),
        ];
        let set = KeySet::new(keys.clone());
        let mut verifiers: Vec<Verifier> = keys
            .iter()
            .map(|k| Verifier::new(KeySource::One(k.clone()), VerifyOptions::default()).unwrap())
            .collect();
        verifiers.push(Verifier::new(KeySource::Set(set.clone()), VerifyOptions { clock_tolerance: 5, ..Default::default() }).unwrap());
        Keys { verifiers, keys, set }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let k = keys();
    for v in &k.verifiers {
        assert!(v.verify(token, NOW).is_err(), "arbitrary input verified: {token:?}");
    }
    let _ = sceyt_token::decision::verify_compact(token, sceyt_token::Keys::Set(&k.set), None, 1 << 20);
    let _ = decode_unverified(token, 1 << 20);
    let opts = InspectOptions { keys: Some(sceyt_token::Keys::One(&k.keys[0])), application_id: Some("a".into()), ..Default::default() };
    let r = inspect(token, NOW, &opts);
    assert_ne!(r.verdict, inspect::Verdict::Valid);
    let _ = inspect(token, NOW, &InspectOptions::default());
});
