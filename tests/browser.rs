//! The wasm suite in headless browsers, with the commands of the wasm-pack book:
//! `wasm-pack test --headless --chrome --release` and `wasm-pack test --headless --firefox --release`
//! (chromedriver / geckodriver on PATH, installed by `scripts/setup.sh test`). The cases live in
//! tests/common/wasm_cases.rs, shared with tests/web.rs (Node); `wasm-pack test --node` skips this file.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/wasm_cases.rs"]
mod cases;
