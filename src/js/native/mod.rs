//! The native leaves of the primitive interface ([`crate::primitive`]): `node:crypto` ([`node`]:
//! synchronous, found with `process.getBuiltinModule`, so Node, Deno, Bun and workerd with
//! `nodejs_compat`) and WebCrypto ([`subtle`]: answers later, where node:crypto is missing).
//! [`Backend`] chooses; [`SyncLeaf`] and [`AsyncLeaf`] are what the decision's two drivers and the
//! signing drivers are given. A leaf takes bytes (the key's validated DER, the algorithm, the
//! signing input, the signature) and answers; it never selects keys, chooses the algorithm or reads
//! claims, and nothing here knows the exported classes. Native key handles live in the
//! [`NativeKeys`] store the calling key owns. A native `false` is final; only a throw (or a
//! refused import) answers `Failed`, and the driver then asks the pure-Rust primitive. RSA, ECDSA
//! and Ed25519 go native; HMAC stays in wasm (faster than a native call per token). [`stats`]
//! counts every crossing for the differential suite.

mod crypto_module;
mod key_handles;
mod node;
mod params;
mod promise;
mod stats;
mod subtle;

use js_sys::Object;

use crate::keys::Algorithm;
use crate::primitive::{Answer, AsyncPrimitive, Primitive, Pure, SignInput, VerifyInput};
use crate::{Error, ErrorCode, Result};
use stats::{bump, WASM_CHECKS};

use crypto_module::arithmetic_ready;
pub(crate) use crypto_module::set_bridge as set_crypto_bridge;
pub(crate) use key_handles::NativeKeys;
pub(crate) use params::name;
pub(crate) use promise::{promise, Awaited};
pub(crate) use subtle::generate;

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
    /// The backend named `name` (`None`: not a backend name; the caller words that error), or
    /// `ERR_RUNTIME_UNSUPPORTED` when this runtime lacks what it needs.
    pub(crate) fn from_name(name: &str) -> Option<Result<Self>> {
        Some(match name {
            "auto" => Ok(Backend::Auto),
            "wasm" => Ok(Backend::Wasm),
            "webcrypto" if subtle::subtle().is_none() => Err(Error::new(
                ErrorCode::RuntimeUnsupported,
                "backend \"webcrypto\" was asked for, but this runtime has no crypto.subtle",
            )),
            "webcrypto" => Ok(Backend::WebCrypto),
            "node" if node::node_crypto().is_none() => Err(Error::new(
                ErrorCode::RuntimeUnsupported,
                "backend \"node\" was asked for, but this runtime has no node:crypto (process.getBuiltinModule)",
            )),
            "node" => Ok(Backend::Node),
            _ => return None,
        })
    }
    /// Whether the async paths may use WebCrypto for `alg`.
    fn webcrypto(self, alg: Algorithm) -> bool {
        matches!(self, Backend::Auto | Backend::WebCrypto) && alg.native().is_some()
    }
    /// The `node:crypto` module, when this backend uses it for `alg` and the runtime has it.
    fn node(self, alg: Algorithm) -> Option<Object> {
        match self {
            Backend::Auto | Backend::Node if alg.native().is_some() => node::node_crypto(),
            Backend::Auto | Backend::Node | Backend::Wasm | Backend::WebCrypto => None,
        }
    }
}

/// The leaf for the drivers that want an answer now: `node:crypto` where `backend` allows it and
/// the runtime has it, else the pure-Rust primitive (counted).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SyncLeaf(pub(crate) Backend);

impl SyncLeaf {
    /// `node:crypto`'s answer, when `backend` allows it for this algorithm, the runtime has it and
    /// it has not refused this key before.
    fn node_verify(&self, handles: &NativeKeys, input: &VerifyInput<'_>) -> Option<Answer> {
        let m = self.0.node(input.alg)?;
        (!node::refused(handles, input.alg)).then(|| node::verify(&m, handles, input))
    }
}

impl Primitive<NativeKeys> for SyncLeaf {
    fn verify(&self, handles: &NativeKeys, input: &VerifyInput<'_>) -> Answer {
        self.node_verify(handles, input)
            .unwrap_or_else(|| wasm_verify(input))
    }
    fn sign(&self, handles: &NativeKeys, input: &SignInput<'_>) -> Option<Vec<u8>> {
        node::sign(&self.0.node(input.alg)?, handles, input)
    }
}

/// [`SyncLeaf`] for keys without a store of their own (`inspectToken`'s): each call imports the
/// key into a store it drops after the answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OneShot(pub(crate) SyncLeaf);

impl Primitive<()> for OneShot {
    fn verify(&self, _: &(), input: &VerifyInput<'_>) -> Answer {
        self.0.verify(&NativeKeys::default(), input)
    }
    fn sign(&self, _: &(), input: &SignInput<'_>) -> Option<Vec<u8>> {
        self.0.sign(&NativeKeys::default(), input)
    }
}

/// The leaf for the drivers that can wait: `node:crypto` (it answers at once, so the driver never
/// waits), else WebCrypto, else the pure-Rust primitive (counted).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AsyncLeaf(pub(crate) Backend);

impl AsyncPrimitive<NativeKeys> for AsyncLeaf {
    async fn verify(&self, handles: &NativeKeys, input: &VerifyInput<'_>) -> Answer {
        if let Some(answer) = SyncLeaf(self.0).node_verify(handles, input) {
            return answer;
        }
        match subtle::subtle() {
            Some(s) if self.0.webcrypto(input.alg) => {
                let answer = subtle::verify(&s, handles, input).await;
                if answer == Answer::Failed {
                    // The driver asks the pure-Rust primitive next: it may need the crypto module.
                    arithmetic_ready(input.alg).await;
                }
                answer
            }
            _ => {
                arithmetic_ready(input.alg).await;
                wasm_verify(input)
            }
        }
    }
    async fn sign(&self, handles: &NativeKeys, input: &SignInput<'_>) -> Option<Vec<u8>> {
        if let Some(sig) = SyncLeaf(self.0).sign(handles, input) {
            return Some(sig);
        }
        let sig = match subtle::subtle() {
            Some(s) if self.0.webcrypto(input.alg) => subtle::sign(&s, handles, input).await,
            _ => None,
        };
        if sig.is_none() {
            // The driver signs with the pure-Rust primitive next: it may need the crypto module.
            arithmetic_ready(input.alg).await;
        }
        sig
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The runtime's `TextEncoder` (every runtime this package supports has it; the generated
    /// glue uses it too).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &Utf8Encoder,
        text: &js_sys::JsString,
        into: &js_sys::Uint8Array,
    ) -> EncodedInto;
    type EncodedInto;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodedInto) -> u32;
}

thread_local! {
    static ENCODER: Utf8Encoder = Utf8Encoder::new();
}

/// The UTF-8 of a JS string (`len`: its length in UTF-16 units), as wasm-bindgen's own conversion
/// gives it (a lone surrogate becomes U+FFFD), but for a long string (a token) written by the
/// runtime's `TextEncoder.encodeInto` straight into wasm memory: the generated glue copies one
/// character at a time in JS (measured: an eighth of a `verifySync()` with a no-op verify, and a
/// quarter of a cache hit).
pub(crate) fn utf8_of(js: &js_sys::JsString, len: usize) -> Option<String> {
    if len < 64 {
        return js.as_string();
    }
    // At most 3 bytes per UTF-16 unit.
    let mut buf = vec![0u8; len.checked_mul(3)?];
    // The encoder first (its first use makes it), then the view: nothing may allocate between
    // the view and the write.
    let written = ENCODER.with(|e| {
        let view = params::wasm_view_mut(&mut buf);
        e.encode_into(js, &view).written()
    }) as usize;
    buf.truncate(written);
    String::from_utf8(buf).ok()
}

/// The pure-Rust primitive, counted (HMAC, `backend: "wasm"`, runtimes without native crypto).
fn wasm_verify(input: &VerifyInput<'_>) -> Answer {
    bump(&WASM_CHECKS);
    Pure::check(input).map_or(Answer::Failed, Answer::from)
}
