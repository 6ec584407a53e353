//! The algorithm families, one module each, behind the two traits of
//! [`super::material`]: RSA (RS*/PS*), P-256 (ES256), Ed25519 (EdDSA) and HMAC (HS*). Each
//! module owns its family's imports (DER, JWK, raw), generation, signing, verification and
//! signature shape; the asymmetric ones compile only with their cargo feature.

#[cfg(feature = "eddsa")]
pub(crate) mod ed25519;
pub(crate) mod hmac;
#[cfg(feature = "ecdsa")]
pub(crate) mod p256;
#[cfg(feature = "rsa")]
pub(crate) mod rsa;
