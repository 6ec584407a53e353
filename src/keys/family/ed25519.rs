//! Ed25519 (EdDSA): import from a PKCS#8 seed, an SPKI key and JWK (whose `x` must match `d`),
//! generation, deterministic signing (RFC 8032) and verification through jwt-compact, and the
//! fixed PKCS#8/SPKI encodings (a constant prefix before the 32 key bytes).

use std::sync::Arc;

use ed25519_compact::{KeyPair, PublicKey as EdPublic, SecretKey, Seed, Signature};
use jwt_compact::jwk::JsonWebKey;
use jwt_compact::Algorithm as _;
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};
use crate::keys::key_rules::{check_ed25519_public, ed25519_signature_ok};
use crate::keys::material::{invalid_jwk, Pair, PrivateKey, PublicKey};
use crate::keys::{Algorithm, KeyKind};

const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

impl PublicKey for EdPublic {
    fn kind(&self) -> KeyKind {
        KeyKind::Ed25519
    }

    fn signature_len(&self, _alg: Algorithm) -> usize {
        Signature::BYTES
    }

    /// 64 bytes, S < L, and R a canonical point not of small order: decided here, before any
    /// backend is asked, because backends disagree on such signatures.
    fn signature_shape_ok(&self, _alg: Algorithm, signature: &[u8]) -> bool {
        ed25519_signature_ok(signature)
    }

    fn verify(&self, _alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        // `from_slice` refuses a wrong length; jwt-compact's `try_from_slice` would panic.
        Signature::from_slice(signature)
            .is_ok_and(|sig| jwt_compact::alg::Ed25519.verify_signature(&sig, self, message))
    }

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        Some(JsonWebKey::from(self))
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        let mut v = SPKI_PREFIX.to_vec();
        v.extend_from_slice(&self[..]);
        Ok(v)
    }
}

impl PrivateKey for SecretKey {
    /// Deterministic (RFC 8032), unlike jwt-compact's noisy signing.
    fn sign(&self, _alg: Algorithm, message: &[u8]) -> Result<Vec<u8>> {
        Ok(SecretKey::sign(self, message, None).to_vec())
    }

    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut v = Zeroizing::new(PKCS8_PREFIX.to_vec());
        v.extend_from_slice(&self.seed()[..]);
        Ok(v)
    }
}

/// The key pair of a 32-byte seed.
fn key_pair(seed: &[u8]) -> Result<KeyPair> {
    let seed = Seed::from_slice(seed).map_err(|_| {
        Error::key_invalid("invalid Ed25519 private key: the seed must be 32 bytes")
    })?;
    // `KeyPair::from_seed` panics on an all-zero seed (a trap in wasm): refuse it instead.
    KeyPair::try_from_seed(seed)
        .map_err(|_| Error::key_invalid("invalid Ed25519 private key: the seed is all zeros"))
}

fn pair(kp: KeyPair) -> Pair {
    (Arc::new(kp.sk), Arc::new(kp.pk))
}

/// The private key of a PKCS#8 Ed25519 key: an OCTET STRING holding the seed.
pub(crate) fn private_from_pkcs8(private_key: &[u8]) -> Result<Pair> {
    use der::Decode;
    let seed = der::asn1::OctetStringRef::from_der(private_key)
        .map_err(|_| Error::key_invalid("invalid Ed25519 private key: expected an OCTET STRING"))?;
    Ok(pair(key_pair(seed.as_bytes())?))
}

/// The raw key of an SPKI public key, after the point rule.
pub(crate) fn public_from_raw(raw: &[u8]) -> Result<Arc<dyn PublicKey>> {
    check_ed25519_public(raw)?;
    let k = EdPublic::from_slice(raw)
        .map_err(|_| Error::key_invalid("invalid Ed25519 public key: expected 32 bytes"))?;
    Ok(Arc::new(k))
}

fn typed_public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<EdPublic> {
    let k = EdPublic::try_from(&jwk.to_verifying_key())
        .map_err(|_| invalid_jwk("Ed25519 public key"))?;
    check_ed25519_public(&k[..])?;
    Ok(k)
}

/// The public half of an OKP Ed25519 JWK.
pub(crate) fn public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Arc<dyn PublicKey>> {
    Ok(Arc::new(typed_public_from_jwk(jwk)?))
}

/// A private OKP Ed25519 JWK with seed `d`; its `x` must be the public key of `d`.
pub(crate) fn private_from_jwk(jwk: &JsonWebKey<'_>, d: &[u8]) -> Result<Pair> {
    let kp = key_pair(d)?;
    if typed_public_from_jwk(jwk)? != kp.pk {
        return Err(Error::key_invalid(
            "Ed25519 JWK: \"x\" does not match \"d\"",
        ));
    }
    Ok(pair(kp))
}

/// A new key from 32 random bytes.
pub(crate) fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Result<Pair> {
    let mut seed = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(&mut seed[..]);
    let kp = KeyPair::try_from_seed(Seed::new(*seed)).map_err(|_| {
        Error::new(
            ErrorCode::RuntimeUnsupported,
            "the random source returned an all-zero Ed25519 seed",
        )
    })?;
    Ok(pair(kp))
}
