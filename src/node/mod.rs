//! The napi-rs bridge: converts JS values to core calls and core results back. No protocol
//! logic lives here; see `crate::core`. `binding.d.ts` (generated, committed) is its contract.

mod dispatch;
mod execution;
mod rest;

use std::collections::HashMap;
use std::time::Duration;

use napi_derive::napi;

use crate::core::config::{RequestConfig, Timeouts};
use crate::core::error::{CoreError, ErrorKind};

/// Where a client sends its calls, its timeouts and its streaming limits.
#[napi(object)]
pub struct NativeClientConfig {
    pub base_url: String,
    /// A whole REST call, in ms (0 disables; default 120000).
    pub timeout_ms: Option<f64>,
    /// The stream watchdog (`streamIdleTimeoutMs`): the wait for a streaming POST's response
    /// head and the longest silence in its body, in ms (0 disables; default 60000).
    pub idle_timeout_ms: Option<f64>,
    /// Retries of each streaming POST (`maxRetries`; default 2).
    pub max_retries: Option<u32>,
    /// The continuation body cap in bytes (default `MAX_CONTINUATION_BODY_BYTES`).
    pub max_continuation_bytes: Option<f64>,
}

fn millis(v: Option<f64>, default: Option<Duration>) -> Option<Duration> {
    match v {
        None => default,
        Some(ms) if ms.is_finite() && ms > 0.0 => Some(Duration::from_millis(ms as u64)),
        Some(_) => None,
    }
}

/// The core's config of one call; `headers` are that call's (REST) or empty (executions ask
/// their host every round).
pub(crate) fn request_config(c: NativeClientConfig, headers: HashMap<String, String>) -> RequestConfig {
    let d = Timeouts::default();
    RequestConfig {
        // The facade's OctavusClient strips one trailing slash, as the reference does.
        base_url: c.base_url,
        headers: headers.into_iter().collect(),
        timeouts: Timeouts { request: millis(c.timeout_ms, d.request), idle: millis(c.idle_timeout_ms, d.idle) },
    }
}

/// What kind of failure an error is; the facade maps each to the JS class users see.
#[napi(string_enum = "kebab-case")]
pub enum NativeErrorKind {
    /// Non-2xx answer: `ApiError` with `status` and `code`.
    Api,
    /// The platform could not be reached, or the connection broke.
    Network,
    /// A 2xx answer of the wrong shape.
    InvalidResponse,
    /// An argument that cannot be sent (a `TypeError`).
    InvalidArgument,
    /// No data within the configured time.
    Timeout,
    /// A callback of the facade failed (headers, the tool handler set).
    Callback,
    /// A bug of this package.
    Internal,
}

/// The one error type that crosses the bridge, for REST calls and executions alike.
#[napi(object)]
pub struct NativeError {
    pub kind: NativeErrorKind,
    pub message: String,
    /// HTTP status (`api` only).
    pub status: Option<u32>,
    /// The error body's code (`api` only).
    pub code: Option<String>,
}

impl From<CoreError> for NativeError {
    fn from(e: CoreError) -> Self {
        let kind = match e.kind() {
            ErrorKind::Api => NativeErrorKind::Api,
            ErrorKind::Network => NativeErrorKind::Network,
            ErrorKind::InvalidResponse => NativeErrorKind::InvalidResponse,
            ErrorKind::InvalidArgument => NativeErrorKind::InvalidArgument,
            ErrorKind::Timeout => NativeErrorKind::Timeout,
            ErrorKind::Callback => NativeErrorKind::Callback,
            ErrorKind::Internal => NativeErrorKind::Internal,
        };
        let (status, code) = match e.api_fields() {
            Some((status, code)) => (Some(u32::from(status)), code.map(str::to_string)),
            None => (None, None),
        };
        NativeError { kind, message: e.to_string(), status, code }
    }
}

/// A REST call's result: the 2xx body's JSON text, or the error. Never a rejection.
#[napi(object)]
pub struct NativeOutcome {
    pub value: Option<String>,
    pub error: Option<NativeError>,
    /// The HTTP status of the answer (absent when none came), for the diagnostics channels.
    pub status: Option<u32>,
}

impl From<Result<String, CoreError>> for NativeOutcome {
    fn from(r: Result<String, CoreError>) -> Self {
        match r {
            Ok(v) => NativeOutcome { value: Some(v), error: None, status: None },
            Err(e) => NativeOutcome { value: None, error: Some(e.into()), status: None },
        }
    }
}

/// The event's JSON text when `json` is a valid stream event (the stream's own validator),
/// else null.
#[napi]
pub fn validate_event_json(json: String) -> Option<String> {
    crate::core::event::validate(&json).map(|e| e.text)
}

/// Package and core version, for diagnostics.
#[napi]
pub fn native_version() -> String {
    crate::core::http::USER_AGENT.to_string()
}
