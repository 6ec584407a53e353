//! Keys: [`SigningKey`] (private key or HMAC secret) and [`VerifyingKey`] (public key or HMAC
//! secret), their import from PEM, DER, JWK and raw secrets, and their export.
//!
//! The algorithm follows from the key: a caller may pick among the algorithms of the key's
//! kind (RS256 → PS512 for RSA) but can never make a header claim an algorithm the key does
//! not sign with.

mod alg;
pub mod jwk;
pub mod pem;
mod set;

pub use alg::{Algorithm, KeyKind};
pub use set::KeySet;

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use der::{asn1::ObjectIdentifier, Decode};
use rand_core::{CryptoRng, RngCore, SeedableRng};
use zeroize::Zeroizing;

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

/// Smallest RSA modulus accepted (RFC 7518 §3.3).
pub const MIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus accepted (the `rsa` crate's limit, and a bound on verification cost).
pub const MAX_RSA_BITS: usize = 4096;

#[cfg(feature = "eddsa")]
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
#[cfg(feature = "eddsa")]
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

// ---------------------------------------------------------------------------------------------
// Key material

#[derive(Clone)]
pub(crate) enum Secret {
    #[cfg(feature = "rsa")]
    Rsa(Box<rsa::RsaPrivateKey>),
    #[cfg(feature = "ecdsa")]
    P256(p256::ecdsa::SigningKey),
    #[cfg(feature = "eddsa")]
    Ed25519(ed25519_compact::SecretKey),
    Hmac(Zeroizing<Vec<u8>>),
}

#[derive(Clone)]
pub(crate) enum Public {
    #[cfg(feature = "rsa")]
    Rsa(Box<rsa::RsaPublicKey>),
    #[cfg(feature = "ecdsa")]
    P256(p256::ecdsa::VerifyingKey),
    #[cfg(feature = "eddsa")]
    Ed25519(ed25519_compact::PublicKey),
    Hmac(Zeroizing<Vec<u8>>),
}

impl Public {
    pub(crate) fn kind(&self) -> KeyKind {
        match self {
            #[cfg(feature = "rsa")]
            Self::Rsa(_) => KeyKind::Rsa,
            #[cfg(feature = "ecdsa")]
            Self::P256(_) => KeyKind::P256,
            #[cfg(feature = "eddsa")]
            Self::Ed25519(_) => KeyKind::Ed25519,
            Self::Hmac(_) => KeyKind::Hmac,
        }
    }

    /// The jwt-compact JWK of the public key, for thumbprints and export.
    fn to_jwk(&self) -> Option<jwt_compact::jwk::JsonWebKey<'_>> {
        #[allow(unused_imports)] // unused when only `hmac` is enabled
        use jwt_compact::jwk::JsonWebKey;
        match self {
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => Some(JsonWebKey::from(&**k)),
            #[cfg(feature = "ecdsa")]
            Self::P256(k) => Some(JsonWebKey::from(k)),
            #[cfg(feature = "eddsa")]
            Self::Ed25519(k) => Some(JsonWebKey::from(k)),
            Self::Hmac(_) => None,
        }
    }

    /// RFC 7638 thumbprint (SHA-256, base64url); `None` for HMAC secrets, whose thumbprint
    /// would publish a hash of the secret.
    fn thumbprint(&self) -> Option<String> {
        let jwk = self.to_jwk()?;
        Some(Base64UrlUnpadded::encode_string(
            &jwk.thumbprint::<sha2::Sha256>(),
        ))
    }

    fn spki_der(&self) -> Result<Vec<u8>> {
        match self {
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => {
                use rsa::pkcs8::EncodePublicKey;
                Ok(k.to_public_key_der().map_err(internal)?.into_vec())
            }
            #[cfg(feature = "ecdsa")]
            Self::P256(k) => {
                use p256::pkcs8::EncodePublicKey;
                Ok(k.to_public_key_der().map_err(internal)?.into_vec())
            }
            #[cfg(feature = "eddsa")]
            Self::Ed25519(k) => {
                let mut v = ED25519_SPKI_PREFIX.to_vec();
                v.extend_from_slice(&k[..]);
                Ok(v)
            }
            Self::Hmac(_) => Err(Error::new(
                ErrorCode::KeyUsage,
                "an HMAC secret has no public key to export",
            )),
        }
    }

    fn rsa_bits(&self) -> usize {
        match self {
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                k.n().bits()
            }
            _ => 0,
        }
    }
}

/// RSA keys below 2048 bits are refused (RFC 7518 section 3.3).
fn check_rsa_strength(bits: usize, kind: KeyKind) -> Result<()> {
    if kind == KeyKind::Rsa && bits < MIN_RSA_BITS {
        return Err(Error::new(
            ErrorCode::KeyTooWeak,
            format!("RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"),
        ));
    }
    Ok(())
}

/// Encoding one of our own keys failed (never expected). The encoder's own text is not quoted:
/// no message carries more than its code and a fixed sentence about key material.
fn internal<E>(_: E) -> Error {
    Error::key_invalid("key encoding failed")
}

fn check_algorithm(kind: KeyKind, alg: Algorithm) -> Result<()> {
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

// ---------------------------------------------------------------------------------------------
// Options

/// Options common to key constructors.
#[derive(Debug, Clone, Default)]
pub struct KeyOptions {
    /// Algorithm override within the key's kind (e.g. PS256 for an RSA key).
    pub algorithm: Option<Algorithm>,
    /// `kid` to use instead of the default (RFC 7638 thumbprint for asymmetric keys).
    pub key_id: Option<String>,
}

/// The one rule for a key id, whether it comes from the `keyId` option or a JWK's `kid`: 1 to
/// 256 bytes, no control characters.
pub(crate) fn valid_key_id(kid: &str) -> bool {
    !kid.is_empty() && kid.len() <= 256 && !kid.chars().any(char::is_control)
}

fn check_key_id(kid: &str) -> Result<()> {
    if !valid_key_id(kid) {
        return Err(Error::invalid_arg(
            "keyId must be 1 to 256 characters without control characters",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// SigningKey

/// A private key (or HMAC secret) with its algorithm and key id. Zeroized on drop; `Debug`
/// shows only the algorithm and key id.
#[derive(Clone)]
pub struct SigningKey {
    secret: Secret,
    public: Public,
    alg: Algorithm,
    kid: Option<String>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.alg.name())
            .field("key_id", &self.kid)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl SigningKey {
    fn assemble(
        secret: Secret,
        public: Public,
        opts: &KeyOptions,
        jwk_kid: Option<String>,
    ) -> Result<Self> {
        let kind = public.kind();
        check_rsa_strength(public.rsa_bits(), kind)?;
        let alg = opts.algorithm.unwrap_or(kind.default_algorithm());
        check_algorithm(kind, alg)?;
        if let Some(k) = &opts.key_id {
            check_key_id(k)?;
        }
        let kid = opts
            .key_id
            .clone()
            .or(jwk_kid)
            .or_else(|| public.thumbprint());
        Ok(Self {
            secret,
            public,
            alg,
            kid,
        })
    }

    /// Imports a private key from PEM: PKCS#8 (`PRIVATE KEY`: RSA, P-256, Ed25519), PKCS#1
    /// (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`). Tolerates escaped newlines, CRLF,
    /// whitespace and quotes.
    pub fn from_pem(pem_text: &str, opts: &KeyOptions) -> Result<Self> {
        let block = pem::decode(pem_text)?;
        let (secret, public) = match block.label.as_str() {
            "PRIVATE KEY" => secret_from_pkcs8(&block.der)?,
            "RSA PRIVATE KEY" => secret_from_pkcs1(&block.der)?,
            "EC PRIVATE KEY" => secret_from_sec1(&block.der)?,
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => {
                return Err(Error::new(
                    ErrorCode::KeyUsage,
                    format!("this PEM is a {} (public); signing needs the private key", block.label),
                ))
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err(Error::key_unsupported(
                    "encrypted PKCS#8 keys are not supported; decrypt it first, e.g. `openssl pkey -in key.pem`",
                ))
            }
            "OPENSSH PRIVATE KEY" => {
                return Err(Error::key_unsupported(
                    "OpenSSH private keys are not supported; convert with `ssh-keygen -p -m PKCS8 -f key`",
                ))
            }
            other => {
                return Err(Error::key_unsupported(format!(
                    "PEM label {} is not a supported private key (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
                    quote_label(other)
                )))
            }
        };
        Self::assemble(secret, public, opts, None)
    }

    /// Imports a PKCS#8 DER private key.
    pub fn from_pkcs8_der(der: &[u8], opts: &KeyOptions) -> Result<Self> {
        let (secret, public) = secret_from_pkcs8(der)?;
        Self::assemble(secret, public, opts, None)
    }

    /// Imports an HMAC secret for `alg` (HS256 by default). The secret must be at least as
    /// long as the hash output, and must not be PEM text (algorithm-confusion guard).
    pub fn from_secret(secret: &[u8], opts: &KeyOptions) -> Result<Self> {
        let bytes = check_secret(secret, opts.algorithm)?;
        Self::assemble(Secret::Hmac(bytes.clone()), Public::Hmac(bytes), opts, None)
    }

    /// Imports a private JWK (RSA with `d`, `p`, `q`; EC P-256 or OKP Ed25519 with `d`; `oct`).
    #[allow(irrefutable_let_patterns)] // irrefutable when only `hmac` is enabled
    pub fn from_jwk(json: &serde_json::Value, opts: &KeyOptions) -> Result<Self> {
        let parsed = jwk::parse(json, jwk::Usage::Sign)?;
        let mut opts = opts.clone();
        if opts.algorithm.is_none() {
            opts.algorithm = parsed.alg;
        }
        let (secret, public) = jwk::secret_material(&parsed.jwk)?;
        if let Secret::Hmac(bytes) = &secret {
            check_secret(bytes, opts.algorithm)?;
        }
        Self::assemble(secret, public, &opts, parsed.kid)
    }

    /// Generates a key for `alg` with the given random source.
    pub fn generate<R: RngCore + CryptoRng>(
        alg: Algorithm,
        rng: &mut R,
        opts: &KeyOptions,
    ) -> Result<Self> {
        check_algorithm(alg.key_kind(), alg)?;
        let opts = KeyOptions {
            algorithm: Some(alg),
            key_id: opts.key_id.clone(),
        };
        let (secret, public) = match alg.key_kind() {
            #[cfg(feature = "rsa")]
            KeyKind::Rsa => {
                let k = rsa::RsaPrivateKey::new(rng, 2048).map_err(|e| {
                    Error::new(
                        ErrorCode::RuntimeUnsupported,
                        format!("RSA key generation failed: {e}"),
                    )
                })?;
                let p = k.to_public_key();
                (Secret::Rsa(Box::new(k)), Public::Rsa(Box::new(p)))
            }
            #[cfg(feature = "ecdsa")]
            KeyKind::P256 => {
                let k = p256::ecdsa::SigningKey::random(rng);
                let p = *k.verifying_key();
                (Secret::P256(k), Public::P256(p))
            }
            #[cfg(feature = "eddsa")]
            KeyKind::Ed25519 => {
                let mut seed = Zeroizing::new([0u8; 32]);
                rng.fill_bytes(&mut seed[..]);
                let kp = ed25519_compact::KeyPair::try_from_seed(ed25519_compact::Seed::new(*seed))
                    .map_err(|_| {
                        Error::new(
                            ErrorCode::RuntimeUnsupported,
                            "the random source returned an all-zero Ed25519 seed",
                        )
                    })?;
                (Secret::Ed25519(kp.sk), Public::Ed25519(kp.pk))
            }
            KeyKind::Hmac => {
                let mut b = Zeroizing::new(vec![0u8; alg.hash_len()]);
                rng.fill_bytes(&mut b);
                (Secret::Hmac(b.clone()), Public::Hmac(b))
            }
            #[allow(unreachable_patterns)]
            _ => {
                return Err(Error::key_unsupported(format!(
                    "algorithm {alg} is not included in this build"
                )))
            }
        };
        Self::assemble(secret, public, &opts, None)
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }
    /// The key id (`kid`), if any.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// The key kind.
    pub fn kind(&self) -> KeyKind {
        self.public.kind()
    }

    /// The public half (for HMAC: the same secret), with the same algorithm and key id.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            public: self.public.clone(),
            alg: Some(self.alg),
            kid: self.kid.clone(),
        }
    }

    /// PKCS#8 PEM of the private key. Refused for HMAC secrets.
    pub fn to_pem(&self) -> Result<Zeroizing<String>> {
        Ok(Zeroizing::new(pem::encode(
            "PRIVATE KEY",
            &self.to_pkcs8_der()?,
        )))
    }

    /// PKCS#8 DER of the private key (for `toPem` and native crypto). Refused for HMAC secrets.
    #[allow(unreachable_code)] // with only `hmac` enabled every arm returns early
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        Ok(match &self.secret {
            #[cfg(feature = "rsa")]
            Secret::Rsa(k) => {
                use rsa::pkcs8::EncodePrivateKey;
                Zeroizing::new(k.to_pkcs8_der().map_err(internal)?.as_bytes().to_vec())
            }
            #[cfg(feature = "ecdsa")]
            Secret::P256(k) => {
                use p256::pkcs8::EncodePrivateKey;
                Zeroizing::new(k.to_pkcs8_der().map_err(internal)?.as_bytes().to_vec())
            }
            #[cfg(feature = "eddsa")]
            Secret::Ed25519(k) => {
                let mut v = Zeroizing::new(ED25519_PKCS8_PREFIX.to_vec());
                v.extend_from_slice(&k.seed()[..]);
                v
            }
            Secret::Hmac(_) => {
                return Err(Error::new(
                    ErrorCode::KeyUsage,
                    "an HMAC secret has no PEM form",
                ))
            }
        })
    }

    /// Signs `message` with this key's algorithm.
    ///
    /// RSA signing uses blinding, which needs randomness: it is drawn once from the runtime
    /// (`getrandom`) into a ChaCha20 generator, so a runtime that refuses randomness gives
    /// `ERR_RUNTIME_UNSUPPORTED` instead of the panic that jwt-compact's `Rsa::sign` would raise.
    /// Ed25519 signs deterministically (RFC 8032), unlike jwt-compact's noisy signing.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        use jwt_compact::{Algorithm as _, AlgorithmSignature as _};
        match &self.secret {
            #[cfg(feature = "rsa")]
            Secret::Rsa(k) => {
                use sha2::Digest;
                let mut rng = runtime_rng()?;
                let hashed: Vec<u8> = match self.alg {
                    Algorithm::Rs384 | Algorithm::Ps384 => sha2::Sha384::digest(message).to_vec(),
                    Algorithm::Rs512 | Algorithm::Ps512 => sha2::Sha512::digest(message).to_vec(),
                    _ => sha2::Sha256::digest(message).to_vec(),
                };
                let res = match self.alg {
                    Algorithm::Rs256 => {
                        k.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &hashed)
                    }
                    Algorithm::Rs384 => {
                        k.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<sha2::Sha384>(), &hashed)
                    }
                    Algorithm::Rs512 => {
                        k.sign_with_rng(&mut rng, rsa::Pkcs1v15Sign::new::<sha2::Sha512>(), &hashed)
                    }
                    Algorithm::Ps256 => {
                        k.sign_with_rng(&mut rng, rsa::Pss::new::<sha2::Sha256>(), &hashed)
                    }
                    Algorithm::Ps384 => {
                        k.sign_with_rng(&mut rng, rsa::Pss::new::<sha2::Sha384>(), &hashed)
                    }
                    _ => k.sign_with_rng(&mut rng, rsa::Pss::new::<sha2::Sha512>(), &hashed),
                };
                res.map_err(|e| {
                    Error::new(ErrorCode::KeyInvalid, format!("RSA signing failed: {e}"))
                })
            }
            #[cfg(feature = "ecdsa")]
            Secret::P256(k) => Ok(jwt_compact::alg::Es256
                .sign(k, message)
                .as_bytes()
                .into_owned()),
            #[cfg(feature = "eddsa")]
            Secret::Ed25519(k) => Ok(k.sign(message, None).to_vec()),
            Secret::Hmac(bytes) => Ok(match self.alg {
                Algorithm::Hs384 => jwt_compact::alg::Hs384
                    .sign(&jwt_compact::alg::Hs384Key::new(&bytes[..]), message)
                    .as_bytes()
                    .into_owned(),
                Algorithm::Hs512 => jwt_compact::alg::Hs512
                    .sign(&jwt_compact::alg::Hs512Key::new(&bytes[..]), message)
                    .as_bytes()
                    .into_owned(),
                _ => jwt_compact::alg::Hs256
                    .sign(&jwt_compact::alg::Hs256Key::new(&bytes[..]), message)
                    .as_bytes()
                    .into_owned(),
            }),
        }
    }
}

/// A ChaCha20 generator seeded once from the runtime's random source.
pub fn runtime_rng() -> Result<rand_chacha::ChaCha20Rng> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(&mut seed[..]).map_err(|_| {
        Error::new(
            ErrorCode::RuntimeUnsupported,
            "the runtime refused to provide random numbers (crypto.getRandomValues); in Cloudflare Workers, sign inside a request handler, not at global scope",
        )
    })?;
    Ok(rand_chacha::ChaCha20Rng::from_seed(*seed))
}

fn check_secret(secret: &[u8], alg: Option<Algorithm>) -> Result<Zeroizing<Vec<u8>>> {
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
    if secret.len() > 1024 {
        return Err(Error::invalid_arg(
            "an HMAC secret may be at most 1024 bytes",
        ));
    }
    Ok(Zeroizing::new(secret.to_vec()))
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

#[allow(dead_code)] // unused when every algorithm family is enabled
fn feature_missing(what: &str) -> Error {
    Error::key_unsupported(format!(
        "{what} keys are not included in this build of sceyt-token"
    ))
}

fn secret_from_pkcs8(der: &[u8]) -> Result<(Secret, Public)> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|_| Error::key_invalid("not a valid PKCS#8 private key"))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        #[cfg(feature = "rsa")]
        {
            use rsa::pkcs1::DecodeRsaPrivateKey;
            return rsa_secret(
                rsa::RsaPrivateKey::from_pkcs1_der(info.private_key)
                    .map_err(|_| Error::key_invalid("invalid RSA private key in PKCS#8")),
            );
        }
        #[cfg(not(feature = "rsa"))]
        return Err(feature_missing("RSA"));
    }
    if oid == OID_EC {
        require_p256(info.algorithm.parameters_oid().ok())?;
        #[cfg(feature = "ecdsa")]
        {
            use p256::pkcs8::DecodePrivateKey;
            let sk = p256::SecretKey::from_pkcs8_der(der)
                .map_err(|_| Error::key_invalid("invalid P-256 private key in PKCS#8"))?;
            return Ok(p256_secret(sk));
        }
        #[cfg(not(feature = "ecdsa"))]
        return Err(feature_missing("EC P-256"));
    }
    if oid == OID_ED25519 {
        #[cfg(feature = "eddsa")]
        {
            let seed = der::asn1::OctetStringRef::from_der(info.private_key).map_err(|_| {
                Error::key_invalid("invalid Ed25519 private key: expected an OCTET STRING")
            })?;
            return ed25519_secret(seed.as_bytes());
        }
        #[cfg(not(feature = "eddsa"))]
        return Err(feature_missing("Ed25519"));
    }
    Err(unsupported_oid(oid))
}

fn secret_from_pkcs1(der: &[u8]) -> Result<(Secret, Public)> {
    #[cfg(feature = "rsa")]
    {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        rsa_secret(
            rsa::RsaPrivateKey::from_pkcs1_der(der)
                .map_err(|_| Error::key_invalid("invalid PKCS#1 RSA private key")),
        )
    }
    #[cfg(not(feature = "rsa"))]
    {
        let _ = der;
        Err(feature_missing("RSA"))
    }
}

fn secret_from_sec1(der: &[u8]) -> Result<(Secret, Public)> {
    #[cfg(feature = "ecdsa")]
    {
        let sk = p256::SecretKey::from_sec1_der(der).map_err(|_| {
            Error::key_unsupported(
                "not a valid SEC1 P-256 private key (only the P-256 curve is supported)",
            )
        })?;
        Ok(p256_secret(sk))
    }
    #[cfg(not(feature = "ecdsa"))]
    {
        let _ = der;
        Err(feature_missing("EC P-256"))
    }
}

#[cfg(feature = "rsa")]
pub(crate) fn rsa_secret(k: Result<rsa::RsaPrivateKey>) -> Result<(Secret, Public)> {
    use rsa::traits::PublicKeyParts;
    let k = k?;
    let bits = k.n().bits();
    check_rsa_strength(bits, KeyKind::Rsa)?;
    if bits > MAX_RSA_BITS {
        return Err(Error::key_unsupported(format!(
            "RSA key has {bits} bits; at most {MAX_RSA_BITS} are supported"
        )));
    }
    k.validate().map_err(|_| {
        Error::key_invalid(
            "RSA private key is inconsistent (its modulus, exponents and primes do not agree)",
        )
    })?;
    let p = k.to_public_key();
    Ok((Secret::Rsa(Box::new(k)), Public::Rsa(Box::new(p))))
}

#[cfg(feature = "ecdsa")]
pub(crate) fn p256_secret(sk: p256::SecretKey) -> (Secret, Public) {
    let k = p256::ecdsa::SigningKey::from(sk);
    let p = *k.verifying_key();
    (Secret::P256(k), Public::P256(p))
}

#[cfg(feature = "eddsa")]
pub(crate) fn ed25519_secret(seed: &[u8]) -> Result<(Secret, Public)> {
    let seed = ed25519_compact::Seed::from_slice(seed).map_err(|_| {
        Error::key_invalid("invalid Ed25519 private key: the seed must be 32 bytes")
    })?;
    // `KeyPair::from_seed` panics on an all-zero seed (a trap in wasm): refuse it instead.
    let kp = ed25519_compact::KeyPair::try_from_seed(seed)
        .map_err(|_| Error::key_invalid("invalid Ed25519 private key: the seed is all zeros"))?;
    Ok((Secret::Ed25519(kp.sk), Public::Ed25519(kp.pk)))
}

// ---------------------------------------------------------------------------------------------
// VerifyingKey

/// A public key (or HMAC secret) that verifies signatures, with an optional declared algorithm
/// (a JWK's `alg`) and key id.
#[derive(Clone)]
pub struct VerifyingKey {
    pub(crate) public: Public,
    pub(crate) alg: Option<Algorithm>,
    pub(crate) kid: Option<String>,
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kind", &self.public.kind().name())
            .field("algorithm", &self.alg.map(Algorithm::name))
            .field("key_id", &self.kid)
            .finish()
    }
}

impl VerifyingKey {
    fn assemble(
        public: Public,
        opts: &KeyOptions,
        kid: Option<String>,
        declared: Option<Algorithm>,
    ) -> Result<Self> {
        let kind = public.kind();
        check_rsa_strength(public.rsa_bits(), kind)?;
        let alg = opts.algorithm.or(declared);
        if let Some(a) = alg {
            check_algorithm(kind, a)?;
        }
        if let Some(k) = &opts.key_id {
            check_key_id(k)?;
        }
        let kid = opts.key_id.clone().or(kid).or_else(|| public.thumbprint());
        Ok(Self { public, alg, kid })
    }

    /// Imports a public key from PEM: SPKI (`PUBLIC KEY`), PKCS#1 (`RSA PUBLIC KEY`), an X.509
    /// `CERTIFICATE` (its subject public key), or a private key PEM (its public half).
    pub fn from_pem(pem_text: &str, opts: &KeyOptions) -> Result<Self> {
        let block = pem::decode(pem_text)?;
        let public = match block.label.as_str() {
            "PUBLIC KEY" => public_from_spki(&block.der)?,
            "RSA PUBLIC KEY" => public_from_pkcs1(&block.der)?,
            "CERTIFICATE" => {
                use der::Encode;
                let cert = x509_cert::Certificate::from_der(&block.der)
                    .map_err(|_| Error::key_invalid("not a valid X.509 certificate"))?;
                let spki = cert
                    .tbs_certificate
                    .subject_public_key_info
                    .to_der()
                    .map_err(internal)?;
                public_from_spki(&spki)?
            }
            "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
                return Ok(SigningKey::from_pem(pem_text, opts)?.verifying_key())
            }
            other => {
                return Err(Error::key_unsupported(format!(
                    "PEM label {} is not a supported public key (expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)",
                    quote_label(other)
                )))
            }
        };
        Self::assemble(public, opts, None, None)
    }

    /// Imports an SPKI DER public key.
    pub fn from_spki_der(der: &[u8], opts: &KeyOptions) -> Result<Self> {
        Self::assemble(public_from_spki(der)?, opts, None, None)
    }

    /// Imports an HMAC secret for verification.
    pub fn from_secret(secret: &[u8], opts: &KeyOptions) -> Result<Self> {
        let bytes = check_secret(secret, opts.algorithm)?;
        Self::assemble(Public::Hmac(bytes), opts, None, None)
    }

    /// Imports a JWK (public, private or `oct`), honouring `kty`, `crv`, `alg`, `use`, `key_ops`.
    #[allow(irrefutable_let_patterns)] // irrefutable when only `hmac` is enabled
    pub fn from_jwk(json: &serde_json::Value, opts: &KeyOptions) -> Result<Self> {
        let parsed = jwk::parse(json, jwk::Usage::Verify)?;
        let public = jwk::public_material(&parsed.jwk)?;
        if let Public::Hmac(bytes) = &public {
            check_secret(bytes, opts.algorithm.or(parsed.alg))?;
        }
        Self::assemble(public, opts, parsed.kid, parsed.alg)
    }

    /// The declared algorithm, or the key kind's default.
    pub fn algorithm(&self) -> Algorithm {
        self.alg.unwrap_or(self.public.kind().default_algorithm())
    }
    /// Whether the algorithm was declared (by a JWK `alg`, an option, or a signing key).
    pub fn has_declared_algorithm(&self) -> bool {
        self.alg.is_some()
    }
    /// The key id, if any.
    pub fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// The key kind.
    pub fn kind(&self) -> KeyKind {
        self.public.kind()
    }

    /// Whether this key can check a signature made with `alg` (same kind, and the declared
    /// algorithm if there is one).
    pub fn accepts(&self, alg: Algorithm) -> bool {
        alg.key_kind() == self.public.kind()
            && self.alg.is_none_or(|a| a == alg)
            && alg.is_enabled()
    }

    /// SPKI PEM of the public key. Refused for HMAC secrets.
    pub fn to_pem(&self) -> Result<String> {
        Ok(pem::encode("PUBLIC KEY", &self.public.spki_der()?))
    }

    /// SPKI DER (for native crypto). Refused for HMAC secrets.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        self.public.spki_der()
    }

    /// Public JWK with `kid`, `alg` and `use: "sig"`. Refused for HMAC secrets.
    pub fn to_jwk(&self) -> Result<serde_json::Value> {
        let Some(j) = self.public.to_jwk() else {
            return Err(Error::new(
                ErrorCode::KeyUsage,
                "an HMAC secret is not exported as a public JWK",
            ));
        };
        let mut v = serde_json::to_value(&j).map_err(internal)?;
        if let Some(obj) = v.as_object_mut() {
            if let Some(k) = &self.kid {
                obj.insert("kid".into(), k.clone().into());
            }
            obj.insert("alg".into(), self.algorithm().name().into());
            obj.insert("use".into(), "sig".into());
        }
        Ok(v)
    }

    /// Length and range checks a signature must pass before any arithmetic: RSA signatures as
    /// long as the modulus, ECDSA `r` and `s` in `1..n` (CVE-2022-21449), fixed lengths otherwise.
    pub fn signature_shape_ok(&self, alg: Algorithm, signature: &[u8]) -> bool {
        if !self.accepts(alg) {
            return false;
        }
        match &self.public {
            #[cfg(feature = "rsa")]
            Public::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                signature.len() == k.size()
            }
            #[cfg(feature = "ecdsa")]
            Public::P256(_) => {
                signature.len() == 64 && p256::ecdsa::Signature::try_from(signature).is_ok()
            }
            #[cfg(feature = "eddsa")]
            Public::Ed25519(_) => signature.len() == 64,
            Public::Hmac(_) => signature.len() == alg.hash_len(),
        }
    }

    /// Verifies `signature` over `message` with `alg`. The caller has already checked that the
    /// key accepts `alg`. Wrong-length signatures are refused before any arithmetic (jwt-compact's
    /// Ed25519 `try_from_slice` would panic on them).
    pub fn verify_signature(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        use jwt_compact::{Algorithm as _, AlgorithmSignature};
        if !self.signature_shape_ok(alg, signature) {
            return false;
        }
        match &self.public {
            #[cfg(feature = "rsa")]
            Public::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                if signature.len() != k.size() {
                    return false;
                }
                let algo = match alg {
                    Algorithm::Rs256 => jwt_compact::alg::Rsa::rs256(),
                    Algorithm::Rs384 => jwt_compact::alg::Rsa::rs384(),
                    Algorithm::Rs512 => jwt_compact::alg::Rsa::rs512(),
                    Algorithm::Ps256 => jwt_compact::alg::Rsa::ps256(),
                    Algorithm::Ps384 => jwt_compact::alg::Rsa::ps384(),
                    _ => jwt_compact::alg::Rsa::ps512(),
                };
                match jwt_compact::alg::RsaSignature::try_from_slice(signature) {
                    Ok(sig) => algo.verify_signature(&sig, k, message),
                    Err(_) => false,
                }
            }
            #[cfg(feature = "ecdsa")]
            Public::P256(k) => {
                if signature.len() != 64 {
                    return false;
                }
                // Signature::try_from rejects r or s equal to zero or >= n (CVE-2022-21449).
                match p256::ecdsa::Signature::try_from_slice(signature) {
                    Ok(sig) => jwt_compact::alg::Es256.verify_signature(&sig, k, message),
                    Err(_) => false,
                }
            }
            #[cfg(feature = "eddsa")]
            Public::Ed25519(k) => {
                if signature.len() != ed25519_compact::Signature::BYTES {
                    return false;
                }
                match ed25519_compact::Signature::try_from_slice(signature) {
                    Ok(sig) => jwt_compact::alg::Ed25519.verify_signature(&sig, k, message),
                    Err(_) => false,
                }
            }
            Public::Hmac(bytes) => {
                if signature.len() != alg.hash_len() {
                    return false;
                }
                match alg {
                    Algorithm::Hs384 => jwt_compact::alg::Hs384Signature::try_from_slice(signature)
                        .is_ok_and(|s| {
                            jwt_compact::alg::Hs384.verify_signature(
                                &s,
                                &jwt_compact::alg::Hs384Key::new(&bytes[..]),
                                message,
                            )
                        }),
                    Algorithm::Hs512 => jwt_compact::alg::Hs512Signature::try_from_slice(signature)
                        .is_ok_and(|s| {
                            jwt_compact::alg::Hs512.verify_signature(
                                &s,
                                &jwt_compact::alg::Hs512Key::new(&bytes[..]),
                                message,
                            )
                        }),
                    _ => {
                        jwt_compact::alg::Hs256Signature::try_from_slice(signature).is_ok_and(|s| {
                            jwt_compact::alg::Hs256.verify_signature(
                                &s,
                                &jwt_compact::alg::Hs256Key::new(&bytes[..]),
                                message,
                            )
                        })
                    }
                }
            }
        }
    }
}

fn public_from_spki(der: &[u8]) -> Result<Public> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|_| Error::key_invalid("not a valid SubjectPublicKeyInfo (SPKI) public key"))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        #[cfg(feature = "rsa")]
        {
            use rsa::pkcs8::DecodePublicKey;
            return rsa::RsaPublicKey::from_public_key_der(der)
                .map(|k| Public::Rsa(Box::new(k)))
                .map_err(|e| rsa_public_error(&e.to_string()));
        }
        #[cfg(not(feature = "rsa"))]
        return Err(feature_missing("RSA"));
    }
    if oid == OID_EC {
        require_p256(info.algorithm.parameters_oid().ok())?;
        #[cfg(feature = "ecdsa")]
        {
            let point = info.subject_public_key.as_bytes().unwrap_or_default();
            return p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(Public::P256)
                .map_err(|_| {
                    Error::key_invalid("invalid P-256 public key: not a point on the curve")
                });
        }
        #[cfg(not(feature = "ecdsa"))]
        return Err(feature_missing("EC P-256"));
    }
    if oid == OID_ED25519 {
        #[cfg(feature = "eddsa")]
        {
            let raw = info.subject_public_key.as_bytes().unwrap_or_default();
            return ed25519_compact::PublicKey::from_slice(raw)
                .map(Public::Ed25519)
                .map_err(|_| Error::key_invalid("invalid Ed25519 public key: expected 32 bytes"));
        }
        #[cfg(not(feature = "eddsa"))]
        return Err(feature_missing("Ed25519"));
    }
    Err(unsupported_oid(oid))
}

#[cfg(feature = "rsa")]
fn rsa_public_error(detail: &str) -> Error {
    if detail.contains("too large") || detail.contains("ModulusTooLarge") {
        Error::key_unsupported(format!("RSA key is larger than {MAX_RSA_BITS} bits"))
    } else {
        Error::key_invalid("invalid RSA public key")
    }
}

fn public_from_pkcs1(der: &[u8]) -> Result<Public> {
    #[cfg(feature = "rsa")]
    {
        use rsa::pkcs1::DecodeRsaPublicKey;
        rsa::RsaPublicKey::from_pkcs1_der(der)
            .map(|k| Public::Rsa(Box::new(k)))
            .map_err(|e| rsa_public_error(&e.to_string()))
    }
    #[cfg(not(feature = "rsa"))]
    {
        let _ = der;
        Err(feature_missing("RSA"))
    }
}
