#!/usr/bin/env bash
# Runs wasm-bindgen tests in headless Chromium through chromedriver, then removes the
# profile folders the runner leaves in /tmp. With no arguments: the glue tests
# (tests/web_glue.rs); otherwise the arguments go to `cargo test` (make bench runs the
# ignored wasm benchmark this way).
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp)
trap 'comm -13 "$before" <(ls -d /tmp/org.chromium.Chromium.* 2>/dev/null | sort) | xargs -r rm -rf; rm -f "$before"' EXIT
ls -d /tmp/org.chromium.Chromium.* 2>/dev/null | sort > "$before" || true
if [ $# -eq 0 ]; then set -- --test web_glue; fi
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p authpilot "$@"
