//! `NativeExecution`: one session or worker execution driven by the core loop. The facade
//! claims it for one framing (events as a JSON array text per pull, or ready SSE bytes), then
//! pulls; the loop starts on the first pull. Pull results and the host's questions (headers,
//! unless they are fixed, a round's tool calls, the user's optional hooks) reach the facade as
//! messages (`dispatch.rs`); it answers a question with `answer`.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use futures::FutureExt;
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use tokio::sync::mpsc::error::TryRecvError;
use tokio::sync::oneshot;

use super::dispatch::{self, Dispatcher, NativeMessage, NativeMessageKind};
use super::{request_config, NativeClientConfig, NativeError};
use crate::core::cancel::Cancel;
use crate::core::error::{CoreError, CoreResult};
use crate::core::event::PendingToolCall;
use crate::core::execution::size_guard::{self, Truncation};
use crate::core::execution::{
    self, internal_error_event, AttemptEnd, Batch, BodyPlan, DeferredStart, ExecutionHost, ExecutionOptions, ExecutionPlan,
    Inlet, Outlet, Output, RoundHeaders, ToolOutcome, Trace, CHANNEL_CAPACITY,
};
use crate::core::sse::{frame, DONE_FRAME};

/// A pull returns at most about this many events or bytes, so one wake-up of JS stays short.
/// 1,024 events: with a Rust side faster than the consumer, pulls fill up to this, and larger
/// JSON arrays (8,192 before) cost the main thread more per event (the parsed events outlive
/// young-generation collections while they are yielded): iterate measured 0.52 µs/event of
/// main thread at 1,024 against 0.71 at 8,192 and 0.62 at 512 (docs/performance.md).
const MAX_BATCH_EVENTS: usize = 1024;
const MAX_BATCH_BYTES: usize = 4 << 20;

/// One server tool call, as the facade's `runTool` receives it.
#[napi(object)]
pub struct NativeToolCall {
    pub tool_call_id: String,
    pub tool_name: String,
    /// The call's arguments (a JSON object text).
    pub args_json: String,
}

/// What a tool handler gave back: `result` (the value's JSON text) or `error` (a message);
/// `unhandled` when the call's tool has no server-side handler (a client tool).
#[napi(object)]
pub struct NativeToolOutcome {
    pub result: Option<String>,
    pub error: Option<String>,
    pub unhandled: Option<bool>,
}

/// What the loop asks the facade in a `call` message.
#[napi(string_enum = "kebab-case")]
pub enum NativeHostCallKind {
    /// The headers of the next request (every round and retry attempt): answered `{headers}`.
    /// Never asked when the host gave `fixedHeaders`.
    Headers,
    /// A round's tool calls (`tools`): run, concurrently, those whose tool has a server-side
    /// handler now; answered `{outcomes, dynamicToolSchemasJson}`: one outcome per call in order
    /// (`unhandled` for a call without a handler; a handler's failure is its outcome), and the
    /// `dynamicToolSchemas` as they are once the handlers are done.
    RunTools,
}

/// One question of the loop to the facade.
#[napi(object)]
pub struct NativeHostCall {
    pub kind: NativeHostCallKind,
    pub tools: Option<Vec<NativeToolCall>>,
}

/// The facade's answer to a question (`NativeExecution.answer`): the fields of its kind, or
/// `error` when the callback failed.
#[napi(object, object_to_js = false)]
pub struct NativeAnswer {
    /// `headers`.
    pub headers: Option<HashMap<String, String>>,
    /// `run-tools`.
    pub outcomes: Option<Vec<NativeToolOutcome>>,
    /// `run-tools` and `tool-results`: the next request's `dynamicToolSchemas` (a JSON array
    /// text, or absent).
    pub dynamic_tool_schemas_json: Option<String>,
    /// `run-tools` and `tool-results`: reading the `dynamicToolSchemas` threw this message
    /// (the next request fails with it, if one is made).
    pub schemas_error: Option<String>,
    /// `tool-results`: the results as the user's hook left them (a JSON array text).
    pub results_json: Option<String>,
    /// The callback failed, with this message (the facade keeps the error itself).
    pub error: Option<String>,
}

/// The facade's side of an execution: how its messages are addressed, and which of the
/// user's optional hooks exist (the loop asks only those). Nothing about the tools or the
/// credentials is copied here but headers that cannot change.
#[napi(object, object_to_js = false)]
pub struct NativeExecutionHost {
    /// The id this execution's messages carry (`NativeMessage.execution`), the facade's choice.
    pub id: u32,
    /// `onToolResults` exists: asked with a round's server results (`tool-results`).
    pub on_tool_results: bool,
    /// `onToolResultTruncated` exists: told of each result the size guard reduced.
    pub on_tool_result_truncated: bool,
    /// A deferred start's `onSessionCreated` exists: asked once the session id is known.
    pub session_created: bool,
    /// The headers of every request of this execution, when they cannot change (the client's
    /// own `getHeaders` with a string `apiKey`): `headers` is then never asked, and a request
    /// waits for no turn of Node's loop.
    pub fixed_headers: Option<HashMap<String, String>>,
}

/// What an observed execution reports.
#[napi(string_enum = "kebab-case")]
pub enum NativeTraceKind {
    /// A round begins.
    Round,
    /// An attempt of the round's POST is sent.
    RequestStart,
    /// The attempt got a 2xx response head (`status`).
    RequestFinish,
    /// The attempt got a non-2xx answer (`status`, `error` of kind `api`) or none (`error`);
    /// `retry` when another attempt follows.
    RequestError,
    /// The attempt was cut short by an abort or a closed execution.
    RequestCancelled,
}

/// One report of an observed execution (an `observe` message).
#[napi(object)]
pub struct NativeTrace {
    pub kind: NativeTraceKind,
    /// The round, from 1.
    pub round: u32,
    /// The attempt of the round's POST, from 1 (request kinds).
    pub attempt: Option<u32>,
    /// The POST's path as sent, ids encoded (request kinds).
    pub path: Option<String>,
    /// The answer's HTTP status, when one came.
    pub status: Option<u32>,
    /// From the attempt's start to its end, in ms (finish, error, cancelled).
    pub duration_ms: Option<f64>,
    pub error: Option<NativeError>,
    pub retry: Option<bool>,
}

impl From<Trace<'_>> for NativeTrace {
    fn from(trace: Trace<'_>) -> Self {
        let blank = |kind, round| NativeTrace {
            kind,
            round,
            attempt: None,
            path: None,
            status: None,
            duration_ms: None,
            error: None,
            retry: None,
        };
        match trace {
            Trace::Round { round } => blank(NativeTraceKind::Round, round),
            Trace::RequestStart { round, attempt, path } => NativeTrace {
                attempt: Some(attempt),
                path: Some(path.to_string()),
                ..blank(NativeTraceKind::RequestStart, round)
            },
            Trace::RequestEnd { round, attempt, path, elapsed, end } => {
                let (kind, status, error, retry) = match end {
                    AttemptEnd::Answered { status } => (NativeTraceKind::RequestFinish, Some(u32::from(status)), None, None),
                    AttemptEnd::Failed { error, retry } => {
                        let status = error.api_fields().map(|(s, _)| u32::from(s));
                        (NativeTraceKind::RequestError, status, Some(NativeError::from(error.clone())), Some(retry))
                    }
                    AttemptEnd::Cancelled => (NativeTraceKind::RequestCancelled, None, None, None),
                };
                NativeTrace {
                    kind,
                    round,
                    attempt: Some(attempt),
                    path: Some(path.to_string()),
                    status,
                    duration_ms: Some(elapsed.as_secs_f64() * 1000.0),
                    error,
                    retry,
                }
            }
        }
    }
}

/// One result the size guard reduced (`onToolResultTruncated`'s argument).
#[napi(object)]
pub struct NativeTruncation {
    /// The result's `toolCallId` and `toolName` as JSON texts (as the results carried them).
    pub tool_call_id_json: String,
    pub tool_name_json: String,
    pub original_bytes: f64,
    pub kept_bytes: f64,
    pub variable_capture: bool,
}

impl From<&Truncation> for NativeTruncation {
    fn from(t: &Truncation) -> Self {
        NativeTruncation {
            tool_call_id_json: t.tool_call_id.to_string(),
            tool_name_json: t.tool_name.to_string(),
            original_bytes: t.original_bytes as f64,
            kept_bytes: t.kept_bytes as f64,
            variable_capture: t.variable_capture,
        }
    }
}

/// The `dynamicToolSchemas` of the next request, as the facade last gave them: with `begin`
/// (for the first request), then with each round's tool outcomes and after
/// `onToolResults` (for the continuation). `Err`: reading them threw (the message; the
/// facade keeps the error itself), which fails the next request.
type Schemas = Result<Option<String>, String>;

/// The questions of one execution that wait for the facade's answer, by id.
struct Questions {
    dispatcher: Arc<Dispatcher>,
    next: AtomicU32,
    waiting: Mutex<HashMap<u32, oneshot::Sender<NativeAnswer>>>,
}

impl Questions {
    /// Sends question `kind` (its fields set by `fill`) and waits for the answer; a failed
    /// callback is `CoreError::Callback` with its message. Sent when first polled.
    fn ask(
        self: &Arc<Self>,
        execution: u32,
        kind: NativeMessageKind,
        fill: impl FnOnce(&mut NativeMessage) + Send + 'static,
    ) -> futures::future::BoxFuture<'static, CoreResult<NativeAnswer>> {
        let questions = self.clone();
        Box::pin(async move {
            let id = questions.next.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
            let (tx, rx) = oneshot::channel();
            questions.waiting.lock().unwrap_or_else(PoisonError::into_inner).insert(id, tx);
            let mut message = NativeMessage::new(kind, execution, id);
            fill(&mut message);
            questions.dispatcher.post(message);
            let answer = tokio::select! {
                answer = rx => answer.map_err(|_| CoreError::Callback("the facade did not answer".into()))?,
                () = questions.dispatcher.ended() => {
                    return Err(CoreError::Callback("the JavaScript environment has ended".into()));
                }
            };
            match answer.error {
                Some(message) => Err(CoreError::Callback(message)),
                None => Ok(answer),
            }
        })
    }

    /// The facade's answer to question `id` (ignored once nobody waits for it).
    fn answer(&self, id: u32, answer: NativeAnswer) {
        if let Some(tx) = self.waiting.lock().unwrap_or_else(PoisonError::into_inner).remove(&id) {
            let _ = tx.send(answer);
        }
    }
}

struct JsHost {
    /// The id the facade gave this execution.
    execution: u32,
    questions: Arc<Questions>,
    on_tool_results: bool,
    on_tool_result_truncated: bool,
    session_created: bool,
    fixed_headers: Option<crate::core::execution::Headers>,
    schemas: Arc<Mutex<Schemas>>,
}

/// The schemas as an answer gives them: the JSON, or what reading them threw.
fn schemas_of(json: Option<String>, error: Option<String>) -> Schemas {
    error.map_or(Ok(json), Err)
}

impl Drop for JsHost {
    fn drop(&mut self) {
        // The loop is over, or never ran: nothing more comes from this execution.
        self.questions.dispatcher.post(NativeMessage::new(NativeMessageKind::Ended, self.execution, 0));
    }
}

impl JsHost {
    fn set_schemas(schemas: &Mutex<Schemas>, value: Schemas) {
        // A poisoned lock can only come from a panic while it was held; the value is replaced whole.
        *schemas.lock().unwrap_or_else(PoisonError::into_inner) = value;
    }

    /// Asks the host's `call` callback.
    fn ask_call(
        &self,
        kind: NativeHostCallKind,
        tools: Option<Vec<NativeToolCall>>,
    ) -> futures::future::BoxFuture<'static, CoreResult<NativeAnswer>> {
        self.questions.ask(self.execution, NativeMessageKind::Call, move |m| m.call = Some(NativeHostCall { kind, tools }))
    }
}

/// An answer without the field its question asked for (a facade bug, reported as such).
fn unanswered(what: &str) -> CoreError {
    CoreError::Callback(format!("the facade's answer has no {what}"))
}

impl ExecutionHost for JsHost {
    fn headers(&self) -> futures::future::BoxFuture<'static, CoreResult<RoundHeaders>> {
        let schemas = self.schemas.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let dynamic_tool_schemas = match schemas {
            Ok(schemas) => schemas,
            Err(message) => return Box::pin(async move { Err(CoreError::Callback(message)) }),
        };
        if let Some(headers) = &self.fixed_headers {
            let headers = headers.clone();
            return Box::pin(async move { Ok(RoundHeaders { headers, dynamic_tool_schemas }) });
        }
        let asked = self.ask_call(NativeHostCallKind::Headers, None);
        Box::pin(async move {
            // The facade keeps the callback's own error; the message is its message.
            let answer = asked.await?;
            let headers = answer.headers.ok_or_else(|| unanswered("headers"))?;
            Ok(RoundHeaders { headers: headers.into_iter().collect(), dynamic_tool_schemas })
        })
    }

    fn run_tools<'a>(
        &'a self,
        calls: &'a [PendingToolCall],
    ) -> futures::future::BoxFuture<'a, CoreResult<Vec<Option<ToolOutcome>>>> {
        let schemas = self.schemas.clone();
        let tools = calls
            .iter()
            .map(|c| NativeToolCall {
                tool_call_id: c.tool_call_id.clone(),
                tool_name: c.tool_name.clone(),
                args_json: c.args.clone(),
            })
            .collect();
        let asked = self.ask_call(NativeHostCallKind::RunTools, Some(tools));
        Box::pin(async move {
            // What the handler set's provider threw fails the round, as the facade's own error.
            let answer = asked.await?;
            let outcomes = answer.outcomes.ok_or_else(|| unanswered("outcomes"))?;
            JsHost::set_schemas(&schemas, schemas_of(answer.dynamic_tool_schemas_json, answer.schemas_error));
            Ok(outcomes
                .into_iter()
                .map(|o| match o {
                    NativeToolOutcome { unhandled: Some(true), .. } => None,
                    NativeToolOutcome { error: Some(message), .. } => Some(ToolOutcome::Error(message)),
                    NativeToolOutcome { result: Some(json), .. } => Some(ToolOutcome::Result(json)),
                    NativeToolOutcome { .. } => Some(ToolOutcome::Void),
                })
                .collect())
        })
    }

    fn tool_results_hook(&self, results_json: String) -> Option<futures::future::BoxFuture<'static, CoreResult<String>>> {
        if !self.on_tool_results {
            return None;
        }
        let schemas = self.schemas.clone();
        let asked = self.questions.ask(self.execution, NativeMessageKind::ToolResults, |m| m.results_json = Some(results_json));
        Some(Box::pin(async move {
            let answer = asked.await?;
            let results = answer.results_json.ok_or_else(|| unanswered("resultsJson"))?;
            JsHost::set_schemas(&schemas, schemas_of(answer.dynamic_tool_schemas_json, answer.schemas_error));
            Ok(results)
        }))
    }

    fn session_created(&self, session_id: &str) -> futures::future::BoxFuture<'static, CoreResult<()>> {
        if !self.session_created {
            return Box::pin(async { Ok(()) });
        }
        let id = session_id.to_string();
        let asked = self.questions.ask(self.execution, NativeMessageKind::SessionCreated, |m| m.session_id = Some(id));
        Box::pin(async move { asked.await.map(|_| ()) })
    }

    fn tool_result_truncated(&self, truncation: &Truncation) {
        if self.on_tool_result_truncated {
            let mut message = NativeMessage::new(NativeMessageKind::Truncated, self.execution, 0);
            message.truncation = Some(truncation.into());
            self.questions.dispatcher.post(message);
        }
    }

    fn observe(&self, trace: Trace<'_>) {
        let mut message = NativeMessage::new(NativeMessageKind::Observe, self.execution, 0);
        message.trace = Some(trace.into());
        self.questions.dispatcher.post(message);
    }
}

/// How the consumer reads the execution.
#[napi(string_enum = "lowercase")]
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum NativeFraming {
    /// `pull`: events as JSON array texts (iteration).
    Events,
    /// `pullSse`: SSE bytes (`toSSEStream`'s native relay).
    Sse,
}

/// Session trigger/continue or worker execute/continue.
#[napi(string_enum = "lowercase")]
pub enum NativeExecutionTarget {
    /// POST `/api/agent-sessions/:id/trigger`.
    Session,
    /// POST `/api/agents/:id/execute`.
    Worker,
}

/// The trigger/continue fields of one execution; `*Json` fields are JSON texts.
#[napi(object)]
pub struct NativeExecutionRequest {
    pub target: NativeExecutionTarget,
    /// Session id (session) or agent id (worker).
    pub id: String,
    pub trigger_name: Option<String>,
    pub input_json: Option<String>,
    pub rollback_json: Option<String>,
    /// Worker only: start with `{type:'start', input}`.
    pub worker_start: Option<bool>,
    pub execution_id: Option<String>,
    pub tool_results_json: Option<String>,
    /// Session trigger only: `sender` (`{id?, name?, image?}`) as JSON text.
    pub sender_json: Option<String>,
    /// `rejectClientToolCalls`.
    pub reject_client_tool_calls: Option<bool>,
    /// A deferred start (`agentSessions.start`, no session id yet): its agent, session input
    /// (JSON text) and idempotency key. `id` is then unused.
    pub deferred_agent_id: Option<String>,
    pub deferred_input_json: Option<String>,
    pub idempotency_key: Option<String>,
    /// Report rounds and request attempts to the host's `observe` (set only while a
    /// diagnostics channel has a subscriber).
    pub observe: Option<bool>,
}

fn plan_of(config: NativeClientConfig, req: NativeExecutionRequest) -> CoreResult<ExecutionPlan> {
    let defaults = ExecutionOptions::default();
    let options = ExecutionOptions {
        max_retries: config.max_retries.unwrap_or(defaults.max_retries),
        max_body_bytes: config
            .max_continuation_bytes
            .filter(|b| b.is_finite() && *b > 0.0)
            .map_or(defaults.max_body_bytes, |b| b as usize),
        reject_client_tool_calls: req.reject_client_tool_calls.unwrap_or(false),
        observe: req.observe.unwrap_or(false),
    };
    let cfg = request_config(config, HashMap::new());
    let plan = match req.target {
        NativeExecutionTarget::Worker => {
            let body = BodyPlan::Worker { start: req.worker_start.unwrap_or(false), input_json: req.input_json };
            ExecutionPlan::worker(cfg, &req.id, body, req.execution_id, req.tool_results_json)
        }
        NativeExecutionTarget::Session => {
            let body = BodyPlan::Session {
                trigger_name: req.trigger_name,
                input_json: req.input_json,
                rollback_json: req.rollback_json,
                sender_json: req.sender_json,
            };
            match req.deferred_agent_id {
                Some(agent_id) => {
                    let start = DeferredStart {
                        agent_id,
                        input_json: req.deferred_input_json,
                        idempotency_key: req.idempotency_key.unwrap_or_default(),
                    };
                    Ok(ExecutionPlan::deferred(cfg, start, body))
                }
                None => ExecutionPlan::session(cfg, &req.id, body, req.execution_id, req.tool_results_json),
            }
        }
    };
    plan.map(|p| ExecutionPlan { options, ..p })
}

/// Where the execution is: waiting for its first pull, unable to start, or running.
enum Start {
    Ready(Box<(ExecutionPlan, JsHost, Outlet)>),
    /// The request cannot be sent (e.g. an id that cannot be a path segment): the first pull
    /// gets this error.
    Invalid(CoreError),
    Running,
}

/// The one small state of an execution: who reads it, and whether its loop runs.
struct State {
    framing: Option<NativeFraming>,
    start: Start,
}

struct Shared {
    cancel: Cancel,
    state: Mutex<State>,
    /// The consumer's side of the channel; `None` once it has ended or was closed.
    inlet: tokio::sync::Mutex<Option<Inlet>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.cancel.cancel();
        LIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Executions whose native state is alive, in every environment of the process.
static LIVE: AtomicU32 = AtomicU32::new(0);

/// How many executions' native state is alive in the process (their loop, buffers and pulls):
/// for leak checks. An execution counts from its construction until it has ended or been
/// closed and nothing of it is left running.
#[napi]
pub fn live_executions() -> u32 {
    LIVE.load(Ordering::Relaxed)
}

/// `heartbeatMs` as a duration (none when not a positive number).
fn heartbeat_of(heartbeat_ms: Option<f64>) -> Option<std::time::Duration> {
    heartbeat_ms.filter(|ms| ms.is_finite() && *ms > 0.0).map(|ms| std::time::Duration::from_millis(ms as u64))
}

impl Shared {
    /// Starts the loop on the first pull of the claimed framing.
    fn start(&self, framing: NativeFraming) -> CoreResult<()> {
        let mut state = self.state.lock().map_err(|_| CoreError::Internal("execution state poisoned".into()))?;
        if state.framing != Some(framing) {
            return Err(CoreError::Internal("an execution was pulled without being claimed for that framing".into()));
        }
        match std::mem::replace(&mut state.start, Start::Running) {
            Start::Ready(ready) => {
                let (plan, host, outlet) = *ready;
                tokio::spawn(execution::run(plan, Arc::new(host), outlet));
                Ok(())
            }
            Start::Invalid(e) => Err(e),
            Start::Running => Ok(()),
        }
    }
}

/// A resource-update event handed over in a pull: the facade runs that resource's `onUpdate`
/// when the event at `index` (of this pull's events) reaches the consumer.
#[napi(object)]
pub struct NativeResourceUpdate {
    pub index: u32,
    pub name: String,
    pub value_json: String,
}

/// One pull of `pull` (its `batch` message): events to yield (a JSON array text), then the error to throw, and
/// whether the execution has ended.
#[napi(object)]
pub struct NativeBatch {
    pub events: Option<String>,
    pub resource_updates: Option<Vec<NativeResourceUpdate>>,
    pub error: Option<NativeError>,
    pub done: bool,
}

/// One pull of `pullSse` (its `sse` message): bytes to write (a failure is written as an internal error event),
/// and whether the stream has ended.
#[napi(object)]
pub struct NativeSseChunk {
    pub chunk: Option<Buffer>,
    pub resource_updates: Option<Vec<NativeResourceUpdate>>,
    /// The failure the chunk's internal error event stands for (for the diagnostics channels).
    pub error: Option<NativeError>,
    pub done: bool,
}

/// Collects the outputs of one pull in one framing.
trait Sink {
    type Pull;
    fn event(&mut self, text: &str);
    fn failure(&mut self, error: CoreError);
    /// The loop has ended normally.
    fn end(&mut self);
    /// Nothing came for a heartbeat interval (the relay only).
    fn heartbeat(&mut self) {}
    fn full(&self) -> bool;
    fn finish(self, resource_updates: Vec<NativeResourceUpdate>, done: bool) -> Self::Pull;
}

struct EventsSink {
    text: String,
    count: usize,
    error: Option<NativeError>,
}

impl Sink for EventsSink {
    type Pull = NativeBatch;
    fn event(&mut self, text: &str) {
        self.text.push(if self.count == 0 { '[' } else { ',' });
        self.text.push_str(text);
        self.count += 1;
    }
    fn failure(&mut self, error: CoreError) {
        self.error = Some(error.into());
    }
    fn end(&mut self) {}
    fn full(&self) -> bool {
        self.count >= MAX_BATCH_EVENTS || self.text.len() >= MAX_BATCH_BYTES
    }
    fn finish(mut self, resource_updates: Vec<NativeResourceUpdate>, done: bool) -> NativeBatch {
        let events = (self.count > 0).then(|| {
            self.text.push(']');
            self.text
        });
        let resource_updates = (!resource_updates.is_empty()).then_some(resource_updates);
        NativeBatch { events, resource_updates, error: self.error, done }
    }
}

struct SseSink {
    bytes: Vec<u8>,
    error: Option<NativeError>,
}

impl Sink for SseSink {
    type Pull = NativeSseChunk;
    fn event(&mut self, text: &str) {
        frame(&mut self.bytes, text);
    }
    fn failure(&mut self, error: CoreError) {
        frame(&mut self.bytes, &internal_error_event(&error.to_string()));
        self.error = Some(error.into());
    }
    fn end(&mut self) {
        self.bytes.extend_from_slice(DONE_FRAME);
    }
    fn heartbeat(&mut self) {
        self.bytes.extend_from_slice(HEARTBEAT_FRAME);
    }
    fn full(&self) -> bool {
        self.bytes.len() >= MAX_BATCH_BYTES
    }
    fn finish(mut self, resource_updates: Vec<NativeResourceUpdate>, done: bool) -> NativeSseChunk {
        // The buffer becomes the JS Buffer's memory, which V8 does not count: it is held until
        // that Buffer is collected, so it must not be larger than the bytes in it.
        self.bytes.shrink_to_fit();
        let chunk = (!self.bytes.is_empty()).then(|| self.bytes.into());
        let resource_updates = (!resource_updates.is_empty()).then_some(resource_updates);
        NativeSseChunk { chunk, resource_updates, error: self.error, done }
    }
}

/// The comment the relay writes while nothing else comes, so proxies keep the connection.
const HEARTBEAT_FRAME: &[u8] = b": heartbeat\n\n";

/// Moves batches into a sink, noting the resource updates among their events.
struct Taker {
    updates: Vec<NativeResourceUpdate>,
    index: u32,
}

impl Taker {
    fn new() -> Self {
        Taker { updates: Vec::new(), index: 0 }
    }

    /// Takes one batch; `true` when it ended the execution (a failure).
    fn take<S: Sink>(&mut self, batch: Batch, sink: &mut S) -> bool {
        for item in batch {
            match item {
                Output::Event(text) => sink.event(&text),
                Output::ResourceUpdate { text, name, value } => {
                    self.updates.push(NativeResourceUpdate { index: self.index, name, value_json: value });
                    sink.event(&text);
                }
                Output::Failure(e) => {
                    sink.failure(e);
                    return true;
                }
                Output::End => {
                    sink.end();
                    return true;
                }
            }
            self.index += 1;
        }
        false
    }

    /// After a first batch, takes what else is already waiting, as far as the sink holds;
    /// whether the execution has ended.
    fn take_waiting<S: Sink>(&mut self, inlet: &mut Inlet, sink: &mut S, mut done: bool) -> bool {
        while !done && !sink.full() {
            match inlet.try_recv() {
                Ok(batch) => done = self.take(batch, sink),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    sink.end();
                    done = true;
                }
            }
        }
        done
    }
}

/// One pull in either framing: waits for the next batch (with `heartbeat`, at most that long:
/// then the pull carries only a heartbeat), then takes what else is already buffered. A failure
/// or the loop's end closes the consumer's side.
async fn pull<S: Sink>(
    shared: Arc<Shared>,
    framing: NativeFraming,
    mut sink: S,
    heartbeat: Option<std::time::Duration>,
) -> S::Pull {
    let mut taker = Taker::new();
    if let Err(e) = shared.start(framing) {
        *shared.inlet.lock().await = None;
        sink.failure(e);
        return sink.finish(taker.updates, true);
    }
    let mut guard = shared.inlet.lock().await;
    let Some(inlet) = guard.as_mut() else { return sink.finish(taker.updates, true) };
    let next = match heartbeat {
        Some(every) => match tokio::time::timeout(every, inlet.recv()).await {
            Ok(next) => next,
            Err(_) => {
                sink.heartbeat();
                drop(guard);
                return sink.finish(taker.updates, false);
            }
        },
        None => inlet.recv().await,
    };
    let done = match next {
        Some(batch) => taker.take(batch, &mut sink),
        None => {
            sink.end();
            true
        }
    };
    let done = taker.take_waiting(inlet, &mut sink, done);
    if done {
        *guard = None;
    }
    drop(guard);
    sink.finish(taker.updates, done)
}

#[napi]
pub struct NativeExecution {
    shared: Arc<Shared>,
    /// The id the facade gave it (its messages carry it).
    execution: u32,
    questions: Arc<Questions>,
}

impl NativeExecution {
    fn dispatcher(&self) -> Arc<Dispatcher> {
        self.questions.dispatcher.clone()
    }
}

/// Runs one pull on the runtime and posts its result as message `kind`, for pull `token`. A
/// panic in it (a bug) becomes the pull's failure: the facade's Promise always settles.
fn spawn_pull<S: Sink + Send + 'static>(
    dispatcher: Arc<Dispatcher>,
    shared: Arc<Shared>,
    framing: NativeFraming,
    sink: S,
    heartbeat: Option<std::time::Duration>,
    message: impl FnOnce(Result<S::Pull, CoreError>) -> NativeMessage + Send + 'static,
) where
    S::Pull: Send,
{
    napi::bindgen_prelude::spawn(async move {
        let result = AssertUnwindSafe(pull(shared, framing, sink, heartbeat))
            .catch_unwind()
            .await
            .map_err(|_| CoreError::Internal("a pull of the execution panicked".into()));
        dispatcher.post(message(result));
    });
}

#[napi]
impl NativeExecution {
    /// Prepares an execution; nothing is sent until the first pull. A request that cannot be
    /// sent (an id that cannot be a path segment) fails that first pull. Throws only when the
    /// facade has not registered its dispatcher in this environment.
    #[napi(constructor)]
    pub fn new(
        env: napi::Env,
        config: NativeClientConfig,
        request: NativeExecutionRequest,
        host: NativeExecutionHost,
    ) -> napi::Result<Self> {
        let dispatcher = dispatch::current(&env)?;
        let cancel = Cancel::new();
        let (outlet, inlet) = execution::channel(cancel.clone(), CHANNEL_CAPACITY);
        let questions = Arc::new(Questions { dispatcher, next: AtomicU32::new(0), waiting: Mutex::new(HashMap::new()) });
        let execution = host.id;
        let host = JsHost {
            execution,
            questions: questions.clone(),
            on_tool_results: host.on_tool_results,
            on_tool_result_truncated: host.on_tool_result_truncated,
            session_created: host.session_created,
            fixed_headers: host.fixed_headers.map(|h| h.into_iter().collect()),
            schemas: Arc::new(Mutex::new(Ok(None))),
        };
        let start = match plan_of(config, request) {
            Ok(plan) => Start::Ready(Box::new((plan, host, outlet))),
            Err(e) => Start::Invalid(e),
        };
        LIVE.fetch_add(1, Ordering::Relaxed);
        Ok(NativeExecution {
            shared: Arc::new(Shared {
                cancel,
                state: Mutex::new(State { framing: None, start }),
                inlet: tokio::sync::Mutex::new(Some(inlet)),
            }),
            execution,
            questions,
        })
    }

    /// The facade's answer to question `id` of this execution (ignored when nobody waits).
    #[napi]
    pub fn answer(&self, id: u32, answer: NativeAnswer) {
        self.questions.answer(id, answer);
    }

    /// Claims the execution for one framing; `false` when it was already claimed (by iteration
    /// or by `toSSEStream`). Sends nothing.
    #[napi]
    pub fn claim(&self, framing: NativeFraming) -> bool {
        match self.shared.state.lock() {
            Ok(mut state) if state.framing.is_none() => {
                state.framing = Some(framing);
                true
            }
            _ => false,
        }
    }

    /// The first request's `dynamicToolSchemas`, read when the official reads them: at the first
    /// pull, or when `toSSEStream()` claims the execution (a JSON array text, or absent;
    /// `schemasError`: reading them threw this message, which fails the first pull). Only before
    /// the loop has started.
    #[napi]
    pub fn begin(&self, dynamic_tool_schemas_json: Option<String>, schemas_error: Option<String>) {
        if let Ok(state) = self.shared.state.lock() {
            if let Start::Ready(ready) = &state.start {
                JsHost::set_schemas(&ready.1.schemas, schemas_of(dynamic_tool_schemas_json, schemas_error));
            }
        }
    }

    /// Abort: cancels the in-flight request at once. An execution cancelled before it ends
    /// yields `finish`/`stop` next (when anyone still pulls).
    #[napi]
    pub fn cancel(&self) {
        self.shared.cancel.cancel();
    }

    /// `break`, reader cancel, or the execution was collected: nobody will pull again. Cancels
    /// and drops the buffer, so the loop ends and the connection closes now.
    #[napi]
    pub fn close(&self) {
        self.shared.cancel.cancel();
        if let Ok(mut guard) = self.shared.inlet.try_lock() {
            *guard = None;
        }
        // Closed before its first pull: drop the plan and the host now (which tells the facade).
        if let Ok(mut state) = self.shared.state.lock() {
            if matches!(state.start, Start::Ready(_)) {
                state.start = Start::Running;
            }
        }
    }

    /// Pulls the next events (claimed as `events` first): the result comes as a `batch`
    /// message for `token`.
    #[napi]
    pub fn pull(&self, token: u32) {
        let execution = self.execution;
        let sink = EventsSink { text: String::with_capacity(256), count: 0, error: None };
        spawn_pull(self.dispatcher(), self.shared.clone(), NativeFraming::Events, sink, None, move |result| {
            let batch = result.unwrap_or_else(|e| NativeBatch {
                events: None,
                resource_updates: None,
                error: Some(e.into()),
                done: true,
            });
            NativeMessage { batch: Some(batch), ..NativeMessage::new(NativeMessageKind::Batch, execution, token) }
        });
    }

    /// Pulls the next SSE bytes (claimed as `sse` first): one `data: <event>` frame per event,
    /// then the `data: [DONE]` frame (or, after a failure, its internal error event). With
    /// `heartbeatMs`, a pull that waits that long gives a `: heartbeat` comment instead. The
    /// result comes as an `sse` message for `token`.
    #[napi]
    pub fn pull_sse(&self, token: u32, heartbeat_ms: Option<f64>) {
        let execution = self.execution;
        let sink = SseSink { bytes: Vec::new(), error: None };
        spawn_pull(
            self.dispatcher(),
            self.shared.clone(),
            NativeFraming::Sse,
            sink,
            heartbeat_of(heartbeat_ms),
            move |result| {
                let chunk = result.unwrap_or_else(|e| {
                    let mut failed = SseSink { bytes: Vec::new(), error: None };
                    failed.failure(e);
                    failed.finish(Vec::new(), true)
                });
                NativeMessage { sse: Some(chunk), ..NativeMessage::new(NativeMessageKind::Sse, execution, token) }
            },
        );
    }
}

/// `enforceToolResultsSize`'s answer: the reduced results (JSON text; absent when nothing had
/// to change), what was reduced, and whether they still do not fit.
#[napi(object)]
pub struct NativeSizeGuard {
    pub results_json: Option<String>,
    pub truncations: Vec<NativeTruncation>,
    pub overflow: bool,
}

/// The size guard the loop applies before each continuation, as a pure function on a JSON
/// array of tool results.
#[napi]
pub fn enforce_tool_results_size(results_json: String, max_bytes: f64) -> NativeSizeGuard {
    let budget = if max_bytes.is_finite() && max_bytes > 0.0 { max_bytes as usize } else { 0 };
    let g = size_guard::enforce(&results_json, budget);
    NativeSizeGuard {
        results_json: g.results_json,
        truncations: g.truncations.iter().map(Into::into).collect(),
        overflow: g.overflow,
    }
}

/// `[MAX_CONTINUATION_BODY_BYTES, CONTINUATION_BODY_RESERVE_BYTES]`.
#[napi]
pub fn continuation_limits() -> Vec<u32> {
    [size_guard::MAX_CONTINUATION_BODY_BYTES, size_guard::CONTINUATION_BODY_RESERVE_BYTES].iter().map(|&n| n as u32).collect()
}
