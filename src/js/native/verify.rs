//! The async verification paths: a pending decision driven to its end by `node:crypto` (in this
//! call), by a WebCrypto promise chained with one `then` (steady state), or by a Rust future; and
//! `verify()` over a fetched key set, whose keys are asked for first. Whichever answers, the
//! decision is the same.

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::handles::Api;
use super::node::{node_answer, node_for, sync_primitive};
use super::settle;
use super::stats::{bump, wasm_primitive, NATIVE_FALLBACKS};
use super::subtle::{call_now, handle_for, subtle, verify_args, Chain};
use super::{answer_of, goes_native, native_eligible, Backend};
use crate::decision::{Answer, Pending, Request, SignedToken};
use crate::error::{Error, ErrorCode, Result};
use crate::js::convert::to_js;
use crate::js::handles::{self, VerifyKeys};
use crate::jws;
use crate::VerifyOptions;

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

pub(super) fn conclude(signed: Result<SignedToken>, then: &Then) -> Result<JsValue> {
    let signed = signed?;
    match then {
        Then::Claims(now, opts) => {
            let v = signed.check_claims(*now, opts)?;
            crate::js::verifier::verified_json(&v.raw_header, &v.raw_claims)
        }
        Then::Compact => {
            let (h, payload) = signed.into_parts();
            crate::js::compact::compact_value(h.json(), &payload)
        }
    }
}

/// The async verification of a pending decision. With `node:crypto` it is decided at once, in
/// this call. Otherwise, in the steady state (the next candidate's native handle is already
/// imported), a verifier's call with one candidate left is sealed and handed to the JS settler
/// with WebCrypto's promise (`settle.rs`: one crossing); other steady-state calls chain the promise
/// with one `then`; the rest (first use of a key, several candidates) run a Rust future. Either
/// way the decision is the same.
pub(crate) fn verify_pending(
    mut p: Pending<VerifyKeys>,
    backend: Backend,
    then: Then,
    settle: Option<Settle<'_>>,
) -> Promise {
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
    let Some(answer) = fast_call(&mut p, backend) else {
        return general(p, backend, then);
    };
    // One crossing: the decision sealed up to this answer, settled by the JS settler.
    if let (Some(s), Then::Claims(now, _), true) = (settle, &then, settle::registered()) {
        if p.sealable() {
            let now = *now;
            return p
                .seal(|signed| conclude(Ok(signed), &then))
                .and_then(|sealed| settle::settle_verify(answer, sealed, s.token, now, (s.retry)()))
                .unwrap_or_else(unreachable_promise);
        }
    }
    match Chain::caught(answer) {
        Some(promise) => {
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
            promise.then(&done).unwrap_or_else(unreachable_promise)
        }
        None => unreachable_promise(),
    }
}

/// What the one-crossing path needs from a verifier: the token as given (handed back to the
/// settler's retry) and the verifier's retry function (`settle.rs`), made only when a call takes
/// this path (node:crypto runtimes never make it).
#[derive(Clone, Copy)]
pub(crate) struct Settle<'a> {
    pub token: &'a JsValue,
    pub retry: &'a dyn Fn() -> &'a JsValue,
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

/// The native `verify` promise for the next request, when its handle is already imported.
fn fast_call(p: &mut Pending<VerifyKeys>, backend: Backend) -> Option<Promise> {
    let r = p.next_request()?;
    let (alg, index) = (r.alg, r.index);
    if !goes_native(backend, alg) {
        return None;
    }
    let native = p.holder().native(index)?;
    let handle = native.lookup(Api::Subtle, alg)??;
    let subtle = subtle()?;
    let r = p.current()?;
    call_now(&subtle, "verify", &verify_args(alg, &handle, &r))
}

/// Asks a fetched key set (`KeySet.fetch`) for its keys, refreshed if stale or if `kid` is new;
/// `call` is the call's options (`{ waitUntil }`) or undefined.
pub(crate) async fn remote_keys(
    remote: &Object,
    kid: Option<&str>,
    call: &JsValue,
) -> core::result::Result<VerifyKeys, JsValue> {
    let f: js_sys::Function = Reflect::get(remote, &"__sceytKeysFor".into())?.dyn_into()?;
    let kid = kid.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
    let p: Promise = f.call2(remote, &kid, call)?.dyn_into()?;
    let set = JsFuture::from(p).await?;
    match handles::handle_of(&set, "key set").map_err(to_js)? {
        handles::Handle::Set(s) => Ok(VerifyKeys::Set(s)),
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
    call: JsValue,
) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let kid = jws::UntrustedToken::parse(&token, opts.max_token_length)
            .map_err(to_js)?
            .header()
            .kid()
            .map(str::to_owned);
        let keys = remote_keys(&remote, kid.as_deref(), &call).await?;
        let p = crate::js::options::begin(keys, &token, &opts, true).map_err(to_js)?;
        conclude(decide(p, backend).await, &Then::Claims(now, opts)).map_err(to_js)
    })
}
