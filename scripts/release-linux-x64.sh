#!/usr/bin/env bash
# Builds the linux-x64-gnu release binary against glibc 2.17, with napi-rs's prebuilt gcc cross
# toolchain (`napi build --use-napi-cross`), and puts it where `napi prepublish` takes it:
# npm/linux-x64-gnu/octavus-rs-server-sdk.linux-x64-gnu.node. Fails, leaving nothing there, when
# the binary needs a glibc above GLIBC_MAX (default 2.17) or does not load. Not part of `npm test`.
#
# Needs: a Linux x64 host, `npm ci` done, the npm registry (first run only: the toolchain), tar, xz.
# Runs on a dev machine or CI alike; the first build takes minutes (see docs/releasing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

TRIPLE=x86_64-unknown-linux-gnu
PLATFORM=linux-x64-gnu
GLIBC_MAX="${GLIBC_MAX:-2.17}"
BINARY_NAME="$(node -p "require('./package.json').napi.binaryName")"
NODE_FILE="$BINARY_NAME.$PLATFORM.node"
DEST_DIR="npm/$PLATFORM"

if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "release-linux-x64: needs a Linux x86_64 host (this is $(uname -s) $(uname -m))" >&2
  exit 1
fi
if [ ! -d node_modules/@napi-rs/cli ] || [ ! -d node_modules/@napi-rs/cross-toolchain ]; then
  echo "release-linux-x64: run 'npm ci' first" >&2
  exit 1
fi

# --- The toolchain --------------------------------------------------------------------------
# `napi build --use-napi-cross` looks for it in ~/.napi-rs/cross-toolchain/<version of
# @napi-rs/cross-toolchain>/<triple> and, when absent, runs `npm pack` of the per-target package
# at that same version. @napi-rs/cross-toolchain 1.0.5 (what @napi-rs/cli 3.10 brings) asks for
# @napi-rs/cross-toolchain-x64-target-x86_64@1.0.5, which the registry does not have (it has
# 0.0.16 and 1.0.0), so that download fails with ETARGET. The script therefore puts the
# toolchain in place itself, from the per-target package at NAPI_CROSS_TARGET_VERSION
# (gcc 4.8.5, glibc 2.17 sysroot); the CLI then finds it and skips its own download.
NAPI_CROSS_TARGET_PACKAGE=@napi-rs/cross-toolchain-x64-target-x86_64
NAPI_CROSS_TARGET_VERSION="${NAPI_CROSS_TARGET_VERSION:-1.0.0}"
cross_version="$(node -p "require('@napi-rs/cross-toolchain/package.json').version")"
toolchain_dir="$HOME/.napi-rs/cross-toolchain/$cross_version/$TRIPLE"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$toolchain_dir/package.json" ]; then
  echo "release-linux-x64: installing $NAPI_CROSS_TARGET_PACKAGE@$NAPI_CROSS_TARGET_VERSION into $toolchain_dir"
  (cd "$work" && npm pack --silent "$NAPI_CROSS_TARGET_PACKAGE@$NAPI_CROSS_TARGET_VERSION" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  rm -rf "$toolchain_dir" "$toolchain_dir.partial"
  mkdir -p "$toolchain_dir.partial"
  tar -xJf "$work/package/$TRIPLE.tar.xz" -C "$toolchain_dir.partial"
  rm -rf "$work/package" "$work"/*.tgz
  mv "$toolchain_dir.partial" "$toolchain_dir"
fi
"$toolchain_dir/bin/$TRIPLE-gcc" --version | head -1

# --- The build ------------------------------------------------------------------------------
# Into a scratch output directory (binding.js and the typings in the repository stay as they
# are); cargo's output goes to target/$TRIPLE/release, apart from the dev build's target/release.
started=$(date +%s)
npx napi build --platform --release --target "$TRIPLE" --use-napi-cross \
  --output-dir "$work/out" --no-js --dts binding.d.ts
elapsed=$(($(date +%s) - started))
built="$work/out/$NODE_FILE"

# --- The checks -----------------------------------------------------------------------------
if ! node scripts/glibc-floor.js --max "$GLIBC_MAX" "$built"; then
  echo "release-linux-x64: FAILED: $NODE_FILE needs a glibc above $GLIBC_MAX; not copied to $DEST_DIR" >&2
  exit 1
fi
if ! NAPI_RS_NATIVE_LIBRARY_PATH="$built" node -e "
  const v = require('./lib/native.js').nativeVersion()
  if (!v.endsWith('/' + require('./package.json').version)) throw new Error('unexpected native version ' + v)
  console.log('$NODE_FILE loads: ' + v)
"; then
  echo "release-linux-x64: FAILED: $NODE_FILE does not load" >&2
  exit 1
fi

mkdir -p "$DEST_DIR"
cp "$built" "$DEST_DIR/$NODE_FILE"
echo "release-linux-x64: $DEST_DIR/$NODE_FILE ($(wc -c <"$DEST_DIR/$NODE_FILE") bytes), built in ${elapsed}s"
