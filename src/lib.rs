//! @octavus-rs/server-sdk: a Rust core (`core`, no Node types) behind a thin napi-rs bridge (`node`).
#![deny(clippy::unwrap_used)]

pub mod core;
#[cfg(feature = "node")]
mod node;
