//! The arguments of the key constructors (`fromPem`, `fromJwk`, `fromSecret`, `generate`), shared
//! by `SigningKey` and `VerifyingKey`: the text, JSON or bytes with their size limits, and the
//! `KeyOptions` bag.

use wasm_bindgen::prelude::*;

use super::arguments::{self, get_opt, get_string, string_arg};
use crate::keys::{self, KeyOptions};
use crate::Result;

pub(crate) const MAX_PEM: usize = keys::pem::MAX_PEM_LEN;
pub(crate) const MAX_JWK: usize = 64 * 1024;
pub(crate) const MAX_JWKS: usize = 1024 * 1024;

pub(crate) fn key_options(v: &JsValue, allow_alg: bool) -> Result<KeyOptions> {
    let allowed: &[&str] = if allow_alg {
        &["algorithm", "keyId"]
    } else {
        &["keyId"]
    };
    let o = arguments::options(v, "options", allowed)?;
    let algorithm = get_opt(o.as_ref(), "algorithm")?
        .map(|a| arguments::algorithm_arg(&a, "option \"algorithm\""))
        .transpose()?;
    let key_id = get_string(o.as_ref(), "keyId", 256)?;
    Ok(KeyOptions { algorithm, key_id })
}

/// The arguments of `fromPem`, `fromJwk` and `fromSecret`, shared by both key classes.
pub(crate) fn pem_input(pem: &JsValue, options: &JsValue) -> Result<(String, KeyOptions)> {
    Ok((
        string_arg(pem, "pem", MAX_PEM)?,
        key_options(options, true)?,
    ))
}

pub(crate) fn jwk_input(
    jwk: &JsValue,
    options: &JsValue,
) -> Result<(serde_json::Value, KeyOptions)> {
    Ok((
        arguments::json_arg(jwk, "jwk", MAX_JWK)?,
        key_options(options, true)?,
    ))
}

pub(crate) fn secret_input(
    secret: &JsValue,
    options: &JsValue,
) -> Result<(zeroize::Zeroizing<Vec<u8>>, KeyOptions)> {
    Ok((
        arguments::bytes_arg(secret, "secret", 1024)?,
        key_options(options, true)?,
    ))
}

/// A key argument wherever a verifying key is expected (`TokenVerifier`, `verifyCompact(Sync)`,
/// `inspectToken`'s `key`): a key object (SigningKey, VerifyingKey, KeySet, a fetched set), or
/// text — PEM, a JWK, a JWKS, one of them base64-encoded — or a JWK / JWKS object, all read by
/// the one reader ([`keys::text`]).
pub(crate) fn verify_keys_arg(v: &JsValue, what: &str) -> Result<super::cells::KeyCells> {
    use super::cells::{handle_of, KeyCells, SetCell, VerifyingCell};
    use crate::key_source::OneOrSet;
    use std::rc::Rc;
    // Text, or a JWK / JWKS literal; anything else must be one of the package's key objects.
    let text_or_json = v.is_string()
        || (v.is_object()
            && is_plain_object(v)
            && !arguments::get(&js_sys::Object::from(v.clone()), "__sceytHandle")?.is_function());
    if !text_or_json {
        return Ok(KeyCells::from_handle(handle_of(v, what)?));
    }
    Ok(match key_text_arg(v, what)? {
        OneOrSet::One(k) => KeyCells::One(Rc::new(VerifyingCell::new(k))),
        OneOrSet::Set(s) => KeyCells::Set(Rc::new(SetCell::new(s))),
    })
}

/// An object whose prototype is `Object.prototype` or null (a JWK / JWKS literal or a
/// `JSON.parse` result), not a class instance.
fn is_plain_object(v: &JsValue) -> bool {
    let proto = js_sys::Object::get_prototype_of(v);
    proto.is_null() || proto == js_sys::Object::get_prototype_of(&js_sys::Object::new())
}

/// Key text (a string) or a JWK / JWKS object, read by the one reader ([`keys::text`]): the
/// argument of `VerifyingKey.from` and `KeySet.from`.
pub(crate) fn key_text_arg(v: &JsValue, what: &str) -> Result<keys::text::KeyText> {
    if v.is_string() {
        keys::text::from_text(&string_arg(v, what, MAX_JWKS)?)
    } else {
        keys::text::from_json(&arguments::json_arg(v, what, MAX_JWKS)?)
    }
}

/// `describeKeyText(text)`: what a key text is — `{ format, private, base64 }` — found by the one
/// reader ([`keys::text::describe`]) without loading a key, for callers that choose between
/// `VerifyingKey.from` and `KeySet.from` or warn about a private key (the CLI, the demo page).
/// Throws `ERR_KEY_INVALID` as `VerifyingKey.from` does for text that is none of the formats.
#[wasm_bindgen(js_name = describeKeyText, unchecked_return_type = "KeyTextInfo")]
pub fn describe_key_text(
    #[wasm_bindgen(unchecked_param_type = "string | JsonWebKey | { keys: JsonWebKey[] }")]
    text: JsValue,
) -> Result<JsValue> {
    let info = if text.is_string() {
        string_arg(&text, "text", MAX_JWKS).and_then(|t| keys::text::describe(&t))
    } else {
        arguments::json_arg(&text, "text", MAX_JWKS).map(|v| keys::text::describe_json(&v))
    };
    let info = info?;
    let o = js_sys::Object::new();
    for (k, v) in [
        ("format", JsValue::from_str(info.format.name())),
        ("private", JsValue::from_bool(info.private)),
        ("base64", JsValue::from_bool(info.base64)),
    ] {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    }
    Ok(o.into())
}
