//! The action log: one entry per opt-out or re-enable action on one protocol, each chained
//! to the one before by SHA-256 so any later change shows. Entries are never edited: a
//! change of outcome is a new entry that `supersedes` the first.

mod canonical;
mod chain;
mod entry;
mod entry_text;
pub mod export;
pub mod import;
mod manual;
#[cfg(not(target_arch = "wasm32"))]
mod parallel;
pub mod store;
mod summary;

// The log's facade: its items live in the modules above, which use one another directly
// (never through here), so the layer test sees no cycle.
pub use chain::{chain_all, verify, verify_from, verify_hashed, verify_links, ChainBreak, Link};
pub use entry::*;
pub use manual::ManualForm;
#[cfg(not(target_arch = "wasm32"))]
pub use parallel::{hashes_hold, read_links_parallel, read_log_parallel};
pub use summary::{latest_by_protocol, Summary};
