#!/usr/bin/env bash
# The whole test suite: native build, lints (clippy denies unwrap in product code), Rust core
# tests (cargo), then the ava specs.
# Prints cargo's summary, ava's TAP, and a plain "ava: N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run build || { echo "native build failed"; exit 1; }

cargo clippy --release --lib --quiet -- -D warnings
clippy_status=$?

cargo test --release --no-default-features
cargo_status=$?

tap="$(mktemp)"
npx ava --tap 2>&1 | tee "$tap"
ava_status=${PIPESTATUS[0]}
pass=$(grep -E '^# pass [0-9]+' "$tap" | tail -1 | awk '{print $3}')
fail=$(grep -E '^# fail [0-9]+' "$tap" | tail -1 | awk '{print $3}')
skip=$(grep -E '^# skip [0-9]+' "$tap" | tail -1 | awk '{print $3}')
echo "ava: ${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
rm -f "$tap"

if [ "$clippy_status" -ne 0 ] || [ "$cargo_status" -ne 0 ] || [ "$ava_status" -ne 0 ] || [ -z "${pass:-}" ]; then
  exit 1
fi
