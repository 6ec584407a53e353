//! EC P-256 (ES256): import from PKCS#8, SEC1, an SPKI point and JWK (whose `x`/`y` must match
//! `d`), generation, signing and verification through jwt-compact, and the signature range
//! check (`r` and `s` in `1..n`, CVE-2022-21449).

use std::sync::Arc;

use jwt_compact::jwk::JsonWebKey;
use jwt_compact::{Algorithm as _, AlgorithmSignature as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::material::{internal, invalid_jwk, Pair, PrivateKey, PublicKey};
use crate::keys::{Algorithm, KeyKind};

impl PublicKey for VerifyingKey {
    fn kind(&self) -> KeyKind {
        KeyKind::P256
    }

    /// `r ‖ s`, 32 bytes each.
    fn signature_len(&self, _alg: Algorithm) -> usize {
        64
    }

    /// 64 bytes, `r` and `s` in `1..n` (`Signature::try_from` refuses zero or `>= n`).
    fn signature_shape_ok(&self, alg: Algorithm, signature: &[u8]) -> bool {
        signature.len() == self.signature_len(alg) && Signature::try_from(signature).is_ok()
    }

    fn verify(&self, _alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        Signature::try_from_slice(signature)
            .is_ok_and(|sig| jwt_compact::alg::Es256.verify_signature(&sig, self, message))
    }

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        Some(JsonWebKey::from(self))
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        use p256::pkcs8::EncodePublicKey;
        Ok(self.to_public_key_der().map_err(internal)?.into_vec())
    }
}

impl PrivateKey for SigningKey {
    fn sign(&self, _alg: Algorithm, message: &[u8]) -> Result<Vec<u8>> {
        Ok(jwt_compact::alg::Es256
            .sign(self, message)
            .as_bytes()
            .into_owned())
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        use p256::pkcs8::EncodePrivateKey;
        Ok(Zeroizing::new(
            self.to_pkcs8_der().map_err(internal)?.as_bytes().to_vec(),
        ))
    }
}

fn pair(k: SigningKey) -> Pair {
    let public = *k.verifying_key();
    (Arc::new(k), Arc::new(public))
}

/// A PKCS#8 EC private key (its curve already checked to be P-256).
pub(crate) fn private_from_pkcs8(der: &[u8]) -> Result<Pair> {
    use p256::pkcs8::DecodePrivateKey;
    let sk = p256::SecretKey::from_pkcs8_der(der)
        .map_err(|_| Error::key_invalid("invalid P-256 private key in PKCS#8"))?;
    Ok(pair(SigningKey::from(sk)))
}

/// A SEC1 `EC PRIVATE KEY`.
pub(crate) fn private_from_sec1(der: &[u8]) -> Result<Pair> {
    let sk = p256::SecretKey::from_sec1_der(der).map_err(|_| {
        Error::key_unsupported(
            "not a valid SEC1 P-256 private key (only the P-256 curve is supported)",
        )
    })?;
    Ok(pair(SigningKey::from(sk)))
}

/// The SEC1 point of an SPKI public key (its curve already checked to be P-256).
pub(crate) fn public_from_point(point: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let k = VerifyingKey::from_sec1_bytes(point)
        .map_err(|_| Error::key_invalid("invalid P-256 public key: not a point on the curve"))?;
    Ok(Arc::new(k))
}

fn typed_public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<VerifyingKey> {
    VerifyingKey::try_from(&jwk.to_verifying_key()).map_err(|_| invalid_jwk("P-256 public key"))
}

/// The public half of an EC P-256 JWK.
pub(crate) fn public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Arc<dyn PublicKey>> {
    Ok(Arc::new(typed_public_from_jwk(jwk)?))
}

/// A private EC P-256 JWK; its `x`/`y` must be the public key of its `d`.
pub(crate) fn private_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Pair> {
    let sk = SigningKey::try_from(jwk).map_err(|_| invalid_jwk("P-256 private key"))?;
    if typed_public_from_jwk(jwk)? != *sk.verifying_key() {
        return Err(Error::key_invalid(
            "P-256 JWK: \"x\"/\"y\" do not match \"d\"",
        ));
    }
    Ok(pair(sk))
}

/// A new key.
pub(crate) fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Pair {
    pair(SigningKey::random(rng))
}
