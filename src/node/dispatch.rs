//! The one way from the Rust threads to JavaScript for every execution: a process-wide queue of
//! messages (pull results, the host's questions, traces) and one threadsafe function that hands
//! the facade all that is queued, in the order it was queued, in one call per turn of Node's
//! loop.
//!
//! Why one for all: a threadsafe function per execution, and napi's own one per `async fn`
//! call (a pull), cost the main thread several µs each to make and to release, and one
//! callback each to deliver. Under load, one delivery carries the messages of many executions
//! (about 30 per call at 200 concurrent requests). And one FIFO orders everything an execution
//! tells the facade: a trace sent before the end of the execution is seen before it.
//!
//! The facade holds the process open while a pull waits (`dispatchHold`), as a pending Promise
//! of napi's `async fn` did; the host's questions alone do not, as its callbacks did not.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use napi::bindgen_prelude::Function;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status};
use napi_derive::napi;

use super::execution::{NativeBatch, NativeHostCall, NativeSseChunk, NativeTrace, NativeTruncation};

/// What a message carries (the field of the same name).
#[napi(string_enum = "kebab-case")]
pub enum NativeMessageKind {
    /// A pull's result (`batch`), for pull `id`.
    Batch,
    /// A relay pull's result (`sse`), for pull `id`.
    Sse,
    /// The host's question `id` (`call`): answered with `answer(id, …)`.
    Call,
    /// `onToolResults` question `id` (`resultsJson`).
    ToolResults,
    /// `sessionCreated` question `id` (`sessionId`): answered `{}` once the hook is done.
    SessionCreated,
    /// `onToolResultTruncated` (`truncation`); no answer.
    Truncated,
    /// A trace of an observed execution (`trace`); no answer.
    Observe,
}

/// One message of an execution to the facade.
#[napi(object, object_from_js = false)]
pub struct NativeMessage {
    pub kind: NativeMessageKind,
    /// The execution, by the id its host was given.
    pub execution: u32,
    /// The pull's token (`batch`, `sse`) or the question's id (`call`, `tool-results`,
    /// `session-created`); 0 otherwise.
    pub id: u32,
    pub batch: Option<NativeBatch>,
    pub sse: Option<NativeSseChunk>,
    pub call: Option<NativeHostCall>,
    pub results_json: Option<String>,
    pub session_id: Option<String>,
    pub truncation: Option<NativeTruncation>,
    pub trace: Option<NativeTrace>,
}

impl NativeMessage {
    pub(crate) fn new(kind: NativeMessageKind, execution: u32, id: u32) -> Self {
        NativeMessage {
            kind,
            execution,
            id,
            batch: None,
            sse: None,
            call: None,
            results_json: None,
            session_id: None,
            truncation: None,
            trace: None,
        }
    }
}

/// Weak (holding the process open is `dispatchHold`'s, while pulls wait); the queue is drained
/// on the main thread when it runs, so one call carries all that came before it.
type Deliver = ThreadsafeFunction<(), (), Vec<NativeMessage>, Status, false, true>;

/// Set once by `setDispatcher`; locked to schedule a delivery and to hold or release the process.
static DELIVER: Mutex<Option<Deliver>> = Mutex::new(None);
static QUEUE: Mutex<Vec<NativeMessage>> = Mutex::new(Vec::new());
/// A delivery is on its way (set by the first message after a drain, cleared before draining).
static SCHEDULED: AtomicBool = AtomicBool::new(false);

/// Queues a message for the facade; the first one since the last delivery schedules one. Any
/// thread. Before the facade registered (`setDispatcher`), nothing can be waiting for it.
pub(crate) fn post(message: NativeMessage) {
    QUEUE.lock().unwrap_or_else(PoisonError::into_inner).push(message);
    if !SCHEDULED.swap(true, Ordering::SeqCst) {
        if let Some(deliver) = DELIVER.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            deliver.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

/// Registers the facade's receiver of every message, once per process (the module that
/// calls it keeps its registry on the binding, so a second copy of the facade shares it).
#[napi]
pub fn set_dispatcher(deliver: Function<Vec<NativeMessage>, ()>) -> napi::Result<()> {
    let mut slot = DELIVER.lock().unwrap_or_else(PoisonError::into_inner);
    if slot.is_some() {
        return Err(napi::Error::new(Status::GenericFailure, "the dispatcher is already set"));
    }
    let tsfn = deliver.build_threadsafe_function::<()>().callee_handled::<false>().weak::<true>().build_callback(|_| {
        // Cleared before the drain: a message queued after it schedules the next delivery.
        SCHEDULED.store(false, Ordering::SeqCst);
        Ok(std::mem::take(&mut *QUEUE.lock().unwrap_or_else(PoisonError::into_inner)))
    })?;
    *slot = Some(tsfn);
    Ok(())
}

/// Holds the process open (`true`) or lets it exit (`false`): the facade holds it while at
/// least one pull waits. Main thread.
#[napi]
#[allow(deprecated)] // ThreadsafeFunction::refer/unref: the count is the facade's, so the plain calls
pub fn dispatch_hold(env: Env, hold: bool) -> napi::Result<()> {
    match DELIVER.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
        Some(deliver) if hold => deliver.refer(&env),
        Some(deliver) => deliver.unref(&env),
        None => Ok(()),
    }
}
