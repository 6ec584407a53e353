//! The verifier: signature first, then claims, with the time semantics of RFC 7519:
//! expired when `now >= exp + tolerance`; not yet valid when `now < nbf - tolerance`;
//! `iat` later than `now + tolerance` is refused.

use serde_json::{Map, Value};

use crate::claims::{string_claim, time_claim};
use crate::error::{Error, ErrorCode, Result};
use crate::jws::{self, Keys, UntrustedToken};
use crate::keys::{Algorithm, KeySet, VerifyingKey};
use crate::policy::LifetimePolicy;
use crate::time::{human_duration, iso8601, NumericDate};

/// Verification options.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Expected `aid`.
    pub application_id: Option<String>,
    /// Allowed algorithms; `None` = the key's own.
    pub algorithms: Option<Vec<Algorithm>>,
    /// Clock skew tolerance in seconds (default 0).
    pub clock_tolerance: i64,
    /// Lifetime window checked on `exp - iat`; `None` disables the check.
    pub policy: Option<LifetimePolicy>,
    /// Longest token accepted (default 8 KiB).
    pub max_token_length: usize,
    /// Claims that must be present (default `sub`, `iat`, `exp`).
    pub required_claims: Vec<String>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            application_id: None,
            algorithms: None,
            clock_tolerance: 0,
            policy: Some(LifetimePolicy::default()),
            max_token_length: jws::DEFAULT_MAX_TOKEN_LENGTH,
            required_claims: vec!["sub".into(), "iat".into(), "exp".into()],
        }
    }
}

/// What a verifier checks tokens against.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// One key.
    One(VerifyingKey),
    /// A key set.
    Set(KeySet),
}

impl KeySource {
    /// Borrowed form.
    pub fn as_keys(&self) -> Keys<'_> {
        match self {
            KeySource::One(k) => Keys::One(k),
            KeySource::Set(s) => Keys::Set(s),
        }
    }
}

/// A verified token.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The header.
    pub header: Map<String, Value>,
    /// The claims, now trusted.
    pub claims: Map<String, Value>,
    /// The header JSON text, exactly as signed.
    pub raw_header: String,
    /// The claims JSON text, exactly as signed.
    pub raw_claims: String,
}

/// Verifies SCEYT tokens.
#[derive(Debug, Clone)]
pub struct Verifier {
    keys: KeySource,
    opts: VerifyOptions,
    algorithms: Vec<Algorithm>,
}

impl Verifier {
    /// A verifier; the allow-list defaults to the key's own algorithm.
    pub fn new(keys: KeySource, opts: VerifyOptions) -> Result<Self> {
        if opts.clock_tolerance < 0 {
            return Err(Error::invalid_arg("clockTolerance must not be negative"));
        }
        let algorithms = match &opts.algorithms {
            Some(a) if a.is_empty() => {
                return Err(Error::invalid_arg(
                    "algorithms must list at least one algorithm",
                ))
            }
            Some(a) => a.clone(),
            None => keys.as_keys().default_algorithms(),
        };
        if let Some(app) = &opts.application_id {
            crate::claims::check_id(app, "applicationId")?;
        }
        Ok(Self {
            keys,
            opts,
            algorithms,
        })
    }

    /// The allowed algorithms.
    pub fn algorithms(&self) -> &[Algorithm] {
        &self.algorithms
    }
    /// The options.
    pub fn options(&self) -> &VerifyOptions {
        &self.opts
    }
    /// The keys.
    pub fn keys(&self) -> &KeySource {
        &self.keys
    }

    /// Parses a token and selects its candidate keys; the signature is not checked yet.
    pub fn parse<'t>(&self, token: &'t str) -> Result<UntrustedToken<'t>> {
        let tok = UntrustedToken::parse(token, self.opts.max_token_length)?;
        if tok.payload.is_empty() {
            return Err(Error::malformed("the JWT payload is empty"));
        }
        Ok(tok)
    }

    /// Verifies a token at `now` (seconds).
    pub fn verify(&self, token: &str, now: NumericDate) -> Result<Verified> {
        let tok = self.parse(token)?;
        jws::verify_signature(&tok, self.keys.as_keys(), &self.algorithms)?;
        let claims = self.check_claims(&tok.payload, now)?;
        Ok(Verified {
            header: tok.header.json,
            claims,
            raw_header: tok.header.raw,
            raw_claims: String::from_utf8_lossy(&tok.payload).into_owned(),
        })
    }

    /// Decodes the payload and checks every claim rule (after the signature has verified).
    pub fn check_claims(&self, payload: &[u8], now: NumericDate) -> Result<Map<String, Value>> {
        let claims =
            crate::json::parse_object(payload).map_err(|e| jws::json_error("payload", e))?;
        check_claims(&claims, now, &self.opts)?;
        Ok(claims)
    }
}

/// Every claim rule, in order: types, required claims, exp, nbf, iat, lifetime, aid.
pub fn check_claims(
    claims: &Map<String, Value>,
    now: NumericDate,
    opts: &VerifyOptions,
) -> Result<()> {
    let exp = time_claim(claims, "exp")?;
    let nbf = time_claim(claims, "nbf")?;
    let iat = time_claim(claims, "iat")?;
    string_claim(claims, "sub")?;
    let aid = string_claim(claims, "aid")?;
    for name in &opts.required_claims {
        if !claims.contains_key(name.as_str()) {
            return Err(Error::claim(
                ErrorCode::ClaimInvalid,
                name,
                "missing",
                format!("the required claim {name:?} is missing"),
            ));
        }
    }
    let tol = opts.clock_tolerance;
    if let Some(exp) = exp {
        check_exp(exp, now, tol)?;
    }
    if let Some(nbf) = nbf {
        check_nbf(nbf, now, tol)?;
    }
    if let Some(iat) = iat {
        check_iat(iat, now, tol)?;
    }
    if let (Some(policy), Some(exp), Some(iat)) = (opts.policy, exp, iat) {
        policy.check(exp - iat)?;
    }
    if let Some(expected) = &opts.application_id {
        check_aid(aid, expected)?;
    }
    Ok(())
}

/// `now >= exp + tolerance` → expired.
pub fn check_exp(exp: NumericDate, now: NumericDate, tol: i64) -> Result<()> {
    if now >= exp.saturating_add(tol) {
        return Err(Error::claim(
            ErrorCode::TokenExpired,
            "exp",
            "expired",
            format!(
                "token expired {} ago at {}",
                human_duration(now - exp),
                iso8601(exp)
            ),
        ));
    }
    Ok(())
}

/// `now < nbf - tolerance` → not yet valid.
pub fn check_nbf(nbf: NumericDate, now: NumericDate, tol: i64) -> Result<()> {
    if now < nbf.saturating_sub(tol) {
        return Err(Error::claim(
            ErrorCode::TokenNotYetValid,
            "nbf",
            "not_yet_valid",
            format!(
                "token is not valid for another {}, until {}",
                human_duration(nbf - now),
                iso8601(nbf)
            ),
        ));
    }
    Ok(())
}

/// `iat > now + tolerance` → issued in the future.
pub fn check_iat(iat: NumericDate, now: NumericDate, tol: i64) -> Result<()> {
    if iat > now.saturating_add(tol) {
        return Err(Error::claim(
            ErrorCode::ClaimInvalid,
            "iat",
            "future",
            format!(
                "token was issued in the future ({} from now, at {}): check the issuer's clock",
                human_duration(iat - now),
                iso8601(iat)
            ),
        ));
    }
    Ok(())
}

/// `aid` must equal the expected application id.
pub fn check_aid(aid: Option<&str>, expected: &str) -> Result<()> {
    match aid {
        None => Err(Error::claim(
            ErrorCode::ClaimInvalid,
            "aid",
            "missing",
            format!("the token has no \"aid\"; expected {expected:?}"),
        )),
        Some(a) if a != expected => Err(Error::claim(
            ErrorCode::ApplicationMismatch,
            "aid",
            "mismatch",
            format!(
                "aid is {:?}, expected {expected:?}",
                crate::time::truncate(a, 64)
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// Decodes a token without verifying anything but its structure. Never trust the result.
pub fn decode_unverified(
    token: &str,
    max_len: usize,
) -> Result<(Map<String, Value>, Map<String, Value>)> {
    let tok = UntrustedToken::parse(token, max_len)?;
    if tok.payload.is_empty() {
        return Err(Error::malformed("the JWT payload is empty"));
    }
    let claims =
        crate::json::parse_object(&tok.payload).map_err(|e| jws::json_error("payload", e))?;
    Ok((tok.header.json, claims))
}
