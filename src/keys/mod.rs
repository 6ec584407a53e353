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

pub use alg::{Algorithm, KeyKind};
pub use checks::{MAX_RSA_BITS, MIN_RSA_BITS};
pub use material::runtime_rng;
pub use set::KeySet;
pub use signing::SigningKey;
pub use verifying::VerifyingKey;

/// Options common to key constructors.
#[derive(Debug, Clone, Default)]
pub struct KeyOptions {
    /// Algorithm override within the key's kind (e.g. PS256 for an RSA key).
    pub algorithm: Option<Algorithm>,
    /// `kid` to use instead of the default (RFC 7638 thumbprint for asymmetric keys).
    pub key_id: Option<String>,
}
