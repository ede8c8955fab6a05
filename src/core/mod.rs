//! The protocol core: HTTP, REST calls, SSE decoding, event validation and the execution loop.
//! Nothing in here knows about Node; it can be used (and is tested) as a plain Rust library.

pub mod api;
pub mod cancel;
pub mod config;
pub mod error;
pub mod event;
pub mod execution;
pub mod http;
pub mod json;
pub mod sse;

#[cfg(test)]
mod fuzz_tests;
/// Generators and property checks shared with `examples/fuzz_sse.rs` (docs/fuzzing.md); never in
/// the library itself.
#[cfg(test)]
mod fuzzing;
