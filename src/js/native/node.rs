//! `node:crypto`: synchronous sign and verify with a `KeyObject` made once per key and algorithm.
//! A boolean answer is final; a throw or a refused key marks the key refused for that algorithm
//! (the memo workerd needs: its node:crypto refuses option objects around a KeyObject), and
//! WebCrypto or wasm takes over without asking node:crypto again.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::handles::{Api, Handle, NativeKeys, Slot};
use super::stats::{bump, wasm_primitive, NATIVE_FALLBACKS, NODE_ANSWERS, NODE_SIGNATURES};
use super::{answer_of, native_eligible, obj, Backend};
use crate::decision::{Answer, Request};
use crate::error::Result;
use crate::js::handles::{SigningCell, VerifyKeys};
use crate::keys::{Algorithm, KeyKind};

thread_local! {
    /// The `node:crypto` lookup, made once: `None` not looked up yet, `Some(None)` absent.
    static NODE_CRYPTO: RefCell<Option<Option<Object>>> = const { RefCell::new(None) };
}

/// `globalThis.process.getBuiltinModule("node:crypto")`, looked up once: Node ≥ 20.16, Deno, Bun,
/// and workerd with `nodejs_compat`. Needs no `import`, so runtimes without it (browsers, Workers
/// without the flag, Vercel Edge) simply get `None`.
pub(crate) fn node_crypto() -> Option<Object> {
    NODE_CRYPTO.with(|cached| {
        if let Some(known) = &*cached.borrow() {
            return known.clone();
        }
        let found = detect_node_crypto();
        *cached.borrow_mut() = Some(found.clone());
        found
    })
}

fn detect_node_crypto() -> Option<Object> {
    let process = Reflect::get(&js_sys::global(), &"process".into()).ok()?;
    if !process.is_object() {
        return None;
    }
    let get: js_sys::Function = Reflect::get(&process, &"getBuiltinModule".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let module: Object = get
        .call1(&process, &"node:crypto".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let has = |name: &str| {
        Reflect::get(&module, &name.into())
            .map(|f| f.is_function())
            .unwrap_or(false)
    };
    (has("sign") && has("verify") && has("createPublicKey") && has("createPrivateKey"))
        .then_some(module)
}

/// The digest argument of `crypto.sign`/`crypto.verify` (`null` for Ed25519).
fn node_digest(alg: Algorithm) -> JsValue {
    match (alg.key_kind(), alg.hash_len()) {
        (KeyKind::Ed25519, _) => JsValue::NULL,
        (_, 48) => "sha384".into(),
        (_, 64) => "sha512".into(),
        _ => "sha256".into(),
    }
}

/// The key argument for `alg`: RSA-PSS and ECDSA carry their padding / encoding with the key.
fn node_key_arg(alg: Algorithm, key: JsValue) -> JsValue {
    match alg {
        Algorithm::Ps256 | Algorithm::Ps384 | Algorithm::Ps512 => obj(&[
            ("key", key),
            // crypto.constants.RSA_PKCS1_PSS_PADDING
            ("padding", 6.into()),
            ("saltLength", (alg.hash_len() as u32).into()),
        ])
        .into(),
        Algorithm::Es256 => obj(&[("key", key), ("dsaEncoding", "ieee-p1363".into())]).into(),
        _ => key,
    }
}

/// The `node:crypto` key argument of `native` for `alg`, made on first use from `der` (SPKI, or
/// PKCS#8 when `private`). `None`: node:crypto refused the key (the pure-Rust primitive decides).
fn node_key(
    native: &NativeKeys,
    module: &Object,
    alg: Algorithm,
    der: impl FnOnce() -> Result<zeroize::Zeroizing<Vec<u8>>>,
    private: bool,
) -> Option<JsValue> {
    if let Some(known) = native.lookup(Api::Node, alg) {
        return known;
    }
    let made = der().ok().and_then(|der| {
        let bytes = Uint8Array::from(&der[..]);
        let spec = obj(&[
            ("key", bytes.clone().into()),
            ("format", "der".into()),
            ("type", if private { "pkcs8" } else { "spki" }.into()),
        ]);
        let ctor = if private {
            "createPrivateKey"
        } else {
            "createPublicKey"
        };
        let made = Reflect::get(module, &ctor.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call1(module, &spec).ok())
            .filter(JsValue::is_object);
        bytes.fill(0, 0, bytes.length());
        made
    });
    match made {
        Some(key) => {
            let arg = node_key_arg(alg, key);
            native.store(Api::Node, alg, Slot::Ready(Handle::new(arg.clone())));
            Some(arg)
        }
        None => {
            native.store(Api::Node, alg, Slot::Unavailable);
            None
        }
    }
}

/// Whether node:crypto refused the key at `r.index` for `r.alg` before (then it is not asked
/// again: workerd's node:crypto, for one, refuses option objects around a KeyObject, which
/// RSA-PSS and ECDSA need).
fn node_refused(keys: &VerifyKeys, r: &Request<'_>) -> bool {
    keys.native(r.index)
        .is_some_and(|n| matches!(n.lookup(Api::Node, r.alg), Some(None)))
}

/// One signature check with `node:crypto`'s synchronous `verify` (looked up on the module at
/// each call, so a test can wrap it). A boolean is final; a throw marks the key as refused for
/// this algorithm and lets the pure-Rust primitive decide this check.
pub(super) fn node_answer(keys: &VerifyKeys, r: &Request<'_>, module: &Object) -> Answer {
    let Some(native) = keys.native(r.index) else {
        return wasm_primitive(r);
    };
    let key = r.key;
    let der = || key.to_spki_der().map(zeroize::Zeroizing::new);
    let Some(arg) = node_key(native, module, r.alg, der, false) else {
        bump(&NATIVE_FALLBACKS);
        return Answer::Unavailable;
    };
    let verify = Reflect::get(module, &"verify".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let args = Array::of4(
        &node_digest(r.alg),
        &Uint8Array::from(r.input),
        &arg,
        &Uint8Array::from(r.signature),
    );
    match verify.and_then(|f| f.apply(module, &args).ok()) {
        Some(v) if v.as_bool().is_some() => {
            bump(&NODE_ANSWERS);
            answer_of(&v)
        }
        _ => {
            native.store(Api::Node, r.alg, Slot::Unavailable);
            bump(&NATIVE_FALLBACKS);
            Answer::Unavailable
        }
    }
}

/// The synchronous primitive for `backend`: `node:crypto` for the algorithms it takes when the
/// backend allows it and the runtime has it, else pure wasm. Used by every sync path and by the
/// async paths when node:crypto is there (no promise, no closure per call).
pub(crate) fn sync_primitive(
    keys: &VerifyKeys,
    backend: Backend,
) -> impl FnMut(&Request<'_>) -> Answer + '_ {
    move |r| match node_for(keys, r, backend) {
        Some(m) => node_answer(keys, r, &m),
        None => wasm_primitive(r),
    }
}

/// The `node:crypto` module when it is to answer `r` under `backend`: the backend allows it, the
/// runtime has it, the algorithm is one it takes, and it has not refused this key for it.
pub(super) fn node_for(keys: &VerifyKeys, r: &Request<'_>, backend: Backend) -> Option<Object> {
    if !native_eligible(r.alg) || node_refused(keys, r) {
        return None;
    }
    backend.node()
}

/// A signature by `node:crypto` with the key of `cell`, or `None` (then WebCrypto or wasm signs).
pub(crate) fn node_sign(cell: &SigningCell, input: &[u8], backend: Backend) -> Option<Vec<u8>> {
    let alg = cell.key.algorithm();
    if !native_eligible(alg) {
        return None;
    }
    let module = backend.node()?;
    let der = || cell.key.to_pkcs8_der();
    let arg = node_key(&cell.native, &module, alg, der, true)?;
    let sign: js_sys::Function = Reflect::get(&module, &"sign".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args = Array::of3(&node_digest(alg), &Uint8Array::from(input), &arg);
    match sign
        .apply(&module, &args)
        .ok()
        .and_then(|v| v.dyn_into::<Uint8Array>().ok())
    {
        Some(sig) => {
            bump(&NODE_SIGNATURES);
            Some(sig.to_vec())
        }
        None => {
            // Refused (workerd's node:crypto refuses option objects around a KeyObject): marked,
            // so WebCrypto or wasm signs from now on without asking node:crypto again.
            cell.native.store(Api::Node, alg, Slot::Unavailable);
            None
        }
    }
}
