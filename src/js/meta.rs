//! Package-level exports that are not a class: the `TokenError` class registration, the lists of
//! error codes and algorithms, and the memory figure the benchmark reads.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::convert;
use crate::ErrorCode;

/// Registers the `TokenError` class (called once by each package entry).
#[wasm_bindgen(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(class: Function) {
    convert::set_error_class(class);
}

/// Bytes of wasm linear memory in use by this instance (for the memory benchmark).
#[wasm_bindgen(js_name = "__wasmMemoryBytes", skip_typescript)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

/// The error codes this package throws, for `switch` statements and tests.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}

/// The algorithms this build supports.
#[wasm_bindgen(js_name = supportedAlgorithms, unchecked_return_type = "Algorithm[]")]
pub fn supported_algorithms() -> Vec<String> {
    crate::Algorithm::ALL
        .iter()
        .filter(|a| a.is_enabled())
        .map(|a| a.name().to_owned())
        .collect()
}
