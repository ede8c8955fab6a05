//! @octavus-rs/server-sdk: a Rust core (`core`, no Node types) behind a thin napi-rs bridge (`node`).
// No unwrap on any path that input reaches: a panic must never cross into Node.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod core;
#[cfg(feature = "node")]
mod node;
