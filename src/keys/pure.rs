//! The pure-Rust primitive over bytes (`crate::primitive::Pure`): HMAC here, in the core, and the
//! RSA, ECDSA and Ed25519 arithmetic in the crypto crate (`crypto/`, `sceyt-token-crypto`),
//! reached through [`Arithmetic`]: the crate linked in (the `linked-crypto` feature: native builds
//! and the wasm-bindgen test build), or the crypto wasm module that the binding layer loads and
//! registers with [`set_arithmetic`] (the npm package's core module, which does not contain it).

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use sceyt_token_crypto::{Alg, Form};
use zeroize::Zeroizing;

use super::{family, Algorithm, KeyForm, KeyKind, SignInput, VerifyInput};
use crate::error::{Error, ErrorCode, Result};

/// Where the RSA, ECDSA and Ed25519 arithmetic runs: bytes in, bytes out, as the crypto crate's
/// functions of the same names (a `false` or `None` answer means the bytes did not load as a key
/// of the algorithm's family). An `Err` says the arithmetic itself is not available (the crypto
/// module is not loaded, or could not be), never anything about the key or signature.
pub trait Arithmetic: Sync {
    /// `sceyt_token_crypto::verify`.
    fn verify(&self, alg: Alg, form: Form, der: &[u8], msg: &[u8], sig: &[u8]) -> Result<bool>;
    /// `sceyt_token_crypto::sign`.
    fn sign(&self, alg: Alg, der: &[u8], msg: &[u8], seed: [u8; 32]) -> Result<Option<Vec<u8>>>;
    /// `sceyt_token_crypto::generate_rsa`.
    fn generate_rsa(&self, bits: usize, seed: [u8; 32]) -> Result<Option<Zeroizing<Vec<u8>>>>;
    /// `sceyt_token_crypto::ed25519_public`.
    fn ed25519_public(&self, seed: &[u8; 32]) -> Result<Option<[u8; 32]>>;
    /// Whether the arithmetic can answer now without loading anything.
    fn loaded(&self) -> bool {
        true
    }
    /// Loads what the arithmetic needs (the async paths wait for it instead of failing).
    fn load(&self) -> Pin<Box<dyn Future<Output = Result<()>>>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

/// The crypto crate, linked in.
#[cfg(feature = "linked-crypto")]
struct Linked;

#[cfg(feature = "linked-crypto")]
impl Arithmetic for Linked {
    fn verify(&self, alg: Alg, form: Form, der: &[u8], msg: &[u8], sig: &[u8]) -> Result<bool> {
        Ok(sceyt_token_crypto::verify(alg, form, der, msg, sig))
    }
    fn sign(&self, alg: Alg, der: &[u8], msg: &[u8], seed: [u8; 32]) -> Result<Option<Vec<u8>>> {
        Ok(sceyt_token_crypto::sign(alg, der, msg, seed))
    }
    fn generate_rsa(&self, bits: usize, seed: [u8; 32]) -> Result<Option<Zeroizing<Vec<u8>>>> {
        Ok(sceyt_token_crypto::generate_rsa(bits, seed))
    }
    fn ed25519_public(&self, seed: &[u8; 32]) -> Result<Option<[u8; 32]>> {
        Ok(sceyt_token_crypto::ed25519_public(seed))
    }
}

static REGISTERED: OnceLock<&'static dyn Arithmetic> = OnceLock::new();

/// Registers the arithmetic of a build without the linked crypto crate (the binding layer's
/// bridge to the crypto wasm module). The first registration stands.
pub fn set_arithmetic(arithmetic: &'static dyn Arithmetic) {
    let _ = REGISTERED.set(arithmetic);
}

/// The arithmetic: the linked crate, else the registered one.
pub fn arithmetic() -> Result<&'static dyn Arithmetic> {
    #[cfg(feature = "linked-crypto")]
    {
        Ok(REGISTERED.get().copied().unwrap_or(&Linked))
    }
    #[cfg(not(feature = "linked-crypto"))]
    {
        REGISTERED.get().copied().ok_or_else(|| {
            Error::new(
                ErrorCode::RuntimeUnsupported,
                "this build of sceyt-token has no RSA, ECDSA or Ed25519 arithmetic: its crypto module is not registered",
            )
        })
    }
}

/// The crypto crate's code of an asymmetric algorithm (`None` for HMAC).
fn code(alg: Algorithm) -> Option<Alg> {
    Some(match alg {
        Algorithm::Rs256 => Alg::Rs256,
        Algorithm::Rs384 => Alg::Rs384,
        Algorithm::Rs512 => Alg::Rs512,
        Algorithm::Ps256 => Alg::Ps256,
        Algorithm::Ps384 => Alg::Ps384,
        Algorithm::Ps512 => Alg::Ps512,
        Algorithm::Es256 => Alg::Es256,
        Algorithm::EdDsa => Alg::EdDsa,
        Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => return None,
    })
}

/// Whether verifying or signing with `alg` needs the [`Arithmetic`] (every algorithm but HMAC).
pub fn needs_arithmetic(alg: Algorithm) -> bool {
    code(alg).is_some()
}

/// The pure-Rust verify primitive over bytes: HMAC here, the rest by the [`Arithmetic`]. A key of
/// another kind than the algorithm's, or bytes that do not load, answer `false`.
pub(crate) fn verify_bytes(input: &VerifyInput<'_>) -> Result<bool> {
    if input.key.kind != input.alg.key_kind() {
        return Ok(false);
    }
    let form = match input.key.form {
        KeyForm::Secret => {
            return Ok(input.alg.key_kind() == KeyKind::Hmac
                && family::hmac::verify_raw(
                    input.key.der,
                    input.alg,
                    input.message,
                    input.signature,
                ))
        }
        KeyForm::Spki => Form::Spki,
        KeyForm::Pkcs8 => Form::Pkcs8,
    };
    let Some(alg) = code(input.alg) else {
        return Ok(false);
    };
    arithmetic()?.verify(alg, form, input.key.der, input.message, input.signature)
}

/// The pure-Rust sign primitive over bytes: HMAC here, the rest by the [`Arithmetic`], with
/// randomness from the runtime (RSA blinding, PSS salts).
pub(crate) fn sign_bytes(input: &SignInput<'_>) -> Result<Vec<u8>> {
    let der = input.key.der;
    match input.key.form {
        KeyForm::Secret => return family::hmac::sign_raw(der, input.alg, input.message),
        KeyForm::Spki => return Err(Error::new(ErrorCode::KeyUsage, "a public key cannot sign")),
        KeyForm::Pkcs8 => {}
    }
    let alg = code(input.alg).filter(|_| input.key.kind == input.alg.key_kind());
    let Some(alg) = alg else {
        return Err(Error::new(
            ErrorCode::KeyUsage,
            format!("this key does not sign {}", input.alg),
        ));
    };
    let arithmetic = arithmetic()?;
    let seed = super::material::runtime_seed()?;
    arithmetic
        .sign(alg, der, input.message, *seed)?
        .ok_or_else(|| Error::key_invalid(format!("{} signing failed", input.alg)))
}

/// A new RSA key of `bits` bits as PKCS#8 DER, from the [`Arithmetic`] (prime generation is not
/// in the core), its generator seeded with `seed`.
#[cfg(feature = "rsa")]
pub(crate) fn generate_rsa(bits: usize, seed: [u8; 32]) -> Result<Zeroizing<Vec<u8>>> {
    arithmetic()?
        .generate_rsa(bits, seed)?
        .ok_or_else(|| Error::new(ErrorCode::RuntimeUnsupported, "RSA key generation failed"))
}
