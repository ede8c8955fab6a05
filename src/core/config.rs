//! What one request needs to know about its client: base URL, headers and timeouts.

use std::time::Duration;

/// Timeouts the reference SDK lacks. `None` disables one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// Establishing the TCP/TLS connection.
    pub connect: Option<Duration>,
    /// A REST call as a whole, or the wait for a stream's response headers.
    pub request: Option<Duration>,
    /// The longest silence allowed between two chunks of an event stream.
    pub idle: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Some(Duration::from_secs(30)),
            request: Some(Duration::from_secs(120)),
            idle: Some(Duration::from_secs(300)),
        }
    }
}

/// Base URL (no trailing slash), headers for this request, and timeouts.
#[derive(Debug, Clone, Default)]
pub struct RequestConfig {
    pub base_url: String,
    pub headers: Vec<(String, String)>,
    pub timeouts: Timeouts,
}

/// Strips one trailing `/`, as the reference does.
pub fn normalize_base_url(base_url: &str) -> String {
    base_url.strip_suffix('/').unwrap_or(base_url).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_exactly_one_trailing_slash() {
        assert_eq!(normalize_base_url("http://x/"), "http://x");
        assert_eq!(normalize_base_url("http://x//"), "http://x/");
        assert_eq!(normalize_base_url("http://x"), "http://x");
    }
}
