//! The parameter objects of the native APIs, built from [`Algorithm::native`](crate::keys::Algorithm::native),
//! the one table of each algorithm's native names: WebCrypto's import and operation parameters, and
//! `node:crypto`'s digest and key argument.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::keys::{Algorithm, NativeParams};

/// A plain object with these members.
pub(super) fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// Import (and generation) parameters: the hash is fixed per algorithm, so each algorithm has its
/// own handle.
pub(super) fn import_params(p: &NativeParams) -> Object {
    let o = obj(&[("name", p.name.into())]);
    if let Some(hash) = p.hash.filter(|_| p.curve.is_none()) {
        let _ = Reflect::set(&o, &"hash".into(), &hash.into());
    }
    if let Some(curve) = p.curve {
        let _ = Reflect::set(&o, &"namedCurve".into(), &curve.into());
    }
    o
}

/// `sign` / `verify` parameters.
fn make_op_params(p: &NativeParams) -> Object {
    let o = obj(&[("name", p.name.into())]);
    if let Some(salt) = p.pss_salt {
        let _ = Reflect::set(&o, &"saltLength".into(), &salt.into());
    }
    if let (Some(hash), Some(_)) = (p.hash, p.curve) {
        let _ = Reflect::set(&o, &"hash".into(), &hash.into());
    }
    o
}

thread_local! {
    /// The operation parameters of each algorithm, made once: WebCrypto reads the object on every
    /// call and never changes it, and no caller ever sees it.
    static OP_PARAMS: std::cell::RefCell<Vec<(Algorithm, Object)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The algorithm argument of `crypto.subtle.sign`/`verify` for `alg` (whose parameters are `p`).
pub(super) fn op_params(alg: Algorithm, p: &NativeParams) -> Object {
    OP_PARAMS.with(|all| {
        let mut all = all.borrow_mut();
        if let Some((_, o)) = all.iter().find(|(a, _)| *a == alg) {
            return o.clone();
        }
        let o = make_op_params(p);
        all.push((alg, o.clone()));
        o
    })
}

/// The digest argument of `crypto.sign`/`crypto.verify` (`null` for Ed25519).
pub(super) fn node_digest(p: &NativeParams) -> JsValue {
    p.node_digest.map_or(JsValue::NULL, name)
}

thread_local! {
    static NAMES: std::cell::RefCell<Vec<(&'static str, JsValue)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The JS string of a constant name (a method or digest name passed on every native call), made
/// once: each new string is a decode of wasm memory in JS. Found by address, among a dozen.
pub(crate) fn name(s: &'static str) -> JsValue {
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some((_, v)) = names.iter().find(|(k, _)| core::ptr::eq(*k, s)) {
            return v.clone();
        }
        let v = JsValue::from_str(s);
        names.push((s, v.clone()));
        v
    })
}

/// The key argument for `p`: RSA-PSS and ECDSA carry their padding / encoding with the key.
pub(super) fn node_key_arg(p: &NativeParams, key: JsValue) -> JsValue {
    if let Some(salt) = p.pss_salt {
        // crypto.constants.RSA_PKCS1_PSS_PADDING
        return obj(&[
            ("key", key),
            ("padding", 6.into()),
            ("saltLength", salt.into()),
        ])
        .into();
    }
    if p.node_p1363 {
        return obj(&[("key", key), ("dsaEncoding", "ieee-p1363".into())]).into();
    }
    key
}

/// A view of `bytes` where they lie in wasm memory, for a native call that reads them before it
/// returns (node:crypto's synchronous `sign`/`verify`; WebCrypto's `sign`/`verify`, which copy
/// their byte arguments before returning the promise): no copy and no new `ArrayBuffer`, which a
/// `Uint8Array::from` makes per argument (measured: 15 % of a `verifySync()` with a no-op
/// verify). Nothing runs in wasm while the call holds it, so memory cannot grow under it; the view
/// is never read after the call returns.
pub(super) fn wasm_view(bytes: &[u8]) -> js_sys::Uint8Array {
    view_at(bytes.as_ptr() as usize, bytes.len())
}

/// A view of `bytes` in wasm memory for a JS call that writes them before it returns
/// (`TextEncoder.encodeInto`: the text arguments, see [`utf8_of`](super::utf8_of)).
pub(super) fn wasm_view_mut(bytes: &mut [u8]) -> js_sys::Uint8Array {
    view_at(bytes.as_mut_ptr() as usize, bytes.len())
}

fn view_at(at: usize, len: usize) -> js_sys::Uint8Array {
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // Pointers in wasm32 are 32-bit: the cast cannot truncate.
    js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at as u32, len as u32)
}
