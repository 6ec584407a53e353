//! The JavaScript binding: `#[wasm_bindgen]` newtypes over the core, one file per exported class
//! or function group. No security decision is made here; this layer checks JS types, reads option
//! bags, and turns core errors into `TokenError`s (in `errors::to_js`, the only place that does).
//! `cells` holds the key cells and how one exported object reaches another; `native` holds the runtime's crypto.

mod arguments;
mod cells;
mod clock;
mod compact;
mod decode;
mod duration;
mod errors;
mod inspect;
mod issuer;
mod key_input;
mod key_set;
mod native;
mod options;
mod package;
mod signing_key;
mod token_cache;
mod types;
mod verified;
mod verifier;
mod verifying_key;

pub use compact::{verify_compact, verify_compact_sync};
pub use decode::{decode_token, token_expires_in};
pub use inspect::inspect_token;
pub use issuer::JsTokenIssuer;
pub use key_set::JsKeySet;
pub use package::set_error_class;
pub use signing_key::JsSigningKey;
pub use verifier::JsTokenVerifier;
pub use verifying_key::JsVerifyingKey;
