#![allow(dead_code)]
use sceyt_token::*;

pub const NOW: i64 = 1_795_860_180; // 2026-11-28T10:03:00Z
pub const APP: &str = "dqev1ml4ld";

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

pub fn vector(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!(
        "{}/tests/vectors/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

pub fn signing(name: &str) -> SigningKey {
    SigningKey::from_pem(&fixture(name), &KeyOptions::default()).unwrap()
}

pub fn hmac() -> SigningKey {
    SigningKey::from_secret(b"0123456789abcdef0123456789abcdef", &KeyOptions::default()).unwrap()
}

pub fn issuer(key: &SigningKey) -> Issuer {
    Issuer::new(key.clone(), IssuerOptions::new(APP)).unwrap()
}

pub fn verifier(key: &VerifyingKey) -> Verifier {
    Verifier::new(
        KeySource::One(key.clone()),
        VerifyOptions {
            application_id: Some(APP.into()),
            ..Default::default()
        },
    )
    .unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(bytes)
}

pub fn unb64(s: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(s).unwrap()
}

/// Signs arbitrary header and payload JSON with a key (for hostile-token tests).
pub fn forge(key: &SigningKey, header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let sig = key.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64(&sig))
}

pub fn claims_json(iat: i64, exp: i64) -> String {
    format!(r#"{{"iat":{iat},"nbf":{iat},"exp":{exp},"sub":"user-42","aid":"{APP}"}}"#)
}

/// DER type-length-value with a definite (short or long form) length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A positive DER INTEGER of big-endian `be`.
pub fn int(be: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    if be[0] & 0x80 != 0 {
        v.push(0);
    }
    v.extend_from_slice(be);
    tlv(0x02, &v)
}

pub fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// rsaEncryption with NULL parameters.
pub fn rsa_algorithm_id() -> Vec<u8> {
    let oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
    ];
    seq(&[oid.to_vec(), vec![0x05, 0x00]])
}

/// A PKCS#1 `RSAPrivateKey` of modulus `n` and exponent `e` whose six other integers are all
/// `filler`: it parses, and is inconsistent (for the rules checked before consistency).
pub fn rsa_private_pkcs1(n: &[u8], e: &[u8], filler: &[u8]) -> Vec<u8> {
    let ints: Vec<Vec<u8>> = [n, e, filler, filler, filler, filler, filler, filler]
        .iter()
        .map(|v| int(v))
        .collect();
    seq(&[vec![vec![0x02, 0x01, 0x00]], ints].concat())
}
