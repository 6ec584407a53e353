//! [`VerifyingKey`]: a public key (or HMAC secret) with its declared algorithm and key id; its
//! imports (PEM, SPKI DER, JWK, raw secret), exports (SPKI PEM/DER, public JWK) and signature
//! checks. [`VerifyingKey::assemble`] is the one place where any key, signing keys included,
//! gets its algorithm and key id.

use core::fmt;
use std::sync::{Arc, OnceLock};

use super::key_rules::{check_algorithm, check_key_id, KidSource};
use super::material::{internal, PublicKey};
use super::{family, jwk, parse, pem, Algorithm, KeyKind, KeyOptions};
use super::{KeyBytes, KeyForm};
use crate::error::{Error, ErrorCode, Result};
use zeroize::Zeroizing;

/// A public key (or HMAC secret) that verifies signatures, with an optional declared algorithm
/// (a JWK's `alg`) and key id.
#[derive(Clone)]
pub struct VerifyingKey {
    public: Arc<dyn PublicKey>,
    alg: Option<Algorithm>,
    kid: Option<String>,
    /// What a primitive takes: the SPKI DER (or the HMAC secret), encoded on first use and
    /// shared by the key's clones, with its SHA-256 ([`VerifyingKey::fingerprint`]).
    bytes: Arc<OnceLock<Encoded>>,
}

/// A key's primitive bytes, their form and their SHA-256 (never printed).
type Encoded = (KeyForm, Zeroizing<Vec<u8>>, [u8; 32]);

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kind", &self.public.kind().name())
            .field("algorithm", &self.alg.map(Algorithm::name))
            .field("key_id", &self.kid)
            .finish()
    }
}

impl VerifyingKey {
    /// The algorithm and key id of a key: `opts.algorithm`, else `declared` (a JWK's `alg`, or
    /// a signing key's algorithm), checked against the key's kind; `opts.key_id`, else
    /// `jwk_kid`, else the RFC 7638 thumbprint (none for HMAC secrets).
    pub(super) fn assemble(
        public: Arc<dyn PublicKey>,
        opts: &KeyOptions,
        jwk_kid: Option<String>,
        declared: Option<Algorithm>,
    ) -> Result<Self> {
        let alg = opts.algorithm.or(declared);
        if let Some(a) = alg {
            check_algorithm(public.kind(), a)?;
        }
        if let Some(k) = &opts.key_id {
            check_key_id(k, KidSource::Option)?;
        }
        let kid = opts
            .key_id
            .clone()
            .or(jwk_kid)
            .or_else(|| public.thumbprint());
        Ok(Self {
            public,
            alg,
            kid,
            bytes: Arc::default(),
        })
    }

    /// Imports a public key from PEM: SPKI (`PUBLIC KEY`), PKCS#1 (`RSA PUBLIC KEY`), an X.509
    /// `CERTIFICATE` (its subject public key), or a private key PEM (its public half).
    pub fn from_pem(pem_text: &str, opts: &KeyOptions) -> Result<Self> {
        let block = pem::decode(pem_text)?;
        if parse::is_private_label(&block.label) {
            // A private key's public half, with the algorithm a SigningKey of it would declare.
            let (_, public) = parse::private_from_pem(&block)?;
            let alg = opts.algorithm.unwrap_or(public.kind().default_algorithm());
            return Self::assemble(public, opts, None, Some(alg));
        }
        Self::assemble(parse::public_from_pem(&block)?, opts, None, None)
    }

    /// Imports an SPKI DER public key.
    pub fn from_spki_der(der: &[u8], opts: &KeyOptions) -> Result<Self> {
        Self::assemble(parse::public_from_spki(der)?, opts, None, None)
    }

    /// Imports an HMAC secret for verification.
    pub fn from_secret(secret: &[u8], opts: &KeyOptions) -> Result<Self> {
        let (_, public) = family::hmac::import(secret, opts.algorithm)?;
        Self::assemble(public, opts, None, None)
    }

    /// Imports a JWK (public, private or `oct`), honouring `kty`, `crv`, `alg`, `use`, `key_ops`.
    pub fn from_jwk(json: &serde_json::Value, opts: &KeyOptions) -> Result<Self> {
        let parsed = jwk::parse(json, jwk::Usage::Verify)?;
        let public = jwk::public_material(&parsed.jwk, opts.algorithm.or(parsed.alg))?;
        Self::assemble(public, opts, parsed.kid, parsed.alg)
    }

    /// The declared algorithm, or the key kind's default.
    pub fn algorithm(&self) -> Algorithm {
        self.alg.unwrap_or(self.public.kind().default_algorithm())
    }
    /// Whether the algorithm was declared (by a JWK `alg`, an option, or a signing key).
    pub fn has_declared_algorithm(&self) -> bool {
        self.alg.is_some()
    }
    /// The key id, if any.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// The key kind.
    pub fn kind(&self) -> KeyKind {
        self.public.kind()
    }

    /// Whether this key can check a signature made with `alg` (same kind, and the declared
    /// algorithm if there is one).
    pub fn accepts(&self, alg: Algorithm) -> bool {
        alg.key_kind() == self.public.kind()
            && self.alg.is_none_or(|a| a == alg)
            && alg.is_enabled()
    }

    /// SPKI PEM of the public key. Refused for HMAC secrets.
    pub fn to_pem(&self) -> Result<String> {
        Ok(pem::encode("PUBLIC KEY", &self.public.spki_der()?))
    }

    /// The key as a primitive takes it (`crate::primitive`): SPKI DER, or the HMAC secret.
    pub fn bytes(&self) -> KeyBytes<'_> {
        let (form, der, _) = self.encoded();
        KeyBytes {
            kind: self.public.kind(),
            form: *form,
            der,
        }
    }

    /// The SHA-256 of [`VerifyingKey::bytes`]: what identifies the key material (the verified-token
    /// cache, [`crate::cache`], keeps it rather than the `kid`); computed once, never printed.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.encoded().2
    }

    fn encoded(&self) -> &Encoded {
        self.bytes.get_or_init(|| {
            use sha2::Digest;
            let (form, der) = self.public.primitive_bytes();
            let sha = sha2::Sha256::digest(der.as_slice()).into();
            (form, der, sha)
        })
    }

    /// SPKI DER (for native crypto). Refused for HMAC secrets.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        self.public.spki_der()
    }

    /// Public JWK with `kid`, `alg` and `use: "sig"`. Refused for HMAC secrets.
    pub fn to_jwk(&self) -> Result<serde_json::Value> {
        let Some(j) = self.public.jwk() else {
            return Err(Error::new(
                ErrorCode::KeyUsage,
                "an HMAC secret is not exported as a public JWK",
            ));
        };
        let mut v = serde_json::to_value(&j).map_err(internal)?;
        if let Some(obj) = v.as_object_mut() {
            if let Some(k) = &self.kid {
                obj.insert("kid".into(), k.clone().into());
            }
            obj.insert("alg".into(), self.algorithm().name().into());
            obj.insert("use".into(), "sig".into());
        }
        Ok(v)
    }

    /// The length in bytes of a signature made with `alg` (`alg` must be of this key's kind).
    pub(crate) fn signature_len(&self, alg: Algorithm) -> usize {
        self.public.signature_len(alg)
    }

    /// Length and range checks a signature must pass before any arithmetic: RSA signatures as
    /// long as the modulus, ECDSA `r` and `s` in `1..n` (CVE-2022-21449), fixed lengths otherwise.
    pub fn signature_shape_ok(&self, alg: Algorithm, signature: &[u8]) -> bool {
        self.accepts(alg) && self.public.signature_shape_ok(alg, signature)
    }

    /// Verifies `signature` over `message` with `alg` through the pure-Rust primitive. The caller
    /// has already checked that the key accepts `alg`; wrong-shape signatures are refused before
    /// any arithmetic. An `Err` only when the arithmetic is not available.
    pub fn verify_signature(
        &self,
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool> {
        if !self.signature_shape_ok(alg, signature) {
            return Ok(false);
        }
        super::pure::verify_bytes(&super::VerifyInput {
            key: self.bytes(),
            alg,
            message,
            signature,
        })
    }
}
