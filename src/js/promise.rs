//! The one way an async export returns: its future polled once, here; a future that is already
//! done (every `node:crypto` answer, every wasm check, every early error) becomes a settled promise
//! with no task spawned, and only a future that really waits (WebCrypto, a key-set fetch) is handed
//! to `wasm_bindgen_futures` to finish.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use js_sys::Promise;
use wasm_bindgen::JsValue;

/// A promise for `fut`, settled now when `fut` finishes at its first poll.
pub(crate) fn promise(fut: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let mut fut = Box::pin(fut);
    // A waker that does nothing is enough for the first poll: a `JsFuture` stores the waker of its
    // latest poll, and the executor polls again (with its own) before it waits.
    let waker = NOOP.with(Waker::clone);
    let mut cx = Context::from_waker(&waker);
    let polled = fut.as_mut().poll(&mut cx);
    super::native::count_async(polled.is_pending());
    match polled {
        Poll::Ready(Ok(v)) => Promise::resolve(&v),
        Poll::Ready(Err(e)) => Promise::reject(&e),
        Poll::Pending => wasm_bindgen_futures::future_to_promise(fut),
    }
}

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

thread_local! {
    static NOOP: Waker = Waker::from(Arc::new(Noop));
}
