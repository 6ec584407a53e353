//! Keys: [`SigningKey`] (private key or HMAC secret) and [`VerifyingKey`] (public key or HMAC
//! secret), their import from PEM, DER, JWK and raw secrets, and their export. This module only
//! wires the parts together and holds [`KeyOptions`]; each job has its own file: `material`
//! (the family traits), `parse` (DER/PEM containers), `jwk`, `pem`, `key_rules` (size, secret,
//! algorithm and key id rules), `signing`, `verifying`, `set` (JWKS) and `family/` (RSA,
//! P-256, Ed25519, HMAC).
//!
//! The algorithm follows from the key: a caller may pick among the algorithms of the key's
//! kind (RS256 → PS512 for RSA) but can never make a header claim an algorithm the key does
//! not sign with.

mod alg;
#[cfg(feature = "rsa")]
mod bignum;
mod bytes;
mod family;
pub mod jwk;
mod key_options;
mod key_rules;
mod material;
mod parse;
pub mod pem;
mod pure;
mod set;
mod signing;
pub mod text;
mod verifying;

pub use alg::{Algorithm, KeyKind, NativeParams};
pub use bytes::{KeyBytes, KeyForm, SignInput, VerifyInput};
pub use key_options::KeyOptions;
pub use key_rules::{MAX_RSA_BITS, MIN_RSA_BITS};
pub use material::runtime_rng;
pub use pure::{arithmetic, needs_arithmetic, set_arithmetic, Arithmetic};
pub(crate) use pure::{sign_bytes, verify_bytes};
pub use set::KeySet;
pub use signing::SigningKey;
pub use verifying::VerifyingKey;
