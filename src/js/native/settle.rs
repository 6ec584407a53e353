//! One crossing per call on the WebCrypto path. WebCrypto answers with a promise, so without help
//! its answer would come back into wasm a second time (a `then` closure allocated per call) to
//! finish the decision. Instead the one call into wasm prepares everything — for `verify()` the
//! decision sealed up to the last answer ([`crate::decision::Pending::seal`]: the claims already
//! checked), for `issue()` the signing input — and hands the native promise to a small JS function
//! registered by the package entries (`pkg/entries/settle.mjs`, through `__setSettle`), which opens
//! the seal with the boolean (`true` releases the outcome, `false` is the bad-signature error
//! whatever the claims said) or appends the signature. Only a native failure (a rejected promise,
//! a non-boolean) calls back into wasm: the per-verifier or per-issuer `retry` function, which
//! decides with the pure-Rust primitive. Without a registered settler (the wasm-bindgen tests,
//! which load the glue without the entries) the chained-closure path of `verify.rs` and `sign.rs`
//! runs instead.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};

use super::stats::{bump, NATIVE_FALLBACKS, SEALED_CALLS};
use super::verify::{conclude, Then};
use crate::decision::{self, Sealed};
use crate::js::convert::to_js;
use crate::js::handles::{SigningCell, VerifyKeys};
use crate::jws;
use crate::keys::Algorithm;
use crate::VerifyOptions;

/// A verifier's or issuer's retry: the pure-Rust primitive decides when the native call failed.
pub(crate) type Retry = Closure<dyn Fn(JsValue, f64) -> core::result::Result<JsValue, JsValue>>;

thread_local! {
    static SETTLE: RefCell<Option<(Function, Function)>> = const { RefCell::new(None) };
}

/// Registers the JS settlers: `verify(answer, outcome, failed, alg, token, now, retry)` and
/// `sign(signature, input, retry)` (called once by each package entry).
#[wasm_bindgen(js_name = "__setSettle", skip_typescript)]
pub fn set_settle(verify: Function, sign: Function) {
    SETTLE.with(|s| *s.borrow_mut() = Some((verify, sign)));
}

/// The bad-signature error for `alg` (the settler's `false`): the decision's own error.
#[wasm_bindgen(js_name = "__badSignature", skip_typescript)]
pub fn bad_signature(alg: &str) -> JsValue {
    let alg = Algorithm::from_name(alg).unwrap_or(Algorithm::Rs256);
    to_js(crate::decision::bad_signature(alg))
}

/// Whether the package entry registered its settlers.
pub(crate) fn registered() -> bool {
    SETTLE.with(|s| s.borrow().is_some())
}

fn settler(pick: impl Fn(&(Function, Function)) -> Function) -> Option<Function> {
    SETTLE.with(|s| s.borrow().as_ref().map(pick))
}

/// The promise of `verify()`: `answer` (WebCrypto's) settles `sealed`. `None`: no settler is
/// registered (the caller takes the chained path).
pub(crate) fn settle_verify(
    answer: Promise,
    sealed: Sealed<JsValue>,
    token: &JsValue,
    now: i64,
    retry: &JsValue,
) -> Option<Promise> {
    let f = settler(|s| s.0.clone())?;
    let (outcome, alg) = sealed.into_parts_for_binding();
    let (value, failed) = match outcome {
        Ok(v) => (v, false),
        Err(e) => (to_js(e), true),
    };
    let args = Array::of5(&answer, &value, &failed.into(), &alg.name().into(), token);
    args.push(&(now as f64).into());
    args.push(retry);
    bump(&SEALED_CALLS);
    f.apply(&JsValue::UNDEFINED, &args).ok()?.dyn_into().ok()
}

/// The promise of `issue()`: `signature` (WebCrypto's) completes `input` into the token.
pub(crate) fn settle_sign(signature: Promise, input: &str, retry: &JsValue) -> Option<Promise> {
    let f = settler(|s| s.1.clone())?;
    bump(&SEALED_CALLS);
    f.call3(&JsValue::UNDEFINED, &signature, &input.into(), retry)
        .ok()?
        .dyn_into()
        .ok()
}

/// The retry of a verifier's sealed calls: `(token, now)` decided again with the pure-Rust
/// primitive, at the same `now` (the native call threw or answered a non-boolean: counted as a
/// native fallback, as on the chained path).
pub(crate) fn retry_verify(keys: VerifyKeys, opts: Rc<VerifyOptions>) -> Retry {
    Closure::new(move |token: JsValue, now: f64| {
        bump(&NATIVE_FALLBACKS);
        let token = token.as_string().unwrap_or_default();
        let signed = crate::js::options::begin(keys.clone(), &token, &opts, true)
            .and_then(|p| p.decide_with(decision::rust_primitive));
        conclude(signed, &Then::Claims(now as i64, opts.clone())).map_err(to_js)
    })
}

/// The retry of an issuer's sealed calls: `input` signed by the pure-wasm signer.
pub(crate) fn retry_sign(cell: Rc<SigningCell>) -> Retry {
    Closure::new(move |input: JsValue, _: f64| {
        let input = input.as_string().unwrap_or_default();
        let sig = cell.key.sign(input.as_bytes()).map_err(to_js)?;
        Ok(JsValue::from_str(&jws::assemble(&input, &sig)))
    })
}
