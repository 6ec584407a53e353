//! HMAC (HS256, HS384, HS512): the shared secret is both halves of the key. Import (after the
//! length and PEM checks of [`crate::keys::key_rules::check_hmac_secret`]), generation, signing
//! and verification through jwt-compact. Compiled in every build, so that an `oct` JWK gets the
//! "not included in this build" error rather than an unknown key type.

use std::sync::Arc;

use jwt_compact::alg::{Hs256, Hs256Key, Hs384, Hs384Key, Hs512, Hs512Key};
use jwt_compact::jwk::JsonWebKey;
use jwt_compact::{Algorithm as _, AlgorithmSignature as _};
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};
use crate::keys::key_rules::check_hmac_secret;
use crate::keys::material::{Pair, PrivateKey, PublicKey};
use crate::keys::KeyForm;
use crate::keys::{Algorithm, KeyKind};

/// An HMAC secret, zeroized on drop.
pub(crate) struct HmacSecret(Zeroizing<Vec<u8>>);

impl PublicKey for HmacSecret {
    fn kind(&self) -> KeyKind {
        KeyKind::Hmac
    }

    /// As long as the hash output.
    fn signature_len(&self, alg: Algorithm) -> usize {
        alg.hash_len()
    }

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        None
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        Err(Error::new(
            ErrorCode::KeyUsage,
            "an HMAC secret has no public key to export",
        ))
    }

    fn primitive_bytes(&self) -> (KeyForm, Zeroizing<Vec<u8>>) {
        (KeyForm::Secret, self.0.clone())
    }
}

impl PrivateKey for HmacSecret {
    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        Err(Error::new(
            ErrorCode::KeyUsage,
            "an HMAC secret has no PEM form",
        ))
    }

    fn primitive_bytes(&self) -> (KeyForm, Zeroizing<Vec<u8>>) {
        (KeyForm::Secret, self.0.clone())
    }
}

/// HMAC verification with `key` (a secret an import already checked).
pub(crate) fn verify_raw(key: &[u8], alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
    // jwt-compact's `try_from_slice` panics on a wrong length: never reach it with one.
    if signature.len() != alg.hash_len() {
        return false;
    }
    match alg {
        Algorithm::Hs384 => jwt_compact::alg::Hs384Signature::try_from_slice(signature)
            .is_ok_and(|s| Hs384.verify_signature(&s, &Hs384Key::new(key), message)),
        Algorithm::Hs512 => jwt_compact::alg::Hs512Signature::try_from_slice(signature)
            .is_ok_and(|s| Hs512.verify_signature(&s, &Hs512Key::new(key), message)),
        Algorithm::Hs256 => jwt_compact::alg::Hs256Signature::try_from_slice(signature)
            .is_ok_and(|s| Hs256.verify_signature(&s, &Hs256Key::new(key), message)),
        // Another family's algorithm: refused, never mapped to one of the above.
        _ => false,
    }
}

/// An HMAC signature with `key` (a secret an import already checked).
pub(crate) fn sign_raw(key: &[u8], alg: Algorithm, message: &[u8]) -> Result<Vec<u8>> {
    Ok(match alg {
        Algorithm::Hs256 => Hs256
            .sign(&Hs256Key::new(key), message)
            .as_bytes()
            .into_owned(),
        Algorithm::Hs384 => Hs384
            .sign(&Hs384Key::new(key), message)
            .as_bytes()
            .into_owned(),
        Algorithm::Hs512 => Hs512
            .sign(&Hs512Key::new(key), message)
            .as_bytes()
            .into_owned(),
        // Another family's algorithm: refused, never mapped to one of the above.
        _ => {
            return Err(Error::new(
                ErrorCode::KeyUsage,
                format!("an HMAC secret does not sign {alg}"),
            ))
        }
    })
}

fn pair(bytes: Zeroizing<Vec<u8>>) -> Pair {
    let secret = Arc::new(HmacSecret(bytes));
    (secret.clone(), secret)
}

/// A secret for `alg` (HS256 when `None`), after the checks.
pub(crate) fn import(secret: &[u8], alg: Option<Algorithm>) -> Result<Pair> {
    check_hmac_secret(secret, alg)?;
    Ok(pair(Zeroizing::new(secret.to_vec())))
}

/// A new secret as long as the hash output of `alg`.
pub(crate) fn generate<R: RngCore + CryptoRng>(alg: Algorithm, rng: &mut R) -> Pair {
    let mut bytes = Zeroizing::new(vec![0u8; alg.hash_len()]);
    rng.fill_bytes(&mut bytes);
    pair(bytes)
}
