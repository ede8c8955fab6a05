//! Typed REST calls of the platform (docs/protocol.md §2). Each call validates the 2xx body into a
//! typed struct and hands back its JSON (unknown keys dropped, as the reference does).

pub mod agents;
pub mod files;
pub mod sessions;
pub mod tokens;
pub mod workforce;

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::config::RequestConfig;
use super::error::{CoreError, CoreResult};
use super::http;

/// Sends one REST request and validates its 2xx body as `T`.
pub(crate) async fn call<T: DeserializeOwned>(
    cfg: &RequestConfig,
    method: Method,
    path: &str,
    body: Option<String>,
) -> CoreResult<T> {
    let url = format!("{}{}", cfg.base_url, path);
    let resp = http::send(cfg, method.clone(), path, body.map(bytes::Bytes::from), http::Deadline::WholeCall).await?;
    let bytes = http::read_rest_body(&method, &url, resp).await?;
    let endpoint = endpoint_label(&method, path);
    parse_body(&endpoint, &bytes)
}

/// Sends a request to `path` as given and returns the 2xx body as text (for subclasses that
/// call endpoints of their own).
pub async fn raw(cfg: &RequestConfig, method: &str, path: &str, body: Option<String>) -> CoreResult<String> {
    let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CoreError::InvalidArgument(format!("Invalid HTTP method: {method:?}")))?;
    let url = format!("{}{}", cfg.base_url, path);
    let resp = http::send(cfg, method.clone(), path, body.map(bytes::Bytes::from), http::Deadline::WholeCall).await?;
    let bytes = http::read_rest_body(&method, &url, resp).await?;
    String::from_utf8(bytes).map_err(|_| CoreError::InvalidResponse {
        endpoint: endpoint_label(&method, path),
        detail: "body is not UTF-8".to_string(),
    })
}

/// `GET /api/agents/:id`-style label: the path without its query.
pub(crate) fn endpoint_label(method: &Method, path: &str) -> String {
    format!("{method} {}", path.split('?').next().unwrap_or(path))
}

pub(crate) fn parse_body<T: DeserializeOwned>(endpoint: &str, bytes: &[u8]) -> CoreResult<T> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| CoreError::InvalidResponse {
        endpoint: endpoint.to_string(),
        detail: format!("body is not JSON ({e})"),
    })?;
    parse_value(endpoint, value)
}

/// Validates a parsed body as `T`, naming the first wrong field.
pub(crate) fn parse_value<T: DeserializeOwned>(endpoint: &str, value: serde_json::Value) -> CoreResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        CoreError::InvalidResponse {
            endpoint: endpoint.to_string(),
            detail: if path == "." { inner } else { format!("field `{path}`: {inner}") },
        }
    })
}

/// Serialises a validated value for the bridge.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Deserialises a field that must be present and be a string or null.
pub(crate) mod nullable_string {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        // `Value` refuses a missing key (unlike `Option`), so presence is enforced.
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(s) => Ok(Some(s)),
            other => Err(serde::de::Error::custom(format!("expected a string or null, got {other}"))),
        }
    }
}

/// An object of arbitrary values (zod `record(string, unknown)`).
pub type JsonRecord = serde_json::Map<String, serde_json::Value>;
