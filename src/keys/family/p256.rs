//! EC P-256 (ES256) in the core: import from PKCS#8, SEC1, an SPKI point and JWK (whose `x`/`y`
//! must match `d`) with the on-curve check and the public key of a private one (the field and
//! scalar arithmetic of the `p256` crate, without its ECDSA), export as SPKI, PKCS#8 and JWK,
//! generation, and the signature range check (`r` and `s` in `1..n`, CVE-2022-21449). Signing
//! and verification are the crypto module's (`crypto/`), reached through the primitive.

use std::borrow::Cow;
use std::sync::Arc;

use jwt_compact::jwk::JsonWebKey;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey as EcPublic, SecretKey};
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::material::{internal, invalid_jwk, Pair, PrivateKey, PublicKey};
use crate::keys::{Algorithm, KeyKind};

/// The order `n` of P-256's base point, big-endian.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// Whether 32 big-endian bytes are a scalar in `1..n`.
fn scalar_in_range(b: &[u8]) -> bool {
    b.iter().any(|x| *x != 0) && b < &ORDER[..]
}

/// A P-256 public key and its uncompressed coordinates.
pub(crate) struct P256Public {
    key: EcPublic,
    x: [u8; 32],
    y: [u8; 32],
}

impl From<EcPublic> for P256Public {
    fn from(key: EcPublic) -> P256Public {
        let point = key.to_encoded_point(false);
        let (mut x, mut y) = ([0u8; 32], [0u8; 32]);
        // An on-curve point that is not the identity (the only kind `EcPublic` holds) has both.
        if let (Some(px), Some(py)) = (point.x(), point.y()) {
            x.copy_from_slice(px);
            y.copy_from_slice(py);
        }
        P256Public { key, x, y }
    }
}

impl PublicKey for P256Public {
    fn kind(&self) -> KeyKind {
        KeyKind::P256
    }

    /// `r ‖ s`, 32 bytes each.
    fn signature_len(&self, _alg: Algorithm) -> usize {
        64
    }

    /// 64 bytes, `r` and `s` in `1..n`.
    fn signature_shape_ok(&self, alg: Algorithm, signature: &[u8]) -> bool {
        signature.len() == self.signature_len(alg)
            && scalar_in_range(&signature[..32])
            && scalar_in_range(&signature[32..])
    }

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        Some(JsonWebKey::EllipticCurve {
            curve: Cow::Borrowed("P-256"),
            x: Cow::Borrowed(&self.x),
            y: Cow::Borrowed(&self.y),
            secret: None,
        })
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        use p256::pkcs8::EncodePublicKey;
        Ok(self.key.to_public_key_der().map_err(internal)?.into_vec())
    }
}

/// A P-256 private key.
pub(crate) struct P256Private(SecretKey);

impl PrivateKey for P256Private {
    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        use p256::pkcs8::EncodePrivateKey;
        Ok(Zeroizing::new(
            self.0.to_pkcs8_der().map_err(internal)?.as_bytes().to_vec(),
        ))
    }
}

fn pair(k: SecretKey) -> Pair {
    let public = P256Public::from(k.public_key());
    (Arc::new(P256Private(k)), Arc::new(public))
}

/// A PKCS#8 EC private key (its curve already checked to be P-256). A public key it carries must
/// be that of its scalar.
pub(crate) fn private_from_pkcs8(der: &[u8]) -> Result<Pair> {
    use p256::pkcs8::DecodePrivateKey;
    let sk = SecretKey::from_pkcs8_der(der)
        .map_err(|_| Error::key_invalid("invalid P-256 private key in PKCS#8"))?;
    Ok(pair(sk))
}

/// A SEC1 `EC PRIVATE KEY`.
pub(crate) fn private_from_sec1(der: &[u8]) -> Result<Pair> {
    let sk = SecretKey::from_sec1_der(der).map_err(|_| {
        Error::key_unsupported(
            "not a valid SEC1 P-256 private key (only the P-256 curve is supported)",
        )
    })?;
    Ok(pair(sk))
}

/// The SEC1 point of an SPKI public key (its curve already checked to be P-256).
pub(crate) fn public_from_point(point: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let k = EcPublic::from_sec1_bytes(point)
        .map_err(|_| Error::key_invalid("invalid P-256 public key: not a point on the curve"))?;
    Ok(Arc::new(P256Public::from(k)))
}

/// The point of a JWK's `x` and `y` (32 bytes each, on the curve), as jwt-compact read it.
fn typed_public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<EcPublic> {
    let JsonWebKey::EllipticCurve { curve, x, y, .. } = jwk else {
        return Err(invalid_jwk("P-256 public key"));
    };
    if curve != "P-256" || x.len() != 32 || y.len() != 32 {
        return Err(invalid_jwk("P-256 public key"));
    }
    let mut sec1 = [4u8; 65];
    sec1[1..33].copy_from_slice(x);
    sec1[33..].copy_from_slice(y);
    EcPublic::from_sec1_bytes(&sec1).map_err(|_| invalid_jwk("P-256 public key"))
}

/// The public half of an EC P-256 JWK.
pub(crate) fn public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Arc<dyn PublicKey>> {
    Ok(Arc::new(P256Public::from(typed_public_from_jwk(jwk)?)))
}

/// A private EC P-256 JWK (`d` of 32 bytes); its `x`/`y` must be the public key of its `d`.
pub(crate) fn private_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Pair> {
    let JsonWebKey::EllipticCurve {
        secret: Some(d), ..
    } = jwk
    else {
        return Err(invalid_jwk("P-256 private key"));
    };
    if d.len() != 32 {
        return Err(invalid_jwk("P-256 private key"));
    }
    let sk = SecretKey::from_slice(d).map_err(|_| invalid_jwk("P-256 private key"))?;
    if typed_public_from_jwk(jwk).map_err(|_| invalid_jwk("P-256 private key"))? != sk.public_key()
    {
        return Err(Error::key_invalid(
            "P-256 JWK: \"x\"/\"y\" do not match \"d\"",
        ));
    }
    Ok(pair(sk))
}

/// A new key.
pub(crate) fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Pair {
    pair(SecretKey::random(rng))
}
