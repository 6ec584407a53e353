//! The native handles of one key: each key object — and each member of a key set — owns a
//! [`NativeKeys`], one imported `CryptoKey` or `node:crypto` key argument per API and algorithm it
//! is used with, dropped (and uncounted) with it. The leaves fill it from the key's bytes; no cache
//! is keyed by addresses or indices a later object could reuse. A slot also remembers a refusal,
//! so a key native crypto refused is not offered to it again.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::stats::{bump, LIVE_HANDLES};
use crate::keys::Algorithm;

/// One imported native key, counted while alive.
pub(super) struct Imported(JsValue);

impl Imported {
    pub(super) fn new(v: JsValue) -> Self {
        bump(&LIVE_HANDLES);
        Imported(v)
    }
}

impl Drop for Imported {
    fn drop(&mut self) {
        LIVE_HANDLES.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

pub(super) enum Slot {
    Ready(Imported),
    /// Native crypto refused this key (or threw with it): not asked again.
    Refused,
}

/// Which native API a handle belongs to: a WebCrypto `CryptoKey` or a `node:crypto` key argument
/// (a `KeyObject`, or `{ key, padding, saltLength | dsaEncoding }` around one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Api {
    Subtle,
    Node,
}

/// The native handles of one key: one per API and algorithm it was used with.
#[derive(Default)]
pub(crate) struct NativeKeys(RefCell<Vec<(Api, Algorithm, Slot)>>);

impl NativeKeys {
    /// `Some(Some(key))` imported, `Some(None)` native refused this key, `None` not tried yet.
    pub(super) fn lookup(&self, api: Api, alg: Algorithm) -> Option<Option<JsValue>> {
        self.0
            .borrow()
            .iter()
            .find(|(p, a, _)| *p == api && *a == alg)
            .map(|(_, _, s)| match s {
                Slot::Ready(h) => Some(h.0.clone()),
                Slot::Refused => None,
            })
    }
    pub(super) fn store(&self, api: Api, alg: Algorithm, slot: Slot) {
        let mut v = self.0.borrow_mut();
        v.retain(|(p, a, _)| !(*p == api && *a == alg));
        v.push((api, alg, slot));
    }
}
