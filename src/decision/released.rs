//! What the decision releases: a [`SignedToken`] (the signature verified with a held key; its
//! claims still unchecked) and a [`Verified`] token (signature and claims). Only the drivers in
//! `decision/mod.rs` make a [`SignedToken`], so holding one is proof of the steps before.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::jws::{Header, UntrustedToken};
use crate::keys::Algorithm;
use crate::rules::{check_claim_set, VerifyOptions};
use crate::time::NumericDate;

/// A token whose signature verified with a held key. Only the decision's drivers make one
/// (`Pending::decide`, `Pending::decide_async`), so holding one is proof; its payload is
/// readable, its claims still unchecked.
#[derive(Debug, Clone)]
pub struct SignedToken {
    pub(super) key_index: usize,
    pub(super) alg: Algorithm,
    pub(super) token: UntrustedToken,
}

impl SignedToken {
    /// The index of the key that verified (in its holder).
    pub fn key_index(&self) -> usize {
        self.key_index
    }
    /// The algorithm that verified.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }
    /// The header.
    pub fn header(&self) -> &Header {
        self.token.header()
    }
    /// The payload bytes, now signed.
    pub fn payload(&self) -> &[u8] {
        self.token.payload()
    }

    /// After step 5 (the decision releases the token): every claim rule, on the signed payload.
    /// Returns the verified token.
    pub fn check_claims(self, now: NumericDate, opts: &VerifyOptions) -> Result<Verified> {
        let claims = crate::json::parse_object(self.payload())
            .map_err(|e| crate::jws::json_error("payload", e))?;
        check_claim_set(&claims, now, opts)?;
        // The strict parse above accepted it, so it is UTF-8 (not re-checked chunk by chunk as a
        // lossy conversion would).
        let raw_claims = core::str::from_utf8(self.payload())
            .map_err(|_| crate::jws::json_error("payload", crate::json::JsonError::NotUtf8))?
            .to_owned();
        let header = self.token.into_header();
        Ok(Verified {
            key_index: self.key_index,
            raw_header: header.raw().to_owned(),
            header: header.into_json(),
            claims,
            raw_claims,
        })
    }

    /// For `verifyCompact`: the header and payload, with no claim rules.
    pub fn into_parts(self) -> (Header, Vec<u8>) {
        self.token.into_parts()
    }
}

/// A verified token: signature and claims.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The index of the key that verified (in its holder).
    pub key_index: usize,
    /// The header.
    pub header: Map<String, Value>,
    /// The claims, now trusted.
    pub claims: Map<String, Value>,
    /// The header JSON text, exactly as signed.
    pub raw_header: String,
    /// The claims JSON text, exactly as signed.
    pub raw_claims: String,
}
