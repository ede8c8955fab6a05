//! The one way from the Rust threads to JavaScript for every execution: a queue of messages
//! (pull results, the host's questions, traces) and one threadsafe function that hands the
//! facade all that is queued, in the order it was queued, in one call per turn of Node's loop.
//!
//! Why one for all: a threadsafe function per execution, and napi's own one per `async fn`
//! call (a pull), cost the main thread several µs each to make and to release, and one
//! callback each to deliver. Under load, one delivery carries the messages of many executions
//! (about 30 per call at 200 concurrent requests). And one FIFO orders everything an execution
//! tells the facade: a trace sent before the end of the execution is seen before it.
//!
//! One dispatcher per Node environment (the main thread's, and each worker thread's that loads
//! the package), kept as the environment's instance data. The facade holds the process open while a pull waits (`dispatchHold`), as a
//! pending Promise of napi's `async fn` did; the host's questions alone do not, as its
//! callbacks did not.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::Function;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status};
use napi_derive::napi;

use crate::core::cancel::Cancel;

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
    /// The execution's loop is over (or never ran) and it will send nothing more: the facade
    /// forgets its host.
    Ended,
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
/// on the JS thread when it runs, so one call carries all that came before it.
type Deliver = ThreadsafeFunction<(), (), Vec<NativeMessage>, Status, false, true>;

/// What waits for the next delivery.
#[derive(Default)]
struct Inbox {
    queue: Mutex<Vec<NativeMessage>>,
    /// A delivery is on its way (set by the first message after a drain, cleared before draining).
    scheduled: AtomicBool,
}

impl Inbox {
    fn drain(&self) -> Vec<NativeMessage> {
        // Cleared before the drain: a message queued after it schedules the next delivery.
        self.scheduled.store(false, Ordering::SeqCst);
        std::mem::take(&mut *self.queue.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The dispatcher of one Node environment (the main thread's, or a worker thread's): its
/// executions hold it and post to it from any thread.
pub(crate) struct Dispatcher {
    /// Locked to schedule a delivery and to hold or release the process.
    deliver: Mutex<Deliver>,
    inbox: Arc<Inbox>,
    /// The environment has ended: nothing is delivered any more, and nothing will answer.
    ended: Cancel,
}

impl Dispatcher {
    /// Queues a message for the facade; the first one since the last delivery schedules one.
    /// Dropped once the environment has ended.
    pub(crate) fn post(&self, message: NativeMessage) {
        if self.ended.is_cancelled() {
            return;
        }
        self.inbox.queue.lock().unwrap_or_else(PoisonError::into_inner).push(message);
        if !self.inbox.scheduled.swap(true, Ordering::SeqCst) {
            // Fails only once the environment is closing, when nothing waits for it any more.
            let _ =
                self.deliver.lock().unwrap_or_else(PoisonError::into_inner).call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }

    /// Resolves once the environment has ended (a worker terminated, the process exiting): a
    /// question waiting for an answer then fails instead of waiting for ever.
    pub(crate) async fn ended(&self) {
        self.ended.cancelled().await;
    }
}

/// The dispatcher of `env`, once the facade has registered it there.
pub(crate) fn current(env: &Env) -> napi::Result<Arc<Dispatcher>> {
    match env.get_instance_data::<Arc<Dispatcher>>()? {
        Some(dispatcher) => Ok(dispatcher.clone()),
        None => Err(napi::Error::new(Status::GenericFailure, "the facade has not registered its dispatcher (setDispatcher)")),
    }
}

/// Registers the facade's receiver of every message, once per environment (the facade keeps
/// its registry on the binding, so a second copy of it in the same environment shares it). The
/// dispatcher is the environment's instance data: when the environment ends, it is marked
/// ended, so the executions it served fail their waiting questions and end.
#[napi]
pub fn set_dispatcher(env: Env, deliver: Function<Vec<NativeMessage>, ()>) -> napi::Result<()> {
    if env.get_instance_data::<Arc<Dispatcher>>()?.is_some() {
        return Err(napi::Error::new(Status::GenericFailure, "the dispatcher is already set"));
    }
    let inbox = Arc::new(Inbox::default());
    let drained = inbox.clone();
    let tsfn = deliver
        .build_threadsafe_function::<()>()
        .callee_handled::<false>()
        .weak::<true>()
        .build_callback(move |_| Ok(drained.drain()))?;
    let dispatcher = Arc::new(Dispatcher { deliver: Mutex::new(tsfn), inbox, ended: Cancel::new() });
    env.set_instance_data(dispatcher, (), |ended| ended.value.ended.cancel())
}

/// Holds the environment open (`true`) or lets it end (`false`): the facade holds it while at
/// least one pull waits. JS thread.
#[napi]
#[allow(deprecated)] // ThreadsafeFunction::refer/unref: the count is the facade's, so the plain calls
pub fn dispatch_hold(env: Env, hold: bool) -> napi::Result<()> {
    let dispatcher = current(&env)?;
    let mut deliver = dispatcher.deliver.lock().unwrap_or_else(PoisonError::into_inner);
    if hold {
        deliver.refer(&env)
    } else {
        deliver.unref(&env)
    }
}
