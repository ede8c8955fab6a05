//! What one request needs to know about its client: base URL, headers and timeouts.

use std::time::Duration;

/// Timeouts. `None` disables one. (Connecting has a fixed 30 s limit, set on the shared client:
/// see `http::shared_client`.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// A REST call as a whole (ours: the official has no REST timeout).
    pub request: Option<Duration>,
    /// The stream watchdog (`streamIdleTimeoutMs`): the longest wait for a streaming POST's
    /// response head, and the longest silence between two chunks of its body.
    pub idle: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { request: Some(Duration::from_secs(120)), idle: Some(Duration::from_secs(60)) }
    }
}

/// Base URL (used as given: paths are appended to it), headers for this request, and timeouts.
#[derive(Debug, Clone, Default)]
pub struct RequestConfig {
    pub base_url: String,
    pub headers: Vec<(String, String)>,
    pub timeouts: Timeouts,
}
