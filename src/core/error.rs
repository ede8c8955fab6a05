//! Typed errors of the core: one type for REST calls and executions alike, so a failure keeps
//! its kind (and the JS class and `code` it becomes) whichever call met it. Messages say what
//! failed and with which input, never the API key.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum CoreError {
    /// The platform answered with a non-2xx status.
    #[error("{message}")]
    Api { status: u16, message: String, code: Option<String> },
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
    /// A callback of the host (headers, tool handler lookup) failed.
    #[error("{0}")]
    Callback(String),
    /// A bug of this package (a caught panic); never the user's fault.
    #[error("{0}")]
    Internal(String),
}

/// The kinds of `CoreError`, as the bridge names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Api,
    Network,
    InvalidResponse,
    InvalidArgument,
    Timeout,
    Callback,
    Internal,
}

impl CoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::Api { .. } => ErrorKind::Api,
            CoreError::Network(_) => ErrorKind::Network,
            CoreError::InvalidResponse { .. } => ErrorKind::InvalidResponse,
            CoreError::InvalidArgument(_) => ErrorKind::InvalidArgument,
            CoreError::Timeout(_) => ErrorKind::Timeout,
            CoreError::Callback(_) => ErrorKind::Callback,
            CoreError::Internal(_) => ErrorKind::Internal,
        }
    }

    /// A caught panic, described (it never crosses into Node).
    pub fn from_panic(p: Box<dyn std::any::Any + Send>) -> Self {
        let detail = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        CoreError::Internal(format!("Internal error in @octavus-rs/server-sdk: {detail}"))
    }

    /// HTTP status and body code, for `Api` errors.
    pub fn api_fields(&self) -> Option<(u16, Option<&str>)> {
        match self {
            CoreError::Api { status, code, .. } => Some((*status, code.as_deref())),
            _ => None,
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
