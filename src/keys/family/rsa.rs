//! RSA (RS256 … PS512) in the core: import from PKCS#1, PKCS#8, SPKI and JWK by structure, with
//! the size and public-key rules applied to the modulus and exponent, the consistency check of a
//! private key (`n = p·q`, `d·e ≡ 1` modulo `p−1` and `q−1`) and its CRT parameters computed
//! (`src/keys/bignum.rs`); export as SPKI, PKCS#8 and JWK. The arithmetic that signs, verifies
//! and generates keys is the crypto module's (`crypto/`), reached through the primitive.

use std::sync::Arc;

use der::asn1::{AnyRef, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use jwt_compact::jwk::{JsonWebKey, RsaPrivateParts};
use std::borrow::Cow;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::bignum::Big;
use crate::keys::key_rules::{bit_length, check_rsa_bits, check_rsa_public};
use crate::keys::material::{internal, invalid_jwk, Pair, PrivateKey, PublicKey};
use crate::keys::{Algorithm, KeyForm, KeyKind};

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// An RSA public key: its modulus and exponent (minimal big-endian bytes) and its SPKI.
pub(crate) struct RsaPublic {
    n: Vec<u8>,
    e: Vec<u8>,
    spki: Vec<u8>,
}

impl RsaPublic {
    /// After the public-key rule (size, exponent, odd modulus).
    fn new(n: &[u8], e: &[u8]) -> Result<RsaPublic> {
        check_rsa_public(n, e)?;
        let (n, e) = (Big::from_be(n).to_be(), Big::from_be(e).to_be());
        let spki = spki_der(&n, &e)?;
        Ok(RsaPublic { n, e, spki })
    }
}

/// SPKI DER of `n` and `e` (rsaEncryption, NULL parameters), as the `rsa` crate writes it.
fn spki_der(n: &[u8], e: &[u8]) -> Result<Vec<u8>> {
    let pkcs1 = pkcs1::RsaPublicKey {
        modulus: UintRef::new(n).map_err(internal)?,
        public_exponent: UintRef::new(e).map_err(internal)?,
    }
    .to_der()
    .map_err(internal)?;
    spki::SubjectPublicKeyInfoRef {
        algorithm: rsa_algorithm(),
        subject_public_key: der::asn1::BitStringRef::from_bytes(&pkcs1).map_err(internal)?,
    }
    .to_der()
    .map_err(internal)
}

fn rsa_algorithm() -> spki::AlgorithmIdentifierRef<'static> {
    spki::AlgorithmIdentifierRef {
        oid: OID_RSA,
        parameters: Some(AnyRef::NULL),
    }
}

impl PublicKey for RsaPublic {
    fn kind(&self) -> KeyKind {
        KeyKind::Rsa
    }

    /// An RSA signature is exactly as long as the modulus.
    fn signature_len(&self, _alg: Algorithm) -> usize {
        self.n.len()
    }

    fn jwk(&self) -> Option<JsonWebKey<'_>> {
        Some(JsonWebKey::Rsa {
            modulus: Cow::Borrowed(&self.n),
            public_exponent: Cow::Borrowed(&self.e),
            private_parts: None,
        })
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        Ok(self.spki.clone())
    }
}

/// An RSA private key: its PKCS#8 DER (two primes, CRT parameters computed here).
pub(crate) struct RsaPrivate {
    pkcs8: Zeroizing<Vec<u8>>,
}

impl PrivateKey for RsaPrivate {
    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        Ok(self.pkcs8.clone())
    }

    fn primitive_bytes(&self) -> (KeyForm, Zeroizing<Vec<u8>>) {
        (KeyForm::Pkcs8, self.pkcs8.clone())
    }
}

/// The parts of a two-prime private key, as big-endian bytes.
struct RsaParts<'a> {
    n: &'a [u8],
    e: &'a [u8],
    d: &'a [u8],
    p: &'a [u8],
    q: &'a [u8],
    /// The CRT coefficient `q⁻¹ mod p` the input carried, if any: taken when it is right,
    /// which spares the inversion (most keys), else computed.
    qinv: Option<&'a [u8]>,
}

/// `UintRef` of big-endian bytes (minimal, from [`Big::to_be`]).
fn uint(b: &[u8]) -> Result<UintRef<'_>> {
    UintRef::new(b).map_err(internal)
}

/// The message for a key whose parts do not agree.
const INCONSISTENT: &str =
    "RSA private key is inconsistent (its modulus, exponents and primes do not agree)";

/// A private key, after the size rule, the public-key rule and the consistency check (the
/// `rsa` crate's `validate`: primes above 1, `n = p·q`, `d·e ≡ 1` modulo `p−1` and `q−1`, plus
/// `p ≠ q`); its PKCS#8 carries the CRT parameters computed from `d`, `p` and `q` (whatever the
/// input carried), so a native backend never signs with parameters of another key.
fn pair(parts: &RsaParts<'_>) -> Result<Pair> {
    check_rsa_bits(bit_length(parts.n))?;
    let public = RsaPublic::new(parts.n, parts.e)?;
    let (n, e, d) = (
        Big::from_be(parts.n),
        Big::from_be(parts.e),
        Big::from_be(parts.d),
    );
    let (p, q) = (Big::from_be(parts.p), Big::from_be(parts.q));
    let inconsistent = || Error::key_invalid(INCONSISTENT);
    if p.bits() < 2 || q.bits() < 2 || p == q || p.mul(&q) != n {
        return Err(inconsistent());
    }
    let (p1, q1) = (p.minus_one(), q.minus_one());
    let de = d.mul(&e);
    if !de.rem(&p1).is_some_and(|r| r.is_one()) || !de.rem(&q1).is_some_and(|r| r.is_one()) {
        return Err(inconsistent());
    }
    let dp = d.rem(&p1).ok_or_else(inconsistent)?;
    let dq = d.rem(&q1).ok_or_else(inconsistent)?;
    let given = parts
        .qinv
        .map(Big::from_be)
        .filter(|c| *c < p && c.mul(&q).rem(&p).is_some_and(|r| r.is_one()));
    let qinv = match given {
        Some(c) => c,
        None => q.inverse_mod(&p).ok_or_else(inconsistent)?,
    };
    let (d, p, q, dp, dq, qinv) = (
        Zeroizing::new(d.to_be()),
        Zeroizing::new(p.to_be()),
        Zeroizing::new(q.to_be()),
        Zeroizing::new(dp.to_be()),
        Zeroizing::new(dq.to_be()),
        Zeroizing::new(qinv.to_be()),
    );
    let pkcs1 = Zeroizing::new(
        pkcs1::RsaPrivateKey {
            modulus: uint(&public.n)?,
            public_exponent: uint(&public.e)?,
            private_exponent: uint(&d)?,
            prime1: uint(&p)?,
            prime2: uint(&q)?,
            exponent1: uint(&dp)?,
            exponent2: uint(&dq)?,
            coefficient: uint(&qinv)?,
            other_prime_infos: None,
        }
        .to_der()
        .map_err(internal)?,
    );
    let pkcs8 = Zeroizing::new(
        pkcs8::PrivateKeyInfo {
            algorithm: rsa_algorithm(),
            private_key: &pkcs1,
            public_key: None,
        }
        .to_der()
        .map_err(internal)?,
    );
    Ok((Arc::new(RsaPrivate { pkcs8 }), Arc::new(public)))
}

/// A PKCS#1 `RSAPrivateKey` (alone, or the inside of a PKCS#8 key); `invalid` is the message
/// for a structure that does not parse. Multi-prime keys are refused as the `rsa` crate
/// refused them.
pub(crate) fn private_from_pkcs1(der: &[u8], invalid: &'static str) -> Result<Pair> {
    let k = pkcs1::RsaPrivateKey::from_der(der).map_err(|_| Error::key_invalid(invalid))?;
    check_rsa_public(k.modulus.as_bytes(), k.public_exponent.as_bytes())?;
    if k.other_prime_infos.is_some() {
        return Err(Error::key_invalid(invalid));
    }
    pair(&RsaParts {
        n: k.modulus.as_bytes(),
        e: k.public_exponent.as_bytes(),
        d: k.private_exponent.as_bytes(),
        p: k.prime1.as_bytes(),
        q: k.prime2.as_bytes(),
        qinv: Some(k.coefficient.as_bytes()),
    })
}

/// A PKCS#1 `RSAPublicKey`, alone (`RSA PUBLIC KEY`) or as the key bits of an SPKI.
fn public_from_pkcs1_der(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let k = pkcs1::RsaPublicKey::from_der(der)
        .map_err(|_| Error::key_invalid("invalid RSA public key"))?;
    Ok(Arc::new(RsaPublic::new(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
    )?))
}

/// An SPKI public key whose algorithm is rsaEncryption; `key_bits` is its subject public key.
/// The parameters must be absent or NULL (as the `rsa` crate required).
pub(crate) fn public_from_spki(spki: &[u8], key_bits: &[u8]) -> Result<Arc<dyn PublicKey>> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(spki)
        .map_err(|_| Error::key_invalid("invalid RSA public key"))?;
    if info.algorithm.parameters.is_some_and(|p| p != AnyRef::NULL) {
        return Err(Error::key_invalid("invalid RSA public key"));
    }
    public_from_pkcs1_der(key_bits)
}

/// A PKCS#1 `RSA PUBLIC KEY`.
pub(crate) fn public_from_pkcs1(der: &[u8]) -> Result<Arc<dyn PublicKey>> {
    public_from_pkcs1_der(der)
}

/// The modulus and exponent of an RSA JWK.
fn jwk_public<'a>(jwk: &'a JsonWebKey<'_>) -> (&'a [u8], &'a [u8]) {
    match jwk {
        JsonWebKey::Rsa {
            modulus,
            public_exponent,
            ..
        } => (modulus, public_exponent),
        _ => (&[], &[]),
    }
}

/// The public half of an RSA JWK.
pub(crate) fn public_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Arc<dyn PublicKey>> {
    let (n, e) = jwk_public(jwk);
    Ok(Arc::new(RsaPublic::new(n, e)?))
}

/// A private RSA JWK (with `d`, `p`, `q`; `dp`, `dq`, `qi` are recomputed, not trusted; other
/// prime factors are refused).
pub(crate) fn private_from_jwk(jwk: &JsonWebKey<'_>) -> Result<Pair> {
    let (n, e) = jwk_public(jwk);
    check_rsa_public(n, e)?;
    let JsonWebKey::Rsa {
        private_parts: Some(parts),
        ..
    } = jwk
    else {
        return Err(invalid_jwk("RSA private key"));
    };
    let RsaPrivateParts {
        private_exponent: d,
        prime_factor_p: p,
        prime_factor_q: q,
        q_crt_coefficient: qi,
        other_prime_factors,
        ..
    } = parts;
    if !other_prime_factors.is_empty() {
        return Err(invalid_jwk("RSA private key"));
    }
    pair(&RsaParts {
        n,
        e,
        d,
        p,
        q,
        qinv: qi.as_deref(),
    })
}
