//! The crossing counters read by the tests through `__sceytStats`: native handles alive, answers
//! from native crypto, fallbacks to wasm, wasm checks and `node:crypto` signatures. Every native
//! call counts here, so a change in how often the runtime is crossed shows in the differential
//! suite.

use std::cell::Cell;

use js_sys::{Object, Reflect};
use wasm_bindgen::{prelude::wasm_bindgen, JsValue};

thread_local! {
    pub(super) static LIVE_HANDLES: Cell<u32> = const { Cell::new(0) };
    pub(super) static NATIVE_ANSWERS: Cell<u32> = const { Cell::new(0) };
    pub(super) static NATIVE_FALLBACKS: Cell<u32> = const { Cell::new(0) };
    pub(super) static NODE_ANSWERS: Cell<u32> = const { Cell::new(0) };
    pub(super) static NODE_SIGNATURES: Cell<u32> = const { Cell::new(0) };
    pub(super) static WASM_CHECKS: Cell<u32> = const { Cell::new(0) };
}

pub(super) fn bump(c: &'static std::thread::LocalKey<Cell<u32>>) {
    c.with(|c| c.set(c.get().wrapping_add(1)));
}

/// Counters for tests: native key handles alive now; signature checks answered by native crypto
/// with a boolean (`nodeAnswers` of them by `node:crypto`); native calls that threw (the
/// pure-Rust primitive then decided); checks the pure-Rust primitive made (HMAC, fallbacks,
/// `backend: "wasm"`, runtimes without native crypto); signatures made by `node:crypto`; async
/// calls settled at their first poll (`asyncNow`: node:crypto, wasm, early errors) and those that
/// waited for a native promise (`asyncWaits`: WebCrypto, key-set fetches); async calls waiting now
/// (`tasksWaiting`: a test that settled every call expects 0).
#[wasm_bindgen(js_name = "__sceytStats", skip_typescript)]
pub fn stats() -> JsValue {
    let o = Object::new();
    let get = |c: &'static std::thread::LocalKey<Cell<u32>>| c.with(Cell::get);
    for (k, v) in [
        ("liveHandles", get(&LIVE_HANDLES)),
        ("nativeAnswers", get(&NATIVE_ANSWERS)),
        ("nativeFallbacks", get(&NATIVE_FALLBACKS)),
        ("wasmChecks", get(&WASM_CHECKS)),
        ("nodeAnswers", get(&NODE_ANSWERS)),
        ("nodeSignatures", get(&NODE_SIGNATURES)),
        ("asyncNow", super::promise::ASYNC_NOW.with(Cell::get)),
        ("asyncWaits", super::promise::ASYNC_WAITS.with(Cell::get)),
        ("tasksWaiting", super::promise::waiting_tasks() as u32),
    ] {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    }
    o.into()
}
