//! # sceyt-token
//!
//! Issue and verify SCEYT chat access tokens: RS256 (and PS*, ES256, EdDSA, HS*) JWTs carrying
//! `iat`, `nbf`, `exp`, `sub` (the user id) and `aid` (the SCEYT application id), under a lifetime
//! policy (10 min … 24 h by default).
//!
//! The crate is a plain-Rust core, usable natively; `src/js/` (compiled only for `wasm32`) is the
//! thin binding layer that makes it the `sceyt-token` npm package.
//!
//! ```
//! use sceyt_token::{Algorithm, Issuer, IssuerOptions, IssueOptions, KeyOptions, SigningKey,
//!                   Verifier, VerifyOptions, KeySource};
//! let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
//! # use rand_core::SeedableRng;
//! let key = SigningKey::generate(Algorithm::Es256, &mut rng, &KeyOptions::default()).unwrap();
//! let issuer = Issuer::new(key.clone(), IssuerOptions::new("dqev1ml4ld")).unwrap();
//! let now = 1_795_860_180;
//! let token = issuer.issue(now, "user-42", &IssueOptions::default()).unwrap();
//! let verifier = Verifier::new(
//!     KeySource::One(key.verifying_key()),
//!     VerifyOptions { application_id: Some("dqev1ml4ld".into()), ..Default::default() },
//! ).unwrap();
//! let verified = verifier.verify(&token, now + 60).unwrap();
//! assert_eq!(verified.claims()["sub"], "user-42");
//! ```
//!
//! ## Features
//! | feature | algorithms | default |
//! |---|---|---|
//! | `rsa` | RS256, RS384, RS512, PS256, PS384, PS512 | yes |
//! | `ecdsa` | ES256 | yes |
//! | `eddsa` | EdDSA (Ed25519) | yes |
//! | `hmac` | HS256, HS384, HS512 | yes |
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod base64url;
pub mod cache;
pub mod claims;
pub mod decision;
mod error;
pub mod inspect;
pub mod json;
pub mod jws;
pub mod key_source;
pub mod keys;
pub mod policy;
pub mod primitive;
pub mod provider;
pub mod time;

mod issue;
mod rules;
#[cfg(test)]
mod ts_unions;
mod verify;

/// The JavaScript binding (wasm32 only); its items are what the npm package exports.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod js;

pub use decision::{SignedToken, Verified};
pub use error::{quote_name, Error, ErrorCode, Result};
pub use issue::{IssueOptions, Issuer, IssuerOptions, NotBefore};
pub use key_source::{KeySource, Keys, OneOrSet};
pub use keys::{Algorithm, KeyKind, KeyOptions, KeySet, SigningKey, VerifyingKey};
pub use primitive::Answer;
pub use rules::VerifyOptions;
pub use verify::{decode_unverified, Verifier};
