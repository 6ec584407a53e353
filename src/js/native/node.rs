//! The `node:crypto` leaf: synchronous sign and verify with a `KeyObject` made once per key and
//! algorithm from the key's bytes. A boolean answer is final; a throw or a refused key marks the
//! key refused for that algorithm (the memo workerd needs: its node:crypto refuses option objects
//! around a KeyObject), and WebCrypto or wasm takes over without asking node:crypto again.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::key_handles::{Api, Imported, NativeKeys, Slot};
use super::params::{name, node_digest, node_key_arg, obj, wasm_view};
use super::stats::{bump, NATIVE_ANSWERS, NATIVE_FALLBACKS, NODE_ANSWERS, NODE_SIGNATURES};
use crate::keys::{Algorithm, NativeParams};
use crate::primitive::{Answer, KeyBytes, KeyForm, SignInput, VerifyInput};

thread_local! {
    /// The `node:crypto` lookup, made once: `None` not looked up yet, `Some(None)` absent.
    static NODE_CRYPTO: RefCell<Option<Option<Object>>> = const { RefCell::new(None) };
}

/// `globalThis.process.getBuiltinModule("node:crypto")`, looked up once: Node ≥ 20.16, Deno, Bun,
/// and workerd with `nodejs_compat`. Needs no `import`, so runtimes without it (browsers, Workers
/// without the flag, Vercel Edge) simply get `None`.
pub(super) fn node_crypto() -> Option<Object> {
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
    let get: Function = Reflect::get(&process, &"getBuiltinModule".into())
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

/// The `node:crypto` key argument in `handles` for `alg`, made on first use from `key` (SPKI or
/// PKCS#8). `None`: node:crypto refused the key, or an HMAC secret (never sent to node:crypto).
fn key_for(
    handles: &NativeKeys,
    module: &Object,
    alg: Algorithm,
    p: &NativeParams,
    key: KeyBytes<'_>,
) -> Option<JsValue> {
    if let Some(known) = handles.lookup(Api::Node, alg) {
        return known;
    }
    let (ctor, kind) = match key.form {
        KeyForm::Spki => ("createPublicKey", "spki"),
        KeyForm::Pkcs8 => ("createPrivateKey", "pkcs8"),
        KeyForm::Secret => return None,
    };
    let bytes = Uint8Array::from(key.der);
    let spec = obj(&[
        ("key", bytes.clone().into()),
        ("format", "der".into()),
        ("type", kind.into()),
    ]);
    let made = Reflect::get(module, &ctor.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(module, &spec).ok())
        .filter(JsValue::is_object);
    bytes.fill(0, 0, bytes.length());
    match made {
        Some(made) => {
            let arg = node_key_arg(p, made);
            handles.store(Api::Node, alg, Slot::Ready(Imported::new(arg.clone())));
            Some(arg)
        }
        None => {
            handles.store(Api::Node, alg, Slot::Refused);
            None
        }
    }
}

/// Whether node:crypto refused this key for `alg` before (then it is not asked again: workerd's
/// node:crypto, for one, refuses option objects around a KeyObject, which RSA-PSS and ECDSA need).
pub(super) fn refused(handles: &NativeKeys, alg: Algorithm) -> bool {
    matches!(handles.lookup(Api::Node, alg), Some(None))
}

/// `module[name]`, looked up at each call (so a test can wrap it).
fn function(module: &Object, method: &'static str) -> Option<Function> {
    Reflect::get(module, &name(method)).ok()?.dyn_into().ok()
}

/// One signature check with `node:crypto`'s synchronous `verify`. A boolean is final; a throw
/// marks the key refused for this algorithm and answers `Failed`.
pub(super) fn verify(module: &Object, handles: &NativeKeys, input: &VerifyInput<'_>) -> Answer {
    let answer = input.alg.native().and_then(|p| {
        let key = key_for(handles, module, input.alg, &p, input.key)?;
        let f: Function = function(module, "verify")?;
        // `call` with the four arguments: no argument array to build and spread.
        f.call4(
            module,
            &node_digest(&p),
            &JsValue::from(wasm_view(input.message)),
            &key,
            &JsValue::from(wasm_view(input.signature)),
        )
        .ok()?
        .as_bool()
    });
    match answer {
        Some(b) => {
            bump(&NODE_ANSWERS);
            bump(&NATIVE_ANSWERS);
            Answer::from(b)
        }
        None => {
            handles.store(Api::Node, input.alg, Slot::Refused);
            bump(&NATIVE_FALLBACKS);
            Answer::Failed
        }
    }
}

/// A signature by `node:crypto`, or `None` (refused: marked, so WebCrypto or wasm signs from now
/// on without asking node:crypto again).
pub(super) fn sign(
    module: &Object,
    handles: &NativeKeys,
    input: &SignInput<'_>,
) -> Option<Vec<u8>> {
    if refused(handles, input.alg) {
        return None;
    }
    let p = input.alg.native()?;
    let key = key_for(handles, module, input.alg, &p, input.key)?;
    let data = JsValue::from(wasm_view(input.message));
    let sig = function(module, "sign")
        .and_then(|f| f.call3(module, &node_digest(&p), &data, &key).ok())
        .and_then(|v| v.dyn_into::<Uint8Array>().ok());
    match sig {
        Some(sig) => {
            bump(&NODE_SIGNATURES);
            Some(sig.to_vec())
        }
        None => {
            handles.store(Api::Node, input.alg, Slot::Refused);
            None
        }
    }
}
