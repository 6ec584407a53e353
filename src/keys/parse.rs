//! DER and PEM parsing of keys: the PEM labels a private or public key may carry, and the
//! containers under them (PKCS#8, PKCS#1, SEC1, SPKI, X.509 certificate), dispatched by
//! algorithm OID to the family modules. Unsupported curves and key types get a message naming
//! them; a family left out of the build gets "not included in this build".

use std::sync::Arc;

use der::asn1::ObjectIdentifier;

#[allow(unused_imports)] // `family` is unused when only `hmac` is enabled
use super::family;
use super::material::{Pair, PublicKey};
use super::pem::Block;
use crate::error::{quote_label, Error, ErrorCode, Result};

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// The PEM labels of the private keys [`private_from_pem`] reads.
pub(crate) fn is_private_label(label: &str) -> bool {
    matches!(label, "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY")
}

/// A private key PEM block: PKCS#8, PKCS#1 or SEC1.
pub(crate) fn private_from_pem(block: &Block) -> Result<Pair> {
    match block.label.as_str() {
        "PRIVATE KEY" => private_from_pkcs8(&block.der),
        "RSA PRIVATE KEY" => private_from_pkcs1(&block.der),
        "EC PRIVATE KEY" => private_from_sec1(&block.der),
        "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => Err(Error::new(
            ErrorCode::KeyUsage,
            format!("this PEM is a {} (public); signing needs the private key", block.label),
        )),
        "ENCRYPTED PRIVATE KEY" => Err(Error::key_unsupported(
            "encrypted PKCS#8 keys are not supported; decrypt it first, e.g. `openssl pkey -in key.pem`",
        )),
        "OPENSSH PRIVATE KEY" => Err(Error::key_unsupported(
            "OpenSSH private keys are not supported; convert with `ssh-keygen -p -m PKCS8 -f key`",
        )),
        other => Err(Error::key_unsupported(format!(
            "PEM label {} is not a supported private key (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
            quote_label(other)
        ))),
    }
}

/// A public key PEM block: SPKI, PKCS#1 or a certificate (private labels are the caller's).
pub(crate) fn public_from_pem(block: &Block) -> Result<Arc<dyn PublicKey>> {
    match block.label.as_str() {
        "PUBLIC KEY" => public_from_spki(&block.der),
        "RSA PUBLIC KEY" => public_from_pkcs1(&block.der),
        "CERTIFICATE" => public_from_certificate(&block.der),
        other => Err(Error::key_unsupported(format!(
            "PEM label {} is not a supported public key (expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)",
            quote_label(other)
        ))),
    }
}

/// A PKCS#8 `PrivateKeyInfo`.
pub(crate) fn private_from_pkcs8(der: &[u8]) -> Result<Pair> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|_| Error::key_invalid("not a valid PKCS#8 private key"))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        #[cfg(feature = "rsa")]
        return family::rsa::private_from_pkcs1(
            info.private_key,
            "invalid RSA private key in PKCS#8",
        );
        #[cfg(not(feature = "rsa"))]
        return Err(feature_missing("RSA"));
    }
    if oid == OID_EC {
        require_p256(info.algorithm.parameters_oid().ok())?;
        #[cfg(feature = "ecdsa")]
        return family::p256::private_from_pkcs8(der);
        #[cfg(not(feature = "ecdsa"))]
        return Err(feature_missing("EC P-256"));
    }
    if oid == OID_ED25519 {
        #[cfg(feature = "eddsa")]
        return family::ed25519::private_from_pkcs8(info.private_key);
        #[cfg(not(feature = "eddsa"))]
        return Err(feature_missing("Ed25519"));
    }
    Err(unsupported_oid(oid))
}

/// A PKCS#1 `RSA PRIVATE KEY`.
fn private_from_pkcs1(der: &[u8]) -> Result<Pair> {
    #[cfg(feature = "rsa")]
    return family::rsa::private_from_pkcs1(der, "invalid PKCS#1 RSA private key");
    #[cfg(not(feature = "rsa"))]
    {
        let _ = der;
        Err(feature_missing("RSA"))
    }
}

/// A SEC1 `EC PRIVATE KEY`.
fn private_from_sec1(der: &[u8]) -> Result<Pair> {
    #[cfg(feature = "ecdsa")]
    return family::p256::private_from_sec1(der);
    #[cfg(not(feature = "ecdsa"))]
    {
        let _ = der;
        Err(feature_missing("EC P-256"))
    }
}

/// A DER `SubjectPublicKeyInfo`.
pub(crate) fn public_from_spki(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|_| Error::key_invalid("not a valid SubjectPublicKeyInfo (SPKI) public key"))?;
    let oid = info.algorithm.oid;
    #[allow(unused_variables)] // unused when only `hmac` is enabled
    let key_bits = info.subject_public_key.as_bytes().unwrap_or_default();
    if oid == OID_RSA {
        #[cfg(feature = "rsa")]
        return family::rsa::public_from_spki(der, key_bits);
        #[cfg(not(feature = "rsa"))]
        return Err(feature_missing("RSA"));
    }
    if oid == OID_EC {
        require_p256(info.algorithm.parameters_oid().ok())?;
        #[cfg(feature = "ecdsa")]
        return family::p256::public_from_point(key_bits);
        #[cfg(not(feature = "ecdsa"))]
        return Err(feature_missing("EC P-256"));
    }
    if oid == OID_ED25519 {
        #[cfg(feature = "eddsa")]
        return family::ed25519::public_from_raw(key_bits);
        #[cfg(not(feature = "eddsa"))]
        return Err(feature_missing("Ed25519"));
    }
    Err(unsupported_oid(oid))
}

/// A PKCS#1 `RSA PUBLIC KEY`.
fn public_from_pkcs1(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    #[cfg(feature = "rsa")]
    return family::rsa::public_from_pkcs1(der);
    #[cfg(not(feature = "rsa"))]
    {
        let _ = der;
        Err(feature_missing("RSA"))
    }
}

/// The subject public key of an X.509 certificate (the certificate itself is not checked: its
/// structure is walked to the `subjectPublicKeyInfo`, which is then read as any SPKI).
fn public_from_certificate(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let spki =
        certificate_spki(der).ok_or_else(|| Error::key_invalid("not a valid X.509 certificate"))?;
    public_from_spki(spki)
}

/// One DER TLV: its tag, its whole encoding, its value, and the input after it.
type Tlv<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

/// One DER TLV of `input` with a low tag number: (tag, the whole encoding, the value, the rest).
/// Lengths must be definite and minimal, as DER requires.
fn tlv(input: &[u8]) -> Option<Tlv<'_>> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b));
        if len < 0x80 {
            return None;
        }
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let header = input.len() - rest.len();
    Some((tag, &input[..header + len], &rest[..len], &rest[len..]))
}

/// The DER `SubjectPublicKeyInfo` of a certificate (RFC 5280 §4.1): `Certificate` is a SEQUENCE
/// of `tbsCertificate` (SEQUENCE), `signatureAlgorithm` (SEQUENCE) and `signatureValue` (BIT
/// STRING), with nothing after it; `tbsCertificate` is `[0] version` (optional), `serialNumber`
/// (INTEGER), then `signature`, `issuer`, `validity`, `subject` and `subjectPublicKeyInfo`
/// (SEQUENCEs), then optional fields.
fn certificate_spki(der: &[u8]) -> Option<&[u8]> {
    const SEQUENCE: u8 = 0x30;
    let (SEQUENCE, _, cert, []) = tlv(der)? else {
        return None;
    };
    let (SEQUENCE, _, tbs, rest) = tlv(cert)? else {
        return None;
    };
    let (SEQUENCE, _, _, rest) = tlv(rest)? else {
        return None;
    };
    let (0x03, _, _, []) = tlv(rest)? else {
        return None;
    };
    let mut fields = tbs;
    if let (0xa0, _, _, rest) = tlv(fields)? {
        fields = rest;
    }
    let (0x02, _, _, rest) = tlv(fields)? else {
        return None;
    };
    fields = rest;
    for _ in 0..4 {
        let (SEQUENCE, _, _, rest) = tlv(fields)? else {
            return None;
        };
        fields = rest;
    }
    match tlv(fields)? {
        (SEQUENCE, spki, _, _) => Some(spki),
        _ => None,
    }
}

/// EC keys must be on P-256 (ES256); other curves get a message naming them.
fn require_p256(curve: Option<ObjectIdentifier>) -> Result<()> {
    if curve == Some(OID_P256) {
        return Ok(());
    }
    Err(Error::key_unsupported(format!(
        "EC keys on {} are not supported; only P-256 (ES256)",
        ec_curve_name(curve)
    )))
}

fn ec_curve_name(oid: Option<ObjectIdentifier>) -> &'static str {
    match oid {
        Some(o) if o == OID_P384 => "P-384",
        Some(o) if o == OID_P521 => "P-521",
        Some(o) if o == OID_SECP256K1 => "secp256k1",
        Some(_) => "an unknown curve",
        None => "no named curve",
    }
}

fn unsupported_oid(oid: ObjectIdentifier) -> Error {
    let what = if oid == OID_ED448 {
        "Ed448 keys are not supported (only Ed25519)".to_owned()
    } else if oid == OID_X25519 {
        "X25519 is a key-agreement key and cannot sign".to_owned()
    } else if oid == OID_RSA_PSS {
        "RSASSA-PSS-restricted RSA keys (OID 1.2.840.113549.1.1.10) are not supported; export the key as plain rsaEncryption PKCS#8".to_owned()
    } else {
        format!("key algorithm OID {oid} is not supported (RSA, EC P-256 and Ed25519 are)")
    };
    Error::key_unsupported(what)
}

/// A family left out of this build (cargo features).
#[allow(dead_code)] // unused when every algorithm family is enabled
pub(crate) fn feature_missing(what: &str) -> Error {
    Error::key_unsupported(format!(
        "{what} keys are not included in this build of sceyt-token"
    ))
}

#[cfg(test)]
mod tests {
    use super::{certificate_spki, tlv};

    #[test]
    fn tlv_lengths() {
        assert_eq!(
            tlv(&[0x30, 0x00]),
            Some((0x30, &[0x30, 0x00][..], &[][..], &[][..]))
        );
        assert_eq!(
            tlv(&[0x02, 0x01, 0x05, 0xff]).map(|t| (t.2, t.3)),
            Some((&[5u8][..], &[0xffu8][..]))
        );
        let long: Vec<u8> = [&[0x04, 0x81, 0x80][..], &[7u8; 0x80][..]].concat();
        assert_eq!(tlv(&long).map(|t| t.2.len()), Some(0x80));
        assert_eq!(
            tlv(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]),
            None,
            "long form for a short length"
        );
        assert_eq!(
            tlv(&[0x04, 0x82, 0x00, 0x80]),
            None,
            "a leading zero length byte"
        );
        assert_eq!(tlv(&[0x04, 0x80]), None, "indefinite length");
        assert_eq!(tlv(&[0x04, 0x03, 1, 2]), None, "shorter than its length");
        assert_eq!(tlv(&[0x1f, 0x01, 0x00]), None, "a high tag number");
        assert_eq!(tlv(&[]), None);
        assert_eq!(certificate_spki(&[0x30, 0x00]), None);
    }
}
