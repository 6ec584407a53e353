//! WebCrypto (`crypto.subtle`): the import and operation parameters per algorithm, the calls,
//! the per-key import of a `CryptoKey` on first use, and [`Chain`], the promise plumbing that lets
//! the steady-state paths answer with one `then` and no Rust future.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::handles::{Api, Handle, NativeKeys, Slot};
use super::obj;
use crate::decision::Request;
use crate::error::Result;
use crate::keys::Algorithm;

pub(super) fn subtle() -> Option<Object> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    if !crypto.is_object() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.dyn_into::<Object>().ok()
}

fn hash_name(alg: Algorithm) -> &'static str {
    match alg.hash_len() {
        48 => "SHA-384",
        64 => "SHA-512",
        _ => "SHA-256",
    }
}

/// Import parameters: the hash is fixed per algorithm, so each algorithm has its own handle.
pub(super) fn import_params(alg: Algorithm) -> Object {
    match alg {
        Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => obj(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("hash", hash_name(alg).into()),
        ]),
        Algorithm::Ps256 | Algorithm::Ps384 | Algorithm::Ps512 => {
            obj(&[("name", "RSA-PSS".into()), ("hash", hash_name(alg).into())])
        }
        Algorithm::EdDsa => obj(&[("name", "Ed25519".into())]),
        _ => obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
    }
}

pub(super) fn op_params(alg: Algorithm) -> Object {
    match alg {
        Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => {
            obj(&[("name", "RSASSA-PKCS1-v1_5".into())])
        }
        Algorithm::Ps256 | Algorithm::Ps384 | Algorithm::Ps512 => obj(&[
            ("name", "RSA-PSS".into()),
            ("saltLength", (alg.hash_len() as u32).into()),
        ]),
        Algorithm::EdDsa => obj(&[("name", "Ed25519".into())]),
        _ => obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
    }
}

/// Calls `subtle[method](...args)` synchronously, returning its promise.
pub(super) fn call_now(subtle: &Object, method: &str, args: &Array) -> Option<Promise> {
    let f: js_sys::Function = Reflect::get(subtle, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(subtle, args).ok()?.dyn_into().ok()
}

pub(super) async fn call(subtle: &Object, method: &str, args: &Array) -> Option<JsValue> {
    JsFuture::from(call_now(subtle, method, args)?).await.ok()
}

/// The handle of `native` for `alg`, imported on first use. `None`: native crypto cannot take it.
pub(super) async fn handle_for(
    native: &NativeKeys,
    subtle: &Object,
    alg: Algorithm,
    der: impl FnOnce() -> Result<zeroize::Zeroizing<Vec<u8>>>,
    format: &str,
    usage: &str,
) -> Option<JsValue> {
    if let Some(known) = native.lookup(Api::Subtle, alg) {
        return known;
    }
    let Ok(der) = der() else {
        native.store(Api::Subtle, alg, Slot::Unavailable);
        return None;
    };
    let bytes = Uint8Array::from(&der[..]);
    let args = Array::of5(
        &format.into(),
        &bytes,
        &import_params(alg),
        &JsValue::FALSE,
        &Array::of1(&usage.into()),
    );
    let res = call(subtle, "importKey", &args).await;
    bytes.fill(0, 0, bytes.length());
    match res {
        Some(k) => {
            native.store(Api::Subtle, alg, Slot::Ready(Handle::new(k.clone())));
            Some(k)
        }
        None => {
            native.store(Api::Subtle, alg, Slot::Unavailable);
            None
        }
    }
}

pub(super) fn verify_args(alg: Algorithm, key: &JsValue, r: &Request<'_>) -> Array {
    Array::of4(
        &op_params(alg),
        key,
        &Uint8Array::from(r.signature),
        &Uint8Array::from(r.input),
    )
}

/// A promise whose rejection is turned into a string (so the next `then` always runs once).
pub(super) struct Chain(Promise);

impl Chain {
    pub(super) fn caught(p: Promise) -> Option<Self> {
        let string_ctor = Reflect::get(&js_sys::global(), &"String".into()).ok()?;
        let catch: js_sys::Function = Reflect::get(&p, &"catch".into()).ok()?.dyn_into().ok()?;
        Some(Chain(catch.call1(&p, &string_ctor).ok()?.dyn_into().ok()?))
    }
    pub(super) fn then(&self, done: &JsValue) -> Option<Promise> {
        let then: js_sys::Function = Reflect::get(&self.0, &"then".into())
            .ok()?
            .dyn_into()
            .ok()?;
        then.call1(&self.0, done).ok()?.dyn_into().ok()
    }
}
