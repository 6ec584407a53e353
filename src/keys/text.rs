//! Keys from text: the one reader behind `VerifyingKey.from`, `KeySet.from`, a `TokenVerifier`
//! given text, `inspectToken`'s `key`, the CLI and the page. It takes what people paste or keep in
//! environment variables — PEM (public, private, certificate; mangled by environment variables as
//! [`super::pem::normalise`] undoes), a JWK, a JWKS, and a whole PEM or JSON wrapped in base64 —
//! and says what it expected when the text is none of them.

use base64ct::{Base64, Encoding};
use serde_json::Value;
use zeroize::Zeroizing;

use super::{pem, KeyOptions, KeySet, VerifyingKey};
use crate::error::{Error, Result};
use crate::key_source::OneOrSet;

/// What a key text holds: one key, or a set (a JWKS).
pub type KeyText = OneOrSet<VerifyingKey, KeySet>;

/// Reads one key or a key set from `text` (see the module doc). Never quotes the text.
pub fn from_text(text: &str) -> Result<KeyText> {
    read(text, true)
}

/// Reads one key or a key set from a JSON value: a JWKS (`{"keys": [...]}`) or a JWK.
pub fn from_json(value: &Value) -> Result<KeyText> {
    if value.get("keys").is_some() {
        return Ok(OneOrSet::Set(KeySet::from_jwks(value)?));
    }
    Ok(OneOrSet::One(VerifyingKey::from_jwk(
        value,
        &KeyOptions::default(),
    )?))
}

fn read(text: &str, unwrap_base64: bool) -> Result<KeyText> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::key_invalid(
            "the key text is empty: give PEM text, a JWK or a JWKS",
        ));
    }
    if trimmed.starts_with('{') {
        let value = crate::json::parse_value(trimmed.as_bytes())
            .map_err(|e| Error::key_invalid(format!("the key JSON {e}")))?;
        return from_json(&value);
    }
    if pem::looks_like_pem(pem::normalise(trimmed).as_bytes()) {
        return Ok(OneOrSet::One(VerifyingKey::from_pem(
            trimmed,
            &KeyOptions::default(),
        )?));
    }
    if unwrap_base64 {
        if let Some(inner) = base64_wrapped(trimmed) {
            return read(&inner, false);
        }
    }
    Err(Error::key_invalid(
        "not a key: expected PEM text (\"-----BEGIN ...\"), a JWK or a JWKS (JSON), or one of them base64-encoded",
    ))
}

/// The text inside a base64 wrapping, when it decodes (standard or URL alphabet, padded or
/// not, line breaks ignored) to UTF-8 text that is PEM armour or a JSON object: unambiguous,
/// since neither is valid base64 itself.
fn base64_wrapped(text: &str) -> Option<Zeroizing<String>> {
    let compact: Zeroizing<String> = Zeroizing::new(
        pem::normalise(text)
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect(),
    );
    let mut padded = Zeroizing::new(compact.trim_end_matches('=').to_owned());
    while padded.len() % 4 != 0 {
        padded.push('=');
    }
    let bytes = Zeroizing::new(Base64::decode_vec(&padded).ok()?);
    let inner = Zeroizing::new(String::from_utf8(bytes.to_vec()).ok()?);
    let t = inner.trim_start();
    (t.starts_with("-----BEGIN") || t.starts_with('{')).then_some(inner)
}
