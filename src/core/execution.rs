//! The execution and tool continuation loop (docs/protocol.md §4, §5): POST a round, stream its
//! validated events to the consumer, run the server tools it asks for, continue until done.
//! Generic over an `ExecutionHost` (the JS side in production, fakes in the unit tests), which
//! the loop asks every round for headers and for the tools that have a handler now.
//! Rounds are consumer-paced: events are read ahead, but a round's tools start only once the
//! consumer has received every event before them (see `outlet`).

mod body;
mod outlet;
mod retry;
mod round;
pub mod size_guard;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::FutureExt;

use super::config::RequestConfig;
use super::error::{CoreError, CoreResult};
use super::event::PendingToolCall;
use super::http::encode_segment;

pub use body::{api_error_event, error_type_for_status, internal_error_event, BodyPlan, FINISH_STOP};
use size_guard::Truncation;
pub use outlet::{channel, Batch, Inlet, Outlet, CHANNEL_CAPACITY};
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

/// The side that owns the user's code: it is asked every round, so handlers and credentials
/// may change between rounds (nothing about it is snapshotted when the execution opens).
pub trait ExecutionHost: Send + Sync + 'static {
    /// Headers for the next request (before every round, the first included).
    fn headers(&self) -> BoxFuture<'static, CoreResult<Headers>>;
    /// The names of the tools that have a server-side handler now (asked once per round that
    /// requests tools); the others are client tools.
    fn tool_handlers(&self) -> BoxFuture<'static, CoreResult<Vec<String>>>;
    /// Runs one server tool's handler.
    fn run_tool(&self, call: &PendingToolCall) -> BoxFuture<'static, ToolOutcome>;
    /// `onToolResults`: hands a round's server tool results (a JSON array) to the user's hook,
    /// which may change them; resolves the results as the hook left them. `None`: no hook.
    fn tool_results_hook(&self, _results_json: String) -> Option<BoxFuture<'static, CoreResult<String>>> {
        None
    }
    /// `onToolResultTruncated`: told of each result the size guard reduced. Must not block.
    fn tool_result_truncated(&self, _truncation: &Truncation) {}
}

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
}

impl Output {
    /// The event's JSON text (`None` for a failure).
    pub fn event_text(&self) -> Option<&str> {
        match self {
            Output::Event(text) | Output::ResourceUpdate { text, .. } => Some(text),
            Output::Failure(_) => None,
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
}

impl Default for ExecutionOptions {
    fn default() -> Self {
        ExecutionOptions { max_retries: 2, max_body_bytes: size_guard::MAX_CONTINUATION_BODY_BYTES, reject_client_tool_calls: false }
    }
}

impl ExecutionPlan {
    /// A session execution: POST `/api/agent-sessions/:id/trigger` each round.
    pub fn session(cfg: RequestConfig, session_id: &str, body: BodyPlan, execution_id: Option<String>, tool_results: Option<String>) -> CoreResult<Self> {
        let path = format!("/api/agent-sessions/{}/trigger", encode_segment("session id", session_id)?);
        Ok(ExecutionPlan { cfg, path, body, execution_id, tool_results, options: ExecutionOptions::default() })
    }

    /// A worker execution: POST `/api/agents/:id/execute` each round.
    pub fn worker(cfg: RequestConfig, agent_id: &str, body: BodyPlan, execution_id: Option<String>, tool_results: Option<String>) -> CoreResult<Self> {
        let path = format!("/api/agents/{}/execute", encode_segment("agent id", agent_id)?);
        Ok(ExecutionPlan { cfg, path, body, execution_id, tool_results, options: ExecutionOptions::default() })
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
}

async fn run_rounds<H: ExecutionHost>(plan: &ExecutionPlan, host: &H, out: &mut Outlet) -> Flow<()> {
    let mut execution_id = plan.execution_id.clone();
    let mut tool_results = plan.tool_results.clone();
    for round in 0.. {
        out.check()?;
        let Some(body) = guarded_body(plan, host, out, round, execution_id.as_deref(), tool_results.as_deref()).await else { return Ok(()) };
        let Some(response) = round::request(plan, host, body, out).await? else { return Ok(()) };
        let Some(read) = round::read(plan, response, out, &mut execution_id).await? else { return Ok(()) };
        match round::settle_tools(plan, host, out, read, execution_id.as_deref()).await? {
            round::Settled::Continue(results) => tool_results = Some(results),
            round::Settled::Done => return Ok(()),
        }
    }
    Ok(())
}

/// The round's body, with its tool results fitted by the size guard (each reduction told to the
/// host); `None` when they cannot be made to fit (the 413 error event has been sent).
async fn guarded_body<H: ExecutionHost>(plan: &ExecutionPlan, host: &H, out: &mut Outlet, round: usize, execution_id: Option<&str>, tool_results: Option<&str>) -> Option<String> {
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
    let body = plan.body.body(round, execution_id, results);
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
