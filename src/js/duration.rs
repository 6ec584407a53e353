//! How a duration option is read from JavaScript, once for the whole package: a number of seconds
//! or a string in the grammar of [`crate::time`], else a type error, every error naming the option.
//! [`duration_option`] reads the Rust options with whole seconds (`convert::duration`: `lifetime`,
//! `minLifetime`, `maxLifetime`, `notBefore`, `clockTolerance`, which become token times) and, as
//! `__sceytDuration`, the timers of the JavaScript helpers with fractions of a second
//! (`scheduleRefresh` in `pkg/entries/lifecycle.mjs`, `KeySet.fetch` / `RemoteKeySet` in
//! `pkg/entries/remote.mjs`). `__sceytDuration` is internal, not part of the typed API (the `Duration`
//! type and pkg/index.d.ts document the grammar for callers).

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::convert::{self, to_js, JsResult};
use crate::error::Result;
use crate::time::{self, DurationArg, Resolution};

/// The longest duration string read (longer ones are refused before they are copied).
const MAX_DURATION_TEXT: usize = 64;

/// `__sceytDuration(value, name)`: seconds (possibly fractional) from a number of seconds or a
/// duration string; throws a `TokenError` `ERR_INVALID_ARGUMENT` naming `option "<name>"`.
#[wasm_bindgen(js_name = "__sceytDuration", skip_typescript)]
pub fn js_duration(value: JsValue, name: &str) -> JsResult<f64> {
    duration_option(&value, &format!("option {name:?}"), Resolution::Fractional).map_err(to_js)
}

/// A duration option from JavaScript: a number of seconds or a duration string, else a type error.
/// `what` names the option in every error (`option "margin"`).
pub(crate) fn duration_option(value: &JsValue, what: &str, resolution: Resolution) -> Result<f64> {
    if let Some(n) = value.as_f64() {
        return time::duration_seconds(DurationArg::Seconds(n), what, resolution);
    }
    if value.is_string() {
        let text = convert::string_arg(value, what, MAX_DURATION_TEXT)?;
        return time::duration_seconds(DurationArg::Text(&text), what, resolution);
    }
    Err(convert::invalid(format!(
        "{what} must be a number of seconds or a string like \"10m\", not {}",
        convert::type_name(value)
    )))
}

/// A duration option that becomes a token time: whole seconds, the one grammar (this file).
pub(crate) fn duration(v: &JsValue, what: &str) -> Result<i64> {
    duration_option(v, what, time::Resolution::WholeSeconds).map(|s| s as i64)
}

pub(crate) fn get_duration(obj: Option<&Object>, key: &str) -> Result<Option<i64>> {
    convert::get_opt(obj, key)?
        .map(|v| duration(&v, &format!("option {key:?}")))
        .transpose()
}
