//! The JavaScript binding: `#[wasm_bindgen]` newtypes over the core. No security decision is made
//! here; this layer checks JS types, reads option bags, and turns core errors into `TokenError`s
//! (in `convert::to_js`, the only place that does).

pub(crate) mod convert;
mod duration;
mod native;
mod types;

use std::rc::Rc;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

use convert::{get_duration, get_opt, get_string, string_arg, to_js, Clock, JsResult};

use crate::decision::Keys;
use crate::error::{Error, ErrorCode, Result};
use crate::inspect::{self, InspectOptions};
use crate::issue::{IssueOptions, Issuer, IssuerOptions, NotBefore};
use crate::jws;
use crate::keys::{self, KeyOptions};
use crate::policy::LifetimePolicy;
use crate::verify::VerifyOptions;

const MAX_PEM: usize = keys::pem::MAX_PEM_LEN;
const MAX_JWK: usize = 64 * 1024;
const MAX_JWKS: usize = 1024 * 1024;
const MAX_TOKEN_HARD: usize = 1024 * 1024;

fn js<T>(r: Result<T>) -> JsResult<T> {
    r.map_err(to_js)
}

/// Registers the `TokenError` class (called once by each package entry).
#[wasm_bindgen(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(class: Function) {
    convert::set_error_class(class);
}

// ---------------------------------------------------------------------------------------------
// Handles: how one exported object is passed to another without moving it out of JS.
//
// wasm-bindgen's `TryFromJsValue` takes ownership of the JS object it converts. Instead, each key
// class has a hidden `__sceytHandle()` method returning a fresh, throwaway `KeyHandle` that holds
// an `Rc` of the key; the receiving function consumes only that temporary.

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
    fn new(key: keys::VerifyingKey) -> Self {
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
    fn new(set: keys::KeySet) -> Self {
        let native = set
            .keys()
            .iter()
            .map(|_| native::NativeKeys::default())
            .collect();
        Self { set, native }
    }
}

pub(crate) enum Handle {
    Signing(Rc<SigningCell>),
    Verifying(Rc<VerifyingCell>),
    Set(Rc<SetCell>),
}

/// Internal transfer object.
#[wasm_bindgen(skip_typescript)]
pub struct KeyHandle(Handle);

fn handle_of(v: &JsValue, what: &str) -> Result<Handle> {
    let err = || {
        convert::invalid(format!(
            "{what} must be a SigningKey, VerifyingKey or KeySet, not {}",
            convert::type_name(v)
        ))
    };
    if !v.is_object() {
        return Err(err());
    }
    let f = Object::from(v.clone());
    let m = convert::get(&f, "__sceytHandle")?;
    let Some(m) = m.dyn_ref::<Function>() else {
        return Err(err());
    };
    let h = m.call0(v).map_err(|thrown| {
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
fn token_error_of(thrown: &JsValue) -> Option<Error> {
    let o = thrown.dyn_ref::<Object>()?;
    let field = |k: &str| js_sys::Reflect::get(o, &k.into()).ok()?.as_string();
    if field("name")? != "TokenError" {
        return None;
    }
    let code = field("code")?;
    let code = ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)?;
    let mut message = field("message")?;
    // `str::floor_char_boundary` is newer than the MSRV (1.82).
    let mut end = message.len().min(300);
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    message.truncate(end);
    Some(Error::new(code, message))
}

/// Keys given to a verifier, with their native handles.
#[derive(Clone)]
pub(crate) enum VerifyKeys {
    One(Rc<VerifyingCell>),
    Set(Rc<SetCell>),
}

impl VerifyKeys {
    fn from_handle(h: Handle) -> Self {
        match h {
            Handle::Signing(s) => {
                VerifyKeys::One(Rc::new(VerifyingCell::new(s.key.verifying_key())))
            }
            Handle::Verifying(v) => VerifyKeys::One(v),
            Handle::Set(s) => VerifyKeys::Set(s),
        }
    }
    fn as_keys(&self) -> Keys<'_> {
        match self {
            VerifyKeys::One(c) => Keys::One(&c.key),
            VerifyKeys::Set(s) => Keys::Set(&s.set),
        }
    }
    /// The native handles of the key at `index` (as the decision numbers them).
    pub(crate) fn native(&self, index: usize) -> Option<&native::NativeKeys> {
        match self {
            VerifyKeys::One(c) => (index == 0).then_some(&c.native),
            VerifyKeys::Set(s) => s.native.get(index),
        }
    }
}

fn key_options(v: &JsValue, allow_alg: bool) -> Result<KeyOptions> {
    let allowed: &[&str] = if allow_alg {
        &["algorithm", "keyId"]
    } else {
        &["keyId"]
    };
    let o = convert::options(v, "options", allowed)?;
    let algorithm = get_opt(o.as_ref(), "algorithm")?
        .map(|a| convert::algorithm_arg(&a, "option \"algorithm\""))
        .transpose()?;
    let key_id = get_string(o.as_ref(), "keyId", 256)?;
    Ok(KeyOptions { algorithm, key_id })
}

/// The arguments of `fromPem`, `fromJwk` and `fromSecret`, shared by both key classes.
fn pem_input(pem: &JsValue, options: &JsValue) -> Result<(String, KeyOptions)> {
    Ok((
        string_arg(pem, "pem", MAX_PEM)?,
        key_options(options, true)?,
    ))
}

fn jwk_input(jwk: &JsValue, options: &JsValue) -> Result<(serde_json::Value, KeyOptions)> {
    Ok((
        convert::json_arg(jwk, "jwk", MAX_JWK)?,
        key_options(options, true)?,
    ))
}

fn secret_input(
    secret: &JsValue,
    options: &JsValue,
) -> Result<(zeroize::Zeroizing<Vec<u8>>, KeyOptions)> {
    Ok((
        convert::bytes_arg(secret, "secret", 1024)?,
        key_options(options, true)?,
    ))
}

// ---------------------------------------------------------------------------------------------
// SigningKey

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
    ) -> JsResult<JsSigningKey> {
        let (text, opts) = js(pem_input(&pem, &options))?;
        js(keys::SigningKey::from_pem(&text, &opts).map(Self::new))
    }

    /// Imports a private JWK (object or JSON text).
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "JsonWebKey | string")] jwk: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> JsResult<JsSigningKey> {
        let (value, opts) = js(jwk_input(&jwk, &options))?;
        js(keys::SigningKey::from_jwk(&value, &opts).map(Self::new))
    }

    /// An HMAC secret (HS256 by default): a string is its UTF-8 bytes, a Uint8Array its raw bytes.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> JsResult<JsSigningKey> {
        let (bytes, opts) = js(secret_input(&secret, &options))?;
        js(keys::SigningKey::from_secret(&bytes, &opts).map(Self::new))
    }

    /// Generates a key (RS256 by default) for development and tests. RSA and P-256 keys come
    /// from the runtime's native crypto where it exists.
    #[wasm_bindgen(unchecked_return_type = "Promise<SigningKey>")]
    pub fn generate(
        #[wasm_bindgen(unchecked_optional_param_type = "Algorithm")] algorithm: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ keyId?: string }")] options: JsValue,
    ) -> js_sys::Promise {
        let prep = (|| {
            let alg = if algorithm.is_undefined() {
                crate::Algorithm::Rs256
            } else {
                convert::algorithm_arg(&algorithm, "algorithm")?
            };
            Ok((alg, key_options(&options, false)?))
        })();
        wasm_bindgen_futures::future_to_promise(async move {
            let (alg, opts) = prep.map_err(to_js)?;
            let key = native::generate(alg, &opts).await.map_err(to_js)?;
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
        JsVerifyingKey(Rc::new(VerifyingCell::new(self.0.key.verifying_key())))
    }

    /// The private key as PKCS#8 PEM. Handle with care.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self) -> JsResult<String> {
        js(self.0.key.to_pem().map(|p| p.to_string()))
    }

    /// The public key as SPKI PEM.
    #[wasm_bindgen(js_name = toPublicPem)]
    pub fn to_public_pem(&self) -> JsResult<String> {
        js(self.0.key.verifying_key().to_pem())
    }

    /// The public key as a JWK with `kid`, `alg` and `use: "sig"`.
    #[wasm_bindgen(js_name = toPublicJwk, unchecked_return_type = "JsonWebKey")]
    pub fn to_public_jwk(&self) -> JsResult<JsValue> {
        js(self
            .0
            .key
            .verifying_key()
            .to_jwk()
            .and_then(|v| convert::to_value(&v)))
    }

    #[wasm_bindgen(js_name = "__sceytHandle", skip_typescript)]
    pub fn handle(&self) -> KeyHandle {
        KeyHandle(Handle::Signing(self.0.clone()))
    }
}

// ---------------------------------------------------------------------------------------------
// VerifyingKey

/// A public key (or HMAC secret) that verifies tokens.
#[wasm_bindgen(js_name = VerifyingKey)]
pub struct JsVerifyingKey(Rc<VerifyingCell>);

impl JsVerifyingKey {
    fn new(key: keys::VerifyingKey) -> Self {
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
    ) -> JsResult<JsVerifyingKey> {
        let (text, opts) = js(pem_input(&pem, &options))?;
        js(keys::VerifyingKey::from_pem(&text, &opts).map(Self::new))
    }

    /// Imports a JWK (RSA, EC P-256, OKP Ed25519, oct), honouring `alg`, `use` and `key_ops`.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "JsonWebKey | string")] jwk: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> JsResult<JsVerifyingKey> {
        let (value, opts) = js(jwk_input(&jwk, &options))?;
        js(keys::VerifyingKey::from_jwk(&value, &opts).map(Self::new))
    }

    /// An HMAC secret for verification.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyOptions")] options: JsValue,
    ) -> JsResult<JsVerifyingKey> {
        let (bytes, opts) = js(secret_input(&secret, &options))?;
        js(keys::VerifyingKey::from_secret(&bytes, &opts).map(Self::new))
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
    pub fn to_pem(&self) -> JsResult<String> {
        js(self.0.key.to_pem())
    }

    /// Public JWK with `kid`, `alg`, `use: "sig"`.
    #[wasm_bindgen(js_name = toJwk, unchecked_return_type = "JsonWebKey")]
    pub fn to_jwk(&self) -> JsResult<JsValue> {
        js(self.0.key.to_jwk().and_then(|v| convert::to_value(&v)))
    }

    #[wasm_bindgen(js_name = "__sceytHandle", skip_typescript)]
    pub fn handle(&self) -> KeyHandle {
        KeyHandle(Handle::Verifying(self.0.clone()))
    }
}

// ---------------------------------------------------------------------------------------------
// KeySet

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
    ) -> JsResult<JsKeySet> {
        js((|| {
            let value = convert::json_arg(&jwks, "jwks", MAX_JWKS)?;
            Ok(JsKeySet(Rc::new(SetCell::new(keys::KeySet::from_jwks(
                &value,
            )?))))
        })())
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
        KeyHandle(Handle::Set(self.0.clone()))
    }
}

// ---------------------------------------------------------------------------------------------
// TokenIssuer

fn policy_from(o: Option<&Object>) -> Result<LifetimePolicy> {
    let d = LifetimePolicy::default();
    let min = get_duration(o, "minLifetime")?.unwrap_or(d.min());
    let max = get_duration(o, "maxLifetime")?.unwrap_or(d.max());
    LifetimePolicy::new(min, max)
}

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
    /// `new TokenIssuer(key, { applicationId, lifetime?, minLifetime?, maxLifetime?, claims?, clock? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SigningKey")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "IssuerOptions")] options: JsValue,
    ) -> JsResult<JsTokenIssuer> {
        js((|| {
            let cell = match handle_of(&key, "key")? {
                Handle::Signing(s) => s,
                _ => return Err(Error::new(
                    ErrorCode::KeyUsage,
                    "TokenIssuer needs a SigningKey (a private key or secret), not a public key",
                )),
            };
            let o = convert::options(
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
            .ok_or_else(|| convert::invalid("options with an applicationId are required"))?;
            let app = get_string(Some(&o), "applicationId", 1024)?.ok_or_else(|| {
                convert::invalid("option \"applicationId\" (the SCEYT application id) is required")
            })?;
            let mut io = IssuerOptions::new(app);
            io.policy = policy_from(Some(&o))?;
            if let Some(l) = get_duration(Some(&o), "lifetime")? {
                io.lifetime = l;
            }
            if let Some(c) = get_opt(Some(&o), "claims")? {
                io.claims = convert::claims_arg(&c, "option \"claims\"")?;
            }
            let clock = Clock::from_options(Some(&o), false)?;
            let backend = backend_option(Some(&o))?;
            Ok(JsTokenIssuer {
                issuer: Issuer::new(cell.key.clone(), io)?,
                key: cell,
                clock,
                backend,
            })
        })())
    }

    fn prepare(&self, subject: &JsValue, options: &JsValue) -> Result<String> {
        let sub = string_arg(subject, "subject (the user id)", crate::claims::MAX_ID_LEN)?;
        let o = convert::options(options, "options", &["lifetime", "notBefore", "claims"])?;
        let mut io = IssueOptions {
            lifetime: get_duration(o.as_ref(), "lifetime")?,
            ..Default::default()
        };
        if let Some(nb) = get_opt(o.as_ref(), "notBefore")? {
            io.not_before = Some(if nb.is_instance_of::<js_sys::Date>() {
                NotBefore::At(convert::date_seconds(&nb, "option \"notBefore\"")?)
            } else {
                let d = if let Some(n) = nb.as_f64() {
                    if n < 0.0 {
                        return Err(convert::invalid(format!(
                            "option \"notBefore\" must not be negative, got {n}"
                        )));
                    }
                    crate::time::seconds_from_number(n, "option \"notBefore\"")?
                } else {
                    convert::duration(&nb, "option \"notBefore\"")?
                };
                NotBefore::Delay(d)
            });
        }
        if let Some(c) = get_opt(o.as_ref(), "claims")? {
            io.claims = convert::claims_arg(&c, "option \"claims\"")?;
        }
        let now = self.clock.now()?;
        let claims = self.issuer.claims(now, &sub, &io)?;
        self.issuer.signing_input(&claims)
    }

    /// Issues a token synchronously: signed by `node:crypto` where the runtime has it (and
    /// `backend` is "auto" or "node"), else by the pure-wasm signer.
    #[wasm_bindgen(js_name = issueSync)]
    pub fn issue_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: JsValue,
    ) -> JsResult<String> {
        js((|| {
            let input = self.prepare(&subject, &options)?;
            let sig = match native::node_sign(&self.key, input.as_bytes(), self.backend) {
                Some(sig) => sig,
                None => self.key.key.sign(input.as_bytes())?,
            };
            Ok(jws::assemble(&input, &sig))
        })())
    }

    /// Issues a token, signing with the runtime's native crypto where that is faster (RSA,
    /// ECDSA) and falling back to the pure-wasm signer.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn issue(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let prep = self.prepare(&subject, &options);
        let key = self.key.clone();
        native::sign_promise(key, prep, self.backend)
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

// ---------------------------------------------------------------------------------------------
// TokenVerifier

const VERIFY_OPTIONS: [&str; 11] = [
    "applicationId",
    "algorithms",
    "clockTolerance",
    "currentDate",
    "clock",
    "minLifetime",
    "maxLifetime",
    "maxTokenLength",
    "requiredClaims",
    "lifetimePolicy",
    "backend",
];

/// `maxTokenLength`: the one place it is read (verifiers, `verifyCompact`, `inspectToken`).
fn max_token_length(o: Option<&Object>) -> Result<usize> {
    match get_opt(o, "maxTokenLength")? {
        None => Ok(jws::DEFAULT_MAX_TOKEN_LENGTH),
        Some(m) => m
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 16.0 && *n <= MAX_TOKEN_HARD as f64)
            .map(|n| n as usize)
            .ok_or_else(|| {
                convert::invalid(format!(
                    "option \"maxTokenLength\" must be a whole number from 16 to {MAX_TOKEN_HARD}"
                ))
            }),
    }
}

/// `backend`: which primitive the async paths use ("auto", "wasm", "webcrypto").
fn backend_option(o: Option<&Object>) -> Result<native::Backend> {
    get_opt(o, "backend")?
        .map(|b| native::Backend::parse(&b))
        .transpose()
        .map(Option::unwrap_or_default)
}

fn verify_options(o: Option<&Object>) -> Result<VerifyOptions> {
    let mut vo = VerifyOptions {
        application_id: get_string(o, "applicationId", 1024)?,
        ..Default::default()
    };
    if let Some(a) = get_opt(o, "algorithms")? {
        vo.algorithms = Some(convert::algorithms_arg(&a)?);
    }
    if let Some(t) = get_duration(o, "clockTolerance")? {
        if t < 0 {
            return Err(convert::invalid(
                "option \"clockTolerance\" must not be negative",
            ));
        }
        vo.clock_tolerance = t;
    }
    vo.policy = Some(policy_from(o)?);
    if let Some(p) = get_opt(o, "lifetimePolicy")? {
        match p.as_bool() {
            Some(true) => {}
            Some(false) => vo.policy = None,
            None => {
                return Err(convert::invalid(
                    "option \"lifetimePolicy\" must be a boolean",
                ))
            }
        }
    }
    vo.max_token_length = max_token_length(o)?;
    if let Some(r) = get_opt(o, "requiredClaims")? {
        if !js_sys::Array::is_array(&r) {
            return Err(convert::invalid(
                "option \"requiredClaims\" must be an array of claim names",
            ));
        }
        let arr: js_sys::Array = r.unchecked_into();
        if arr.length() > 64 {
            return Err(convert::invalid(
                "option \"requiredClaims\" lists too many claims",
            ));
        }
        vo.required_claims = arr
            .iter()
            .map(|c| string_arg(&c, "an entry of \"requiredClaims\"", 256))
            .collect::<Result<_>>()?;
    }
    crate::verify::check_options(&vo)?;
    Ok(vo)
}

/// Verifies SCEYT tokens: the one decision (`crate::decision`), with the pure-wasm primitive
/// (`verifySync`) or the runtime's crypto (`verify`).
#[wasm_bindgen(js_name = TokenVerifier)]
pub struct JsTokenVerifier {
    keys: VerifyKeys,
    opts: Rc<VerifyOptions>,
    clock: Clock,
    backend: native::Backend,
    /// A `KeySet.fetch()` result: asked for fresh keys on every verification (key rotation).
    remote: Option<Object>,
}

#[wasm_bindgen(js_class = TokenVerifier)]
impl JsTokenVerifier {
    /// `new TokenVerifier(keyOrSet, options?)`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(
            unchecked_param_type = "VerifyingKey | KeySet | SigningKey | { __sceytKeysFor(kid?: string): Promise<KeySet> }"
        )]
        key: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifierOptions")] options: JsValue,
    ) -> JsResult<JsTokenVerifier> {
        js((|| {
            let keys = VerifyKeys::from_handle(handle_of(&key, "key")?);
            let remote = Object::from(key.clone());
            let remote = convert::get(&remote, "__sceytKeysFor")?
                .is_function()
                .then_some(remote);
            let o = convert::options(&options, "options", &VERIFY_OPTIONS)?;
            let opts = Rc::new(verify_options(o.as_ref())?);
            let clock = Clock::from_options(o.as_ref(), true)?;
            let backend = backend_option(o.as_ref())?;
            Ok(JsTokenVerifier {
                keys,
                opts,
                clock,
                backend,
                remote,
            })
        })())
    }

    fn token_arg(&self, token: &JsValue) -> Result<String> {
        string_arg(token, "token", self.opts.max_token_length)
    }

    /// The keys to verify with now: the static ones, or a fetched set's current keys.
    fn current_keys(&self) -> Result<VerifyKeys> {
        match &self.remote {
            None => Ok(self.keys.clone()),
            Some(remote) => match handle_of(remote, "key")? {
                Handle::Set(set) => Ok(VerifyKeys::Set(set)),
                _ => Err(convert::invalid("the fetched key set returned no KeySet")),
            },
        }
    }

    /// Verifies synchronously: `node:crypto` checks the signature where the runtime has it (and
    /// `backend` is "auto" or "node"), else pure wasm. Returns `{ header, claims }`; throws
    /// `TokenError`.
    #[wasm_bindgen(js_name = verifySync, unchecked_return_type = "VerifiedToken")]
    pub fn verify_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    ) -> JsResult<JsValue> {
        js((|| {
            let t = self.token_arg(&token)?;
            let now = self.clock.now()?;
            let keys = self.current_keys()?;
            let primitive = native::sync_primitive(&keys, self.backend);
            let v =
                crate::decision::verify_with(keys.clone(), &t, now, &self.opts, primitive).result?;
            verified_json(&v.raw_header, &v.raw_claims)
        })())
    }

    /// Verifies, checking the signature with the runtime's crypto where it has it (the
    /// `backend` option chooses). The same decision as `verifySync`.
    #[wasm_bindgen(unchecked_return_type = "Promise<VerifiedToken>")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    ) -> js_sys::Promise {
        let prep = (|| Ok((self.token_arg(&token)?, self.clock.now()?)))();
        let (t, now) = match prep {
            Ok(x) => x,
            Err(e) => return js_sys::Promise::reject(&to_js(e)),
        };
        if let Some(remote) = &self.remote {
            return native::verify_remote(remote.clone(), t, self.opts.clone(), now, self.backend);
        }
        let o = &self.opts;
        match crate::decision::begin(
            self.keys.clone(),
            &t,
            o.algorithms.as_deref(),
            o.max_token_length,
            true,
        ) {
            Ok(p) => native::verify_pending(p, self.backend, native::Then::Claims(now, o.clone())),
            Err(e) => js_sys::Promise::reject(&to_js(e)),
        }
    }
}

/// Verifies any compact JWS, with native crypto where the runtime has it.
#[wasm_bindgen(js_name = verifyCompact, unchecked_return_type = "Promise<VerifiedCompact>")]
pub fn verify_compact(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyingKey | KeySet | SigningKey")] key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompactOptions")] options: JsValue,
) -> js_sys::Promise {
    let begun = compact_args(&jws, &key, &options).and_then(|a| {
        let p = crate::decision::begin(a.keys, &a.token, a.algorithms.as_deref(), a.max, false)?;
        Ok((p, a.backend))
    });
    match begun {
        Ok((p, backend)) => native::verify_pending(p, backend, native::Then::Compact),
        Err(e) => js_sys::Promise::reject(&to_js(e)),
    }
}

/// `{ header, claims }` built with `JSON.parse` from the texts that were already parsed strictly
/// in wasm (one call each, much cheaper than building the objects field by field).
pub(crate) fn verified_json(header: &str, claims: &str) -> Result<JsValue> {
    let parse = |t: &str| {
        js_sys::JSON::parse(t)
            .map_err(|_| Error::malformed("the JSON could not be parsed by the runtime"))
    };
    let out = Object::new();
    let _ = js_sys::Reflect::set(&out, &"header".into(), &parse(header)?);
    let _ = js_sys::Reflect::set(&out, &"claims".into(), &parse(claims)?);
    Ok(out.into())
}

fn verified_value(
    header: &serde_json::Map<String, serde_json::Value>,
    claims: &serde_json::Map<String, serde_json::Value>,
) -> Result<JsValue> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        header: &'a serde_json::Map<String, serde_json::Value>,
        claims: &'a serde_json::Map<String, serde_json::Value>,
    }
    convert::to_value(&Out { header, claims })
}

// ---------------------------------------------------------------------------------------------
// Functions

/// Verifies any compact JWS (payload need not be JSON) synchronously (`node:crypto` where the
/// runtime has it, else pure wasm). Returns `{ header, payload }`.
#[wasm_bindgen(js_name = verifyCompactSync, unchecked_return_type = "VerifiedCompact")]
pub fn verify_compact_sync(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyingKey | KeySet | SigningKey")] key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompactOptions")] options: JsValue,
) -> JsResult<JsValue> {
    js((|| {
        let a = compact_args(&jws, &key, &options)?;
        let primitive = native::sync_primitive(&a.keys, a.backend);
        let signed = crate::decision::begin(
            a.keys.clone(),
            &a.token,
            a.algorithms.as_deref(),
            a.max,
            false,
        )?
        .decide_with(primitive)?;
        let (header, payload) = signed.into_parts();
        compact_value(header.json(), &payload)
    })())
}

/// The arguments of `verifyCompact(Sync)`.
pub(crate) struct CompactArgs {
    token: String,
    keys: VerifyKeys,
    algorithms: Option<Vec<crate::Algorithm>>,
    max: usize,
    backend: native::Backend,
}

fn compact_args(jws: &JsValue, key: &JsValue, options: &JsValue) -> Result<CompactArgs> {
    let keys = VerifyKeys::from_handle(handle_of(key, "key")?);
    let o = convert::options(
        options,
        "options",
        &["algorithms", "maxTokenLength", "backend"],
    )?;
    let algorithms = get_opt(o.as_ref(), "algorithms")?
        .map(|a| convert::algorithms_arg(&a))
        .transpose()?;
    let max = max_token_length(o.as_ref())?;
    let backend = backend_option(o.as_ref())?;
    let token = string_arg(jws, "token", max)?;
    Ok(CompactArgs {
        token,
        keys,
        algorithms,
        max,
        backend,
    })
}

pub(crate) fn compact_value(
    header: &serde_json::Map<String, serde_json::Value>,
    payload: &[u8],
) -> Result<JsValue> {
    let out = Object::new();
    let _ = js_sys::Reflect::set(&out, &"header".into(), &convert::to_value(header)?);
    let _ = js_sys::Reflect::set(&out, &"payload".into(), &js_sys::Uint8Array::from(payload));
    Ok(out.into())
}

/// Decodes a token **without verifying it**: the result is untrusted. Throws only when the token
/// is not a well-formed JWT.
#[wasm_bindgen(js_name = decodeToken, unchecked_return_type = "DecodedToken")]
pub fn decode_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> JsResult<JsValue> {
    js((|| {
        let t = string_arg(&token, "token", jws::DEFAULT_MAX_TOKEN_LENGTH)?;
        let (h, c) = crate::verify::decode_unverified(&t, jws::DEFAULT_MAX_TOKEN_LENGTH)?;
        verified_value(&h, &c)
    })())
}

/// Seconds until the token expires (negative once expired), read **without verifying** it.
#[wasm_bindgen(js_name = tokenExpiresIn)]
pub fn token_expires_in(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ currentDate?: Date; clock?: () => number }")]
    options: JsValue,
) -> JsResult<f64> {
    js((|| {
        let t = string_arg(&token, "token", jws::DEFAULT_MAX_TOKEN_LENGTH)?;
        let o = convert::options(&options, "options", &["currentDate", "clock"])?;
        let now = Clock::from_options(o.as_ref(), true)?.now()?;
        let (_, c) = crate::verify::decode_unverified(&t, jws::DEFAULT_MAX_TOKEN_LENGTH)?;
        let exp = crate::claims::time_claim(&c, "exp")?.ok_or_else(|| {
            Error::claim(
                ErrorCode::ClaimInvalid,
                "exp",
                "missing",
                "the token has no \"exp\" claim",
            )
        })?;
        Ok((exp - now) as f64)
    })())
}

/// A key given to `inspectToken`: a key object, PEM text, JWK or JWKS (object or JSON text).
fn inspect_key(v: &JsValue) -> Result<VerifyKeys> {
    if v.is_string() {
        let text = string_arg(v, "option \"key\"", MAX_JWKS)?;
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') {
            let value = crate::json::parse_value(trimmed.as_bytes())
                .map_err(|e| Error::key_invalid(format!("the key JSON {e}")))?;
            return json_key(&value);
        }
        let k = keys::VerifyingKey::from_pem(&text, &KeyOptions::default())?;
        return Ok(VerifyKeys::One(Rc::new(VerifyingCell::new(k))));
    }
    if v.is_object() && convert::get(&Object::from(v.clone()), "__sceytHandle")?.is_function() {
        return Ok(VerifyKeys::from_handle(handle_of(v, "option \"key\"")?));
    }
    let value = convert::json_arg(v, "option \"key\"", MAX_JWKS)?;
    json_key(&value)
}

fn json_key(value: &serde_json::Value) -> Result<VerifyKeys> {
    if value.get("keys").is_some() {
        let set = keys::KeySet::from_jwks(value)?;
        return Ok(VerifyKeys::Set(Rc::new(SetCell::new(set))));
    }
    let k = keys::VerifyingKey::from_jwk(value, &KeyOptions::default())?;
    Ok(VerifyKeys::One(Rc::new(VerifyingCell::new(k))))
}

/// Checks a token and reports every check with a message a person can act on. Takes every
/// `TokenVerifier` option, and under them its verdict and code are those of `verifySync`.
/// Never throws for a bad token; throws `TokenError` only for bad options (including a bad `key`).
#[wasm_bindgen(js_name = inspectToken, unchecked_return_type = "InspectReport")]
pub fn inspect_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InspectOptions")] options: JsValue,
) -> JsResult<JsValue> {
    js((|| {
        let mut allowed = VERIFY_OPTIONS.to_vec();
        allowed.push("key");
        let o = convert::options(&options, "options", &allowed)?;
        let keys = get_opt(o.as_ref(), "key")?
            .map(|k| inspect_key(&k))
            .transpose()?;
        let vo = verify_options(o.as_ref())?;
        backend_option(o.as_ref())?;
        let now = Clock::from_options(o.as_ref(), true)?.now()?;
        let text = if token.is_string() {
            string_arg(&token, "token", MAX_TOKEN_HARD)?
        } else {
            return Err(convert::invalid(format!(
                "token must be a string, not {}",
                convert::type_name(&token)
            )));
        };
        let io = InspectOptions {
            keys: keys.as_ref().map(VerifyKeys::as_keys),
            verify: vo,
        };
        convert::to_value(&inspect::inspect(&text, now, &io))
    })())
}

/// Bytes of wasm linear memory in use by this instance (for the memory benchmark).
#[wasm_bindgen(js_name = "__wasmMemoryBytes", skip_typescript)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

/// The error codes this package throws, for `switch` statements and tests.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}

/// The algorithms this build supports.
#[wasm_bindgen(js_name = supportedAlgorithms, unchecked_return_type = "Algorithm[]")]
pub fn supported_algorithms() -> Vec<String> {
    crate::Algorithm::ALL
        .iter()
        .filter(|a| a.is_enabled())
        .map(|a| a.name().to_owned())
        .collect()
}
