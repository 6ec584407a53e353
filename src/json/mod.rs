//! Strict JSON: duplicate member names and numbers JavaScript cannot represent exactly are
//! refused at every depth. `serde_json::Value` alone keeps the last duplicate silently, which
//! lets two parsers of the same token disagree about its claims.

use core::fmt;

pub mod scan;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::quote_name;
use crate::time::MAX_SAFE_INTEGER;

/// Why a JSON text was refused.
#[derive(Clone, PartialEq, Eq)]
pub enum JsonError {
    /// Not UTF-8.
    NotUtf8,
    /// Not JSON at all (with serde_json's description of where).
    Syntax(String),
    /// Valid JSON, but not an object.
    NotObject(&'static str),
    /// A member name appears twice in one object.
    DuplicateKey(String),
    /// A number beyond ±(2^53 − 1).
    NumberOutOfRange(String),
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 => f.write_str("is not valid UTF-8"),
            Self::Syntax(e) => write!(f, "is not valid JSON ({e})"),
            Self::NotObject(kind) => write!(f, "is JSON {kind}, not an object"),
            Self::DuplicateKey(k) => write!(f, "has the member {} twice", quote_name(k)),
            Self::NumberOutOfRange(n) if n.len() <= 24 => write!(
                f,
                "has the number {n}, beyond 2^53 which JavaScript cannot represent exactly"
            ),
            Self::NumberOutOfRange(n) => write!(
                f,
                "has a number of {} characters, beyond 2^53 which JavaScript cannot represent exactly",
                n.len()
            ),
        }
    }
}

/// `Debug` shows what `Display` shows: the input is quoted only under the rule of
/// [`crate::error::quote_name`].
impl fmt::Debug for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonError(\"{self}\")")
    }
}

const DUP_PREFIX: &str = "\u{1}dup:";
const NUM_PREFIX: &str = "\u{1}num:";

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

fn check_f64<E: de::Error>(v: f64) -> Result<Value, E> {
    if !v.is_finite() || v.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(E::custom(format_args!(
            "{NUM_PREFIX}{}",
            crate::time::show_number(v)
        )));
    }
    serde_json::Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| E::custom(format_args!("{NUM_PREFIX}{}", crate::time::show_number(v))))
}

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        if v.unsigned_abs() > MAX_SAFE_INTEGER as u64 {
            return Err(E::custom(format_args!("{NUM_PREFIX}{v}")));
        }
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        if v > MAX_SAFE_INTEGER as u64 {
            return Err(E::custom(format_args!("{NUM_PREFIX}{v}")));
        }
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        check_f64(v)
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("{DUP_PREFIX}{key}")));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

fn classify(e: serde_json::Error) -> JsonError {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix(DUP_PREFIX) {
        JsonError::DuplicateKey(strip_position(rest))
    } else if let Some(rest) = text.strip_prefix(NUM_PREFIX) {
        JsonError::NumberOutOfRange(strip_position(rest))
    } else {
        JsonError::Syntax(text)
    }
}

fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// Parses any strict JSON value.
pub fn parse_value(bytes: &[u8]) -> Result<Value, JsonError> {
    let text = core::str::from_utf8(bytes).map_err(|_| JsonError::NotUtf8)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let Strict(v) = Strict::deserialize(&mut de).map_err(classify)?;
    de.end().map_err(classify)?;
    Ok(v)
}

/// Parses a strict JSON object.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    match parse_value(bytes)? {
        Value::Object(m) => Ok(m),
        other => Err(JsonError::NotObject(kind(&other))),
    }
}

/// The JSON kind of a value, for messages: `a string`, `a number`…
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Checks a value built by the caller (extra claims, JWK objects) against the same rules.
pub fn check_value(v: &Value) -> Result<(), JsonError> {
    match v {
        Value::Number(n) => {
            let ok = if let Some(i) = n.as_i64() {
                i.unsigned_abs() <= MAX_SAFE_INTEGER as u64
            } else if let Some(u) = n.as_u64() {
                u <= MAX_SAFE_INTEGER as u64
            } else {
                n.as_f64()
                    .is_some_and(|f| f.is_finite() && f.abs() <= MAX_SAFE_INTEGER as f64)
            };
            if ok {
                Ok(())
            } else {
                Err(JsonError::NumberOutOfRange(n.to_string()))
            }
        }
        Value::Array(a) => a.iter().try_for_each(check_value),
        Value::Object(m) => m.values().try_for_each(check_value),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictness() {
        assert!(parse_object(br#"{"a":1,"b":{"c":[1,2.5]}}"#).is_ok());
        assert_eq!(
            parse_object(br#"{"a":1,"a":2}"#),
            Err(JsonError::DuplicateKey("a".into()))
        );
        assert_eq!(
            parse_object(br#"{"x":{"a":1,"a":2}}"#),
            Err(JsonError::DuplicateKey("a".into()))
        );
        assert_eq!(
            parse_object(br#"{"exp":9007199254740992}"#),
            Err(JsonError::NumberOutOfRange("9007199254740992".into()))
        );
        assert!(parse_object(br#"{"exp":9007199254740991}"#).is_ok());
        assert!(matches!(parse_object(b"[1]"), Err(JsonError::NotObject(_))));
        assert!(matches!(parse_object(b"{} x"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_object(b"\xff"), Err(JsonError::NotUtf8)));
        assert!(matches!(parse_object(b"1e400"), Err(JsonError::Syntax(_))));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(matches!(
            parse_value(deep.as_bytes()),
            Err(JsonError::Syntax(_))
        ));
    }

    #[test]
    fn every_kind_of_value_and_the_integer_range() {
        // Each kind survives the strict visitor as itself.
        let v =
            parse_value(br#"{"b":true,"f":false,"n":null,"s":"x\u00e9","i":-5,"u":7,"a":[1.5]}"#)
                .unwrap();
        assert_eq!(v["b"], Value::Bool(true));
        assert_eq!(v["f"], Value::Bool(false));
        assert_eq!(v["n"], Value::Null);
        assert_eq!(v["s"], Value::String("x\u{e9}".into()));
        assert_eq!(v["i"], Value::from(-5));
        assert_eq!(v["u"], Value::from(7));
        assert_eq!(v["a"][0], Value::from(1.5));
        assert_eq!(
            parse_value(b"\"a\\nb\"").unwrap(),
            Value::String("a\nb".into())
        );
        // ±(2^53 − 1) is the edge, for negative integers, positive ones and floats.
        assert!(parse_value(b"-9007199254740991").is_ok());
        assert_eq!(
            parse_value(b"-9007199254740992"),
            Err(JsonError::NumberOutOfRange("-9007199254740992".into()))
        );
        assert!(parse_value(b"9007199254740991.0").is_ok());
        // serde_json reads a 17-digit decimal inexactly (that one becomes 9007199254740990.0);
        // 16 significant digits with an exponent are exact: 2^53 − 1 as a float is the edge too.
        assert!(parse_value(b"9.007199254740991e15").is_ok());
        assert!(parse_value(b"-9.007199254740991e15").is_ok());
        assert!(matches!(
            parse_value(b"9.007199254740992e15"),
            Err(JsonError::NumberOutOfRange(_))
        ));
        assert!(matches!(
            parse_value(b"9007199254740993.0"),
            Err(JsonError::NumberOutOfRange(_))
        ));
        assert!(matches!(
            parse_value(b"-1e300"),
            Err(JsonError::NumberOutOfRange(_))
        ));
    }

    #[test]
    fn kinds_and_messages() {
        for (text, kind_name) in [
            ("null", "null"),
            ("true", "a boolean"),
            ("1", "a number"),
            ("\"s\"", "a string"),
            ("[]", "an array"),
            ("{}", "an object"),
        ] {
            assert_eq!(kind(&parse_value(text.as_bytes()).unwrap()), kind_name);
        }
        assert_eq!(parse_object(b"[1]"), Err(JsonError::NotObject("an array")));
        assert_eq!(
            JsonError::NotObject("an array").to_string(),
            "is JSON an array, not an object"
        );
        assert_eq!(JsonError::NotUtf8.to_string(), "is not valid UTF-8");
        assert_eq!(
            JsonError::DuplicateKey("sub".into()).to_string(),
            "has the member \"sub\" twice"
        );
        assert_eq!(
            JsonError::NumberOutOfRange("9007199254740992".into()).to_string(),
            "has the number 9007199254740992, beyond 2^53 which JavaScript cannot represent exactly"
        );
        // Longer than 24 characters: only its length is said.
        let long = "1".repeat(25);
        assert_eq!(
            JsonError::NumberOutOfRange(long).to_string(),
            "has a number of 25 characters, beyond 2^53 which JavaScript cannot represent exactly"
        );
        let n24 = "1".repeat(24);
        assert!(JsonError::NumberOutOfRange(n24.clone())
            .to_string()
            .contains(&n24));
        assert_eq!(
            format!("{:?}", JsonError::NotUtf8),
            "JsonError(\"is not valid UTF-8\")"
        );
        let syntax = parse_value(b"{").unwrap_err();
        assert!(
            syntax.to_string().starts_with("is not valid JSON ("),
            "{syntax}"
        );
    }

    #[test]
    fn check_value_applies_the_same_rules() {
        let max = MAX_SAFE_INTEGER;
        for ok in [
            Value::from(max),
            Value::from(-max),
            Value::from(max as u64),
            Value::from(1.5),
            Value::from(max as f64),
            serde_json::json!([1, {"a": [2]}]),
            Value::Null,
            Value::String("x".repeat(100)),
        ] {
            assert_eq!(check_value(&ok), Ok(()), "{ok}");
        }
        for bad in [
            Value::from(max + 1),
            Value::from(-max - 1),
            Value::from(max as u64 + 1),
            Value::from(u64::MAX), // beyond i64: the unsigned branch
            Value::from(9007199254740994.0),
            Value::from(-9007199254740994.0),
            serde_json::json!([1, [max + 1]]),
            serde_json::json!({"a": {"b": max + 1}}),
        ] {
            assert!(
                matches!(check_value(&bad), Err(JsonError::NumberOutOfRange(_))),
                "{bad}"
            );
        }
    }
}
