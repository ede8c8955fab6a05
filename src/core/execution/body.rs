//! The JSON the loop writes: each round's request body, and the events the SDK makes itself
//! (tool outputs, client-tool requests, error events). All of it with serde; pass-through parts
//! (the user's input, tool arguments, handler results) are written as received.

use serde::Serialize;

use crate::core::event::PendingToolCall;
use crate::core::json::{to_text, TrustedJson};

use super::ToolOutcome;

/// How each round's request body is made. JSON texts come from `JSON.stringify` in the facade.
#[derive(Debug, Clone)]
pub enum BodyPlan {
    /// Session trigger: these fields on every round, plus `executionId` and `toolResults`
    /// when known. `None` omits a key.
    Session {
        trigger_name: Option<String>,
        input_json: Option<String>,
        rollback_json: Option<String>,
        sender_json: Option<String>,
    },
    /// Worker: round one is `{type:'start', input}` when `start` is set (`input_json` `None`
    /// omits the key); every other round is `{type:'continue', executionId, toolResults}`.
    Worker { start: bool, input_json: Option<String> },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionRound<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollback_after_message_id: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    execution_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_results: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamic_tool_schemas: Option<TrustedJson<'a>>,
}

/// A deferred start's first leg: create the session and run its first trigger.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartLeg<'a> {
    agent_id: &'a str,
    trigger: StartTrigger<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<TrustedJson<'a>>,
    idempotency_key: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartTrigger<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dynamic_tool_schemas: Option<TrustedJson<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase", rename_all_fields = "camelCase")]
enum WorkerRound<'a> {
    Start {
        #[serde(skip_serializing_if = "Option::is_none")]
        input: Option<TrustedJson<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        dynamic_tool_schemas: Option<TrustedJson<'a>>,
    },
    Continue {
        #[serde(skip_serializing_if = "Option::is_none")]
        execution_id: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        tool_results: Option<TrustedJson<'a>>,
    },
}

impl BodyPlan {
    /// The body of round `round` (0 = first). `schemas` (`dynamicToolSchemas`, a JSON array text)
    /// go into every session leg, and into a worker's start only.
    pub fn body(&self, round: usize, execution_id: Option<&str>, tool_results: Option<&str>, schemas: Option<&str>) -> String {
        let tool_results = tool_results.map(TrustedJson);
        let dynamic_tool_schemas = schemas.map(TrustedJson);
        match self {
            BodyPlan::Session { trigger_name, input_json, rollback_json, sender_json } => to_text(&SessionRound {
                trigger_name: trigger_name.as_deref(),
                input: input_json.as_deref().map(TrustedJson),
                rollback_after_message_id: rollback_json.as_deref().map(TrustedJson),
                sender: sender_json.as_deref().map(TrustedJson),
                execution_id,
                tool_results,
                dynamic_tool_schemas,
            }),
            BodyPlan::Worker { start: true, input_json } if round == 0 => {
                to_text(&WorkerRound::Start { input: input_json.as_deref().map(TrustedJson), dynamic_tool_schemas })
            }
            BodyPlan::Worker { .. } => to_text(&WorkerRound::Continue { execution_id, tool_results }),
        }
    }

    /// A deferred start's first leg (`{agentId, trigger: {…}, input?, idempotencyKey}`), from a
    /// session trigger plan.
    pub fn start_body(&self, start: &super::DeferredStart, schemas: Option<&str>) -> String {
        let (trigger_name, input_json, sender_json) = match self {
            BodyPlan::Session { trigger_name, input_json, sender_json, .. } => {
                (trigger_name.as_deref(), input_json.as_deref(), sender_json.as_deref())
            }
            BodyPlan::Worker { .. } => (None, None, None),
        };
        to_text(&StartLeg {
            agent_id: &start.agent_id,
            trigger: StartTrigger {
                trigger_name,
                input: input_json.map(TrustedJson),
                sender: sender_json.map(TrustedJson),
                dynamic_tool_schemas: schemas.map(TrustedJson),
            },
            input: start.input_json.as_deref().map(TrustedJson),
            idempotency_key: &start.idempotency_key,
        })
    }

    /// What a failed request of this execution says first (the official wording).
    pub fn error_context(&self) -> &'static str {
        match self {
            BodyPlan::Session { .. } => "Failed to trigger",
            BodyPlan::Worker { start: true, .. } => "Failed to execute worker",
            BodyPlan::Worker { start: false, .. } => "Failed to continue worker",
        }
    }
}

/// One entry of a continuation's `toolResults` (and of `serverToolResults`): the call's id,
/// name and pass-through fields, with the handler's result or error.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolResult<'a> {
    tool_call_id: &'a str,
    tool_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_variable: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    block_index: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thread: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worker_id: Option<TrustedJson<'a>>,
}

impl<'a> ToolResult<'a> {
    pub fn new(call: &'a PendingToolCall, outcome: &'a ToolOutcome) -> Self {
        let (result, error) = match outcome {
            ToolOutcome::Result(json) => (Some(TrustedJson(json)), None),
            ToolOutcome::Void => (None, None),
            ToolOutcome::Error(message) => (None, Some(message.as_str())),
        };
        let raw = |v: &'a Option<String>| v.as_deref().map(TrustedJson);
        ToolResult {
            tool_call_id: &call.tool_call_id,
            tool_name: &call.tool_name,
            result,
            error,
            output_variable: raw(&call.output_variable),
            block_index: raw(&call.block_index),
            thread: raw(&call.thread),
            worker_id: raw(&call.worker_id),
        }
    }
}

/// The events the SDK writes itself, with `type` first as the platform writes its own.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case", rename_all_fields = "camelCase")]
enum SdkEvent<'a> {
    ToolOutputAvailable {
        tool_call_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        output: Option<TrustedJson<'a>>,
    },
    ToolOutputError {
        tool_call_id: &'a str,
        error: &'a str,
    },
    ClientToolRequest {
        execution_id: &'a str,
        tool_calls: Vec<TrustedJson<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        server_tool_results: Option<TrustedJson<'a>>,
    },
    Finish {
        finish_reason: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        execution_id: Option<&'a str>,
    },
    Error {
        error_type: &'a str,
        message: &'a str,
        source: &'a str,
        retryable: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<&'a str>,
    },
}

/// `finish` with reason `stop`: what an aborted execution ends with.
pub const FINISH_STOP: &str = r#"{"type":"finish","finishReason":"stop"}"#;

/// `tool-output-available` or `tool-output-error` for one server tool call.
pub fn tool_output_event(call: &PendingToolCall, outcome: &ToolOutcome) -> String {
    to_text(&match outcome {
        ToolOutcome::Result(json) => {
            SdkEvent::ToolOutputAvailable { tool_call_id: &call.tool_call_id, output: Some(TrustedJson(json)) }
        }
        ToolOutcome::Void => SdkEvent::ToolOutputAvailable { tool_call_id: &call.tool_call_id, output: None },
        ToolOutcome::Error(message) => SdkEvent::ToolOutputError { tool_call_id: &call.tool_call_id, error: message },
    })
}

/// A result as `onToolResults` left it (any JSON the hook made), read loosely.
#[derive(serde::Deserialize)]
struct HookedResult<'a> {
    #[serde(rename = "toolCallId", borrow, default)]
    tool_call_id: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    result: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    error: Option<&'a serde_json::value::RawValue>,
}

/// The same event for a result of any shape: a truthy `error` gives `tool-output-error`,
/// anything else `tool-output-available` with `result` as its output.
#[derive(Serialize)]
struct LooseToolOutput<'a> {
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(rename = "toolCallId", skip_serializing_if = "Option::is_none")]
    tool_call_id: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<TrustedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<TrustedJson<'a>>,
}

fn truthy(raw: &serde_json::value::RawValue) -> bool {
    match raw.get().trim() {
        "null" | "false" | "\"\"" => false,
        n => !n.parse::<f64>().is_ok_and(|v| v == 0.0),
    }
}

/// The output events of results changed by `onToolResults` (a JSON array); `None` when the
/// hook did not leave an array of objects.
pub fn hooked_output_events(results_json: &str) -> Option<Vec<String>> {
    let results: Vec<HookedResult> = serde_json::from_str(results_json).ok()?;
    Some(
        results
            .iter()
            .map(|r| {
                let tool_call_id = r.tool_call_id.map(|v| TrustedJson(v.get()));
                let event = match r.error.filter(|e| truthy(e)) {
                    Some(error) => LooseToolOutput {
                        ty: "tool-output-error",
                        tool_call_id,
                        output: None,
                        error: Some(TrustedJson(error.get())),
                    },
                    None => LooseToolOutput {
                        ty: "tool-output-available",
                        tool_call_id,
                        output: r.result.map(|v| TrustedJson(v.get())),
                        error: None,
                    },
                };
                to_text(&event)
            })
            .collect(),
    )
}

/// The error result of a call no handler took, under `rejectClientToolCalls`.
pub fn no_handler_message(tool_name: &str) -> String {
    format!("Tool \"{tool_name}\" is not available. No handler is registered for this tool.")
}

/// `client-tool-request` for the calls no server handler took (each call as received), with
/// the results (a JSON array) of the server tools of the same round when there were any.
pub fn client_tool_request_event(
    execution_id: &str,
    client_calls: &[PendingToolCall],
    server_results_json: Option<&str>,
) -> String {
    to_text(&SdkEvent::ClientToolRequest {
        execution_id,
        tool_calls: client_calls.iter().map(|c| TrustedJson(&c.raw)).collect(),
        server_tool_results: server_results_json.map(TrustedJson),
    })
}

/// `finish` with reason `client-tool-calls`: the consumer runs the client tools and continues.
pub fn client_tool_calls_finish_event(execution_id: &str) -> String {
    to_text(&SdkEvent::Finish { finish_reason: "client-tool-calls", execution_id: Some(execution_id) })
}

/// `{type:'error', errorType:'internal_error', …}` with `message` (what `createInternalErrorEvent` makes).
pub fn internal_error_event(message: &str) -> String {
    to_text(&SdkEvent::Error { error_type: "internal_error", message, source: "platform", retryable: false, code: None })
}

/// The error type of an HTTP status (docs/protocol.md §7).
pub fn error_type_for_status(status: u16) -> &'static str {
    match status {
        400 => "validation_error",
        401 => "authentication_error",
        402 => "quota_exceeded_error",
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
    to_text(&SdkEvent::Error {
        error_type: error_type_for_status(status),
        message,
        source: "platform",
        retryable: status == 429 || status >= 500,
        code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(raw: &str) -> PendingToolCall {
        let event = format!(r#"{{"type":"tool-request","toolCalls":[{raw}]}}"#);
        match crate::core::event::validate(&event).map(|e| e.kind) {
            Some(crate::core::event::EventKind::ToolRequest { mut tool_calls }) => tool_calls.remove(0),
            other => panic!("not a tool call: {other:?}"),
        }
    }

    #[test]
    fn session_and_worker_bodies() {
        let plan = BodyPlan::Session {
            trigger_name: Some("go".into()),
            input_json: Some(r#"{"q":"a\"b"}"#.into()),
            rollback_json: None,
            sender_json: None,
        };
        assert_eq!(plan.body(0, None, None, None), r#"{"triggerName":"go","input":{"q":"a\"b"}}"#);
        assert_eq!(
            plan.body(1, Some("e1"), Some("[]"), None),
            r#"{"triggerName":"go","input":{"q":"a\"b"},"executionId":"e1","toolResults":[]}"#
        );
        let worker = BodyPlan::Worker { start: true, input_json: None };
        assert_eq!(worker.body(0, None, None, None), r#"{"type":"start"}"#);
        assert_eq!(
            worker.body(1, Some("e\"1"), Some("[1]"), None),
            r#"{"type":"continue","executionId":"e\"1","toolResults":[1]}"#
        );
        let resumed = BodyPlan::Worker { start: false, input_json: None };
        assert_eq!(resumed.body(0, Some("e1"), None, None), r#"{"type":"continue","executionId":"e1"}"#);
        let with_sender = BodyPlan::Session {
            trigger_name: Some("m".into()),
            input_json: None,
            rollback_json: None,
            sender_json: Some(r#"{"id":"u1"}"#.into()),
        };
        assert_eq!(
            with_sender.body(1, Some("e1"), None, None),
            r#"{"triggerName":"m","sender":{"id":"u1"},"executionId":"e1"}"#
        );
        assert_eq!(
            (plan.error_context(), worker.error_context(), resumed.error_context()),
            ("Failed to trigger", "Failed to execute worker", "Failed to continue worker")
        );
    }

    #[test]
    fn tool_results_and_sdk_events() {
        let c = call(
            r#"{"toolCallId":"c\"1","toolName":"n","args":{},"outputVariable":"v","blockIndex":2,"thread":"t","workerId":"w"}"#,
        );
        let ok = ToolOutcome::Result(r#"{"a":[1]}"#.into());
        let failed = ToolOutcome::Error("boom \"x\"".into());
        assert_eq!(
            to_text(&ToolResult::new(&c, &ok)),
            r#"{"toolCallId":"c\"1","toolName":"n","result":{"a":[1]},"outputVariable":"v","blockIndex":2,"thread":"t","workerId":"w"}"#
        );
        assert_eq!(tool_output_event(&c, &ok), r#"{"type":"tool-output-available","toolCallId":"c\"1","output":{"a":[1]}}"#);
        assert_eq!(tool_output_event(&c, &failed), r#"{"type":"tool-output-error","toolCallId":"c\"1","error":"boom \"x\""}"#);
        let client = call(r#"{"toolCallId":"k","toolName":"ask","args":{"x":1}}"#);
        let results = to_text(&[ToolResult::new(&c, &failed)]);
        assert_eq!(
            client_tool_request_event("e1", std::slice::from_ref(&client), Some(&results)),
            r#"{"type":"client-tool-request","executionId":"e1","toolCalls":[{"toolCallId":"k","toolName":"ask","args":{"x":1}}],"serverToolResults":[{"toolCallId":"c\"1","toolName":"n","error":"boom \"x\"","outputVariable":"v","blockIndex":2,"thread":"t","workerId":"w"}]}"#
        );
        assert_eq!(
            client_tool_request_event("e1", std::slice::from_ref(&client), None),
            r#"{"type":"client-tool-request","executionId":"e1","toolCalls":[{"toolCallId":"k","toolName":"ask","args":{"x":1}}]}"#
        );
        assert_eq!(
            client_tool_calls_finish_event("e1"),
            r#"{"type":"finish","finishReason":"client-tool-calls","executionId":"e1"}"#
        );
        assert_eq!(
            internal_error_event("bad \"x\""),
            r#"{"type":"error","errorType":"internal_error","message":"bad \"x\"","source":"platform","retryable":false}"#
        );
        assert_eq!(
            api_error_event(429, "slow", Some("RATE")),
            r#"{"type":"error","errorType":"rate_limit_error","message":"slow","source":"platform","retryable":true,"code":"RATE"}"#
        );
        assert_eq!(tool_output_event(&c, &ToolOutcome::Void), r#"{"type":"tool-output-available","toolCallId":"c\"1"}"#);
        assert_eq!(
            hooked_output_events(
                r#"[{"toolCallId":"a","result":{"x":1},"error":""},{"toolCallId":"b","error":"bad"},{"toolCallId":"c","error":0},{"toolCallId":"d"}]"#
            ),
            Some(vec![
                r#"{"type":"tool-output-available","toolCallId":"a","output":{"x":1}}"#.to_string(),
                r#"{"type":"tool-output-error","toolCallId":"b","error":"bad"}"#.to_string(),
                r#"{"type":"tool-output-available","toolCallId":"c"}"#.to_string(),
                r#"{"type":"tool-output-available","toolCallId":"d"}"#.to_string(),
            ])
        );
        assert_eq!(hooked_output_events("{}"), None);
        assert_eq!(
            api_error_event(404, "nope", None),
            r#"{"type":"error","errorType":"not_found_error","message":"nope","source":"platform","retryable":false}"#
        );
    }

    #[test]
    fn status_402_is_a_terminal_quota_error() {
        assert_eq!(error_type_for_status(402), "quota_exceeded_error");
        assert_eq!(
            api_error_event(402, "Quota exceeded", Some("QUOTA_EXCEEDED")),
            r#"{"type":"error","errorType":"quota_exceeded_error","message":"Quota exceeded","source":"platform","retryable":false,"code":"QUOTA_EXCEEDED"}"#
        );
        for (status, expected) in [
            (400, "validation_error"),
            (401, "authentication_error"),
            (403, "permission_error"),
            (404, "not_found_error"),
            (429, "rate_limit_error"),
            (503, "provider_overloaded"),
            (504, "provider_timeout"),
            (500, "internal_error"),
            (502, "internal_error"),
            (413, "unknown_error"),
            (418, "unknown_error"),
        ] {
            assert_eq!(error_type_for_status(status), expected, "{status}");
        }
    }
}
