//! [`KeyOptions`]: what every key constructor takes besides the key.

use super::Algorithm;

/// Options common to key constructors.
#[derive(Debug, Clone, Default)]
pub struct KeyOptions {
    /// Algorithm override within the key's kind (e.g. PS256 for an RSA key).
    pub algorithm: Option<Algorithm>,
    /// `kid` to use instead of the default (RFC 7638 thumbprint for asymmetric keys).
    pub key_id: Option<String>,
}
