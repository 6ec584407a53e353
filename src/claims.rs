//! SCEYT claims: `iat`, `nbf`, `exp`, `sub`, `aid`, plus extra claims that may not overwrite them.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::json::scan::{Kind, Scanned};

use crate::error::{Error, ErrorCode, Result};
use crate::time::{NumericDate, MAX_SAFE_INTEGER};

/// The five claims every SCEYT token carries; extra claims may not use these names.
pub const RESERVED: [&str; 5] = ["iat", "nbf", "exp", "sub", "aid"];

/// Longest `sub` / `aid` accepted, in bytes.
pub const MAX_ID_LEN: usize = 1024;

/// The claims of a SCEYT token.
#[derive(Debug, Clone, PartialEq)]
pub struct SceytClaims {
    /// Issued at.
    pub iat: NumericDate,
    /// Not valid before.
    pub nbf: NumericDate,
    /// Expiry.
    pub exp: NumericDate,
    /// The user id.
    pub sub: String,
    /// The SCEYT application id.
    pub aid: String,
    /// Further claims.
    pub extra: Map<String, Value>,
}

impl SceytClaims {
    /// Serialises as a JSON object: the five claims first (in name order, as serde_json writes a
    /// map), then the extra ones. Written directly (a `Map` and its serialiser were a fifth of an
    /// `issueSync()` call); `tests` compare it with serde_json's text of the same claims.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(80 + self.sub.len() + self.aid.len());
        out.push_str("{\"aid\":");
        push_json_string(&mut out, &self.aid);
        for (name, n) in [("exp", self.exp), ("iat", self.iat), ("nbf", self.nbf)] {
            out.push_str(",\"");
            out.push_str(name);
            out.push_str("\":");
            out.push_str(itoa::Buffer::new().format(n));
        }
        out.push_str(",\"sub\":");
        push_json_string(&mut out, &self.sub);
        if !self.extra.is_empty() {
            let extra = serde_json::to_string(&self.extra).unwrap_or_default();
            out.push(',');
            out.push_str(
                extra
                    .get(1..extra.len().saturating_sub(1))
                    .unwrap_or_default(),
            );
        }
        out.push('}');
        out
    }
}

/// Appends `s` as a JSON string, as serde_json writes it: quoted as is when nothing in it needs
/// an escape (no `"`, `\\` or control character), else by serde_json.
fn push_json_string(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// Checks an identifier used as `sub` or `aid`.
pub fn check_id(value: &str, what: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_arg(format!(
            "{what} must be a non-empty string"
        )));
    }
    if value.len() > MAX_ID_LEN {
        return Err(Error::invalid_arg(format!(
            "{what} is {} bytes; at most {MAX_ID_LEN} are allowed",
            value.len()
        )));
    }
    Ok(())
}

/// Checks extra claims: no reserved names, numbers JavaScript can represent.
pub fn check_extra(extra: &Map<String, Value>) -> Result<()> {
    for (k, v) in extra {
        if RESERVED.contains(&k.as_str()) {
            return Err(Error::claim(
                ErrorCode::InvalidArgument,
                k,
                "reserved",
                format!("extra claim {k:?} would overwrite a SCEYT claim; set it through its own option"),
            ));
        }
        crate::json::check_value(v).map_err(|e| {
            Error::claim(
                ErrorCode::InvalidArgument,
                k,
                "type",
                format!("extra claim {k:?} {e}"),
            )
        })?;
    }
    Ok(())
}

/// Where the claim rules read claims from: a parsed object (`Map`), or a strict text scanned
/// without building its tree ([`Scanned`], the verifier's path). Both answer every rule alike:
/// `Scanned` reads the common shapes (an integer, a string without escapes) from its text and
/// builds the member's `Value` for any other, so every message comes from one place.
pub trait ClaimSource {
    /// Whether the claim is present.
    fn has(&self, name: &str) -> bool;
    /// The claim's value.
    fn claim(&self, name: &str) -> Option<Cow<'_, Value>>;

    /// Reads a NumericDate claim: absent → `None`; present it must be an integer.
    fn time_claim(&self, name: &str) -> Result<Option<NumericDate>> {
        match self.claim(name) {
            None => Ok(None),
            Some(v) => time_of(name, &v).map(Some),
        }
    }

    /// Reads a string claim: absent → `None`; present it must be a non-empty string.
    fn string_claim(&self, name: &str) -> Result<Option<Cow<'_, str>>> {
        match self.claim(name) {
            None => Ok(None),
            Some(Cow::Borrowed(v)) => string_of(name, v).map(|s| Some(Cow::Borrowed(s))),
            Some(Cow::Owned(v)) => string_of(name, &v).map(|s| Some(Cow::Owned(s.to_owned()))),
        }
    }
}

impl ClaimSource for Map<String, Value> {
    fn has(&self, name: &str) -> bool {
        self.contains_key(name)
    }
    fn claim(&self, name: &str) -> Option<Cow<'_, Value>> {
        self.get(name).map(Cow::Borrowed)
    }
    fn time_claim(&self, name: &str) -> Result<Option<NumericDate>> {
        self.get(name).map(|v| time_of(name, v)).transpose()
    }
    fn string_claim(&self, name: &str) -> Result<Option<Cow<'_, str>>> {
        self.get(name)
            .map(|v| string_of(name, v).map(Cow::Borrowed))
            .transpose()
    }
}

impl ClaimSource for Scanned<'_> {
    fn has(&self, name: &str) -> bool {
        Scanned::has(self, name)
    }
    fn claim(&self, name: &str) -> Option<Cow<'_, Value>> {
        self.value(name).map(Cow::Owned)
    }
    fn time_claim(&self, name: &str) -> Result<Option<NumericDate>> {
        match self.kind(name) {
            None => Ok(None),
            Some(Kind::Int(v)) => time_of(name, &Value::from(v)).map(Some),
            Some(_) => self
                .claim(name)
                .map_or(Ok(None), |v| time_of(name, &v).map(Some)),
        }
    }
    fn string_claim(&self, name: &str) -> Result<Option<Cow<'_, str>>> {
        match self.plain_str(name) {
            Some(s) if !s.is_empty() => Ok(Some(Cow::Borrowed(s))),
            _ => match self.claim(name) {
                None => Ok(None),
                Some(v) => string_of(name, &v).map(|s| Some(Cow::Owned(s.to_owned()))),
            },
        }
    }
}

/// Reads a NumericDate claim: absent → `None`; present it must be an integer.
pub fn time_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<NumericDate>> {
    ClaimSource::time_claim(claims, name)
}

/// Reads a string claim: absent → `None`; present it must be a non-empty string.
pub fn string_claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    claims.get(name).map(|v| string_of(name, v)).transpose()
}

/// A present NumericDate claim: an integer within the NumericDate range.
fn time_of(name: &str, v: &Value) -> Result<NumericDate> {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(v) if (0..=MAX_SAFE_INTEGER).contains(&v) => Ok(v),
            Some(v) => Err(Error::claim(
                ErrorCode::ClaimInvalid,
                name,
                "range",
                format!("\"{name}\" is {v}, outside the NumericDate range"),
            )),
            None => Err(Error::claim(
                ErrorCode::ClaimInvalid,
                name,
                "type",
                format!("\"{name}\" is {n}, not a whole number of seconds (SCEYT tokens use integer NumericDates)"),
            )),
        },
        v => Err(Error::claim(
            ErrorCode::ClaimInvalid,
            name,
            "type",
            format!("\"{name}\" must be a NumericDate number, not {}", crate::json::kind(v)),
        )),
    }
}

/// A present string claim: a non-empty string.
fn string_of<'a>(name: &str, v: &'a Value) -> Result<&'a str> {
    match v {
        Value::String(s) if !s.is_empty() => Ok(s),
        Value::String(_) => Err(Error::claim(
            ErrorCode::ClaimInvalid,
            name,
            "type",
            format!("\"{name}\" is an empty string"),
        )),
        v => Err(Error::claim(
            ErrorCode::ClaimInvalid,
            name,
            "type",
            format!("\"{name}\" must be a string, not {}", crate::json::kind(v)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text serde_json writes for the same claims (what `to_json` wrote before it was written
    /// directly): the five in a map, then the extra ones.
    fn serde_text(c: &SceytClaims) -> String {
        let mut m = Map::new();
        m.insert("iat".into(), c.iat.into());
        m.insert("nbf".into(), c.nbf.into());
        m.insert("exp".into(), c.exp.into());
        m.insert("sub".into(), c.sub.clone().into());
        m.insert("aid".into(), c.aid.clone().into());
        let mut out = serde_json::to_string(&Value::Object(m)).unwrap();
        if !c.extra.is_empty() {
            let extra = serde_json::to_string(&c.extra).unwrap();
            out.pop();
            out.push(',');
            out.push_str(&extra[1..]);
        }
        out
    }

    #[test]
    fn to_json_is_serde_jsons_text() {
        // Every character class a string can hold: plain, the escaped ones, controls, DEL, non-ASCII.
        let pieces = [
            "user-42", "\"", "\\", "/", "\u{0}", "\u{1f}", "\n", "\t", "\u{7f}", "é", "漢", "😀",
            "\u{2028}", " ", "a\"b\\c",
        ];
        let seed = std::cell::Cell::new(0x9e37_79b9_7f4a_7c15u64);
        let next = || {
            let mut x = seed.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            seed.set(x);
            x
        };
        let mut checked = 0;
        for round in 0..3_000 {
            let text = || {
                (0..1 + next() % 4)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect::<String>()
            };
            let (sub, aid) = (text(), text());
            let mut extra = Map::new();
            if round % 3 == 0 {
                extra.insert("role".into(), text().into());
                extra.insert("n".into(), Value::from(next() % 1000));
                extra.insert("list".into(), serde_json::json!([text(), 1.5, null]));
            }
            let time = |x: u64| (x % (MAX_SAFE_INTEGER as u64 + 1)) as i64;
            let c = SceytClaims {
                iat: if round == 0 { 0 } else { time(next()) },
                nbf: if round == 1 {
                    MAX_SAFE_INTEGER
                } else {
                    time(next())
                },
                exp: time(next() % 10_000_000_000),
                sub,
                aid,
                extra,
            };
            assert_eq!(c.to_json(), serde_text(&c), "{c:?}");
            checked += 1;
        }
        assert_eq!(checked, 3_000);
    }

    #[test]
    fn json_order_and_extra() {
        let mut extra = Map::new();
        extra.insert("role".into(), "admin".into());
        let c = SceytClaims {
            iat: 1,
            nbf: 2,
            exp: 3,
            sub: "u\"1".into(),
            aid: "a".into(),
            extra,
        };
        assert_eq!(
            c.to_json(),
            r#"{"aid":"a","exp":3,"iat":1,"nbf":2,"sub":"u\"1","role":"admin"}"#
        );
    }

    #[test]
    fn reserved_names() {
        let mut extra = Map::new();
        extra.insert("exp".into(), 5.into());
        let e = check_extra(&extra).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert_eq!(e.claim_name(), Some("exp"));
    }

    #[test]
    fn claim_types() {
        let m: Map<String, Value> =
            serde_json::from_str(r#"{"a":1.5,"b":"x","c":7,"d":-1,"e":""}"#).unwrap();
        assert_eq!(time_claim(&m, "a").unwrap_err().reason(), Some("type"));
        assert_eq!(time_claim(&m, "b").unwrap_err().reason(), Some("type"));
        assert_eq!(time_claim(&m, "c").unwrap(), Some(7));
        assert_eq!(time_claim(&m, "d").unwrap_err().reason(), Some("range"));
        assert_eq!(time_claim(&m, "z").unwrap(), None);
        assert_eq!(
            string_claim(&m, "c").unwrap_err().code(),
            ErrorCode::ClaimInvalid
        );
        assert_eq!(
            string_claim(&m, "e").unwrap_err().code(),
            ErrorCode::ClaimInvalid
        );
        assert_eq!(string_claim(&m, "b").unwrap(), Some("x"));
    }
}
