//! The bridge to the crypto module (the second wasm module, built from `crypto/`): the
//! [`Arithmetic`] of the package's core module, which does not contain the RSA, ECDSA and Ed25519
//! arithmetic. pkg/entries/crypto.mjs owns the module (loading, instantiation, copying bytes in
//! and out) and registers its bridge object once, right after the core is instantiated
//! (`__setCryptoBridge`). The bridge never throws across this boundary (a throw would unwind
//! Rust frames without their destructors): it answers with numbers, and `failure()` words why
//! the module is not there.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use js_sys::{Promise, Uint8Array};
use sceyt_token_crypto::{Alg, Form};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::promise::Awaited;
use crate::keys::Arithmetic;
use crate::{Error, ErrorCode, Result};

#[wasm_bindgen]
extern "C" {
    /// pkg/entries/crypto.mjs's bridge object.
    pub type Bridge;
    /// 1 valid, 0 invalid (or bytes that do not load), -1 the module is not loaded (and cannot
    /// be loaded synchronously here), -2 loading it failed.
    #[wasm_bindgen(method)]
    fn verify(this: &Bridge, alg: u32, form: u32, key: &[u8], msg: &[u8], sig: &[u8]) -> i32;
    /// The signature, `null` (bytes that do not load), or a number as `verify`'s negatives.
    #[wasm_bindgen(method)]
    fn sign(this: &Bridge, alg: u32, key: &[u8], msg: &[u8], seed: &[u8]) -> JsValue;
    /// A new RSA key's PKCS#8 DER, `null`, or a number as `verify`'s negatives.
    #[wasm_bindgen(method, js_name = generateRsa)]
    fn generate_rsa(this: &Bridge, bits: u32, seed: &[u8]) -> JsValue;
    /// The Ed25519 public key of a seed, `null`, or a number as `verify`'s negatives.
    #[wasm_bindgen(method, js_name = ed25519Public)]
    fn ed25519_public(this: &Bridge, seed: &[u8]) -> JsValue;
    /// Whether the module is instantiated.
    #[wasm_bindgen(method)]
    fn loaded(this: &Bridge) -> bool;
    /// Loads the module (a promise of `true`, or of `false` with `failure()` set).
    #[wasm_bindgen(method)]
    fn load(this: &Bridge) -> Promise;
    /// Why the module is not there (after a -1 or -2).
    #[wasm_bindgen(method)]
    fn failure(this: &Bridge) -> String;
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// The one [`Arithmetic`] of the core module.
struct JsArithmetic;

static JS_ARITHMETIC: JsArithmetic = JsArithmetic;

/// Registers the bridge (pkg/entries/crypto.mjs, right after instantiation).
pub(crate) fn set_bridge(bridge: JsValue) {
    BRIDGE.with(|b| *b.borrow_mut() = Some(bridge.unchecked_into()));
    crate::keys::set_arithmetic(&JS_ARITHMETIC);
}

fn with_bridge<T>(f: impl FnOnce(&Bridge) -> Result<T>) -> Result<T> {
    BRIDGE.with(|b| match &*b.borrow() {
        Some(bridge) => f(bridge),
        None => Err(Error::new(
            ErrorCode::RuntimeUnsupported,
            "sceyt-token's crypto module bridge is not registered (load the package through its entries, not the raw glue)",
        )),
    })
}

/// The error of a negative answer.
fn unavailable(bridge: &Bridge, status: i32) -> Error {
    let code = if status == -1 {
        ErrorCode::NotInitialized
    } else {
        ErrorCode::RuntimeUnsupported
    };
    Error::new(code, bridge.failure())
}

/// A byte answer: the bytes, `None` for `null`, or the error of a negative number.
fn bytes(bridge: &Bridge, v: JsValue) -> Result<Option<Vec<u8>>> {
    if let Some(status) = v.as_f64() {
        return Err(unavailable(bridge, status as i32));
    }
    Ok(v.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec))
}

impl Arithmetic for JsArithmetic {
    fn verify(&self, alg: Alg, form: Form, der: &[u8], msg: &[u8], sig: &[u8]) -> Result<bool> {
        with_bridge(|b| match b.verify(alg as u32, form as u32, der, msg, sig) {
            1 => Ok(true),
            0 => Ok(false),
            status => Err(unavailable(b, status)),
        })
    }
    fn sign(&self, alg: Alg, der: &[u8], msg: &[u8], seed: [u8; 32]) -> Result<Option<Vec<u8>>> {
        let seed = Zeroizing::new(seed);
        with_bridge(|b| bytes(b, b.sign(alg as u32, der, msg, &seed[..])))
    }
    fn generate_rsa(&self, bits: usize, seed: [u8; 32]) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let seed = Zeroizing::new(seed);
        with_bridge(|b| {
            let der = bytes(b, b.generate_rsa(bits as u32, &seed[..]))?;
            Ok(der.map(Zeroizing::new))
        })
    }
    fn ed25519_public(&self, seed: &[u8; 32]) -> Result<Option<[u8; 32]>> {
        with_bridge(|b| {
            let pk = bytes(b, b.ed25519_public(&seed[..]))?;
            Ok(pk.and_then(|pk| pk.try_into().ok()))
        })
    }
    fn loaded(&self) -> bool {
        with_bridge(|b| Ok(b.loaded())).unwrap_or(false)
    }
    fn load(&self) -> Pin<Box<dyn Future<Output = Result<()>>>> {
        let waiting = with_bridge(|b| Ok((b.load(), JsValue::from(b).unchecked_into::<Bridge>())));
        Box::pin(async move {
            let (promise, bridge) = waiting?;
            match Awaited::new(promise).await {
                Ok(v) if v.as_bool() == Some(true) => Ok(()),
                _ => Err(unavailable(&bridge, -2)),
            }
        })
    }
}

/// Loads the crypto module unless it is loaded (or linked in): what an async path awaits before
/// it asks the pure-Rust primitive for an algorithm other than HMAC.
pub(crate) async fn ready() -> Result<()> {
    let arithmetic = crate::keys::arithmetic()?;
    if arithmetic.loaded() {
        return Ok(());
    }
    arithmetic.load().await
}

/// Before an async path asks the pure-Rust primitive for `alg`: loads the crypto module when
/// `alg` needs it (every algorithm but HMAC) and it is not loaded. A failure to load is not
/// reported here: the primitive's own call reports it, with its code and message.
pub(crate) async fn arithmetic_ready(alg: crate::keys::Algorithm) {
    if crate::keys::needs_arithmetic(alg) {
        let _ = ready().await;
    }
}
