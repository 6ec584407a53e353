//! The one way an async export returns, and the one way its future waits: a small executor for
//! futures whose only waits are JS promises ([`Awaited`]).
//!
//! [`promise`] polls the export's future once, here. A future that is already done (every
//! `node:crypto` answer, every wasm check, every early error) becomes a settled promise with no
//! task kept. A future that waits has registered the one JS promise it waits on; the executor
//! keeps the future under a number and answers with `waited.then(resume(n), resume(n, rejected))`:
//! when the runtime settles it, `resume` hands the value to the future, polls it again and returns
//! its result, which settles the promise the caller holds (or, when the future waits again,
//! the next promise, which the caller's promise then follows).
//!
//! This replaces `wasm_bindgen_futures` (`JsFuture` and `future_to_promise`), which per wait
//! made two closures with their finalizers, a task, a waker and a microtask, and one more promise
//! per call: measured, a WebCrypto `verify()` paid about 9 µs above `verifySync()` for them. Here a
//! wait costs two bound functions of one closure made once per thread, and a `then`.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// A promise, seen for its `then` with plain functions (js-sys's `then2` takes closures).
    type Thenable;
    #[wasm_bindgen(method, js_name = then)]
    fn then_calling(this: &Thenable, ok: &JsValue, err: &JsValue) -> Promise;
}

type Settled = Result<JsValue, JsValue>;
/// Where a settled wait's value is put for the future to take.
type Inbox = Rc<RefCell<Option<Settled>>>;
type Task = Pin<Box<dyn Future<Output = Settled>>>;

/// A JS promise awaited by a future that [`promise`] drives: it resolves to the promise's value
/// (`Ok`) or its rejection (`Err`).
pub(crate) struct Awaited {
    waiting: Option<Promise>,
    slot: Inbox,
}

impl Awaited {
    pub(crate) fn new(p: Promise) -> Self {
        Awaited {
            waiting: Some(p),
            slot: Rc::default(),
        }
    }
}

impl Future for Awaited {
    type Output = Settled;
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Settled> {
        if let Some(v) = self.slot.borrow_mut().take() {
            return Poll::Ready(v);
        }
        if let Some(p) = self.waiting.take() {
            let slot = self.slot.clone();
            WAITING.with(|w| *w.borrow_mut() = Some((p, slot)));
        }
        Poll::Pending
    }
}

/// A promise for `fut`, settled now when `fut` finishes at its first poll.
pub(crate) fn promise(fut: impl Future<Output = Settled> + 'static) -> Promise {
    let mut task: Task = Box::pin(fut);
    let stepped = step(&mut task);
    let counter = match stepped {
        Step::Wait(..) => &ASYNC_WAITS,
        Step::Done(_) => &ASYNC_NOW,
    };
    counter.with(|c| c.set(c.get().wrapping_add(1)));
    match stepped {
        Step::Done(Ok(v)) => Promise::resolve(&v),
        Step::Done(Err(e)) => Promise::reject(&e),
        Step::Wait(p, slot) => wait(p, task, slot),
    }
}

enum Step {
    Done(Settled),
    Wait(Promise, Inbox),
}

/// Polls `task` once: finished, or the promise it now waits on.
fn step(task: &mut Task) -> Step {
    WAITING.with(|w| w.borrow_mut().take());
    let waker = NOOP.with(Waker::clone);
    match task.as_mut().poll(&mut Context::from_waker(&waker)) {
        Poll::Ready(v) => Step::Done(v),
        Poll::Pending => match WAITING.with(|w| w.borrow_mut().take()) {
            Some((p, slot)) => Step::Wait(p, slot),
            // Every wait in this crate is an `Awaited`; anything else would never be woken.
            None => Step::Done(Err(JsValue::from(crate::Error::new(
                crate::ErrorCode::Internal,
                "an async call waited on something that is not a promise",
            )))),
        },
    }
}

/// Keeps `task` until `p` settles; the promise that settles with its result.
fn wait(p: Promise, task: Task, slot: Inbox) -> Promise {
    // A slab: the number is the index, freed when its task is taken and reused first.
    let n = TASKS.with(|t| {
        let mut t = t.borrow_mut();
        match FREE.with(|f| f.borrow_mut().pop()) {
            Some(n) => {
                t[n] = Some((task, slot));
                n
            }
            None => {
                t.push(Some((task, slot)));
                t.len() - 1
            }
        }
    }) as u32;
    RESUME.with(|resume| {
        let f: &Function = resume.as_ref().unchecked_ref();
        let id = JsValue::from(n);
        p.unchecked_ref::<Thenable>().then_calling(
            &f.bind2(&JsValue::NULL, &id, &JsValue::FALSE).into(),
            &f.bind2(&JsValue::NULL, &id, &JsValue::TRUE).into(),
        )
    })
}

/// The callback of a settled wait: the task's next step.
fn resume(n: u32, rejected: bool, value: JsValue) -> Settled {
    let taken = TASKS.with(|t| t.borrow_mut().get_mut(n as usize).and_then(Option::take));
    let Some((mut task, slot)) = taken else {
        return Err(JsValue::UNDEFINED);
    };
    FREE.with(|f| f.borrow_mut().push(n as usize));
    *slot.borrow_mut() = Some(if rejected { Err(value) } else { Ok(value) });
    match step(&mut task) {
        Step::Done(v) => v,
        Step::Wait(p, slot) => Ok(wait(p, task, slot).into()),
    }
}

/// How many tasks wait now (tests: none may be left behind).
pub(crate) fn waiting_tasks() -> usize {
    TASKS.with(|t| t.borrow().iter().filter(|t| t.is_some()).count())
}

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

thread_local! {
    /// Polling never needs a real waker: a task is polled again only by `resume`.
    static NOOP: Waker = Waker::from(Arc::new(Noop));
    /// The promise the future being polled now waits on.
    static WAITING: RefCell<Option<(Promise, Inbox)>> = const { RefCell::new(None) };
    static TASKS: RefCell<Vec<Option<(Task, Inbox)>>> = const { RefCell::new(Vec::new()) };
    static FREE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    /// Async calls settled at their first poll, and those that waited (`__sceytStats`).
    pub(super) static ASYNC_NOW: Cell<u32> = const { Cell::new(0) };
    pub(super) static ASYNC_WAITS: Cell<u32> = const { Cell::new(0) };
    static RESUME: Closure<dyn Fn(u32, bool, JsValue) -> Settled> =
        Closure::new(resume);
}
