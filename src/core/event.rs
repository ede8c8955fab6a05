//! Per-type validation of one stream event's JSON (docs/protocol.md §3). A valid event keeps its
//! payload text, so it can be handed on without re-serialising; the loop only learns the few
//! fields it acts on (execution id, finish reason, pending tool calls, resource updates).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::json::{is_array, is_bool, is_number, is_object, is_string};

mod flat;

/// What the loop needs to know about a valid event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    Start { execution_id: Option<String> },
    Finish { finish_reason: String },
    ToolRequest { tool_calls: Vec<PendingToolCall> },
    ResourceUpdate { name: String, value: String },
    Other,
}

/// A validated event: its JSON text as received, and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvent {
    pub text: String,
    pub kind: EventKind,
}

/// A tool call the platform asks the SDK to run; `raw` is the call's JSON as received.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingToolCall {
    pub tool_call_id: String,
    pub tool_name: String,
    pub args: String,
    pub output_variable: Option<String>,
    pub block_index: Option<String>,
    pub thread: Option<String>,
    pub worker_id: Option<String>,
    pub raw: String,
}

/// Present-but-null stays `Some("null")`, unlike `Option<&RawValue>`.
fn raw_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(d).map(Some)
}

macro_rules! probe {
    ($($field:ident : $json:literal),* $(,)?) => {
        /// Every field any event type may carry, borrowed from the payload.
        #[derive(Deserialize, Default)]
        struct Probe<'a> {
            #[serde(rename = "type", borrow)]
            ty: Option<Cow<'a, str>>,
            $(
                #[serde(rename = $json, default, borrow, deserialize_with = "raw_opt")]
                $field: Option<&'a RawValue>,
            )*
        }

        impl<'a> Probe<'a> {
            /// A field by its JSON name.
            fn get(&self, json_name: &str) -> Option<&'a RawValue> {
                match json_name {
                    $($json => self.$field,)*
                    _ => None,
                }
            }
        }
    };
}

probe! {
    id: "id", delta: "delta", message_id: "messageId", execution_id: "executionId",
    last_message_id: "lastMessageId", finish_reason: "finishReason", error_type: "errorType",
    message: "message", retryable: "retryable", source: "source", retry_after: "retryAfter",
    code: "code", provider: "provider", tool: "tool", response_type: "responseType",
    tool_call_id: "toolCallId", tool_name: "toolName", title: "title",
    input_text_delta: "inputTextDelta", input: "input", output: "output", error: "error",
    source_type: "sourceType", url: "url", media_type: "mediaType", filename: "filename",
    block_id: "blockId", block_name: "blockName", block_type: "blockType", display: "display",
    description: "description", output_to_chat: "outputToChat", thread: "thread",
    summary: "summary", name: "name", value: "value", tool_calls: "toolCalls",
    server_tool_results: "serverToolResults", size: "size", worker_id: "workerId",
    worker_slug: "workerSlug", session_id: "sessionId", todos: "todos", cost: "cost", tokens: "tokens",
}

pub const FINISH_REASONS: &[&str] = &["stop", "tool-calls", "client-tool-calls", "length", "content-filter", "error", "other"];
pub const ERROR_TYPES: &[&str] = &[
    "authentication_error", "permission_error", "validation_error", "not_found_error", "rate_limit_error",
    "quota_exceeded_error", "provider_error", "provider_overloaded", "provider_timeout", "unsupported_error",
    "execution_error", "tool_error", "protocol_error", "internal_error", "unknown_error",
];
const ERROR_SOURCES: &[&str] = &["platform", "provider", "tool", "client"];
const DISPLAY_MODES: &[&str] = &["hidden", "name", "description", "stream", "title"];
const TODO_STATUSES: &[&str] = &["pending", "in_progress", "completed", "cancelled"];

/// The event types whose every rule is "this field is a string" (required, or optional), and
/// that the loop only passes on: `(type, required, optional)`. The one definition of these
/// rules, for the full validator and for the flat fast path (`flat.rs`).
const STRING_RULES: &[(&str, &[&str], &[&str])] = &[
    ("text-delta", &["id", "delta"], &["workerId"]),
    ("reasoning-delta", &["id", "delta"], &["workerId"]),
    ("text-start", &["id"], &["responseType", "workerId"]),
    ("text-end", &["id"], &["workerId"]),
    ("reasoning-start", &["id"], &["workerId"]),
    ("reasoning-end", &["id"], &["workerId"]),
    ("tool-input-delta", &["toolCallId", "inputTextDelta"], &["workerId"]),
    ("tool-input-end", &["toolCallId"], &["workerId"]),
    ("tool-output-error", &["toolCallId", "error"], &["workerId"]),
    ("block-end", &["blockId"], &["summary", "workerId"]),
    ("worker-input-start", &["workerId", "workerSlug"], &["description"]),
    ("worker-input-delta", &["workerId", "delta"], &[]),
    ("worker-result", &["workerId"], &["error"]),
];

/// The string rules of `ty`, if it is one of `STRING_RULES`' types.
fn string_rules(ty: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    STRING_RULES.iter().find(|(t, ..)| *t == ty).map(|&(_, required, optional)| (required, optional))
}

/// Whether the fields pass `rules`; `is_string(name)`: `None` when absent, else whether the
/// field is a string.
fn strings_hold(rules: (&[&str], &[&str]), is_string: impl Fn(&str) -> Option<bool>) -> bool {
    rules.0.iter().all(|k| is_string(k) == Some(true)) && rules.1.iter().all(|k| is_string(k) != Some(false))
}

fn req(f: Option<&RawValue>, check: fn(&RawValue) -> bool) -> bool {
    f.is_some_and(check)
}
fn opt(f: Option<&RawValue>, check: fn(&RawValue) -> bool) -> bool {
    f.is_none_or(check)
}
fn present(f: Option<&RawValue>) -> bool {
    f.is_some()
}
fn string_of(f: Option<&RawValue>) -> Option<String> {
    f.and_then(|r| serde_json::from_str::<String>(r.get()).ok())
}
fn one_of(f: Option<&RawValue>, allowed: &[&str]) -> bool {
    string_of(f).is_some_and(|s| allowed.contains(&s.as_str()))
}
fn is_display_mode(raw: &RawValue) -> bool {
    one_of(Some(raw), DISPLAY_MODES)
}

/// The members of a nested JSON object (a repeated key keeps its last value, as in `JSON.parse`).
struct Members<'a>(HashMap<String, &'a RawValue>);

impl<'a> Members<'a> {
    /// `None` when the value is not an object.
    fn of(raw: &'a RawValue) -> Option<Self> {
        if !is_object(raw) {
            return None;
        }
        serde_json::from_str(raw.get()).ok().map(Members)
    }
    fn f(&self, key: &str) -> Option<&'a RawValue> {
        self.0.get(key).copied()
    }
}

/// An object whose members pass `check`.
fn object_where(raw: &RawValue, check: impl Fn(&Members) -> bool) -> bool {
    Members::of(raw).is_some_and(|m| check(&m))
}

/// An array whose every item passes `check`.
fn array_of(raw: &RawValue, check: fn(&RawValue) -> bool) -> bool {
    is_array(raw) && serde_json::from_str::<Vec<&RawValue>>(raw.get()).is_ok_and(|items| items.into_iter().all(check))
}

/// An item of `todo-update.todos`.
fn valid_todo(raw: &RawValue) -> bool {
    object_where(raw, |m| req(m.f("id"), is_string) && req(m.f("content"), is_string) && one_of(m.f("status"), TODO_STATUSES))
}

/// `usage.cost`.
fn valid_cost(raw: &RawValue) -> bool {
    object_where(raw, |m| {
        req(m.f("currency"), is_string)
            && req(m.f("bandwidthFee"), is_number)
            && req(m.f("providerFee"), is_number)
            && req(m.f("totalFee"), is_number)
            && req(m.f("byok"), is_bool)
            && opt(m.f("estimatedProviderFee"), is_number)
    })
}

/// `usage.tokens`.
fn valid_tokens(raw: &RawValue) -> bool {
    object_where(raw, |m| {
        req(m.f("inputTokens"), is_number) && req(m.f("outputTokens"), is_number) && req(m.f("totalTokens"), is_number)
    })
}

/// A file reference (the `files` of a tool result).
fn valid_file_reference(raw: &RawValue) -> bool {
    object_where(raw, |m| {
        req(m.f("id"), is_string)
            && req(m.f("mediaType"), is_string)
            && req(m.f("url"), is_string)
            && opt(m.f("filename"), is_string)
            && opt(m.f("size"), is_number)
    })
}

fn valid_file_references(raw: &RawValue) -> bool {
    array_of(raw, valid_file_reference)
}

/// The nested `provider` and `tool` objects of an error event.
#[derive(Deserialize)]
struct InfoProbe<'a> {
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    name: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    model: Option<&'a RawValue>,
    #[serde(rename = "statusCode", borrow, default, deserialize_with = "raw_opt")]
    status_code: Option<&'a RawValue>,
    #[serde(rename = "errorType", borrow, default, deserialize_with = "raw_opt")]
    error_type: Option<&'a RawValue>,
    #[serde(rename = "requestId", borrow, default, deserialize_with = "raw_opt")]
    request_id: Option<&'a RawValue>,
    #[serde(rename = "callId", borrow, default, deserialize_with = "raw_opt")]
    call_id: Option<&'a RawValue>,
}

// The probes below are structs, which serde would also fill from a JSON array (by position):
// each one is only used on a value already known to be an object.

fn valid_provider(raw: &RawValue) -> bool {
    if !is_object(raw) {
        return false;
    }
    let Ok(p) = serde_json::from_str::<InfoProbe>(raw.get()) else { return false };
    req(p.name, is_string)
        && opt(p.model, is_string)
        && opt(p.status_code, is_number)
        && opt(p.error_type, is_string)
        && opt(p.request_id, is_string)
}

fn valid_tool_info(raw: &RawValue) -> bool {
    if !is_object(raw) {
        return false;
    }
    let Ok(p) = serde_json::from_str::<InfoProbe>(raw.get()) else { return false };
    req(p.name, is_string) && opt(p.call_id, is_string)
}

#[derive(Deserialize)]
struct CallProbe<'a> {
    #[serde(rename = "toolCallId", borrow, default, deserialize_with = "raw_opt")]
    tool_call_id: Option<&'a RawValue>,
    #[serde(rename = "toolName", borrow, default, deserialize_with = "raw_opt")]
    tool_name: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    args: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    source: Option<&'a RawValue>,
    #[serde(rename = "outputVariable", borrow, default, deserialize_with = "raw_opt")]
    output_variable: Option<&'a RawValue>,
    #[serde(rename = "blockIndex", borrow, default, deserialize_with = "raw_opt")]
    block_index: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    thread: Option<&'a RawValue>,
    #[serde(rename = "workerId", borrow, default, deserialize_with = "raw_opt")]
    worker_id: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    error: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_opt")]
    files: Option<&'a RawValue>,
}

fn parse_calls(raw: &RawValue) -> Option<Vec<PendingToolCall>> {
    let items: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
    items
        .into_iter()
        .map(|item| {
            if !is_object(item) {
                return None;
            }
            let c: CallProbe = serde_json::from_str(item.get()).ok()?;
            let ok = req(c.tool_call_id, is_string)
                && req(c.tool_name, is_string)
                && req(c.args, is_object)
                && (c.source.is_none() || one_of(c.source, &["llm", "block"]))
                && opt(c.output_variable, is_string)
                && opt(c.block_index, is_number)
                && opt(c.thread, is_string)
                && opt(c.worker_id, is_string);
            // `thoughtSignature` (2.x) is not checked: 6.4's schema no longer knows it, and drops it.
            if !ok {
                return None;
            }
            Some(PendingToolCall {
                tool_call_id: string_of(c.tool_call_id)?,
                tool_name: string_of(c.tool_name)?,
                args: c.args?.get().to_string(),
                output_variable: c.output_variable.map(|r| r.get().to_string()),
                block_index: c.block_index.map(|r| r.get().to_string()),
                thread: c.thread.map(|r| r.get().to_string()),
                worker_id: c.worker_id.map(|r| r.get().to_string()),
                raw: item.get().to_string(),
            })
        })
        .collect()
}

fn valid_tool_results(raw: &RawValue) -> bool {
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else { return false };
    items.into_iter().all(|item| {
        is_object(item)
            && serde_json::from_str::<CallProbe>(item.get()).is_ok_and(|c| {
                req(c.tool_call_id, is_string)
                    && opt(c.tool_name, is_string)
                    && opt(c.error, is_string)
                    && opt(c.output_variable, is_string)
                    && opt(c.block_index, is_number)
                    && opt(c.thread, is_string)
                    && opt(c.worker_id, is_string)
                    && opt(c.files, valid_file_references)
            })
    })
}

/// Validates one payload. `None`: not JSON, not an object, unknown `type`, or a required
/// field missing or of the wrong type — the event is skipped.
pub fn validate(payload: &str) -> Option<ValidEvent> {
    validate_owned(payload.to_string())
}

/// `validate` for a payload the caller owns: a valid event keeps the same buffer.
pub fn validate_owned(payload: String) -> Option<ValidEvent> {
    match classify(&payload) {
        Ok(kind) => {
            let text = if payload.trim().len() == payload.len() { payload } else { payload.trim().to_string() };
            Some(ValidEvent { text, kind })
        }
        Err(Rejected::RepeatedKey) => revalidate_repeated_keys(&payload),
        Err(Rejected::Invalid) => None,
    }
}

/// For the fuzz suite: the flat fast path only accepts what the full validator accepts as an
/// event the loop passes on.
pub fn fast_path_agrees(payload: &str) -> bool {
    !flat::is_valid(payload) || matches!(classify_full(payload), Ok(EventKind::Other))
}

enum Rejected {
    /// A key occurs twice: the borrowed probe refuses what `JSON.parse` accepts (last wins). Also
    /// a `type` that is not a string, as a repeated `type` may replace it.
    RepeatedKey,
    Invalid,
}

/// Reads a payload with a repeated key as a `Value` (the last value wins, as in `JSON.parse`)
/// and validates the re-serialised object.
fn revalidate_repeated_keys(payload: &str) -> Option<ValidEvent> {
    let serde_json::Value::Object(map) = serde_json::from_str::<serde_json::Value>(payload).ok()? else { return None };
    let text = serde_json::to_string(&map).ok()?;
    let kind = classify(&text).ok()?;
    Some(ValidEvent { text, kind })
}

fn classify(payload: &str) -> Result<EventKind, Rejected> {
    if flat::is_valid(payload) {
        return Ok(EventKind::Other);
    }
    classify_full(payload)
}

/// `classify` without the flat fast path (the fuzz suite compares the two).
fn classify_full(payload: &str) -> Result<EventKind, Rejected> {
    // Only an object is an event; the probe, a derived struct, would read an array as well.
    if !payload.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{') {
        return Err(Rejected::Invalid);
    }
    let p: Probe = match serde_json::from_str(payload) {
        Ok(p) => p,
        // On an object, the probe's only data errors: a repeated field, or a `type` that is not
        // a string (`{"type":1,"type":"start"}` is a start event to `JSON.parse`).
        Err(e) if e.classify() == serde_json::error::Category::Data => return Err(Rejected::RepeatedKey),
        Err(_) => return Err(Rejected::Invalid),
    };
    classify_probe(&p).ok_or(Rejected::Invalid)
}

fn classify_probe(p: &Probe) -> Option<EventKind> {
    let ty = p.ty.as_deref()?;
    if let Some(rules) = string_rules(ty) {
        return strings_hold(rules, |k| p.get(k).map(is_string)).then_some(EventKind::Other);
    }
    let worker_ok = opt(p.worker_id, is_string);
    let kind = match ty {
        "start" => {
            if !(opt(p.message_id, is_string)
                && opt(p.execution_id, is_string)
                && opt(p.last_message_id, is_string)
                && opt(p.session_id, is_string))
            {
                return None;
            }
            EventKind::Start { execution_id: string_of(p.execution_id).filter(|s| !s.is_empty()) }
        }
        "finish" => {
            if !(one_of(p.finish_reason, FINISH_REASONS) && opt(p.execution_id, is_string)) {
                return None;
            }
            EventKind::Finish { finish_reason: string_of(p.finish_reason)? }
        }
        "error" => (one_of(p.error_type, ERROR_TYPES)
            && req(p.message, is_string)
            && req(p.retryable, is_bool)
            && one_of(p.source, ERROR_SOURCES)
            && opt(p.retry_after, is_number)
            && opt(p.code, is_string)
            && opt(p.provider, valid_provider)
            && opt(p.tool, valid_tool_info))
        .then_some(EventKind::Other)?,
        "tool-input-start" => (req(p.tool_call_id, is_string)
            && req(p.tool_name, is_string)
            && opt(p.title, is_string)
            && opt(p.display, is_display_mode)
            && worker_ok)
            .then_some(EventKind::Other)?,
        "tool-input-available" => {
            (req(p.tool_call_id, is_string) && req(p.tool_name, is_string) && present(p.input) && worker_ok)
                .then_some(EventKind::Other)?
        }
        "tool-output-available" => {
            (req(p.tool_call_id, is_string) && present(p.output) && worker_ok).then_some(EventKind::Other)?
        }
        "source" => {
            let ok = match string_of(p.source_type).as_deref() {
                Some("url") => req(p.id, is_string) && req(p.url, is_string) && opt(p.title, is_string),
                Some("document") => {
                    req(p.id, is_string)
                        && req(p.media_type, is_string)
                        && req(p.title, is_string)
                        && opt(p.filename, is_string)
                }
                _ => false,
            };
            (ok && worker_ok).then_some(EventKind::Other)?
        }
        "block-start" => (req(p.block_id, is_string)
            && req(p.block_name, is_string)
            && req(p.block_type, is_string)
            && one_of(p.display, DISPLAY_MODES)
            && opt(p.description, is_string)
            && opt(p.output_to_chat, is_bool)
            && opt(p.thread, is_string)
            && worker_ok)
            .then_some(EventKind::Other)?,
        "resource-update" => {
            if !(req(p.name, is_string) && present(p.value)) {
                return None;
            }
            EventKind::ResourceUpdate { name: string_of(p.name)?, value: p.value?.get().to_string() }
        }
        "tool-request" => {
            if !worker_ok {
                return None;
            }
            EventKind::ToolRequest { tool_calls: parse_calls(p.tool_calls.filter(|r| is_array(r))?)? }
        }
        "client-tool-request" => {
            let ok = req(p.execution_id, is_string)
                && p.tool_calls.filter(|r| is_array(r)).and_then(parse_calls).is_some()
                && opt(p.server_tool_results, valid_tool_results);
            ok.then_some(EventKind::Other)?
        }
        "file-available" => (req(p.id, is_string)
            && req(p.media_type, is_string)
            && req(p.url, is_string)
            && opt(p.filename, is_string)
            && opt(p.size, is_number)
            && opt(p.tool_call_id, is_string)
            && worker_ok)
            .then_some(EventKind::Other)?,
        "worker-start" => (req(p.worker_id, is_string)
            && req(p.worker_slug, is_string)
            && opt(p.description, is_string)
            && opt(p.input, is_object))
        .then_some(EventKind::Other)?,
        "worker-input-ready" => (req(p.worker_id, is_string) && req(p.input, is_object)).then_some(EventKind::Other)?,
        "todo-update" => (req(p.todos, |r| array_of(r, valid_todo)) && worker_ok).then_some(EventKind::Other)?,
        "usage" => (req(p.cost, valid_cost) && req(p.tokens, valid_tokens)).then_some(EventKind::Other)?,
        _ => return None,
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> bool {
        validate(s).is_some()
    }

    #[test]
    fn accepts_each_known_type_with_required_fields() {
        for s in [
            r#"{"type":"start"}"#,
            r#"{"type":"start","executionId":"e1","messageId":"m"}"#,
            r#"{"type":"finish","finishReason":"stop"}"#,
            r#"{"type":"error","errorType":"rate_limit_error","message":"m","retryable":true,"source":"provider","provider":{"name":"x"}}"#,
            r#"{"type":"text-start","id":"t"}"#,
            r#"{"type":"text-delta","id":"t","delta":"d","workerId":"w"}"#,
            r#"{"type":"text-end","id":"t"}"#,
            r#"{"type":"reasoning-delta","id":"r","delta":""}"#,
            r#"{"type":"tool-input-start","toolCallId":"c","toolName":"n","title":"t"}"#,
            r#"{"type":"tool-input-delta","toolCallId":"c","inputTextDelta":"{"}"#,
            r#"{"type":"tool-input-end","toolCallId":"c"}"#,
            r#"{"type":"tool-input-available","toolCallId":"c","toolName":"n","input":null}"#,
            r#"{"type":"tool-output-available","toolCallId":"c","output":{"a":1}}"#,
            r#"{"type":"tool-output-error","toolCallId":"c","error":"e"}"#,
            r#"{"type":"source","sourceType":"url","id":"s","url":"u"}"#,
            r#"{"type":"source","sourceType":"document","id":"s","mediaType":"m","title":"t"}"#,
            r#"{"type":"block-start","blockId":"b","blockName":"n","blockType":"t","display":"stream"}"#,
            r#"{"type":"block-end","blockId":"b"}"#,
            r#"{"type":"resource-update","name":"n","value":[1]}"#,
            r#"{"type":"tool-request","toolCalls":[{"toolCallId":"c","toolName":"n","args":{}}]}"#,
            r#"{"type":"client-tool-request","executionId":"e","toolCalls":[]}"#,
            r#"{"type":"file-available","id":"f","mediaType":"m","url":"u","size":3}"#,
            r#"{"type":"worker-start","workerId":"w","workerSlug":"s"}"#,
            r#"{"type":"worker-result","workerId":"w","output":"o"}"#,
        ] {
            assert!(ok(s), "{s}");
        }
    }

    #[test]
    fn rejects_bad_json_unknown_types_and_missing_or_wrong_fields() {
        for s in [
            "not json",
            "[1]",
            r#"{"type":"nope"}"#,
            r#"{"id":"t"}"#,
            r#"{"type":"text-delta","id":"t"}"#,
            r#"{"type":"text-delta","id":1,"delta":"d"}"#,
            r#"{"type":"finish","finishReason":"done"}"#,
            r#"{"type":"start","executionId":null}"#,
            r#"{"type":"error","errorType":"x","message":"m","retryable":true,"source":"platform"}"#,
            r#"{"type":"resource-update","name":"n"}"#,
            r#"{"type":"tool-output-available","toolCallId":"c"}"#,
            r#"{"type":"tool-input-available","toolCallId":"c","toolName":"n"}"#,
            r#"{"type":"tool-request","toolCalls":[{"toolCallId":"c","toolName":"n","args":[]}]}"#,
            r#"{"type":"source","sourceType":"doc","id":"s"}"#,
            r#"{"type":"block-start","blockId":"b","blockName":"n","blockType":"t","display":"loud"}"#,
        ] {
            assert!(!ok(s), "{s}");
        }
    }

    #[test]
    fn extracts_what_the_loop_acts_on() {
        let e = validate(r#"{"type":"start","executionId":"e1"}"#).expect("valid");
        assert_eq!(e.kind, EventKind::Start { execution_id: Some("e1".into()) });
        let e = validate(r#"{"type":"tool-request","toolCalls":[{"toolCallId":"c","toolName":"n","args":{"q":1},"outputVariable":"v","blockIndex":2}]}"#)
            .expect("valid");
        let EventKind::ToolRequest { tool_calls } = e.kind else { panic!("kind") };
        assert_eq!(tool_calls[0].args, r#"{"q":1}"#);
        assert_eq!(tool_calls[0].output_variable.as_deref(), Some("\"v\""));
        assert_eq!(tool_calls[0].block_index.as_deref(), Some("2"));
        let e = validate(r#"{"type":"resource-update","name":"n","value":{"x":true}}"#).expect("valid");
        assert_eq!(e.kind, EventKind::ResourceUpdate { name: "n".into(), value: r#"{"x":true}"#.into() });
    }

    fn all_ok(cases: &[&str]) {
        for s in cases {
            assert!(ok(s), "should accept {s}");
        }
    }

    fn all_rejected(cases: &[&str]) {
        for s in cases {
            assert!(!ok(s), "should reject {s}");
        }
    }

    #[test]
    fn todo_update() {
        all_ok(&[
            r#"{"type":"todo-update","todos":[]}"#,
            r#"{"type":"todo-update","todos":[{"id":"1","content":"a","status":"pending"},{"id":"2","content":"b","status":"in_progress"},{"id":"3","content":"c","status":"completed"},{"id":"4","content":"d","status":"cancelled"}],"workerId":"w"}"#,
            r#"{"type":"todo-update","todos":[{"id":"1","content":"a","status":"pending","extra":true}]}"#,
        ]);
        all_rejected(&[
            r#"{"type":"todo-update"}"#,
            r#"{"type":"todo-update","todos":{}}"#,
            r#"{"type":"todo-update","todos":[{"content":"a","status":"pending"}]}"#,
            r#"{"type":"todo-update","todos":[{"id":1,"content":"a","status":"pending"}]}"#,
            r#"{"type":"todo-update","todos":[{"id":"1","status":"pending"}]}"#,
            r#"{"type":"todo-update","todos":[{"id":"1","content":"a","status":"done"}]}"#,
            r#"{"type":"todo-update","todos":[{"id":"1","content":"a"}]}"#,
            r#"{"type":"todo-update","todos":[["1","a","pending"]]}"#,
            r#"{"type":"todo-update","todos":[null]}"#,
            r#"{"type":"todo-update","todos":[],"workerId":7}"#,
        ]);
    }

    #[test]
    fn worker_input_events() {
        all_ok(&[
            r#"{"type":"worker-input-start","workerId":"w","workerSlug":"s"}"#,
            r#"{"type":"worker-input-start","workerId":"w","workerSlug":"s","description":"d"}"#,
            r#"{"type":"worker-input-delta","workerId":"w","delta":"{\"q\":"}"#,
            r#"{"type":"worker-input-delta","workerId":"w","delta":""}"#,
            r#"{"type":"worker-input-ready","workerId":"w","input":{}}"#,
            r#"{"type":"worker-input-ready","workerId":"w","input":{"q":[1,{"x":null}]}}"#,
        ]);
        all_rejected(&[
            r#"{"type":"worker-input-start","workerId":"w"}"#,
            r#"{"type":"worker-input-start","workerSlug":"s"}"#,
            r#"{"type":"worker-input-start","workerId":"w","workerSlug":"s","description":1}"#,
            r#"{"type":"worker-input-delta","workerId":"w"}"#,
            r#"{"type":"worker-input-delta","delta":"x"}"#,
            r#"{"type":"worker-input-delta","workerId":"w","delta":{}}"#,
            r#"{"type":"worker-input-ready","workerId":"w"}"#,
            r#"{"type":"worker-input-ready","workerId":"w","input":[1]}"#,
            r#"{"type":"worker-input-ready","workerId":"w","input":"q"}"#,
            r#"{"type":"worker-input-ready","workerId":"w","input":null}"#,
            r#"{"type":"worker-input-ready","input":{}}"#,
        ]);
    }

    #[test]
    fn usage() {
        all_ok(&[
            r#"{"type":"usage","cost":{"currency":"USD","bandwidthFee":0.001,"providerFee":0,"totalFee":0.001,"byok":false},"tokens":{"inputTokens":10,"outputTokens":5,"totalTokens":15}}"#,
            r#"{"type":"usage","cost":{"currency":"USD","bandwidthFee":1,"providerFee":0,"totalFee":1,"byok":true,"estimatedProviderFee":2.5e-3},"tokens":{"inputTokens":0,"outputTokens":0,"totalTokens":0}}"#,
        ]);
        let cost = r#""currency":"USD","bandwidthFee":1,"providerFee":0,"totalFee":1"#;
        let tokens = r#""tokens":{"inputTokens":1,"outputTokens":2,"totalTokens":3}"#;
        let bad = [
            format!(r#"{{"type":"usage",{tokens}}}"#),
            format!(r#"{{"type":"usage","cost":{{{cost},"byok":true}}}}"#),
            format!(r#"{{"type":"usage","cost":{{{cost}}},{tokens}}}"#),
            format!(r#"{{"type":"usage","cost":{{{cost},"byok":"yes"}},{tokens}}}"#),
            format!(r#"{{"type":"usage","cost":{{{cost},"byok":true,"estimatedProviderFee":null}},{tokens}}}"#),
            format!(
                r#"{{"type":"usage","cost":{{"currency":1,"bandwidthFee":1,"providerFee":0,"totalFee":1,"byok":true}},{tokens}}}"#
            ),
            format!(
                r#"{{"type":"usage","cost":{{"currency":"USD","bandwidthFee":"1","providerFee":0,"totalFee":1,"byok":true}},{tokens}}}"#
            ),
            format!(r#"{{"type":"usage","cost":{{{cost},"byok":true}},"tokens":{{"inputTokens":1,"outputTokens":2}}}}"#),
            format!(
                r#"{{"type":"usage","cost":{{{cost},"byok":true}},"tokens":{{"inputTokens":1,"outputTokens":"2","totalTokens":3}}}}"#
            ),
            format!(r#"{{"type":"usage","cost":[],{tokens}}}"#),
        ];
        all_rejected(&bad.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn new_optional_fields_of_known_events() {
        all_ok(&[
            r#"{"type":"start","sessionId":"s1","executionId":"e1"}"#,
            r#"{"type":"tool-input-start","toolCallId":"c","toolName":"n","display":"title"}"#,
            r#"{"type":"tool-input-start","toolCallId":"c","toolName":"n","title":"T","display":"hidden"}"#,
            r#"{"type":"block-start","blockId":"b","blockName":"n","blockType":"t","display":"title"}"#,
            r#"{"type":"worker-start","workerId":"w","workerSlug":"s","input":{"q":1}}"#,
            r#"{"type":"tool-request","toolCalls":[],"workerId":"w"}"#,
            r#"{"type":"tool-request","toolCalls":[{"toolCallId":"c","toolName":"n","args":{},"providerMetadata":{"google":{"thoughtSignature":"x"}}}]}"#,
            r#"{"type":"client-tool-request","executionId":"e","toolCalls":[],"serverToolResults":[{"toolCallId":"c","result":1,"files":[{"id":"f","mediaType":"m","url":"u","size":1}]}]}"#,
        ]);
        all_rejected(&[
            r#"{"type":"start","sessionId":1}"#,
            r#"{"type":"start","sessionId":null}"#,
            r#"{"type":"tool-input-start","toolCallId":"c","toolName":"n","display":"loud"}"#,
            r#"{"type":"tool-input-start","toolCallId":"c","toolName":"n","display":null}"#,
            r#"{"type":"worker-start","workerId":"w","workerSlug":"s","input":[1]}"#,
            r#"{"type":"worker-start","workerId":"w","workerSlug":"s","input":"q"}"#,
            r#"{"type":"tool-request","toolCalls":[],"workerId":1}"#,
            r#"{"type":"client-tool-request","executionId":"e","toolCalls":[],"serverToolResults":[{"toolCallId":"c","files":[{"id":"f"}]}]}"#,
            r#"{"type":"client-tool-request","executionId":"e","toolCalls":[],"serverToolResults":[{"toolCallId":"c","files":{}}]}"#,
        ]);
    }

    #[test]
    fn new_events_keep_their_text_and_are_other() {
        let text = r#"{"type":"todo-update","todos":[{"id":"1","content":"a","status":"pending","x":1}],"future":{"k":[1]}}"#;
        let e = validate(text).expect("valid");
        assert_eq!(e.text, text);
        assert_eq!(e.kind, EventKind::Other);
        let e = validate(r#"{"type":"start","sessionId":"s1"}"#).expect("valid");
        assert_eq!(e.kind, EventKind::Start { execution_id: None });
        let e = validate(r#"{"type":"tool-request","toolCalls":[{"toolCallId":"c","toolName":"n","args":{}}],"workerId":"w"}"#)
            .expect("valid");
        assert!(matches!(e.kind, EventKind::ToolRequest { .. }));
    }

    #[test]
    fn repeated_keys_inside_new_events_keep_the_last_value() {
        assert!(ok(r#"{"type":"todo-update","todos":[{"id":1,"id":"1","content":"a","status":"pending"}]}"#));
        assert!(!ok(r#"{"type":"todo-update","todos":[{"id":"1","id":1,"content":"a","status":"pending"}]}"#));
    }

    #[test]
    fn repeated_keys_keep_the_last_value_like_json_parse() {
        let e = validate(r#"{"type":"text-delta","id":"t","delta":"first","delta":"second"}"#).expect("valid");
        assert!(e.text.contains("second") && !e.text.contains("first"), "{}", e.text);
    }

    #[test]
    fn a_tool_call_thought_signature_of_any_type_is_kept_not_checked() {
        let e = validate(r#"{"type":"tool-request","toolCalls":[{"toolCallId":"c","toolName":"n","args":{},"thoughtSignature":{"sig":"abc"}}]}"#)
            .expect("valid");
        let EventKind::ToolRequest { tool_calls } = e.kind else { panic!("kind") };
        assert!(tool_calls[0].raw.contains("thoughtSignature"));
    }

    #[test]
    fn arrays_are_never_read_as_objects() {
        // serde fills a struct from an array by position; none of these is an event.
        all_rejected(&[
            r#"["start"]"#,
            r#"["text-delta","t","d"]"#,
            r#" ["finish","stop"]"#,
            r#"{"type":"error","errorType":"internal_error","message":"m","retryable":true,"source":"platform","provider":["x"]}"#,
            r#"{"type":"error","errorType":"tool_error","message":"m","retryable":false,"source":"tool","tool":["t","c"]}"#,
            r#"{"type":"tool-request","toolCalls":[["c","n",{}]]}"#,
            r#"{"type":"client-tool-request","executionId":"e","toolCalls":[["c","n",{}]]}"#,
            r#"{"type":"client-tool-request","executionId":"e","toolCalls":[],"serverToolResults":[["c"]]}"#,
        ]);
        assert!(ok(r#" {"type":"start"}"#));
    }

    #[test]
    fn a_repeated_type_replaces_one_that_is_not_a_string() {
        // Found by examples/fuzz_sse.rs: as in `JSON.parse`, the last `type` wins.
        let e = validate(r#"{"type":["finish"],"finishReason":"stop","type":"finish"}"#).expect("valid");
        assert_eq!(e.kind, EventKind::Finish { finish_reason: "stop".into() });
        assert!(!ok(r#"{"type":1,"finishReason":"stop"}"#));
    }

    #[test]
    fn escaped_type_string_is_understood() {
        assert!(ok(r#"{"type":"text\u002ddelta","id":"t","delta":"d"}"#));
    }
}
