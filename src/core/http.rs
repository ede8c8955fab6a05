//! The process-wide HTTP client and the pieces every request shares: URL building with
//! percent-encoded path segments, headers, timeouts, and `ApiError` from a non-2xx answer.

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::{Client, Method, Response};

use super::config::RequestConfig;
use super::error::{CoreError, CoreResult};

pub const USER_AGENT: &str = concat!("octavus-rs-server-sdk/", env!("CARGO_PKG_VERSION"));

/// One connection pool and TLS setup for the whole process: clients are cheap to create.
pub fn shared_client() -> CoreResult<&'static Client> {
    static CLIENT: OnceLock<Result<Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let mut builder = Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(Duration::from_secs(30))
                .tcp_nodelay(true)
                .pool_idle_timeout(Duration::from_secs(60))
                // HTTP/1.1, as Node's fetch: one connection per stream, so a consumer that pauses
                // (backpressure) never stalls other executions sharing an HTTP/2 connection window.
                .http1_only()
                // Proxy variables are ignored, as Node's fetch ignores them.
                .no_proxy();
            // Extra CAs the way Node takes them (a self-hosted platform, a TLS-inspecting proxy).
            if let Some(path) = std::env::var_os("NODE_EXTRA_CA_CERTS") {
                let pem = std::fs::read(&path).map_err(|e| {
                    format!("Could not read NODE_EXTRA_CA_CERTS ({}): {e}", std::path::Path::new(&path).display())
                })?;
                let certs = reqwest::Certificate::from_pem_bundle(&pem)
                    .map_err(|e| format!("NODE_EXTRA_CA_CERTS is not a PEM bundle: {}", root_cause(&e)))?;
                for cert in certs {
                    builder = builder.add_root_certificate(cert);
                }
            }
            builder.build().map_err(|e| format!("Could not set up the HTTP client: {}", root_cause(&e)))
        })
        .as_ref()
        .map_err(|e| CoreError::Network(e.clone()))
}

/// Percent-encodes one path segment the way `encodeURIComponent` does. Segments that would
/// be read as `.`/`..` (or are empty) are refused: no id may reach another endpoint.
pub fn encode_segment(what: &str, segment: &str) -> CoreResult<String> {
    if segment.is_empty() || segment == "." || segment == ".." {
        return Err(CoreError::InvalidArgument(format!("Invalid {what}: {segment:?} cannot be used as a path segment")));
    }
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    // `%2e%2e` is also a dot segment to URL parsers; an all-dots id was refused above and
    // dots are kept literally, so no encoded form of `..` can appear.
    Ok(out)
}

/// The innermost cause of an error ("Connection refused (os error 111)"): what went wrong,
/// without the outer layers that repeat the URL or name the HTTP library's internals.
pub fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The wire version of the messages and events this SDK understands, sent on every request.
pub const SDK_VERSION_HEADER: (&str, &str) = ("X-Octavus-Sdk-Version", "4");

/// How long a request may take.
#[derive(Debug, Clone, Copy)]
pub enum Deadline {
    /// A REST call: the whole call, body included, within `Timeouts::request`.
    WholeCall,
    /// A streaming POST: the response head within this bound (the body has its own watchdog).
    ResponseHead(Option<std::time::Duration>),
}

/// Builds and sends a request; a failure to connect becomes `CoreError::Network`, a deadline
/// `CoreError::Timeout`, each naming the method and URL (never a header).
pub async fn send(
    cfg: &RequestConfig,
    method: Method,
    path: &str,
    body: Option<bytes::Bytes>,
    deadline: Deadline,
) -> CoreResult<Response> {
    let client = shared_client()?;
    let url = format!("{}{}", cfg.base_url, path);
    let mut req = client.request(method.clone(), &url);
    for (k, v) in &cfg.headers {
        req = req.header(k.as_str(), v.as_str());
    }
    if !cfg.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(SDK_VERSION_HEADER.0)) {
        req = req.header(SDK_VERSION_HEADER.0, SDK_VERSION_HEADER.1);
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    let head_limit = match deadline {
        Deadline::WholeCall => {
            if let Some(t) = cfg.timeouts.request {
                req = req.timeout(t);
            }
            None
        }
        Deadline::ResponseHead(limit) => limit,
    };
    let fut = req.send();
    let result = match head_limit {
        Some(t) => match tokio::time::timeout(t, fut).await {
            Ok(r) => r,
            Err(_) => {
                return Err(CoreError::Timeout(format!(
                    "{method} {url} timed out after {} ms waiting for a response",
                    t.as_millis()
                )))
            }
        },
        None => fut.await,
    };
    result.map_err(|e| network_error(&method, &url, &e))
}

pub fn network_error(method: &Method, url: &str, e: &reqwest::Error) -> CoreError {
    if e.is_timeout() {
        return CoreError::Timeout(format!("{method} {url} timed out: {}", root_cause(e)));
    }
    CoreError::Network(format!("Could not reach the Octavus platform ({method} {url}): {}", root_cause(e)))
}

/// The status text the server sent (HTTP/1), else the standard one for the status.
pub fn status_text(resp: &Response) -> String {
    if let Some(r) = resp.extensions().get::<hyper::ext::ReasonPhrase>() {
        return String::from_utf8_lossy(r.as_bytes()).into_owned();
    }
    resp.status().canonical_reason().unwrap_or("").to_string()
}

/// Message and code of a non-2xx answer. Accepts `{error: string, code?}`, `{message, code?}`
/// and the nested `{error: {message, code}}`; anything else gives `"<fallback>: <status text>"`.
pub fn parse_api_error(status_text: &str, body: &[u8], fallback: &str) -> (String, Option<String>) {
    let fallback_message = format!("{fallback}: {status_text}");
    let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (fallback_message, None);
    };
    // A field of the wrong type makes the whole body unreadable (as the reference's schema
    // does): fall back. The nested `{error: {message, code}}` shape is read.
    let wrong = |k: &str| obj.get(k).is_some_and(|v| !v.is_string());
    let nested = matches!(obj.get("error"), Some(serde_json::Value::Object(_)));
    if (wrong("error") && !nested) || wrong("message") || wrong("code") {
        return (fallback_message, None);
    }
    let str_of = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    let mut code = str_of(obj.get("code"));
    let message = match obj.get("error") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Object(inner)) => {
            if code.is_none() {
                code = str_of(inner.get("code"));
            }
            str_of(inner.get("message"))
        }
        _ => None,
    }
    .or_else(|| str_of(obj.get("message")));
    (message.unwrap_or(fallback_message), code)
}

tokio::task_local! {
    /// The status of the answer a REST call got, for `with_status`.
    static ANSWERED: std::cell::Cell<Option<u16>>;
}

/// Runs a REST call and gives its result with the HTTP status of the answer it got (`None`
/// when none came: a network failure, a timeout, an argument that could not be sent).
pub async fn with_status<F: std::future::Future>(call: F) -> (F::Output, Option<u16>) {
    ANSWERED
        .scope(std::cell::Cell::new(None), async move {
            let output = call.await;
            (output, ANSWERED.with(|s| s.get()))
        })
        .await
}

/// Reads a REST answer: the body on 2xx, `CoreError::Api` otherwise.
pub async fn read_rest_body(method: &Method, url: &str, resp: Response) -> CoreResult<Vec<u8>> {
    let status = resp.status();
    // Only inside `with_status` (REST calls from the bridge) is there a place to note it.
    let _ = ANSWERED.try_with(|s| s.set(Some(status.as_u16())));
    let text = status_text(&resp);
    let body = resp.bytes().await.map_err(|e| network_error(method, url, &e))?;
    if !status.is_success() {
        let (message, code) = parse_api_error(&text, &body, "Request failed");
        return Err(CoreError::Api { status: status.as_u16(), message, code });
    }
    Ok(body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_segment("id", "abc-123_x.y").expect("ok"), "abc-123_x.y");
        assert_eq!(encode_segment("id", "a/b?c#d").expect("ok"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_segment("id", "../x").expect("ok"), "..%2Fx");
        assert_eq!(encode_segment("id", "é").expect("ok"), "%C3%A9");
        assert!(encode_segment("id", "..").is_err());
        assert!(encode_segment("id", ".").is_err());
        assert!(encode_segment("id", "").is_err());
    }

    #[test]
    fn parses_every_documented_error_body() {
        assert_eq!(
            parse_api_error("Not Found", br#"{"error":"Agent not found","code":"NOT_FOUND"}"#, "Request failed"),
            ("Agent not found".into(), Some("NOT_FOUND".into()))
        );
        assert_eq!(
            parse_api_error("Not Found", br#"{"error":{"code":"NOT_FOUND","message":"Agent not found"}}"#, "Request failed"),
            ("Agent not found".into(), Some("NOT_FOUND".into()))
        );
        assert_eq!(parse_api_error("Bad Request", br#"{"message":"bad"}"#, "Request failed"), ("bad".into(), None));
        assert_eq!(
            parse_api_error("Internal Server Error", b"<html>oops</html>", "Request failed"),
            ("Request failed: Internal Server Error".into(), None)
        );
        assert_eq!(
            parse_api_error("Bad Request", br#"{"error":123,"message":"m"}"#, "Request failed"),
            ("Request failed: Bad Request".into(), None)
        );
        assert_eq!(
            parse_api_error("Bad Request", br#"{"message":"m","code":7}"#, "Request failed"),
            ("Request failed: Bad Request".into(), None)
        );
        assert_eq!(
            parse_api_error("Bad Gateway", br#"{"other":1}"#, "Failed to trigger"),
            ("Failed to trigger: Bad Gateway".into(), None)
        );
    }
}
