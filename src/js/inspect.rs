//! The exported `inspectToken` function: every check of a token reported with a message, under
//! the verifier's options; its `key` may also be PEM text, a JWK or a JWKS.

use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::convert::{self, get_opt, string_arg, Clock, JsResult};
use super::handles::{handle_of, SetCell, VerifyKeys, VerifyingCell};
use super::js;
use super::key_input::MAX_JWKS;
use super::options::{verify_args, AppCheck, MAX_TOKEN_HARD, VERIFY_OPTIONS};
use crate::error::{Error, Result};
use crate::inspect::{self, InspectOptions};
use crate::key_source::KeyHolder;
use crate::keys::{self, KeyOptions};

/// A key given to `inspectToken`: a key object, PEM text, JWK or JWKS (object or JSON text).
fn inspect_key(v: &JsValue) -> Result<VerifyKeys> {
    if v.is_string() {
        let text = string_arg(v, "option \"key\"", MAX_JWKS)?;
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') {
            let value = crate::json::parse_value(trimmed.as_bytes())
                .map_err(|e| Error::key_invalid(format!("the key JSON {e}")))?;
            return json_key(&value);
        }
        let k = keys::VerifyingKey::from_pem(&text, &KeyOptions::default())?;
        return Ok(VerifyKeys::One(Rc::new(VerifyingCell::new(k))));
    }
    if v.is_object() && convert::get(&Object::from(v.clone()), "__sceytHandle")?.is_function() {
        return Ok(VerifyKeys::from_handle(handle_of(v, "option \"key\"")?));
    }
    let value = convert::json_arg(v, "option \"key\"", MAX_JWKS)?;
    json_key(&value)
}

fn json_key(value: &serde_json::Value) -> Result<VerifyKeys> {
    if value.get("keys").is_some() {
        let set = keys::KeySet::from_jwks(value)?;
        return Ok(VerifyKeys::Set(Rc::new(SetCell::new(set))));
    }
    let k = keys::VerifyingKey::from_jwk(value, &KeyOptions::default())?;
    Ok(VerifyKeys::One(Rc::new(VerifyingCell::new(k))))
}

/// Checks a token and reports every check with a message a person can act on. Takes every
/// `TokenVerifier` option, and under them its verdict and code are those of `verifySync`.
/// Never throws for a bad token; throws `TokenError` only for bad options (including a bad `key`).
#[wasm_bindgen(js_name = inspectToken, unchecked_return_type = "InspectReport")]
pub fn inspect_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InspectOptions")] options: JsValue,
) -> JsResult<JsValue> {
    js((|| {
        let mut allowed = VERIFY_OPTIONS.to_vec();
        allowed.push("key");
        let o = convert::options(&options, "options", &allowed)?;
        let keys = get_opt(o.as_ref(), "key")?
            .map(|k| inspect_key(&k))
            .transpose()?;
        let (vo, _backend) = verify_args(o.as_ref(), AppCheck::Optional)?;
        let now = Clock::from_options(o.as_ref(), true)?.now()?;
        let text = if token.is_string() {
            string_arg(&token, "token", MAX_TOKEN_HARD)?
        } else {
            return Err(convert::invalid(format!(
                "token must be a string, not {}",
                convert::type_name(&token)
            )));
        };
        let io = InspectOptions {
            keys: keys.as_ref().map(KeyHolder::keys),
            verify: vo,
        };
        convert::to_value(&inspect::inspect(&text, now, &io))
    })())
}
