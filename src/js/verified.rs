//! The result of a verification, `{ header, claims }`: its text, made from the two texts the
//! decision already parsed strictly, and its objects, parsed from that text by the runtime. The
//! verifier builds every result this way; the verified-token cache keeps the same text.

use wasm_bindgen::JsValue;

use crate::{Error, Result};

/// The text of `{ header, claims }` from the two texts that were already parsed strictly in wasm:
/// what every verification result is built from (the verified-token cache keeps it too).
pub(crate) fn verified_text(v: &crate::Verified) -> String {
    let (header, claims) = (&v.raw_header, &v.raw_claims);
    let mut text = String::with_capacity(header.len() + claims.len() + 22);
    text.push_str("{\"header\":");
    text.push_str(header);
    text.push_str(",\"claims\":");
    text.push_str(claims);
    text.push('}');
    text
}

/// `{ header, claims }` by one `JSON.parse` of [`verified_text`] (one crossing, much cheaper than
/// building the objects field by field, and than two parses put together with `Reflect.set`).
pub(crate) fn parse_verified(text: &str) -> Result<JsValue> {
    js_sys::JSON::parse(text).map_err(|_| runtime_refused_json())
}

/// The error when the runtime's `JSON.parse` refuses a text wasm accepted.
pub(crate) fn runtime_refused_json() -> Error {
    Error::malformed("the JSON could not be parsed by the runtime")
}
