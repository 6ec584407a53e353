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
