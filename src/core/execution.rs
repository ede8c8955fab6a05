//! The execution and tool continuation loop (PROTOCOL.md §4, §5): POST a round, stream its
//! validated events out, run server tools when asked, continue until done. Generic over a
//! `ToolRunner`, so it is tested in pure Rust with fake tools. Events leave through a bounded
//! channel: a slow consumer slows the socket read, and a dropped consumer ends the request.

use std::sync::Arc;

use futures::future::{join_all, BoxFuture};
use futures::StreamExt;
use reqwest::Method;
use tokio::sync::mpsc;

use super::cancel::Cancel;
use super::config::RequestConfig;
use super::error::CoreResult;
use super::http::encode_segment;
use super::event::{validate_owned, EventKind, PendingToolCall};
use super::http;
use super::json::{extend_object, quote};
use super::sse;

/// What a server tool handler gave back.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolOutcome {
    /// The handler's value as JSON text.
    Result(String),
    /// The handler failed; the message goes to the platform.
    Error(String),
}

/// Runs the user's tool handlers and notifies resources.
pub trait ToolRunner: Send + Sync + 'static {
    fn has_handler(&self, tool_name: &str) -> bool;
    fn run(&self, call: &PendingToolCall) -> BoxFuture<'static, ToolOutcome>;
    /// Called for each `resource-update`; must not block.
    fn resource_update(&self, _name: &str, _value_json: &str) {}
    /// Fresh headers for a continuation round (the host's `getHeaders()`); `Ok(None)` keeps
    /// the plan's headers.
    fn round_headers(&self) -> BoxFuture<'static, HeadersResult> {
        Box::pin(async { Ok(None) })
    }
}

/// Headers for the next round: `Ok(None)` keeps the current ones; `Err` ends the execution.
pub type HeadersResult = Result<Option<Vec<(String, String)>>, String>;

/// A runner with no tools and no resources.
pub struct NoTools;
impl ToolRunner for NoTools {
    fn has_handler(&self, _tool_name: &str) -> bool {
        false
    }
    fn run(&self, _call: &PendingToolCall) -> BoxFuture<'static, ToolOutcome> {
        Box::pin(async { ToolOutcome::Error("No tool handler".to_string()) })
    }
}

/// How each round's request body is made.
#[derive(Debug, Clone)]
pub enum BodyPlan {
    /// Session trigger: `base` (triggerName/input/rollbackAfterMessageId) on every round, plus
    /// `executionId` and `toolResults` when known.
    Session { base: String },
    /// Worker: round one is `{type:'start', input}` when `start_input` is set (the outer
    /// `Option`); every other round is `{type:'continue', executionId, toolResults}`.
    Worker { start_input: Option<Option<String>> },
}

impl BodyPlan {
    /// A session trigger's base body; each argument is JSON text, `None` omits the key.
    pub fn session_trigger(trigger_name: Option<&str>, input_json: Option<&str>, rollback_json: Option<&str>) -> Self {
        let name = trigger_name.map(quote);
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(n) = name.as_deref() {
            pairs.push(("triggerName", n));
        }
        if let Some(i) = input_json {
            pairs.push(("input", i));
        }
        if let Some(r) = rollback_json {
            pairs.push(("rollbackAfterMessageId", r));
        }
        BodyPlan::Session { base: extend_object("{}", &pairs) }
    }

    fn body(&self, round: usize, execution_id: Option<&str>, tool_results: Option<&str>) -> String {
        let id = execution_id.map(quote);
        let mut extra: Vec<(&str, &str)> = Vec::new();
        if let Some(i) = id.as_deref() {
            extra.push(("executionId", i));
        }
        if let Some(t) = tool_results {
            extra.push(("toolResults", t));
        }
        match self {
            BodyPlan::Session { base } => extend_object(base, &extra),
            BodyPlan::Worker { start_input: Some(input) } if round == 0 => {
                let mut pairs = vec![("type", "\"start\"")];
                if let Some(i) = input.as_deref() {
                    pairs.push(("input", i));
                }
                extend_object("{}", &pairs)
            }
            BodyPlan::Worker { .. } => {
                let mut pairs = vec![("type", "\"continue\"")];
                pairs.extend(extra);
                extend_object("{}", &pairs)
            }
        }
    }
}

/// Everything one execution needs before it starts.
#[derive(Debug, Clone)]
pub struct ExecutionPlan {
    pub cfg: RequestConfig,
    /// Encoded path, e.g. `/api/agent-sessions/s%2F1/trigger`.
    pub path: String,
    pub body: BodyPlan,
    pub execution_id: Option<String>,
    /// JSON array of tool results to send on the first round (a `continue` request).
    pub tool_results: Option<String>,
}

/// What one channel message carries: the outputs of one network read (or one SDK step).
pub type Batch = Vec<Output>;

impl ExecutionPlan {
    /// A session execution: POST `/api/agent-sessions/:id/trigger` each round.
    pub fn session(cfg: RequestConfig, session_id: &str, body: BodyPlan, execution_id: Option<String>, tool_results: Option<String>) -> CoreResult<Self> {
        let path = format!("/api/agent-sessions/{}/trigger", encode_segment("session id", session_id)?);
        Ok(ExecutionPlan { cfg, path, body, execution_id, tool_results })
    }

    /// A worker execution: POST `/api/agents/:id/execute` each round.
    pub fn worker(cfg: RequestConfig, agent_id: &str, body: BodyPlan, execution_id: Option<String>, tool_results: Option<String>) -> CoreResult<Self> {
        let path = format!("/api/agents/{}/execute", encode_segment("agent id", agent_id)?);
        Ok(ExecutionPlan { cfg, path, body, execution_id, tool_results })
    }
}

/// One item on the way to the consumer.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// An event's JSON text.
    Event(String),
    /// The execution failed (network failure, broken stream, timeout): the consumer throws.
    Failure(String),
}

/// At most this many decoded payloads are handled per wake-up.
const READY_BATCH: usize = 4096;

pub const FINISH_STOP: &str = r#"{"type":"finish","finishReason":"stop"}"#;

/// `{type:'error', errorType:'internal_error', …}` with `message`.
pub fn internal_error_event(message: &str) -> String {
    format!(
        r#"{{"type":"error","errorType":"internal_error","message":{},"source":"platform","retryable":false}}"#,
        quote(message)
    )
}

/// The error type of an HTTP status (PROTOCOL.md §7).
pub fn error_type_for_status(status: u16) -> &'static str {
    match status {
        400 => "validation_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        503 => "provider_overloaded",
        504 => "provider_timeout",
        s if s >= 500 => "internal_error",
        _ => "unknown_error",
    }
}

/// The error event of a non-2xx trigger/execute answer.
pub fn api_error_event(status: u16, message: &str, code: Option<&str>) -> String {
    let retryable = status == 429 || status >= 500;
    let mut s = format!(
        r#"{{"type":"error","errorType":"{}","message":{},"source":"platform","retryable":{}"#,
        error_type_for_status(status),
        quote(message),
        retryable
    );
    if let Some(c) = code {
        s.push_str(",\"code\":");
        s.push_str(&quote(c));
    }
    s.push('}');
    s
}

fn tool_result_json(call: &PendingToolCall, outcome: &ToolOutcome) -> String {
    let mut s = format!("{{\"toolCallId\":{},\"toolName\":{}", quote(&call.tool_call_id), quote(&call.tool_name));
    match outcome {
        ToolOutcome::Result(v) => {
            s.push_str(",\"result\":");
            s.push_str(v);
        }
        ToolOutcome::Error(m) => {
            s.push_str(",\"error\":");
            s.push_str(&quote(m));
        }
    }
    for (key, value) in [
        ("outputVariable", &call.output_variable),
        ("blockIndex", &call.block_index),
        ("thread", &call.thread),
        ("workerId", &call.worker_id),
    ] {
        if let Some(v) = value {
            s.push_str(&format!(",\"{key}\":{v}"));
        }
    }
    s.push('}');
    s
}

fn tool_output_event(call: &PendingToolCall, outcome: &ToolOutcome) -> String {
    match outcome {
        ToolOutcome::Result(v) => format!(
            r#"{{"type":"tool-output-available","toolCallId":{},"output":{v}}}"#,
            quote(&call.tool_call_id)
        ),
        ToolOutcome::Error(m) => format!(
            r#"{{"type":"tool-output-error","toolCallId":{},"error":{}}}"#,
            quote(&call.tool_call_id),
            quote(m)
        ),
    }
}

enum Sent {
    Delivered,
    /// The consumer is gone.
    Gone,
    /// Cancelled while waiting for room in the buffer; the item was not sent.
    Cancelled,
}

/// Sends one item, giving up when the execution is cancelled while the buffer is full (a
/// paused consumer must not keep the HTTP connection open after an abort).
async fn send(tx: &mpsc::Sender<Batch>, cancel: &Cancel, batch: Batch) -> Sent {
    match tx.try_send(batch) {
        Ok(()) => Sent::Delivered,
        Err(mpsc::error::TrySendError::Closed(_)) => Sent::Gone,
        Err(mpsc::error::TrySendError::Full(b)) => send_waiting(tx, cancel, b).await,
    }
}

async fn send_waiting(tx: &mpsc::Sender<Batch>, cancel: &Cancel, batch: Batch) -> Sent {
    tokio::select! {
        biased;
        r = tx.send(batch) => if r.is_ok() { Sent::Delivered } else { Sent::Gone },
        _ = cancel.cancelled() => Sent::Cancelled,
    }
}

/// At most this much of an error answer's body is read (its message is in the first bytes).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The start of a non-2xx answer's body, read within `limit`; whatever could not be read in
/// time (or past `ERROR_BODY_LIMIT`) is left out, and the status text is the fallback message.
async fn read_error_body(mut resp: reqwest::Response, limit: Option<std::time::Duration>) -> Vec<u8> {
    let read = async {
        let mut body = Vec::new();
        while let Ok(Some(chunk)) = resp.chunk().await {
            body.extend_from_slice(&chunk);
            if body.len() >= ERROR_BODY_LIMIT {
                return Vec::new(); // not a short error document: use the status text
            }
        }
        body
    };
    match limit {
        Some(t) => tokio::time::timeout(t, read).await.unwrap_or_default(),
        None => read.await,
    }
}

/// The response body with transport errors as text, ending with an error when no chunk
/// arrives for `idle` (any bytes count, keep-alive comments included).
fn idle_guard<S>(body: S, idle: Option<std::time::Duration>) -> impl futures::Stream<Item = Result<bytes::Bytes, String>> + Send + 'static
where
    S: futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send + 'static,
{
    futures::stream::unfold((Box::pin(body), false), move |(mut body, ended)| async move {
        if ended {
            return None;
        }
        let next = match idle {
            Some(t) => match tokio::time::timeout(t, body.next()).await {
                Ok(n) => n,
                Err(_) => {
                    let msg = format!("no data arrived for {} ms (idle timeout); the request was closed", t.as_millis());
                    return Some((Err(msg), (body, true)));
                }
            },
            None => body.next().await,
        };
        match next {
            Some(Ok(chunk)) => Some((Ok(chunk), (body, false))),
            Some(Err(e)) => Some((Err(http::error_chain(&e)), (body, true))),
            None => None,
        }
    })
}

/// Sends one item; `false` when the consumer is gone (the caller then stops at once).
async fn emit(tx: &mpsc::Sender<Batch>, item: Output) -> bool {
    tx.send(vec![item]).await.is_ok()
}

enum Round {
    /// Start another round with these tool results.
    Continue(String),
    Done,
}

/// Runs the execution to its end, sending every event to `tx`.
pub async fn run<R: ToolRunner>(mut plan: ExecutionPlan, runner: Arc<R>, cancel: Cancel, tx: mpsc::Sender<Batch>) {
    let mut execution_id = plan.execution_id.clone();
    let mut tool_results = plan.tool_results.clone();
    let mut round = 0usize;
    loop {
        if cancel.is_cancelled() {
            emit(&tx, Output::Event(FINISH_STOP.to_string())).await;
            return;
        }
        if round > 0 {
            let headers = tokio::select! {
                biased;
                _ = cancel.cancelled() => { emit(&tx, Output::Event(FINISH_STOP.to_string())).await; return; }
                _ = tx.closed() => return,
                h = runner.round_headers() => h,
            };
            match headers {
                Ok(Some(h)) => plan.cfg.headers = h,
                Ok(None) => {}
                Err(message) => {
                    emit(&tx, Output::Failure(message)).await;
                    return;
                }
            }
        }
        let body = plan.body.body(round, execution_id.as_deref(), tool_results.as_deref());
        round += 1;
        match run_round(&plan, &*runner, &cancel, &tx, body, &mut execution_id).await {
            Some(Round::Continue(results)) => tool_results = Some(results),
            Some(Round::Done) | None => return,
        }
    }
}

/// One POST and its stream. `None` means the execution ended (or the consumer left).
async fn run_round<R: ToolRunner>(
    plan: &ExecutionPlan,
    runner: &R,
    cancel: &Cancel,
    tx: &mpsc::Sender<Batch>,
    body: String,
    execution_id: &mut Option<String>,
) -> Option<Round> {
    let url = format!("{}{}", plan.cfg.base_url, plan.path);
    let stop = || Output::Event(FINISH_STOP.to_string());
    let sent = tokio::select! {
        biased;
        _ = cancel.cancelled() => { emit(tx, stop()).await; return None; }
        _ = tx.closed() => return None,
        r = http::send(&plan.cfg, Method::POST, &plan.path, Some(body), false) => r,
    };
    let resp = match sent {
        Ok(r) => r,
        Err(e) => {
            emit(tx, Output::Failure(e.to_string())).await;
            return None;
        }
    };
    let status = resp.status();
    if !status.is_success() {
        let text = http::status_text(&resp);
        let limit = plan.cfg.timeouts.idle.or(plan.cfg.timeouts.request);
        let bytes = tokio::select! {
            biased;
            _ = cancel.cancelled() => { emit(tx, stop()).await; return None; }
            _ = tx.closed() => return None,
            b = read_error_body(resp, limit) => b,
        };
        let (message, code) = http::parse_api_error(&text, &bytes, "Failed to trigger");
        emit(tx, Output::Event(api_error_event(status.as_u16(), &message, code.as_deref()))).await;
        return None;
    }

    let idle = plan.cfg.timeouts.idle;
    // Payloads already decoded are handled together: one wake-up per network read, not per event.
    let mut payloads = Box::pin(sse::payloads(idle_guard(resp.bytes_stream(), idle)).ready_chunks(READY_BATCH));
    let mut pending: Option<Vec<PendingToolCall>> = None;
    let mut finished = false;
    'read: loop {
        let next = tokio::select! {
            biased;
            _ = cancel.cancelled() => None,
            _ = tx.closed() => return None,
            n = payloads.next() => Some(n),
        };
        let Some(next) = next else {
            // Close the connection first: the consumer may not pull the stop for a while.
            drop(payloads);
            emit(tx, stop()).await;
            return None;
        };
        let Some(batch) = next else { break };
        let mut out: Batch = Vec::with_capacity(batch.len());
        let mut broke = None;
        for item in batch {
            let payload = match item {
                Err(msg) => {
                    broke = Some(format!("The event stream from POST {url} broke: {msg}"));
                    break;
                }
                Ok(p) => p,
            };
            let Some(event) = validate_owned(payload) else { continue };
            match event.kind {
                EventKind::Start { execution_id: Some(id) } => *execution_id = Some(id),
                EventKind::ToolRequest { tool_calls } => {
                    pending = Some(tool_calls);
                    continue;
                }
                EventKind::Finish { ref finish_reason } => {
                    if finish_reason == "tool-calls" && pending.is_some() {
                        continue;
                    }
                    finished = true;
                }
                EventKind::ResourceUpdate { ref name, ref value } => runner.resource_update(name, value),
                _ => {}
            }
            out.push(Output::Event(event.text));
        }
        if let Some(msg) = broke {
            out.push(Output::Failure(msg));
            drop(payloads);
            send(tx, cancel, out).await;
            return None;
        }
        if out.is_empty() {
            continue;
        }
        match send(tx, cancel, out).await {
            Sent::Delivered => {}
            Sent::Gone => return None,
            Sent::Cancelled => break 'read,
        }
    }
    drop(payloads);
    if cancel.is_cancelled() {
        emit(tx, stop()).await;
        return None;
    }

    let calls = match pending {
        Some(calls) if !calls.is_empty() => calls,
        _ => return Some(Round::Done),
    };
    let (server, client): (Vec<PendingToolCall>, Vec<PendingToolCall>) =
        calls.into_iter().partition(|c| runner.has_handler(&c.tool_name));
    let outcomes = tokio::select! {
        biased;
        _ = cancel.cancelled() => { emit(tx, stop()).await; return None; }
        _ = tx.closed() => return None,
        o = join_all(server.iter().map(|c| runner.run(c))) => o,
    };
    let mut results = Vec::with_capacity(server.len());
    for (call, outcome) in server.iter().zip(&outcomes) {
        results.push(tool_result_json(call, outcome));
        if !emit(tx, Output::Event(tool_output_event(call, outcome))).await {
            return None;
        }
    }
    let results_json = format!("[{}]", results.join(","));
    if !client.is_empty() {
        let Some(id) = execution_id.as_deref() else {
            emit(tx, Output::Event(internal_error_event("Missing executionId for client-tool-request"))).await;
            return None;
        };
        let calls_json = client.iter().map(|c| c.raw.as_str()).collect::<Vec<_>>().join(",");
        let mut request = format!(
            r#"{{"type":"client-tool-request","executionId":{},"toolCalls":[{calls_json}]"#,
            quote(id)
        );
        if !results.is_empty() {
            request.push_str(",\"serverToolResults\":");
            request.push_str(&results_json);
        }
        request.push('}');
        if emit(tx, Output::Event(request)).await {
            let finish = format!(r#"{{"type":"finish","finishReason":"client-tool-calls","executionId":{}}}"#, quote(id));
            emit(tx, Output::Event(finish)).await;
        }
        return None;
    }
    if finished {
        return Some(Round::Done);
    }
    Some(Round::Continue(results_json))
}

#[cfg(test)]
mod tests;
