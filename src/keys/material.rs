//! Key material: the two traits every algorithm family implements ([`PublicKey`] for the half
//! that verifies and is exported, [`PrivateKey`] for the half that signs), the pair a private
//! import yields, and the runtime random source that signing and key generation draw from.
//! Nothing outside `src/keys/` sees these traits: [`super::SigningKey`] and
//! [`super::VerifyingKey`] hold them and add the algorithm and key id.

use std::sync::Arc;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwt_compact::jwk::JsonWebKey;
use rand_core::SeedableRng;
use zeroize::Zeroizing;

use super::KeyForm;
use super::{Algorithm, KeyKind};
use crate::error::{Error, ErrorCode, Result};

/// The public half of a key (for HMAC: the shared secret), one implementation per family.
pub(crate) trait PublicKey: Send + Sync {
    /// The family.
    fn kind(&self) -> KeyKind;
    /// The length in bytes of a signature made with `alg` (an algorithm of this family).
    fn signature_len(&self, alg: Algorithm) -> usize;
    /// Length and range checks a signature made with `alg` must pass before any arithmetic:
    /// its length, and whatever a family adds.
    fn signature_shape_ok(&self, alg: Algorithm, signature: &[u8]) -> bool {
        signature.len() == self.signature_len(alg)
    }
    /// The jwt-compact JWK, for thumbprints and export; `None` for HMAC secrets.
    fn jwk(&self) -> Option<JsonWebKey<'_>>;
    /// SubjectPublicKeyInfo DER; refused for HMAC secrets.
    fn spki_der(&self) -> Result<Vec<u8>>;
    /// What a primitive takes (`crate::primitive::KeyBytes`): SPKI DER, or an HMAC secret.
    fn primitive_bytes(&self) -> (KeyForm, Zeroizing<Vec<u8>>) {
        (
            KeyForm::Spki,
            Zeroizing::new(self.spki_der().unwrap_or_default()),
        )
    }

    /// RFC 7638 thumbprint (SHA-256, base64url); `None` for HMAC secrets, whose thumbprint
    /// would publish a hash of the secret.
    fn thumbprint(&self) -> Option<String> {
        let jwk = self.jwk()?;
        Some(Base64UrlUnpadded::encode_string(
            &jwk.thumbprint::<sha2::Sha256>(),
        ))
    }
}

/// The private half of a key (for HMAC: the shared secret), one implementation per family.
/// Each implementation's inner key zeroizes itself on drop.
pub(crate) trait PrivateKey: Send + Sync {
    /// PKCS#8 DER; refused for HMAC secrets.
    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>>;
    /// What a primitive takes (`crate::primitive::KeyBytes`): PKCS#8 DER, or an HMAC secret.
    fn primitive_bytes(&self) -> (KeyForm, Zeroizing<Vec<u8>>) {
        (KeyForm::Pkcs8, self.pkcs8_der().unwrap_or_default())
    }
}

/// What a private-key import yields: the private half and its public half.
pub(crate) type Pair = (Arc<dyn PrivateKey>, Arc<dyn PublicKey>);

/// Encoding one of our own keys failed (never expected). The encoder's own text is not quoted:
/// no message carries more than its code and a fixed sentence about key material.
pub(crate) fn internal<E>(_: E) -> Error {
    Error::key_invalid("key encoding failed")
}

/// A JWK whose members do not make a valid key of its type (the converter's own text is not
/// quoted: it can carry member values).
#[allow(dead_code)] // unused when only `hmac` is enabled
pub(crate) fn invalid_jwk(what: &str) -> Error {
    Error::key_invalid(format!("invalid {what} JWK"))
}

/// A ChaCha20 generator seeded once from the runtime's random source.
pub fn runtime_rng() -> Result<rand_chacha::ChaCha20Rng> {
    Ok(rand_chacha::ChaCha20Rng::from_seed(*runtime_seed()?))
}

/// 32 bytes from the runtime's random source (a generator's seed; the crypto module's input).
pub(crate) fn runtime_seed() -> Result<Zeroizing<[u8; 32]>> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(&mut seed[..]).map_err(|_| {
        Error::new(
            ErrorCode::RuntimeUnsupported,
            "the runtime refused to provide random numbers (crypto.getRandomValues); in Cloudflare Workers, sign inside a request handler, not at global scope",
        )
    })?;
    Ok(seed)
}
