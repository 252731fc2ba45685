#!/usr/bin/env bash
# Builds the wasm (release profile), runs wasm-bindgen and wasm-opt into pkg/, and
# assembles the loadable unpacked extension at dist/extension/.
#
# The shipped layout is one module (pkg/authpilot_bg.wasm) for the service worker, the popup
# and the in-page helper: Chromium compiles it once per extension process and every context
# shares it, which `make bench` measured faster to start than a module per context (B5, B6)
# and it keeps the store zip small (B1). The loaders (sw.js, popup.js, helper.js) import its
# glue, pkg/authpilot.js.
#
# `scripts/build.sh --per-context` builds the alternative — one wasm per context, each with
# only the code that context runs (Cargo features worker, popup, helper; each feature in a
# target dir of its own; the loaders' imports rewritten to pkg/<context>.js) — into
# dist/extension-per-context/, which `make bench` measures beside the shipped build.
set -euo pipefail
cd "$(dirname "$0")/.."

OPT_FLAGS=(-Oz --strip-debug --strip-producers
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals)
CONTEXTS=(worker popup helper)

# wasm-bindgen + wasm-opt (npm's binaryen v132, never Debian's v108: its output fails at start).
bindgen() { # <target dir> <out dir> <name>
  wasm-bindgen --target web --no-typescript --out-dir "$2" --out-name "$3" \
    "$1/wasm32-unknown-unknown/release/authpilot.wasm"
  node_modules/.bin/wasm-opt "${OPT_FLAGS[@]}" "$2/$3_bg.wasm" -o "$2/$3_bg.wasm"
}

if [ "${1:-}" = "--split" ]; then
  # Two modules: the worker's alone (it starts most often: every event after Chrome stopped
  # it), and one the pages share (popup, helper, report).
  out=dist/extension-split pkg=target/pkg-split
  rm -rf "$pkg"
  cargo build --quiet --release --lib --target wasm32-unknown-unknown \
    --no-default-features --features worker --target-dir target/wasm-worker
  bindgen target/wasm-worker "$pkg" worker
  cargo build --quiet --release --lib --target wasm32-unknown-unknown \
    --no-default-features --features popup,helper --target-dir target/wasm-pages
  bindgen target/wasm-pages "$pkg" pages
elif [ "${1:-}" = "--per-context" ]; then
  out=dist/extension-per-context pkg=target/pkg-per-context
  rm -rf "$pkg"
  for context in "${CONTEXTS[@]}"; do
    cargo build --quiet --release --lib --target wasm32-unknown-unknown \
      --no-default-features --features "$context" --target-dir "target/wasm-$context"
    bindgen "target/wasm-$context" "$pkg" "$context"
  done
else
  out=dist/extension pkg=pkg
  rm -rf pkg
  cargo build --quiet --release --lib --target wasm32-unknown-unknown
  bindgen target pkg authpilot
fi

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

if [ "$out" = dist/extension-split ]; then
  sed -i -e "s#'./pkg/authpilot.js'#'./pkg/worker.js'#" "$out/sw.js"
  for page in popup.js helper.js report.js popup.html overlay.html report.html; do
    sed -i -e "s#'./pkg/authpilot.js'#'./pkg/pages.js'#" -e "s#\"pkg/authpilot.js\"#\"pkg/pages.js\"#" "$out/$page"
  done
elif [ "$out" = dist/extension-per-context ]; then
  for pair in sw.js:worker popup.js:popup helper.js:helper popup.html:popup overlay.html:helper report.js:popup report.html:popup; do
    sed -i -e "s#'./pkg/authpilot.js'#'./pkg/${pair#*:}.js'#" \
      -e "s#\"pkg/authpilot.js\"#\"pkg/${pair#*:}.js\"#" "$out/${pair%%:*}"
  done
else
  # The Fluent UI replicas of the admin center (tests only; never shipped).
  node tests/replica/fluent/build.mjs
fi

for wasm in "$pkg"/*_bg.wasm; do
  printf '[build] %s: %d bytes, %d gzipped\n' "$wasm" "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
done
echo "[build] $out ready"
