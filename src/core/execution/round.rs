//! The three steps of one round: send the request, read its event stream, settle its tools.
//! Each step returns `Ok(None)`/`Settled::Done` when the execution ended normally (an error
//! event or a failure was sent), and `Err(Stop)` when it was cut short.

use std::time::{Duration, Instant, SystemTime};

use futures::{FutureExt, Stream, StreamExt};
use reqwest::{Method, Response};

use super::body::{
    client_tool_calls_finish_event, client_tool_request_event, hooked_output_events, no_handler_message, tool_output_event,
    ToolResult,
};
use super::outlet::{Flow, Outlet};
use super::retry;
use super::{
    api_error_event, fail, internal_error_event, AttemptEnd, ExecutionHost, ExecutionPlan, Headers, Output, Progress,
    ToolOutcome, Trace,
};
use crate::core::error::CoreError;
use crate::core::event::{validate_owned, EventKind, PendingToolCall};
use crate::core::http;
use crate::core::json::to_text;
use crate::core::sse::{self, SseError};

/// At most this many decoded payloads are handled per wake-up.
const READY_BATCH: usize = 4096;

/// At most this much of an error answer's body is read (its message is in the first bytes).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// POSTs one round, retrying what is worth retrying (docs/protocol.md §4.5): statuses 408, 429,
/// 502, 503 and 504, network failures, and a response head slower than the stream watchdog.
/// Headers are asked of the host for every attempt. `None` when the round ended without a body
/// to read: an error event or the failure has been sent, or (a head that never came) nothing.
/// An observed plan tells the host when each attempt starts and how it ended.
pub(super) async fn request<H: ExecutionHost>(
    plan: &ExecutionPlan,
    round: u32,
    path: &str,
    host: &H,
    first_headers: Headers,
    body: String,
    out: &mut Outlet,
) -> Flow<Option<Response>> {
    let body = bytes::Bytes::from(body);
    let max_retries = plan.options.max_retries;
    let mut attempt = 0;
    let mut given = Some(first_headers);
    let (response, watch) = loop {
        out.check()?;
        // The round's own headers for its first attempt; each retry asks the host again.
        let headers = match given.take() {
            Some(h) => h,
            None => match out.race(host.headers()).await? {
                Ok(h) => h.headers,
                Err(e) => {
                    fail(out, e).await?;
                    return Ok(None);
                }
            },
        };
        let cfg = crate::core::config::RequestConfig { headers, ..plan.cfg.clone() };
        let deadline = http::Deadline::ResponseHead(plan.cfg.timeouts.idle);
        let watch = plan.options.observe.then(|| Watch::start(host, round, attempt + 1, path));
        let sent = match out.race(http::send(&cfg, Method::POST, path, Some(body.clone()), deadline)).await {
            Ok(sent) => sent,
            Err(stop) => {
                if let Some(w) = &watch {
                    w.end(AttemptEnd::Cancelled);
                }
                return Err(stop);
            }
        };
        let last = attempt >= max_retries;
        let retry_after = match sent {
            // A retried answer's body is discarded (dropped with the response).
            Ok(r) if retry::retryable_status(r.status()) && !last => {
                if let Some(w) = &watch {
                    let error = CoreError::Api { status: r.status().as_u16(), message: http::status_text(&r), code: None };
                    w.end(AttemptEnd::Failed { error: &error, retry: true });
                }
                r.headers().get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_string)
            }
            Ok(r) => break (r, watch),
            Err(e) if !last => {
                if let Some(w) = &watch {
                    w.end(AttemptEnd::Failed { error: &e, retry: true });
                }
                None
            }
            // Out of attempts: a head that never came ends the execution silently (the platform
            // may still run it; the caller triggers again), a network failure is thrown.
            Err(e) => {
                if let Some(w) = &watch {
                    w.end(AttemptEnd::Failed { error: &e, retry: false });
                }
                if matches!(e, CoreError::Timeout(_)) {
                    return Ok(None);
                }
                fail(out, e).await?;
                return Ok(None);
            }
        };
        out.race(tokio::time::sleep(retry::delay(attempt, retry_after.as_deref(), SystemTime::now()))).await?;
        attempt += 1;
    };
    let status = response.status();
    let url = || format!("{}{}", plan.cfg.base_url, path);
    if !status.is_success() {
        let text = http::status_text(&response);
        let limit = plan.cfg.timeouts.idle.or(plan.cfg.timeouts.request);
        let bytes = match out.race(read_error_body(response, limit)).await {
            Ok(bytes) => bytes,
            Err(stop) => {
                if let Some(w) = &watch {
                    w.end(AttemptEnd::Cancelled);
                }
                return Err(stop);
            }
        };
        let (message, code) = http::parse_api_error(&text, &bytes, plan.body.error_context());
        if let Some(w) = &watch {
            let error = CoreError::Api { status: status.as_u16(), message: message.clone(), code: code.clone() };
            w.end(AttemptEnd::Failed { error: &error, retry: false });
        }
        out.send_last(Output::Event(api_error_event(status.as_u16(), &message, code.as_deref()))).await;
        return Ok(None);
    }
    if let Some(w) = &watch {
        w.end(AttemptEnd::Answered { status: status.as_u16() });
    }
    if matches!(status.as_u16(), 204 | 205) {
        // No body to read (what `fetch` gives as a null body).
        out.send_last(Output::Event(internal_error_event("Response body is not readable"))).await;
        return Ok(None);
    }
    let content_type =
        response.headers().get(reqwest::header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if let Some(ct) = content_type.filter(|ct| !ct.trim_start().to_ascii_lowercase().starts_with("text/event-stream")) {
        let message = format!(
            "POST {} answered {} with content type {ct:?} instead of an event stream (text/event-stream)",
            url(),
            status.as_u16()
        );
        out.send_last(Output::Event(internal_error_event(&message))).await;
        return Ok(None);
    }
    Ok(Some(response))
}

/// One observed attempt: tells the host it starts, then (once) how it ended.
struct Watch<'a, H: ExecutionHost> {
    host: &'a H,
    round: u32,
    attempt: u32,
    path: &'a str,
    started: Instant,
}

impl<'a, H: ExecutionHost> Watch<'a, H> {
    fn start(host: &'a H, round: u32, attempt: u32, path: &'a str) -> Self {
        host.observe(Trace::RequestStart { round, attempt, path });
        Watch { host, round, attempt, path, started: Instant::now() }
    }

    fn end(&self, end: AttemptEnd<'_>) {
        let Watch { host, round, attempt, path, started } = *self;
        host.observe(Trace::RequestEnd { round, attempt, path, elapsed: started.elapsed(), end });
    }
}

/// The start of a non-2xx answer's body, read within `limit`; whatever could not be read in
/// time (or past `ERROR_BODY_LIMIT`) is left out, and the status text is the fallback message.
async fn read_error_body(mut response: Response, limit: Option<Duration>) -> Vec<u8> {
    let read = async {
        let mut body = Vec::new();
        while let Ok(Some(chunk)) = response.chunk().await {
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

/// A round's body stream stopped early: the stream watchdog fired, or the transport failed
/// mid-stream. The execution then ends silently after the events already read (the 6.4
/// semantics: the caller triggers again).
struct SilentEnd;

impl std::fmt::Display for SilentEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the event stream stopped")
    }
}

/// The response body as a stream of chunks that ends with `SilentEnd` when no chunk arrives for
/// `idle` (any bytes count, keep-alive comments and heartbeats included) or the transport fails.
fn watched_body(
    response: Response,
    idle: Option<Duration>,
) -> impl Stream<Item = Result<bytes::Bytes, SilentEnd>> + Send + 'static {
    let body = Box::pin(response.bytes_stream());
    futures::stream::unfold((body, false), move |(mut body, ended)| async move {
        if ended {
            return None;
        }
        let next = match idle {
            Some(t) => match tokio::time::timeout(t, body.next()).await {
                Ok(next) => next,
                Err(_) => return Some((Err(SilentEnd), (body, true))),
            },
            None => body.next().await,
        };
        match next {
            Some(Ok(chunk)) => Some((Ok(chunk), (body, false))),
            Some(Err(_)) => Some((Err(SilentEnd), (body, true))),
            None => None,
        }
    })
}

/// The `sessionId` of a `start` event, if it has one.
fn session_id_of(start_event: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Start {
        #[serde(rename = "sessionId")]
        session_id: Option<String>,
    }
    serde_json::from_str::<Start>(start_event).ok()?.session_id
}

/// `first` and the payloads decoded after it that are ready now (at most `READY_BATCH`), into
/// `chunk` (reused: what `ready_chunks` would allocate for every wake-up); `true` when the
/// stream is known to have ended.
fn ready_after<S: Stream + Unpin>(first: S::Item, payloads: &mut S, chunk: &mut Vec<S::Item>) -> bool {
    chunk.push(first);
    while chunk.len() < READY_BATCH {
        match payloads.next().now_or_never() {
            Some(Some(item)) => chunk.push(item),
            Some(None) => return true,
            None => return false,
        }
    }
    false
}

/// What a round's stream asked for.
pub(super) struct RoundRead {
    /// The tool calls of the last `tool-request` (hidden from the consumer).
    pending: Option<Vec<PendingToolCall>>,
    /// A `finish` other than the one that only announces the pending tool calls was seen.
    finished: bool,
}

/// Reads one round's event stream to its end, sending the valid events to the consumer
/// (`tool-request` and the `finish` that announces it are kept back). `None` when the stream
/// broke (the failure has been sent after the events before it).
pub(super) async fn read<H: ExecutionHost>(
    plan: &ExecutionPlan,
    path: &str,
    host: &H,
    response: Response,
    out: &mut Outlet,
    progress: &mut Progress,
) -> Flow<Option<RoundRead>> {
    let url = format!("{}{}", plan.cfg.base_url, path);
    // Payloads already decoded are handled together: one wake-up per network read, not per event.
    let mut payloads = sse::payloads(watched_body(response, plan.cfg.timeouts.idle)).fuse();
    let mut chunk = Vec::new();
    let mut pending: Option<Vec<PendingToolCall>> = None;
    let mut finished = false;
    // An early return drops `payloads`, which closes the connection before anything else.
    while let Some(first) = out.race(payloads.next()).await? {
        let ended = ready_after(first, &mut payloads, &mut chunk);
        let mut batch = Vec::with_capacity(chunk.len());
        let mut failure = None;
        let mut silent = false;
        for item in chunk.drain(..) {
            let payload = match item {
                Ok(p) => p,
                Err(SseError::Transport(SilentEnd)) => {
                    silent = true;
                    break;
                }
                Err(SseError::Malformed(m)) => {
                    failure = Some(CoreError::Network(format!("The event stream from POST {url} could not be read: {m}")));
                    break;
                }
            };
            let Some(event) = validate_owned(payload) else { continue };
            match event.kind {
                EventKind::Start { ref execution_id } => {
                    if let Some(id) = execution_id {
                        progress.execution_id = Some(id.clone());
                    }
                    // A deferred start without the session header learns its id here, and the
                    // host hears of it before this event reaches the consumer.
                    if progress.awaits_session(plan) {
                        if let Some(id) = session_id_of(&event.text) {
                            if let Err(e) = progress.latch_session(plan, host, out, id).await? {
                                drop(payloads);
                                fail(out, e).await?;
                                return Ok(None);
                            }
                        }
                    }
                }
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
                EventKind::ResourceUpdate { name, value } => {
                    batch.push(Output::ResourceUpdate { text: event.text, name, value });
                    continue;
                }
                _ => {}
            }
            batch.push(Output::Event(event.text));
        }
        if let Some(e) = failure {
            drop(payloads);
            batch.push(Output::Failure(e));
            out.send(batch).await?;
            return Ok(None);
        }
        if silent {
            drop(payloads);
            if !batch.is_empty() {
                out.send(batch).await?;
            }
            return Ok(None);
        }
        if batch.is_empty() {
            // Only hidden events (a tool request and its finish), or nothing: nothing to hand over.
        } else if ended {
            // The body has ended: these events leave with what follows (docs/performance.md).
            out.hold(batch);
        } else {
            out.send(batch).await?;
        }
        // A burst (a drain after a stall) must not keep its buffer for the rest of the round.
        if chunk.capacity() > 1024 {
            chunk.shrink_to(256);
        }
    }
    drop(payloads);
    out.check()?;
    Ok(Some(RoundRead { pending, finished }))
}

/// How a round ended.
pub(super) enum Settled {
    /// Start another round with these tool results (JSON array).
    Continue(String),
    Done,
}

/// Runs the round's server tools (once the consumer has received everything before them),
/// lets `onToolResults` see and change their results, sends their output events, and hands
/// client tools to the consumer (or, with `rejectClientToolCalls`, answers them with an error).
pub(super) async fn settle_tools<H: ExecutionHost>(
    plan: &ExecutionPlan,
    host: &H,
    out: &mut Outlet,
    read: RoundRead,
    execution_id: Option<&str>,
) -> Flow<Settled> {
    let calls = match read.pending {
        Some(calls) if !calls.is_empty() => calls,
        _ => return Ok(Settled::Done),
    };
    // Consumer-paced: nothing runs for events the consumer has not taken (it may still abort).
    out.until_received().await?;
    let ran = match out.race(host.run_tools(&calls)).await? {
        Ok(ran) if ran.len() == calls.len() => ran,
        Ok(ran) => {
            let e = CoreError::Callback(format!("{} tool outcomes for {} tool calls", ran.len(), calls.len()));
            fail(out, e).await?;
            return Ok(Settled::Done);
        }
        Err(e) => {
            fail(out, e).await?;
            return Ok(Settled::Done);
        }
    };
    let (mut server, mut outcomes, mut client) = (Vec::new(), Vec::new(), Vec::new());
    for (call, outcome) in calls.into_iter().zip(ran) {
        match outcome {
            Some(outcome) => {
                server.push(call);
                outcomes.push(outcome);
            }
            None => client.push(call),
        }
    }
    let results: Vec<ToolResult> = server.iter().zip(&outcomes).map(|(call, outcome)| ToolResult::new(call, outcome)).collect();
    let mut results_json = to_text(&results);
    let hook = if server.is_empty() { None } else { host.tool_results_hook(results_json.clone()) };
    let outputs = match hook {
        None => server.iter().zip(&outcomes).map(|(call, outcome)| tool_output_event(call, outcome)).collect(),
        Some(hook) => {
            results_json = match out.race(hook).await? {
                Ok(changed) => changed,
                Err(e) => {
                    fail(out, e).await?;
                    return Ok(Settled::Done);
                }
            };
            out.check()?;
            match hooked_output_events(&results_json) {
                Some(events) => events,
                None => {
                    fail(
                        out,
                        CoreError::Callback(
                            "onToolResults left the tool results as something other than an array of objects".into(),
                        ),
                    )
                    .await?;
                    return Ok(Settled::Done);
                }
            }
        }
    };
    let mut outputs: Vec<Output> = outputs.into_iter().map(Output::Event).collect();
    if client.is_empty() || plan.options.reject_client_tool_calls {
        let rejected: Vec<ToolOutcome> = client.iter().map(|c| ToolOutcome::Error(no_handler_message(&c.tool_name))).collect();
        outputs.extend(client.iter().zip(&rejected).map(|(call, outcome)| Output::Event(tool_output_event(call, outcome))));
        if !outputs.is_empty() {
            out.send(outputs).await?;
        }
        if read.finished {
            return Ok(Settled::Done);
        }
        if !rejected.is_empty() {
            let rejected: Vec<ToolResult> =
                client.iter().zip(&rejected).map(|(call, outcome)| ToolResult::new(call, outcome)).collect();
            results_json = append_results(&results_json, &to_text(&rejected));
        }
        return Ok(Settled::Continue(results_json));
    }
    if !outputs.is_empty() {
        out.send(outputs).await?;
    }
    let Some(id) = execution_id else {
        out.send_last(Output::Event(internal_error_event("Missing executionId for client-tool-request"))).await;
        return Ok(Settled::Done);
    };
    let server_results = (!server.is_empty()).then_some(results_json.as_str());
    out.send(vec![
        Output::Event(client_tool_request_event(id, &client, server_results)),
        Output::Event(client_tool_calls_finish_event(id)),
    ])
    .await?;
    Ok(Settled::Done)
}

/// Two JSON arrays (texts) as one.
fn append_results(first: &str, second: &str) -> String {
    let head = first.trim_end().strip_suffix(']').unwrap_or(first).trim_end();
    let tail = second.trim_start().strip_prefix('[').unwrap_or(second);
    if head.ends_with('[') || tail.trim_start().starts_with(']') {
        format!("{head}{tail}")
    } else {
        format!("{head},{tail}")
    }
}
