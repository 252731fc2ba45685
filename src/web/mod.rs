//! The only Rust that touches JavaScript: Chrome API bindings, storage, DOM rendering, and
//! the entry points the extension's thin JS loaders call.

pub mod boundary;
pub mod chrome;
pub mod copy;
pub mod dom;
pub mod files;
pub mod helper;
pub mod popup;
pub mod report;
pub mod storage;
pub mod worker;

// The boundary's items, as the crate's other users (the two wasm modules, the tests) name them.
pub use boundary::*;
