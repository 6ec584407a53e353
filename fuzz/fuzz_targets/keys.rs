//! Key parsing: arbitrary text as PEM (signing and verifying), as JWK JSON and as a JWKS; the
//! raw bytes as an HMAC secret. None may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sceyt_token::*;

fuzz_target!(|data: &[u8]| {
    let o = KeyOptions::default();
    let _ = SigningKey::from_secret(data, &o);
    let _ = VerifyingKey::from_secret(data, &o);
    let _ = SigningKey::from_pkcs8_der(data, &o);
    let _ = VerifyingKey::from_spki_der(data, &o);
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(k) = SigningKey::from_pem(text, &o) {
        let _ = k.to_pem();
        let _ = k.verifying_key().to_jwk();
    }
    if let Ok(k) = VerifyingKey::from_pem(text, &o) {
        let _ = k.to_pem();
    }
    if let Ok(v) = json::parse_value(text.as_bytes()) {
        let _ = SigningKey::from_jwk(&v, &o);
        let _ = VerifyingKey::from_jwk(&v, &o);
        let _ = KeySet::from_jwks(&v);
    }
});
