//! The exported `verifyCompact` and `verifyCompactSync` functions: any compact JWS (the payload
//! need not be JSON) against a key or a set, with no claim rules.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::arguments::{self, string_arg};
use super::cells::KeyCells;
use super::native;
use super::native::promise;
use super::options::{self, verify_args, AppCheck, COMPACT_OPTIONS};
use crate::Result;
use crate::VerifyOptions;

/// Verifies any compact JWS, with native crypto where the runtime has it.
#[wasm_bindgen(js_name = verifyCompact, unchecked_return_type = "Promise<VerifiedCompact>")]
pub fn verify_compact(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "VerifyingKey | KeySet | SigningKey | string | JsonWebKey | { keys: JsonWebKey[] }"
    )]
    key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompactOptions")] options: JsValue,
) -> js_sys::Promise {
    let args = compact_args(&jws, &key, &options);
    promise(async move {
        let a = args?;
        let pending = options::pending_for(a.keys, &a.token, &a.opts, false)?;
        let leaf = native::AsyncLeaf(a.backend);
        let value = pending.decide_async(&leaf, |signed| {
            let (header, payload) = signed.into_parts();
            compact_value(header.json(), &payload)
        });
        Ok(value.await?)
    })
}

/// Verifies any compact JWS (payload need not be JSON) synchronously (`node:crypto` where the
/// runtime has it, else pure wasm). Returns `{ header, payload }`.
#[wasm_bindgen(js_name = verifyCompactSync, unchecked_return_type = "VerifiedCompact")]
pub fn verify_compact_sync(
    #[wasm_bindgen(unchecked_param_type = "string")] jws: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "VerifyingKey | KeySet | SigningKey | string | JsonWebKey | { keys: JsonWebKey[] }"
    )]
    key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CompactOptions")] options: JsValue,
) -> Result<JsValue> {
    let a = compact_args(&jws, &key, &options)?;
    let leaf = native::SyncLeaf(a.backend);
    let signed = options::pending_for(a.keys, &a.token, &a.opts, false)?.decide(&leaf)?;
    let (header, payload) = signed.into_parts();
    compact_value(header.json(), &payload)
}

/// The arguments of `verifyCompact(Sync)`: the options are read by the verifier's reader
/// ([`verify_args`]), restricted to [`COMPACT_OPTIONS`].
struct CompactArgs {
    token: String,
    keys: KeyCells,
    opts: VerifyOptions,
    backend: native::Backend,
}

fn compact_args(jws: &JsValue, key: &JsValue, options: &JsValue) -> Result<CompactArgs> {
    let keys = super::key_input::verify_keys_arg(key, "key")?;
    let o = arguments::options(options, "options", &COMPACT_OPTIONS)?;
    let (opts, backend) = verify_args(o.as_ref(), AppCheck::Optional)?;
    let token = string_arg(jws, "token", opts.max_token_length)?;
    Ok(CompactArgs {
        token,
        keys,
        opts,
        backend,
    })
}

/// `{ header, payload }` of a verified compact JWS.
fn compact_value(
    header: &serde_json::Map<String, serde_json::Value>,
    payload: &[u8],
) -> Result<JsValue> {
    let out = Object::new();
    let _ = js_sys::Reflect::set(&out, &"header".into(), &arguments::to_value(header)?);
    let _ = js_sys::Reflect::set(&out, &"payload".into(), &js_sys::Uint8Array::from(payload));
    Ok(out.into())
}
