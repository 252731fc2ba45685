//! The in-page helper: its model (what it is given to show: model), the page elements it can
//! point at and outline (target), and its views — the 2022 diagnostic's walk-through and the
//! tab's state it reads from observations (guide), SMTP AUTH's views of a switch and of today's
//! step (smtp). One name, "helper", for the in-page helper everywhere in the core.

pub mod guide;
pub mod model;
mod smtp;
pub mod target;
pub mod update;

pub use guide::*;
pub use model::{HelperControl, HelperModel};
pub use target::Target;
