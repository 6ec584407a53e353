//! Signing and key generation with native crypto: `issuer.issue()` (node:crypto, then WebCrypto
//! with a one-`then` steady state, then wasm) and `SigningKey.generate()` (WebCrypto where it
//! exists: RSA key generation in wasm can take seconds).

use std::rc::Rc;

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use super::handles::Api;
use super::node::node_sign;
use super::settle;
use super::subtle::{call, call_now, handle_for, import_params, op_params, subtle, Chain};
use super::{goes_native, native_eligible, Backend};
use crate::error::Result;
use crate::js::convert::to_js;
use crate::js::handles::SigningCell;
use crate::jws;
use crate::keys::{self, Algorithm, KeyKind, KeyOptions};

async fn sign_native(cell: &SigningCell, input: &str) -> Option<Vec<u8>> {
    let alg = cell.key.algorithm();
    let subtle = subtle()?;
    let der = || cell.key.to_pkcs8_der();
    let key = handle_for(&cell.native, &subtle, alg, der, "pkcs8", "sign").await?;
    let data = Uint8Array::from(input.as_bytes());
    let sig = call(&subtle, "sign", &Array::of3(&op_params(alg), &key, &data)).await?;
    let buf = sig.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

/// `issuer.issue()`: the signing input was built in wasm; the signature comes from native crypto
/// when it can (and `backend` allows), else from wasm.
pub(crate) fn sign_promise<'a>(
    cell: Rc<SigningCell>,
    prep: Result<String>,
    backend: Backend,
    retry: Option<&'a dyn Fn() -> &'a JsValue>,
) -> Promise {
    if let Ok(input) = &prep {
        if let Some(sig) = node_sign(&cell, input.as_bytes(), backend) {
            return Promise::resolve(&JsValue::from_str(&jws::assemble(input, &sig)));
        }
    }
    let native = goes_native(backend, cell.key.algorithm());
    if let (Ok(input), true) = (&prep, native) {
        if let Some(p) = sign_fast(&cell, input, retry) {
            return p;
        }
    }
    wasm_bindgen_futures::future_to_promise(async move {
        let input = prep.map_err(to_js)?;
        let native_sig = if native {
            sign_native(&cell, &input).await
        } else {
            None
        };
        let sig = match native_sig {
            Some(s) => s,
            None => cell.key.sign(input.as_bytes()).map_err(to_js)?,
        };
        Ok(JsValue::from_str(&jws::assemble(&input, &sig)))
    })
}

/// Steady-state signing: the native key is imported, so the signature promise is chained with
/// one `then` (no Rust future). `None`: take the general path.
fn sign_fast<'a>(
    cell: &Rc<SigningCell>,
    input: &str,
    retry: Option<&'a dyn Fn() -> &'a JsValue>,
) -> Option<Promise> {
    let alg = cell.key.algorithm();
    let key = cell.native.lookup(Api::Subtle, alg)??;
    let subtle = subtle()?;
    let data = Uint8Array::from(input.as_bytes());
    let p = call_now(&subtle, "sign", &Array::of3(&op_params(alg), &key, &data))?;
    if let Some(retry) = retry.filter(|_| settle::registered()) {
        // One crossing: the JS settler appends the signature (`settle.rs`).
        return settle::settle_sign(p, input, retry());
    }
    let input = input.to_owned();
    let cell = cell.clone();
    let done = Closure::once_into_js(
        move |sig: JsValue| -> core::result::Result<JsValue, JsValue> {
            let sig = match sig.dyn_into::<js_sys::ArrayBuffer>() {
                Ok(buf) => Uint8Array::new(&buf).to_vec(),
                // Not a signature (the native call threw): sign in wasm instead.
                Err(_) => cell.key.sign(input.as_bytes()).map_err(to_js)?,
            };
            Ok(JsValue::from_str(&jws::assemble(&input, &sig)))
        },
    );
    Chain::caught(p)?.then(&done)
}

/// `SigningKey.generate()`: RSA, P-256 and Ed25519 keys from native crypto where it exists (RSA
/// key generation in wasm can take seconds), else from wasm with the runtime's randomness.
pub(crate) async fn generate(alg: Algorithm, opts: &KeyOptions) -> Result<keys::SigningKey> {
    if native_eligible(alg) {
        if let Some(der) = generate_native(alg).await {
            let o = KeyOptions {
                algorithm: Some(alg),
                key_id: opts.key_id.clone(),
            };
            return keys::SigningKey::from_pkcs8_der(&der, &o);
        }
    }
    let mut rng = keys::runtime_rng()?;
    keys::SigningKey::generate(alg, &mut rng, opts)
}

async fn generate_native(alg: Algorithm) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let subtle = subtle()?;
    let params = import_params(alg);
    if alg.key_kind() == KeyKind::Rsa {
        let _ = Reflect::set(&params, &"modulusLength".into(), &2048.into());
        let _ = Reflect::set(
            &params,
            &"publicExponent".into(),
            &Uint8Array::from(&[1u8, 0, 1][..]),
        );
    }
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = call(
        &subtle,
        "generateKey",
        &Array::of3(&params, &JsValue::TRUE, &usages),
    )
    .await?;
    let private = Reflect::get(&pair, &"privateKey".into()).ok()?;
    let buf = call(&subtle, "exportKey", &Array::of2(&"pkcs8".into(), &private)).await?;
    let buf = buf.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    let view = Uint8Array::new(&buf);
    let der = zeroize::Zeroizing::new(view.to_vec());
    view.fill(0, 0, view.length());
    Some(der)
}
