//! The in-page helper: its model (what it is given to show: model), its state machine (update),
//! and its views — the 2022 diagnostic's walk-through (guide, drawn from `core::walkthrough`),
//! SMTP AUTH's views of a switch and of today's step (smtp). One name, "helper", for the in-page
//! helper everywhere in the core.

pub mod guide;
pub mod model;
mod smtp;
pub mod update;

pub use guide::*;
pub use model::{HelperControl, HelperModel};
