//! The verification option bag, read in one place for every path that verifies: `TokenVerifier`
//! (all of [`VERIFY_OPTIONS`]), `inspectToken` (those plus `key`) and `verifyCompact(Sync)` (the
//! subset [`COMPACT_OPTIONS`]). Each option has one reader and one rule, whichever path reads it.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::arguments::{self, get_opt, get_string, string_arg};
use super::cells::KeyCells;
use super::duration::get_duration;
use super::errors;
use super::native;
use crate::decision::{self, Pending};
use crate::jws;
use crate::policy::LifetimePolicy;
use crate::Result;
use crate::VerifyOptions;

pub(crate) const MAX_TOKEN_HARD: usize = 1024 * 1024;

/// The options `TokenVerifier` takes (`inspectToken` takes them and `key`).
pub(crate) const VERIFY_OPTIONS: [&str; 19] = [
    "applicationId",
    "anyApplication",
    "algorithms",
    "clockTolerance",
    "currentDate",
    "clock",
    "minLifetime",
    "maxLifetime",
    "maxTokenLength",
    "requiredClaims",
    "lifetimePolicy",
    "backend",
    "issuer",
    "audience",
    "clientId",
    "typ",
    "maxTokenAge",
    "subject",
    "cache",
];

/// The options `verifyCompact(Sync)` takes: those of the signature and the header (`typ`); no
/// claim is read.
pub(crate) const COMPACT_OPTIONS: [&str; 4] = ["algorithms", "maxTokenLength", "backend", "typ"];

/// `minLifetime` / `maxLifetime` over the default window (the issuer reads them too).
pub(crate) fn policy_from(o: Option<&Object>) -> Result<LifetimePolicy> {
    let d = LifetimePolicy::default();
    let min = get_duration(o, "minLifetime")?.unwrap_or(d.min());
    let max = get_duration(o, "maxLifetime")?.unwrap_or(d.max());
    LifetimePolicy::new(min, max)
}

/// `maxTokenLength`: the one place it is read (verifiers, `verifyCompact`, `inspectToken`).
fn max_token_length(o: Option<&Object>) -> Result<usize> {
    match get_opt(o, "maxTokenLength")? {
        None => Ok(jws::DEFAULT_MAX_TOKEN_LENGTH),
        Some(m) => m
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 16.0 && *n <= MAX_TOKEN_HARD as f64)
            .map(|n| n as usize)
            .ok_or_else(|| {
                errors::invalid(format!(
                    "option \"maxTokenLength\" must be a whole number from 16 to {MAX_TOKEN_HARD}"
                ))
            }),
    }
}

/// `backend`: which primitive checks signatures ("auto", "node", "webcrypto", "wasm").
pub(crate) fn backend_option(o: Option<&Object>) -> Result<native::Backend> {
    get_opt(o, "backend")?
        .map(|b| {
            b.as_string()
                .and_then(|name| native::Backend::from_name(&name))
                .unwrap_or_else(|| {
                    Err(errors::invalid(
                        "option \"backend\" must be \"auto\", \"node\", \"webcrypto\" or \"wasm\"",
                    ))
                })
        })
        .transpose()
        .map(Option::unwrap_or_default)
}

/// Whether a reader of the verification options needs the application check settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AppCheck {
    /// `TokenVerifier`: `applicationId`, or `anyApplication: true` to skip the `aid` check.
    Required,
    /// `inspectToken` (a report: without an id, `aid` is shown, not checked) and
    /// `verifyCompact(Sync)` (no claims).
    Optional,
}

/// `applicationId` and `anyApplication`, the one reader. Skipping the `aid` check is an explicit
/// choice: an `applicationId` member that is present but `undefined` (an unset environment
/// variable) is refused rather than read as "skip", and a verifier without an id needs
/// `anyApplication: true`, which survives `JSON.stringify` where an `undefined` member does not.
fn application_id(o: Option<&Object>, rule: AppCheck) -> Result<Option<String>> {
    let present = o.is_some_and(|o| {
        js_sys::Reflect::has(o, &JsValue::from_str("applicationId")).unwrap_or(false)
    });
    let raw = get_opt(o, "applicationId")?;
    if raw
        .as_ref()
        .is_some_and(|v| v.is_null() || v.as_string().is_some_and(|s| s.is_empty()))
    {
        return Err(errors::invalid(
            "option \"applicationId\" is null or empty; pass the SCEYT application id, or anyApplication: true to accept tokens of every application",
        ));
    }
    let id = raw
        .map(|v| string_arg(&v, "option \"applicationId\"", 1024))
        .transpose()?;
    if present && id.is_none() {
        return Err(errors::invalid(
            "option \"applicationId\" is undefined (an unset environment variable?); pass the SCEYT application id, or anyApplication: true to accept tokens of every application",
        ));
    }
    let any = match get_opt(o, "anyApplication")? {
        None => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| errors::invalid("option \"anyApplication\" must be a boolean"))?,
    };
    match (&id, any) {
        (Some(_), true) => Err(errors::invalid(
            "options \"applicationId\" and \"anyApplication: true\" contradict each other; give one",
        )),
        (None, false) if rule == AppCheck::Required => Err(errors::invalid(
            "option \"applicationId\" is required: pass the SCEYT application id tokens must carry in \"aid\", or anyApplication: true to skip that check (e.g. for another provider's tokens)",
        )),
        _ => Ok(id),
    }
}

fn verify_options(o: Option<&Object>, app: AppCheck) -> Result<VerifyOptions> {
    let mut vo = VerifyOptions {
        application_id: application_id(o, app)?,
        ..Default::default()
    };
    if let Some(a) = get_opt(o, "algorithms")? {
        vo.algorithms = Some(arguments::algorithms_arg(&a)?);
    }
    if let Some(t) = get_duration(o, "clockTolerance")? {
        vo.clock_tolerance = t; // never negative: the duration reader refuses that
    }
    vo.policy = Some(policy_from(o)?);
    if let Some(p) = get_opt(o, "lifetimePolicy")? {
        match p.as_bool() {
            Some(true) => {}
            Some(false) => vo.policy = None,
            None => {
                return Err(errors::invalid(
                    "option \"lifetimePolicy\" must be a boolean",
                ))
            }
        }
    }
    vo.max_token_length = max_token_length(o)?;
    if let Some(r) = get_opt(o, "requiredClaims")? {
        if !js_sys::Array::is_array(&r) {
            return Err(errors::invalid(
                "option \"requiredClaims\" must be an array of claim names",
            ));
        }
        let arr: js_sys::Array = r.unchecked_into();
        if arr.length() > 64 {
            return Err(errors::invalid(
                "option \"requiredClaims\" lists too many claims",
            ));
        }
        vo.required_claims = arr
            .iter()
            .map(|c| string_arg(&c, "an entry of \"requiredClaims\"", 256))
            .collect::<Result<_>>()?;
    }
    vo.issuer = string_list(o, "issuer")?;
    vo.audience = string_list(o, "audience")?;
    vo.client_id = string_list(o, "clientId")?;
    vo.typ = string_list(o, "typ")?;
    vo.max_token_age = get_duration(o, "maxTokenAge")?;
    vo.subject = get_string(o, "subject", 1024)?;
    vo.check()?;
    Ok(vo)
}

/// An option that is one string or an array of strings (`issuer`, `audience`, `clientId`,
/// `typ`); the core checks what they hold (`provider::check_list_option`).
fn string_list(o: Option<&Object>, key: &str) -> Result<Option<Vec<String>>> {
    use crate::provider::{MAX_EXPECTED, MAX_EXPECTED_LEN};
    let Some(v) = get_opt(o, key)? else {
        return Ok(None);
    };
    // One more than allowed is read, so that the core's check refuses a list that is too long.
    let items: Vec<JsValue> = if js_sys::Array::is_array(&v) {
        js_sys::Array::from(&v)
            .iter()
            .take(MAX_EXPECTED + 1)
            .collect()
    } else {
        vec![v]
    };
    let what = format!("option {key:?}");
    items
        .iter()
        .map(|e| string_arg(e, &what, MAX_EXPECTED_LEN))
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// Every verification option of `o` (a bag already checked against the caller's allowed list),
/// in one order: the claim and signature options, then `backend`. The one reader for
/// `TokenVerifier`, `inspectToken` and `verifyCompact(Sync)`.
pub(crate) fn verify_args(
    o: Option<&Object>,
    app: AppCheck,
) -> Result<(VerifyOptions, native::Backend)> {
    let vo = verify_options(o, app)?;
    let backend = backend_option(o)?;
    Ok((vo, backend))
}

/// Steps 1–3 of the decision for `token` under `o` (`jwt`: the payload must be a non-empty JWT).
pub(crate) fn pending_for(
    keys: KeyCells,
    token: &str,
    o: &VerifyOptions,
    jwt: bool,
) -> Result<Pending<KeyCells>> {
    decision::begin_with(
        keys,
        token,
        o.algorithms.as_deref(),
        o.typ.as_deref(),
        o.max_token_length,
        jwt,
    )
}
