//! The native-crypto fast path: RSA and ECDSA operations go to the runtime's `crypto.subtle`
//! (found on the global object, so it works in Workers, Deno, Bun, Node and browsers), with the
//! key imported once per key object as a non-extractable `CryptoKey` and cached. Everything else
//! (parsing, claims, the signing input, HMAC, Ed25519) stays in wasm. Where `crypto.subtle` is
//! missing or refuses an algorithm, the pure-wasm path runs instead, transparently.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::convert::to_js;
use super::{SigningCell, VerifyKeys, VerifyingCell};
use crate::error::{Error, ErrorCode, Result};
use crate::jws;
use crate::keys::{self, Algorithm, KeyKind, KeyOptions};

#[derive(Default)]
enum State {
    #[default]
    Empty,
    Ready(JsValue),
    Unavailable,
}

/// A cached native `CryptoKey` (or the knowledge that native crypto cannot take this key).
#[derive(Default)]
pub(crate) struct Cache(RefCell<State>);

fn subtle() -> Option<Object> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    if !crypto.is_object() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.dyn_into::<Object>().ok()
}

/// Whether the fast path applies to this algorithm. HMAC stays in wasm (faster than a WebCrypto
/// promise per call). Ed25519 goes native too: in Node both are about equal, but in workerd the
/// wasm signer measured 0.29x jose's native one (benches/RESULTS.md); Ed25519 is deterministic,
/// so both paths still give identical tokens, and a runtime without native Ed25519 falls back.
fn native_eligible(alg: Algorithm) -> bool {
    matches!(
        alg.key_kind(),
        KeyKind::Rsa | KeyKind::P256 | KeyKind::Ed25519
    )
}

fn native_verify_eligible(alg: Algorithm) -> bool {
    native_eligible(alg)
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

async fn call(
    subtle: &Object,
    method: &str,
    args: &Array,
) -> core::result::Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(subtle, &method.into())?.dyn_into()?;
    let p: Promise = f.apply(subtle, args)?.dyn_into()?;
    JsFuture::from(p).await
}

/// Imports (once) and returns the native key, or `None` when native crypto cannot be used.
async fn native_key(
    cache: &Cache,
    subtle: &Object,
    alg: Algorithm,
    der: impl FnOnce() -> Result<zeroize::Zeroizing<Vec<u8>>>,
    format: &str,
    usage: &str,
) -> Option<JsValue> {
    match &*cache.0.borrow() {
        State::Ready(k) => return Some(k.clone()),
        State::Unavailable => return None,
        State::Empty => {}
    }
    let Ok(der) = der() else {
        *cache.0.borrow_mut() = State::Unavailable;
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
        Ok(k) => {
            *cache.0.borrow_mut() = State::Ready(k.clone());
            Some(k)
        }
        Err(_) => {
            *cache.0.borrow_mut() = State::Unavailable;
            None
        }
    }
}

async fn sign_native(cell: &SigningCell, input: &str) -> Option<Vec<u8>> {
    let alg = cell.key.algorithm();
    if !native_eligible(alg) {
        return None;
    }
    let subtle = subtle()?;
    let key = native_key(
        &cell.native,
        &subtle,
        alg,
        || cell.key.to_pkcs8_der(),
        "pkcs8",
        "sign",
    )
    .await?;
    let data = Uint8Array::from(input.as_bytes());
    let sig = call(&subtle, "sign", &Array::of3(&op_params(alg), &key, &data))
        .await
        .ok()?;
    let buf = sig.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

/// `issuer.issue()`: the signing input was built in wasm; the signature comes from native crypto
/// when it can, else from wasm.
pub(crate) fn sign_promise(cell: Rc<SigningCell>, prep: Result<String>) -> Promise {
    if let Ok(input) = &prep {
        if let Some(p) = sign_fast(&cell, input) {
            return p;
        }
    }
    wasm_bindgen_futures::future_to_promise(async move {
        let input = prep.map_err(to_js)?;
        let sig = match sign_native(&cell, &input).await {
            Some(s) => s,
            None => cell.key.sign(input.as_bytes()).map_err(to_js)?,
        };
        Ok(JsValue::from_str(&jws::assemble(&input, &sig)))
    })
}

/// The native key, when it is already imported (the steady state of a long-lived key).
fn ready_key(cache: &Cache) -> Option<JsValue> {
    match &*cache.0.borrow() {
        State::Ready(k) => Some(k.clone()),
        _ => None,
    }
}

/// Calls `subtle[method](...args)` synchronously, returning its promise.
fn call_now(subtle: &Object, method: &str, args: &Array) -> Option<Promise> {
    let f: js_sys::Function = Reflect::get(subtle, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(subtle, args).ok()?.dyn_into().ok()
}

/// `p.catch(String).then(done)`, through the JS methods. A rejected WebCrypto call reaches `done`
/// as a string (the built-in `String` is the rejection handler), which `done` treats as "no native
/// answer" and redoes in wasm; so `done` always runs exactly once and is always freed.
fn chain(p: &Promise, done: &JsValue) -> Option<Promise> {
    let string_ctor = Reflect::get(&js_sys::global(), &"String".into()).ok()?;
    let catch: js_sys::Function = Reflect::get(p, &"catch".into()).ok()?.dyn_into().ok()?;
    let caught: Promise = catch.call1(p, &string_ctor).ok()?.dyn_into().ok()?;
    let then: js_sys::Function = Reflect::get(&caught, &"then".into())
        .ok()?
        .dyn_into()
        .ok()?;
    then.call1(&caught, done).ok()?.dyn_into().ok()
}

/// Steady-state signing: the native key is imported, so the signature promise is chained with
/// one `then` (no Rust future, no extra microtasks). `None`: take the general path.
fn sign_fast(cell: &Rc<SigningCell>, input: &str) -> Option<Promise> {
    let alg = cell.key.algorithm();
    if !native_eligible(alg) {
        return None;
    }
    let key = ready_key(&cell.native)?;
    let subtle = subtle()?;
    let data = Uint8Array::from(input.as_bytes());
    let p = call_now(&subtle, "sign", &Array::of3(&op_params(alg), &key, &data))?;
    let input = input.to_owned();
    let cell = cell.clone();
    let done = Closure::once_into_js(
        move |sig: JsValue| -> core::result::Result<JsValue, JsValue> {
            let sig = match sig.dyn_into::<js_sys::ArrayBuffer>() {
                Ok(buf) => Uint8Array::new(&buf).to_vec(),
                // Not a signature: sign in wasm instead.
                Err(_) => cell.key.sign(input.as_bytes()).map_err(to_js)?,
            };
            Ok(JsValue::from_str(&jws::assemble(&input, &sig)))
        },
    );
    chain(&p, &done)
}

async fn verify_one(cell: &VerifyingCell, alg: Algorithm, input: &[u8], sig: &[u8]) -> bool {
    if !cell.key.signature_shape_ok(alg, sig) {
        return false;
    }
    if native_verify_eligible(alg) {
        if let Some(subtle) = subtle() {
            let der = || cell.key.to_spki_der().map(zeroize::Zeroizing::new);
            if let Some(key) = native_key(&cell.native, &subtle, alg, der, "spki", "verify").await {
                let args = Array::of4(
                    &op_params(alg),
                    &key,
                    &Uint8Array::from(sig),
                    &Uint8Array::from(input),
                );
                if let Ok(v) = call(&subtle, "verify", &args).await {
                    if let Some(b) = v.as_bool() {
                        return b;
                    }
                }
            }
        }
    }
    cell.key.verify_signature(alg, input, sig)
}

/// `verifier.verify()`.
pub(crate) fn verify_promise(v: &super::JsTokenVerifier, token: JsValue) -> Promise {
    let opts = v.verifier.options().clone();
    let prep = (|| -> Result<_> {
        let t = v.token_arg(&token)?;
        let now = v.clock.now()?;
        let tok = v.verifier.parse(&t)?;
        // Static keys are selected now; a fetched key set is asked for keys below.
        let cands = match &v.remote {
            None => Some(candidates(&v.keys, &tok.header, v.verifier.algorithms())?),
            Some(_) => None,
        };
        Ok((
            tok.signing_input.as_bytes().to_vec(),
            tok.signature,
            tok.payload,
            tok.header,
            cands,
            now,
        ))
    })();
    let prep = match prep {
        Ok((input, sig, payload, header, Some(cands), now)) => {
            match verify_fast(&cands, &header, &input, &sig, &payload, now, &opts) {
                Ok(p) => return p,
                Err(()) => Ok((input, sig, payload, header, Some(cands), now)),
            }
        }
        other => other,
    };
    let remote = v.remote.clone();
    wasm_bindgen_futures::future_to_promise(async move {
        let (input, sig, payload, header, cands, now) = prep.map_err(to_js)?;
        let cands = match (cands, remote) {
            (Some(c), _) => c,
            (None, Some(remote)) => {
                let keys = remote_keys(&remote, header.kid.as_deref()).await?;
                let algs = opts
                    .algorithms
                    .clone()
                    .unwrap_or_else(|| keys.as_keys().default_algorithms());
                candidates(&keys, &header, &algs).map_err(to_js)?
            }
            (None, None) => return Err(to_js(Error::new(ErrorCode::KeyNotFound, "no keys"))),
        };
        let alg = Algorithm::from_name(&header.alg).unwrap_or(Algorithm::Rs256);
        check_signature(&cands, alg, &input, &sig)
            .await
            .map_err(to_js)?;
        finish_verify(&header.raw, &payload, now, &opts).map_err(to_js)
    })
}

/// Steady-state verification: one candidate key whose native key is imported; the WebCrypto
/// promise is chained with one `then` that checks the claims. `Err(())`: take the general path.
#[allow(clippy::too_many_arguments)]
fn verify_fast(
    cands: &[Rc<VerifyingCell>],
    header: &jws::Header,
    input: &[u8],
    sig: &[u8],
    payload: &[u8],
    now: i64,
    opts: &crate::VerifyOptions,
) -> core::result::Result<Promise, ()> {
    let [cell] = cands else { return Err(()) };
    let alg = Algorithm::from_name(&header.alg).ok_or(())?;
    if !native_verify_eligible(alg) || sig.is_empty() {
        return Err(());
    }
    if !cell.key.signature_shape_ok(alg, sig) {
        return Ok(Promise::reject(&to_js(jws::bad_signature(alg))));
    }
    let key = ready_key(&cell.native).ok_or(())?;
    let subtle = subtle().ok_or(())?;
    let args = Array::of4(
        &op_params(alg),
        &key,
        &Uint8Array::from(sig),
        &Uint8Array::from(input),
    );
    let p = call_now(&subtle, "verify", &args).ok_or(())?;
    let (cell, input, sig, payload, raw_header, opts) = (
        cell.clone(),
        input.to_vec(),
        sig.to_vec(),
        payload.to_vec(),
        header.raw.clone(),
        opts.clone(),
    );
    let done = Closure::once_into_js(
        move |ok: JsValue| -> core::result::Result<JsValue, JsValue> {
            let valid = match ok.as_bool() {
                Some(b) => b,
                None => cell.key.verify_signature(alg, &input, &sig),
            };
            if !valid {
                return Err(to_js(jws::bad_signature(alg)));
            }
            finish_verify(&raw_header, &payload, now, &opts).map_err(to_js)
        },
    );
    chain(&p, &done).ok_or(())
}

/// After the signature verified: the claim checks, then `{ header, claims }` for JS.
fn finish_verify(
    raw_header: &str,
    payload: &[u8],
    now: i64,
    opts: &crate::VerifyOptions,
) -> Result<JsValue> {
    let claims = crate::json::parse_object(payload).map_err(|e| jws::json_error("payload", e))?;
    crate::verify::check_claims(&claims, now, opts)?;
    super::verified_json(raw_header, &String::from_utf8_lossy(payload))
}

/// Asks a fetched key set (`KeySet.fetch`) for its keys, refreshed if stale or if `kid` is new.
async fn remote_keys(
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

/// `verifyCompact()`.
pub(crate) fn verify_compact_promise(jws_v: JsValue, key: JsValue, options: JsValue) -> Promise {
    let prep = (|| -> Result<_> {
        let (token, keys, algs, max) = super::compact_args(&jws_v, &key, &options)?;
        let tok = jws::UntrustedToken::parse(&token, max)?;
        let algs = algs.unwrap_or_else(|| keys.as_keys().default_algorithms());
        let cands = candidates(&keys, &tok.header, &algs)?;
        let alg = Algorithm::from_name(&tok.header.alg).unwrap_or(Algorithm::Rs256);
        Ok((
            tok.signing_input.as_bytes().to_vec(),
            tok.signature,
            tok.payload,
            tok.header.json,
            cands,
            alg,
        ))
    })();
    wasm_bindgen_futures::future_to_promise(async move {
        let (input, sig, payload, header, cands, alg) = prep.map_err(to_js)?;
        check_signature(&cands, alg, &input, &sig)
            .await
            .map_err(to_js)?;
        super::compact_value(&header, &payload).map_err(to_js)
    })
}

async fn check_signature(
    cands: &[Rc<VerifyingCell>],
    alg: Algorithm,
    input: &[u8],
    sig: &[u8],
) -> Result<()> {
    if sig.is_empty() {
        return Err(Error::new(
            ErrorCode::SignatureInvalid,
            "the signature segment is empty",
        ));
    }
    for c in cands {
        if verify_one(c, alg, input, sig).await {
            return Ok(());
        }
    }
    Err(jws::bad_signature(alg))
}

/// The candidate keys (the same selection as the sync path), as cells with native caches.
fn candidates(
    keys: &VerifyKeys,
    header: &jws::Header,
    algs: &[Algorithm],
) -> Result<Vec<Rc<VerifyingCell>>> {
    let selected = jws::select_keys(header, keys.as_keys(), algs)?;
    Ok(match keys {
        VerifyKeys::One(c) => vec![c.clone()],
        VerifyKeys::Set(set) => selected
            .into_iter()
            .filter_map(|k| set_cell(set, k))
            .collect(),
    })
}

thread_local! {
    // Native key caches for key-set members, keyed by the set's address and the key's index.
    static SET_CACHE: RefCell<Vec<(usize, usize, Rc<VerifyingCell>)>> = const { RefCell::new(Vec::new()) };
}

fn set_cell(set: &Rc<keys::KeySet>, k: &keys::VerifyingKey) -> Option<Rc<VerifyingCell>> {
    let idx = set.keys().iter().position(|x| std::ptr::eq(x, k))?;
    let id = Rc::as_ptr(set) as usize;
    SET_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        // Drop entries whose set is gone (only this cache holds a weak view of them).
        if let Some((_, _, cell)) = c.iter().find(|(s, i, _)| *s == id && *i == idx) {
            return Some(cell.clone());
        }
        if c.len() >= 256 {
            c.clear();
        }
        let cell = Rc::new(VerifyingCell {
            key: k.clone(),
            native: Cache::default(),
        });
        c.push((id, idx, cell.clone()));
        Some(cell)
    })
}

/// `SigningKey.generate()`: RSA and P-256 keys from native crypto where it exists (RSA key
/// generation in wasm can take seconds), else from wasm with the runtime's randomness.
pub(crate) async fn generate(alg: Algorithm, opts: &KeyOptions) -> Result<keys::SigningKey> {
    if native_eligible(alg) {
        if let Some(subtle) = subtle() {
            let params = match alg.key_kind() {
                KeyKind::Rsa => {
                    let p = import_params(alg);
                    let _ = Reflect::set(&p, &"modulusLength".into(), &2048.into());
                    let _ = Reflect::set(
                        &p,
                        &"publicExponent".into(),
                        &Uint8Array::from(&[1u8, 0, 1][..]),
                    );
                    p
                }
                _ => import_params(alg),
            };
            let usages = Array::of2(&"sign".into(), &"verify".into());
            if let Ok(pair) = call(
                &subtle,
                "generateKey",
                &Array::of3(&params, &JsValue::TRUE, &usages),
            )
            .await
            {
                if let Ok(private) = Reflect::get(&pair, &"privateKey".into()) {
                    if let Ok(buf) =
                        call(&subtle, "exportKey", &Array::of2(&"pkcs8".into(), &private)).await
                    {
                        if let Ok(buf) = buf.dyn_into::<js_sys::ArrayBuffer>() {
                            let view = Uint8Array::new(&buf);
                            let der = zeroize::Zeroizing::new(view.to_vec());
                            view.fill(0, 0, view.length());
                            let o = KeyOptions {
                                algorithm: Some(alg),
                                key_id: opts.key_id.clone(),
                            };
                            return keys::SigningKey::from_pkcs8_der(&der, &o);
                        }
                    }
                }
            }
        }
    }
    let mut rng = keys::runtime_rng()?;
    keys::SigningKey::generate(alg, &mut rng, opts).map_err(|e| {
        if e.code() == ErrorCode::KeyUnsupported {
            e
        } else {
            Error::new(e.code(), e.message().to_owned())
        }
    })
}
