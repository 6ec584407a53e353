//! The exported `TokenIssuer` class: reads the issuer and per-token option bags, builds the
//! signing input in the core, and has it signed by `node:crypto`, WebCrypto or wasm.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::arguments::{self, get_opt, get_string, string_arg};
use super::cells::{handle_of, CellRef, SigningCell};
use super::clock::{self, Clock};
use super::duration::{duration, get_duration};
use super::errors;
use super::native;
use super::native::promise;
use super::options::{backend_option, policy_from};
use crate::jws;
use crate::primitive;
use crate::{Error, ErrorCode, Result};
use crate::{IssueOptions, Issuer, IssuerOptions, NotBefore};

/// Issues SCEYT tokens with one signing key.
#[wasm_bindgen(js_name = TokenIssuer)]
pub struct JsTokenIssuer {
    issuer: Issuer,
    key: Rc<SigningCell>,
    clock: Clock,
    backend: native::Backend,
}

#[wasm_bindgen(js_class = TokenIssuer)]
impl JsTokenIssuer {
    /// `new TokenIssuer(key, { applicationId, lifetime?, minLifetime?, maxLifetime?, claims?, clock?,
    /// backend? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SigningKey")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "IssuerOptions")] options: JsValue,
    ) -> Result<JsTokenIssuer> {
        let cell =
            match handle_of(&key, "key")? {
                CellRef::Signing(s) => s,
                _ => return Err(Error::new(
                    ErrorCode::KeyUsage,
                    "TokenIssuer needs a SigningKey (a private key or secret), not a public key",
                )),
            };
        let o = arguments::options(
            &options,
            "options",
            &[
                "applicationId",
                "lifetime",
                "minLifetime",
                "maxLifetime",
                "claims",
                "clock",
                "backend",
            ],
        )?
        .ok_or_else(|| errors::invalid("options with an applicationId are required"))?;
        let app = get_string(Some(&o), "applicationId", 1024)?.ok_or_else(|| {
            errors::invalid("option \"applicationId\" (the SCEYT application id) is required")
        })?;
        let mut io = IssuerOptions::new(app);
        io.policy = policy_from(Some(&o))?;
        if let Some(l) = get_duration(Some(&o), "lifetime")? {
            io.lifetime = l;
        }
        if let Some(c) = get_opt(Some(&o), "claims")? {
            io.claims = arguments::claims_arg(&c, "option \"claims\"")?;
        }
        let clock = Clock::from_options(Some(&o), false)?;
        let backend = backend_option(Some(&o))?;
        Ok(JsTokenIssuer {
            issuer: Issuer::new(cell.key.clone(), io)?,
            key: cell,
            clock,
            backend,
        })
    }

    /// The token of a signing input, signed now: by `node:crypto` where the runtime has it (and
    /// `backend` allows it), else by the pure-wasm signer.
    fn sign_sync(&self, input: &str) -> Result<String> {
        let cell = &self.key;
        let leaf = native::SyncLeaf(self.backend);
        let sig = primitive::sign(&leaf, &cell.native, &cell.key, input.as_bytes())?;
        Ok(jws::assemble(input, &sig))
    }

    /// The token of a signing input, signed later: by `node:crypto` or WebCrypto where the runtime
    /// has them (and `backend` allows), else by the pure-wasm signer.
    async fn sign_async(
        cell: Rc<SigningCell>,
        backend: native::Backend,
        input: String,
    ) -> Result<String> {
        let leaf = native::AsyncLeaf(backend);
        let sig = primitive::sign_async(&leaf, &cell.native, &cell.key, input.as_bytes()).await?;
        Ok(jws::assemble(&input, &sig))
    }

    fn prepare(&self, subject: &JsValue, options: &JsValue) -> Result<String> {
        self.prepare_timed(subject, options).map(|p| p.0)
    }

    /// The signing input, with the token's `exp` and the `now` it was issued at.
    fn prepare_timed(&self, subject: &JsValue, options: &JsValue) -> Result<(String, i64, i64)> {
        let sub = string_arg(subject, "subject (the user id)", crate::claims::MAX_ID_LEN)?;
        let o = arguments::options(options, "options", &["lifetime", "notBefore", "claims"])?;
        let mut io = IssueOptions {
            lifetime: get_duration(o.as_ref(), "lifetime")?,
            ..Default::default()
        };
        if let Some(nb) = get_opt(o.as_ref(), "notBefore")? {
            io.not_before = Some(if nb.is_instance_of::<js_sys::Date>() {
                NotBefore::At(clock::date_seconds(&nb, "option \"notBefore\"")?)
            } else {
                NotBefore::Delay(duration(&nb, "option \"notBefore\"")?)
            });
        }
        if let Some(c) = get_opt(o.as_ref(), "claims")? {
            io.claims = arguments::claims_arg(&c, "option \"claims\"")?;
        }
        let now = self.clock.now()?;
        let claims = self.issuer.claims(now, &sub, &io)?;
        Ok((self.issuer.signing_input(&claims)?, claims.exp, now))
    }

    /// Issues a token synchronously: signed by `node:crypto` where the runtime has it (and
    /// `backend` is "auto" or "node"), else by the pure-wasm signer.
    #[wasm_bindgen(js_name = issueSync)]
    pub fn issue_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: JsValue,
    ) -> Result<String> {
        let input = self.prepare(&subject, &options)?;
        self.sign_sync(&input)
    }

    /// Issues a token, signing with the runtime's native crypto where that is faster (RSA,
    /// ECDSA, Ed25519) and falling back to the pure-wasm signer.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn issue(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let prep = self.prepare(&subject, &options);
        let (cell, backend) = (self.key.clone(), self.backend);
        promise(async move {
            let input = prep?;
            let token = Self::sign_async(cell, backend, input).await?;
            Ok(JsValue::from_str(&token))
        })
    }

    /// `issueSync` with the token's expiry: `{ token, expiresAt, expiresIn }`, `expiresAt` the
    /// token's `exp` and `expiresIn` its distance from now, both in seconds — what a token
    /// endpoint answers, without decoding its own token again.
    #[wasm_bindgen(js_name = issueWithExpirySync, unchecked_return_type = "IssuedToken")]
    pub fn issue_with_expiry_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: JsValue,
    ) -> Result<JsValue> {
        let (input, exp, now) = self.prepare_timed(&subject, &options)?;
        Ok(issued(&self.sign_sync(&input)?, exp, now))
    }

    /// `issue` with the token's expiry: resolves to `{ token, expiresAt, expiresIn }` (seconds).
    #[wasm_bindgen(js_name = issueWithExpiry, unchecked_return_type = "Promise<IssuedToken>")]
    pub fn issue_with_expiry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let prep = self.prepare_timed(&subject, &options);
        let (cell, backend) = (self.key.clone(), self.backend);
        promise(async move {
            let (input, exp, now) = prep?;
            let token = Self::sign_async(cell, backend, input).await?;
            Ok(issued(&token, exp, now))
        })
    }

    /// The application id written as `aid`.
    #[wasm_bindgen(getter, js_name = applicationId)]
    pub fn application_id(&self) -> String {
        self.issuer.options().application_id.clone()
    }

    /// The default lifetime in seconds.
    #[wasm_bindgen(getter)]
    pub fn lifetime(&self) -> f64 {
        self.issuer.options().lifetime as f64
    }
}

/// `{ token, expiresAt, expiresIn }` (seconds).
fn issued(token: &str, exp: i64, now: i64) -> JsValue {
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"token".into(), &JsValue::from_str(token));
    let _ = js_sys::Reflect::set(&out, &"expiresAt".into(), &JsValue::from_f64(exp as f64));
    let _ = js_sys::Reflect::set(
        &out,
        &"expiresIn".into(),
        &JsValue::from_f64((exp - now) as f64),
    );
    out.into()
}
