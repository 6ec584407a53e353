//! Where "now" comes from for the exported classes: a fixed date, a clock function, or
//! `Date.now()` ([`Clock`]), and `Date` arguments as NumericDate seconds.

use js_sys::{Function, Object};
use wasm_bindgen::{JsCast, JsValue};

use super::arguments::{get_opt, type_name};
use super::errors::invalid;
use crate::{time, Result};

/// A `Date` as NumericDate seconds.
pub(crate) fn date_seconds(v: &JsValue, what: &str) -> Result<i64> {
    let Some(d) = v.dyn_ref::<js_sys::Date>() else {
        return Err(invalid(format!(
            "{what} must be a Date, not {}",
            type_name(v)
        )));
    };
    time::millis_to_seconds(d.get_time()).map_err(|_| invalid(format!("{what} is an invalid Date")))
}

/// Where "now" comes from: a fixed date, a clock function, or `Date.now()`.
#[derive(Clone)]
pub(crate) enum Clock {
    System,
    Fixed(i64),
    Func(Function),
}

impl Clock {
    pub(crate) fn from_options(obj: Option<&Object>, allow_fixed: bool) -> Result<Self> {
        if allow_fixed {
            if let Some(d) = get_opt(obj, "currentDate")? {
                return Ok(Clock::Fixed(date_seconds(&d, "option \"currentDate\"")?));
            }
        }
        match get_opt(obj, "clock")? {
            None => Ok(Clock::System),
            Some(f) => match f.dyn_into::<Function>() {
                Ok(f) => Ok(Clock::Func(f)),
                Err(v) => Err(invalid(format!(
                    "option \"clock\" must be a function returning milliseconds, not {}",
                    type_name(&v)
                ))),
            },
        }
    }

    pub(crate) fn now(&self) -> Result<i64> {
        match self {
            Clock::System => time::millis_to_seconds(js_sys::Date::now()),
            Clock::Fixed(s) => Ok(*s),
            Clock::Func(f) => {
                let v = f
                    .call0(&JsValue::UNDEFINED)
                    .map_err(|_| invalid("the clock function threw"))?;
                let ms = if let Some(n) = v.as_f64() {
                    n
                } else if let Some(d) = v.dyn_ref::<js_sys::Date>() {
                    d.get_time()
                } else {
                    return Err(invalid(format!(
                        "the clock function must return milliseconds (a number), not {}",
                        type_name(&v)
                    )));
                };
                time::millis_to_seconds(ms)
            }
        }
    }
}
