//! Typed errors of the core. Messages say what failed and with which input, never the API key.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum CoreError {
    /// The platform answered with a non-2xx status.
    #[error("{message}")]
    Api {
        status: u16,
        message: String,
        code: Option<String>,
    },
    /// The platform could not be reached, or the connection broke.
    #[error("{0}")]
    Network(String),
    /// A 2xx answer whose body is not what the endpoint documents.
    #[error("Invalid response from {endpoint}: {detail}")]
    InvalidResponse { endpoint: String, detail: String },
    /// A request argument that cannot be sent.
    #[error("{0}")]
    InvalidArgument(String),
    /// No byte arrived within the configured time.
    #[error("{0}")]
    Timeout(String),
}

impl CoreError {
    pub fn kind(&self) -> &'static str {
        match self {
            CoreError::Api { .. } => "api",
            CoreError::Network(_) => "network",
            CoreError::InvalidResponse { .. } => "invalid-response",
            CoreError::InvalidArgument(_) => "invalid-argument",
            CoreError::Timeout(_) => "timeout",
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
