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
    let jwk = decode(obj, kty)?;
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
/// The key members of a JWK object, read member by member (serde's derive of jwt-compact's
/// `JsonWebKey`, with its flattened RSA private part, cost 20 KB of wasm): base64url without
/// padding, as jwt-compact reads them. A message names a missing member, never a member's value.
fn decode(obj: &serde_json::Map<String, Value>, kty: &str) -> Result<JsonWebKey<'static>> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    use jwt_compact::alg::SecretBytes;
    use jwt_compact::jwk::RsaPrivateParts;
    use std::borrow::Cow;
    let bytes = |name: &str| -> Result<Option<Vec<u8>>> {
        match obj.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Base64UrlUnpadded::decode_vec(s).map(Some).map_err(|_| {
                Error::key_invalid("JWK members are not valid base64url-encoded key parameters")
            }),
            Some(_) => Err(Error::key_invalid(
                "JWK members are not valid base64url-encoded key parameters",
            )),
        }
    };
    let need = |name: &'static str| -> Result<Vec<u8>> {
        bytes(name)?
            .ok_or_else(|| Error::key_invalid(format!("JWK is missing the \"{name}\" member")))
    };
    let secret = |name: &str| -> Result<Option<SecretBytes<'static>>> {
        Ok(bytes(name)?.map(SecretBytes::owned))
    };
    let curve = || -> Cow<'static, str> {
        Cow::Owned(
            obj.get("crv")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )
    };
    Ok(match kty {
        "RSA" => {
            let (modulus, public_exponent) = (need("n")?, need("e")?);
            let private_parts = match secret("d")? {
                None => None,
                Some(private_exponent) => {
                    if obj.contains_key("oth") {
                        return Err(Error::key_unsupported(
                            "multi-prime RSA JWKs (\"oth\") are not supported",
                        ));
                    }
                    Some(RsaPrivateParts {
                        private_exponent,
                        prime_factor_p: SecretBytes::owned(need("p")?),
                        prime_factor_q: SecretBytes::owned(need("q")?),
                        p_crt_exponent: secret("dp")?,
                        q_crt_exponent: secret("dq")?,
                        q_crt_coefficient: secret("qi")?,
                        other_prime_factors: Vec::new(),
                    })
                }
            };
            JsonWebKey::Rsa {
                modulus: Cow::Owned(modulus),
                public_exponent: Cow::Owned(public_exponent),
                private_parts,
            }
        }
        "EC" => JsonWebKey::EllipticCurve {
            curve: curve(),
            x: Cow::Owned(need("x")?),
            y: Cow::Owned(need("y")?),
            secret: secret("d")?,
        },
        "OKP" => JsonWebKey::KeyPair {
            curve: curve(),
            x: Cow::Owned(need("x")?),
            secret: secret("d")?,
        },
        _ => JsonWebKey::Symmetric {
            secret: SecretBytes::owned(need("k")?),
        },
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

#[cfg(test)]
mod tests {
    use super::decode;
    use jwt_compact::jwk::JsonWebKey;
    use serde_json::json;

    /// The member-by-member reader against serde's derive of `JsonWebKey` (what it replaced), on
    /// JWKs of every type with each member removed, made a number, given padding or a character
    /// outside base64url: whatever serde reads, it reads the same key; whatever serde refuses, it
    /// refuses. One difference is deliberate: an RSA JWK with a `d` whose private part is
    /// incomplete or not base64url is refused here, where serde's flattened private part quietly
    /// became `None` (a public key, then "has no d" when asked to sign).
    #[test]
    fn reads_what_serde_read() {
        let b = "AQAB";
        let jwks = [
            json!({"kty":"RSA","n":"sXch","e":b}),
            json!({"kty":"RSA","n":"sXch","e":b,"d":"AQID","p":"BAUG","q":"BwgJ","dp":"AQ","dq":"Ag","qi":"Aw"}),
            json!({"kty":"EC","crv":"P-256","x":"AQID","y":"BAUG"}),
            json!({"kty":"EC","crv":"P-256","x":"AQID","y":"BAUG","d":"BwgJ"}),
            json!({"kty":"OKP","crv":"Ed25519","x":"AQID"}),
            json!({"kty":"OKP","crv":"Ed25519","x":"AQID","d":"BAUG"}),
            json!({"kty":"oct","k":"AQIDBA"}),
        ];
        let (mut same, mut refused) = (0, 0);
        for jwk in jwks {
            let obj = jwk.as_object().unwrap();
            let mut variants = vec![jwk.clone()];
            for name in obj.keys().filter(|k| *k != "kty" && *k != "crv") {
                for change in [
                    None,
                    Some(json!(5)),
                    Some(json!("AQ==")),
                    Some(json!("A+B/")),
                    Some(json!("")),
                ] {
                    let mut v = jwk.clone();
                    match change {
                        None => {
                            v.as_object_mut().unwrap().remove(name);
                        }
                        Some(x) => v[name] = x,
                    }
                    variants.push(v);
                }
            }
            for v in variants {
                let kty = v["kty"].as_str().unwrap().to_owned();
                let theirs: Result<JsonWebKey<'static>, _> = serde_json::from_value(v.clone());
                let ours = decode(v.as_object().unwrap(), &kty);
                let dropped_private_part = |t: &JsonWebKey<'_>| {
                    v.get("d").is_some()
                        && matches!(
                            t,
                            JsonWebKey::Rsa {
                                private_parts: None,
                                ..
                            }
                        )
                };
                match (theirs, ours) {
                    (Ok(t), Ok(o)) => {
                        assert_eq!(t, o, "{v}");
                        same += 1;
                    }
                    (Err(_), Err(_)) => refused += 1,
                    (Ok(t), Err(_)) if dropped_private_part(&t) => refused += 1,
                    (t, o) => panic!("{v}: serde {:?}, ours {:?}", t.is_ok(), o.map(|_| ())),
                }
            }
        }
        assert!(
            same >= 20 && refused >= 60,
            "{same} read alike, {refused} refused"
        );
    }
}
