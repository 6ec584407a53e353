//! What the decision releases: a [`SignedToken`] (the signature verified with a held key; its
//! claims still unchecked) and a [`Verified`] token (signature and claims). Only the drivers in
//! `decision/mod.rs` make a [`SignedToken`], so holding one is proof of the steps before.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::json::scan::Scanned;
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
    /// Returns the verified token. The payload is read by the strict scanner when it accepts it
    /// (no tree built: the claims' `Map` is made only if asked for), else by the full parser.
    pub fn check_claims(self, now: NumericDate, opts: &VerifyOptions) -> Result<Verified> {
        let payload = self.token.payload();
        let (claims, raw_claims) = match Scanned::scan(payload) {
            Some(scanned) => {
                check_claim_set(&scanned, now, opts)?;
                (OnceLock::new(), scanned.text().to_owned())
            }
            None => {
                let claims = crate::json::parse_object(payload)
                    .map_err(|e| crate::jws::json_error("payload", e))?;
                check_claim_set(&claims, now, opts)?;
                // The strict parse accepted it, so it is UTF-8 (not re-checked chunk by chunk
                // as a lossy conversion would).
                let raw = core::str::from_utf8(payload).map_err(|_| {
                    crate::jws::json_error("payload", crate::json::JsonError::NotUtf8)
                })?;
                (OnceLock::from(claims), raw.to_owned())
            }
        };
        let header = self.token.into_header();
        Ok(Verified {
            key_index: self.key_index,
            alg: self.alg,
            kid: header.kid().map(str::to_owned),
            raw_header: header.raw().to_owned(),
            header: OnceLock::new(),
            claims,
            raw_claims,
        })
    }

    /// For `verifyCompact`: the header and payload, with no claim rules.
    pub fn into_parts(self) -> (Header, Vec<u8>) {
        self.token.into_parts()
    }
}

/// A verified token: signature and claims. Its header and claims as `Map`s are parsed from its
/// texts on first use (the verifier hands the texts to JavaScript and never needs them).
#[derive(Debug, Clone)]
pub struct Verified {
    /// The index of the key that verified (in its holder).
    pub key_index: usize,
    /// The algorithm that verified.
    alg: Algorithm,
    /// The header's `kid`, if any.
    kid: Option<String>,
    header: OnceLock<Map<String, Value>>,
    claims: OnceLock<Map<String, Value>>,
    /// The header JSON text, exactly as signed.
    pub raw_header: String,
    /// The claims JSON text, exactly as signed.
    pub raw_claims: String,
}

/// Verified tokens are equal when the same key verified the same texts.
impl PartialEq for Verified {
    fn eq(&self, other: &Self) -> bool {
        self.key_index == other.key_index
            && self.raw_header == other.raw_header
            && self.raw_claims == other.raw_claims
    }
}

/// A text the decision accepted strictly, as a `Map` (never fails: the same rules accepted it).
fn parsed(text: &str) -> Map<String, Value> {
    crate::json::parse_object(text.as_bytes()).unwrap_or_default()
}

/// Whether a strict object text is flat: every member a string, number, boolean or null, none
/// named `__proto__`.
fn flat(text: &str) -> bool {
    match Scanned::scan(text.as_bytes()) {
        Some(s) => s.is_flat(),
        None => {
            let m = parsed(text);
            !m.contains_key("__proto__") && m.values().all(|x| !x.is_object() && !x.is_array())
        }
    }
}

impl Verified {
    /// The header's members.
    pub fn header(&self) -> &Map<String, Value> {
        self.header.get_or_init(|| parsed(&self.raw_header))
    }
    /// The claims, now trusted.
    pub fn claims(&self) -> &Map<String, Value> {
        self.claims.get_or_init(|| parsed(&self.raw_claims))
    }
    /// The claims, by value.
    pub fn into_claims(self) -> Map<String, Value> {
        self.claims();
        self.claims.into_inner().unwrap_or_default()
    }
    /// The algorithm that verified.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }
    /// The header's `kid`, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    /// Whether the header and the claims are both flat: every member a string, number, boolean or
    /// null, and none named `__proto__`.
    pub fn is_flat(&self) -> bool {
        flat(&self.raw_header) && flat(&self.raw_claims)
    }
}
