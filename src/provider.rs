//! The checks a token from another provider needs (an OpenID Connect ID or access token, an app's
//! session JWT): its header's `typ`, and its `iss`, `aud`, client (`azp` or `client_id`), `sub`
//! and age. Each is off unless its option is set (`issuer`, `audience`, `clientId`, `typ`,
//! `subject`, `maxTokenAge`), named as jose names them. `crate::rules` calls the claim checks in
//! the one documented order (docs/DECISION.md); `decision::begin` calls [`check_typ`] with the
//! other header rules, before the signature.
//!
//! A value that differs from every expected one is the check's own code (`ERR_ISSUER_MISMATCH`,
//! `ERR_AUDIENCE_MISMATCH`, `ERR_CLIENT_MISMATCH`, `ERR_SUBJECT_MISMATCH`, `ERR_TYPE_MISMATCH`);
//! a claim that is missing or of the wrong JSON type is `ERR_CLAIM_INVALID` (reason `missing` or
//! `type`), as for `aid`. Messages name the actual and the expected values, each clipped to 64
//! characters, at most three expected ones.

use serde_json::Value;

use crate::claims::ClaimSource;
use crate::error::{clip, Error, ErrorCode, Result, MAX_ID_EXCERPT};
use crate::time::{human_duration, iso8601, NumericDate};

/// Longest expected value accepted in an option (bytes).
pub const MAX_EXPECTED_LEN: usize = 1024;
/// Most expected values one option may list.
pub const MAX_EXPECTED: usize = 64;
/// How many expected values a message names.
const SHOWN: usize = 3;

/// `"value"`, clipped.
fn quoted(s: &str) -> String {
    format!("{:?}", clip(s, MAX_ID_EXCERPT))
}

/// The expected values as a message shows them: `"a"`, or `one of "a", "b", "c" (and 2 more)`.
pub(crate) fn expected_text(expected: &[String]) -> String {
    if let [one] = expected {
        return quoted(one);
    }
    let shown: Vec<String> = expected.iter().take(SHOWN).map(|e| quoted(e)).collect();
    let more = expected.len().saturating_sub(SHOWN);
    let mut out = format!("one of {}", shown.join(", "));
    if more > 0 {
        out.push_str(&format!(" (and {more} more)"));
    }
    out
}

/// Checks an option that lists expected values: 1 to [`MAX_EXPECTED`] values, none empty, none
/// longer than [`MAX_EXPECTED_LEN`] bytes.
pub(crate) fn check_list_option(list: Option<&[String]>, name: &str) -> Result<()> {
    match list {
        Some(l)
            if l.is_empty()
                || l.len() > MAX_EXPECTED
                || l.iter().any(|v| v.is_empty() || v.len() > MAX_EXPECTED_LEN) =>
        {
            Err(Error::invalid_arg(format!(
                "option {name:?} must be a non-empty string, or a list of 1 to {MAX_EXPECTED} of them, each at most {MAX_EXPECTED_LEN} bytes"
            )))
        }
        _ => Ok(()),
    }
}

/// A media type as RFC 7515 section 4.1.9 compares `typ`: case-insensitively (ASCII case: media
/// types are ASCII, and Unicode case tables would cost 10 KB of gzip in the package), and a value without
/// a `/` is read with `application/` prepended — as jose does it. So `at+jwt`, `AT+JWT` and
/// `application/at+jwt` are one type; `text/at+jwt` is another.
pub fn normalise_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    if lower.contains('/') {
        lower
    } else {
        format!("application/{lower}")
    }
}

/// The header's `typ` must be one of `expected` (compared by [`normalise_typ`]). A header without
/// `typ`, or with a `typ` that is not a string, fails too. Every failure is `ERR_TYPE_MISMATCH`.
pub fn check_typ(header: &dyn ClaimSource, expected: &[String]) -> Result<()> {
    let fail = |reason: &'static str, actual: String| {
        Error::claim(
            ErrorCode::TypeMismatch,
            "typ",
            reason,
            format!("{actual}; expected {}", expected_text(expected)),
        )
    };
    match header.claim("typ").as_deref() {
        None => Err(fail("missing", "the header has no \"typ\"".to_owned())),
        Some(Value::String(t)) => {
            let t_norm = normalise_typ(t);
            if expected.iter().any(|e| normalise_typ(e) == t_norm) {
                Ok(())
            } else {
                Err(fail("mismatch", format!("typ is {}", quoted(t))))
            }
        }
        Some(v) => Err(fail(
            "type",
            format!("header \"typ\" is {}, not a string", crate::json::kind(v)),
        )),
    }
}

/// The token has no `name`: `ERR_CLAIM_INVALID`, reason `missing`.
fn missing(name: &str, what: &str, expected: &[String]) -> Error {
    Error::claim(
        ErrorCode::ClaimInvalid,
        name,
        "missing",
        format!("{what}; expected {}", expected_text(expected)),
    )
}

/// `iss` must equal one of `expected`, exactly: no case folding, no trailing-slash
/// normalisation (`https://a.example/` and `https://a.example` are different issuers).
pub fn check_iss(claims: &dyn ClaimSource, expected: &[String]) -> Result<()> {
    match claims.string_claim("iss")?.as_deref() {
        None => Err(missing("iss", "the token has no \"iss\"", expected)),
        Some(iss) if expected.iter().any(|e| e == iss) => Ok(()),
        Some(iss) => Err(Error::claim(
            ErrorCode::IssuerMismatch,
            "iss",
            "mismatch",
            format!(
                "iss is {}, expected {}",
                quoted(iss),
                expected_text(expected)
            ),
        )),
    }
}

/// `aud` — a string, or an array of strings — must hold one of `expected`. An empty array holds
/// none (`ERR_AUDIENCE_MISMATCH`); a number, an object or an array with a non-string entry is
/// `ERR_CLAIM_INVALID` (reason `type`).
pub fn check_aud(claims: &dyn ClaimSource, expected: &[String]) -> Result<()> {
    let Some(aud) = claims.claim("aud") else {
        return Err(missing("aud", "the token has no \"aud\"", expected));
    };
    let auds: Vec<&str> = match &*aud {
        Value::String(a) => vec![a.as_str()],
        Value::Array(list) if list.iter().all(Value::is_string) => {
            list.iter().filter_map(Value::as_str).collect()
        }
        v => {
            let what = match v {
                Value::Array(_) => "an array with a non-string entry",
                v => crate::json::kind(v),
            };
            return Err(Error::claim(
                ErrorCode::ClaimInvalid,
                "aud",
                "type",
                format!("\"aud\" must be a string or an array of strings, not {what}"),
            ));
        }
    };
    if auds.iter().any(|a| expected.iter().any(|e| e == a)) {
        return Ok(());
    }
    let actual = match &*aud {
        Value::String(a) => quoted(a),
        list => clip(&list.to_string(), 2 * MAX_ID_EXCERPT),
    };
    Err(Error::claim(
        ErrorCode::AudienceMismatch,
        "aud",
        "mismatch",
        format!("aud is {actual}, expected {}", expected_text(expected)),
    ))
}

/// The client the token was issued to must be one of `expected`: `azp` when the token has one,
/// else `client_id` (the claim Cognito access tokens, and RFC 9068 access tokens, carry). A token
/// with neither fails with claim `azp`, reason `missing`.
pub fn check_client(claims: &dyn ClaimSource, expected: &[String]) -> Result<()> {
    let name = if claims.has("azp") {
        "azp"
    } else if claims.has("client_id") {
        "client_id"
    } else {
        return Err(missing(
            "azp",
            "the token has neither \"azp\" nor \"client_id\"",
            expected,
        ));
    };
    let value = claims.string_claim(name)?.unwrap_or_default();
    let value = &*value;
    if expected.iter().any(|e| e == value) {
        return Ok(());
    }
    Err(Error::claim(
        ErrorCode::ClientMismatch,
        name,
        "mismatch",
        format!(
            "{name} is {}, expected {}",
            quoted(value),
            expected_text(expected)
        ),
    ))
}

/// `sub` must equal `expected` exactly.
pub fn check_subject(sub: Option<&str>, expected: &str) -> Result<()> {
    let expected_list = [expected.to_owned()];
    match sub {
        None => Err(missing("sub", "the token has no \"sub\"", &expected_list)),
        Some(s) if s == expected => Ok(()),
        Some(s) => Err(Error::claim(
            ErrorCode::SubjectMismatch,
            "sub",
            "mismatch",
            format!("sub is {}, expected {}", quoted(s), quoted(expected)),
        )),
    }
}

/// The token's age (`now - iat`) may be at most `max` seconds, plus the clock tolerance, as jose's
/// `maxTokenAge`: a token exactly `max` old passes, one second more is `ERR_TOKEN_TOO_OLD`
/// (claim `iat`, reason `too_old`). Without `iat` it fails (`ERR_CLAIM_INVALID`, `missing`).
pub fn check_age(iat: Option<NumericDate>, now: NumericDate, max: i64, tol: i64) -> Result<()> {
    let Some(iat) = iat else {
        return Err(Error::claim(
            ErrorCode::ClaimInvalid,
            "iat",
            "missing",
            format!(
                "the token has no \"iat\"; maxTokenAge ({}) needs it",
                human_duration(max)
            ),
        ));
    };
    let age = now.saturating_sub(iat);
    if age > max.saturating_add(tol) {
        return Err(Error::claim(
            ErrorCode::TokenTooOld,
            "iat",
            "too_old",
            format!(
                "token was issued {} ago at {}, longer ago than maxTokenAge {}",
                human_duration(age),
                iso8601(iat),
                human_duration(max)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn expected_lists_are_shown_short() {
        assert_eq!(expected_text(&list(&["a"])), "\"a\"");
        assert_eq!(expected_text(&list(&["a", "b"])), "one of \"a\", \"b\"");
        assert_eq!(
            expected_text(&list(&["a", "b", "c", "d", "e"])),
            "one of \"a\", \"b\", \"c\" (and 2 more)"
        );
        let long = "x".repeat(100);
        assert_eq!(expected_text(&[long]), format!("\"{}…\"", "x".repeat(64)));
    }

    #[test]
    fn list_options() {
        let e = check_list_option(Some(&list(&[])), "issuer").unwrap_err();
        assert_eq!(
            e.message(),
            "option \"issuer\" must be a non-empty string, or a list of 1 to 64 of them, each at most 1024 bytes"
        );
        assert!(check_list_option(None, "issuer").is_ok());
        assert!(check_list_option(Some(&list(&["a"])), "issuer").is_ok());
        for bad in [
            list(&[]),
            list(&[""]),
            vec!["x".repeat(MAX_EXPECTED_LEN + 1)],
            vec!["a".to_owned(); MAX_EXPECTED + 1],
        ] {
            let e = check_list_option(Some(&bad), "issuer").unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
            assert!(e.message().contains("\"issuer\""), "{}", e.message());
        }
        assert!(check_list_option(Some(&["x".repeat(MAX_EXPECTED_LEN)]), "a").is_ok());
        assert!(check_list_option(Some(&vec!["a".to_owned(); MAX_EXPECTED]), "a").is_ok());
    }

    #[test]
    fn typ_normalisation() {
        assert_eq!(normalise_typ("JWT"), "application/jwt");
        assert_eq!(normalise_typ("Application/AT+JWT"), "application/at+jwt");
        assert_eq!(normalise_typ("at+jwt"), "application/at+jwt");
        assert_eq!(normalise_typ("Text/X"), "text/x");
        // a value with a `/` is a whole media type: nothing is removed from it
        assert_eq!(normalise_typ("application/x/y"), "application/x/y");
        assert_ne!(normalise_typ("application/x/y"), normalise_typ("x/y"));
    }
}
