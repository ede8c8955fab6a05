//! Fuzz driver for the SSE decoder and the event validator (docs/fuzzing.md):
//!
//! ```text
//! cargo run --release --no-default-features --example fuzz_sse -- <count> [seed]
//! ```
//!
//! Runs `count` generated inputs (`10000000`, `10_000_000`, `10M` and `250k` all work) through
//! `sse::payloads` and `event::validate`, checks their properties, and prints counts, throughput
//! and every failure with the case seed that replays it (`fuzz_sse 1 <case seed>`). The seed is
//! decimal or `0x…` hex; without one, a time-based seed is used and printed. Exit code 1 on any
//! failure. The generators and checks are `src/core/fuzzing.rs`, shared with the test suite.

use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

// `fuzzing.rs` reaches the library through `crate::core`, as it does inside the library.
use octavus_rs_server_sdk::core;

#[path = "../src/core/fuzzing.rs"]
mod fuzzing;

fn parse_count(s: &str) -> Option<u64> {
    let s = s.replace('_', "");
    let (digits, scale) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1_000),
        'm' | 'M' => (&s[..s.len() - 1], 1_000_000),
        _ => (&s[..], 1),
    };
    digits.parse::<u64>().ok().map(|n| n * scale)
}

fn parse_seed(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16).ok(),
        None => s.replace('_', "").parse().ok(),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: fuzz_sse <count> [seed]";
    let Some(count) = args.first().and_then(|s| parse_count(s)) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = match args.get(1) {
        Some(s) => match parse_seed(s) {
            Some(seed) => seed,
            None => {
                eprintln!("{usage}");
                return ExitCode::from(2);
            }
        },
        None => SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1),
    };
    // Panics are caught and reported per case; keep the default hook's message short.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        eprint!("[fuzz_sse] ");
        default_hook(info);
    }));

    println!("fuzz_sse: {count} inputs, seed {seed:#018x}");
    let mut stats = fuzzing::Stats::default();
    let started = Instant::now();
    let mut last_report = Instant::now();
    let batch = 10_000;
    let mut done = 0;
    while done < count {
        let n = batch.min(count - done);
        fuzzing::run(seed, done..done + n, &mut stats);
        done += n;
        if last_report.elapsed().as_secs() >= 15 {
            last_report = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            println!("  {done} inputs, {secs:.0} s, {:.0} inputs/s, {} failures", done as f64 / secs, stats.failed);
        }
    }
    let secs = started.elapsed().as_secs_f64();

    println!("{stats}");
    println!(
        "time: {secs:.1} s — {:.0} inputs/s, {:.1} MB/s of stream bytes through the decoder",
        count as f64 / secs,
        stats.stream_bytes as f64 / secs / 1e6
    );
    for f in &stats.failures {
        println!("\nFAILURE {f}");
        println!("  replay: cargo run --release --no-default-features --example fuzz_sse -- 1 {:#018x}", f.case_seed);
    }
    if stats.failed > stats.failures.len() as u64 {
        println!("\n… and {} more failures", stats.failed - stats.failures.len() as u64);
    }
    if stats.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
