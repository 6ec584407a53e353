//! The exported `KeySet` class: a JWKS parsed once, whose members each own their native handles.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::Result;

use super::arguments;
use super::cells::{CellRef, KeyHandle, SetCell};
use super::key_input::MAX_JWKS;
use crate::keys;

/// A set of verifying keys (a JWKS), selected by `kid` and algorithm.
#[wasm_bindgen(js_name = KeySet)]
pub struct JsKeySet(Rc<SetCell>);

#[wasm_bindgen(js_class = KeySet)]
impl JsKeySet {
    /// Parses `{ keys: [...] }` (object or JSON text). Encryption keys and unsupported key types
    /// are skipped; a malformed key is an error.
    #[wasm_bindgen(js_name = fromJwks)]
    pub fn from_jwks(
        #[wasm_bindgen(unchecked_param_type = "{ keys: JsonWebKey[] } | string")] jwks: JsValue,
    ) -> Result<JsKeySet> {
        let value = arguments::json_arg(&jwks, "jwks", MAX_JWKS)?;
        Ok(JsKeySet(Rc::new(SetCell::new(keys::KeySet::from_jwks(
            &value,
        )?))))
    }

    /// Reads a key set from whatever text holds keys: a JWKS (text or object), or one key — PEM,
    /// a certificate, a JWK — as a set of one; base64-encoded text too. The same reader as
    /// `VerifyingKey.from`.
    pub fn from(
        #[wasm_bindgen(unchecked_param_type = "string | { keys: JsonWebKey[] } | JsonWebKey")]
        text: JsValue,
    ) -> Result<JsKeySet> {
        let value = super::key_input::key_text_arg(&text, "keys")?;
        let set = match value {
            crate::key_source::OneOrSet::One(k) => keys::KeySet::new(vec![k]),
            crate::key_source::OneOrSet::Set(s) => s,
        };
        Ok(JsKeySet(Rc::new(SetCell::new(set))))
    }

    /// Number of usable keys.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.0.set.keys().len() as u32
    }

    /// The key ids of the usable keys.
    #[wasm_bindgen(getter, js_name = keyIds)]
    pub fn key_ids(&self) -> Vec<String> {
        self.0
            .set
            .keys()
            .iter()
            .filter_map(|k| k.key_id().map(str::to_owned))
            .collect()
    }

    /// Why some keys of the JWKS were skipped.
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> Vec<String> {
        self.0.set.skipped().to_vec()
    }

    #[wasm_bindgen(js_name = "__sceytHandle", skip_typescript)]
    pub fn handle(&self) -> KeyHandle {
        KeyHandle(CellRef::Set(self.0.clone()))
    }
}
