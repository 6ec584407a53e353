//! The exported `VerifyingKey` class: a public key (or HMAC secret) imported from PEM, an X.509
//! certificate, JWK or bytes, that owns its native verification handles.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::Result;

use super::arguments;
use super::cells::{CellRef, KeyHandle, VerifyingCell};
use super::key_input::{jwk_input, pem_input, secret_input};
use crate::keys;

/// A public key (or HMAC secret) that verifies tokens.
#[wasm_bindgen(js_name = VerifyingKey)]
pub struct JsVerifyingKey(Rc<VerifyingCell>);

impl JsVerifyingKey {
    pub(crate) fn new(key: keys::VerifyingKey) -> Self {
        Self(Rc::new(VerifyingCell::new(key)))
    }
}

#[wasm_bindgen(js_class = VerifyingKey)]
impl JsVerifyingKey {
    /// Imports a public key PEM: SPKI, PKCS#1 (`RSA PUBLIC KEY`), or an X.509 certificate. A
    /// private key PEM gives its public half.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(
        #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> Result<JsVerifyingKey> {
        let (text, opts) = pem_input(&pem, &options)?;
        keys::VerifyingKey::from_pem(&text, &opts).map(Self::new)
    }

    /// Reads one public key from whatever text holds it: PEM (SPKI, PKCS#1, a certificate, or a
    /// private key's public half), a JWK (text or object), or either base64-encoded — the reader
    /// `TokenVerifier`, `inspectToken`, the CLI and the page use. A JWKS is refused with a pointer
    /// to `KeySet.from`.
    pub fn from(
        #[wasm_bindgen(unchecked_param_type = "string | JsonWebKey")] text: JsValue,
    ) -> Result<JsVerifyingKey> {
        let value = super::key_input::key_text_arg(&text, "key")?;
        match value {
            crate::key_source::OneOrSet::One(k) => Ok(Self::new(k)),
            crate::key_source::OneOrSet::Set(_) => Err(crate::Error::key_invalid(
                "this is a JWKS (a key set), not one key: use KeySet.from",
            )),
        }
    }

    /// Imports a JWK (RSA, EC P-256, OKP Ed25519, oct), honouring `alg`, `use` and `key_ops`.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "JsonWebKey | string")] jwk: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> Result<JsVerifyingKey> {
        let (value, opts) = jwk_input(&jwk, &options)?;
        keys::VerifyingKey::from_jwk(&value, &opts).map(Self::new)
    }

    /// An HMAC secret for verification.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> Result<JsVerifyingKey> {
        let (bytes, opts) = secret_input(&secret, &options)?;
        keys::VerifyingKey::from_secret(&bytes, &opts).map(Self::new)
    }

    /// The algorithm this key verifies by default.
    #[wasm_bindgen(getter, unchecked_return_type = "Algorithm")]
    pub fn algorithm(&self) -> String {
        self.0.key.algorithm().name().to_owned()
    }

    /// The key id.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        self.0.key.key_id().map(str::to_owned)
    }

    /// SPKI PEM.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self) -> Result<String> {
        self.0.key.to_pem()
    }

    /// Public JWK with `kid`, `alg`, `use: "sig"`.
    #[wasm_bindgen(js_name = toJwk, unchecked_return_type = "JsonWebKey")]
    pub fn to_jwk(&self) -> Result<JsValue> {
        self.0.key.to_jwk().and_then(|v| arguments::to_value(&v))
    }

    #[wasm_bindgen(js_name = "__sceytHandle", skip_typescript)]
    pub fn handle(&self) -> KeyHandle {
        KeyHandle(CellRef::Verifying(self.0.clone()))
    }
}
