//! The report's claim checks: `exp`, `nbf`, `iat`, `age` (with `maxTokenAge`), `lifetime`, `aid`,
//! `iss`, `aud`, `client` (each with its option), `sub` (against `subject` when set), and `claims`
//! when the options require other claims — the verifier's own rules (`rules.rs`, `provider.rs`)
//! run on the decoded, unverified claims, each with a message that says what the claim holds.

use serde_json::{Map, Value};

use super::report::{time_info, CheckName, Recorder, Status, Times};
use crate::claims::{string_claim, time_claim};
use crate::error::clip;
use crate::provider;
use crate::rules::{self, VerifyOptions};
use crate::time::{human_duration, iso8601, NumericDate};

/// The decoded claims and what they are checked against.
pub(super) struct Claims<'a> {
    pub cl: &'a Map<String, Value>,
    pub now: NumericDate,
    pub vo: &'a VerifyOptions,
}

impl Claims<'_> {
    fn required(&self, name: &str) -> bool {
        // maxTokenAge needs `iat` as surely as requiredClaims does.
        (name == "iat" && self.vo.max_token_age.is_some())
            || self.vo.required_claims.iter().any(|r| r == name)
    }
}

/// Every claim check, in order.
pub(super) fn explain(rec: &mut Recorder, c: &Claims<'_>, times: &mut Times) {
    let exp = explain_exp(rec, c, times);
    explain_nbf(rec, c, times);
    let iat = explain_iat(rec, c, times);
    explain_age(rec, c, iat);
    explain_lifetime(rec, c, exp, iat, times);
    explain_aid(rec, c);
    explain_provider(rec, c);
    explain_sub(rec, c);
    explain_required(rec, c);
}

/// The `age` line, with `maxTokenAge`.
fn explain_age(rec: &mut Recorder, c: &Claims<'_>, iat: Option<NumericDate>) {
    let Some(max) = c.vo.max_token_age else {
        return;
    };
    if iat.is_none() && c.cl.contains_key("iat") {
        // The iat line says what is wrong with it.
        return rec.push(CheckName::Age, Status::Skip, "needs a valid \"iat\"");
    }
    rec.result(
        CheckName::Age,
        provider::check_age(iat, c.now, max, c.vo.clock_tolerance),
        format!(
            "issued {} ago, within maxTokenAge {}",
            human_duration(c.now - iat.unwrap_or(c.now)),
            human_duration(max)
        ),
    );
}

/// The `iss`, `aud` and `client` lines, each when its option is set.
fn explain_provider(rec: &mut Recorder, c: &Claims<'_>) {
    let shown = |name: &str| match c.cl.get(name) {
        Some(Value::String(s)) => format!("{:?}", clip(s, 64)),
        Some(v) => clip(&v.to_string(), 64),
        None => String::new(),
    };
    if let Some(expected) = &c.vo.issuer {
        rec.result(
            CheckName::Iss,
            provider::check_iss(c.cl, expected),
            format!("iss is {}, as expected", shown("iss")),
        );
    }
    if let Some(expected) = &c.vo.audience {
        rec.result(
            CheckName::Aud,
            provider::check_aud(c.cl, expected),
            format!(
                "aud is {}, which holds {}",
                shown("aud"),
                provider::expected_text(expected)
            ),
        );
    }
    if let Some(expected) = &c.vo.client_id {
        let name = if c.cl.contains_key("azp") {
            "azp"
        } else {
            "client_id"
        };
        rec.result(
            CheckName::Client,
            provider::check_client(c.cl, expected),
            format!("{name} is {}, as expected", shown(name)),
        );
    }
}

/// The `exp` check; the value when it is a valid NumericDate.
fn explain_exp(rec: &mut Recorder, c: &Claims<'_>, times: &mut Times) -> Option<NumericDate> {
    match time_claim(c.cl, "exp") {
        Err(e) => rec.fail(CheckName::Exp, &e),
        Ok(None) => rec.missing(
            CheckName::Exp,
            c.required("exp"),
            "the token has no \"exp\" claim",
        ),
        Ok(Some(v)) => {
            times.exp = Some(time_info(v, c.now));
            rec.result(
                CheckName::Exp,
                rules::check_exp(v, c.now, c.vo.clock_tolerance),
                format!("expires in {} at {}", human_duration(v - c.now), iso8601(v)),
            );
            return Some(v);
        }
    }
    None
}

fn explain_nbf(rec: &mut Recorder, c: &Claims<'_>, times: &mut Times) {
    let now = c.now;
    match time_claim(c.cl, "nbf") {
        Err(e) => rec.fail(CheckName::Nbf, &e),
        Ok(None) => rec.missing(
            CheckName::Nbf,
            c.required("nbf"),
            "the token has no \"nbf\" claim (SCEYT tokens carry one)",
        ),
        Ok(Some(v)) => {
            times.nbf = Some(time_info(v, now));
            let ok = if v <= now {
                format!(
                    "valid since {} ago ({})",
                    human_duration(now - v),
                    iso8601(v)
                )
            } else {
                format!("valid from {} (within the clock tolerance)", iso8601(v))
            };
            rec.result(
                CheckName::Nbf,
                rules::check_nbf(v, now, c.vo.clock_tolerance),
                ok,
            );
        }
    }
}

/// The `iat` check; the value when it is a valid NumericDate.
fn explain_iat(rec: &mut Recorder, c: &Claims<'_>, times: &mut Times) -> Option<NumericDate> {
    match time_claim(c.cl, "iat") {
        Err(e) => rec.fail(CheckName::Iat, &e),
        Ok(None) => rec.missing(
            CheckName::Iat,
            c.required("iat"),
            "the token has no \"iat\" claim",
        ),
        Ok(Some(v)) => {
            times.iat = Some(time_info(v, c.now));
            rec.result(
                CheckName::Iat,
                rules::check_iat(v, c.now, c.vo.clock_tolerance),
                format!("issued {} ago at {}", human_duration(c.now - v), iso8601(v)),
            );
            return Some(v);
        }
    }
    None
}

fn explain_lifetime(
    rec: &mut Recorder,
    c: &Claims<'_>,
    exp: Option<NumericDate>,
    iat: Option<NumericDate>,
    times: &mut Times,
) {
    let (Some(e), Some(i)) = (exp, iat) else {
        return rec.push(
            CheckName::Lifetime,
            Status::Skip,
            "needs both \"iat\" and \"exp\"",
        );
    };
    times.lifetime = Some(e - i);
    match c.vo.policy {
        Some(policy) => rec.result(
            CheckName::Lifetime,
            policy.check(e - i),
            format!(
                "lifetime {} is inside the window {} … {}",
                human_duration(e - i),
                human_duration(policy.min()),
                human_duration(policy.max())
            ),
        ),
        None => rec.push(
            CheckName::Lifetime,
            Status::Skip,
            "the lifetime policy is off",
        ),
    }
}

fn explain_aid(rec: &mut Recorder, c: &Claims<'_>) {
    match (string_claim(c.cl, "aid"), &c.vo.application_id) {
        (Err(e), _) => rec.fail(CheckName::Aid, &e),
        (Ok(aid), Some(expected)) => rec.result(
            CheckName::Aid,
            rules::check_aid(aid, expected),
            format!("aid is {expected:?}, as expected"),
        ),
        (Ok(Some(aid)), None) => rec.push(
            CheckName::Aid,
            Status::Skip,
            format!(
                "aid is {:?}; no expected application id given",
                clip(aid, 64)
            ),
        ),
        (Ok(None), None) => rec.missing(
            CheckName::Aid,
            c.required("aid"),
            "the token has no \"aid\" claim (SCEYT tokens carry one)",
        ),
    }
}

fn explain_sub(rec: &mut Recorder, c: &Claims<'_>) {
    match string_claim(c.cl, "sub") {
        Err(e) => rec.fail(CheckName::Sub, &e),
        Ok(None) => rec.missing(
            CheckName::Sub,
            c.required("sub") || c.vo.subject.is_some(),
            "the token has no \"sub\" (user id) claim",
        ),
        Ok(Some(s)) => match &c.vo.subject {
            Some(expected) => rec.result(
                CheckName::Sub,
                provider::check_subject(Some(s), expected),
                format!("user id (sub) is {:?}, as expected", clip(s, 64)),
            ),
            None => rec.push(
                CheckName::Sub,
                Status::Pass,
                format!("user id (sub) is {:?}", clip(s, 64)),
            ),
        },
    }
}

/// The `claims` check: required claims other than the ones checked above.
fn explain_required(rec: &mut Recorder, c: &Claims<'_>) {
    let others: Vec<&str> =
        c.vo.required_claims
            .iter()
            .map(String::as_str)
            .filter(|n| !["exp", "nbf", "iat", "aid", "sub"].contains(n))
            .collect();
    if others.is_empty() {
        return;
    }
    match others.iter().find(|n| !c.cl.contains_key(**n)) {
        Some(n) => rec.missing(
            CheckName::Claims,
            true,
            &format!("the required claim {n:?} is missing"),
        ),
        None => rec.push(
            CheckName::Claims,
            Status::Pass,
            format!("required claims present: {}", others.join(", ")),
        ),
    }
}
