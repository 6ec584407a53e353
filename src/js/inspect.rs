//! The exported `inspectToken` function: every check of a token reported with a message, under
//! the verifier's options; its `key` may also be PEM text, a JWK or a JWKS.

use wasm_bindgen::prelude::*;

use crate::Result;

use super::arguments::{self, get_opt, string_arg};
use super::clock::Clock;
use super::errors;
use super::key_input::verify_keys_arg;
use super::native;
use super::options::{verify_args, AppCheck, MAX_TOKEN_HARD, VERIFY_OPTIONS};
use crate::inspect::{self, InspectOptions};
use crate::key_source::KeyHolder;

/// Checks a token and reports every check with a message a person can act on. Takes every
/// `TokenVerifier` option, and under them its verdict and code are those of `verifySync`.
/// Never throws for a bad token or a key that does not load (that is the report's `key` check);
/// throws `TokenError` only for bad options.
#[wasm_bindgen(js_name = inspectToken, unchecked_return_type = "InspectReport")]
pub fn inspect_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InspectOptions")] options: JsValue,
) -> Result<JsValue> {
    let mut allowed = VERIFY_OPTIONS.to_vec();
    allowed.push("key");
    let o = arguments::options(&options, "options", &allowed)?;
    // A key that does not load is reported (the `key` check), never thrown: the report
    // still explains the token. An empty or blank text (an empty textarea) is no key.
    let given = get_opt(o.as_ref(), "key")?
        .filter(|k| !(k.is_null() || k.as_string().is_some_and(|t| t.trim().is_empty())));
    let (keys, key_error) = match given.map(|k| verify_keys_arg(&k, "option \"key\"")) {
        None => (None, None),
        Some(Ok(k)) => (Some(k), None),
        Some(Err(e)) => (None, Some(e)),
    };
    let (vo, backend) = verify_args(o.as_ref(), AppCheck::Optional)?;
    super::token_cache::cache_option(o.as_ref())?; // checked as TokenVerifier checks it; no effect
    let now = Clock::from_options(o.as_ref(), true)?.now()?;
    let text = if token.is_string() {
        string_arg(&token, "token", MAX_TOKEN_HARD)?
    } else {
        return Err(errors::invalid(format!(
            "token must be a string, not {}",
            arguments::type_name(&token)
        )));
    };
    let io = InspectOptions {
        keys: keys.as_ref().map(KeyHolder::keys),
        verify: vo,
        key_error,
    };
    let leaf = native::OneShot(native::SyncLeaf(backend));
    arguments::to_value(&inspect::inspect_with(&text, now, &io, &leaf))
}
