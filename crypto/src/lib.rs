//! The pure-Rust signature arithmetic of sceyt-token: RSA (RS256 … PS512), ECDSA on P-256 (ES256)
//! and Ed25519 (EdDSA) sign and verify over DER bytes, and RSA key generation.
//!
//! It is the primitive `Pure` of the main crate's primitive interface (`src/primitive.rs`), in a
//! crate of its own so that it builds as a second wasm module: the core module (parsing, claims,
//! the decision, key import and export with every key rule, HMAC and the native backends) is what
//! every runtime loads, and this one is loaded only where a call needs a primitive the runtime
//! lacks. Natively, and in the wasm-bindgen test build, the main crate links it as a library.
//!
//! Bytes in, bytes out: the key is DER that the core's import already validated (SPKI for a
//! public key, PKCS#8 for a private one), and randomness (RSA blinding, PSS salts, key
//! generation) comes from the caller as a 32-byte seed, so the module has no import at all. It
//! never selects keys, never chooses an algorithm and never reads claims.
//!
//! With the `abi` feature (the build of the module itself) [`abi`] adds the raw exports the
//! package's JS calls.

#![forbid(unsafe_op_in_unsafe_fn)]

use std::cell::RefCell;
use std::rc::Rc;

use rand_core::SeedableRng;
use sha2::{Digest, Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

#[cfg(feature = "abi")]
pub mod abi;

/// The algorithms this module computes, with the codes the raw exports take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256 = 1,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384 = 2,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512 = 3,
    /// RSASSA-PSS with SHA-256 (salt as long as the hash, RFC 7518 §3.5).
    Ps256 = 4,
    /// RSASSA-PSS with SHA-384.
    Ps384 = 5,
    /// RSASSA-PSS with SHA-512.
    Ps512 = 6,
    /// ECDSA on P-256 with SHA-256.
    Es256 = 7,
    /// Ed25519.
    EdDsa = 8,
}

impl Alg {
    /// Every algorithm, in code order.
    pub const ALL: [Alg; 8] = [
        Alg::Rs256,
        Alg::Rs384,
        Alg::Rs512,
        Alg::Ps256,
        Alg::Ps384,
        Alg::Ps512,
        Alg::Es256,
        Alg::EdDsa,
    ];

    /// The algorithm of a code, `None` for any other number.
    pub fn from_code(code: u32) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| *a as u32 == code)
    }
}

/// How a key's DER is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Form {
    /// A `SubjectPublicKeyInfo` (a public key).
    Spki = 1,
    /// A PKCS#8 `PrivateKeyInfo` (a private key; verifying with it uses its public half).
    Pkcs8 = 2,
}

impl Form {
    /// The form of a code, `None` for any other number.
    pub fn from_code(code: u32) -> Option<Form> {
        match code {
            1 => Some(Form::Spki),
            2 => Some(Form::Pkcs8),
            _ => None,
        }
    }
}

/// A parsed public key.
enum Public {
    Rsa(rsa::RsaPublicKey),
    P256(p256::ecdsa::VerifyingKey),
    Ed25519(ed25519_compact::PublicKey),
}

/// How many parsed public keys the module keeps (most recent first).
const PARSED_KEYS: usize = 8;

thread_local! {
    /// Public keys parsed from their SPKI bytes, keyed by the whole bytes (never by an address or
    /// an index a later key could reuse): the same bytes are the same key. Public keys only: no
    /// secret outlives the call that brought it.
    static PARSED: RefCell<Vec<(Vec<u8>, Rc<Public>)>> = const { RefCell::new(Vec::new()) };
}

const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// The public key of SPKI bytes for `alg`'s family.
fn parse_spki(alg: Alg, der: &[u8]) -> Option<Public> {
    use p256::pkcs8::DecodePublicKey;
    match alg {
        Alg::Es256 => p256::ecdsa::VerifyingKey::from_public_key_der(der)
            .ok()
            .map(Public::P256),
        Alg::EdDsa => der
            .strip_prefix(&ED25519_SPKI_PREFIX[..])
            .and_then(|raw| ed25519_compact::PublicKey::from_slice(raw).ok())
            .map(Public::Ed25519),
        _ => rsa::RsaPublicKey::from_public_key_der(der)
            .ok()
            .map(Public::Rsa),
    }
}

/// The public key of SPKI bytes, parsed once while it stays among the last [`PARSED_KEYS`].
fn public_from_spki(alg: Alg, der: &[u8]) -> Option<Rc<Public>> {
    let hit = PARSED.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.iter().position(|(d, _)| d.as_slice() == der)?;
        let entry = p.remove(i);
        let key = entry.1.clone();
        p.insert(0, entry);
        Some(key)
    });
    if let Some(key) = hit {
        return Some(key);
    }
    let key = Rc::new(parse_spki(alg, der)?);
    PARSED.with(|p| {
        let mut p = p.borrow_mut();
        p.insert(0, (der.to_vec(), key.clone()));
        p.truncate(PARSED_KEYS);
    });
    Some(key)
}

/// A parsed private key (one per call, on the stack: the size difference does not matter).
#[allow(clippy::large_enum_variant)]
enum Private {
    Rsa(rsa::RsaPrivateKey),
    P256(p256::ecdsa::SigningKey),
    Ed25519(ed25519_compact::KeyPair),
}

/// The private scalar of a P-256 PKCS#8 key, read from its SEC1 `ECPrivateKey` without computing
/// or checking its public key (the core checked it at import). `None` for bytes that are not one.
fn p256_scalar(der: &[u8]) -> Option<p256::NonZeroScalar> {
    use p256::pkcs8::der::Decode;
    let info = p256::pkcs8::PrivateKeyInfo::try_from(der).ok()?;
    let ec = sec1::EcPrivateKey::from_der(info.private_key).ok()?;
    let bytes: [u8; 32] = ec.private_key.try_into().ok()?;
    Option::from(p256::NonZeroScalar::from_repr(bytes.into()))
}

/// The private key of PKCS#8 bytes for `alg`'s family.
fn parse_pkcs8(alg: Alg, der: &[u8]) -> Option<Private> {
    use p256::pkcs8::DecodePrivateKey;
    match alg {
        Alg::Es256 => p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .ok()
            .map(Private::P256),
        Alg::EdDsa => {
            let seed = der.strip_prefix(&ED25519_PKCS8_PREFIX[..])?;
            let seed = ed25519_compact::Seed::from_slice(seed).ok()?;
            ed25519_compact::KeyPair::try_from_seed(seed)
                .ok()
                .map(Private::Ed25519)
        }
        _ => rsa::RsaPrivateKey::from_pkcs8_der(der)
            .ok()
            .map(Private::Rsa),
    }
}

impl Private {
    fn public(&self) -> Public {
        match self {
            Private::Rsa(k) => Public::Rsa(k.to_public_key()),
            Private::P256(k) => Public::P256(*k.verifying_key()),
            Private::Ed25519(k) => Public::Ed25519(k.pk),
        }
    }
}

/// Whether `signature` over `message` verifies with the key in `der` under `alg`. Bytes that do
/// not load as a key of `alg`'s family answer `false`.
pub fn verify(alg: Alg, form: Form, der: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let public = match form {
        Form::Spki => public_from_spki(alg, der),
        Form::Pkcs8 => parse_pkcs8(alg, der).map(|k| Rc::new(k.public())),
    };
    public.is_some_and(|k| verify_with(&k, alg, message, signature))
}

/// RSA's padding for an RSA algorithm, with its hash of the message; `None` for another family.
enum RsaScheme {
    Pkcs1(rsa::Pkcs1v15Sign),
    Pss(rsa::Pss),
}

fn rsa_scheme(alg: Alg, message: &[u8]) -> Option<(RsaScheme, Vec<u8>)> {
    use sha2::digest::{const_oid::AssociatedOid, DynDigest};
    fn with<D>(pss: bool, message: &[u8]) -> (RsaScheme, Vec<u8>)
    where
        D: Digest + AssociatedOid + DynDigest + Send + Sync + 'static,
    {
        let scheme = if pss {
            // The salt as long as the hash (RFC 7518 §3.5).
            RsaScheme::Pss(rsa::Pss::new_with_salt::<D>(<D as Digest>::output_size()))
        } else {
            RsaScheme::Pkcs1(rsa::Pkcs1v15Sign::new::<D>())
        };
        (scheme, D::digest(message).to_vec())
    }
    Some(match alg {
        Alg::Rs256 => with::<Sha256>(false, message),
        Alg::Rs384 => with::<Sha384>(false, message),
        Alg::Rs512 => with::<Sha512>(false, message),
        Alg::Ps256 => with::<Sha256>(true, message),
        Alg::Ps384 => with::<Sha384>(true, message),
        Alg::Ps512 => with::<Sha512>(true, message),
        Alg::Es256 | Alg::EdDsa => return None,
    })
}

fn verify_with(key: &Public, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
    use rsa::traits::PublicKeyParts;
    match (key, alg) {
        (Public::Rsa(k), _) => {
            signature.len() == k.size()
                && match rsa_scheme(alg, message) {
                    Some((RsaScheme::Pkcs1(s), h)) => k.verify(s, &h, signature).is_ok(),
                    Some((RsaScheme::Pss(s), h)) => k.verify(s, &h, signature).is_ok(),
                    None => false,
                }
        }
        (Public::P256(k), Alg::Es256) => {
            use p256::ecdsa::signature::DigestVerifier;
            // `try_from` refuses a wrong length, and `r` or `s` of zero or `>= n`.
            p256::ecdsa::Signature::try_from(signature).is_ok_and(|sig| {
                k.verify_digest(Sha256::new_with_prefix(message), &sig)
                    .is_ok()
            })
        }
        (Public::Ed25519(k), Alg::EdDsa) => ed25519_compact::Signature::from_slice(signature)
            .is_ok_and(|sig| k.verify(message, &sig).is_ok()),
        // A key of another family: refused, never mapped to one of the above.
        _ => false,
    }
}

/// A signature over `message` with the PKCS#8 private key in `der` under `alg`; `seed` seeds the
/// randomness RSA takes (blinding, PSS salts). `None` when the bytes do not load as a key of
/// `alg`'s family, or the arithmetic fails.
pub fn sign(alg: Alg, der: &[u8], message: &[u8], seed: [u8; 32]) -> Option<Vec<u8>> {
    if alg == Alg::Es256 {
        // RFC 6979 (deterministic), as `SigningKey::sign_digest` computes it, from the scalar.
        use ecdsa::hazmat::SignPrimitive;
        let scalar = p256_scalar(der)?;
        let z = Sha256::digest(message);
        let (sig, _): (p256::ecdsa::Signature, _) = (*scalar)
            .try_sign_prehashed_rfc6979::<Sha256>(&z, &[])
            .ok()?;
        return Some(sig.to_bytes().to_vec());
    }
    let key = parse_pkcs8(alg, der)?;
    let mut rng = rand_chacha::ChaCha20Rng::from_seed(seed);
    match (&key, rsa_scheme(alg, message)) {
        (Private::Rsa(k), Some((RsaScheme::Pkcs1(s), h))) => k.sign_with_rng(&mut rng, s, &h),
        (Private::Rsa(k), Some((RsaScheme::Pss(s), h))) => k.sign_with_rng(&mut rng, s, &h),
        // RFC 8032: deterministic.
        (Private::Ed25519(k), None) if alg == Alg::EdDsa => {
            return Some(k.sk.sign(message, None).to_vec())
        }
        _ => return None,
    }
    .ok()
}

/// The Ed25519 public key of a 32-byte seed (RFC 8032 §5.1.5); `None` for the all-zero seed,
/// which ed25519-compact refuses.
pub fn ed25519_public(seed: &[u8; 32]) -> Option<[u8; 32]> {
    let kp = ed25519_compact::KeyPair::try_from_seed(ed25519_compact::Seed::new(*seed)).ok()?;
    Some(*kp.pk)
}

/// A new RSA key of `bits` bits (2048 … 4096) as PKCS#8 DER, its primes drawn from a generator
/// seeded with `seed`. `None` for another size, or when generation fails.
pub fn generate_rsa(bits: usize, seed: [u8; 32]) -> Option<Zeroizing<Vec<u8>>> {
    use rsa::pkcs8::EncodePrivateKey;
    if !(2048..=4096).contains(&bits) {
        return None;
    }
    let mut rng = rand_chacha::ChaCha20Rng::from_seed(seed);
    let key = rsa::RsaPrivateKey::new(&mut rng, bits).ok()?;
    let der = key.to_pkcs8_der().ok()?;
    Some(Zeroizing::new(der.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rsa_key() -> Vec<u8> {
        generate_rsa(2048, [7u8; 32]).expect("an RSA key").to_vec()
    }

    fn spki_of(alg: Alg, pkcs8: &[u8]) -> Vec<u8> {
        use p256::pkcs8::EncodePublicKey;
        match parse_pkcs8(alg, pkcs8).expect("the key loads").public() {
            Public::Rsa(k) => k.to_public_key_der().unwrap().into_vec(),
            Public::P256(k) => k.to_public_key_der().unwrap().into_vec(),
            Public::Ed25519(k) => [&ED25519_SPKI_PREFIX[..], &k[..]].concat(),
        }
    }

    /// Every algorithm signs, verifies with the SPKI and with the PKCS#8, refuses a flipped bit in
    /// the message and in the signature, and refuses the other families' keys; the deterministic
    /// ones give the same signature twice, RSA-PSS two different ones for two seeds.
    #[test]
    fn sign_verify_round_trips_and_refusals() {
        let rsa = rsa_key();
        let p256 = {
            use p256::pkcs8::EncodePrivateKey;
            let k = p256::ecdsa::SigningKey::from_slice(&[9u8; 32]).unwrap();
            k.to_pkcs8_der().unwrap().as_bytes().to_vec()
        };
        let ed = [&ED25519_PKCS8_PREFIX[..], &[5u8; 32][..]].concat();
        for alg in Alg::ALL {
            let key = match alg {
                Alg::Es256 => &p256,
                Alg::EdDsa => &ed,
                _ => &rsa,
            };
            let spki = spki_of(alg, key);
            let msg = b"header.payload";
            let sig = sign(alg, key, msg, [1u8; 32]).expect("signs");
            assert!(verify(alg, Form::Spki, &spki, msg, &sig), "{alg:?} spki");
            assert!(verify(alg, Form::Pkcs8, key, msg, &sig), "{alg:?} pkcs8");
            assert!(
                !verify(alg, Form::Spki, &spki, b"header.payloaD", &sig),
                "{alg:?} message"
            );
            let mut bad = sig.clone();
            bad[sig.len() / 2] ^= 1;
            assert!(
                !verify(alg, Form::Spki, &spki, msg, &bad),
                "{alg:?} signature"
            );
            assert!(
                !verify(alg, Form::Spki, &spki, msg, &sig[1..]),
                "{alg:?} short"
            );
            assert!(!verify(alg, Form::Spki, &spki, msg, &[]), "{alg:?} empty");
            let again = sign(alg, key, msg, [2u8; 32]).unwrap();
            let pss = matches!(alg, Alg::Ps256 | Alg::Ps384 | Alg::Ps512);
            assert_eq!(again == sig, !pss, "{alg:?} determinism");
            for other in [&rsa, &p256, &ed] {
                if std::ptr::eq(other, key) {
                    continue;
                }
                let other = other.as_slice();
                assert!(
                    sign(alg, other, msg, [1u8; 32]).is_none(),
                    "{alg:?} other key signs"
                );
                assert!(
                    !verify(alg, Form::Pkcs8, other, msg, &sig),
                    "{alg:?} other key"
                );
            }
            assert!(!verify(alg, Form::Spki, b"not der", msg, &sig));
            assert!(sign(alg, b"not der", msg, [1u8; 32]).is_none());
        }
    }

    /// ES256 from the scalar alone gives exactly `SigningKey::sign_digest`'s signatures (RFC 6979
    /// is deterministic), for 200 keys and messages; a PKCS#8 of another family gives none.
    #[test]
    fn es256_from_the_scalar_is_signing_keys_signature() {
        use p256::ecdsa::signature::DigestSigner;
        use p256::pkcs8::EncodePrivateKey;
        for i in 0..200u32 {
            let mut d = [0u8; 32];
            d[..4].copy_from_slice(&(i + 1).to_be_bytes());
            d[31] = 7;
            let k = p256::ecdsa::SigningKey::from_slice(&d).unwrap();
            let der = k.to_pkcs8_der().unwrap();
            let msg = format!("header.payload-{i}");
            let want: p256::ecdsa::Signature =
                k.sign_digest(Sha256::new_with_prefix(msg.as_bytes()));
            let got = sign(Alg::Es256, der.as_bytes(), msg.as_bytes(), [0u8; 32]).unwrap();
            assert_eq!(got, want.to_bytes().to_vec(), "key {i}");
        }
        assert!(sign(Alg::Es256, &rsa_key(), b"m", [0u8; 32]).is_none());
        assert!(p256_scalar(&[0x30, 0x00]).is_none());
    }

    #[test]
    fn codes_ed25519_public_and_sizes() {
        for alg in Alg::ALL {
            assert_eq!(Alg::from_code(alg as u32), Some(alg));
        }
        assert_eq!(Alg::from_code(0), None);
        assert_eq!(Alg::from_code(9), None);
        assert_eq!(Form::from_code(1), Some(Form::Spki));
        assert_eq!(Form::from_code(2), Some(Form::Pkcs8));
        assert_eq!(Form::from_code(3), None);
        // RFC 8032 §7.1, test 1.
        let seed: [u8; 32] = *b"\x9d\x61\xb1\x9d\xef\xfd\x5a\x60\xba\x84\x4a\xf4\x92\xec\x2c\xc4\x44\x49\xc5\x69\x7b\x32\x69\x19\x70\x3b\xac\x03\x1c\xae\x7f\x60";
        let pk = ed25519_public(&seed).unwrap();
        assert_eq!(
            pk,
            *b"\xd7\x5a\x98\x01\x82\xb1\x0a\xb7\xd5\x4b\xfe\xd3\xc9\x64\x07\x3a\x0e\xe1\x72\xf3\xda\xa6\x23\x25\xaf\x02\x1a\x68\xf7\x07\x51\x1a"
        );
        assert_eq!(ed25519_public(&[0u8; 32]), None);
        assert!(generate_rsa(1024, [1u8; 32]).is_none());
        assert!(generate_rsa(8192, [1u8; 32]).is_none());
    }
}
