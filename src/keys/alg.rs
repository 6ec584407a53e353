//! JWS algorithms this crate signs and verifies. `none` does not exist here.

use core::fmt;

/// A JWS `alg` value supported by sceyt-token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256.
    Hs256,
    /// HMAC with SHA-384.
    Hs384,
    /// HMAC with SHA-512.
    Hs512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (what SCEYT uses).
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// Ed25519.
    EdDsa,
}

/// The kind of key an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// RSA (RS*, PS*).
    Rsa,
    /// EC P-256 (ES256).
    P256,
    /// OKP Ed25519 (EdDSA).
    Ed25519,
    /// A shared secret (HS*).
    Hmac,
}

impl KeyKind {
    /// The algorithm a key of this kind uses unless told otherwise.
    pub const fn default_algorithm(self) -> Algorithm {
        match self {
            Self::Rsa => Algorithm::Rs256,
            Self::P256 => Algorithm::Es256,
            Self::Ed25519 => Algorithm::EdDsa,
            Self::Hmac => Algorithm::Hs256,
        }
    }

    /// Name for messages.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rsa => "RSA",
            Self::P256 => "EC P-256",
            Self::Ed25519 => "Ed25519",
            Self::Hmac => "HMAC secret",
        }
    }
}

impl Algorithm {
    /// Every algorithm, in a stable order.
    pub const ALL: [Algorithm; 11] = [
        Self::Hs256,
        Self::Hs384,
        Self::Hs512,
        Self::Rs256,
        Self::Rs384,
        Self::Rs512,
        Self::Ps256,
        Self::Ps384,
        Self::Ps512,
        Self::Es256,
        Self::EdDsa,
    ];

    /// The `alg` header value.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Hs384 => "HS384",
            Self::Hs512 => "HS512",
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Rs512 => "RS512",
            Self::Ps256 => "PS256",
            Self::Ps384 => "PS384",
            Self::Ps512 => "PS512",
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
        }
    }

    /// Parses an exact `alg` value (case-sensitive, as RFC 7515 requires).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The key kind this algorithm signs with.
    pub const fn key_kind(self) -> KeyKind {
        match self {
            Self::Hs256 | Self::Hs384 | Self::Hs512 => KeyKind::Hmac,
            Self::Rs256 | Self::Rs384 | Self::Rs512 | Self::Ps256 | Self::Ps384 | Self::Ps512 => {
                KeyKind::Rsa
            }
            Self::Es256 => KeyKind::P256,
            Self::EdDsa => KeyKind::Ed25519,
        }
    }

    /// Whether this build of the crate includes the algorithm (cargo features).
    pub const fn is_enabled(self) -> bool {
        match self.key_kind() {
            KeyKind::Hmac => cfg!(feature = "hmac"),
            KeyKind::Rsa => cfg!(feature = "rsa"),
            KeyKind::P256 => cfg!(feature = "ecdsa"),
            KeyKind::Ed25519 => cfg!(feature = "eddsa"),
        }
    }

    /// Output length of the hash (also the minimum HMAC secret length).
    pub const fn hash_len(self) -> usize {
        match self {
            Self::Hs384 | Self::Rs384 | Self::Ps384 => 48,
            Self::Hs512 | Self::Rs512 | Self::Ps512 => 64,
            Self::Hs256 | Self::Rs256 | Self::Ps256 | Self::Es256 | Self::EdDsa => 32,
        }
    }

    /// How the runtimes' native crypto (WebCrypto, `node:crypto`) names this algorithm; `None`
    /// for HMAC, which stays with the pure-Rust primitive (faster than a native call per token).
    pub const fn native(self) -> Option<NativeParams> {
        const fn rsa(
            hash: &'static str,
            node: &'static str,
            pss: bool,
            len: usize,
        ) -> NativeParams {
            NativeParams {
                name: if pss { "RSA-PSS" } else { "RSASSA-PKCS1-v1_5" },
                hash: Some(hash),
                curve: None,
                pss_salt: if pss { Some(len as u32) } else { None },
                node_digest: Some(node),
                node_p1363: false,
            }
        }
        match self {
            Self::Hs256 | Self::Hs384 | Self::Hs512 => None,
            Self::Rs256 => Some(rsa("SHA-256", "sha256", false, 32)),
            Self::Rs384 => Some(rsa("SHA-384", "sha384", false, 48)),
            Self::Rs512 => Some(rsa("SHA-512", "sha512", false, 64)),
            Self::Ps256 => Some(rsa("SHA-256", "sha256", true, 32)),
            Self::Ps384 => Some(rsa("SHA-384", "sha384", true, 48)),
            Self::Ps512 => Some(rsa("SHA-512", "sha512", true, 64)),
            Self::Es256 => Some(NativeParams {
                name: "ECDSA",
                hash: Some("SHA-256"),
                curve: Some("P-256"),
                pss_salt: None,
                node_digest: Some("sha256"),
                node_p1363: true,
            }),
            Self::EdDsa => Some(NativeParams {
                name: "Ed25519",
                hash: None,
                curve: None,
                pss_salt: None,
                node_digest: None,
                node_p1363: false,
            }),
        }
    }
}

/// An algorithm's parameters for the runtimes' native crypto ([`Algorithm::native`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativeParams {
    /// The WebCrypto algorithm name (`RSASSA-PKCS1-v1_5`, `RSA-PSS`, `ECDSA`, `Ed25519`).
    pub name: &'static str,
    /// The WebCrypto hash (`SHA-256`…), fixed per algorithm; `None` for Ed25519.
    pub hash: Option<&'static str>,
    /// The WebCrypto named curve (ECDSA).
    pub curve: Option<&'static str>,
    /// The RSA-PSS salt length in bytes (the hash length).
    pub pss_salt: Option<u32>,
    /// The `node:crypto` digest argument; `None` (JS `null`) for Ed25519.
    pub node_digest: Option<&'static str>,
    /// Whether `node:crypto` must be told `dsaEncoding: "ieee-p1363"` (JWS ECDSA signatures).
    pub node_p1363: bool,
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
