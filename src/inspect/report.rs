//! The report's types: [`Report`] and what it is made of (the verdict, one [`Check`] line per
//! check, the decoded [`Parts`] and the token's [`Times`]), serialised as the JavaScript
//! `inspect()` result.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::decision::Keys;
use crate::error::{Error, ErrorCode};
use crate::time::{iso8601, NumericDate};
use crate::verify::VerifyOptions;

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The check passed.
    Pass,
    /// The check failed: the token is rejected.
    Fail,
    /// The check could not run (no key, or an earlier part failed).
    Skip,
    /// Passed, with something worth knowing.
    Warn,
}

impl Status {
    /// Every outcome (the TypeScript union `CheckStatus` is generated from it, `src/ts_unions.rs`).
    pub const ALL: [Status; 4] = [Status::Pass, Status::Fail, Status::Skip, Status::Warn];
}

/// The name of a report line ([`Check::check`]): the one list of check names, in report order
/// (the TypeScript union `CheckName` is generated from [`CheckName::ALL`], `src/ts_unions.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckName {
    /// `structure`: Three segments, JSON header and claims.
    Structure,
    /// `typ`: The header `typ`, with the `typ` option.
    Typ,
    /// `algorithm`: The header `alg` against the allow-list and the key.
    Algorithm,
    /// `key`: The key the caller gave, when it could not be loaded.
    Key,
    /// `signature`: The signature, with a key.
    Signature,
    /// `exp`: Expiry.
    Exp,
    /// `nbf`: Not before.
    Nbf,
    /// `iat`: Issued at.
    Iat,
    /// `age`: Time since `iat`, with `maxTokenAge`.
    Age,
    /// `lifetime`: `exp - iat` against the lifetime policy.
    Lifetime,
    /// `aid`: The SCEYT application id.
    Aid,
    /// `iss`: The issuer, with the `issuer` option.
    Iss,
    /// `aud`: The audience, with the `audience` option.
    Aud,
    /// `client`: `azp` / `client_id`, with the `clientId` option.
    Client,
    /// `sub`: The subject (against `subject` when set).
    Sub,
    /// `claims`: Other required claims (`requiredClaims`).
    Claims,
}

impl CheckName {
    /// Every check name, in the order report lines appear.
    pub const ALL: [CheckName; 16] = [
        CheckName::Structure,
        CheckName::Typ,
        CheckName::Algorithm,
        CheckName::Key,
        CheckName::Signature,
        CheckName::Exp,
        CheckName::Nbf,
        CheckName::Iat,
        CheckName::Age,
        CheckName::Lifetime,
        CheckName::Aid,
        CheckName::Iss,
        CheckName::Aud,
        CheckName::Client,
        CheckName::Sub,
        CheckName::Claims,
    ];

    /// The name as the report writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckName::Structure => "structure",
            CheckName::Typ => "typ",
            CheckName::Algorithm => "algorithm",
            CheckName::Key => "key",
            CheckName::Signature => "signature",
            CheckName::Exp => "exp",
            CheckName::Nbf => "nbf",
            CheckName::Iat => "iat",
            CheckName::Age => "age",
            CheckName::Lifetime => "lifetime",
            CheckName::Aid => "aid",
            CheckName::Iss => "iss",
            CheckName::Aud => "aud",
            CheckName::Client => "client",
            CheckName::Sub => "sub",
            CheckName::Claims => "claims",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Which check: a [`CheckName`]'s `as_str()`.
    pub check: &'static str,
    /// The outcome.
    pub status: Status,
    /// The error code a verifier would throw, for failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What happened, for a person.
    pub message: String,
}

/// Overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every check passed, signature included.
    Valid,
    /// Some check failed (other than time).
    Invalid,
    /// Only the expiry failed… or expiry among others after a good signature.
    Expired,
    /// Not valid yet.
    NotYetValid,
    /// Everything checkable passed, but no key was given to check the signature.
    Unverified,
}

impl Verdict {
    /// Every verdict (the TypeScript union `Verdict` is generated from it, `src/ts_unions.rs`).
    pub const ALL: [Verdict; 5] = [
        Verdict::Valid,
        Verdict::Invalid,
        Verdict::Expired,
        Verdict::NotYetValid,
        Verdict::Unverified,
    ];
}

/// One decoded part of the token.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Part {
    /// The segment as written.
    pub raw: String,
    /// The decoded JSON (header, payload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json: Option<Value>,
    /// Decoded length in bytes (signature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// What is wrong with this part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A time claim, for display.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeInfo {
    /// NumericDate seconds.
    pub value: NumericDate,
    /// RFC 3339 UTC.
    pub iso: String,
    /// Seconds from now (negative: in the past).
    pub from_now: i64,
}

pub(crate) fn time_info(v: NumericDate, now: NumericDate) -> TimeInfo {
    TimeInfo {
        value: v,
        iso: iso8601(v),
        from_now: v - now,
    }
}

/// The times of the token.
#[derive(Debug, Clone, Serialize)]
pub struct Times {
    /// The time of inspection.
    pub now: TimeInfo,
    /// `iat`.
    pub iat: Option<TimeInfo>,
    /// `nbf`.
    pub nbf: Option<TimeInfo>,
    /// `exp`.
    pub exp: Option<TimeInfo>,
    /// `exp - iat`.
    pub lifetime: Option<i64>,
}

/// The parts of the token.
#[derive(Debug, Clone, Serialize)]
pub struct Parts {
    /// The header.
    pub header: Part,
    /// The payload.
    pub payload: Part,
    /// The signature.
    pub signature: Part,
}

/// The full report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Overall verdict.
    pub verdict: Verdict,
    /// One sentence: the first failure, or why the token is good.
    pub summary: String,
    /// The code of the first failure, as a verifier would throw it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The decoded parts.
    pub parts: Parts,
    /// The header, when it decoded.
    pub header: Option<Map<String, Value>>,
    /// The claims, when they decoded. Untrusted unless the verdict is `valid`.
    pub claims: Option<Map<String, Value>>,
    /// The times.
    pub times: Times,
    /// Every check, in order.
    pub checks: Vec<Check>,
}

/// What to check the token against: the verifier's own options, so that the report's verdict
/// and code are, by construction, the ones a verifier with these options gives.
#[derive(Debug, Clone, Default)]
pub struct InspectOptions<'a> {
    /// The key (optional: without it the signature is skipped and the verdict is at best
    /// `unverified`).
    pub keys: Option<Keys<'a>>,
    /// Why the key the caller gave could not be loaded (then `keys` is `None`): the report shows
    /// it as the `key` check and the signature as not checked because of it, instead of failing.
    pub key_error: Option<crate::error::Error>,
    /// Every verifier option (allow-list, `aid`, tolerance, lifetime policy, required claims,
    /// maximum length).
    pub verify: VerifyOptions,
}

/// Everything the report shows besides its verdict.
pub(super) struct Explained {
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// The decoded parts.
    pub parts: Parts,
    /// The times.
    pub times: Times,
    /// The header, when it decoded.
    pub header: Option<Map<String, Value>>,
    /// The claims, when they decoded.
    pub claims: Option<Map<String, Value>>,
}

/// Collects the check lines.
pub(super) struct Recorder(pub(super) Vec<Check>);

impl Recorder {
    pub(super) fn push(&mut self, check: CheckName, status: Status, message: impl Into<String>) {
        self.0.push(Check {
            check: check.as_str(),
            status,
            code: None,
            message: message.into(),
        });
    }
    pub(super) fn fail(&mut self, check: CheckName, e: &Error) {
        self.0.push(Check {
            check: check.as_str(),
            status: Status::Fail,
            code: Some(e.code().as_str()),
            message: e.message().to_owned(),
        });
    }
    pub(super) fn result(&mut self, check: CheckName, r: Result<(), Error>, ok: impl Into<String>) {
        match r {
            Ok(()) => self.push(check, Status::Pass, ok),
            Err(e) => self.fail(check, &e),
        }
    }
    /// A missing claim: a failure when the options require it, else a warning.
    pub(super) fn missing(&mut self, check: CheckName, required: bool, message: &str) {
        if required {
            self.fail(
                check,
                &Error::claim(ErrorCode::ClaimInvalid, check.as_str(), "missing", message),
            );
        } else {
            self.push(check, Status::Warn, message);
        }
    }
}
