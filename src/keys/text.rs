//! Keys from text: the one reader behind `VerifyingKey.from`, `KeySet.from`, a `TokenVerifier`
//! given text, `inspectToken`'s `key`, the CLI and the page. It takes what people paste or keep in
//! environment variables — PEM (public, private, certificate; mangled by environment variables as
//! [`super::pem::normalise`] undoes), a JWK, a JWKS, and a whole PEM or JSON wrapped in base64 —
//! and says what it expected when the text is none of them.

use base64ct::{Base64, Encoding};
use serde_json::Value;
use zeroize::Zeroizing;

use super::parse::is_private_label;
use super::{pem, KeyOptions, KeySet, VerifyingKey};
use crate::error::{Error, Result};
use crate::key_source::OneOrSet;

/// What a key text holds: one key, or a set (a JWKS).
pub type KeyText = OneOrSet<VerifyingKey, KeySet>;

/// The formats the reader takes (a base64 wrapping is not a format of its own: see
/// [`KeyTextInfo::base64`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFormat {
    /// PEM armour: a public key, a private key or a certificate.
    Pem,
    /// One JSON Web Key.
    Jwk,
    /// A JSON Web Key Set (`{"keys": [...]}`).
    Jwks,
}

impl KeyFormat {
    /// Every format, in the order of the TypeScript union `KeyFormat`.
    pub const ALL: [KeyFormat; 3] = [KeyFormat::Pem, KeyFormat::Jwk, KeyFormat::Jwks];

    /// The name JavaScript sees: `pem`, `jwk`, `jwks`.
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Pem => "pem",
            KeyFormat::Jwk => "jwk",
            KeyFormat::Jwks => "jwks",
        }
    }
}

/// What a key text is, as the reader sees it before loading any key: its format, whether it
/// holds a private key, and whether it came wrapped in base64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyTextInfo {
    /// PEM, a JWK or a JWKS.
    pub format: KeyFormat,
    /// A private key: a PEM with a private key block (PKCS#8, PKCS#1, SEC1), or a JWK
    /// (or a key of a JWKS) with the private member `d`. An HMAC secret (`kty: "oct"`) is a
    /// secret, not a private key, and is not counted.
    pub private: bool,
    /// The PEM or JSON was wrapped in base64 (as kept in some environment variables).
    pub base64: bool,
}

/// Reads one key or a key set from `text` (see the module doc). Never quotes the text.
pub fn from_text(text: &str) -> Result<KeyText> {
    match locate(text)? {
        (Content::Json(value), _) => from_json(&value),
        (Content::Pem(pem_text), _) => Ok(OneOrSet::One(VerifyingKey::from_pem(
            &pem_text,
            &KeyOptions::default(),
        )?)),
    }
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

/// What `text` is (see [`KeyTextInfo`]), found by the same steps as [`from_text`] but without
/// loading a key: the PEM armour's label and the JSON's members decide. Fails as [`from_text`]
/// does when the text is none of the formats (empty, JSON that does not parse, neither PEM nor
/// JSON nor one of them in base64); a text it describes may still fail to load.
pub fn describe(text: &str) -> Result<KeyTextInfo> {
    Ok(match locate(text)? {
        (Content::Json(value), base64) => KeyTextInfo {
            base64,
            ..describe_json(&value)
        },
        (Content::Pem(pem_text), base64) => KeyTextInfo {
            format: KeyFormat::Pem,
            private: pem_labels(&pem::normalise(&pem_text)).any(is_private_label),
            base64,
        },
    })
}

/// What a JSON value is: a JWKS when it has `keys` (as [`from_json`] decides), else a JWK.
pub fn describe_json(value: &Value) -> KeyTextInfo {
    let has_d = |k: &Value| k.get("d").is_some();
    match value.get("keys") {
        Some(keys) => KeyTextInfo {
            format: KeyFormat::Jwks,
            private: keys.as_array().is_some_and(|ks| ks.iter().any(has_d)),
            base64: false,
        },
        None => KeyTextInfo {
            format: KeyFormat::Jwk,
            private: has_d(value),
            base64: false,
        },
    }
}

/// The text of a key once its format is known: PEM text, or parsed JSON.
enum Content {
    Pem(Zeroizing<String>),
    Json(Value),
}

/// The content of `text` and whether it was wrapped in base64: the one place that decides what
/// a key text is.
fn locate(text: &str) -> Result<(Content, bool)> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::key_invalid(
            "the key text is empty: give PEM text, a JWK or a JWKS",
        ));
    }
    if let Some(content) = content_of(trimmed)? {
        return Ok((content, false));
    }
    if let Some(inner) = base64_wrapped(trimmed) {
        if let Some(content) = content_of(inner.trim())? {
            return Ok((content, true));
        }
    }
    Err(Error::key_invalid(
        "not a key: expected PEM text (\"-----BEGIN ...\"), a JWK or a JWKS (JSON), or one of them base64-encoded",
    ))
}

/// JSON when `trimmed` starts like JSON, PEM when it holds PEM armour, else `None`.
fn content_of(trimmed: &str) -> Result<Option<Content>> {
    if trimmed.starts_with('{') {
        let value = crate::json::parse_value(trimmed.as_bytes())
            .map_err(|e| Error::key_invalid(format!("the key JSON {e}")))?;
        return Ok(Some(Content::Json(value)));
    }
    if pem::looks_like_pem(pem::normalise(trimmed).as_bytes()) {
        return Ok(Some(Content::Pem(Zeroizing::new(trimmed.to_owned()))));
    }
    Ok(None)
}

/// The labels of the PEM blocks (`PUBLIC KEY`, `EC PARAMETERS`, `PRIVATE KEY`…), read from
/// their BEGIN lines.
fn pem_labels(text: &str) -> impl Iterator<Item = &str> {
    text.split("-----BEGIN ")
        .skip(1)
        .filter_map(|rest| rest.find("-----").map(|end| rest[..end].trim()))
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
