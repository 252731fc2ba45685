#!/usr/bin/env bash
# Builds the two wasm modules (release profile), runs wasm-bindgen and wasm-opt into pkg/, and
# assembles the loadable unpacked extension at dist/extension/.
#
# Two modules (issue 24), from one compile of the `authpilot` crate (a Cargo workspace: each
# module is a cdylib member that links it and exports only its context's entry points):
#   pkg/worker.js + worker_bg.wasm — the service worker's (wasm/worker): it starts most often
#     (every event after Chrome stopped it), so it holds only the worker's rules, the log and
#     the wire types;
#   pkg/pages.js + pages_bg.wasm — the one the extension's pages share (wasm/pages): the popup,
#     the in-page helper and the report.
set -euo pipefail
cd "$(dirname "$0")/.."

OPT_FLAGS=(-Oz --strip-debug --strip-producers
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals)

out=dist/extension pkg=pkg
rm -rf "$pkg"
cargo build --quiet --release --target wasm32-unknown-unknown -p authpilot-worker -p authpilot-pages
# wasm-bindgen + wasm-opt (npm's binaryen v132, never Debian's v108: its output fails at start).
for module in worker pages; do
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$module" \
    "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/authpilot_$module.wasm"
  node_modules/.bin/wasm-opt "${OPT_FLAGS[@]}" "$pkg/${module}_bg.wasm" -o "$pkg/${module}_bg.wasm"
done

rm -rf "$out"
mkdir -p "$out/pkg"
cp -R extension/. "$out/"
rm -f "$out/icons/icon.svg"
# The content script: its modules (extension/content/) and the page vocabulary the core reads
# too (src/core/page/words.json) bundled into one classic script, as Chrome injects it; the
# adapter's code runs only once the adapter starts (scripts/bundle-content.mjs).
rm -rf "$out/content"
node scripts/bundle-content.mjs "$out/content.js"
cp "$pkg"/*.js "$pkg"/*_bg.wasm "$out/pkg/"

# The Fluent UI replicas of the admin center (tests only; never shipped).
node tests/replica/fluent/build.mjs

for wasm in "$pkg"/*_bg.wasm; do
  printf '[build] %s: %d bytes, %d gzipped\n' "$wasm" "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
done
echo "[build] $out ready"
