//! The napi-rs bridge: converts JS values to core calls and core results back. No protocol
//! logic lives here; see `crate::core`.

mod execution;
mod rest;

use std::collections::HashMap;
use std::time::Duration;

use napi_derive::napi;

use crate::core::config::{RequestConfig, Timeouts};
use crate::core::error::CoreError;

/// Where and how to send one call; `headers` come from the facade's `getHeaders()`.
#[napi(object)]
pub struct NativeRequestConfig {
    pub base_url: String,
    pub headers: HashMap<String, String>,
    /// Whole REST call / wait for a stream's headers, in ms (0 disables; default 120000).
    pub timeout_ms: Option<f64>,
    /// Longest silence inside an event stream, in ms (0 disables; default 300000).
    pub idle_timeout_ms: Option<f64>,
}

fn millis(v: Option<f64>, default: Option<Duration>) -> Option<Duration> {
    match v {
        None => default,
        Some(ms) if ms.is_finite() && ms > 0.0 => Some(Duration::from_millis(ms as u64)),
        Some(_) => None,
    }
}

impl From<NativeRequestConfig> for RequestConfig {
    fn from(c: NativeRequestConfig) -> Self {
        let d = Timeouts::default();
        RequestConfig {
            // The facade's OctavusClient strips one trailing slash, as the reference does.
            base_url: c.base_url,
            headers: c.headers.into_iter().collect(),
            timeouts: Timeouts {
                request: millis(c.timeout_ms, d.request),
                idle: millis(c.idle_timeout_ms, d.idle),
            },
        }
    }
}

/// A call's result as the facade receives it: `ok` with the JSON `value`, or the error's
/// kind (`api`, `network`, `invalid-response`, `invalid-argument`, `timeout`, `internal`),
/// message, and for `api` the HTTP status and the body's code.
#[napi(object)]
pub struct NativeOutcome {
    pub ok: bool,
    pub value: Option<String>,
    pub kind: Option<String>,
    pub message: Option<String>,
    pub status: Option<u32>,
    pub code: Option<String>,
}

impl NativeOutcome {
    fn ok(value: String) -> Self {
        NativeOutcome { ok: true, value: Some(value), kind: None, message: None, status: None, code: None }
    }

    fn failed(kind: &str, message: String) -> Self {
        NativeOutcome { ok: false, value: None, kind: Some(kind.to_string()), message: Some(message), status: None, code: None }
    }
}

impl From<Result<String, CoreError>> for NativeOutcome {
    fn from(r: Result<String, CoreError>) -> Self {
        match r {
            Ok(v) => NativeOutcome::ok(v),
            Err(CoreError::Api { status, message, code }) => NativeOutcome {
                ok: false,
                value: None,
                kind: Some("api".to_string()),
                message: Some(message),
                status: Some(status as u32),
                code,
            },
            Err(e) => NativeOutcome::failed(e.kind(), e.to_string()),
        }
    }
}

/// Describes a caught panic; it never crosses into Node.
pub(crate) fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    let detail = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("Internal error in @octavus-rs/server-sdk: {detail}")
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
