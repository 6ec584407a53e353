//! The native primitives: sign bytes, or answer whether a signature verifies, with the runtime's
//! `node:crypto` ([`node`]: synchronous, found with `process.getBuiltinModule`, so Node, Deno,
//! Bun and workerd with `nodejs_compat`; used by the sync and the async paths) or WebCrypto
//! ([`subtle`]: async only, where node:crypto is missing); [`Backend`] chooses. They never select
//! keys, never choose the algorithm and never read claims: the one decision (`crate::decision`)
//! drives them exactly as it drives the pure-Rust primitive ([`verify`] for the async paths,
//! [`sign`] for signing and key generation). Native key handles belong to the key ([`handles`]);
//! a native `false` is final, and only an exception (or a refused import) makes the pure-Rust
//! primitive decide instead. RSA, ECDSA and Ed25519 go native; HMAC stays in wasm (faster than a
//! native call per token). [`stats`] counts every crossing for the differential suite.

mod handles;
mod node;
mod settle;
mod sign;
mod stats;
mod subtle;
mod verify;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::decision::Answer;
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{Algorithm, KeyKind};
use stats::{bump, NATIVE_ANSWERS, NATIVE_FALLBACKS};

pub(crate) use handles::NativeKeys;
pub(crate) use node::{node_sign, sync_primitive};
pub(crate) use settle::{retry_sign, retry_verify, Retry};
pub(crate) use sign::{generate, sign_promise};
pub(crate) use verify::{verify_pending, verify_remote, Settle, Then};

/// Which primitive signs and checks signature bytes (the `backend` option of issuers, verifiers,
/// `verifyCompact(Sync)` and `inspectToken`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Backend {
    /// `node:crypto` where it exists (sync and async paths), else WebCrypto (async paths), else
    /// pure wasm.
    #[default]
    Auto,
    /// Pure wasm only.
    Wasm,
    /// WebCrypto (the runtime must have `crypto.subtle`); the sync paths use pure wasm.
    WebCrypto,
    /// `node:crypto` (the runtime must have it: Node, Deno, Bun, workerd with `nodejs_compat`).
    Node,
}

impl Backend {
    pub(crate) fn parse(v: &JsValue) -> Result<Self> {
        match v.as_string().as_deref() {
            Some("auto") => Ok(Backend::Auto),
            Some("wasm") => Ok(Backend::Wasm),
            Some("webcrypto") => {
                if subtle::subtle().is_none() {
                    return Err(Error::new(
                        ErrorCode::RuntimeUnsupported,
                        "backend \"webcrypto\" was asked for, but this runtime has no crypto.subtle",
                    ));
                }
                Ok(Backend::WebCrypto)
            }
            Some("node") => {
                if node::node_crypto().is_none() {
                    return Err(Error::new(
                        ErrorCode::RuntimeUnsupported,
                        "backend \"node\" was asked for, but this runtime has no node:crypto (process.getBuiltinModule)",
                    ));
                }
                Ok(Backend::Node)
            }
            _ => Err(crate::js::convert::invalid(
                "option \"backend\" must be \"auto\", \"node\", \"webcrypto\" or \"wasm\"",
            )),
        }
    }
    /// Whether the async paths may use WebCrypto.
    fn native(self) -> bool {
        matches!(self, Backend::Auto | Backend::WebCrypto)
    }
    /// The `node:crypto` module, when this backend uses it and the runtime has it.
    pub(crate) fn node(self) -> Option<Object> {
        match self {
            Backend::Auto | Backend::Node => node::node_crypto(),
            Backend::Wasm | Backend::WebCrypto => None,
        }
    }
}

/// Whether native crypto takes this algorithm (HMAC stays in wasm).
pub(super) fn native_eligible(alg: Algorithm) -> bool {
    matches!(
        alg.key_kind(),
        KeyKind::Rsa | KeyKind::P256 | KeyKind::Ed25519
    )
}

pub(super) fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// A native `verify` result as an answer: a boolean is final, anything else means "threw".
pub(super) fn answer_of(v: &JsValue) -> Answer {
    match v.as_bool() {
        Some(b) => {
            bump(&NATIVE_ANSWERS);
            Answer::from(b)
        }
        None => {
            bump(&NATIVE_FALLBACKS);
            Answer::Unavailable
        }
    }
}

/// Whether this request goes to native crypto under `backend`.
pub(super) fn goes_native(backend: Backend, alg: Algorithm) -> bool {
    backend.native() && native_eligible(alg)
}
