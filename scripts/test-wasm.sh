#!/usr/bin/env bash
# Runs the wasm-bindgen tests (tests/web_glue.rs) in headless Chromium through
# chromedriver, then removes the profile folders the runner leaves in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp)
trap 'comm -13 "$before" <(ls -d /tmp/org.chromium.Chromium.* 2>/dev/null | sort) | xargs -r rm -rf; rm -f "$before"' EXIT
ls -d /tmp/org.chromium.Chromium.* 2>/dev/null | sort > "$before" || true
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_glue
