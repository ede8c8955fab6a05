//! The three steps of one round: send the request, read its event stream, settle its tools.
//! Each step returns `Ok(None)`/`Settled::Done` when the execution ended normally (an error
//! event or a failure was sent), and `Err(Stop)` when it was cut short.

use std::time::Duration;

use futures::future::join_all;
use futures::{Stream, StreamExt};
use reqwest::{Method, Response};

use super::body::{client_tool_calls_finish_event, client_tool_request_event, tool_output_event, ToolResult};
use super::outlet::{Flow, Outlet};
use super::{api_error_event, fail, internal_error_event, ExecutionHost, ExecutionPlan, Headers, Output};
use crate::core::error::CoreError;
use crate::core::event::{validate_owned, EventKind, PendingToolCall};
use crate::core::http;
use crate::core::json::to_text;
use crate::core::sse::{self, SseError};

/// At most this many decoded payloads are handled per wake-up.
const READY_BATCH: usize = 4096;

/// At most this much of an error answer's body is read (its message is in the first bytes).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// POSTs one round. `None` when the answer was an error (its error event, or the failure, has
/// been sent).
pub(super) async fn request(plan: &ExecutionPlan, headers: Headers, body: String, out: &mut Outlet) -> Flow<Option<Response>> {
    let cfg = crate::core::config::RequestConfig { headers, ..plan.cfg.clone() };
    let response = match out.race(http::send(&cfg, Method::POST, &plan.path, Some(body), false)).await? {
        Ok(r) => r,
        Err(e) => {
            fail(out, e).await?;
            return Ok(None);
        }
    };
    let status = response.status();
    if status.is_success() {
        return Ok(Some(response));
    }
    let text = http::status_text(&response);
    let limit = plan.cfg.timeouts.idle.or(plan.cfg.timeouts.request);
    let bytes = out.race(read_error_body(response, limit)).await?;
    let (message, code) = http::parse_api_error(&text, &bytes, "Failed to trigger");
    out.send_last(Output::Event(api_error_event(status.as_u16(), &message, code.as_deref()))).await;
    Ok(None)
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

/// The response body as a stream of chunks whose errors are `CoreError`s naming the request,
/// ending with a timeout when no chunk arrives for `idle` (any bytes count, keep-alive
/// comments included).
fn guarded_body(response: Response, idle: Option<Duration>, url: String) -> impl Stream<Item = Result<bytes::Bytes, CoreError>> + Send + 'static {
    let body = Box::pin(response.bytes_stream());
    futures::stream::unfold((body, false), move |(mut body, ended)| {
        let url = url.clone();
        async move {
            if ended {
                return None;
            }
            let next = match idle {
                Some(t) => match tokio::time::timeout(t, body.next()).await {
                    Ok(n) => n,
                    Err(_) => {
                        let e = CoreError::Timeout(format!("No data arrived from POST {url} for {} ms (idle timeout); the request was closed", t.as_millis()));
                        return Some((Err(e), (body, true)));
                    }
                },
                None => body.next().await,
            };
            match next {
                Some(Ok(chunk)) => Some((Ok(chunk), (body, false))),
                Some(Err(e)) => {
                    let e = CoreError::Network(format!("The event stream from POST {url} broke: {}", http::root_cause(&e)));
                    Some((Err(e), (body, true)))
                }
                None => None,
            }
        }
    })
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
pub(super) async fn read(plan: &ExecutionPlan, response: Response, out: &mut Outlet, execution_id: &mut Option<String>) -> Flow<Option<RoundRead>> {
    let url = format!("{}{}", plan.cfg.base_url, plan.path);
    // Payloads already decoded are handled together: one wake-up per network read, not per event.
    let mut payloads = Box::pin(sse::payloads(guarded_body(response, plan.cfg.timeouts.idle, url.clone())).ready_chunks(READY_BATCH));
    let mut pending: Option<Vec<PendingToolCall>> = None;
    let mut finished = false;
    // An early return drops `payloads`, which closes the connection before anything else.
    while let Some(chunk) = out.race(payloads.next()).await? {
        let mut batch = Vec::with_capacity(chunk.len());
        let mut failure = None;
        for item in chunk {
            let payload = match item {
                Ok(p) => p,
                Err(SseError::Transport(e)) => {
                    failure = Some(e);
                    break;
                }
                Err(SseError::Malformed(m)) => {
                    failure = Some(CoreError::Network(format!("The event stream from POST {url} could not be read: {m}")));
                    break;
                }
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
        if !batch.is_empty() {
            out.send(batch).await?;
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
/// sends their output events, and hands client tools to the consumer.
pub(super) async fn settle_tools<H: ExecutionHost>(host: &H, out: &mut Outlet, read: RoundRead, execution_id: Option<&str>) -> Flow<Settled> {
    let calls = match read.pending {
        Some(calls) if !calls.is_empty() => calls,
        _ => return Ok(Settled::Done),
    };
    // Consumer-paced: nothing runs for events the consumer has not taken (it may still abort).
    out.until_received().await?;
    let handled = match out.race(host.tool_handlers()).await? {
        Ok(names) => names,
        Err(e) => {
            fail(out, e).await?;
            return Ok(Settled::Done);
        }
    };
    let (server, client): (Vec<PendingToolCall>, Vec<PendingToolCall>) = calls.into_iter().partition(|c| handled.contains(&c.tool_name));
    let outcomes = out.race(join_all(server.iter().map(|c| host.run_tool(c)))).await?;
    let outputs = server.iter().zip(&outcomes).map(|(call, outcome)| Output::Event(tool_output_event(call, outcome))).collect();
    out.send(outputs).await?;
    let results: Vec<ToolResult> = server.iter().zip(&outcomes).map(|(call, outcome)| ToolResult::new(call, outcome)).collect();
    if client.is_empty() {
        if read.finished {
            return Ok(Settled::Done);
        }
        return Ok(Settled::Continue(to_text(&results)));
    }
    let Some(id) = execution_id else {
        out.send_last(Output::Event(internal_error_event("Missing executionId for client-tool-request"))).await;
        return Ok(Settled::Done);
    };
    out.send(vec![Output::Event(client_tool_request_event(id, &client, &results)), Output::Event(client_tool_calls_finish_event(id))]).await?;
    Ok(Settled::Done)
}
