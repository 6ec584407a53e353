//! The exported `TokenVerifier` class: `verifySync` (node:crypto or wasm, in this call) and
//! `verify` (node:crypto, WebCrypto or wasm, as a promise), over static keys or a fetched key set.

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::arguments::{self, string_arg};
use super::cells::{handle_of, handle_with, CellRef, KeyCells, SetCell};
use super::clock::Clock;
use super::errors::{self, to_js};
use super::native;
use super::native::promise;
use super::options::{self, verify_args, AppCheck, VERIFY_OPTIONS};
use super::token_cache::VerifierCache;
use super::verified::{parse_verified, verified_text};
use crate::decision::SignedToken;
use crate::VerifyOptions;
use crate::{Error, ErrorCode, Result};

/// Verifies SCEYT tokens: the one decision (`crate::decision`), with the pure-wasm primitive
/// (`verifySync`) or the runtime's crypto (`verify`).
#[wasm_bindgen(js_name = TokenVerifier)]
pub struct JsTokenVerifier {
    keys: KeyCells,
    opts: Rc<VerifyOptions>,
    clock: Clock,
    backend: native::Backend,
    /// A `KeySet.fetch()` result: asked for fresh keys on every verification (key rotation).
    remote: Option<Object>,
    /// The verified-token cache (`cache` option), or none.
    cache: VerifierCache,
}

#[wasm_bindgen(js_class = TokenVerifier)]
impl JsTokenVerifier {
    /// `new TokenVerifier(keyOrSet, options?)`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(
            unchecked_param_type = "VerifyingKey | KeySet | SigningKey | string | JsonWebKey | { keys: JsonWebKey[] } | { __sceytKeysFor(kid?: string): Promise<KeySet> }"
        )]
        key: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifierOptions")] options: JsValue,
    ) -> Result<JsTokenVerifier> {
        let remote = match key.is_object() {
            true => {
                let o = Object::from(key.clone());
                arguments::get(&o, "__sceytKeysFor")?
                    .is_function()
                    .then_some(o)
            }
            false => None,
        };
        let keys = match remote {
            // A fetched set is asked for its keys on every call, never here: constructing a
            // verifier starts no I/O (in a Worker, at module scope, it could not) and does not
            // need the set to be loaded yet.
            Some(_) => KeyCells::Set(Rc::new(SetCell::new(crate::keys::KeySet::default()))),
            None => super::key_input::verify_keys_arg(&key, "key")?,
        };
        let o = arguments::options(&options, "options", &VERIFY_OPTIONS)?;
        let (opts, backend) = verify_args(o.as_ref(), AppCheck::Required)?;
        let clock = Clock::from_options(o.as_ref(), true)?;
        Ok(JsTokenVerifier {
            keys,
            opts: Rc::new(opts),
            clock,
            backend,
            remote,
            cache: VerifierCache::from_options(o.as_ref())?,
        })
    }

    fn token_arg(&self, token: &JsValue) -> Result<String> {
        string_arg(token, "token", self.opts.max_token_length)
    }

    /// The keys to verify with now: the static ones, or a fetched set's current keys (`call`: the
    /// call's options, for the background refresh the set may start).
    fn current_keys(&self, call: &JsValue) -> Result<KeyCells> {
        match &self.remote {
            None => Ok(self.keys.clone()),
            Some(remote) => match handle_with(remote, "key", call)? {
                CellRef::Set(set) => Ok(KeyCells::Set(set)),
                _ => Err(errors::invalid("the fetched key set returned no KeySet")),
            },
        }
    }

    /// Verifies synchronously: `node:crypto` checks the signature where the runtime has it (and
    /// `backend` is "auto" or "node"), else pure wasm. Returns `{ header, claims }`; throws
    /// `TokenError`. `options.waitUntil` receives a fetched set's background refresh.
    #[wasm_bindgen(js_name = verifySync, unchecked_return_type = "VerifiedToken")]
    pub fn verify_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyCallOptions")] options: JsValue,
    ) -> Result<JsValue> {
        let call = call_options(&options)?;
        let t = self.token_arg(&token)?;
        let now = self.clock.now()?;
        let keys = self.current_keys(&call)?;
        if let Some(hit) = self.cache.hit(&t, &keys, now, &self.opts) {
            return hit;
        }
        let leaf = native::SyncLeaf(self.backend);
        let v = crate::decision::verify_with(keys.clone(), &t, now, &self.opts, &leaf).result?;
        let text = verified_text(&v);
        let out = parse_verified(&text);
        self.cache.put(&t, &keys, Some((v, text)), now);
        out
    }

    /// Verifies, checking the signature with the runtime's crypto where it has it (the
    /// `backend` option chooses). The same decision as `verifySync`. `options.waitUntil`
    /// receives the work a fetched set starts for this call (e.g. `ctx.waitUntil.bind(ctx)`).
    #[wasm_bindgen(unchecked_return_type = "Promise<VerifiedToken>")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyCallOptions")] options: JsValue,
    ) -> Promise {
        let prep = (|| -> Result<_> {
            let call = call_options(&options)?;
            Ok((self.token_arg(&token)?, self.clock.now()?, call))
        })();
        let (opts, backend, keys) = (self.opts.clone(), self.backend, self.keys.clone());
        let (remote, cache) = (self.remote.clone(), self.cache.clone());
        promise(async move {
            let (t, now, call) = prep?;
            let keys = match remote {
                Some(remote) => remote_keys(&remote, &t, &opts, &call).await?,
                None => keys,
            };
            if let Some(hit) = cache.hit(&t, &keys, now, &opts) {
                return Ok(hit?);
            }
            let pending = options::pending_for(keys.clone(), &t, &opts, true)?;
            let leaf = native::AsyncLeaf(backend);
            let keep = cache.on();
            let value =
                pending.decide_async(&leaf, |signed| claims_value(signed, now, &opts, keep));
            let (value, v) = value.await?;
            cache.put(&t, &keys, v, now); // only now: the signature's answer released it
            Ok(value)
        })
    }
}

/// The claim checks at `now` on a decided signature, then `{ header, claims }` (and the verified
/// token with its text, for the cache, when `keep`).
fn claims_value(
    signed: SignedToken,
    now: i64,
    opts: &VerifyOptions,
    keep: bool,
) -> Result<(JsValue, Option<(crate::Verified, String)>)> {
    let v = signed.check_claims(now, opts)?;
    let text = verified_text(&v);
    let value = parse_verified(&text)?;
    Ok((value, keep.then_some((v, text))))
}

/// Asks a fetched key set (`KeySet.fetch`) for its keys, refreshed if stale or if the token's
/// `kid` is new; `call` is the call's options (`{ waitUntil }`) or undefined.
async fn remote_keys(
    remote: &Object,
    token: &str,
    opts: &VerifyOptions,
    call: &JsValue,
) -> core::result::Result<KeyCells, JsValue> {
    let header = crate::jws::UntrustedToken::parse(token, opts.max_token_length)?;
    let kid = header
        .header()
        .kid()
        .map_or(JsValue::UNDEFINED, JsValue::from_str);
    let f: js_sys::Function = Reflect::get(remote, &"__sceytKeysFor".into())?.dyn_into()?;
    let p: Promise = f.call2(remote, &kid, call)?.dyn_into()?;
    let set = native::Awaited::new(p).await?;
    match handle_of(&set, "key set")? {
        CellRef::Set(s) => Ok(KeyCells::Set(s)),
        _ => Err(to_js(Error::new(
            ErrorCode::KeyNotFound,
            "the fetched key set returned no KeySet",
        ))),
    }
}

/// The options of one `verify()` / `verifySync()` call: `{ waitUntil }`, passed on to a fetched
/// key set as a fresh object (undefined when not given); ignored for other keys.
fn call_options(options: &JsValue) -> Result<JsValue> {
    let o = arguments::options(options, "options", &["waitUntil"])?;
    match arguments::get_opt(o.as_ref(), "waitUntil")? {
        None => Ok(JsValue::UNDEFINED),
        Some(f) if f.is_function() => {
            let out = Object::new();
            let _ = js_sys::Reflect::set(&out, &"waitUntil".into(), &f);
            Ok(out.into())
        }
        Some(f) => Err(errors::invalid(format!(
            "option \"waitUntil\" must be a function (e.g. ctx.waitUntil.bind(ctx)), not {}",
            arguments::type_name(&f)
        ))),
    }
}
