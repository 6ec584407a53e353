//! RSA (RS256 … PS512): import from PKCS#1, PKCS#8, SPKI and JWK with the size rule applied to
//! the modulus before the `rsa` crate sees it, generation, PKCS#1 v1.5 and PSS signing (with
//! blinding randomness from the runtime) and verification through jwt-compact.

use std::sync::Arc;

use der::Decode;
use jwt_compact::jwk::JsonWebKey;
use jwt_compact::{Algorithm as _, AlgorithmSignature as _};
use rand_core::{CryptoRng, RngCore};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};
use crate::keys::key_rules::{check_rsa_bits, check_rsa_public, MIN_RSA_BITS};
use crate::keys::material::{internal, invalid_jwk, runtime_rng, Pair, PrivateKey, PublicKey};
use crate::keys::{Algorithm, KeyKind};

impl PublicKey for RsaPublicKey {
    fn kind(&self) -> KeyKind {
        KeyKind::Rsa
    }

    /// An RSA signature is exactly as long as the modulus.
    fn signature_len(&self, _alg: Algorithm) -> usize {
        self.size()
    }

    fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        let algo = match alg {
            Algorithm::Rs256 => jwt_compact::alg::Rsa::rs256(),
            Algorithm::Rs384 => jwt_compact::alg::Rsa::rs384(),
            Algorithm::Rs512 => jwt_compact::alg::Rsa::rs512(),
            Algorithm::Ps256 => jwt_compact::alg::Rsa::ps256(),
            Algorithm::Ps384 => jwt_compact::alg::Rsa::ps384(),
            Algorithm::Ps512 => jwt_compact::alg::Rsa::ps512(),
            // Another family's algorithm never reaches an RSA key (the decision selects keys by
            // kind); if it did, it is refused, never mapped to one of the above.
            _ => return false,
        };
        jwt_compact::alg::RsaSignature::try_from_slice(signature)
            .is_ok_and(|sig| algo.verify_signature(&sig, self, message))
    }

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        Some(JsonWebKey::from(self))
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        use rsa::pkcs8::EncodePublicKey;
        Ok(self.to_public_key_der().map_err(internal)?.into_vec())
    }
}

impl PrivateKey for RsaPrivateKey {
    /// RSA signing uses blinding, which needs randomness: it is drawn once from the runtime
    /// (`getrandom`) into a ChaCha20 generator, so a runtime that refuses randomness gives
    /// `ERR_RUNTIME_UNSUPPORTED` instead of the panic that jwt-compact's `Rsa::sign` would raise.
    fn sign(&self, alg: Algorithm, message: &[u8]) -> Result<Vec<u8>> {
        use sha2::{Digest, Sha256, Sha384, Sha512};
        let mut rng = runtime_rng()?;
        let res = match alg {
            Algorithm::Rs256 => {
                let h = Sha256::digest(message);
                self.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<Sha256>(), &h)
            }
            Algorithm::Rs384 => {
                let h = Sha384::digest(message);
                self.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<Sha384>(), &h)
            }
            Algorithm::Rs512 => {
                let h = Sha512::digest(message);
                self.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<Sha512>(), &h)
            }
            Algorithm::Ps256 => {
                let h = Sha256::digest(message);
                self.sign_with_rng(&mut rng, rsa::Pss::new::<Sha256>(), &h)
            }
            Algorithm::Ps384 => {
                let h = Sha384::digest(message);
                self.sign_with_rng(&mut rng, rsa::Pss::new::<Sha384>(), &h)
            }
            Algorithm::Ps512 => {
                let h = Sha512::digest(message);
                self.sign_with_rng(&mut rng, rsa::Pss::new::<Sha512>(), &h)
            }
            // Another family's algorithm: refused, never mapped to one of the above.
            _ => {
                return Err(Error::new(
                    ErrorCode::KeyUsage,
                    format!("an RSA key does not sign {alg}"),
                ))
            }
        };
        res.map_err(|e| Error::new(ErrorCode::KeyInvalid, format!("RSA signing failed: {e}")))
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        use rsa::pkcs8::EncodePrivateKey;
        Ok(Zeroizing::new(
            self.to_pkcs8_der().map_err(internal)?.as_bytes().to_vec(),
        ))
    }
}

/// The public-key rule on a key the `rsa` crate already holds (its private keys' public half).
fn check_public(k: &RsaPublicKey) -> Result<()> {
    check_rsa_public(&k.n().to_bytes_be(), &k.e().to_bytes_be())
}

/// A private key, after the size rule, the public-key rule and the consistency check.
fn pair(k: RsaPrivateKey) -> Result<Pair> {
    check_rsa_bits(k.n().bits())?;
    check_public(k.as_ref())?;
    k.validate().map_err(|_| {
        Error::key_invalid(
            "RSA private key is inconsistent (its modulus, exponents and primes do not agree)",
        )
    })?;
    let public = k.to_public_key();
    Ok((Arc::new(k), Arc::new(public)))
}

/// A PKCS#1 `RSAPrivateKey` (alone, or the inside of a PKCS#8 key); `invalid` is the message
/// for a structure that does not parse.
pub(crate) fn private_from_pkcs1(der: &[u8], invalid: &'static str) -> Result<Pair> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    if let Ok(parts) = rsa::pkcs1::RsaPrivateKey::from_der(der) {
        check_rsa_public(parts.modulus.as_bytes(), parts.public_exponent.as_bytes())?;
    }
    pair(RsaPrivateKey::from_pkcs1_der(der).map_err(|_| Error::key_invalid(invalid))?)
}

/// The public-key rule on a PKCS#1 `RSAPublicKey`, alone (`RSA PUBLIC KEY`) or as the key bits
/// of an SPKI, before the `rsa` crate parses it.
fn check_pkcs1_public(der: &[u8]) -> Result<()> {
    match rsa::pkcs1::RsaPublicKey::from_der(der) {
        Ok(parts) => check_rsa_public(parts.modulus.as_bytes(), parts.public_exponent.as_bytes()),
        Err(_) => Ok(()), // the `rsa` crate's parse below reports it
    }
}

/// An SPKI public key whose algorithm is rsaEncryption; `key_bits` is its subject public key.
pub(crate) fn public_from_spki(spki: &[u8], key_bits: &[u8]) -> Result<Arc<dyn PublicKey>> {
    use rsa::pkcs8::DecodePublicKey;
    check_pkcs1_public(key_bits)?;
    let k = RsaPublicKey::from_public_key_der(spki)
        .map_err(|_| Error::key_invalid("invalid RSA public key"))?;
    check_public(&k)?;
    Ok(Arc::new(k))
}

/// A PKCS#1 `RSA PUBLIC KEY`.
pub(crate) fn public_from_pkcs1(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    check_pkcs1_public(der)?;
    let k = RsaPublicKey::from_pkcs1_der(der)
        .map_err(|_| Error::key_invalid("invalid RSA public key"))?;
    check_public(&k)?;
    Ok(Arc::new(k))
}

/// The public-key rule on an RSA JWK's `n` and `e`, before the `rsa` crate sees them.
fn check_jwk(jwk: &JsonWebKey<'_>) -> Result<()> {
    match jwk {
        JsonWebKey::Rsa {
            modulus,
            public_exponent,
            ..
        } => check_rsa_public(modulus, public_exponent),
        _ => check_rsa_public(&[], &[]),
    }
}

/// The public half of an RSA JWK.
pub(crate) fn public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Arc<dyn PublicKey>> {
    check_jwk(jwk)?;
    let k = RsaPublicKey::try_from(&jwk.to_verifying_key())
        .map_err(|_| invalid_jwk("RSA public key"))?;
    check_public(&k)?;
    Ok(Arc::new(k))
}

/// A private RSA JWK (with `d`, `p`, `q`).
pub(crate) fn private_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Pair> {
    check_jwk(jwk)?;
    pair(RsaPrivateKey::try_from(jwk).map_err(|_| invalid_jwk("RSA private key"))?)
}

/// A new 2048-bit key.
pub(crate) fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Result<Pair> {
    let k = RsaPrivateKey::new(rng, MIN_RSA_BITS).map_err(|e| {
        Error::new(
            ErrorCode::RuntimeUnsupported,
            format!("RSA key generation failed: {e}"),
        )
    })?;
    let public = k.to_public_key();
    Ok((Arc::new(k), Arc::new(public)))
}
