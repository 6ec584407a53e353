//! Compact JWS: strict base64url, header rules, the signing input. Signature checks are the
//! decision's (`decision/`).
//!
//! jwt-compact's `UntrustedToken` accepts what we must refuse (unknown `crit`, duplicate JSON
//! members, numbers beyond 2^53) and its validator uses a 60 s default leeway, so parsing and
//! claim checks are our own; jwt-compact still computes and checks every signature.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::base64url;
use crate::claims::ClaimSource;
use crate::error::{Error, ErrorCode, Result};
use crate::json::scan::Scanned;
use crate::json::{self, JsonError};
use crate::keys::SigningKey;

/// Default and recommended maximum token length: 8 KiB.
pub const DEFAULT_MAX_TOKEN_LENGTH: usize = 8 * 1024;

/// Header members that name a key. They are never used: a token is checked against the
/// configured key only.
pub const KEY_BEARING_HEADERS: [&str; 5] = ["jwk", "jku", "x5u", "x5c", "x5t"];

/// Decodes one base64url segment strictly: RFC 7515 alphabet, no padding, no whitespace,
/// canonical trailing bits.
pub fn decode_segment(seg: &str) -> core::result::Result<Vec<u8>, String> {
    match base64url::decode(seg) {
        Ok(bytes) => Ok(bytes),
        Err(base64url::DecodeError::Byte(at)) => {
            let c = seg[at..].chars().next().unwrap_or_default();
            Err(match c {
                '=' => "has base64 padding ('='), which JWS forbids".to_owned(),
                '+' | '/' => format!("uses '{c}', which is standard base64, not base64url"),
                c if c.is_whitespace() => "contains whitespace".to_owned(),
                c => format!("contains {c:?}, which is not a base64url character"),
            })
        }
        Err(base64url::DecodeError::NotCanonical) => {
            Err("is not canonical base64url (bad length or trailing bits)".to_owned())
        }
    }
}

/// A parsed header. Untrusted until the token's signature verified. Its members as a `Map` are
/// built on first use ([`Header::json`]): the verifier reads only `alg`, `kid` and `typ`.
#[derive(Debug, Clone)]
pub struct Header {
    alg: String,
    kid: Option<String>,
    typ: Option<Value>,
    json: OnceLock<Map<String, Value>>,
    raw: String,
}

/// Headers are equal when their texts are (every member is read from the text).
impl PartialEq for Header {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Header {
    /// The `alg` value as written (resolve it with `decision::resolve_algorithm`).
    pub fn alg(&self) -> &str {
        &self.alg
    }
    /// The `kid`, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// All members (parsed from the text on first use; the text was accepted strictly).
    pub fn json(&self) -> &Map<String, Value> {
        self.json
            .get_or_init(|| json::parse_object(self.raw.as_bytes()).unwrap_or_default())
    }
    /// The decoded JSON text, exactly as signed.
    pub fn raw(&self) -> &str {
        &self.raw
    }
    /// All members, by value.
    pub fn into_json(self) -> Map<String, Value> {
        self.json();
        self.json.into_inner().unwrap_or_default()
    }
}

/// The header's members as claims (`typ` is kept from the parse; any other member is read from
/// [`Header::json`]).
impl ClaimSource for Header {
    fn has(&self, name: &str) -> bool {
        match name {
            "typ" => self.typ.is_some(),
            _ => self.json().contains_key(name),
        }
    }
    fn claim(&self, name: &str) -> Option<Cow<'_, Value>> {
        match name {
            "typ" => self.typ.as_ref().map(Cow::Borrowed),
            _ => self.json().get(name).map(Cow::Borrowed),
        }
    }
}

/// The header read by the scanner when it has the common shape (`alg`, and `kid` if any, strings
/// without escapes, no `crit`); `None` sends it to [`parse_header`]'s full parse, which gives
/// every message.
fn scan_header(bytes: &[u8]) -> Option<Header> {
    let s = Scanned::scan(bytes)?;
    let alg = s.plain_str("alg")?;
    if alg.eq_ignore_ascii_case("none") || s.has("crit") {
        return None;
    }
    let kid = match s.kind("kid") {
        None => None,
        Some(_) => Some(s.plain_str("kid")?.to_owned()),
    };
    Some(Header {
        alg: alg.to_owned(),
        kid,
        typ: s.value("typ"),
        json: OnceLock::new(),
        raw: s.text().to_owned(),
    })
}

/// Parses and checks a decoded header.
pub fn parse_header(bytes: &[u8]) -> Result<Header> {
    if let Some(h) = scan_header(bytes) {
        return Ok(h);
    }
    let json = json::parse_object(bytes).map_err(|e| json_error("header", e))?;
    let alg = match json.get("alg") {
        Some(Value::String(s)) => s.clone(),
        Some(v) => {
            return Err(Error::malformed(format!(
                "header \"alg\" must be a string, not {}",
                json::kind(v)
            )))
        }
        None => return Err(Error::malformed("header has no \"alg\"")),
    };
    if alg.eq_ignore_ascii_case("none") {
        return Err(Error::new(
            ErrorCode::AlgNotAllowed,
            format!("alg {alg:?} (an unsigned token) is never accepted"),
        ));
    }
    let kid = match json.get("kid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            return Err(Error::malformed(format!(
                "header \"kid\" must be a string, not {}",
                json::kind(v)
            )))
        }
    };
    if let Some(crit) = json.get("crit") {
        let names = match crit {
            Value::Array(a) if !a.is_empty() => a,
            _ => {
                return Err(Error::malformed(
                    "header \"crit\" must be a non-empty array",
                ))
            }
        };
        // This verifier understands no JWS extension, so any listed name is refused
        // (RFC 7515 section 4.1.11); the first one is named in the message.
        let first = names[0]
            .as_str()
            .ok_or_else(|| Error::malformed("header \"crit\" must list member names as strings"))?;
        return Err(Error::malformed(format!(
            "header \"crit\" lists {}, an extension this verifier does not understand",
            crate::error::quote_name(first)
        )));
    }
    let raw = String::from_utf8_lossy(bytes).into_owned();
    Ok(Header {
        alg,
        kid,
        typ: json.get("typ").cloned(),
        json: OnceLock::from(json),
        raw,
    })
}

pub(crate) fn json_error(part: &str, e: JsonError) -> Error {
    Error::malformed(format!("the {part} {e}"))
}

/// A compact JWS split and decoded, signature not yet checked. Its fields are private: the
/// payload is reachable only through `decision::SignedToken`, after a held key verified it.
#[derive(Debug, Clone)]
pub struct UntrustedToken {
    token: String,
    signing_input_len: usize,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

/// What to do about the two ways a token usually arrives wrapped: an `Authorization` header's
/// scheme (`Bearer eyJ…`) and surrounding whitespace (a trailing newline from a file or a paste).
fn paste_hint(token: &str) -> Option<&'static str> {
    let scheme = token
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "));
    if scheme {
        return Some("token starts with \"Bearer \": pass the token itself, without the Authorization header's scheme (strip the \"Bearer \" prefix)");
    }
    // What `trim` would remove, without comparing the whole token with its trimmed copy.
    if token.starts_with(char::is_whitespace) || token.ends_with(char::is_whitespace) {
        return Some("token has leading or trailing whitespace (a newline from a file or a paste?): trim it before verifying");
    }
    None
}

/// Splits a compact JWS into its three segments, with the size check first.
pub fn split(token: &str, max_len: usize) -> Result<[&str; 3]> {
    if token.len() > max_len {
        return Err(Error::new(
            ErrorCode::TokenTooLarge,
            format!(
                "token is {} bytes, more than the {max_len} allowed",
                token.len()
            ),
        ));
    }
    if token.is_empty() {
        return Err(Error::malformed("token is empty"));
    }
    if let Some(hint) = paste_hint(token) {
        return Err(Error::malformed(hint));
    }
    // One pass that counts the dots and keeps where the first two are (a plain loop: the crate is
    // built for size, which leaves iterator adapters and `splitn`'s searcher out of line).
    let bytes = token.as_bytes();
    let (mut n, mut dots, mut i) = (1, [0usize; 2], 0);
    while i < bytes.len() {
        if bytes[i] == b'.' {
            if n <= 2 {
                dots[n - 1] = i;
            }
            n += 1;
        }
        i += 1;
    }
    if n != 3 {
        return Err(Error::malformed(if n == 5 {
            "token has 5 segments: it is an encrypted JWE, not a signed JWT".to_owned()
        } else if token.trim_start().starts_with('{') {
            "token is JSON; only the compact serialization (header.payload.signature) is accepted"
                .to_owned()
        } else {
            format!("token has {n} dot-separated segment(s); a compact JWS has 3")
        }));
    }
    // The dots are ASCII, so these are char boundaries.
    let (h, p, s) = (
        &token[..dots[0]],
        &token[dots[0] + 1..dots[1]],
        &token[dots[1] + 1..],
    );
    Ok([h, p, s])
}

impl UntrustedToken {
    /// Parses a compact JWS. `max_len` is checked before any decoding.
    pub fn parse(token: &str, max_len: usize) -> Result<Self> {
        let [h, p, s] = split(token, max_len)?;
        if h.is_empty() {
            return Err(Error::malformed("the header segment is empty"));
        }
        let hb =
            decode_segment(h).map_err(|e| Error::malformed(format!("the header segment {e}")))?;
        let header = parse_header(&hb)?;
        let payload =
            decode_segment(p).map_err(|e| Error::malformed(format!("the payload segment {e}")))?;
        let signature = decode_segment(s)
            .map_err(|e| Error::malformed(format!("the signature segment {e}")))?;
        Ok(Self {
            token: token.to_owned(),
            signing_input_len: h.len() + 1 + p.len(),
            header,
            payload,
            signature,
        })
    }

    /// `header.payload`, the bytes the signature covers.
    pub fn signing_input(&self) -> &str {
        &self.token[..self.signing_input_len]
    }
    /// The parsed header.
    pub fn header(&self) -> &Header {
        &self.header
    }
    /// The decoded signature.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
    /// Whether the payload segment is empty.
    pub fn payload_is_empty(&self) -> bool {
        self.payload.is_empty()
    }
    pub(crate) fn payload(&self) -> &[u8] {
        &self.payload
    }
    pub(crate) fn into_header(self) -> Header {
        self.header
    }
    pub(crate) fn into_parts(self) -> (Header, Vec<u8>) {
        (self.header, self.payload)
    }
}

/// The JWT header this crate writes: `{"alg":…,"typ":"JWT","kid":…}`.
pub fn jwt_header(key: &SigningKey) -> String {
    let mut h = format!("{{\"alg\":\"{}\",\"typ\":\"JWT\"", key.algorithm().name());
    if let Some(kid) = key.key_id() {
        h.push_str(",\"kid\":");
        h.push_str(&serde_json::to_string(kid).unwrap_or_else(|_| "\"\"".into()));
    }
    h.push('}');
    h
}

/// `base64url(header).base64url(payload)`.
pub fn signing_input(header_json: &str, payload: &[u8]) -> String {
    let mut s = base64url::encode(header_json.as_bytes());
    s.push('.');
    s.push_str(&base64url::encode(payload));
    s
}

/// Appends `.base64url(signature)` to a signing input.
pub fn assemble(signing_input: &str, signature: &[u8]) -> String {
    let mut s = String::with_capacity(signing_input.len() + 1 + signature.len() * 4 / 3 + 4);
    s.push_str(signing_input);
    s.push('.');
    s.push_str(&base64url::encode(signature));
    s
}

/// Signs a payload into a compact JWS with the key's JWT header.
pub fn sign_compact(key: &SigningKey, payload: &[u8]) -> Result<String> {
    let input = signing_input(&jwt_header(key), payload);
    let sig = key.sign(input.as_bytes())?;
    Ok(assemble(&input, &sig))
}
