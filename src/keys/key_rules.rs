//! The rules a key must pass, each in one place: RSA modulus size (at least 2048 bits, at most
//! 4096, checked on the modulus before any big-number work), HMAC secret length and the PEM
//! guard, the algorithm fitting the key's kind and this build, and the key id rule shared by
//! the `keyId` option and a JWK's `kid`.

use super::{pem, Algorithm, KeyKind};
use crate::error::{Error, ErrorCode, Result};

/// Smallest RSA modulus accepted (RFC 7518 §3.3).
pub const MIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus accepted (the `rsa` crate's limit, and a bound on verification cost).
pub const MAX_RSA_BITS: usize = 4096;

/// Longest HMAC secret accepted, in bytes.
const MAX_HMAC_SECRET: usize = 1024;

/// The bit length of a big-endian unsigned integer (leading zero bytes ignored).
#[cfg(any(feature = "rsa", test))]
pub(crate) fn bit_length(be: &[u8]) -> usize {
    let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
    match be.get(start) {
        Some(first) => (be.len() - start) * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

/// The RSA size rule, for every import path: below [`MIN_RSA_BITS`] is too weak (RFC 7518
/// §3.3), above [`MAX_RSA_BITS`] is unsupported.
#[cfg(any(feature = "rsa", test))]
pub(crate) fn check_rsa_bits(bits: usize) -> Result<()> {
    if bits < MIN_RSA_BITS {
        return Err(Error::new(
            ErrorCode::KeyTooWeak,
            format!("RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"),
        ));
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::key_unsupported(format!(
            "RSA key has {bits} bits; at most {MAX_RSA_BITS} are supported"
        )));
    }
    Ok(())
}

/// Largest RSA public exponent accepted, in bits: 2^33 − 1 is the `rsa` crate's limit and
/// BoringSSL's (`kMaxExponentBits`), so no backend refuses a key this rule lets through.
#[cfg(any(feature = "rsa", test))]
pub const MAX_RSA_EXPONENT_BITS: usize = 33;

/// The RSA public-key rule (every import path: PKCS#1, PKCS#8, SPKI, JWK, X.509, remote sets),
/// on the big-endian modulus and exponent before any big-number work: the size rule, an odd
/// modulus (an even one is not a product of two odd primes, and backends disagree on it), and an
/// odd exponent of at least 3 and at most [`MAX_RSA_EXPONENT_BITS`] bits (e = 1 makes every
/// message its own signature; an even e has no inverse modulo λ(n)). Messages carry no key bytes.
#[cfg(any(feature = "rsa", test))]
pub(crate) fn check_rsa_public(modulus: &[u8], exponent: &[u8]) -> Result<()> {
    check_rsa_bits(bit_length(modulus))?;
    if modulus.last().is_some_and(|b| b & 1 == 0) {
        return Err(Error::key_invalid(
            "RSA public key has an even modulus; an RSA modulus is the product of two odd primes",
        ));
    }
    let e_bits = bit_length(exponent);
    if e_bits > MAX_RSA_EXPONENT_BITS {
        return Err(Error::key_invalid(format!(
            "RSA public exponent has {e_bits} bits; at most {MAX_RSA_EXPONENT_BITS} are supported (65537 is the usual exponent)"
        )));
    }
    if e_bits < 2 {
        return Err(Error::new(
            ErrorCode::KeyTooWeak,
            "RSA public exponent is below 3: with e = 1 (or 0) anyone can forge signatures",
        ));
    }
    if exponent.last().is_some_and(|b| b & 1 == 0) {
        return Err(Error::key_invalid(
            "RSA public exponent is even; it must be odd (65537 is the usual exponent)",
        ));
    }
    Ok(())
}

/// The group order L of Ed25519, little-endian: 2^252 + 27742317777372353535851937790883648493.
#[cfg(any(feature = "eddsa", test))]
const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// Whether a 32-byte little-endian scalar is below L (RFC 8032 §5.1.7: S ≥ L is refused).
#[cfg(any(feature = "eddsa", test))]
pub(crate) fn ed25519_scalar_canonical(s: &[u8]) -> bool {
    s.len() == 32 && le_below(s, &ED25519_L)
}

/// Whether the 32-byte little-endian number `a` is below `bound`: the first byte from the top
/// where they differ decides.
#[cfg(any(feature = "eddsa", test))]
fn le_below(a: &[u8], bound: &[u8; 32]) -> bool {
    a.iter()
        .zip(bound.iter())
        .rev()
        .find(|(a, b)| a != b)
        .is_some_and(|(a, b)| a < b)
}

/// The Ed25519 point rule, for a public key (`what` = "public key") and for a signature's R: the
/// canonical encoding of a curve point (y < p) that is not of small order (the eight points
/// whose order divides 8, the identity among them). A small-order public key verifies forged
/// signatures on some backends (OpenSSL, WebCrypto) and not on others.
#[cfg(feature = "eddsa")]
pub(crate) fn check_ed25519_point(bytes: &[u8]) -> std::result::Result<(), Ed25519PointFault> {
    let Ok(point) = ed25519_compact::PublicKey::from_slice(bytes) else {
        return Err(Ed25519PointFault::Length);
    };
    match point.validate() {
        Ok(()) => Ok(()),
        Err(ed25519_compact::Error::WeakPublicKey) => Err(Ed25519PointFault::SmallOrder),
        Err(_) => Err(Ed25519PointFault::NotCanonical),
    }
}

/// Why an Ed25519 point was refused.
#[cfg(feature = "eddsa")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ed25519PointFault {
    /// Not 32 bytes.
    Length,
    /// Not the canonical encoding of a curve point (y ≥ p, or no x for y).
    NotCanonical,
    /// A point whose order divides 8.
    SmallOrder,
}

/// The Ed25519 public-key rule as an import error (`ERR_KEY_INVALID`, no key bytes quoted).
#[cfg(feature = "eddsa")]
pub(crate) fn check_ed25519_public(bytes: &[u8]) -> Result<()> {
    check_ed25519_point(bytes).map_err(|fault| {
        Error::key_invalid(match fault {
            Ed25519PointFault::Length => "invalid Ed25519 public key: expected 32 bytes",
            Ed25519PointFault::NotCanonical => {
                "invalid Ed25519 public key: not the canonical encoding of a curve point"
            }
            Ed25519PointFault::SmallOrder => {
                "invalid Ed25519 public key: a point of small order (order dividing 8), which would let anyone forge signatures"
            }
        })
    })
}

/// The Ed25519 signature rule, decided before any backend is asked: 64 bytes, S < L, and an R
/// that is a canonical encoding (y < p) not of small order ([`ed25519_r_ok`]). OpenSSL, WebCrypto
/// implementations and ed25519-compact disagree on such signatures, so none of them ever sees one.
#[cfg(feature = "eddsa")]
pub(crate) fn ed25519_signature_ok(signature: &[u8]) -> bool {
    signature.len() == 64
        && ed25519_scalar_canonical(&signature[32..])
        && ed25519_r_ok(&signature[..32])
}

/// p = 2^255 − 19, little-endian.
#[cfg(any(feature = "eddsa", test))]
const ED25519_P: [u8; 32] = {
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
};

/// The y coordinates of the eight points of small order (libsodium's `has_small_order` list):
/// 0 (the two points of order 4), 1 (the identity), p − 1 (order 2), and the two y of the four
/// points of order 8. Compared with the sign bit of x cleared, so both signs of each are refused
/// (and the non-canonical "negative zero" spellings of y = ±1 with them).
#[cfg(any(feature = "eddsa", test))]
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [0; 32],
    {
        let mut one = [0; 32];
        one[0] = 1;
        one
    },
    {
        let mut p_minus_1 = ED25519_P;
        p_minus_1[0] = 0xec;
        p_minus_1
    },
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
];

/// The rule for a signature's R, by its bytes alone: 32 bytes, y (the low 255 bits) below p, and
/// not the y of a point of small order. Whether R is a curve point at all is left to the
/// primitive, which refuses one that is not on every backend (OpenSSL and BoringSSL compare R's
/// bytes with an encoded point, ed25519-compact and NSS decode it first); deciding it here took a
/// field exponentiation, two thirds of an EdDSA `verifySync()` with native crypto. The public
/// key keeps the full point rule ([`check_ed25519_point`]), once at import.
#[cfg(any(feature = "eddsa", test))]
pub(crate) fn ed25519_r_ok(r: &[u8]) -> bool {
    let Ok(mut y) = <[u8; 32]>::try_from(r) else {
        return false;
    };
    y[31] &= 0x7f;
    le_below(&y, &ED25519_P) && !SMALL_ORDER_Y.contains(&y)
}

/// `alg` must belong to the key's kind and be compiled into this build.
pub(crate) fn check_algorithm(kind: KeyKind, alg: Algorithm) -> Result<()> {
    if alg.key_kind() != kind {
        return Err(Error::new(
            ErrorCode::KeyUnsupported,
            format!("algorithm {alg} cannot be used with an {} key", kind.name()),
        ));
    }
    if !alg.is_enabled() {
        return Err(Error::key_unsupported(format!(
            "algorithm {alg} is not included in this build of sceyt-token"
        )));
    }
    Ok(())
}

/// An HMAC secret for `alg` (HS256 by default): at least as long as the hash output, at most
/// 1024 bytes, and not PEM text (algorithm-confusion guard).
pub(crate) fn check_hmac_secret(secret: &[u8], alg: Option<Algorithm>) -> Result<()> {
    let alg = alg.unwrap_or(Algorithm::Hs256);
    check_algorithm(KeyKind::Hmac, alg)?;
    if pem::looks_like_pem(secret) {
        return Err(Error::key_invalid(
            "the HMAC secret looks like a PEM key; using key text as an HMAC secret enables algorithm-confusion attacks. Use SigningKey.fromPem / VerifyingKey.fromPem for PEM keys",
        ));
    }
    if secret.len() < alg.hash_len() {
        return Err(Error::new(
            ErrorCode::KeyTooWeak,
            format!(
                "{alg} needs a secret of at least {} bytes; got {}",
                alg.hash_len(),
                secret.len()
            ),
        ));
    }
    if secret.len() > MAX_HMAC_SECRET {
        return Err(Error::invalid_arg(
            "an HMAC secret may be at most 1024 bytes",
        ));
    }
    Ok(())
}

/// Where a key id came from: the rule is the same, the error names what the caller wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KidSource {
    /// The `keyId` option (an argument: `ERR_INVALID_ARGUMENT`).
    Option,
    /// A JWK's `kid` member (part of the key: `ERR_KEY_INVALID`).
    Jwk,
}

/// The one rule for a key id: 1 to 256 bytes, no control characters.
pub(crate) fn check_key_id(kid: &str, source: KidSource) -> Result<()> {
    if !kid.is_empty() && kid.len() <= 256 && !kid.chars().any(char::is_control) {
        return Ok(());
    }
    Err(match source {
        KidSource::Option => {
            Error::invalid_arg("keyId must be 1 to 256 characters without control characters")
        }
        KidSource::Jwk => {
            Error::key_invalid("JWK \"kid\" must be 1 to 256 characters without control characters")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The R rule by bytes against the full point rule (decoding, then the small-order check):
    /// the same verdict on every point of small order in both signs, on every non-canonical y,
    /// on 2,000 real points and on 20,000 random encodings, except that an encoding which is no
    /// point at all is left to the primitive.
    #[test]
    #[cfg(feature = "eddsa")]
    fn ed25519_r_rule_matches_the_point_rule() {
        use rand_chacha::ChaCha20Rng;
        use rand_core::{RngCore, SeedableRng};
        for y in SMALL_ORDER_Y {
            for sign in [0, 0x80] {
                let mut r = y;
                r[31] |= sign;
                assert!(check_ed25519_point(&r).is_err(), "{r:02x?}");
                assert!(!ed25519_r_ok(&r), "{r:02x?}");
            }
        }
        assert!(
            SMALL_ORDER_Y
                .iter()
                .filter(|y| check_ed25519_point(y.as_slice()) == Err(Ed25519PointFault::SmallOrder))
                .count()
                >= 4
        );
        for k in 0..19u8 {
            for sign in [0, 0x80] {
                let mut r = ED25519_P;
                r[0] += k;
                r[31] |= sign;
                assert!(
                    check_ed25519_point(&r).is_err() && !ed25519_r_ok(&r),
                    "p + {k}"
                );
            }
        }
        let mut rng = ChaCha20Rng::seed_from_u64(25519);
        for _ in 0..2000 {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            let pk = ed25519_compact::KeyPair::from_seed(ed25519_compact::Seed::new(seed)).pk;
            assert!(check_ed25519_point(pk.as_ref()).is_ok() && ed25519_r_ok(pk.as_ref()));
        }
        let (mut not_points, mut ok) = (0, 0);
        for _ in 0..20_000 {
            let mut r = [0u8; 32];
            rng.fill_bytes(&mut r);
            match check_ed25519_point(&r) {
                Ok(()) => {
                    ok += 1;
                    assert!(ed25519_r_ok(&r), "{r:02x?}");
                }
                Err(Ed25519PointFault::SmallOrder) => assert!(!ed25519_r_ok(&r), "{r:02x?}"),
                Err(_) => {
                    if ed25519_r_ok(&r) {
                        not_points += 1;
                    }
                }
            }
        }
        // About half of all y have no x: those pass the byte rule and are the primitive's.
        assert!(
            ok > 8000 && not_points > 8000,
            "{ok} points, {not_points} non-points"
        );
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(bit_length(&[1]), 1);
        assert_eq!(bit_length(&[0, 0x80, 0]), 16);
        assert_eq!(bit_length(&[0x7f; 256]), 2047);
        assert_eq!(bit_length(&[0xff; 512]), 4096);
    }

    #[test]
    fn rsa_size_bounds() {
        assert_eq!(
            check_rsa_bits(2047).unwrap_err().code(),
            ErrorCode::KeyTooWeak
        );
        assert!(check_rsa_bits(2048).is_ok());
        assert!(check_rsa_bits(4096).is_ok());
        let e = check_rsa_bits(4097).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyUnsupported);
        assert_eq!(
            e.message(),
            "RSA key has 4097 bits; at most 4096 are supported"
        );
    }
}
