//! The bytes a primitive takes ([`crate::primitive`]): a key's validated DER or HMAC secret,
//! encoded once at import, and the verify and sign inputs built around it. Defined here, with the
//! keys they come from, so that the key modules need nothing from the primitive interface.

use super::{Algorithm, KeyKind};

/// How a key's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyForm {
    /// A DER `SubjectPublicKeyInfo` (a public key).
    Spki,
    /// A DER PKCS#8 `PrivateKeyInfo` (a private key).
    Pkcs8,
    /// The raw shared secret of an HMAC key.
    Secret,
}

/// A key as a primitive takes it: bytes that an import already validated (every key rule ran
/// then), their encoding and the key's kind. Never printed: `Debug` names the form and kind only.
#[derive(Clone, Copy)]
pub struct KeyBytes<'a> {
    /// The key's family.
    pub kind: KeyKind,
    /// The encoding of `der`.
    pub form: KeyForm,
    /// The bytes.
    pub der: &'a [u8],
}

impl core::fmt::Debug for KeyBytes<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyBytes")
            .field("kind", &self.kind)
            .field("form", &self.form)
            .field("len", &self.der.len())
            .finish()
    }
}

/// One signature to check: a verify primitive's whole input.
#[derive(Debug, Clone, Copy)]
pub struct VerifyInput<'a> {
    /// The candidate key.
    pub key: KeyBytes<'a>,
    /// The resolved algorithm (decides the hash; never re-read from a header).
    pub alg: Algorithm,
    /// The signing input (`header.payload` as signed).
    pub message: &'a [u8],
    /// The decoded signature.
    pub signature: &'a [u8],
}

/// One signature to make: a sign primitive's whole input.
#[derive(Debug, Clone, Copy)]
pub struct SignInput<'a> {
    /// The private key (PKCS#8) or HMAC secret.
    pub key: KeyBytes<'a>,
    /// The key's algorithm.
    pub alg: Algorithm,
    /// The signing input.
    pub message: &'a [u8],
}
