//! The exported `decodeToken` and `tokenExpiresIn` functions: a token read **without**
//! verification, for display and refresh scheduling only.

use wasm_bindgen::prelude::*;

use super::arguments::{self, string_arg};
use super::clock::Clock;
use crate::jws;
use crate::{Error, ErrorCode, Result};

/// Decodes a token **without verifying it**: the result is untrusted. Throws only when the token
/// is not a well-formed JWT.
#[wasm_bindgen(js_name = decodeToken, unchecked_return_type = "DecodedToken")]
pub fn decode_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<JsValue> {
    let t = string_arg(&token, "token", jws::DEFAULT_MAX_TOKEN_LENGTH)?;
    let (h, c) = crate::decode_unverified(&t, jws::DEFAULT_MAX_TOKEN_LENGTH)?;
    verified_value(&h, &c)
}

/// Seconds until the token expires (negative once expired), read **without verifying** it.
#[wasm_bindgen(js_name = tokenExpiresIn)]
pub fn token_expires_in(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ currentDate?: Date; clock?: () => number }")]
    options: JsValue,
) -> Result<f64> {
    let t = string_arg(&token, "token", jws::DEFAULT_MAX_TOKEN_LENGTH)?;
    let o = arguments::options(&options, "options", &["currentDate", "clock"])?;
    let now = Clock::from_options(o.as_ref(), true)?.now()?;
    let (_, c) = crate::decode_unverified(&t, jws::DEFAULT_MAX_TOKEN_LENGTH)?;
    let exp = crate::claims::time_claim(&c, "exp")?.ok_or_else(|| {
        Error::claim(
            ErrorCode::ClaimInvalid,
            "exp",
            "missing",
            "the token has no \"exp\" claim",
        )
    })?;
    Ok((exp - now) as f64)
}

fn verified_value(
    header: &serde_json::Map<String, serde_json::Value>,
    claims: &serde_json::Map<String, serde_json::Value>,
) -> Result<JsValue> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        header: &'a serde_json::Map<String, serde_json::Value>,
        claims: &'a serde_json::Map<String, serde_json::Value>,
    }
    arguments::to_value(&Out { header, claims })
}
