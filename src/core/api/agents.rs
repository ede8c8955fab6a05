//! `agents.list()` and `agents.get(id)`.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{call, nullable_string};
use crate::core::config::RequestConfig;
use crate::core::error::CoreResult;
use crate::core::http::encode_segment;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum AgentFormat {
    Interactive,
    Worker,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub slug: String,
    pub id: String,
    pub name: String,
    #[serde(with = "nullable_string_ser")]
    pub description: Option<String>,
    pub format: AgentFormat,
    pub created_at: String,
    pub updated_at: String,
    pub project_id: String,
}

mod nullable_string_ser {
    pub use super::nullable_string::deserialize;
    use serde::Serializer;
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) => s.serialize_str(x),
            None => s.serialize_none(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct AgentsResponse {
    agents: Vec<Agent>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AgentSettings {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub format: AgentFormat,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AgentPrompt {
    pub name: String,
    pub content: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AgentDefinition {
    pub settings: AgentSettings,
    pub protocol: String,
    pub prompts: Vec<AgentPrompt>,
    pub id: String,
}

pub async fn list(cfg: &RequestConfig) -> CoreResult<Vec<Agent>> {
    let r: AgentsResponse = call(cfg, Method::GET, "/api/agents", None).await?;
    Ok(r.agents)
}

pub async fn get(cfg: &RequestConfig, agent_id: &str) -> CoreResult<AgentDefinition> {
    let path = format!("/api/agents/{}", encode_segment("agent id", agent_id)?);
    call(cfg, Method::GET, &path, None).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::api::parse_body;

    #[test]
    fn agent_list_requires_nullable_description_and_known_format() {
        let ok = br#"{"agents":[{"slug":"s","id":"a1","name":"n","description":null,"format":"worker","createdAt":"c","updatedAt":"u","projectId":"p","extra":1}]}"#;
        let r: AgentsResponse = parse_body("GET /api/agents", ok).expect("valid");
        assert_eq!(r.agents[0].format, AgentFormat::Worker);
        let json = crate::core::api::to_json(&r.agents);
        assert!(json.contains(r#""description":null"#) && !json.contains("extra"));

        let missing = br#"{"agents":[{"slug":"s","id":"a1","name":"n","format":"worker","createdAt":"c","updatedAt":"u","projectId":"p"}]}"#;
        let err = parse_body::<AgentsResponse>("GET /api/agents", missing).expect_err("missing description");
        assert!(err.to_string().contains("agents[0]") && err.to_string().contains("description"), "{err}");

        let bad = br#"{"agents":[{"slug":"s","id":"a1","name":"n","description":"d","format":"chat","createdAt":"c","updatedAt":"u","projectId":"p"}]}"#;
        let err = parse_body::<AgentsResponse>("GET /api/agents", bad).expect_err("bad format");
        assert!(err.to_string().contains("GET /api/agents") && err.to_string().contains("format"), "{err}");
    }
}
