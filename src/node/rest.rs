//! REST calls exposed to the facade: each takes the client config and this call's headers, and
//! resolves to a `NativeOutcome` (never rejects).

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use napi_derive::napi;

use super::{request_config, NativeClientConfig, NativeOutcome};
use crate::core::api::{self, agents, files, sessions, tokens, workforce};
use crate::core::config::RequestConfig;
use crate::core::error::CoreResult;

async fn guarded<F: Future<Output = CoreResult<String>>>(f: F) -> NativeOutcome {
    let (caught, status) = crate::core::http::with_status(AssertUnwindSafe(f).catch_unwind()).await;
    let outcome: NativeOutcome = match caught {
        Ok(r) => r.into(),
        Err(p) => Err(crate::core::error::CoreError::from_panic(p)).into(),
    };
    NativeOutcome { status: status.map(u32::from), ..outcome }
}

#[napi]
pub async fn agents_list(config: NativeClientConfig, headers: HashMap<String, String>) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { agents::list(&cfg).await.map(|a| api::to_json(&a)) }).await
}

#[napi]
pub async fn agents_get(config: NativeClientConfig, headers: HashMap<String, String>, agent_id: String) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { agents::get(&cfg, &agent_id).await.map(|a| api::to_json(&a)) }).await
}

/// Resolves the new session id (as `value`, not JSON).
#[napi]
pub async fn sessions_create(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    agent_id: String,
    input_json: Option<String>,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { sessions::create(&cfg, &agent_id, input_json.as_deref()).await }).await
}

#[napi]
pub async fn sessions_get(config: NativeClientConfig, headers: HashMap<String, String>, session_id: String) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { sessions::get(&cfg, &session_id).await }).await
}

#[napi]
pub async fn sessions_get_messages(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    session_id: String,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { sessions::get_messages(&cfg, &session_id).await }).await
}

#[napi]
pub async fn sessions_restore(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    session_id: String,
    messages_json: String,
    input_json: Option<String>,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move {
        sessions::restore(&cfg, &session_id, &messages_json, input_json.as_deref()).await.map(|r| api::to_json(&r))
    })
    .await
}

#[napi]
pub async fn sessions_clear(config: NativeClientConfig, headers: HashMap<String, String>, session_id: String) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { sessions::clear(&cfg, &session_id).await.map(|r| api::to_json(&r)) }).await
}

/// `ExecutionLogsResult` or the expired shape, as JSON.
#[napi]
pub async fn sessions_get_logs(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    session_id: String,
    exclude_model_requests: bool,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { sessions::get_logs(&cfg, &session_id, exclude_model_requests).await }).await
}

/// `ttl_seconds` is written as `JSON.stringify` would (an integer without `.0`).
#[napi]
pub async fn tokens_mint(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    agent_id: String,
    session_id: Option<String>,
    ttl_seconds: Option<f64>,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { tokens::mint(&cfg, &agent_id, session_id.as_deref(), ttl_seconds).await.map(|r| api::to_json(&r)) })
        .await
}

#[napi]
pub async fn tokens_revoke(config: NativeClientConfig, headers: HashMap<String, String>, token: String) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { tokens::revoke(&cfg, &token).await.map(|r| api::to_json(&r)) }).await
}

/// `files_json`: the JSON array of file references, or absent to omit `files`.
#[napi]
pub async fn workforce_dispatch(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    agent_id: String,
    message: String,
    files_json: Option<String>,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(
        async move { workforce::dispatch(&cfg, &agent_id, &message, files_json.as_deref()).await.map(|r| api::to_json(&r)) },
    )
    .await
}

/// The thread as JSON; its messages are checked as UI messages by the facade.
#[napi]
pub async fn workforce_get_thread(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    agent_id: String,
    thread_id: String,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { workforce::get_thread(&cfg, &agent_id, &thread_id).await.map(|r| api::to_json(&r)) }).await
}

#[napi]
pub async fn workforce_follow_up(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    agent_id: String,
    thread_id: String,
    message: String,
    files_json: Option<String>,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move {
        workforce::follow_up(&cfg, &agent_id, &thread_id, &message, files_json.as_deref()).await.map(|r| api::to_json(&r))
    })
    .await
}

#[napi]
pub async fn files_get_upload_urls(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    session_id: String,
    files_json: String,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { files::get_upload_urls(&cfg, &session_id, &files_json).await.map(|r| api::to_json(&r)) }).await
}

/// Any REST request (the reference's protected `httpGet/httpPost/httpPatch`): `path` is sent
/// as given; resolves the body text of a 2xx answer.
#[napi]
pub async fn raw_request(
    config: NativeClientConfig,
    headers: HashMap<String, String>,
    method: String,
    path: String,
    body_json: Option<String>,
) -> NativeOutcome {
    let cfg: RequestConfig = request_config(config, headers);
    guarded(async move { api::raw(&cfg, &method, &path, body_json).await }).await
}
