//! Package-level exports that are not a class: the `TokenError` class registration, the list of
//! error codes (read at build time), the list of algorithms, and the memory figure the benchmark
//! reads.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::errors;
use crate::ErrorCode;

/// Registers the `TokenError` class: called once, by pkg/entries/glue.mjs right after the wasm is
/// instantiated and before anything else can call into it.
#[wasm_bindgen(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(class: Function) {
    errors::set_error_class(class);
}

/// Registers the crypto module's bridge: called once, by pkg/entries/glue.mjs right after the
/// core is instantiated (pkg/entries/crypto.mjs makes it).
#[wasm_bindgen(js_name = "__setCryptoBridge", skip_typescript)]
pub fn set_crypto_bridge(bridge: JsValue) {
    super::native::set_crypto_bridge(bridge);
}

/// Bytes of wasm linear memory in use by this instance (for the memory benchmark).
#[wasm_bindgen(js_name = "__wasmMemoryBytes", skip_typescript)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

/// Every error code (`ERR_TOKEN_EXPIRED`, …), in `ErrorCode::ALL` order. Read once, at build time,
/// by scripts/types.mjs, which writes the package's frozen `ErrorCode` object from it
/// (pkg/entries/codes.mjs, keyed by variant name; `errorCodes()` returns its values) and the
/// TypeScript union: the codes exist before the wasm is loaded.
#[wasm_bindgen(js_name = "__errorCodes", skip_typescript)]
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
