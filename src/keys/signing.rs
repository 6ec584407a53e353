//! [`SigningKey`]: a private key (or HMAC secret) and the [`VerifyingKey`] of its public half,
//! which carries its algorithm and key id; its imports (PEM, PKCS#8 DER, JWK, raw secret),
//! generation, PKCS#8 export and signing.

use core::fmt;
use std::sync::{Arc, OnceLock};

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use super::key_rules::check_algorithm;
use super::material::{Pair, PrivateKey};
use super::pem::Block;
use super::{family, jwk, parse, pem, Algorithm, KeyKind, KeyOptions, VerifyingKey};
use super::{KeyBytes, KeyForm, SignInput};
use crate::error::{Error, Result};

/// A private key (or HMAC secret) with its algorithm and key id. Zeroized on drop; `Debug`
/// shows only the algorithm and key id.
#[derive(Clone)]
pub struct SigningKey {
    secret: Arc<dyn PrivateKey>,
    /// The public half, with the algorithm (always declared) and key id.
    public: VerifyingKey,
    /// What a primitive takes: the PKCS#8 DER (or the HMAC secret), encoded on first use and
    /// shared by the key's clones.
    bytes: Arc<OnceLock<(KeyForm, Zeroizing<Vec<u8>>)>>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm().name())
            .field("key_id", &self.key_id())
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl SigningKey {
    /// A signing key's algorithm is always declared: `opts.algorithm`, else `declared` (a JWK's
    /// `alg`), else the kind's default; [`VerifyingKey::assemble`] does the rest.
    fn assemble(
        (secret, public): Pair,
        opts: &KeyOptions,
        jwk_kid: Option<String>,
        declared: Option<Algorithm>,
    ) -> Result<Self> {
        let alg = opts
            .algorithm
            .or(declared)
            .unwrap_or(public.kind().default_algorithm());
        let public = VerifyingKey::assemble(public, opts, jwk_kid, Some(alg))?;
        Ok(Self {
            secret,
            public,
            bytes: Arc::default(),
        })
    }

    /// Imports a private key from PEM: PKCS#8 (`PRIVATE KEY`: RSA, P-256, Ed25519), PKCS#1
    /// (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`). Tolerates escaped newlines, CRLF,
    /// whitespace and quotes.
    pub fn from_pem(pem_text: &str, opts: &KeyOptions) -> Result<Self> {
        Self::from_block(&pem::decode(pem_text)?, opts)
    }

    /// A decoded private key PEM block.
    pub(super) fn from_block(block: &Block, opts: &KeyOptions) -> Result<Self> {
        Self::assemble(parse::private_from_pem(block)?, opts, None, None)
    }

    /// Imports a PKCS#8 DER private key.
    pub fn from_pkcs8_der(der: &[u8], opts: &KeyOptions) -> Result<Self> {
        Self::assemble(parse::private_from_pkcs8(der)?, opts, None, None)
    }

    /// Imports an HMAC secret for `alg` (HS256 by default). The secret must be at least as
    /// long as the hash output, and must not be PEM text (algorithm-confusion guard).
    pub fn from_secret(secret: &[u8], opts: &KeyOptions) -> Result<Self> {
        Self::assemble(
            family::hmac::import(secret, opts.algorithm)?,
            opts,
            None,
            None,
        )
    }

    /// Imports a private JWK (RSA with `d`, `p`, `q`; EC P-256 or OKP Ed25519 with `d`; `oct`).
    pub fn from_jwk(json: &serde_json::Value, opts: &KeyOptions) -> Result<Self> {
        let parsed = jwk::parse(json, jwk::Usage::Sign)?;
        let pair = jwk::secret_material(&parsed.jwk, opts.algorithm.or(parsed.alg))?;
        Self::assemble(pair, opts, parsed.kid, parsed.alg)
    }

    /// Generates a key for `alg` with the given random source.
    pub fn generate<R: RngCore + CryptoRng>(
        alg: Algorithm,
        rng: &mut R,
        opts: &KeyOptions,
    ) -> Result<Self> {
        check_algorithm(alg.key_kind(), alg)?;
        let pair: Pair = match alg.key_kind() {
            #[cfg(feature = "rsa")]
            KeyKind::Rsa => {
                let mut seed = Zeroizing::new([0u8; 32]);
                rng.fill_bytes(&mut seed[..]);
                parse::private_from_pkcs8(&super::pure::generate_rsa(super::MIN_RSA_BITS, *seed)?)?
            }
            #[cfg(feature = "ecdsa")]
            KeyKind::P256 => family::p256::generate(rng),
            #[cfg(feature = "eddsa")]
            KeyKind::Ed25519 => family::ed25519::generate(rng)?,
            KeyKind::Hmac => family::hmac::generate(alg, rng),
            #[allow(unreachable_patterns)] // reachable when a family is left out of the build
            _ => {
                return Err(Error::key_unsupported(format!(
                    "algorithm {alg} is not included in this build"
                )))
            }
        };
        let opts = KeyOptions {
            algorithm: Some(alg),
            key_id: opts.key_id.clone(),
        };
        Self::assemble(pair, &opts, None, None)
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.public.algorithm()
    }
    /// The key id (`kid`), if any.
    pub fn key_id(&self) -> Option<&str> {
        self.public.key_id()
    }
    /// The key kind.
    pub fn kind(&self) -> KeyKind {
        self.public.kind()
    }

    /// The length in bytes of this key's signatures.
    pub(crate) fn signature_len(&self) -> usize {
        self.public.signature_len(self.algorithm())
    }

    /// The public half (for HMAC: the same secret), with the same algorithm and key id.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.public.clone()
    }

    /// PKCS#8 PEM of the private key. Refused for HMAC secrets.
    pub fn to_pem(&self) -> Result<Zeroizing<String>> {
        Ok(Zeroizing::new(pem::encode(
            "PRIVATE KEY",
            &self.to_pkcs8_der()?,
        )))
    }

    /// PKCS#8 DER of the private key (for `toPem` and native crypto). Refused for HMAC secrets.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.secret.pkcs8_der()
    }

    /// What a sign primitive takes to sign `message` with this key (`crate::primitive`).
    pub fn sign_input<'a>(&'a self, message: &'a [u8]) -> SignInput<'a> {
        let (form, der) = self.bytes.get_or_init(|| self.secret.primitive_bytes());
        SignInput {
            key: KeyBytes {
                kind: self.kind(),
                form: *form,
                der,
            },
            alg: self.algorithm(),
            message,
        }
    }

    /// Signs `message` with this key's algorithm through the pure-Rust primitive (RSA with
    /// blinding randomness drawn from the runtime, Ed25519 deterministically).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        super::pure::sign_bytes(&self.sign_input(message))
    }
}
