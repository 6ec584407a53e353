//! The issuer: builds SCEYT claims under the lifetime policy and signs them.

use serde_json::{Map, Value};

use crate::claims::{check_extra, check_id, SceytClaims};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::SigningKey;
use crate::policy::{LifetimePolicy, DEFAULT_LIFETIME};
use crate::time::{human_duration, NumericDate};
use crate::{base64url, jws};

/// When the token becomes valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotBefore {
    /// Seconds after issue (must be ≥ 0).
    Delay(i64),
    /// An absolute NumericDate.
    At(NumericDate),
}

/// Issuer-wide options.
#[derive(Debug, Clone)]
pub struct IssuerOptions {
    /// The SCEYT application id (`aid`).
    pub application_id: String,
    /// Default lifetime (6 h).
    pub lifetime: i64,
    /// Allowed lifetime window.
    pub policy: LifetimePolicy,
    /// Claims added to every token (overridable per call).
    pub claims: Map<String, Value>,
}

impl IssuerOptions {
    /// Defaults for an application id.
    pub fn new(application_id: impl Into<String>) -> Self {
        Self {
            application_id: application_id.into(),
            lifetime: DEFAULT_LIFETIME,
            policy: LifetimePolicy::default(),
            claims: Map::new(),
        }
    }
}

/// Per-token options.
#[derive(Debug, Clone, Default)]
pub struct IssueOptions {
    /// Lifetime override.
    pub lifetime: Option<i64>,
    /// `nbf`; by default `nbf = iat`.
    pub not_before: Option<NotBefore>,
    /// Extra claims.
    pub claims: Map<String, Value>,
}

/// Issues SCEYT tokens with one key.
#[derive(Debug, Clone)]
pub struct Issuer {
    key: SigningKey,
    opts: IssuerOptions,
    /// The key's JWT header in base64url, the first segment of every token (made once).
    header: String,
}

impl Issuer {
    /// Validates the options: the application id, and the default lifetime inside the window.
    pub fn new(key: SigningKey, opts: IssuerOptions) -> Result<Self> {
        check_id(&opts.application_id, "applicationId")?;
        opts.policy.check(opts.lifetime).map_err(|e| {
            Error::new(
                ErrorCode::LifetimeOutOfRange,
                format!("default lifetime: {}", e.message()),
            )
        })?;
        check_extra(&opts.claims)?;
        let header = base64url::encode(jws::jwt_header(&key).as_bytes());
        Ok(Self { key, opts, header })
    }

    /// The signing key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }
    /// The options.
    pub fn options(&self) -> &IssuerOptions {
        &self.opts
    }

    /// Builds and checks the claims of a token issued at `now`.
    pub fn claims(
        &self,
        now: NumericDate,
        subject: &str,
        opts: &IssueOptions,
    ) -> Result<SceytClaims> {
        check_id(subject, "sub (the user id)")?;
        let lifetime = opts.lifetime.unwrap_or(self.opts.lifetime);
        self.opts.policy.check(lifetime)?;
        let exp = now + lifetime;
        let nbf = match opts.not_before {
            None => now,
            Some(NotBefore::Delay(d)) if d < 0 => {
                return Err(Error::invalid_arg(format!(
                    "notBefore must not be negative, got {d} s"
                )))
            }
            Some(NotBefore::Delay(d)) => now + d,
            Some(NotBefore::At(t)) => t,
        };
        if nbf >= exp {
            return Err(Error::invalid_arg(format!(
                "notBefore ({} after issue) is not before the expiry ({} after issue); the token would never be valid",
                human_duration(nbf - now),
                human_duration(lifetime)
            )));
        }
        check_extra(&opts.claims)?;
        let mut extra = self.opts.claims.clone();
        extra.extend(opts.claims.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(SceytClaims {
            iat: now,
            nbf,
            exp,
            sub: subject.to_owned(),
            aid: self.opts.application_id.clone(),
            extra,
        })
    }

    /// `header.payload` for these claims; the signature may come from anywhere (native crypto).
    pub fn signing_input(&self, claims: &SceytClaims) -> Result<String> {
        // `header.base64url(payload)`: the same join as a signature's onto its input.
        let input = jws::assemble(&self.header, claims.to_json().as_bytes());
        // The token must fit the verifiers' default limit: the input, a dot, and this key's
        // signature in base64url.
        let len = input.len() + 1 + (self.key.signature_len() * 4).div_ceil(3);
        if len > jws::DEFAULT_MAX_TOKEN_LENGTH {
            return Err(Error::new(
                ErrorCode::TokenTooLarge,
                format!(
                    "the claims make the token {len} bytes, over the {} that verifiers accept by default",
                    jws::DEFAULT_MAX_TOKEN_LENGTH
                ),
            ));
        }
        Ok(input)
    }

    /// Issues a token at `now` with the pure-Rust signer.
    pub fn issue(&self, now: NumericDate, subject: &str, opts: &IssueOptions) -> Result<String> {
        let claims = self.claims(now, subject, opts)?;
        let input = self.signing_input(&claims)?;
        let sig = self.key.sign(input.as_bytes())?;
        Ok(jws::assemble(&input, &sig))
    }
}
