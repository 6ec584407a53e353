//! The exported `SigningKey` class: a private key or HMAC secret, imported from PEM, JWK or
//! bytes, or generated (natively where the runtime can), that owns its native signing handle.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::Result;

use super::arguments;
use super::cells::{CellRef, KeyHandle, SigningCell};
use super::key_input::{jwk_input, key_options, pem_input, secret_input};
use super::native;
use super::verifying_key::JsVerifyingKey;
use crate::keys;

/// A private key (RSA, EC P-256, Ed25519) or HMAC secret that signs tokens.
#[wasm_bindgen(js_name = SigningKey)]
pub struct JsSigningKey(Rc<SigningCell>);

impl JsSigningKey {
    fn new(key: keys::SigningKey) -> Self {
        Self(Rc::new(SigningCell {
            key,
            native: native::NativeKeys::default(),
        }))
    }
}

#[wasm_bindgen(js_class = SigningKey)]
impl JsSigningKey {
    /// Imports a private key PEM: PKCS#8, PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`).
    /// Escaped `\n`, CRLF, surrounding whitespace and quotes are tolerated.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(
        #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> Result<JsSigningKey> {
        let (text, opts) = pem_input(&pem, &options)?;
        keys::SigningKey::from_pem(&text, &opts).map(Self::new)
    }

    /// Imports a private JWK (object or JSON text).
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "JsonWebKey | string")] jwk: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> Result<JsSigningKey> {
        let (value, opts) = jwk_input(&jwk, &options)?;
        keys::SigningKey::from_jwk(&value, &opts).map(Self::new)
    }

    /// An HMAC secret (HS256 by default): a string is its UTF-8 bytes, a Uint8Array its raw bytes.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> Result<JsSigningKey> {
        let (bytes, opts) = secret_input(&secret, &options)?;
        keys::SigningKey::from_secret(&bytes, &opts).map(Self::new)
    }

    /// Generates a key (RS256 by default) for development and tests. RSA, P-256 and Ed25519
    /// keys come from the runtime's native crypto where it exists.
    #[wasm_bindgen(unchecked_return_type = "Promise<SigningKey>")]
    pub fn generate(
        #[wasm_bindgen(unchecked_optional_param_type = "Algorithm")] algorithm: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ keyId?: string }")] options: JsValue,
    ) -> js_sys::Promise {
        let prep = (|| -> Result<_> {
            let alg = if algorithm.is_undefined() {
                crate::Algorithm::Rs256
            } else {
                arguments::algorithm_arg(&algorithm, "algorithm")?
            };
            Ok((alg, key_options(&options, false)?))
        })();
        native::promise(async move {
            let (alg, opts) = prep?;
            let key = native::generate(alg, &opts).await?;
            Ok(JsSigningKey::new(key).into())
        })
    }

    /// The algorithm this key signs with (`RS256`, `ES256`, …).
    #[wasm_bindgen(getter, unchecked_return_type = "Algorithm")]
    pub fn algorithm(&self) -> String {
        self.0.key.algorithm().name().to_owned()
    }

    /// The key id written as `kid` (RFC 7638 thumbprint by default; none for HMAC unless given).
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        self.0.key.key_id().map(str::to_owned)
    }

    /// The public half as a `VerifyingKey` (for HMAC: the same secret).
    #[wasm_bindgen(getter, js_name = publicKey)]
    pub fn public_key(&self) -> JsVerifyingKey {
        JsVerifyingKey::new(self.0.key.verifying_key())
    }

    /// The private key as PKCS#8 PEM. CellRef with care.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self) -> Result<String> {
        self.0.key.to_pem().map(|p| p.to_string())
    }

    /// The public key as SPKI PEM.
    #[wasm_bindgen(js_name = toPublicPem)]
    pub fn to_public_pem(&self) -> Result<String> {
        self.0.key.verifying_key().to_pem()
    }

    /// The public key as a JWK with `kid`, `alg` and `use: "sig"`.
    #[wasm_bindgen(js_name = toPublicJwk, unchecked_return_type = "JsonWebKey")]
    pub fn to_public_jwk(&self) -> Result<JsValue> {
        self.0
            .key
            .verifying_key()
            .to_jwk()
            .and_then(|v| arguments::to_value(&v))
    }

    #[wasm_bindgen(js_name = "__sceytHandle", skip_typescript)]
    pub fn handle(&self) -> KeyHandle {
        KeyHandle(CellRef::Signing(self.0.clone()))
    }
}
