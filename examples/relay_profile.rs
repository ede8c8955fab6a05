//! CPU per event of the relay's Rust stages, without HTTP or Node (docs/performance.md):
//!
//! ```text
//! cargo run --release --no-default-features --example relay_profile -- [events] [repeats]
//! ```
//!
//! Feeds an in-memory stream of `text-delta` events in 64 KiB chunks (what the bench server
//! writes) through each stage in turn and prints nanoseconds per event: SSE decoding alone,
//! decoding + validation, and decoding + validation + SSE framing (what the relay does before
//! the bytes cross into Node). Run it under `perf record` to see where the time goes.

use std::time::Instant;

use bytes::Bytes;
use futures::StreamExt;
use octavus_rs_server_sdk::core::{event, sse};

fn stream_bytes(events: usize) -> Vec<Bytes> {
    let mut text = String::new();
    text.push_str("data: {\"type\":\"start\",\"executionId\":\"e\",\"messageId\":\"m\"}\n\n");
    text.push_str("data: {\"type\":\"text-start\",\"id\":\"t1\"}\n\n");
    for _ in 0..events {
        text.push_str("data: {\"type\":\"text-delta\",\"id\":\"t1\",\"delta\":\"x\"}\n\n");
    }
    text.push_str("data: {\"type\":\"text-end\",\"id\":\"t1\"}\n\ndata: {\"type\":\"finish\",\"finishReason\":\"stop\"}\n\ndata: [DONE]\n\n");
    text.into_bytes().chunks(64 * 1024).map(Bytes::copy_from_slice).collect()
}

#[derive(Clone, Copy)]
enum Stage {
    Decode,
    Validate,
    Frame,
}

async fn run(chunks: &[Bytes], stage: Stage) -> (usize, usize) {
    let input = futures::stream::iter(chunks.to_vec().into_iter().map(Ok::<_, std::io::Error>));
    let mut payloads = Box::pin(sse::payloads(input));
    let mut count = 0;
    let mut out = Vec::with_capacity(1 << 20);
    while let Some(payload) = payloads.next().await {
        {
            let Ok(payload) = payload else { panic!("decode error") };
            match stage {
                Stage::Decode => count += payload.len().min(1),
                Stage::Validate => count += event::validate_owned(payload).is_some() as usize,
                Stage::Frame => {
                    if let Some(ev) = event::validate_owned(payload) {
                        sse::frame(&mut out, &ev.text);
                        count += 1;
                        if out.len() > (4 << 20) {
                            out.clear();
                        }
                    }
                }
            }
        }
    }
    (count, out.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let events: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let repeats: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let only = std::env::var("STAGE").ok();
    let chunks = stream_bytes(events);
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    for (name, stage) in
        [("decode", Stage::Decode), ("decode+validate", Stage::Validate), ("decode+validate+frame", Stage::Frame)]
    {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut best = f64::MAX;
        for _ in 0..repeats {
            let t = Instant::now();
            let (n, _) = rt.block_on(run(&chunks, stage));
            assert!(n >= events, "{name}: {n} events");
            best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
        }
        println!("{name:>24}: {best:.0} ns/event (best of {repeats})");
    }
}
