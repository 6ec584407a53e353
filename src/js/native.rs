//! The native primitives: sign bytes, or answer whether a signature verifies, with the runtime's
//! `node:crypto` or `crypto.subtle`.
//! It never selects keys, never chooses the algorithm and never reads claims: the one decision
//! (`crate::decision`) drives it exactly as it drives the pure-Rust primitive.
//!
//! Native key handles belong to the key: each key object — and each member of a key set — owns a
//! [`NativeKeys`], one imported `CryptoKey` per algorithm it is used with, dropped with it. No
//! cache is keyed by addresses or indices a later object could reuse.
//! A native `false` is final; only an exception (or a refused import) makes the pure-Rust
//! primitive decide instead. RSA, ECDSA and Ed25519 go native; HMAC stays in wasm (faster than a
//! native call per token).
//!
//! Two native APIs: `node:crypto` (synchronous; found with `process.getBuiltinModule`, so Node,
//! Deno, Bun and workerd with `nodejs_compat`), used by the sync and the async paths, and
//! WebCrypto (`crypto.subtle`, async only) where node:crypto is missing. `backend` chooses.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::convert::to_js;
use super::{SigningCell, VerifyKeys};
use crate::decision::{self, Answer, KeyHolder, Pending, Request, SignedToken};
use crate::error::{Error, ErrorCode, Result};
use crate::jws;
use crate::keys::{self, Algorithm, KeyKind, KeyOptions};
use crate::VerifyOptions;

// ---------------------------------------------------------------------------------------------
// Backends and counters

/// Which primitive checks signature bytes on the async paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Backend {
    /// `node:crypto` where it exists (sync and async paths), else WebCrypto (async paths), else
    /// pure wasm.
    #[default]
    Auto,
    /// Pure wasm only.
    Wasm,
    /// WebCrypto (the runtime must have `crypto.subtle`); the sync paths use pure wasm.
    WebCrypto,
    /// `node:crypto` (the runtime must have it: Node, Deno, Bun, workerd with `nodejs_compat`).
    Node,
}

impl Backend {
    pub(crate) fn parse(v: &JsValue) -> Result<Self> {
        match v.as_string().as_deref() {
            Some("auto") => Ok(Backend::Auto),
            Some("wasm") => Ok(Backend::Wasm),
            Some("webcrypto") => {
                if subtle().is_none() {
                    return Err(Error::new(
                        ErrorCode::RuntimeUnsupported,
                        "backend \"webcrypto\" was asked for, but this runtime has no crypto.subtle",
                    ));
                }
                Ok(Backend::WebCrypto)
            }
            Some("node") => {
                if node_crypto().is_none() {
                    return Err(Error::new(
                        ErrorCode::RuntimeUnsupported,
                        "backend \"node\" was asked for, but this runtime has no node:crypto (process.getBuiltinModule)",
                    ));
                }
                Ok(Backend::Node)
            }
            _ => Err(super::convert::invalid(
                "option \"backend\" must be \"auto\", \"node\", \"webcrypto\" or \"wasm\"",
            )),
        }
    }
    /// Whether the async paths may use WebCrypto.
    fn native(self) -> bool {
        matches!(self, Backend::Auto | Backend::WebCrypto)
    }
    /// The `node:crypto` module, when this backend uses it and the runtime has it.
    pub(crate) fn node(self) -> Option<Object> {
        match self {
            Backend::Auto | Backend::Node => node_crypto(),
            Backend::Wasm | Backend::WebCrypto => None,
        }
    }
}

thread_local! {
    static LIVE_HANDLES: Cell<u32> = const { Cell::new(0) };
    static NATIVE_ANSWERS: Cell<u32> = const { Cell::new(0) };
    static NATIVE_FALLBACKS: Cell<u32> = const { Cell::new(0) };
    static NODE_ANSWERS: Cell<u32> = const { Cell::new(0) };
    static NODE_SIGNATURES: Cell<u32> = const { Cell::new(0) };
    static NODE_CRYPTO: RefCell<Option<Option<Object>>> = const { RefCell::new(None) };
    static WASM_CHECKS: Cell<u32> = const { Cell::new(0) };
}

fn bump(c: &'static std::thread::LocalKey<Cell<u32>>) {
    c.with(|c| c.set(c.get().wrapping_add(1)));
}

/// Counters for tests: native key handles alive now; signature checks answered by native crypto
/// with a boolean (`nodeAnswers` of them by `node:crypto`); native calls that threw (the
/// pure-Rust primitive then decided); checks the pure-Rust primitive made (HMAC, fallbacks,
/// `backend: "wasm"`, runtimes without native crypto); signatures made by `node:crypto`.
#[wasm_bindgen(js_name = "__sceytStats", skip_typescript)]
pub fn stats() -> JsValue {
    let o = Object::new();
    let get = |c: &'static std::thread::LocalKey<Cell<u32>>| c.with(Cell::get);
    for (k, v) in [
        ("liveHandles", get(&LIVE_HANDLES)),
        ("nativeAnswers", get(&NATIVE_ANSWERS)),
        ("nativeFallbacks", get(&NATIVE_FALLBACKS)),
        ("wasmChecks", get(&WASM_CHECKS)),
        ("nodeAnswers", get(&NODE_ANSWERS)),
        ("nodeSignatures", get(&NODE_SIGNATURES)),
    ] {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    }
    o.into()
}

/// The pure-Rust primitive, counted.
pub(crate) fn wasm_primitive(r: &Request<'_>) -> Answer {
    bump(&WASM_CHECKS);
    decision::rust_primitive(r)
}

// ---------------------------------------------------------------------------------------------
// Native key handles, owned by their key

/// One imported `CryptoKey`, counted while alive.
struct Handle(JsValue);

impl Handle {
    fn new(v: JsValue) -> Self {
        bump(&LIVE_HANDLES);
        Handle(v)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        LIVE_HANDLES.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

enum Slot {
    Ready(Handle),
    Unavailable,
}

/// Which native API a handle belongs to: a WebCrypto `CryptoKey` or a `node:crypto` key argument
/// (a `KeyObject`, or `{ key, padding, saltLength | dsaEncoding }` around one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Subtle,
    Node,
}

/// The native handles of one key: one per API and algorithm it was used with.
#[derive(Default)]
pub(crate) struct NativeKeys(RefCell<Vec<(Api, Algorithm, Slot)>>);

impl NativeKeys {
    /// `Some(Some(key))` imported, `Some(None)` native refused this key, `None` not tried yet.
    fn lookup(&self, api: Api, alg: Algorithm) -> Option<Option<JsValue>> {
        self.0
            .borrow()
            .iter()
            .find(|(p, a, _)| *p == api && *a == alg)
            .map(|(_, _, s)| match s {
                Slot::Ready(h) => Some(h.0.clone()),
                Slot::Unavailable => None,
            })
    }
    fn store(&self, api: Api, alg: Algorithm, slot: Slot) {
        let mut v = self.0.borrow_mut();
        v.retain(|(p, a, _)| !(*p == api && *a == alg));
        v.push((api, alg, slot));
    }
}

fn subtle() -> Option<Object> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    if !crypto.is_object() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.dyn_into::<Object>().ok()
}

/// Whether native crypto takes this algorithm (HMAC stays in wasm).
fn native_eligible(alg: Algorithm) -> bool {
    matches!(
        alg.key_kind(),
        KeyKind::Rsa | KeyKind::P256 | KeyKind::Ed25519
    )
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn hash_name(alg: Algorithm) -> &'static str {
    match alg.hash_len() {
        48 => "SHA-384",
        64 => "SHA-512",
        _ => "SHA-256",
    }
}

/// Import parameters: the hash is fixed per algorithm, so each algorithm has its own handle.
fn import_params(alg: Algorithm) -> Object {
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

fn op_params(alg: Algorithm) -> Object {
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
fn call_now(subtle: &Object, method: &str, args: &Array) -> Option<Promise> {
    let f: js_sys::Function = Reflect::get(subtle, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(subtle, args).ok()?.dyn_into().ok()
}

async fn call(subtle: &Object, method: &str, args: &Array) -> Option<JsValue> {
    JsFuture::from(call_now(subtle, method, args)?).await.ok()
}

/// The handle of `native` for `alg`, imported on first use. `None`: native crypto cannot take it.
async fn handle_for(
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

// ---------------------------------------------------------------------------------------------
// node:crypto: synchronous sign/verify with a KeyObject made once per key and algorithm

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
fn node_answer(keys: &VerifyKeys, r: &Request<'_>, module: &Object) -> Answer {
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
fn node_for(keys: &VerifyKeys, r: &Request<'_>, backend: Backend) -> Option<Object> {
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

/// A native `verify` result as an answer: a boolean is final, anything else means "threw".
fn answer_of(v: &JsValue) -> Answer {
    match v.as_bool() {
        Some(b) => {
            bump(&NATIVE_ANSWERS);
            Answer::from(b)
        }
        None => {
            bump(&NATIVE_FALLBACKS);
            Answer::Unavailable
        }
    }
}

fn verify_args(alg: Algorithm, key: &JsValue, r: &Request<'_>) -> Array {
    Array::of4(
        &op_params(alg),
        key,
        &Uint8Array::from(r.signature),
        &Uint8Array::from(r.input),
    )
}

/// Whether this request goes to native crypto under `backend`.
fn goes_native(backend: Backend, alg: Algorithm) -> bool {
    backend.native() && native_eligible(alg)
}

/// One signature check with the native primitive (the handle imported first if needed).
async fn native_answer(keys: &VerifyKeys, r: &Request<'_>, backend: Backend) -> Answer {
    if let Some(m) = node_for(keys, r, backend) {
        return node_answer(keys, r, &m);
    }
    if !goes_native(backend, r.alg) {
        return wasm_primitive(r);
    }
    let (Some(subtle), Some(native)) = (subtle(), keys.native(r.index)) else {
        return wasm_primitive(r);
    };
    let key = r.key;
    let der = || key.to_spki_der().map(zeroize::Zeroizing::new);
    let Some(handle) = handle_for(native, &subtle, r.alg, der, "spki", "verify").await else {
        bump(&NATIVE_FALLBACKS);
        return Answer::Unavailable;
    };
    match call_now(&subtle, "verify", &verify_args(r.alg, &handle, r)) {
        Some(p) => match JsFuture::from(p).await {
            Ok(v) => answer_of(&v),
            Err(_) => {
                bump(&NATIVE_FALLBACKS);
                Answer::Unavailable
            }
        },
        None => {
            bump(&NATIVE_FALLBACKS);
            Answer::Unavailable
        }
    }
}

/// Drives the decision with the native primitive until it is decided.
async fn decide(mut p: Pending<VerifyKeys>, backend: Backend) -> Result<SignedToken> {
    while p.next_request().is_some() {
        let answer = match p.current() {
            Some(r) => native_answer(p.holder(), &r, backend).await,
            None => break,
        };
        p.answer(answer);
    }
    p.finish()
}

/// What to do once the signature is decided.
pub(crate) enum Then {
    /// A JWT: the claim checks at `now`, then `{ header, claims }`.
    Claims(i64, Rc<VerifyOptions>),
    /// `verifyCompact`: `{ header, payload }`.
    Compact,
}

fn conclude(signed: Result<SignedToken>, then: &Then) -> Result<JsValue> {
    let signed = signed?;
    match then {
        Then::Claims(now, opts) => {
            let v = signed.check_claims(*now, opts)?;
            super::verified_json(&v.raw_header, &v.raw_claims)
        }
        Then::Compact => {
            let (h, payload) = signed.into_parts();
            super::compact_value(h.json(), &payload)
        }
    }
}

/// The async verification of a pending decision. With `node:crypto` it is decided at once, in
/// this call. Otherwise, in the steady state (the next candidate's
/// native handle is already imported) the WebCrypto promise is chained with one `then`, without
/// a Rust future; otherwise a future drives the decision. Either way the decision is the same.
pub(crate) fn verify_pending(mut p: Pending<VerifyKeys>, backend: Backend, then: Then) -> Promise {
    // node:crypto decides unless the first request is one it would not answer (then WebCrypto).
    let node_takes_it = backend.node().is_some() && {
        let _ = p.next_request();
        match p.current() {
            Some(r) => !native_eligible(r.alg) || node_for(p.holder(), &r, backend).is_some(),
            None => true,
        }
    };
    if node_takes_it {
        // node:crypto answers synchronously: the whole decision runs in this one call.
        let keys = p.holder().clone();
        return match conclude(p.decide_with(sync_primitive(&keys, backend)), &then) {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&to_js(e)),
        };
    }
    if let Some(promise) = fast_call(&mut p, backend) {
        let done = Closure::once_into_js(
            move |v: JsValue| -> core::result::Result<JsValue, JsValue> {
                p.answer(answer_of(&v));
                if p.next_request().is_some() {
                    // Another candidate is left: continue on the general path.
                    return Ok(general(p, backend, then).into());
                }
                conclude(p.finish(), &then).map_err(to_js)
            },
        );
        if let Some(chained) = promise.then(&done) {
            return chained;
        }
        unreachable_promise()
    } else {
        general(p, backend, then)
    }
}

fn general(p: Pending<VerifyKeys>, backend: Backend, then: Then) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        conclude(decide(p, backend).await, &then).map_err(to_js)
    })
}

fn unreachable_promise() -> Promise {
    Promise::reject(&to_js(Error::new(
        ErrorCode::RuntimeUnsupported,
        "the runtime's Promise.prototype.then is not callable",
    )))
}

/// The native `verify` promise for the next request, when its handle is already imported;
/// rejections become a non-boolean (→ the pure-Rust primitive decides).
fn fast_call(p: &mut Pending<VerifyKeys>, backend: Backend) -> Option<Chain> {
    let r = p.next_request()?;
    let (alg, index) = (r.alg, r.index);
    if !goes_native(backend, alg) {
        return None;
    }
    let native = p.holder().native(index)?;
    let handle = native.lookup(Api::Subtle, alg)??;
    let subtle = subtle()?;
    let r = p.current()?;
    let promise = call_now(&subtle, "verify", &verify_args(alg, &handle, &r))?;
    Chain::caught(promise)
}

/// A promise whose rejection is turned into a string (so the next `then` always runs once).
struct Chain(Promise);

impl Chain {
    fn caught(p: Promise) -> Option<Self> {
        let string_ctor = Reflect::get(&js_sys::global(), &"String".into()).ok()?;
        let catch: js_sys::Function = Reflect::get(&p, &"catch".into()).ok()?.dyn_into().ok()?;
        Some(Chain(catch.call1(&p, &string_ctor).ok()?.dyn_into().ok()?))
    }
    fn then(&self, done: &JsValue) -> Option<Promise> {
        let then: js_sys::Function = Reflect::get(&self.0, &"then".into())
            .ok()?
            .dyn_into()
            .ok()?;
        then.call1(&self.0, done).ok()?.dyn_into().ok()
    }
}

// ---------------------------------------------------------------------------------------------
// Signing

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
pub(crate) fn sign_promise(
    cell: Rc<SigningCell>,
    prep: Result<String>,
    backend: Backend,
) -> Promise {
    if let Ok(input) = &prep {
        if let Some(sig) = node_sign(&cell, input.as_bytes(), backend) {
            return Promise::resolve(&JsValue::from_str(&jws::assemble(input, &sig)));
        }
    }
    let native = goes_native(backend, cell.key.algorithm());
    if let (Ok(input), true) = (&prep, native) {
        if let Some(p) = sign_fast(&cell, input) {
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
fn sign_fast(cell: &Rc<SigningCell>, input: &str) -> Option<Promise> {
    let alg = cell.key.algorithm();
    let key = cell.native.lookup(Api::Subtle, alg)??;
    let subtle = subtle()?;
    let data = Uint8Array::from(input.as_bytes());
    let p = call_now(&subtle, "sign", &Array::of3(&op_params(alg), &key, &data))?;
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

// ---------------------------------------------------------------------------------------------
// Remote key sets and key generation

/// Asks a fetched key set (`KeySet.fetch`) for its keys, refreshed if stale or if `kid` is new.
pub(crate) async fn remote_keys(
    remote: &Object,
    kid: Option<&str>,
) -> core::result::Result<VerifyKeys, JsValue> {
    let f: js_sys::Function = Reflect::get(remote, &"__sceytKeysFor".into())?.dyn_into()?;
    let kid = kid.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
    let p: Promise = f.call1(remote, &kid)?.dyn_into()?;
    let set = JsFuture::from(p).await?;
    match super::handle_of(&set, "key set").map_err(to_js)? {
        super::Handle::Set(s) => Ok(VerifyKeys::Set(s)),
        _ => Err(to_js(Error::new(
            ErrorCode::KeyNotFound,
            "the fetched key set returned no KeySet",
        ))),
    }
}

/// `verifier.verify()` for a fetched key set: the keys are asked for first, then the decision.
pub(crate) fn verify_remote(
    remote: Object,
    token: String,
    opts: Rc<VerifyOptions>,
    now: i64,
    backend: Backend,
) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let kid = jws::UntrustedToken::parse(&token, opts.max_token_length)
            .map_err(to_js)?
            .header()
            .kid()
            .map(str::to_owned);
        let keys = remote_keys(&remote, kid.as_deref()).await?;
        let p = decision::begin(
            keys,
            &token,
            opts.algorithms.as_deref(),
            opts.max_token_length,
            true,
        )
        .map_err(to_js)?;
        conclude(decide(p, backend).await, &Then::Claims(now, opts)).map_err(to_js)
    })
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

impl KeyHolder for VerifyKeys {
    fn keys(&self) -> decision::Keys<'_> {
        self.as_keys()
    }
}
