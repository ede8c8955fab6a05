#!/usr/bin/env bash
# The whole test suite (`npm test`; CI's .ci/run is `npm ci` + `npm test`). Steps:
#   rustfmt     cargo fmt --check (rustfmt.toml)
#   prettier    prettier --check on the JavaScript (.prettierrc, .prettierignore)
#   build       napi build --release: the shipped .node, binding.js, binding.d.ts (which is
#               committed: the step fails when the generated one differs)
#   clippy      cargo clippy --release --lib -D warnings (src/lib.rs denies unwrap outside tests)
#   cargo-test  the Rust core's unit tests, in the napi build's target dir and profile so they
#               reuse its compiled dependencies; prints cargo's "test result:" line
#   ava         the specs as TAP, then a plain "ava: N passed, N failed, N skipped" line
# Every step runs even when an earlier one failed, except ava after a failed build (it would
# test a stale binary). The last line names the failed steps; the exit status is 1 if any
# failed. `bash scripts/test.sh lint` (npm run lint) runs rustfmt, prettier and clippy only.
set -uo pipefail
cd "$(dirname "$0")/.."

case "${1:-all}" in
  all) steps=(rustfmt prettier build clippy cargo-test ava) ;;
  lint) steps=(rustfmt prettier clippy) ;;
  *)
    echo "usage: bash scripts/test.sh [all|lint]" >&2
    exit 2
    ;;
esac

JS_FILES='**/*.{js,mjs,cjs}'
failed=()      # names of the failed steps
summary=()     # one row per step
note=''        # why the current step failed, when that is not in its own output
build_ok=1
ava_line=''
tap=''
trap '[ -n "$tap" ] && rm -f "$tap"' EXIT

# --- missing tools fail their step with a named reason --------------------------------------

need_cargo() {
  command -v cargo >/dev/null 2>&1 && return 0
  note='cargo not found; install a Rust toolchain: https://rustup.rs'
  return 1
}
need_cargo_component() { # subcommand, rustup component
  need_cargo || return 1
  cargo "$1" --version >/dev/null 2>&1 && return 0
  note="cargo $1 not installed; rustup component add $2"
  return 1
}
need_node_bin() {
  [ -x "node_modules/.bin/$1" ] && return 0
  note="node_modules/.bin/$1 not found; run npm ci"
  return 1
}

# --- the steps ------------------------------------------------------------------------------

step_rustfmt() {
  need_cargo_component fmt rustfmt || return 1
  # Names the files that differ (cargo fmt --check alone prints every diff).
  local files status
  files=$(cargo fmt --check -- --files-with-diff 2>&1)
  status=$?
  [ -n "$files" ] && printf '%s\n' "$files" | sed "s|^$PWD/||"
  if [ "$status" -ne 0 ]; then
    local count
    count=$(printf '%s\n' "$files" | grep -c '^/.*\.rs$')
    [ "$count" -gt 0 ] && note="$count files unformatted (npm run format)"
    return 1
  fi
  echo "all Rust files formatted"
}

step_prettier() {
  need_node_bin prettier || return 1
  local out status count
  out=$(node_modules/.bin/prettier --check "$JS_FILES" 2>&1)
  status=$?
  printf '%s\n' "$out"
  count=$(printf '%s\n' "$out" | grep '^\[warn\] ' | grep -vc 'Code style issues')
  [ "$count" -gt 0 ] && note="$count files unformatted (npm run format)"
  return "$status"
}

step_build() {
  need_cargo || return 1
  need_node_bin napi || return 1
  npm run build || return 1
  # binding.d.ts is the bridge's contract, committed on purpose: it must be what the build made.
  if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- binding.d.ts; then
    git --no-pager diff --stat -- binding.d.ts
    note='binding.d.ts differs from what the build generated: commit the regenerated file'
    return 1
  fi
}

step_clippy() {
  need_cargo_component clippy clippy || return 1
  cargo clippy --release --lib --quiet -- -D warnings
}

step_cargo_test() {
  need_cargo || return 1
  # napi build passes --target (the host's, or CARGO_BUILD_TARGET) and so builds into
  # target/<triple>/release. Testing there with the same release profile (lto off, see
  # Cargo.toml) reuses every dependency it compiled; only this crate's test harness is
  # compiled. The tests run without the `node` feature: the core needs no napi, and leaving
  # the napi crates out changes no shared dependency's features. Clippy stays without
  # --target: with it, clippy would re-run the build script without napi's environment and
  # force the next napi build to recompile this crate.
  local target="${CARGO_BUILD_TARGET:-$(rustc -vV 2>/dev/null | sed -n 's/^host: //p')}"
  if [ -z "$target" ]; then
    note='rustc -vV names no host target'
    return 1
  fi
  cargo test --release --target "$target" --no-default-features
}

step_ava() {
  if [ "$build_ok" -ne 1 ]; then
    note='not run: the native build failed'
    ava_line='ava: not run (the native build failed)'
    return 1
  fi
  if ! need_node_bin ava; then
    ava_line="ava: not run ($note)"
    return 1
  fi
  tap=$(mktemp)
  node_modules/.bin/ava --tap 2>&1 | tee "$tap"
  local status=${PIPESTATUS[0]} pass fail skip
  pass=$(grep -E '^# pass [0-9]+' "$tap" | tail -1 | awk '{print $3}')
  fail=$(grep -E '^# fail [0-9]+' "$tap" | tail -1 | awk '{print $3}')
  skip=$(grep -E '^# skip [0-9]+' "$tap" | tail -1 | awk '{print $3}')
  ava_line="ava: ${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
  if [ -z "$pass" ]; then
    note='no TAP summary (ava did not finish)'
    return 1
  fi
  return "$status"
}

# --- run them -------------------------------------------------------------------------------

total=${#steps[@]}
i=0
for name in "${steps[@]}"; do
  i=$((i + 1))
  printf '\n==> [%d/%d] %s\n' "$i" "$total" "$name"
  note=''
  start=$SECONDS
  "step_${name//-/_}" 2>&1 # one stream, so logs keep the order
  status=$?
  secs=$((SECONDS - start))
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result=FAILED
    [ "$name" = build ] && build_ok=0
    [ -n "$note" ] && echo "!! $name: $note"
    failed+=("$name")
  fi
  summary+=("$(printf '  %-11s %-7s %5ss  %s' "$name" "$result" "$secs" "$note")")
done

printf '\n==> summary\n'
printf '%s\n' "${summary[@]}"
[ -n "$ava_line" ] && echo "$ava_line"
if [ "${#failed[@]}" -eq 0 ]; then
  echo "All ${total} steps passed: ${steps[*]}"
  exit 0
fi
joined=$(printf ', %s' "${failed[@]}")
echo "FAILED steps: ${joined:2}"
exit 1
