//! The report's checks: one line per part of the token (`structure`, `typ` when the options name
//! types, `algorithm`, `signature`, then the claim checks of `claims.rs`), each explaining what it found with a
//! message a person can act on — also for the parts the decision did not reach. The decoded
//! parts and times are filled in on the way.

use serde_json::{Map, Value};

use super::claim_checks::{self, Claims};
use super::report::{time_info, CheckName, Explained, Part, Parts, Recorder, Status, Times};
use super::verdict::Decision;
use super::InspectOptions;
use crate::decision::Stage;
use crate::error::clip;
use crate::error::{Error, ErrorCode};
use crate::jws;
use crate::time::NumericDate;
use crate::verify::VerifyOptions;

/// The claim checks, in order; `claims` (the last) only when other claims are required.
const CLAIM_CHECKS: [CheckName; 7] = [
    CheckName::Exp,
    CheckName::Nbf,
    CheckName::Iat,
    CheckName::Lifetime,
    CheckName::Aid,
    CheckName::Sub,
    CheckName::Claims,
];

/// The claim lines a report under `vo` has, in order: [`CLAIM_CHECKS`] with `age` after `iat`
/// and `iss`, `aud`, `client` after `aid`, each only when its option is set.
pub(super) fn claim_lines(vo: &VerifyOptions) -> Vec<CheckName> {
    let others = vo
        .required_claims
        .iter()
        .any(|n| !CLAIM_CHECKS[..6].iter().any(|c| c.as_str() == n));
    let mut out = Vec::with_capacity(11);
    for c in CLAIM_CHECKS {
        match c {
            CheckName::Lifetime if vo.max_token_age.is_some() => out.push(CheckName::Age),
            CheckName::Sub => {
                if vo.issuer.is_some() {
                    out.push(CheckName::Iss);
                }
                if vo.audience.is_some() {
                    out.push(CheckName::Aud);
                }
                if vo.client_id.is_some() {
                    out.push(CheckName::Client);
                }
            }
            CheckName::Claims if !others => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Every check of `token` at `now`, next to the decision.
pub(super) fn explain(
    token: &str,
    now: NumericDate,
    opts: &InspectOptions<'_>,
    decision: &Decision,
) -> Explained {
    let vo = &opts.verify;
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
    explain_typ(&mut rec, header.as_ref(), vo);
    explain_algorithm(&mut rec, opts, header.as_ref(), decision);
    explain_signature(&mut rec, opts, header.as_ref(), decision);
    match &claims {
        Some(cl) => claim_checks::explain(&mut rec, &Claims { cl, now, vo }, &mut times),
        // The same checks a decodable token lists.
        None => skip_rest(&mut rec, &claim_lines(vo)),
    }
    Explained {
        checks: rec.0,
        parts,
        times,
        header: header.map(|h| h.into_json()),
        claims,
    }
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
            rec.fail(CheckName::Structure, &e);
            return None;
        }
    };
    parts.header.raw = segs[0].to_owned();
    parts.payload.raw = segs[1].to_owned();
    parts.signature.raw = segs[2].to_owned();
    let mut problems: Vec<String> = Vec::new();
    let header = decode_header(segs[0], &mut parts.header, &mut problems);
    let claims = decode_payload(segs[1], &mut parts.payload);
    problems.extend(parts.payload.error.clone());
    decode_signature(segs[2], &mut parts.signature, &mut problems);
    if problems.is_empty() {
        let msg = format!(
            "three well-formed parts; header and claims are JSON objects ({} bytes)",
            token.len()
        );
        rec.push(CheckName::Structure, Status::Pass, msg);
    } else {
        rec.fail(CheckName::Structure, &Error::malformed(problems.join("; ")));
    }
    Some((header, claims))
}

fn decode_header(seg: &str, part: &mut Part, problems: &mut Vec<String>) -> Option<jws::Header> {
    let mut header = None;
    match jws::decode_segment(seg) {
        Ok(b) if b.is_empty() => problems.push("the header segment is empty".into()),
        Ok(b) => {
            part.json = crate::json::parse_value(&b).ok();
            match jws::parse_header(&b) {
                Ok(h) => header = Some(h),
                Err(e) => {
                    part.error = Some(e.message().to_owned());
                    // `alg: none` is a structural success but an algorithm failure.
                    if e.code() != ErrorCode::AlgNotAllowed {
                        problems.push(e.message().to_owned());
                    }
                }
            }
        }
        Err(e) => problems.push(format!("the header segment {e}")),
    }
    if part.error.is_none() {
        part.error = problems.first().cloned();
    }
    header
}

fn decode_payload(seg: &str, part: &mut Part) -> Option<Map<String, Value>> {
    match jws::decode_segment(seg) {
        Ok(b) if b.is_empty() => part.error = Some("the JWT payload is empty".into()),
        Ok(b) => match crate::json::parse_object(&b) {
            Ok(m) => {
                part.json = Some(Value::Object(m.clone()));
                return Some(m);
            }
            Err(e) => {
                part.json = crate::json::parse_value(&b).ok();
                part.error = Some(format!("the payload {e}"));
            }
        },
        Err(e) => part.error = Some(format!("the payload segment {e}")),
    }
    None
}

fn decode_signature(seg: &str, part: &mut Part, problems: &mut Vec<String>) {
    match jws::decode_segment(seg) {
        Ok(b) => {
            part.length = Some(b.len());
            if b.is_empty() {
                // The signature check's failure, not a structural one.
                part.error = Some("the signature segment is empty".into());
            }
        }
        Err(e) => {
            let m = format!("the signature segment {e}");
            part.error = Some(m.clone());
            problems.push(m);
        }
    }
}

/// The `typ` line, when the options name types: the header rule, on the decoded header.
fn explain_typ(rec: &mut Recorder, header: Option<&jws::Header>, vo: &VerifyOptions) {
    let Some(expected) = &vo.typ else {
        return;
    };
    match header {
        Some(h) => rec.result(
            CheckName::Typ,
            crate::provider::check_typ(h.json(), expected),
            format!(
                "typ is {:?}, as expected",
                clip(
                    h.json()
                        .get("typ")
                        .and_then(|t| t.as_str())
                        .unwrap_or_default(),
                    64
                )
            ),
        ),
        None => rec.push(CheckName::Typ, Status::Skip, "the header did not decode"),
    }
}

fn explain_algorithm(
    rec: &mut Recorder,
    opts: &InspectOptions<'_>,
    header: Option<&jws::Header>,
    decision: &Decision,
) {
    match (decision.stage, &decision.result) {
        (Stage::Algorithm, Err(e)) => rec.fail(CheckName::Algorithm, e),
        // The decision stopped at `typ`: the algorithm is explained all the same.
        (Stage::Type, _) => match header {
            Some(h) => rec.result(
                CheckName::Algorithm,
                super::verdict::algorithm_rules(h, opts),
                format!("alg {} is allowed", h.alg()),
            ),
            None => rec.push(
                CheckName::Algorithm,
                Status::Skip,
                "the header did not decode",
            ),
        },
        (Stage::Structure, _) => match header {
            Some(h) => rec.push(
                CheckName::Algorithm,
                Status::Skip,
                format!(
                    "alg {:?} not checked: the token's structure failed",
                    clip(h.alg(), 20)
                ),
            ),
            None => rec.push(
                CheckName::Algorithm,
                Status::Skip,
                "the header did not decode",
            ),
        },
        _ => {
            let Some(h) = header else {
                return rec.push(
                    CheckName::Algorithm,
                    Status::Skip,
                    "the header did not decode",
                );
            };
            let named: Vec<&str> = jws::KEY_BEARING_HEADERS
                .iter()
                .copied()
                .filter(|n| h.json().contains_key(*n))
                .collect();
            if named.is_empty() {
                rec.push(
                    CheckName::Algorithm,
                    Status::Pass,
                    format!("alg {} is allowed", h.alg()),
                );
            } else {
                rec.push(
                    CheckName::Algorithm,
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
    decision: &Decision,
) {
    let Some(keys) = opts.keys else {
        if let Some(e) = &opts.key_error {
            rec.fail(CheckName::Key, e);
            return rec.push(
                CheckName::Signature,
                Status::Skip,
                "not checked: the key given could not be loaded (see the key check)",
            );
        }
        return rec.push(
            CheckName::Signature,
            Status::Skip,
            "no key given: the signature was not checked",
        );
    };
    match (decision.stage, &decision.result) {
        (Stage::Signature, Err(e)) => rec.fail(CheckName::Signature, e),
        (Stage::Structure | Stage::Algorithm, _) => rec.push(
            CheckName::Signature,
            Status::Skip,
            "not checked: the token's structure or algorithm failed",
        ),
        (Stage::Type, _) => rec.push(
            CheckName::Signature,
            Status::Skip,
            "not checked: the header's typ failed",
        ),
        _ => {
            let alg = header.map(|h| h.alg()).unwrap_or_default();
            let kid = decision
                .key_index
                .and_then(|i| keys.get(i))
                .and_then(|k| k.key_id());
            rec.push(
                CheckName::Signature,
                Status::Pass,
                match kid {
                    Some(kid) => format!("{alg} signature verifies with key {kid:?}"),
                    None => format!("{alg} signature verifies"),
                },
            );
        }
    }
}

fn skip_rest(rec: &mut Recorder, names: &[CheckName]) {
    for &c in names {
        if !rec.0.iter().any(|x| x.check == c.as_str()) {
            rec.push(
                c,
                Status::Skip,
                "not checked: the token could not be decoded",
            );
        }
    }
}
