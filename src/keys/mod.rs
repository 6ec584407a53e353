//! Keys: [`SigningKey`] (private key or HMAC secret) and [`VerifyingKey`] (public key or HMAC
//! secret), their import from PEM, DER, JWK and raw secrets, and their export. This module only
//! wires the parts together and holds [`KeyOptions`]; each job has its own file: `material`
//! (the family traits), `parse` (DER/PEM containers), `jwk`, `pem`, `checks` (size, secret,
//! algorithm and key id rules), `signing`, `verifying`, `set` (JWKS) and `family/` (RSA,
//! P-256, Ed25519, HMAC).
//!
//! The algorithm follows from the key: a caller may pick among the algorithms of the key's
//! kind (RS256 → PS512 for RSA) but can never make a header claim an algorithm the key does
//! not sign with.

mod alg;
mod checks;
mod family;
pub mod jwk;
mod material;
mod parse;
pub mod pem;
mod set;
mod signing;
pub mod text;
mod verifying;

pub use alg::{Algorithm, KeyKind, NativeParams};
pub use checks::{MAX_RSA_BITS, MIN_RSA_BITS};
pub use material::runtime_rng;
pub use set::KeySet;
pub use signing::SigningKey;
pub use verifying::VerifyingKey;

/// The pure-Rust verify primitive over bytes (`crate::primitive::Pure`): the key parsed from its
/// bytes, then the family's shape check and arithmetic. Bytes that do not load answer `false`.
pub(crate) fn verify_bytes(input: &crate::primitive::VerifyInput<'_>) -> bool {
    use crate::primitive::KeyForm;
    let der = input.key.der;
    let public = match input.key.form {
        KeyForm::Spki => parse::public_from_spki(der),
        KeyForm::Pkcs8 => parse::private_from_pkcs8(der).map(|p| p.1),
        KeyForm::Secret => {
            return input.alg.key_kind() == KeyKind::Hmac
                && family::hmac::verify_raw(der, input.alg, input.message, input.signature)
        }
    };
    public.is_ok_and(|k| {
        k.kind() == input.alg.key_kind()
            && k.signature_shape_ok(input.alg, input.signature)
            && k.verify(input.alg, input.message, input.signature)
    })
}

/// The pure-Rust sign primitive over bytes: the private key parsed from its bytes, then signed.
pub(crate) fn sign_bytes(input: &crate::primitive::SignInput<'_>) -> crate::error::Result<Vec<u8>> {
    use crate::primitive::KeyForm;
    let der = input.key.der;
    let (secret, _) = match input.key.form {
        KeyForm::Pkcs8 => parse::private_from_pkcs8(der)?,
        KeyForm::Secret => return Ok(family::hmac::sign_raw(der, input.alg, input.message)),
        KeyForm::Spki => {
            return Err(crate::error::Error::new(
                crate::error::ErrorCode::KeyUsage,
                "a public key cannot sign",
            ))
        }
    };
    secret.sign(input.alg, input.message)
}

/// Options common to key constructors.
#[derive(Debug, Clone, Default)]
pub struct KeyOptions {
    /// Algorithm override within the key's kind (e.g. PS256 for an RSA key).
    pub algorithm: Option<Algorithm>,
    /// `kid` to use instead of the default (RFC 7638 thumbprint for asymmetric keys).
    pub key_id: Option<String>,
}
