//! The execution and tool continuation loop (docs/protocol.md §4, §5): POST a round, stream its
//! validated events to the consumer, run the server tools it asks for, continue until done.
//! Generic over an `ExecutionHost` (the JS side in production, fakes in the unit tests), which
//! the loop asks every round for headers and to run the round's tool calls that have a handler.
//! Rounds are consumer-paced: events are read ahead, but a round's tools start only once the
//! consumer has received every event before them (see `outlet`).

mod body;
mod outlet;
mod retry;
mod round;
pub mod size_guard;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;

use super::config::RequestConfig;
use super::error::{CoreError, CoreResult};
use super::event::PendingToolCall;
use super::http::encode_segment;

pub use body::{api_error_event, error_type_for_status, internal_error_event, BodyPlan, FINISH_STOP};
pub use outlet::{channel, Batch, Inlet, Outlet, CHANNEL_CAPACITY};
use size_guard::Truncation;

use outlet::{Flow, Stop};

/// What a server tool handler gave back.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolOutcome {
    /// The handler's value as JSON text (trusted: the host wrote it with a JSON serialiser).
    Result(String),
    /// The handler returned nothing (`undefined`): the result has no `result` key.
    Void,
    /// The handler failed; the message goes to the platform.
    Error(String),
}

/// Request headers as name/value pairs.
pub type Headers = Vec<(String, String)>;

/// What the host gives for a request: its headers, and the round's `dynamicToolSchemas` (a JSON
/// array text; `None` when there are none).
#[derive(Debug, Clone, Default)]
pub struct RoundHeaders {
    pub headers: Headers,
    pub dynamic_tool_schemas: Option<String>,
}

/// The side that owns the user's code: it is asked every round, so handlers and credentials
/// may change between rounds. (The napi host answers `headers` from what the facade gave it
/// when they cannot change, and the schemas from its last answer: `src/node/execution.rs`.)
pub trait ExecutionHost: Send + Sync + 'static {
    /// Headers for the next request (before every round, the first included, and every retry
    /// attempt), with the schemas of the tools added at run time (inline MCP servers,
    /// `setDynamicTools`), as they are for the round's body.
    fn headers(&self) -> BoxFuture<'static, CoreResult<RoundHeaders>>;
    /// Runs, concurrently, the handlers of the `calls` whose tool has a server-side handler now
    /// (the handler set is read once, when a round's tool calls arrive): one outcome per call,
    /// `None` for a call without a handler (a client tool). One question for the whole round.
    fn run_tools<'a>(&'a self, calls: &'a [PendingToolCall]) -> BoxFuture<'a, CoreResult<Vec<Option<ToolOutcome>>>>;
    /// `onToolResults`: hands a round's server tool results (a JSON array) to the user's hook,
    /// which may change them; resolves the results as the hook left them. `None`: no hook.
    fn tool_results_hook(&self, _results_json: String) -> Option<BoxFuture<'static, CoreResult<String>>> {
        None
    }
    /// `onToolResultTruncated`: told of each result the size guard reduced. Must not block.
    fn tool_result_truncated(&self, _truncation: &Truncation) {}
    /// A deferred start learnt its session id (`onSessionCreated`); awaited before any event of
    /// the execution is handed to the consumer.
    fn session_created(&self, _session_id: &str) -> BoxFuture<'static, CoreResult<()>> {
        Box::pin(async { Ok(()) })
    }
    /// Told what the loop does (rounds, request attempts), only when the plan says
    /// `options.observe`. Must not block.
    fn observe(&self, _trace: Trace<'_>) {}
}

/// What an observed execution tells its host (`ExecutionOptions::observe`), as it happens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trace<'a> {
    /// Round `round` (1-based) begins.
    Round { round: u32 },
    /// Attempt `attempt` (1-based) of the round's POST to `path` is about to be sent.
    RequestStart { round: u32, attempt: u32, path: &'a str },
    /// That attempt ended, `elapsed` after its start.
    RequestEnd { round: u32, attempt: u32, path: &'a str, elapsed: Duration, end: AttemptEnd<'a> },
}

/// How one attempt of a streaming POST ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AttemptEnd<'a> {
    /// A 2xx response head: the body is read next.
    Answered { status: u16 },
    /// A non-2xx answer (`CoreError::Api`) or no answer at all; `retry` when another attempt
    /// follows.
    Failed { error: &'a CoreError, retry: bool },
    /// Cut short by an abort, or by a consumer that is gone.
    Cancelled,
}

/// A session that does not exist yet (`agentSessions.start`): the first leg creates it.
#[derive(Debug, Clone)]
pub struct DeferredStart {
    pub agent_id: String,
    /// The session input (JSON text).
    pub input_json: Option<String>,
    /// One per handle, the same for every attempt and leg.
    pub idempotency_key: String,
}

/// The POST that creates a deferred session and runs its first trigger.
pub const START_PATH: &str = "/api/agent-sessions/start";

/// The response header that names a session a deferred start created.
pub const SESSION_ID_HEADER: &str = "x-octavus-session-id";

/// One item on the way to the consumer.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// An event's JSON text.
    Event(String),
    /// A `resource-update` event's JSON text, with the resource's name and value (JSON): the
    /// host runs the resource's `onUpdate` when the consumer receives the event.
    ResourceUpdate { text: String, name: String, value: String },
    /// The execution failed (network failure, broken stream, timeout, a host callback): the
    /// consumer throws this error after the events before it.
    Failure(CoreError),
    /// The execution has ended normally; nothing follows. It travels with the last events when
    /// their stream's end was already known, so the consumer's last pull also ends it.
    End,
}

impl Output {
    /// The event's JSON text (`None` for a failure or the end).
    pub fn event_text(&self) -> Option<&str> {
        match self {
            Output::Event(text) | Output::ResourceUpdate { text, .. } => Some(text),
            Output::Failure(_) | Output::End => None,
        }
    }
}

/// Everything one execution needs before it starts. `cfg.headers` is not used: the host gives
/// the headers of every round.
#[derive(Debug, Clone)]
pub struct ExecutionPlan {
    pub cfg: RequestConfig,
    /// Encoded path, e.g. `/api/agent-sessions/s%2F1/trigger`.
    pub path: String,
    pub body: BodyPlan,
    pub execution_id: Option<String>,
    /// JSON array of tool results to send on the first round (a `continue` request).
    pub tool_results: Option<String>,
    pub options: ExecutionOptions,
    /// Set for a deferred start: `path` is then unused until the session id is known.
    pub deferred: Option<DeferredStart>,
}

/// The 6.4 loop's knobs.
#[derive(Debug, Clone)]
pub struct ExecutionOptions {
    /// Retries of each streaming POST (`maxRetries`, default 2: three attempts).
    pub max_retries: u32,
    /// The continuation body cap (`MAX_CONTINUATION_BODY_BYTES` by default).
    pub max_body_bytes: usize,
    /// `rejectClientToolCalls`: a call with no handler gets an error result instead of
    /// becoming a client-tool request.
    pub reject_client_tool_calls: bool,
    /// Tell the host about rounds and request attempts (`ExecutionHost::observe`); off unless
    /// someone listens.
    pub observe: bool,
}

impl Default for ExecutionOptions {
    fn default() -> Self {
        ExecutionOptions {
            max_retries: 2,
            max_body_bytes: size_guard::MAX_CONTINUATION_BODY_BYTES,
            reject_client_tool_calls: false,
            observe: false,
        }
    }
}

impl ExecutionPlan {
    /// A session execution: POST `/api/agent-sessions/:id/trigger` each round.
    pub fn session(
        cfg: RequestConfig,
        session_id: &str,
        body: BodyPlan,
        execution_id: Option<String>,
        tool_results: Option<String>,
    ) -> CoreResult<Self> {
        let path = format!("/api/agent-sessions/{}/trigger", encode_segment("session id", session_id)?);
        Ok(ExecutionPlan { cfg, path, body, execution_id, tool_results, options: ExecutionOptions::default(), deferred: None })
    }

    /// A session that a deferred start creates on its first leg (then `/:id/trigger`).
    pub fn deferred(cfg: RequestConfig, start: DeferredStart, body: BodyPlan) -> Self {
        ExecutionPlan {
            cfg,
            path: START_PATH.to_string(),
            body,
            execution_id: None,
            tool_results: None,
            options: ExecutionOptions::default(),
            deferred: Some(start),
        }
    }

    /// A worker execution: POST `/api/agents/:id/execute` each round.
    pub fn worker(
        cfg: RequestConfig,
        agent_id: &str,
        body: BodyPlan,
        execution_id: Option<String>,
        tool_results: Option<String>,
    ) -> CoreResult<Self> {
        let path = format!("/api/agents/{}/execute", encode_segment("agent id", agent_id)?);
        Ok(ExecutionPlan { cfg, path, body, execution_id, tool_results, options: ExecutionOptions::default(), deferred: None })
    }
}

/// Runs the execution to its end, sending every event through `out`. An abort ends it with
/// `finish`/`stop`; a consumer that is gone ends it at once.
/// A panic (a bug) becomes a failure: it never reaches the consumer's thread.
pub async fn run<H: ExecutionHost>(plan: ExecutionPlan, host: Arc<H>, mut out: Outlet) {
    let rounds = AssertUnwindSafe(run_rounds(&plan, &*host, &mut out)).catch_unwind().await;
    match rounds {
        Ok(Ok(())) | Ok(Err(Stop::Gone)) => {}
        Ok(Err(Stop::Cancelled)) => out.send_last(Output::Event(FINISH_STOP.to_string())).await,
        Err(panic) => out.send_last(Output::Failure(CoreError::from_panic(panic))).await,
    }
    out.finish().await;
}

/// What an execution learns as it goes.
pub(crate) struct Progress {
    pub execution_id: Option<String>,
    /// A deferred start's session id, once the platform named it.
    pub session_id: Option<String>,
}

impl Progress {
    /// Whether a deferred start still waits for its session id.
    pub fn awaits_session(&self, plan: &ExecutionPlan) -> bool {
        plan.deferred.is_some() && self.session_id.is_none()
    }

    /// Latches a deferred start's session id and tells the host, once.
    pub async fn latch_session<H: ExecutionHost>(
        &mut self,
        plan: &ExecutionPlan,
        host: &H,
        out: &mut Outlet,
        id: String,
    ) -> Flow<CoreResult<()>> {
        if !self.awaits_session(plan) || id.is_empty() {
            return Ok(Ok(()));
        }
        let told = out.race(host.session_created(&id)).await?;
        self.session_id = Some(id);
        Ok(told)
    }

    /// Where this round goes: the start endpoint until a deferred session has its id.
    fn path(&self, plan: &ExecutionPlan) -> CoreResult<String> {
        match (&plan.deferred, &self.session_id) {
            (None, _) => Ok(plan.path.clone()),
            (Some(_), None) => Ok(START_PATH.to_string()),
            (Some(_), Some(id)) => Ok(format!("/api/agent-sessions/{}/trigger", encode_segment("session id", id)?)),
        }
    }
}

async fn run_rounds<H: ExecutionHost>(plan: &ExecutionPlan, host: &H, out: &mut Outlet) -> Flow<()> {
    let mut progress = Progress { execution_id: plan.execution_id.clone(), session_id: None };
    let mut tool_results = plan.tool_results.clone();
    for round in 0.. {
        out.check()?;
        let RoundHeaders { headers, dynamic_tool_schemas: schemas } = match out.race(host.headers()).await? {
            Ok(h) => h,
            Err(e) => return fail(out, e).await,
        };
        let path = match progress.path(plan) {
            Ok(p) => p,
            Err(e) => return fail(out, e).await,
        };
        let round_number = u32::try_from(round + 1).unwrap_or(u32::MAX);
        if plan.options.observe {
            host.observe(Trace::Round { round: round_number });
        }
        let start =
            if progress.awaits_session(plan) && progress.execution_id.is_none() { plan.deferred.as_ref() } else { None };
        let legs = Legs { round, start, schemas: schemas.as_deref() };
        let Some(body) = guarded_body(plan, host, out, &legs, progress.execution_id.as_deref(), tool_results.as_deref()).await
        else {
            return Ok(());
        };
        let Some(response) = round::request(plan, round_number, &path, host, headers, body, out).await? else { return Ok(()) };
        if progress.awaits_session(plan) {
            let named = response.headers().get(SESSION_ID_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
            if let Some(id) = named {
                if let Err(e) = progress.latch_session(plan, host, out, id).await? {
                    return fail(out, e).await;
                }
            }
        }
        let Some(read) = round::read(plan, &path, host, response, out, &mut progress).await? else { return Ok(()) };
        let execution_id = &progress.execution_id;
        match round::settle_tools(plan, host, out, read, execution_id.as_deref()).await? {
            round::Settled::Continue(results) => tool_results = Some(results),
            round::Settled::Done => return Ok(()),
        }
    }
    Ok(())
}

/// The round's body, with its tool results fitted by the size guard (each reduction told to the
/// host); `None` when they cannot be made to fit (the 413 error event has been sent).
/// What shapes one round's body besides its execution id and tool results.
struct Legs<'a> {
    round: usize,
    /// Set on a deferred start's first leg: the nested create-and-trigger body.
    start: Option<&'a DeferredStart>,
    /// `dynamicToolSchemas` (JSON array text).
    schemas: Option<&'a str>,
}

async fn guarded_body<H: ExecutionHost>(
    plan: &ExecutionPlan,
    host: &H,
    out: &mut Outlet,
    legs: &Legs<'_>,
    execution_id: Option<&str>,
    tool_results: Option<&str>,
) -> Option<String> {
    let max = plan.options.max_body_bytes;
    let guarded = tool_results.map(|r| size_guard::enforce(r, size_guard::results_budget(max)));
    if let Some(g) = &guarded {
        for t in &g.truncations {
            host.tool_result_truncated(t);
        }
    }
    let results = match &guarded {
        Some(size_guard::Guarded { results_json: Some(reduced), .. }) => Some(reduced.as_str()),
        _ => tool_results,
    };
    let body = match legs.start {
        Some(start) => plan.body.start_body(start, legs.schemas),
        None => plan.body.body(legs.round, execution_id, results, legs.schemas),
    };
    if guarded.is_some_and(|g| g.overflow) || body.len() > max {
        let message = format!(
            "{}: the tool results are too large to send (the limit is {}) and could not be cut down enough. \
             Make the tools return less: filter or limit their results, ask for fewer fields, page through the data, \
             or save it to a file and return a reference to it.",
            plan.body.error_context(),
            size_guard::format_bytes(max)
        );
        out.send_last(Output::Event(api_error_event(413, &message, None))).await;
        return None;
    }
    Some(body)
}

/// Ends the execution with `error` (the consumer throws it).
async fn fail(out: &mut Outlet, error: CoreError) -> Flow<()> {
    out.send_last(Output::Failure(error)).await;
    Ok(())
}

#[cfg(test)]
mod tests;
