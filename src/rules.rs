//! The claim rules and the options they read: [`VerifyOptions`] and every check a verified
//! token's claims go through, with the time semantics of RFC 7519: expired when
//! `now >= exp + tolerance`; not yet valid when `now < nbf - tolerance`; `iat` later than
//! `now + tolerance` is refused. The decision (`SignedToken::check_claims`), the `Verifier` and the
//! inspection report all take them from here, so the dependency runs one way: `verify` → `decision`
//! → `rules`.

use crate::claims::ClaimSource;
use crate::error::{Error, ErrorCode, Result};
use crate::jws;
use crate::keys::Algorithm;
use crate::policy::LifetimePolicy;
use crate::provider;
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
    /// Expected `iss` values (exact match); `None`: not checked.
    pub issuer: Option<Vec<String>>,
    /// Expected audiences: `aud` must hold one; `None`: not checked.
    pub audience: Option<Vec<String>>,
    /// Expected clients, matched against `azp` (else `client_id`); `None`: not checked.
    pub client_id: Option<Vec<String>>,
    /// Expected header `typ` values (RFC 7515 section 4.1.9 comparison); `None`: not checked.
    pub typ: Option<Vec<String>>,
    /// Longest time since `iat`, in seconds; `None`: not checked.
    pub max_token_age: Option<i64>,
    /// Expected `sub`; `None`: not checked.
    pub subject: Option<String>,
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
            issuer: None,
            audience: None,
            client_id: None,
            typ: None,
            max_token_age: None,
            subject: None,
        }
    }
}

/// Checks the options; the allow-list, when given, must not be empty.
impl VerifyOptions {
    /// Checks the options themselves (tolerance, allow-list, application id, …): what
    /// `Verifier::new` and the binding's option readers refuse.
    pub fn check(&self) -> Result<()> {
        check_options(self)
    }
}

/// [`VerifyOptions::check`].
pub fn check_options(opts: &VerifyOptions) -> Result<()> {
    if opts.clock_tolerance < 0 {
        return Err(Error::invalid_arg("clockTolerance must not be negative"));
    }
    if opts.algorithms.as_ref().is_some_and(|a| a.is_empty()) {
        return Err(Error::invalid_arg(
            "algorithms must list at least one algorithm",
        ));
    }
    if let Some(app) = &opts.application_id {
        crate::claims::check_id(app, "applicationId")?;
    }
    provider::check_list_option(opts.issuer.as_deref(), "issuer")?;
    provider::check_list_option(opts.audience.as_deref(), "audience")?;
    provider::check_list_option(opts.client_id.as_deref(), "clientId")?;
    provider::check_list_option(opts.typ.as_deref(), "typ")?;
    if let Some(subject) = &opts.subject {
        crate::claims::check_id(subject, "subject")?;
    }
    if opts.max_token_age.is_some_and(|a| a < 1) {
        return Err(Error::invalid_arg("maxTokenAge must be at least 1 s"));
    }
    Ok(())
}

/// Every claim rule, in order (docs/DECISION.md): types, required claims, exp, nbf, iat, age
/// (`maxTokenAge`), lifetime, aid, then the provider checks iss, aud, client, subject. Verifiers
/// reach it through `SignedToken::check_claims`; the inspection report also runs it on unverified
/// claims, to explain them.
pub fn check_claim_set(
    claims: &dyn ClaimSource,
    now: NumericDate,
    opts: &VerifyOptions,
) -> Result<()> {
    let exp = claims.time_claim("exp")?;
    let nbf = claims.time_claim("nbf")?;
    let iat = claims.time_claim("iat")?;
    let sub = claims.string_claim("sub")?;
    let aid = claims.string_claim("aid")?;
    for name in &opts.required_claims {
        if !claims.has(name.as_str()) {
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
    if let Some(max) = opts.max_token_age {
        provider::check_age(iat, now, max, tol)?;
    }
    if let (Some(policy), Some(exp), Some(iat)) = (opts.policy, exp, iat) {
        policy.check(exp - iat)?;
    }
    if let Some(expected) = &opts.application_id {
        check_aid(aid.as_deref(), expected)?;
    }
    check_provider_claims(claims, sub.as_deref(), opts)
}

/// The provider checks, in order: iss, aud, client (`azp` / `client_id`), subject. Each runs only
/// when its option is set.
pub fn check_provider_claims(
    claims: &dyn ClaimSource,
    sub: Option<&str>,
    opts: &VerifyOptions,
) -> Result<()> {
    if let Some(expected) = &opts.issuer {
        provider::check_iss(claims, expected)?;
    }
    if let Some(expected) = &opts.audience {
        provider::check_aud(claims, expected)?;
    }
    if let Some(expected) = &opts.client_id {
        provider::check_client(claims, expected)?;
    }
    if let Some(expected) = &opts.subject {
        provider::check_subject(sub, expected)?;
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
                crate::error::clip(a, crate::error::MAX_ID_EXCERPT)
            ),
        )),
        Some(_) => Ok(()),
    }
}
