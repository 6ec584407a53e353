//! The primitive interface: what signs bytes, or answers whether a signature verifies. Every
//! backend is a leaf behind it — the pure-Rust one here ([`Pure`]), `node:crypto` and WebCrypto in
//! the binding layer — and takes bytes only: the key as validated DER (or an HMAC secret), the
//! algorithm, the signing input and the signature. A leaf never selects keys, never chooses the
//! algorithm and never reads claims: the drivers do ([`crate::decision`] for verification,
//! [`sign`] / [`sign_async`] for signing). A leaf that imports the bytes into a native object
//! (a `KeyObject`, a `CryptoKey`) keeps it in `handles`, the store the calling key owns and drops
//! with itself.
//!
//! A leaf answers now ([`Primitive`]) or later ([`AsyncPrimitive`]). A `false` is final whoever
//! says it; only [`Answer::Failed`] (the leaf threw, or refused the key) makes the driver ask
//! [`Pure`] instead, with the same bytes and without parsing the token again.

use std::future::Future;

use crate::error::Result;
use crate::keys::{self, SigningKey};
pub use crate::keys::{KeyBytes, KeyForm, SignInput, VerifyInput};

/// What a verify primitive answered for one candidate key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The signature verifies with this key.
    Valid,
    /// It does not. Final, whoever answered.
    Invalid,
    /// The primitive could not answer (it threw, or refused the key): the driver asks [`Pure`].
    Failed,
}

impl From<bool> for Answer {
    fn from(b: bool) -> Self {
        if b {
            Answer::Valid
        } else {
            Answer::Invalid
        }
    }
}

/// A primitive that answers now. `H` is the per-key store of the leaf's imported handles.
pub trait Primitive<H: ?Sized> {
    /// Whether the signature verifies with the key.
    fn verify(&self, handles: &H, input: &VerifyInput<'_>) -> Answer;
    /// The signature, or `None` when the leaf could not sign (the driver asks [`Pure`]).
    fn sign(&self, handles: &H, input: &SignInput<'_>) -> Option<Vec<u8>>;
}

/// A primitive that answers later (WebCrypto's promises). Same contract as [`Primitive`].
pub trait AsyncPrimitive<H: ?Sized> {
    /// Whether the signature verifies with the key.
    fn verify(&self, handles: &H, input: &VerifyInput<'_>) -> impl Future<Output = Answer>;
    /// The signature, or `None` when the leaf could not sign.
    fn sign(&self, handles: &H, input: &SignInput<'_>) -> impl Future<Output = Option<Vec<u8>>>;
}

/// The pure-Rust primitive (the wasm backend of the npm package): parses the bytes and computes.
/// It keeps no handle, so it takes any store.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pure;

impl Pure {
    /// [`Primitive::verify`] without a store; an `Err` only when the arithmetic is not available
    /// (the crypto module is not loaded).
    pub fn check(input: &VerifyInput<'_>) -> Result<bool> {
        keys::verify_bytes(input)
    }
    /// [`Primitive::sign`] without a store, with the parse error when the bytes do not load.
    pub fn make(input: &SignInput<'_>) -> Result<Vec<u8>> {
        keys::sign_bytes(input)
    }
}

impl<H: ?Sized> Primitive<H> for Pure {
    /// An arithmetic that is not available answers `Failed`: the driver then asks
    /// [`Pure::check`] itself and returns its error.
    fn verify(&self, _: &H, input: &VerifyInput<'_>) -> Answer {
        Pure::check(input).map_or(Answer::Failed, Answer::from)
    }
    fn sign(&self, _: &H, input: &SignInput<'_>) -> Option<Vec<u8>> {
        Pure::make(input).ok()
    }
}

/// The signing driver with a primitive that answers now: the leaf's signature (over the key's
/// bytes), else the key's own pure-Rust signer (the key as its import parsed it).
pub fn sign<H: ?Sized>(
    leaf: &impl Primitive<H>,
    handles: &H,
    key: &SigningKey,
    message: &[u8],
) -> Result<Vec<u8>> {
    match leaf.sign(handles, &key.sign_input(message)) {
        Some(sig) => Ok(sig),
        None => key.sign(message),
    }
}

/// The signing driver with a primitive that answers later: the leaf's signature, else the key's
/// own pure-Rust signer.
pub async fn sign_async<H: ?Sized>(
    leaf: &impl AsyncPrimitive<H>,
    handles: &H,
    key: &SigningKey,
    message: &[u8],
) -> Result<Vec<u8>> {
    match leaf.sign(handles, &key.sign_input(message)).await {
        Some(sig) => Ok(sig),
        None => key.sign(message),
    }
}
