//! Argument checking and conversion between JS values and the core's types (and [`to_value`], the
//! way plain values go back). Every failure is a core `Error` (usually `ERR_INVALID_ARGUMENT`)
//! that names the argument; nothing here panics. Errors leave through `super::errors`; the clock
//! option is read in `super::clock`.

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::errors::invalid;
use crate::{Error, ErrorCode, Result};

/// A short description of a JS value's type for messages.
pub(crate) fn type_name(v: &JsValue) -> String {
    if v.is_undefined() {
        "undefined".into()
    } else if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else if v.is_string() {
        "a string".into()
    } else if v.as_f64().is_some() {
        "a number".into()
    } else if v.as_bool().is_some() {
        "a boolean".into()
    } else if v.is_bigint() {
        "a bigint".into()
    } else if v.is_function() {
        "a function".into()
    } else if v.is_symbol() {
        "a symbol".into()
    } else {
        "an object".into()
    }
}

/// A string argument, refused before copying when longer than `max` UTF-16 units.
pub(crate) fn string_arg(v: &JsValue, what: &str, max: usize) -> Result<String> {
    let Some(js) = v.dyn_ref::<JsString>() else {
        return Err(invalid(format!(
            "{what} must be a string, not {}",
            type_name(v)
        )));
    };
    let len = js.length() as usize;
    if len > max {
        return Err(Error::new(
            if what == "token" {
                ErrorCode::TokenTooLarge
            } else {
                ErrorCode::InvalidArgument
            },
            format!("{what} is {len} characters long; at most {max} are accepted"),
        ));
    }
    super::native::utf8_of(js, len).ok_or_else(|| {
        invalid(format!(
            "{what} is not a valid UTF-16 string (lone surrogate)"
        ))
    })
}

/// An options bag: `undefined`/`null` → `None`; a plain object → checked against `allowed`.
pub(crate) fn options(v: &JsValue, what: &str, allowed: &[&str]) -> Result<Option<Object>> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if !v.is_object() || Array::is_array(v) || v.is_function() {
        return Err(invalid(format!(
            "{what} must be an object, not {}",
            type_name(v)
        )));
    }
    let obj: Object = v.clone().unchecked_into();
    let proto = Object::get_prototype_of(v);
    if !(proto.is_null() || proto == Object::get_prototype_of(&Object::new())) {
        return Err(invalid(format!(
            "{what} must be a plain object {{ ... }}, not {}",
            type_name(v)
        )));
    }
    for key in Object::keys(&obj).iter() {
        let k = key.as_string().unwrap_or_default();
        if !allowed.contains(&k.as_str()) {
            return Err(invalid(format!(
                "{what} has an unknown option {} (known: {})",
                crate::quote_name(&k),
                allowed.join(", ")
            )));
        }
    }
    Ok(Some(obj))
}

/// Reads a property; a throwing getter becomes an `ERR_INVALID_ARGUMENT`.
pub(crate) fn get(obj: &Object, key: &str) -> Result<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| invalid(format!("reading option {key:?} threw")))
}

pub(crate) fn get_opt(obj: Option<&Object>, key: &str) -> Result<Option<JsValue>> {
    match obj {
        None => Ok(None),
        Some(o) => {
            let v = get(o, key)?;
            Ok(if v.is_undefined() { None } else { Some(v) })
        }
    }
}

pub(crate) fn get_string(obj: Option<&Object>, key: &str, max: usize) -> Result<Option<String>> {
    get_opt(obj, key)?
        .map(|v| string_arg(&v, &format!("option {key:?}"), max))
        .transpose()
}

/// A JS object or JSON text → strict JSON value. Objects go through `JSON.stringify`, which
/// refuses cycles and BigInts instead of recursing forever.
pub(crate) fn json_arg(v: &JsValue, what: &str, max: usize) -> Result<serde_json::Value> {
    let text = if v.is_string() {
        string_arg(v, what, max)?
    } else if v.is_object() && !v.is_function() {
        let s = js_sys::JSON::stringify(v).map_err(|_| {
            invalid(format!(
                "{what} cannot be turned into JSON (a cycle or a BigInt?)"
            ))
        })?;
        let len = s.length() as usize;
        if len > max {
            return Err(invalid(format!(
                "{what} is {len} characters as JSON; at most {max} are accepted"
            )));
        }
        s.as_string().unwrap_or_default()
    } else {
        return Err(invalid(format!(
            "{what} must be an object or JSON text, not {}",
            type_name(v)
        )));
    };
    crate::json::parse_value(text.as_bytes()).map_err(|e| invalid(format!("{what} {e}")))
}

/// Extra claims: a plain object.
pub(crate) fn claims_arg(
    v: &JsValue,
    what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    if v.is_string() || Array::is_array(v) || !v.is_object() {
        return Err(invalid(format!(
            "{what} must be an object, not {}",
            type_name(v)
        )));
    }
    match json_arg(v, what, 6 * 1024)? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err(invalid(format!("{what} must be an object"))),
    }
}

/// Bytes from a `Uint8Array`, `ArrayBuffer` or string (UTF-8).
pub(crate) fn bytes_arg(
    v: &JsValue,
    what: &str,
    max: usize,
) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    if v.is_string() {
        return Ok(zeroize::Zeroizing::new(
            string_arg(v, what, max)?.into_bytes(),
        ));
    }
    let arr = if let Some(a) = v.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if let Some(b) = v.dyn_ref::<js_sys::ArrayBuffer>() {
        Uint8Array::new(b)
    } else {
        return Err(invalid(format!(
            "{what} must be a string or a Uint8Array, not {}",
            type_name(v)
        )));
    };
    if arr.length() as usize > max {
        return Err(invalid(format!("{what} is longer than {max} bytes")));
    }
    Ok(zeroize::Zeroizing::new(arr.to_vec()))
}

/// A list of algorithm names.
pub(crate) fn algorithms_arg(v: &JsValue) -> Result<Vec<crate::Algorithm>> {
    if !Array::is_array(v) {
        return Err(invalid(format!(
            "option \"algorithms\" must be an array of algorithm names, not {}",
            type_name(v)
        )));
    }
    let arr: Array = v.clone().unchecked_into();
    if arr.length() > 16 {
        return Err(invalid("option \"algorithms\" lists too many entries"));
    }
    let mut out = Vec::new();
    for item in arr.iter() {
        let name = string_arg(&item, "an entry of \"algorithms\"", 16)?;
        if name.eq_ignore_ascii_case("none") {
            return Err(Error::new(
                ErrorCode::AlgNotAllowed,
                "\"none\" can never be an allowed algorithm",
            ));
        }
        let alg = crate::Algorithm::from_name(&name).ok_or_else(|| {
            invalid(format!(
                "{} is not a supported algorithm",
                crate::quote_name(&name)
            ))
        })?;
        out.push(alg);
    }
    Ok(out)
}

pub(crate) fn algorithm_arg(v: &JsValue, what: &str) -> Result<crate::Algorithm> {
    let name = string_arg(v, what, 16)?;
    crate::Algorithm::from_name(&name).ok_or_else(|| {
        // Every algorithm, from the one list: the key-pair algorithms first, then HMAC.
        let (hmac, pairs): (Vec<_>, Vec<_>) = crate::Algorithm::ALL
            .into_iter()
            .partition(|a| a.key_kind() == crate::KeyKind::Hmac);
        let names: Vec<&str> = pairs.iter().chain(&hmac).map(|a| a.name()).collect();
        Error::new(
            ErrorCode::KeyUnsupported,
            format!(
                "{what} {} is not supported ({} are)",
                crate::quote_name(&name),
                names.join(", ")
            ),
        )
    })
}

/// Any serialisable value → a plain JS value (objects, not Maps), built by the runtime's
/// `JSON.parse` from serde_json's text. `JSON.parse` defines every member as an own data
/// property, so a `__proto__`, `constructor` or `prototype` member stays a member at every
/// depth (as in `verify()`'s claims and in jose); an assignment-based converter such as
/// serde-wasm-bindgen's calls the `__proto__` setter instead and hides the member.
pub(crate) fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<JsValue> {
    let text =
        serde_json::to_string(v).map_err(|e| invalid(format!("result conversion failed: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| invalid("result conversion failed"))
}
