//! The report's verdict: the one verification decision (`decision/`, or without a key the
//! same steps minus the signature), and the verdict, summary and code drawn from it, with the
//! deciding check's line rewritten to say exactly what the decision said.

use super::report::{Check, CheckName, Explained, Report, Status, Verdict};
use super::InspectOptions;
use crate::decision::{self, Stage};
use crate::error::{Error, ErrorCode};
use crate::jws::{self, UntrustedToken};
use crate::keys::Algorithm;
use crate::primitive::Primitive;
use crate::rules::{self, VerifyOptions};
use crate::time::NumericDate;

/// What the decision said, and where.
pub(super) struct Decision {
    /// Its outcome.
    pub result: Result<(), Error>,
    /// The stage it reached.
    pub stage: Stage,
    /// The key that verified the signature, in the key set's order.
    pub key_index: Option<usize>,
}

/// The decision a verifier with these options takes: with the key, or without it.
pub(super) fn decide(
    token: &str,
    now: NumericDate,
    opts: &InspectOptions<'_>,
    leaf: &impl Primitive<()>,
) -> Decision {
    match opts.keys {
        Some(keys) => {
            let o = decision::verify_with(keys, token, now, &opts.verify, leaf);
            Decision {
                result: o.result.map(|_| ()),
                stage: o.stage,
                key_index: o.key_index,
            }
        }
        None => {
            let (result, stage) = decide_unverified(token, now, &opts.verify);
            Decision {
                result,
                stage,
                key_index: None,
            }
        }
    }
}

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
    if let Some(expected) = &opts.typ {
        if let Err(e) = crate::provider::check_typ(tok.header(), expected) {
            return (Err(e), Stage::Type);
        }
    }
    let algorithms = unverified_algorithms(opts);
    if let Err(e) = decision::resolve_algorithm(tok.header(), &algorithms) {
        return (Err(e), Stage::Algorithm);
    }
    let claims = match crate::json::parse_object(tok.payload()) {
        Ok(c) => c,
        Err(e) => return (Err(jws::json_error("payload", e)), Stage::Claims),
    };
    match rules::check_claim_set(&claims, now, opts) {
        Ok(()) => (Ok(()), Stage::Done),
        Err(e) => (Err(e), Stage::Claims),
    }
}

/// The algorithm rules of the decision's step 2 on a decoded header (the allow-list, and with a
/// key the key selection), for a report whose decision stopped before them (at `typ`).
pub(super) fn algorithm_rules(h: &jws::Header, opts: &InspectOptions<'_>) -> Result<(), Error> {
    match opts.keys {
        Some(keys) => {
            let algs = keys.algorithms(opts.verify.algorithms.as_deref());
            let alg = decision::resolve_algorithm(h, &algs)?;
            keys.select(h.kid(), alg).map(|_| ())
        }
        None => decision::resolve_algorithm(h, &unverified_algorithms(&opts.verify)).map(|_| ()),
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

/// The check a decision error belongs to. A claim of a provider check (`iss`, `aud`, `azp`,
/// `client_id`) has its own line only when its option is set; otherwise it is the `claims` line
/// (a `requiredClaims` entry).
fn deciding_check(e: &Error, stage: Stage, vo: &VerifyOptions) -> CheckName {
    match stage {
        Stage::Structure => CheckName::Structure,
        Stage::Type => CheckName::Typ,
        Stage::Algorithm => CheckName::Algorithm,
        Stage::Signature => CheckName::Signature,
        Stage::Claims | Stage::Done => match e.code() {
            ErrorCode::TokenExpired => CheckName::Exp,
            ErrorCode::TokenNotYetValid => CheckName::Nbf,
            ErrorCode::LifetimeOutOfRange => CheckName::Lifetime,
            ErrorCode::ApplicationMismatch => CheckName::Aid,
            ErrorCode::TokenMalformed => CheckName::Structure,
            ErrorCode::TokenTooOld => CheckName::Age,
            _ => match e.claim_name() {
                Some("exp") => CheckName::Exp,
                Some("nbf") => CheckName::Nbf,
                Some("iat") => CheckName::Iat,
                Some("aid") => CheckName::Aid,
                Some("sub") => CheckName::Sub,
                Some("iss") if vo.issuer.is_some() => CheckName::Iss,
                Some("aud") if vo.audience.is_some() => CheckName::Aud,
                Some("azp" | "client_id") if vo.client_id.is_some() => CheckName::Client,
                _ => CheckName::Claims,
            },
        },
    }
}

/// The report: the explanation, under the decision's verdict.
pub(super) fn build(explained: Explained, opts: &InspectOptions<'_>, decision: Decision) -> Report {
    let keyed = opts.keys.is_some();
    let vo = &opts.verify;
    let Explained {
        mut checks,
        parts,
        times,
        header,
        claims,
    } = explained;
    let (verdict, summary, code) = match &decision.result {
        Ok(()) if keyed => (Verdict::Valid, "the token is valid".to_owned(), None),
        Ok(()) => match &opts.key_error {
            Some(e) => (
                Verdict::Unverified,
                format!(
                    "structure and claims pass, but the signature could not be checked: the key failed to load ({}: {})",
                    e.code().as_str(),
                    e.message()
                ),
                Some(e.code().as_str()),
            ),
            None => (
                Verdict::Unverified,
                "structure and claims pass; the signature was not checked (give a key to check it)"
                    .to_owned(),
                None,
            ),
        },
        Err(e) => {
            let verdict = match e.code() {
                ErrorCode::TokenExpired => Verdict::Expired,
                ErrorCode::TokenNotYetValid => Verdict::NotYetValid,
                _ => Verdict::Invalid,
            };
            // The deciding check says exactly what the decision said.
            let name = deciding_check(e, decision.stage, vo);
            let line = Check {
                check: name.as_str(),
                status: Status::Fail,
                code: Some(e.code().as_str()),
                message: e.message().to_owned(),
            };
            match checks.iter_mut().find(|c| c.check == name.as_str()) {
                Some(c) => *c = line,
                None => checks.push(line),
            }
            (verdict, e.message().to_owned(), Some(e.code().as_str()))
        }
    };
    if decision.result.is_ok() {
        // Nothing the decision accepted may read as a failure; the key that did not load is
        // not the token's and stays one.
        for c in checks
            .iter_mut()
            .filter(|c| c.status == Status::Fail && c.check != CheckName::Key.as_str())
        {
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
