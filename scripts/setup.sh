#!/usr/bin/env bash
# Installs what building and testing AuthPilot needs, and nothing else. Idempotent: each
# step checks first and is skipped when its tool is already there, so a warm run takes
# about a second. Called by `make` targets; safe to run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml

say() { printf '[setup] %s\n' "$*"; }

# 1. The wasm target for the Rust toolchain.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI (and its test runner) at exactly the crate's version.
if ! command -v wasm-bindgen >/dev/null 2>&1 \
   || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~2-3 minutes once)"
  # no --locked: the CLI's lock file pins a webpki-roots version that fails to build
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. Debian's Chromium and ChromeDriver (branded Chrome dropped --load-extension).
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver openssl >/dev/null
  else
    say "ERROR: /usr/bin/chromium and /usr/bin/chromedriver are needed; install Debian's chromium and chromium-driver" >&2
    exit 1
  fi
fi
command -v openssl >/dev/null 2>&1 || { say "ERROR: openssl is needed for the test certificate" >&2; exit 1; }

# 3b. Chromium's Japanese UI (chromium-l10n: without ja.pak, --lang=ja falls back to English and
#     chrome.i18n never picks AuthPilot's Japanese) and a Japanese font for the screenshots.
if ! [ -f /usr/lib/chromium/locales/ja.pak ] || ! fc-list :lang=ja 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium-l10n and fonts-ipafont-gothic (Japanese UI and font)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-l10n fonts-ipafont-gothic >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-l10n fonts-ipafont-gothic >/dev/null; }
  else
    say "ERROR: the Japanese tests need Debian's chromium-l10n and fonts-ipafont-gothic" >&2
    exit 1
  fi
fi

# 4. npm packages (playwright-core, binaryen's wasm-opt) from the committed lock file.
if ! [ -d node_modules ] || ! [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
