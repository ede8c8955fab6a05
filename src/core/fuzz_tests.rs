//! A few seconds of the fuzz cases (`fuzzing.rs`) inside the test suite, with a fixed seed.
//! `examples/fuzz_sse.rs` runs the same cases by the million (docs/fuzzing.md).

use super::fuzzing::{run, Stats};

/// Fixed, so the suite is repeatable; the long runs use other seeds.
const SEED: u64 = 0x0C7A_7005_F022_5EED;
/// About 1.8 s of CPU in `--release` (3.3–3.9 s wall on a loaded, shared 2-core machine).
const CASES: u64 = 50_000;

#[test]
fn sse_decoder_and_validator_hold_their_properties() {
    let mut stats = Stats::default();
    run(SEED, 0..CASES, &mut stats);
    println!("{stats}");
    let failures: Vec<String> = stats.failures.iter().map(|f| f.to_string()).collect();
    assert_eq!(stats.failed, 0, "\n{}", failures.join("\n\n"));
}
