//! JWK import: the metadata jwt-compact's `JsonWebKey` lacks (`kid`, `alg`, `use`, `key_ops`)
//! is read and enforced here; the key material goes by key type to the family modules, which
//! use jwt-compact's conversions.

use std::sync::Arc;

use jwt_compact::jwk::JsonWebKey;
use serde_json::Value;

use super::family;
use super::key_rules::{check_key_id, KidSource};
use super::material::{Pair, PublicKey};
use super::Algorithm;
use crate::error::{quote_name, Error, ErrorCode, Result};

/// What the key will be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Signing (needs private material).
    Sign,
    /// Verification.
    Verify,
}

/// The JWK members a message may name (RFC 7517, 7518, 8037).
const MEMBERS: [&str; 17] = [
    "kty", "use", "key_ops", "alg", "kid", "crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq",
    "qi", "k",
];

pub(crate) struct Parsed {
    pub jwk: JsonWebKey<'static>,
    pub kid: Option<String>,
    pub alg: Option<Algorithm>,
}

fn str_member<'a>(obj: &'a serde_json::Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::key_invalid(format!(
            "JWK member \"{name}\" must be a string, not {}",
            crate::json::kind(other)
        ))),
    }
}

/// Reads and enforces the JWK's metadata, then decodes its key parameters.
pub(crate) fn parse(json: &Value, usage: Usage) -> Result<Parsed> {
    let Value::Object(obj) = json else {
        return Err(Error::key_invalid(format!(
            "a JWK must be a JSON object, not {}",
            crate::json::kind(json)
        )));
    };
    let kty =
        str_member(obj, "kty")?.ok_or_else(|| Error::key_invalid("JWK has no \"kty\" member"))?;
    match kty {
        "RSA" | "EC" | "OKP" | "oct" => {}
        other => {
            return Err(Error::key_unsupported(format!(
                "JWK key type {} is not supported (RSA, EC, OKP, oct are)",
                quote_name(other)
            )))
        }
    }
    check_usage(obj, usage)?;
    let alg = match str_member(obj, "alg")? {
        None => None,
        Some(a) => Some(Algorithm::from_name(a).ok_or_else(|| {
            Error::key_unsupported(format!("JWK \"alg\" {} is not supported", quote_name(a)))
        })?),
    };
    let crv = str_member(obj, "crv")?;
    match (kty, crv) {
        ("EC", Some("P-256")) | ("OKP", Some("Ed25519")) | ("RSA", _) | ("oct", _) => {}
        ("EC" | "OKP", Some(c)) => {
            return Err(Error::key_unsupported(format!(
                "JWK curve {} is not supported (P-256 and Ed25519 are)",
                quote_name(c)
            )))
        }
        _ => return Err(Error::key_invalid("JWK has no \"crv\" member")),
    }
    let kid = str_member(obj, "kid")?.map(str::to_owned);
    if let Some(k) = &kid {
        check_key_id(k, KidSource::Jwk)?;
    }
    let jwk = decode(json)?;
    Ok(Parsed { jwk, kid, alg })
}

/// `use` must be `sig`, and `key_ops`, when present, must include the operation.
fn check_usage(obj: &serde_json::Map<String, Value>, usage: Usage) -> Result<()> {
    if let Some(u) = str_member(obj, "use")? {
        if u != "sig" {
            return Err(Error::new(
                ErrorCode::KeyUsage,
                format!(
                    "JWK has \"use\": {}; only signature keys (\"sig\") can be used",
                    quote_name(u)
                ),
            ));
        }
    }
    if let Some(ops) = obj.get("key_ops") {
        let Value::Array(ops) = ops else {
            return Err(Error::key_invalid(
                "JWK member \"key_ops\" must be an array of strings",
            ));
        };
        let needed = match usage {
            Usage::Sign => "sign",
            Usage::Verify => "verify",
        };
        if !ops.iter().any(|o| o.as_str() == Some(needed)) {
            return Err(Error::new(
                ErrorCode::KeyUsage,
                format!("JWK \"key_ops\" does not include \"{needed}\""),
            ));
        }
    }
    Ok(())
}

/// The key parameters, through jwt-compact's `JsonWebKey`.
fn decode(json: &Value) -> Result<JsonWebKey<'static>> {
    serde_json::from_value(json.clone()).map_err(|e| {
        // serde messages can quote member values, and member values can be secret: keep only
        // the "missing field" case, which names a field and nothing else.
        let text = e.to_string();
        let missing = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .and_then(|field| MEMBERS.iter().find(|m| **m == field));
        if let Some(field) = missing {
            Error::key_invalid(format!("JWK is missing the \"{field}\" member"))
        } else {
            Error::key_invalid("JWK members are not valid base64url-encoded key parameters")
        }
    })
}

fn not_in_build() -> Error {
    Error::key_unsupported("this JWK key type is not included in this build of sceyt-token")
}

/// The public half of a JWK; an `oct` secret is checked for `hmac_alg` (HS256 when `None`).
pub(crate) fn public_material(
    jwk: &JsonWebKey<'_>,
    hmac_alg: Option<Algorithm>,
) -> Result<Arc<dyn PublicKey>> {
    match jwk {
        #[cfg(feature = "rsa")]
        JsonWebKey::Rsa { .. } => family::rsa::public_from_jwk(jwk),
        #[cfg(feature = "ecdsa")]
        JsonWebKey::EllipticCurve { .. } => family::p256::public_from_jwk(jwk),
        #[cfg(feature = "eddsa")]
        JsonWebKey::KeyPair { .. } => family::ed25519::public_from_jwk(jwk),
        JsonWebKey::Symmetric { secret } => Ok(family::hmac::import(secret, hmac_alg)?.1),
        _ => Err(not_in_build()),
    }
}

/// A private JWK; an `oct` secret is checked for `hmac_alg` (HS256 when `None`).
pub(crate) fn secret_material(jwk: &JsonWebKey<'_>, hmac_alg: Option<Algorithm>) -> Result<Pair> {
    if !jwk.is_signing_key() {
        return Err(Error::new(
            ErrorCode::KeyUsage,
            "this JWK is a public key (it has no \"d\"); signing needs the private key",
        ));
    }
    match jwk {
        #[cfg(feature = "rsa")]
        JsonWebKey::Rsa { .. } => family::rsa::private_from_jwk(jwk),
        #[cfg(feature = "ecdsa")]
        JsonWebKey::EllipticCurve { .. } => family::p256::private_from_jwk(jwk),
        #[cfg(feature = "eddsa")]
        JsonWebKey::KeyPair {
            secret: Some(d), ..
        } => family::ed25519::private_from_jwk(jwk, d),
        JsonWebKey::Symmetric { secret } => family::hmac::import(secret, hmac_alg),
        _ => Err(not_in_build()),
    }
}
