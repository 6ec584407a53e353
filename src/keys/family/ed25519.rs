//! Ed25519 (EdDSA) in the core: import from a PKCS#8 seed, an SPKI key and JWK (whose `x` must
//! match `d`) with the point rule, the public key of a seed, generation, and the fixed PKCS#8/SPKI
//! encodings (a constant prefix before the 32 key bytes). Signing (deterministic, RFC 8032) and
//! verification are the crypto module's (`crypto/`), reached through the primitive.

use std::sync::Arc;

use std::borrow::Cow;

use ed25519_compact::{KeyPair, PublicKey as EdPublic, SecretKey, Signature};
use jwt_compact::jwk::JsonWebKey;
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

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        Some(JsonWebKey::KeyPair {
            curve: Cow::Borrowed("Ed25519"),
            x: Cow::Borrowed(&self[..]),
            secret: None,
        })
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        let mut v = SPKI_PREFIX.to_vec();
        v.extend_from_slice(&self[..]);
        Ok(v)
    }
}

impl PrivateKey for SecretKey {
    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut v = Zeroizing::new(PKCS8_PREFIX.to_vec());
        v.extend_from_slice(&self.seed()[..]);
        Ok(v)
    }
}

/// The key pair of a 32-byte seed. Its public key is a base-point multiplication, which with
/// its 30 KB table is the crypto module's (`crate::keys::arithmetic`), not the core's.
fn key_pair(seed: &[u8]) -> Result<KeyPair> {
    let seed: &[u8; 32] = seed.try_into().map_err(|_| {
        Error::key_invalid("invalid Ed25519 private key: the seed must be 32 bytes")
    })?;
    // ed25519-compact refuses an all-zero seed (its `from_seed` would panic: a trap in wasm).
    let Some(pk) = crate::keys::arithmetic()?.ed25519_public(seed)? else {
        return Err(Error::key_invalid(
            "invalid Ed25519 private key: the seed is all zeros",
        ));
    };
    let mut both = Zeroizing::new([0u8; 64]);
    both[..32].copy_from_slice(seed);
    both[32..].copy_from_slice(&pk);
    Ok(KeyPair {
        pk: EdPublic::new(pk),
        sk: SecretKey::new(*both),
    })
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
    let JsonWebKey::KeyPair { curve, x, .. } = jwk else {
        return Err(invalid_jwk("Ed25519 public key"));
    };
    if curve != "Ed25519" {
        return Err(invalid_jwk("Ed25519 public key"));
    }
    let k = EdPublic::from_slice(x).map_err(|_| invalid_jwk("Ed25519 public key"))?;
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
    key_pair(&seed[..]).map(pair).map_err(|e| {
        if e.code() == ErrorCode::KeyInvalid {
            Error::new(
                ErrorCode::RuntimeUnsupported,
                "the random source returned an all-zero Ed25519 seed",
            )
        } else {
            e
        }
    })
}
