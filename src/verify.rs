//! The verifier: [`Verifier`] holds a [`KeySource`] and [`VerifyOptions`] and runs the one
//! decision (`crate::decision`) with the pure-Rust primitive; [`decode_unverified`] reads a token
//! without verifying it. The claim rules themselves live in `crate::rules`.

use serde_json::{Map, Value};

use crate::decision::{self, Verified};
use crate::error::{Error, Result};
use crate::jws::{self, UntrustedToken};
use crate::key_source::{KeyHolder, KeySource};
use crate::keys::Algorithm;
pub use crate::rules::{check_options, VerifyOptions};
use crate::time::NumericDate;
// The inspection report reaches the claim rules through this module.

/// Verifies SCEYT tokens with the pure-Rust primitive.
#[derive(Debug, Clone)]
pub struct Verifier {
    keys: KeySource,
    opts: VerifyOptions,
}

impl Verifier {
    /// A verifier; the allow-list defaults to the key's own algorithm.
    pub fn new(keys: KeySource, opts: VerifyOptions) -> Result<Self> {
        check_options(&opts)?;
        Ok(Self { keys, opts })
    }

    /// The allowed algorithms.
    pub fn algorithms(&self) -> Vec<Algorithm> {
        self.keys.keys().algorithms(self.opts.algorithms.as_deref())
    }
    /// The options.
    pub fn options(&self) -> &VerifyOptions {
        &self.opts
    }
    /// The keys.
    pub fn keys(&self) -> &KeySource {
        &self.keys
    }

    /// Verifies a token at `now` (seconds): the one decision, with the pure-Rust primitive.
    pub fn verify(&self, token: &str, now: NumericDate) -> Result<Verified> {
        decision::verify_with(&self.keys, token, now, &self.opts, &crate::primitive::Pure).result
    }
}

/// Decodes a token without verifying anything but its structure. Never trust the result.
pub fn decode_unverified(
    token: &str,
    max_len: usize,
) -> Result<(Map<String, Value>, Map<String, Value>)> {
    let tok = UntrustedToken::parse(token, max_len)?;
    if tok.payload_is_empty() {
        return Err(Error::malformed("the JWT payload is empty"));
    }
    let claims =
        crate::json::parse_object(tok.payload()).map_err(|e| jws::json_error("payload", e))?;
    Ok((tok.into_header().into_json(), claims))
}
