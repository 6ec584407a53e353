//! The debugging report: every check that verification makes, recorded instead of returned
//! early, with messages a person can act on. Never fails for a bad token.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::claims::{string_claim, time_claim};
use crate::error::{Error, ErrorCode};
use crate::jws::{self, Keys};
use crate::keys::Algorithm;
use crate::policy::LifetimePolicy;
use crate::time::{human_duration, iso8601, NumericDate};
use crate::verify;

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

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// `structure`, `algorithm`, `signature`, `exp`, `nbf`, `iat`, `lifetime`, `aid`, `sub`.
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

fn time_info(v: NumericDate, now: NumericDate) -> TimeInfo {
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

/// What to check the token against.
#[derive(Debug, Clone)]
pub struct InspectOptions<'a> {
    /// The key (optional: without it the signature is skipped).
    pub keys: Option<Keys<'a>>,
    /// Expected `aid`.
    pub application_id: Option<String>,
    /// Clock tolerance.
    pub clock_tolerance: i64,
    /// The lifetime window.
    pub policy: LifetimePolicy,
    /// Allowed algorithms (default: the key's own).
    pub algorithms: Option<Vec<Algorithm>>,
    /// Longest token.
    pub max_token_length: usize,
}

impl Default for InspectOptions<'_> {
    fn default() -> Self {
        Self {
            keys: None,
            application_id: None,
            clock_tolerance: 0,
            policy: LifetimePolicy::default(),
            algorithms: None,
            max_token_length: jws::DEFAULT_MAX_TOKEN_LENGTH,
        }
    }
}

struct Recorder(Vec<Check>);

impl Recorder {
    fn push(&mut self, check: &'static str, status: Status, message: impl Into<String>) {
        self.0.push(Check {
            check,
            status,
            code: None,
            message: message.into(),
        });
    }
    fn fail(&mut self, check: &'static str, e: &Error) {
        self.0.push(Check {
            check,
            status: Status::Fail,
            code: Some(e.code().as_str()),
            message: e.message().to_owned(),
        });
    }
    fn result(&mut self, check: &'static str, r: Result<(), Error>, ok: impl Into<String>) {
        match r {
            Ok(()) => self.push(check, Status::Pass, ok),
            Err(e) => self.fail(check, &e),
        }
    }
}

const LATER: [&str; 7] = ["signature", "exp", "nbf", "iat", "lifetime", "aid", "sub"];

/// Inspects a token at `now`. Whitespace around the token and a `Bearer ` prefix are removed
/// (with a warning), since pasted tokens often carry them.
pub fn inspect(input: &str, now: NumericDate, opts: &InspectOptions<'_>) -> Report {
    let mut rec = Recorder(Vec::new());
    let mut token = input.trim();
    let mut cleaned = token.len() != input.len();
    if let Some(rest) = token
        .strip_prefix("Bearer ")
        .or_else(|| token.strip_prefix("bearer "))
    {
        token = rest.trim();
        cleaned = true;
    }
    let mut parts = Parts {
        header: Part::default(),
        payload: Part::default(),
        signature: Part::default(),
    };
    let mut times = Times {
        now: time_info(now, now),
        iat: None,
        nbf: None,
        exp: None,
        lifetime: None,
    };
    let finish =
        |rec: Recorder, parts, times, header, claims| build(rec.0, parts, times, header, claims);

    // 1. structure
    let segs = match jws::split(token, opts.max_token_length) {
        Ok(s) => s,
        Err(e) => {
            rec.fail("structure", &e);
            skip_rest(&mut rec, &["algorithm"]);
            return finish(rec, parts, times, None, None);
        }
    };
    parts.header.raw = segs[0].to_owned();
    parts.payload.raw = segs[1].to_owned();
    parts.signature.raw = segs[2].to_owned();
    let mut problems: Vec<String> = Vec::new();
    let mut header: Option<jws::Header> = None;
    let mut header_err: Option<Error> = None;
    match jws::decode_segment(segs[0]) {
        Ok(b) if b.is_empty() => {
            parts.header.error = Some("the header segment is empty".into());
        }
        Ok(b) => {
            parts.header.json = crate::json::parse_value(&b).ok();
            match jws::parse_header(&b) {
                Ok(h) => header = Some(h),
                Err(e) => {
                    parts.header.error = Some(e.message().to_owned());
                    header_err = Some(e);
                }
            }
        }
        Err(e) => parts.header.error = Some(format!("the header segment {e}")),
    }
    let mut claims: Option<Map<String, Value>> = None;
    match jws::decode_segment(segs[1]) {
        Ok(b) if b.is_empty() => parts.payload.error = Some("the JWT payload is empty".into()),
        Ok(b) => match crate::json::parse_object(&b) {
            Ok(m) => {
                parts.payload.json = Some(Value::Object(m.clone()));
                claims = Some(m);
            }
            Err(e) => {
                parts.payload.json = crate::json::parse_value(&b).ok();
                parts.payload.error = Some(format!("the payload {e}"));
            }
        },
        Err(e) => parts.payload.error = Some(format!("the payload segment {e}")),
    }
    let signature = match jws::decode_segment(segs[2]) {
        Ok(b) => {
            parts.signature.length = Some(b.len());
            if b.is_empty() {
                parts.signature.error = Some("the signature segment is empty".into());
            }
            Some(b)
        }
        Err(e) => {
            parts.signature.error = Some(format!("the signature segment {e}"));
            None
        }
    };
    // An `alg: none` header is a structural success but an algorithm failure.
    let alg_none = header_err
        .as_ref()
        .is_some_and(|e| e.code() == ErrorCode::AlgNotAllowed);
    // An empty signature is the signature check's failure, not a structural one.
    for p in [&parts.header, &parts.payload] {
        if let Some(e) = &p.error {
            if !(alg_none && p.raw == segs[0]) {
                problems.push(e.clone());
            }
        }
    }
    if signature.is_none() {
        problems.extend(parts.signature.error.clone());
    }
    if problems.is_empty() {
        let mut msg = format!(
            "three well-formed parts; header and claims are JSON objects ({} bytes)",
            token.len()
        );
        if cleaned {
            msg.push_str(
                "; surrounding whitespace or a \"Bearer \" prefix was removed before checking",
            );
            rec.push("structure", Status::Warn, msg);
        } else {
            rec.push("structure", Status::Pass, msg);
        }
    } else {
        rec.fail("structure", &Error::malformed(problems.join("; ")));
    }

    // 2. algorithm
    let header_map = header.as_ref().map(|h| h.json.clone());
    let algorithms: Vec<Algorithm> = match (&opts.algorithms, opts.keys) {
        (Some(a), _) => a.clone(),
        (None, Some(k)) => k.default_algorithms(),
        (None, None) => Algorithm::ALL
            .into_iter()
            .filter(|a| a.is_enabled())
            .collect(),
    };
    let mut alg_ok = false;
    match (&header, &header_err) {
        (Some(h), _) => {
            let sel = match opts.keys {
                Some(k) => jws::select_keys(h, k, &algorithms).map(|_| ()),
                None => {
                    jws::select_keys(h, Keys::Set(&crate::keys::KeySet::default()), &algorithms)
                        .map(|_| ())
                        .or_else(|e| {
                            if e.code() == ErrorCode::KeyNotFound {
                                Ok(())
                            } else {
                                Err(e)
                            }
                        })
                }
            };
            match sel {
                Ok(()) => {
                    alg_ok = true;
                    let named: Vec<&str> = jws::KEY_BEARING_HEADERS
                        .iter()
                        .copied()
                        .filter(|n| h.json.contains_key(*n))
                        .collect();
                    if named.is_empty() {
                        rec.push(
                            "algorithm",
                            Status::Pass,
                            format!("alg {} is allowed", h.alg),
                        );
                    } else {
                        rec.push(
                            "algorithm",
                            Status::Warn,
                            format!(
                                "alg {} is allowed; the header names a key ({}), which is ignored: only the configured key is trusted",
                                h.alg,
                                named.join(", ")
                            ),
                        );
                    }
                }
                Err(e) => rec.fail("algorithm", &e),
            }
        }
        (None, Some(e)) if alg_none => rec.fail("algorithm", e),
        _ => rec.push("algorithm", Status::Skip, "the header did not decode"),
    }

    // 3. signature
    match (opts.keys, &header, &signature) {
        (None, _, _) => rec.push(
            "signature",
            Status::Skip,
            "no key given: the signature was not checked",
        ),
        (Some(keys), Some(h), Some(sig)) if alg_ok && problems.is_empty() => {
            let ut = jws::UntrustedToken {
                signing_input: &token[..segs[0].len() + 1 + segs[1].len()],
                header: h.clone(),
                payload: Vec::new(),
                signature: sig.clone(),
            };
            match jws::verify_signature(&ut, keys, &algorithms) {
                Ok(k) => rec.push(
                    "signature",
                    Status::Pass,
                    match k.key_id() {
                        Some(kid) => format!("{} signature verifies with key {kid:?}", h.alg),
                        None => format!("{} signature verifies", h.alg),
                    },
                ),
                Err(e) => rec.fail("signature", &e),
            }
        }
        _ => rec.push(
            "signature",
            Status::Skip,
            "not checked: the token's structure or algorithm failed",
        ),
    }

    // 4. claims
    let Some(cl) = &claims else {
        skip_rest(&mut rec, &["exp", "nbf", "iat", "lifetime", "aid", "sub"]);
        return finish(rec, parts, times, header_map, None);
    };
    let tol = opts.clock_tolerance;
    let exp = time_claim(cl, "exp");
    let nbf = time_claim(cl, "nbf");
    let iat = time_claim(cl, "iat");
    match &exp {
        Err(e) => rec.fail("exp", e),
        Ok(None) => rec.fail(
            "exp",
            &Error::claim(
                ErrorCode::ClaimInvalid,
                "exp",
                "missing",
                "the token has no \"exp\" claim",
            ),
        ),
        Ok(Some(v)) => {
            times.exp = Some(time_info(*v, now));
            rec.result(
                "exp",
                verify::check_exp(*v, now, tol),
                format!("expires in {} at {}", human_duration(v - now), iso8601(*v)),
            );
        }
    }
    match &nbf {
        Err(e) => rec.fail("nbf", e),
        Ok(None) => rec.push(
            "nbf",
            Status::Warn,
            "the token has no \"nbf\" claim (SCEYT tokens carry one)",
        ),
        Ok(Some(v)) => {
            times.nbf = Some(time_info(*v, now));
            let ok = if *v <= now {
                format!(
                    "valid since {} ago ({})",
                    human_duration(now - v),
                    iso8601(*v)
                )
            } else {
                format!("valid from {} (within the clock tolerance)", iso8601(*v))
            };
            rec.result("nbf", verify::check_nbf(*v, now, tol), ok);
        }
    }
    match &iat {
        Err(e) => rec.fail("iat", e),
        Ok(None) => rec.fail(
            "iat",
            &Error::claim(
                ErrorCode::ClaimInvalid,
                "iat",
                "missing",
                "the token has no \"iat\" claim",
            ),
        ),
        Ok(Some(v)) => {
            times.iat = Some(time_info(*v, now));
            rec.result(
                "iat",
                verify::check_iat(*v, now, tol),
                format!("issued {} ago at {}", human_duration(now - v), iso8601(*v)),
            );
        }
    }
    match (&exp, &iat) {
        (Ok(Some(e)), Ok(Some(i))) => {
            times.lifetime = Some(e - i);
            rec.result(
                "lifetime",
                opts.policy.check(e - i),
                format!(
                    "lifetime {} is inside the window {} … {}",
                    human_duration(e - i),
                    human_duration(opts.policy.min()),
                    human_duration(opts.policy.max())
                ),
            );
        }
        _ => rec.push("lifetime", Status::Skip, "needs both \"iat\" and \"exp\""),
    }
    match (string_claim(cl, "aid"), &opts.application_id) {
        (Err(e), _) => rec.fail("aid", &e),
        (Ok(aid), Some(expected)) => rec.result(
            "aid",
            verify::check_aid(aid, expected),
            format!("aid is {expected:?}, as expected"),
        ),
        (Ok(Some(aid)), None) => rec.push(
            "aid",
            Status::Skip,
            format!("aid is {aid:?}; no expected application id given"),
        ),
        (Ok(None), None) => rec.push(
            "aid",
            Status::Warn,
            "the token has no \"aid\" claim (SCEYT tokens carry one)",
        ),
    }
    match string_claim(cl, "sub") {
        Err(e) => rec.fail("sub", &e),
        Ok(None) => rec.fail(
            "sub",
            &Error::claim(
                ErrorCode::ClaimInvalid,
                "sub",
                "missing",
                "the token has no \"sub\" (user id) claim",
            ),
        ),
        Ok(Some(s)) => rec.push(
            "sub",
            Status::Pass,
            format!("user id (sub) is {:?}", crate::time::truncate(s, 64)),
        ),
    }
    finish(rec, parts, times, header_map, claims)
}

fn skip_rest(rec: &mut Recorder, extra: &[&'static str]) {
    for c in extra.iter().chain(LATER.iter()) {
        if !rec.0.iter().any(|x| x.check == *c) {
            rec.push(
                c,
                Status::Skip,
                "not checked: the token could not be decoded",
            );
        }
    }
}

fn build(
    checks: Vec<Check>,
    parts: Parts,
    times: Times,
    header: Option<Map<String, Value>>,
    claims: Option<Map<String, Value>>,
) -> Report {
    let failed = |name: &str| {
        checks
            .iter()
            .any(|c| c.check == name && c.status == Status::Fail)
    };
    let first_fail = checks.iter().find(|c| c.status == Status::Fail);
    let hard = ["structure", "algorithm", "signature"]
        .iter()
        .any(|c| failed(c));
    let others = checks
        .iter()
        .any(|c| c.status == Status::Fail && !matches!(c.check, "exp" | "nbf"));
    let verdict = if hard || (others && !failed("exp") && !failed("nbf")) {
        Verdict::Invalid
    } else if failed("exp") {
        Verdict::Expired
    } else if failed("nbf") {
        Verdict::NotYetValid
    } else if others {
        Verdict::Invalid
    } else if checks
        .iter()
        .any(|c| c.check == "signature" && c.status == Status::Skip)
    {
        Verdict::Unverified
    } else {
        Verdict::Valid
    };
    let summary = match (verdict, first_fail) {
        (Verdict::Expired, _) => checks
            .iter()
            .find(|c| c.check == "exp")
            .map(|c| c.message.clone())
            .unwrap_or_default(),
        (Verdict::NotYetValid, _) => checks
            .iter()
            .find(|c| c.check == "nbf")
            .map(|c| c.message.clone())
            .unwrap_or_default(),
        (_, Some(c)) => c.message.clone(),
        (Verdict::Unverified, None) => {
            "structure and claims pass; the signature was not checked (give a key to check it)"
                .into()
        }
        _ => "the token is valid".into(),
    };
    let code = match verdict {
        Verdict::Expired => Some(ErrorCode::TokenExpired.as_str()),
        Verdict::NotYetValid => Some(ErrorCode::TokenNotYetValid.as_str()),
        _ => first_fail.and_then(|c| c.code),
    };
    Report {
        verdict,
        summary,
        code,
        parts,
        header,
        claims,
        times,
        checks,
    }
}
