//! `tokens.mint({agentId, sessionId?, ttlSeconds?})` and `tokens.revoke(token)` [6.x].

use reqwest::Method;
use serde::{Deserialize, Serialize, Serializer};

use super::call;
use crate::core::config::RequestConfig;
use crate::core::error::CoreResult;
use crate::core::json::to_text;

/// `{token, jti, expiresAt}`: a scoped `oct_et_*` bearer token, its id, and its ISO-8601 expiry.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MintTokenResponse {
    pub token: String,
    pub jti: String,
    pub expires_at: String,
}

/// `{revoked, jti?}`; `revoked` is false for an unknown or already expired token.
#[derive(Debug, Serialize, Deserialize)]
pub struct RevokeTokenResponse {
    pub revoked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// A JS number as `JSON.stringify` writes it: an integral value without a fraction (`3600`,
/// not serde's `3600.0`), a non-finite one as `null`.
fn js_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match *v {
        Some(n) if !n.is_finite() => s.serialize_none(),
        // Exactly representable integers (|n| < 2^53) are written as integers.
        Some(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => s.serialize_i64(n as i64),
        Some(n) => s.serialize_f64(n),
        None => s.serialize_none(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MintBody<'a> {
    agent_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "js_number")]
    ttl_seconds: Option<f64>,
}

pub async fn mint(
    cfg: &RequestConfig,
    agent_id: &str,
    session_id: Option<&str>,
    ttl_seconds: Option<f64>,
) -> CoreResult<MintTokenResponse> {
    let body = to_text(&MintBody { agent_id, session_id, ttl_seconds });
    call(cfg, Method::POST, "/api/tokens", Some(body)).await
}

pub async fn revoke(cfg: &RequestConfig, token: &str) -> CoreResult<RevokeTokenResponse> {
    #[derive(Serialize)]
    struct Body<'a> {
        token: &'a str,
    }
    call(cfg, Method::POST, "/api/tokens/revoke", Some(to_text(&Body { token }))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::api::parse_body;

    #[test]
    fn mint_body_writes_numbers_like_json_stringify() {
        let body = |ttl| to_text(&MintBody { agent_id: "a", session_id: None, ttl_seconds: ttl });
        assert_eq!(body(None), r#"{"agentId":"a"}"#);
        assert_eq!(body(Some(3600.0)), r#"{"agentId":"a","ttlSeconds":3600}"#);
        assert_eq!(body(Some(1.5)), r#"{"agentId":"a","ttlSeconds":1.5}"#);
        assert_eq!(body(Some(-0.0)), r#"{"agentId":"a","ttlSeconds":0}"#);
        assert_eq!(body(Some(f64::NAN)), r#"{"agentId":"a","ttlSeconds":null}"#);
        let with_session = to_text(&MintBody { agent_id: "a", session_id: Some("s/1"), ttl_seconds: None });
        assert_eq!(with_session, r#"{"agentId":"a","sessionId":"s/1"}"#);
    }

    #[test]
    fn answers_are_validated() {
        let ok: MintTokenResponse =
            parse_body("POST /api/tokens", br#"{"token":"oct_et_x","jti":"j","expiresAt":"2030-01-01T00:00:00.000Z","x":1}"#)
                .expect("valid");
        assert_eq!(crate::core::api::to_json(&ok), r#"{"token":"oct_et_x","jti":"j","expiresAt":"2030-01-01T00:00:00.000Z"}"#);
        let err = parse_body::<MintTokenResponse>("POST /api/tokens", br#"{"token":"t","jti":"j"}"#).expect_err("no expiry");
        assert!(err.to_string().contains("POST /api/tokens") && err.to_string().contains("expiresAt"), "{err}");

        let revoked: RevokeTokenResponse = parse_body("POST /api/tokens/revoke", br#"{"revoked":false}"#).expect("valid");
        assert_eq!(crate::core::api::to_json(&revoked), r#"{"revoked":false}"#);
        let err = parse_body::<RevokeTokenResponse>("POST /api/tokens/revoke", br#"{"revoked":"yes"}"#).expect_err("bad");
        assert!(err.to_string().contains("revoked"), "{err}");
        let err =
            parse_body::<RevokeTokenResponse>("POST /api/tokens/revoke", br#"{"revoked":true,"jti":5}"#).expect_err("bad");
        assert!(err.to_string().contains("jti"), "{err}");
    }
}
