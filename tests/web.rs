//! The wasm suite in Node: `wasm-pack test --node --release`. The cases live in
//! tests/common/wasm_cases.rs, shared with tests/browser.rs (the headless browsers).
#![cfg(target_arch = "wasm32")]

#[path = "common/wasm_cases.rs"]
mod cases;
