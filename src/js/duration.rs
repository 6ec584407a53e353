//! How a duration option is read from JavaScript, once for the whole package: a number of seconds
//! or a string in the grammar of [`crate::time`], else a type error, every error naming the option.
//! [`duration_option`] reads the Rust options with whole seconds (`arguments::duration`: `lifetime`,
//! `minLifetime`, `maxLifetime`, `notBefore`, `clockTolerance`, which become token times) and, as
//! `__sceytDuration`, the timers of the JavaScript helpers with fractions of a second
//! (`scheduleRefresh` in `pkg/entries/lifecycle.mjs`, `KeySet.fetch` / `RemoteKeySet` in
//! `pkg/entries/remote.mjs`). `__sceytDuration` is internal, not part of the typed API (the `Duration`
//! type and pkg/index.d.ts document the grammar for callers).
//!
//! The other way, [`format_duration`] (`formatDuration`) writes seconds in the core's one wording
//! ([`time::human_duration`], [`time::human_relative`]), for the CLI's report and the demo page.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::arguments;
use super::errors;
use crate::time::{self, DurationArg, Resolution};
use crate::Result;

/// The longest duration string read (longer ones are refused before they are copied).
const MAX_DURATION_TEXT: usize = 64;

/// `__sceytDuration(value, name)`: seconds (possibly fractional) from a number of seconds or a
/// duration string; throws a `TokenError` `ERR_INVALID_ARGUMENT` naming `option "<name>"`.
#[wasm_bindgen(js_name = "__sceytDuration", skip_typescript)]
pub fn js_duration(value: JsValue, name: &str) -> Result<f64> {
    duration_option(&value, &format!("option {name:?}"), Resolution::Fractional)
}

/// `formatDuration(seconds, { relative })`: seconds in the words of the package's messages —
/// `5 h 59 min`, `3 min 20 s`, `2 d 4 h` (whole seconds, toward zero; the sign is dropped), or
/// with `relative: true` a distance from now: `in 5 h 59 min`, `3 min 20 s ago`, `now`.
#[wasm_bindgen(js_name = formatDuration)]
pub fn format_duration(
    #[wasm_bindgen(unchecked_param_type = "number")] seconds: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FormatDurationOptions")] options: JsValue,
) -> Result<String> {
    let o = arguments::options(&options, "options", &["relative"])?;
    let relative = match arguments::get_opt(o.as_ref(), "relative")? {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| {
            errors::invalid(format!(
                "option \"relative\" must be true or false, not {}",
                arguments::type_name(&v)
            ))
        })?,
    };
    let secs = match seconds.as_f64() {
        Some(n) if n.is_finite() => n.trunc() as i64, // saturates beyond i64
        _ => {
            return Err(errors::invalid(format!(
                "seconds must be a finite number, not {}",
                arguments::type_name(&seconds)
            )))
        }
    };
    Ok(if relative {
        time::human_relative(secs)
    } else {
        time::human_duration(secs)
    })
}

/// A duration option from JavaScript: a number of seconds or a duration string, else a type error.
/// `what` names the option in every error (`option "margin"`).
pub(crate) fn duration_option(value: &JsValue, what: &str, resolution: Resolution) -> Result<f64> {
    if let Some(n) = value.as_f64() {
        return time::duration_seconds(DurationArg::Seconds(n), what, resolution);
    }
    if value.is_string() {
        let text = arguments::string_arg(value, what, MAX_DURATION_TEXT)?;
        return time::duration_seconds(DurationArg::Text(&text), what, resolution);
    }
    Err(errors::invalid(format!(
        "{what} must be a number of seconds or a string like \"10m\", not {}",
        arguments::type_name(value)
    )))
}

/// A duration option that becomes a token time: whole seconds, the one grammar (this file).
pub(crate) fn duration(v: &JsValue, what: &str) -> Result<i64> {
    duration_option(v, what, time::Resolution::WholeSeconds).map(|s| s as i64)
}

pub(crate) fn get_duration(obj: Option<&Object>, key: &str) -> Result<Option<i64>> {
    arguments::get_opt(obj, key)?
        .map(|v| duration(&v, &format!("option {key:?}")))
        .transpose()
}
