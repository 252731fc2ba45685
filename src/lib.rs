//! AuthPilot: a Chrome and Edge extension for Microsoft 365 admins. On the admin center it
//! guides each SMTP AUTH change of December 2026 (the organisation's switch, the authentication
//! policy, each mailbox) and records what the page said, and it rehearses the 2022 Exchange
//! Online Basic-auth diagnostic under a practice date; every action goes into a hash-chained log
//! that exports, imports and reconciles with the tenant's own audit record.
//!
//! `core` decides everything and is tested natively; `web` is the thin wasm-bindgen front that
//! talks to Chrome and the DOM (wasm only). The command line `authpilot` is its own crate over
//! this one (`cli/`).

#[macro_use]
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
