//! `agentSessions.create/get/getMessages/restore/clear/getLogs`.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{call, JsonRecord};
use crate::core::config::RequestConfig;
use crate::core::error::CoreResult;
use crate::core::http::encode_segment;
use crate::core::json::{to_text, TrustedJson};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub enum ActiveStatus {
    #[serde(rename = "active")]
    Active,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub enum ExpiredStatus {
    #[serde(rename = "expired")]
    Expired,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiredSessionState {
    pub session_id: String,
    pub agent_id: String,
    pub status: ExpiredStatus,
    pub created_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionState {
    pub id: String,
    pub agent_id: String,
    pub input: JsonRecord,
    pub variables: JsonRecord,
    pub resources: JsonRecord,
    pub messages: Vec<JsonRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActiveStatus>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UiSessionState {
    pub session_id: String,
    pub agent_id: String,
    pub messages: Vec<JsonRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActiveStatus>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSessionResult {
    pub session_id: String,
    pub restored: bool,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClearSessionResult {
    pub session_id: String,
    pub cleared: bool,
}

/// One execution-log entry: `id`, `timestamp` and `type` are required strings; every other key
/// (and any `type`, known or not) passes through as received (docs/protocol.md §2.2, logs).
#[derive(Debug, Serialize, Deserialize)]
pub struct ExecutionLogEntry {
    pub id: String,
    pub timestamp: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub rest: JsonRecord,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionLogsResult {
    pub session_id: String,
    pub entries: Vec<ExecutionLogEntry>,
    /// Entries the platform holds; may exceed `entries.len()` when the answer was capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateSessionResponse {
    session_id: String,
}

/// The JSON of a session read: the expired shape when it matches, else the full/UI state.
fn expired_or<T: serde::de::DeserializeOwned + Serialize>(endpoint: &str, body: serde_json::Value) -> CoreResult<String> {
    if let Ok(expired) = ExpiredSessionState::deserialize(&body) {
        return Ok(super::to_json(&expired));
    }
    let state: T = super::parse_value(endpoint, body)?;
    Ok(super::to_json(&state))
}

fn session_path(session_id: &str) -> CoreResult<String> {
    Ok(format!("/api/agent-sessions/{}", encode_segment("session id", session_id)?))
}

/// `input_json`: the JSON text of the input object, or `None` to omit the key.
pub async fn create(cfg: &RequestConfig, agent_id: &str, input_json: Option<&str>) -> CoreResult<String> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body<'a> {
        agent_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        input: Option<TrustedJson<'a>>,
    }
    let body = to_text(&Body { agent_id, input: input_json.map(TrustedJson) });
    let r: CreateSessionResponse = call(cfg, Method::POST, "/api/agent-sessions", Some(body)).await?;
    Ok(r.session_id)
}

/// Full state (`SessionState`) or the expired shape, as JSON.
pub async fn get(cfg: &RequestConfig, session_id: &str) -> CoreResult<String> {
    let path = session_path(session_id)?;
    let v: serde_json::Value = call(cfg, Method::GET, &path, None).await?;
    expired_or::<SessionState>(&super::endpoint_label(&Method::GET, &path), v)
}

/// UI state (`UISessionState`) or the expired shape, as JSON.
pub async fn get_messages(cfg: &RequestConfig, session_id: &str) -> CoreResult<String> {
    let path = format!("{}?format=ui", session_path(session_id)?);
    let v: serde_json::Value = call(cfg, Method::GET, &path, None).await?;
    expired_or::<UiSessionState>(&super::endpoint_label(&Method::GET, &path), v)
}

pub async fn restore(
    cfg: &RequestConfig,
    session_id: &str,
    messages_json: &str,
    input_json: Option<&str>,
) -> CoreResult<RestoreSessionResult> {
    let path = format!("{}/restore", session_path(session_id)?);
    #[derive(Serialize)]
    struct Body<'a> {
        messages: TrustedJson<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        input: Option<TrustedJson<'a>>,
    }
    let body = to_text(&Body { messages: TrustedJson(messages_json), input: input_json.map(TrustedJson) });
    call(cfg, Method::POST, &path, Some(body)).await
}

pub async fn clear(cfg: &RequestConfig, session_id: &str) -> CoreResult<ClearSessionResult> {
    let path = session_path(session_id)?;
    call(cfg, Method::DELETE, &path, None).await
}

/// Execution logs (`ExecutionLogsResult`) or the expired shape, as JSON. The query is
/// `?excludeModelRequests=true` when asked, and absent otherwise.
pub async fn get_logs(cfg: &RequestConfig, session_id: &str, exclude_model_requests: bool) -> CoreResult<String> {
    let query = if exclude_model_requests { "?excludeModelRequests=true" } else { "" };
    let path = format!("{}/logs{query}", session_path(session_id)?);
    let v: serde_json::Value = call(cfg, Method::GET, &path, None).await?;
    expired_or::<ExecutionLogsResult>(&super::endpoint_label(&Method::GET, &path), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_shape_is_checked_first() {
        let v = serde_json::json!({"sessionId":"s","agentId":"a","status":"expired","createdAt":"c"});
        let json = expired_or::<SessionState>("GET x", v).expect("expired");
        assert!(json.contains(r#""status":"expired""#));
    }

    #[test]
    fn active_state_validates_fields() {
        let v = serde_json::json!({"id":"s","agentId":"a","input":{},"variables":{},"resources":{},"messages":[],"createdAt":"c","updatedAt":"u"});
        assert!(expired_or::<SessionState>("GET x", v).is_ok());
        let bad = serde_json::json!({"id":"s","agentId":"a","input":{},"variables":{},"resources":{},"messages":[],"status":"weird","createdAt":"c","updatedAt":"u"});
        let err = expired_or::<SessionState>("GET x", bad).expect_err("bad status");
        assert!(err.to_string().contains("status"), "{err}");
    }

    #[test]
    fn log_entries_are_loose_and_the_result_is_strict() {
        let v = serde_json::json!({
            "sessionId": "s", "total": 3000, "truncated": true, "extra": 1,
            "entries": [
                {"id": "e1", "timestamp": "t", "type": "model-request", "modelRequest": {"provider": "p"}},
                {"id": "e2", "timestamp": "t", "type": "from-the-future", "anything": [1, 2]}
            ]
        });
        let json = expired_or::<ExecutionLogsResult>("GET x", v).expect("valid");
        let back: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(back["total"], 3000);
        assert_eq!(back["truncated"], true);
        assert!(back.get("extra").is_none());
        assert_eq!(back["entries"][0]["modelRequest"]["provider"], "p");
        assert_eq!(back["entries"][1]["type"], "from-the-future");
        assert_eq!(back["entries"][1]["anything"], serde_json::json!([1, 2]));
        assert!(json.contains(r#""total":3000"#), "numbers keep their text: {json}");

        let expired = serde_json::json!({"sessionId":"s","agentId":"a","status":"expired","createdAt":"c"});
        assert!(expired_or::<ExecutionLogsResult>("GET x", expired).expect("expired").contains("expired"));

        for (bad, field) in [
            (serde_json::json!({"sessionId":"s","entries":[{"id":1,"timestamp":"t","type":"x"}]}), "entries[0].id"),
            (serde_json::json!({"sessionId":"s","entries":[{"id":"e","timestamp":"t"}]}), "entries[0]"),
            (serde_json::json!({"sessionId":"s","entries":"none"}), "entries"),
            (serde_json::json!({"sessionId":"s","entries":[],"total":"many"}), "total"),
            (serde_json::json!({"sessionId":"s","entries":[],"truncated":1}), "truncated"),
            (serde_json::json!({"entries":[]}), "sessionId"),
        ] {
            let err = expired_or::<ExecutionLogsResult>("GET /api/agent-sessions/s/logs", bad).expect_err(field);
            let text = err.to_string();
            assert!(text.contains("GET /api/agent-sessions/s/logs") && text.contains(field), "{field}: {text}");
        }
    }
}
