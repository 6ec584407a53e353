//! Key sets (JWKS): select the verifying key by `kid`, or by algorithm when there is no `kid`.

use serde_json::Value;

use super::{Algorithm, KeyOptions, VerifyingKey};
use crate::error::{Error, ErrorCode, Result};

/// Most keys accepted in one set.
pub const MAX_KEYS: usize = 100;

/// A set of verifying keys, as published in a JWKS.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    keys: Vec<VerifyingKey>,
    skipped: Vec<String>,
}

impl KeySet {
    /// A set from keys.
    pub fn new(keys: Vec<VerifyingKey>) -> Self {
        Self {
            keys,
            skipped: Vec::new(),
        }
    }

    /// Parses `{"keys": [...]}`. Keys this crate cannot use for verification (encryption keys,
    /// unsupported curves or key types) are skipped, as other JWKS consumers do, and listed in
    /// [`KeySet::skipped`]; a key that is unusable because it is malformed is an error.
    pub fn from_jwks(json: &Value) -> Result<Self> {
        let Some(Value::Array(keys)) = json.get("keys") else {
            return Err(Error::key_invalid(
                "a JWKS must be an object with a \"keys\" array",
            ));
        };
        if keys.len() > MAX_KEYS {
            return Err(Error::invalid_arg(format!(
                "the JWKS has {} keys; at most {MAX_KEYS} are accepted",
                keys.len()
            )));
        }
        let mut set = KeySet::default();
        for (i, k) in keys.iter().enumerate() {
            match VerifyingKey::from_jwk(k, &KeyOptions::default()) {
                Ok(vk) => set.keys.push(vk),
                Err(e) if matches!(e.code(), ErrorCode::KeyUnsupported | ErrorCode::KeyUsage) => {
                    set.skipped.push(format!("key {i}: {}", e.message()));
                }
                Err(e) => {
                    return Err(Error::new(
                        e.code(),
                        format!("JWKS key {i}: {}", e.message()),
                    ))
                }
            }
        }
        Ok(set)
    }

    /// The usable keys.
    pub fn keys(&self) -> &[VerifyingKey] {
        &self.keys
    }

    /// Why some keys of the JWKS were skipped.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// The indices of the keys that may verify a token with this `kid` and `alg`, in set order.
    pub fn candidates(&self, kid: Option<&str>, alg: Algorithm) -> Result<Vec<usize>> {
        let by_kid: Vec<usize> = match kid {
            Some(kid) => {
                let v: Vec<_> = (0..self.keys.len())
                    .filter(|i| self.keys[*i].key_id() == Some(kid))
                    .collect();
                if v.is_empty() {
                    let kids: Vec<&str> = self.keys.iter().filter_map(|k| k.key_id()).collect();
                    return Err(Error::new(
                        ErrorCode::KeyNotFound,
                        format!(
                            "no key with kid {:?} in the key set (it has {})",
                            crate::error::clip(kid, 64),
                            if kids.is_empty() {
                                "no kids".to_owned()
                            } else {
                                kids.join(", ")
                            }
                        ),
                    ));
                }
                v
            }
            None => (0..self.keys.len()).collect(),
        };
        let fit: Vec<_> = by_kid
            .into_iter()
            .filter(|i| self.keys[*i].accepts(alg))
            .collect();
        if fit.is_empty() {
            return Err(Error::new(
                ErrorCode::KeyNotFound,
                match kid {
                    Some(kid) => format!(
                        "the key with kid {:?} cannot verify {alg} tokens",
                        crate::error::clip(kid, 64)
                    ),
                    None => format!("no key in the key set verifies {alg} tokens"),
                },
            ));
        }
        Ok(fit)
    }
}
