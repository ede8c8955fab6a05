//! `workforce.dispatch/getThread/followUp` [6.x]: threads of an agent driven with its own key.
//! Polling (`waitForCompletion`, `run`) is the facade's: it is timers and an `AbortSignal`.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{call, nullable_string, JsonRecord};
use crate::core::config::RequestConfig;
use crate::core::error::CoreResult;
use crate::core::http::encode_segment;
use crate::core::json::{to_text, TrustedJson};

/// `{threadId, status}` of `dispatch` and `followUp`. A status is any string.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkforceDispatchResult {
    pub thread_id: String,
    pub status: String,
}

/// `{threadId, status, failureReason, messages}` of `getThread`. `failureReason` must be
/// present (a string or null); the messages are UI messages, validated by the facade with the
/// same schema as `getMessages()`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkforceThread {
    pub thread_id: String,
    pub status: String,
    #[serde(deserialize_with = "nullable_string::deserialize")]
    pub failure_reason: Option<String>,
    pub messages: Vec<JsonRecord>,
}

fn threads_path(agent_id: &str) -> CoreResult<String> {
    Ok(format!("/api/v1/workforce/agents/{}/threads", encode_segment("agent id", agent_id)?))
}

fn thread_path(agent_id: &str, thread_id: &str) -> CoreResult<String> {
    Ok(format!("{}/{}", threads_path(agent_id)?, encode_segment("thread id", thread_id)?))
}

/// `{message, files?}`; `files_json` is the JSON array of file references, or `None` to omit it.
fn message_body(message: &str, files_json: Option<&str>) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        files: Option<TrustedJson<'a>>,
    }
    to_text(&Body { message, files: files_json.map(TrustedJson) })
}

pub async fn dispatch(
    cfg: &RequestConfig,
    agent_id: &str,
    message: &str,
    files_json: Option<&str>,
) -> CoreResult<WorkforceDispatchResult> {
    let path = threads_path(agent_id)?;
    call(cfg, Method::POST, &path, Some(message_body(message, files_json))).await
}

pub async fn get_thread(cfg: &RequestConfig, agent_id: &str, thread_id: &str) -> CoreResult<WorkforceThread> {
    let path = thread_path(agent_id, thread_id)?;
    call(cfg, Method::GET, &path, None).await
}

pub async fn follow_up(
    cfg: &RequestConfig,
    agent_id: &str,
    thread_id: &str,
    message: &str,
    files_json: Option<&str>,
) -> CoreResult<WorkforceDispatchResult> {
    let path = format!("{}/messages", thread_path(agent_id, thread_id)?);
    call(cfg, Method::POST, &path, Some(message_body(message, files_json))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::api::{parse_body, to_json};

    #[test]
    fn paths_encode_each_id_as_one_segment() {
        assert_eq!(threads_path("a/b").expect("ok"), "/api/v1/workforce/agents/a%2Fb/threads");
        assert_eq!(thread_path("a", "t?x=1#f").expect("ok"), "/api/v1/workforce/agents/a/threads/t%3Fx%3D1%23f");
        assert!(thread_path("a", "..").is_err());
        assert!(threads_path("").is_err());
    }

    #[test]
    fn bodies_carry_message_and_optional_files() {
        assert_eq!(message_body("hi \"you\"", None), r#"{"message":"hi \"you\""}"#);
        assert_eq!(message_body("m", Some(r#"[{"id":"f"}]"#)), r#"{"message":"m","files":[{"id":"f"}]}"#);
    }

    #[test]
    fn thread_answers_are_validated() {
        let e = "GET /api/v1/workforce/agents/a/threads/t";
        let ok: WorkforceThread =
            parse_body(e, br#"{"threadId":"t","status":"thinking","failureReason":null,"messages":[{"id":"m"}],"x":1}"#)
                .expect("any status");
        assert_eq!(to_json(&ok), r#"{"threadId":"t","status":"thinking","failureReason":null,"messages":[{"id":"m"}]}"#);
        for (bad, field) in [
            (&br#"{"threadId":"t","status":"done","messages":[]}"#[..], "failureReason"),
            (br#"{"threadId":"t","status":"failed","failureReason":7,"messages":[]}"#, "failureReason"),
            (br#"{"threadId":"t","status":3,"failureReason":null,"messages":[]}"#, "status"),
            (br#"{"status":"done","failureReason":null,"messages":[]}"#, "threadId"),
            (br#"{"threadId":"t","status":"done","failureReason":null,"messages":{}}"#, "messages"),
            (br#"{"threadId":"t","status":"done","failureReason":null,"messages":[1]}"#, "messages[0]"),
        ] {
            let err = parse_body::<WorkforceThread>(e, bad).expect_err(field);
            assert!(err.to_string().contains(e) && err.to_string().contains(field), "{field}: {err}");
        }
        let d: WorkforceDispatchResult = parse_body("POST x", br#"{"threadId":"t","status":"pending"}"#).expect("valid");
        assert_eq!(d.status, "pending");
        assert!(parse_body::<WorkforceDispatchResult>("POST x", br#"{"threadId":"t"}"#).is_err());
    }
}
