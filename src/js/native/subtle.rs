//! The WebCrypto leaf (`crypto.subtle`): a `CryptoKey` imported once per key and algorithm from the
//! key's bytes, then `verify` / `sign`, awaited; and key generation, where WebCrypto makes RSA keys
//! in milliseconds that wasm would take seconds over.

use js_sys::{Array, ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::key_handles::{Api, Imported, NativeKeys, Slot};
use super::params::{import_params, name, op_params, wasm_view};
use super::stats::{bump, NATIVE_ANSWERS, NATIVE_FALLBACKS};
use crate::keys::{self, Algorithm, KeyKind, KeyOptions, NativeParams};
use crate::primitive::{Answer, KeyBytes, KeyForm, SignInput, VerifyInput};
use crate::Result;

pub(super) fn subtle() -> Option<Object> {
    let crypto = Reflect::get(&js_sys::global(), &name("crypto")).ok()?;
    if !crypto.is_object() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &name("subtle")).ok()?;
    subtle.dyn_into::<Object>().ok()
}

/// `subtle[method](...args)`, awaited; `None` when it threw or rejected.
async fn call(subtle: &Object, name: &'static str, args: &Array) -> Option<JsValue> {
    settled(method(subtle, name)?.apply(subtle, args)).await
}

/// `subtle[method]`, read on every call (a runtime or a test may replace it).
fn method(subtle: &Object, method: &'static str) -> Option<Function> {
    Reflect::get(subtle, &name(method)).ok()?.dyn_into().ok()
}

/// The value a call's promise settles with; `None` when the call threw, returned no promise, or
/// its promise rejected.
async fn settled(returned: Result<JsValue, JsValue>) -> Option<JsValue> {
    // A promise of another realm (edge-runtime's VM, as Vercel Edge runs a function, hands out the
    // host's) is no `instanceof Promise` here: adopt it.
    let p = match returned.ok()?.dyn_into::<Promise>() {
        Ok(p) => p,
        Err(other) => Promise::resolve(&other),
    };
    super::Awaited::new(p).await.ok()
}

/// The `CryptoKey` in `handles` for `alg`, imported on first use from `key`. `None`: WebCrypto
/// cannot take it (refused once, not asked again).
async fn key_for(
    subtle: &Object,
    handles: &NativeKeys,
    alg: Algorithm,
    p: &NativeParams,
    key: KeyBytes<'_>,
) -> Option<JsValue> {
    if let Some(known) = handles.lookup(Api::Subtle, alg) {
        return known;
    }
    let (format, usage) = match key.form {
        KeyForm::Spki => ("spki", "verify"),
        KeyForm::Pkcs8 => ("pkcs8", "sign"),
        KeyForm::Secret => return None,
    };
    let bytes = Uint8Array::from(key.der);
    let args = Array::of5(
        &format.into(),
        &bytes,
        &import_params(p),
        &JsValue::FALSE,
        &Array::of1(&usage.into()),
    );
    let made = call(subtle, "importKey", &args).await;
    bytes.fill(0, 0, bytes.length());
    match made {
        Some(k) => {
            handles.store(Api::Subtle, alg, Slot::Ready(Imported::new(k.clone())));
            Some(k)
        }
        None => {
            handles.store(Api::Subtle, alg, Slot::Refused);
            None
        }
    }
}

/// One signature check with `crypto.subtle.verify`. A boolean is final; a refused import, a
/// rejection or anything else answers `Failed`.
pub(super) async fn verify(
    subtle: &Object,
    handles: &NativeKeys,
    input: &VerifyInput<'_>,
) -> Answer {
    let answer = async {
        let p = input.alg.native()?;
        let key = key_for(subtle, handles, input.alg, &p, input.key).await?;
        // WebCrypto copies both byte arguments before `verify` returns (WebCrypto §14.3.4,
        // steps "get a copy of the bytes held by" signature and data), so views of wasm memory
        // are enough: see `wasm_view`.
        let f = method(subtle, "verify")?;
        let answer = f.call4(
            subtle,
            &op_params(input.alg, &p),
            &key,
            &wasm_view(input.signature),
            &wasm_view(input.message),
        );
        settled(answer).await?.as_bool()
    };
    match answer.await {
        Some(b) => {
            bump(&NATIVE_ANSWERS);
            Answer::from(b)
        }
        None => {
            bump(&NATIVE_FALLBACKS);
            Answer::Failed
        }
    }
}

/// A signature by `crypto.subtle.sign`, or `None` (the driver signs in wasm).
pub(super) async fn sign(
    subtle: &Object,
    handles: &NativeKeys,
    input: &SignInput<'_>,
) -> Option<Vec<u8>> {
    let p = input.alg.native()?;
    let key = key_for(subtle, handles, input.alg, &p, input.key).await?;
    // Copied by WebCrypto before `sign` returns, as in `verify`.
    let data = wasm_view(input.message);
    let f = method(subtle, "sign")?;
    let sig = settled(f.call3(subtle, &op_params(input.alg, &p), &key, &data)).await?;
    let buf: ArrayBuffer = sig.dyn_into().ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

/// `SigningKey.generate()`: RSA, P-256 and Ed25519 keys from WebCrypto where it exists (RSA key
/// generation in wasm can take seconds), else from wasm with the runtime's randomness.
pub(crate) async fn generate(alg: Algorithm, opts: &KeyOptions) -> Result<keys::SigningKey> {
    if alg.key_kind() == KeyKind::Ed25519 {
        // The public key of an Ed25519 seed is the crypto module's arithmetic.
        super::crypto_module::arithmetic_ready(alg).await;
    }
    if let Some(der) = generate_native(alg).await {
        let o = KeyOptions {
            algorithm: Some(alg),
            key_id: opts.key_id.clone(),
        };
        return keys::SigningKey::from_pkcs8_der(&der, &o);
    }
    if alg.key_kind() == KeyKind::Rsa {
        super::crypto_module::arithmetic_ready(alg).await;
    }
    let mut rng = keys::runtime_rng()?;
    keys::SigningKey::generate(alg, &mut rng, opts)
}

async fn generate_native(alg: Algorithm) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let p = alg.native()?;
    let subtle = subtle()?;
    let params = import_params(&p);
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
    let buf: ArrayBuffer = buf.dyn_into().ok()?;
    let view = Uint8Array::new(&buf);
    let der = zeroize::Zeroizing::new(view.to_vec());
    view.fill(0, 0, view.length());
    Some(der)
}
