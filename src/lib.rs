//! AuthPilot: guides a Microsoft 365 admin through Exchange Online's Basic-auth self-help
//! diagnostic. `core` decides everything and is tested natively; `web` is the thin
//! wasm-bindgen front that talks to Chrome and the DOM.

#[macro_use]
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The command line `authpilot` (src/bin/authpilot.rs), native only (docs/cli.md).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
