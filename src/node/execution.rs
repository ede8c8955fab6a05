//! `NativeExecution`: one session or worker execution driven by the core loop. JS pulls
//! batches of events (`nextBatch`, a JSON array text) or ready SSE bytes (`nextSse`), and can
//! `cancel()` at any time. Tool handlers and resource callbacks are weak threadsafe functions.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use futures::FutureExt;
use napi::bindgen_prelude::{Buffer, Promise};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode, UnknownReturnValue};
use napi::Status;
use napi_derive::napi;
use tokio::sync::mpsc;

use super::{panic_message, NativeRequestConfig};
use crate::core::cancel::Cancel;
use crate::core::error::CoreError;
use crate::core::event::PendingToolCall;
use crate::core::execution::{self, internal_error_event, Batch, BodyPlan, ExecutionPlan, HeadersResult, Output, ToolOutcome, ToolRunner};
use crate::core::sse::{frame, DONE_FRAME};

/// `([toolName, argsJson]) => Promise<string>` (napi passes the tuple as one array): `"R" + resultJson` or `"E" + errorMessage`.
type ToolFn = ThreadsafeFunction<(String, String), Promise<String>, (String, String), Status, false, true>;
/// `([resourceName, valueJson]) => void`; the facade catches whatever `onUpdate` does.
type ResourceFn = ThreadsafeFunction<(String, String), UnknownReturnValue, (String, String), Status, false, true>;

/// `() => string`: the JSON object of the headers for the next round (`getHeaders()`).
type HeadersFn = ThreadsafeFunction<(), String, (), Status, false, true>;

/// Batches (one per network read) kept between the socket and JS; a slow consumer stops the
/// socket read beyond this.
const CHANNEL_CAPACITY: usize = 16;
/// A batch ends at this many events or bytes, so one wake-up stays short.
const MAX_BATCH_EVENTS: usize = 8192;
const MAX_BATCH_BYTES: usize = 4 << 20;

struct JsToolRunner {
    tool_names: HashSet<String>,
    call_tool: Option<Arc<ToolFn>>,
    resource_names: HashSet<String>,
    on_resource: Option<ResourceFn>,
    get_headers: Option<Arc<HeadersFn>>,
}

impl ToolRunner for JsToolRunner {
    fn round_headers(&self) -> BoxFuture<'static, HeadersResult> {
        let Some(f) = self.get_headers.clone() else { return Box::pin(async { Ok(None) }) };
        Box::pin(async move {
            let json = f
                .call_async_catch(())
                .await
                .map_err(|e| format!("getHeaders() failed: {}", e.reason))?;
            let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&json)
                .map_err(|e| format!("getHeaders() did not return string headers: {e}"))?;
            Ok(Some(map.into_iter().collect()))
        })
    }

    fn has_handler(&self, tool_name: &str) -> bool {
        self.call_tool.is_some() && self.tool_names.contains(tool_name)
    }

    fn run(&self, call: &PendingToolCall) -> BoxFuture<'static, ToolOutcome> {
        let name = call.tool_name.clone();
        let args = call.args.clone();
        let Some(f) = self.call_tool.clone() else {
            return Box::pin(async move { ToolOutcome::Error(format!("No handler for tool '{name}'")) });
        };
        Box::pin(async move {
            match f.call_async_catch((name.clone(), args)).await {
                Ok(promise) => match promise.await {
                    Ok(s) => decode_tool_outcome(&name, &s),
                    Err(e) => ToolOutcome::Error(format!("Tool '{name}' failed: {}", e.reason)),
                },
                Err(e) => ToolOutcome::Error(format!("Tool '{name}' could not be called: {}", e.reason)),
            }
        })
    }

    fn resource_update(&self, name: &str, value_json: &str) {
        if let Some(f) = &self.on_resource {
            if self.resource_names.contains(name) {
                f.call((name.to_string(), value_json.to_string()), ThreadsafeFunctionCallMode::NonBlocking);
            }
        }
    }
}

fn decode_tool_outcome(name: &str, s: &str) -> ToolOutcome {
    match s.split_at_checked(1) {
        Some(("R", json)) if serde_json::from_str::<&serde_json::value::RawValue>(json).is_ok() => {
            ToolOutcome::Result(json.to_string())
        }
        Some(("E", message)) => ToolOutcome::Error(message.to_string()),
        _ => ToolOutcome::Error(format!("Tool '{name}' returned a value that could not be read as JSON")),
    }
}

/// What the loop needs, kept until the first pull starts it.
struct Pending {
    plan: ExecutionPlan,
    runner: JsToolRunner,
    tx: mpsc::Sender<Batch>,
}

struct ExecState {
    pending: Mutex<Option<Pending>>,
    rx: tokio::sync::Mutex<Option<mpsc::Receiver<Batch>>>,
    cancel: Cancel,
    /// A failure that arrived after events of the same batch; thrown on the next pull.
    failure: Mutex<Option<String>>,
    /// For `nextSse`: the stream's end (`[DONE]` or an error event) has been written.
    sse_closed: AtomicBool,
}

impl Drop for ExecState {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

impl ExecState {
    /// Starts the loop on the first pull: nothing is sent before.
    fn ensure_started(&self) {
        let Some(p) = self.pending.lock().ok().and_then(|mut g| g.take()) else { return };
        let cancel = self.cancel.clone();
        tokio::spawn(async move {
            let tx = p.tx.clone();
            let run = execution::run(p.plan, Arc::new(p.runner), cancel, p.tx);
            if let Err(panic) = AssertUnwindSafe(run).catch_unwind().await {
                let _ = tx.send(vec![Output::Failure(panic_message(panic))]).await;
            }
        });
    }

    fn take_failure(&self) -> Option<String> {
        self.failure.lock().ok().and_then(|mut g| g.take())
    }

    fn set_failure(&self, m: String) {
        if let Ok(mut g) = self.failure.lock() {
            *g = Some(m);
        }
    }
}

#[napi]
pub struct NativeExecution {
    state: Arc<ExecState>,
}

/// The trigger/continue fields of one execution; `*_json` are JSON texts.
#[napi(object)]
pub struct NativeExecutionRequest {
    /// `session` or `worker`.
    pub target: String,
    /// Session id (session) or agent id (worker).
    pub id: String,
    pub trigger_name: Option<String>,
    pub input_json: Option<String>,
    pub rollback_json: Option<String>,
    /// Worker only: start with `{type:'start', input}`.
    pub worker_start: Option<bool>,
    pub execution_id: Option<String>,
    pub tool_results_json: Option<String>,
}

fn plan_of(config: NativeRequestConfig, req: NativeExecutionRequest) -> Result<ExecutionPlan, CoreError> {
    if req.target == "worker" {
        let start_input = if req.worker_start.unwrap_or(false) { Some(req.input_json) } else { None };
        ExecutionPlan::worker(config.into(), &req.id, BodyPlan::Worker { start_input }, req.execution_id, req.tool_results_json)
    } else {
        let body = BodyPlan::session_trigger(req.trigger_name.as_deref(), req.input_json.as_deref(), req.rollback_json.as_deref());
        ExecutionPlan::session(config.into(), &req.id, body, req.execution_id, req.tool_results_json)
    }
}

#[napi]
impl NativeExecution {
    /// Prepares an execution; nothing is sent until the first `nextBatch`/`nextSse`. An id that
    /// cannot be a path segment throws (code `InvalidArg`).
    #[napi(constructor)]
    pub fn new(
        config: NativeRequestConfig,
        request: NativeExecutionRequest,
        tool_names: Vec<String>,
        call_tool: Option<ToolFn>,
        resource_names: Vec<String>,
        on_resource: Option<ResourceFn>,
        get_headers: Option<HeadersFn>,
    ) -> napi::Result<Self> {
        let plan = plan_of(config, request).map_err(|e| napi::Error::new(Status::InvalidArg, e.to_string()))?;
        let runner = JsToolRunner {
            tool_names: tool_names.into_iter().collect(),
            call_tool: call_tool.map(Arc::new),
            resource_names: resource_names.into_iter().collect(),
            on_resource,
            get_headers: get_headers.map(Arc::new),
        };
        let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
        Ok(NativeExecution {
            state: Arc::new(ExecState {
                pending: Mutex::new(Some(Pending { plan, runner, tx })),
                rx: tokio::sync::Mutex::new(Some(rx)),
                cancel: Cancel::new(),
                failure: Mutex::new(None),
                sse_closed: AtomicBool::new(false),
            }),
        })
    }

    /// Abort or `break`: cancels the in-flight request at once. An execution cancelled before
    /// it ends yields `finish`/`stop` next (when anyone still pulls).
    #[napi]
    pub fn cancel(&self) {
        self.state.cancel.cancel();
    }

    /// `break` / reader cancel: nobody will pull again. Cancels and drops the buffer, so the
    /// loop ends and the HTTP connection closes now (not when this object is collected).
    #[napi]
    pub fn close(&self) {
        self.state.cancel.cancel();
        if let Ok(mut g) = self.state.rx.try_lock() {
            if let Some(rx) = g.as_mut() {
                rx.close();
            }
            *g = None;
        }
    }

    /// The next events as a JSON array text, `null` at the end; rejects when the execution
    /// failed (network, broken stream, timeout) after the events before the failure.
    #[napi]
    pub async fn next_batch(&self) -> napi::Result<Option<String>> {
        let state = self.state.clone();
        state.ensure_started();
        if let Some(f) = state.take_failure() {
            return Err(napi::Error::from_reason(f));
        }
        let mut guard = state.rx.lock().await;
        let Some(rx) = guard.as_mut() else { return Ok(None) };
        let Some(first) = rx.recv().await else {
            *guard = None;
            return Ok(None);
        };
        let mut out = String::with_capacity(256);
        out.push('[');
        let mut count = 0usize;
        let mut batch = Some(first);
        while let Some(items) = batch.take() {
            for it in items {
                match it {
                    Output::Event(text) => {
                        if count > 0 {
                            out.push(',');
                        }
                        out.push_str(&text);
                        count += 1;
                    }
                    Output::Failure(m) => {
                        *guard = None;
                        if count == 0 {
                            return Err(napi::Error::from_reason(m));
                        }
                        state.set_failure(m);
                        out.push(']');
                        return Ok(Some(out));
                    }
                }
            }
            if count >= MAX_BATCH_EVENTS || out.len() >= MAX_BATCH_BYTES {
                break;
            }
            batch = rx.try_recv().ok();
        }
        out.push(']');
        Ok(Some(out))
    }

    /// The next SSE bytes (`data: <event>\n\n` each), then `data: [DONE]\n\n`, then `null`.
    /// A failure becomes an internal error event and ends the stream (as `toSSEStream` does).
    #[napi]
    pub async fn next_sse(&self) -> napi::Result<Option<Buffer>> {
        let state = self.state.clone();
        state.ensure_started();
        if state.sse_closed.load(Ordering::SeqCst) {
            return Ok(None);
        }
        let close = |state: &ExecState| state.sse_closed.store(true, Ordering::SeqCst);
        let mut guard = state.rx.lock().await;
        let mut out: Vec<u8> = Vec::with_capacity(4096);
        let Some(rx) = guard.as_mut() else {
            close(&state);
            return Ok(None);
        };
        let Some(first) = rx.recv().await else {
            out.extend_from_slice(DONE_FRAME);
            *guard = None;
            close(&state);
            return Ok(Some(out.into()));
        };
        let mut batch = Some(first);
        while let Some(items) = batch.take() {
            for it in items {
                match it {
                    Output::Event(text) => frame(&mut out, &text),
                    Output::Failure(m) => {
                        frame(&mut out, &internal_error_event(&m));
                        *guard = None;
                        close(&state);
                        return Ok(Some(out.into()));
                    }
                }
            }
            if out.len() >= MAX_BATCH_BYTES {
                break;
            }
            match rx.try_recv() {
                Ok(next) => batch = Some(next),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    out.extend_from_slice(DONE_FRAME);
                    *guard = None;
                    close(&state);
                    break;
                }
            }
        }
        Ok(Some(out.into()))
    }
}
