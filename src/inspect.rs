//! The debugging report: the verdict of the one verification decision (`decision.rs`), and a
//! line for every check explaining each part of the token, with messages a person can act on.
//! Never fails for a bad token.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::claims::{string_claim, time_claim};
use crate::decision::{self, Keys, Stage};
use crate::error::{Error, ErrorCode};
use crate::jws::{self, UntrustedToken};
use crate::keys::Algorithm;
use crate::time::{human_duration, iso8601, NumericDate};
use crate::verify::{self, VerifyOptions};

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

/// What to check the token against: the verifier's own options, so that the report's verdict
/// and code are, by construction, the ones a verifier with these options gives.
#[derive(Debug, Clone, Default)]
pub struct InspectOptions<'a> {
    /// The key (optional: without it the signature is skipped and the verdict is at best
    /// `unverified`).
    pub keys: Option<Keys<'a>>,
    /// Every verifier option (allow-list, `aid`, tolerance, lifetime policy, required claims,
    /// maximum length).
    pub verify: VerifyOptions,
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
    /// A missing claim: a failure when the options require it, else a warning.
    fn missing(&mut self, check: &'static str, required: bool, message: &str) {
        if required {
            self.fail(
                check,
                &Error::claim(ErrorCode::ClaimInvalid, check, "missing", message),
            );
        } else {
            self.push(check, Status::Warn, message);
        }
    }
}

const CLAIM_CHECKS: [&str; 7] = ["exp", "nbf", "iat", "lifetime", "aid", "sub", "claims"];

/// The decision without a key: structure, algorithm allow-list, then the claim rules on the
/// (unverified) claims — the same functions a verifier runs, minus the signature.
fn decide_unverified(
    token: &str,
    now: NumericDate,
    opts: &VerifyOptions,
) -> (Result<(), Error>, Stage) {
    let tok = match UntrustedToken::parse(token, opts.max_token_length) {
        Ok(t) => t,
        Err(e) => {
            let stage = decision::stage_of_begin_error(&e);
            return (Err(e), stage);
        }
    };
    if tok.payload_is_empty() {
        return (
            Err(Error::malformed("the JWT payload is empty")),
            Stage::Structure,
        );
    }
    let algorithms = unverified_algorithms(opts);
    if let Err(e) = decision::resolve_algorithm(tok.header(), &algorithms) {
        return (Err(e), Stage::Algorithm);
    }
    let claims = match crate::json::parse_object(tok.payload()) {
        Ok(c) => c,
        Err(e) => return (Err(jws::json_error("payload", e)), Stage::Claims),
    };
    match verify::check_claim_set(&claims, now, opts) {
        Ok(()) => (Ok(()), Stage::Done),
        Err(e) => (Err(e), Stage::Claims),
    }
}

fn unverified_algorithms(opts: &VerifyOptions) -> Vec<Algorithm> {
    match &opts.algorithms {
        Some(a) => a.clone(),
        None => Algorithm::ALL
            .into_iter()
            .filter(|a| a.is_enabled())
            .collect(),
    }
}

/// Inspects a token at `now`. The verdict, code and summary come from the one verification
/// decision (`decision.rs`) under `opts`; the checks around it explain every part of the token,
/// also the parts the decision did not reach.
pub fn inspect(token: &str, now: NumericDate, opts: &InspectOptions<'_>) -> Report {
    let vo = &opts.verify;
    // The decision.
    let (result, stage, key_index) = match opts.keys {
        Some(keys) => {
            let o = decision::verify_with(keys, token, now, vo, decision::rust_primitive);
            (o.result.map(|_| ()), o.stage, o.key_index)
        }
        None => {
            let (r, s) = decide_unverified(token, now, vo);
            (r, s, None)
        }
    };

    // The explanation.
    let mut rec = Recorder(Vec::new());
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
    let (header, claims) = decode_parts(token, vo, &mut parts, &mut rec).unwrap_or_default();
    explain_algorithm(&mut rec, header.as_ref(), stage, &result);
    explain_signature(&mut rec, opts, header.as_ref(), stage, &result, key_index);
    match &claims {
        Some(cl) => explain_claims(&mut rec, cl, now, vo, &mut times),
        None => {
            // The same checks a decodable token lists: `claims` only when other claims are required.
            let others = vo
                .required_claims
                .iter()
                .any(|n| !CLAIM_CHECKS[..6].contains(&n.as_str()));
            skip_rest(&mut rec, &CLAIM_CHECKS[..if others { 7 } else { 6 }]);
        }
    }
    let header_map = header.map(|h| h.into_json());
    build(
        rec.0,
        parts,
        times,
        header_map,
        claims,
        opts.keys.is_some(),
        result,
        stage,
    )
}

/// Decodes the three parts for display; records the `structure` check. `None` when the token
/// does not even split into three segments.
#[allow(clippy::type_complexity)]
fn decode_parts(
    token: &str,
    vo: &VerifyOptions,
    parts: &mut Parts,
    rec: &mut Recorder,
) -> Option<(Option<jws::Header>, Option<Map<String, Value>>)> {
    let segs = match jws::split(token, vo.max_token_length) {
        Ok(s) => s,
        Err(e) => {
            // The algorithm and signature checks are explained by the decision's stage below.
            rec.fail("structure", &e);
            return None;
        }
    };
    parts.header.raw = segs[0].to_owned();
    parts.payload.raw = segs[1].to_owned();
    parts.signature.raw = segs[2].to_owned();
    let mut problems: Vec<String> = Vec::new();
    let mut header: Option<jws::Header> = None;
    match jws::decode_segment(segs[0]) {
        Ok(b) if b.is_empty() => problems.push("the header segment is empty".into()),
        Ok(b) => {
            parts.header.json = crate::json::parse_value(&b).ok();
            match jws::parse_header(&b) {
                Ok(h) => header = Some(h),
                Err(e) => {
                    parts.header.error = Some(e.message().to_owned());
                    // `alg: none` is a structural success but an algorithm failure.
                    if e.code() != ErrorCode::AlgNotAllowed {
                        problems.push(e.message().to_owned());
                    }
                }
            }
        }
        Err(e) => problems.push(format!("the header segment {e}")),
    }
    if parts.header.error.is_none() {
        parts.header.error = problems.first().cloned();
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
    problems.extend(parts.payload.error.clone());
    match jws::decode_segment(segs[2]) {
        Ok(b) => {
            parts.signature.length = Some(b.len());
            if b.is_empty() {
                // The signature check's failure, not a structural one.
                parts.signature.error = Some("the signature segment is empty".into());
            }
        }
        Err(e) => {
            let m = format!("the signature segment {e}");
            parts.signature.error = Some(m.clone());
            problems.push(m);
        }
    }
    if problems.is_empty() {
        let msg = format!(
            "three well-formed parts; header and claims are JSON objects ({} bytes)",
            token.len()
        );
        rec.push("structure", Status::Pass, msg);
    } else {
        rec.fail("structure", &Error::malformed(problems.join("; ")));
    }
    Some((header, claims))
}

fn explain_algorithm(
    rec: &mut Recorder,
    header: Option<&jws::Header>,
    stage: Stage,
    result: &Result<(), Error>,
) {
    match (stage, result) {
        (Stage::Algorithm, Err(e)) => rec.fail("algorithm", e),
        (Stage::Structure, _) => match header {
            Some(h) => rec.push(
                "algorithm",
                Status::Skip,
                format!(
                    "alg {:?} not checked: the token's structure failed",
                    crate::time::truncate(h.alg(), 20)
                ),
            ),
            None => rec.push("algorithm", Status::Skip, "the header did not decode"),
        },
        _ => {
            let Some(h) = header else {
                return rec.push("algorithm", Status::Skip, "the header did not decode");
            };
            let named: Vec<&str> = jws::KEY_BEARING_HEADERS
                .iter()
                .copied()
                .filter(|n| h.json().contains_key(*n))
                .collect();
            if named.is_empty() {
                rec.push(
                    "algorithm",
                    Status::Pass,
                    format!("alg {} is allowed", h.alg()),
                );
            } else {
                rec.push(
                    "algorithm",
                    Status::Warn,
                    format!(
                        "alg {} is allowed; the header names a key ({}), which is ignored: only the configured key is trusted",
                        h.alg(),
                        named.join(", ")
                    ),
                );
            }
        }
    }
}

fn explain_signature(
    rec: &mut Recorder,
    opts: &InspectOptions<'_>,
    header: Option<&jws::Header>,
    stage: Stage,
    result: &Result<(), Error>,
    key_index: Option<usize>,
) {
    let Some(keys) = opts.keys else {
        return rec.push(
            "signature",
            Status::Skip,
            "no key given: the signature was not checked",
        );
    };
    match (stage, result) {
        (Stage::Signature, Err(e)) => rec.fail("signature", e),
        (Stage::Structure | Stage::Algorithm, _) => rec.push(
            "signature",
            Status::Skip,
            "not checked: the token's structure or algorithm failed",
        ),
        _ => {
            let alg = header.map(|h| h.alg()).unwrap_or_default();
            let kid = key_index.and_then(|i| keys.get(i)).and_then(|k| k.key_id());
            rec.push(
                "signature",
                Status::Pass,
                match kid {
                    Some(kid) => format!("{alg} signature verifies with key {kid:?}"),
                    None => format!("{alg} signature verifies"),
                },
            );
        }
    }
}

fn explain_claims(
    rec: &mut Recorder,
    cl: &Map<String, Value>,
    now: NumericDate,
    vo: &VerifyOptions,
    times: &mut Times,
) {
    let tol = vo.clock_tolerance;
    let required = |n: &str| vo.required_claims.iter().any(|r| r == n);
    let exp = time_claim(cl, "exp");
    let nbf = time_claim(cl, "nbf");
    let iat = time_claim(cl, "iat");
    match &exp {
        Err(e) => rec.fail("exp", e),
        Ok(None) => rec.missing("exp", required("exp"), "the token has no \"exp\" claim"),
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
        Ok(None) => rec.missing(
            "nbf",
            required("nbf"),
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
        Ok(None) => rec.missing("iat", required("iat"), "the token has no \"iat\" claim"),
        Ok(Some(v)) => {
            times.iat = Some(time_info(*v, now));
            rec.result(
                "iat",
                verify::check_iat(*v, now, tol),
                format!("issued {} ago at {}", human_duration(now - v), iso8601(*v)),
            );
        }
    }
    match (&exp, &iat, vo.policy) {
        (Ok(Some(e)), Ok(Some(i)), Some(policy)) => {
            times.lifetime = Some(e - i);
            rec.result(
                "lifetime",
                policy.check(e - i),
                format!(
                    "lifetime {} is inside the window {} … {}",
                    human_duration(e - i),
                    human_duration(policy.min()),
                    human_duration(policy.max())
                ),
            );
        }
        (Ok(Some(e)), Ok(Some(i)), None) => {
            times.lifetime = Some(e - i);
            rec.push("lifetime", Status::Skip, "the lifetime policy is off");
        }
        _ => rec.push("lifetime", Status::Skip, "needs both \"iat\" and \"exp\""),
    }
    match (string_claim(cl, "aid"), &vo.application_id) {
        (Err(e), _) => rec.fail("aid", &e),
        (Ok(aid), Some(expected)) => rec.result(
            "aid",
            verify::check_aid(aid, expected),
            format!("aid is {expected:?}, as expected"),
        ),
        (Ok(Some(aid)), None) => rec.push(
            "aid",
            Status::Skip,
            format!(
                "aid is {:?}; no expected application id given",
                crate::time::truncate(aid, 64)
            ),
        ),
        (Ok(None), None) => rec.missing(
            "aid",
            required("aid"),
            "the token has no \"aid\" claim (SCEYT tokens carry one)",
        ),
    }
    match string_claim(cl, "sub") {
        Err(e) => rec.fail("sub", &e),
        Ok(None) => rec.missing(
            "sub",
            required("sub"),
            "the token has no \"sub\" (user id) claim",
        ),
        Ok(Some(s)) => rec.push(
            "sub",
            Status::Pass,
            format!("user id (sub) is {:?}", crate::time::truncate(s, 64)),
        ),
    }
    let others: Vec<&str> = vo
        .required_claims
        .iter()
        .map(String::as_str)
        .filter(|n| !["exp", "nbf", "iat", "aid", "sub"].contains(n))
        .collect();
    if !others.is_empty() {
        match others.iter().find(|n| !cl.contains_key(**n)) {
            Some(n) => rec.missing(
                "claims",
                true,
                &format!("the required claim {n:?} is missing"),
            ),
            None => rec.push(
                "claims",
                Status::Pass,
                format!("required claims present: {}", others.join(", ")),
            ),
        }
    }
}

fn skip_rest(rec: &mut Recorder, names: &[&'static str]) {
    for c in names {
        if !rec.0.iter().any(|x| x.check == *c) {
            rec.push(
                c,
                Status::Skip,
                "not checked: the token could not be decoded",
            );
        }
    }
}

/// The check a decision error belongs to.
fn deciding_check(e: &Error, stage: Stage) -> &'static str {
    match stage {
        Stage::Structure => "structure",
        Stage::Algorithm => "algorithm",
        Stage::Signature => "signature",
        Stage::Claims | Stage::Done => match e.code() {
            ErrorCode::TokenExpired => "exp",
            ErrorCode::TokenNotYetValid => "nbf",
            ErrorCode::LifetimeOutOfRange => "lifetime",
            ErrorCode::ApplicationMismatch => "aid",
            ErrorCode::TokenMalformed => "structure",
            _ => match e.claim_name() {
                Some("exp") => "exp",
                Some("nbf") => "nbf",
                Some("iat") => "iat",
                Some("aid") => "aid",
                Some("sub") => "sub",
                _ => "claims",
            },
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    mut checks: Vec<Check>,
    parts: Parts,
    times: Times,
    header: Option<Map<String, Value>>,
    claims: Option<Map<String, Value>>,
    keyed: bool,
    result: Result<(), Error>,
    stage: Stage,
) -> Report {
    let (verdict, summary, code) = match &result {
        Ok(()) if keyed => (Verdict::Valid, "the token is valid".to_owned(), None),
        Ok(()) => (
            Verdict::Unverified,
            "structure and claims pass; the signature was not checked (give a key to check it)"
                .to_owned(),
            None,
        ),
        Err(e) => {
            let verdict = match e.code() {
                ErrorCode::TokenExpired => Verdict::Expired,
                ErrorCode::TokenNotYetValid => Verdict::NotYetValid,
                _ => Verdict::Invalid,
            };
            // The deciding check says exactly what the decision said.
            let name = deciding_check(e, stage);
            let line = Check {
                check: name,
                status: Status::Fail,
                code: Some(e.code().as_str()),
                message: e.message().to_owned(),
            };
            match checks.iter_mut().find(|c| c.check == name) {
                Some(c) => *c = line,
                None => checks.push(line),
            }
            (verdict, e.message().to_owned(), Some(e.code().as_str()))
        }
    };
    if result.is_ok() {
        // Nothing the decision accepted may read as a failure.
        for c in checks.iter_mut().filter(|c| c.status == Status::Fail) {
            c.status = Status::Warn;
        }
    }
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
