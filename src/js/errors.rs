//! How a core error leaves the wasm: the one `TokenError` class (registered once by the package,
//! pkg/entries/glue.mjs), [`to_js`], and `impl From<Error> for JsValue`, so that the exports return
//! `crate::Result`.

use std::cell::RefCell;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::JsValue;

use crate::{Error, ErrorCode};

thread_local! {
    /// The package's `TokenError` (pkg/entries/error.mjs), registered once by pkg/entries/glue.mjs
    /// right after the wasm is instantiated.
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

pub(crate) fn set_error_class(f: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(f));
}

/// The one place where a core error becomes a JS `TokenError`: `new TokenError(code, message,
/// claim, reason)`, the class pkg/entries/error.mjs defines (its one shape). The package registers
/// it before anything can call into the wasm; only the raw wasm without the package (as
/// wasm-bindgen-test loads it) has none, and gets a plain `Error` whose message is the core
/// error's `Display` (`ERR_…: message`).
pub(crate) fn to_js(e: Error) -> JsValue {
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        let opt = |v: Option<&str>| v.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
        let args = Array::of4(
            &JsValue::from_str(e.code().as_str()),
            &JsValue::from_str(e.message()),
            &opt(e.claim_name()),
            &opt(e.reason()),
        );
        if let Ok(v) = Reflect::construct(&class, &args) {
            return v;
        }
    }
    js_sys::Error::new(&e.to_string()).into()
}

/// How an exported function returns a core error: it becomes a `TokenError` ([`to_js`]), so the
/// exports return `crate::Result` and use `?` on core results.
impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        to_js(e)
    }
}

pub(crate) fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}
