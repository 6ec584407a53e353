//! `TokenVerifier`'s `cache` option and the verifier's cache as the binding holds it: the core's
//! [`TokenCache`] (every rule of a hit is there), asked before the decision and given its successes.
//! Each entry also holds what a hit copies ([`Held`]): fresh objects on every call, and no text
//! crosses from wasm.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::arguments::{self, get_opt};
use super::cells::KeyCells;
use super::duration::duration;
use super::errors::invalid;
use super::native::name;
use super::verified::runtime_refused_json;
use crate::cache::{self, CacheOptions, TokenCache};
use crate::key_source::KeyHolder;
use crate::{Result, Verified, VerifyOptions};

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string the runtime already holds.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_held(text: &JsValue) -> core::result::Result<JsValue, JsValue>;
}

/// What an entry hands out a fresh copy of: the `{header, claims}` text, or, when both objects
/// are flat (every member a string, number, boolean or null) and have no `__proto__` member, the
/// two objects parsed once, never handed out, whose shallow copies (`Object.assign`) are then
/// whole copies: a third of the cost of a `JSON.parse` per hit. `Object.assign` sets members one
/// by one, which a `__proto__` member would turn into a prototype change: such a token stays text.
pub(crate) enum Held {
    Text(JsValue),
    Flat { header: Object, claims: Object },
}

impl Held {
    /// `text`: the verified token's [`verified_text`](super::verified::verified_text).
    fn of(v: &Verified, text: &str) -> Held {
        let text = JsValue::from_str(text);
        if v.is_flat() {
            if let Ok(both) = parse_held(&text) {
                let member = |k: &'static str| js_sys::Reflect::get(&both, &name(k));
                if let (Ok(header), Ok(claims)) = (member("header"), member("claims")) {
                    return Held::Flat {
                        header: header.unchecked_into(),
                        claims: claims.unchecked_into(),
                    };
                }
            }
        }
        Held::Text(text)
    }

    /// A fresh `{ header, claims }`.
    fn copy(&self) -> core::result::Result<JsValue, JsValue> {
        match self {
            Held::Text(t) => parse_held(t),
            Held::Flat { header, claims } => {
                let out = Object::new();
                let copy = |o: &Object| Object::assign(&Object::new(), o);
                js_sys::Reflect::set(&out, &name("header"), &copy(header))?;
                js_sys::Reflect::set(&out, &name("claims"), &copy(claims))?;
                Ok(out.into())
            }
        }
    }
}

/// `cache`: absent or `false` (no cache), `true` (the defaults) or `{ size, ttl }`.
pub(crate) fn cache_option(o: Option<&Object>) -> Result<Option<CacheOptions>> {
    let Some(v) = get_opt(o, "cache")? else {
        return Ok(None);
    };
    if let Some(on) = v.as_bool() {
        return Ok(on.then(CacheOptions::default));
    }
    if v.is_null() {
        return Err(invalid(
            "option \"cache\" must be true, false or { size, ttl }, not null",
        ));
    }
    // Anything else must be `{ size?, ttl? }` ("option \"cache\" must be an object, not …").
    let c = arguments::options(&v, "option \"cache\"", &["size", "ttl"])?;
    let d = CacheOptions::default();
    let size = match get_opt(c.as_ref(), "size")? {
        None => d.size(),
        Some(n) => n
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64)
            .ok_or_else(cache::size_error)? as usize,
    };
    let ttl = match get_opt(c.as_ref(), "ttl")? {
        None => d.ttl(),
        Some(t) => duration(&t, "option \"cache.ttl\"")?,
    };
    CacheOptions::new(size, ttl).map(Some)
}

/// A verifier's cache, or none (the option was not given).
#[derive(Clone, Default)]
pub(crate) struct VerifierCache(Option<Rc<RefCell<TokenCache<Held>>>>);

impl VerifierCache {
    pub(crate) fn from_options(o: Option<&Object>) -> Result<Self> {
        let c = cache_option(o)?.map(|c| Rc::new(RefCell::new(TokenCache::new(c))));
        Ok(Self(c))
    }

    /// `{ header, claims }` of `token` from the cache, built fresh for this call, when the core
    /// serves it at `now` with `keys`; `None`: run the decision.
    pub(crate) fn hit(
        &self,
        token: &str,
        keys: &KeyCells,
        now: i64,
        opts: &VerifyOptions,
    ) -> Option<Result<JsValue>> {
        let mut c = self.0.as_ref()?.borrow_mut();
        let held = c.get(token, keys.keys(), now, opts)?;
        Some(held.copy().map_err(|_| runtime_refused_json()))
    }

    /// Whether successes are kept (the caller then hands them to [`VerifierCache::put`]).
    pub(crate) fn on(&self) -> bool {
        self.0.is_some()
    }

    /// Keeps a success of the whole decision, with the text its result was parsed from.
    pub(crate) fn put(
        &self,
        token: &str,
        keys: &KeyCells,
        kept: Option<(Verified, String)>,
        now: i64,
    ) {
        if let (Some(c), Some((v, text))) = (&self.0, kept) {
            let held = Held::of(&v, &text);
            c.borrow_mut().put(token, keys.keys(), v, now, held);
        }
    }
}
