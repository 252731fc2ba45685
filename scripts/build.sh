#!/usr/bin/env bash
# Builds the wasm (release profile), runs wasm-bindgen and wasm-opt into pkg/, and
# assembles the loadable unpacked extension at dist/extension/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --release --lib --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg \
  target/wasm32-unknown-unknown/release/authpilot.wasm
# npm's binaryen (v132), never Debian's v108 (its output fails at start).
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/authpilot_bg.wasm -o pkg/authpilot_bg.wasm

rm -rf dist/extension
mkdir -p dist/extension/pkg
cp -R extension/. dist/extension/
rm -f dist/extension/icons/icon.svg
cp pkg/authpilot.js pkg/authpilot_bg.wasm dist/extension/pkg/

# The Fluent UI replicas of the admin center (tests only; never shipped).
node tests/replica/fluent/build.mjs

raw=$(stat -c %s pkg/authpilot_bg.wasm)
gz=$(gzip -9c pkg/authpilot_bg.wasm | wc -c)
glue=$(gzip -9c pkg/authpilot.js | wc -c)
printf '[build] dist/extension ready: wasm %d bytes (%d gzipped), JS glue %d gzipped\n' "$raw" "$gz" "$glue"
