//! Key cells, and how one exported object is passed to another without moving it out of JS. wasm-bindgen's `TryFromJsValue` takes ownership of the JS object it
//! converts; instead, each key class has a hidden `__sceytHandle()` method returning a fresh,
//! throwaway [`KeyHandle`] that holds an `Rc` of the key's cell, and the receiving function
//! consumes only that temporary. A cell is the core key plus the native handles it owns
//! ([`native::NativeKeys`]); [`KeyCells`] is the core's one-key-or-a-set shape
//! ([`crate::key_source::OneOrSet`]) over cells, as `KeySource` is over owned keys and `Keys`
//! over borrowed ones: one shape, three holders, one [`KeyHolder`] trait the decision reads.

use std::rc::Rc;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

use super::arguments;
use super::errors;
use super::native;
use crate::key_source::{KeyHolder, Keys, OneOrSet};
use crate::keys;
use crate::{Error, ErrorCode, Result};

/// A signing key and its native handle (one algorithm: the key's own).
pub(crate) struct SigningCell {
    pub key: keys::SigningKey,
    pub native: native::NativeKeys,
}

/// A verifying key and its native handles, one per algorithm it was used with.
pub(crate) struct VerifyingCell {
    pub key: keys::VerifyingKey,
    pub native: native::NativeKeys,
}

impl VerifyingCell {
    pub(crate) fn new(key: keys::VerifyingKey) -> Self {
        Self {
            key,
            native: native::NativeKeys::default(),
        }
    }
}

/// A key set and the native handles of each member (same order as `set.keys()`).
pub(crate) struct SetCell {
    pub set: keys::KeySet,
    pub native: Vec<native::NativeKeys>,
}

impl SetCell {
    pub(crate) fn new(set: keys::KeySet) -> Self {
        let native = set
            .keys()
            .iter()
            .map(|_| native::NativeKeys::default())
            .collect();
        Self { set, native }
    }
}

pub(crate) enum CellRef {
    Signing(Rc<SigningCell>),
    Verifying(Rc<VerifyingCell>),
    Set(Rc<SetCell>),
}

/// Internal transfer object.
#[wasm_bindgen(skip_typescript)]
pub struct KeyHandle(pub(crate) CellRef);

pub(crate) fn handle_of(v: &JsValue, what: &str) -> Result<CellRef> {
    handle_with(v, what, &JsValue::UNDEFINED)
}

/// [`handle_of`], passing `arg` to `__sceytHandle` (a fetched key set takes the call's options,
/// e.g. `waitUntil`, for the background refresh it may start).
pub(crate) fn handle_with(v: &JsValue, what: &str, arg: &JsValue) -> Result<CellRef> {
    let err = || {
        errors::invalid(format!(
            "{what} must be a SigningKey, VerifyingKey or KeySet, not {}",
            arguments::type_name(v)
        ))
    };
    if !v.is_object() {
        return Err(err());
    }
    let f = Object::from(v.clone());
    let m = arguments::get(&f, "__sceytHandle")?;
    let Some(m) = m.dyn_ref::<Function>() else {
        return Err(err());
    };
    let h = m.call1(v, arg).map_err(|thrown| {
        // A TokenError thrown by the holder (e.g. a fetched set not loaded yet) says what is wrong
        // better than we can: keep its code and message.
        token_error_of(&thrown).unwrap_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("{what} has been freed (free() was called) or is not a sceyt-token key"),
            )
        })
    })?;
    match <KeyHandle as wasm_bindgen::convert::TryFromJsValue>::try_from_js_value(h) {
        Ok(KeyHandle(h)) => Ok(h),
        Err(_) => Err(err()),
    }
}

/// The code and message of a thrown `TokenError` (name "TokenError", a known `code`), if it is one.
pub(crate) fn token_error_of(thrown: &JsValue) -> Option<Error> {
    let o = thrown.dyn_ref::<Object>()?;
    let field = |k: &str| js_sys::Reflect::get(o, &k.into()).ok()?.as_string();
    if field("name")? != "TokenError" {
        return None;
    }
    let code = field("code")?;
    let code = ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)?;
    // Held to the message size rule by `Error::new`, like the core's own messages.
    Some(Error::new(code, field("message")?))
}

/// Keys given to a verifier, with their native handles.
pub(crate) type KeyCells = OneOrSet<Rc<VerifyingCell>, Rc<SetCell>>;

impl KeyCells {
    pub(crate) fn from_handle(h: CellRef) -> Self {
        match h {
            CellRef::Signing(s) => {
                KeyCells::One(Rc::new(VerifyingCell::new(s.key.verifying_key())))
            }
            CellRef::Verifying(v) => KeyCells::One(v),
            CellRef::Set(s) => KeyCells::Set(s),
        }
    }
    /// The native handles of the key at `index` (as the decision numbers them).
    pub(crate) fn native(&self, index: usize) -> Option<&native::NativeKeys> {
        self.as_ref()
            .at(index, |c| &c.native, |s| s.native.as_slice())
    }
}

impl KeyHolder for KeyCells {
    type Handles = native::NativeKeys;
    fn keys(&self) -> Keys<'_> {
        self.as_ref().map(|c| &c.key, |s| &s.set)
    }
    fn handles(&self, index: usize) -> Option<&native::NativeKeys> {
        self.native(index)
    }
}
