//! The 2022 diagnostic's walk-through on one tab, as a domain: the steps and which is current
//! (steps), the page elements a step can point at (element), and what the worker keeps of a tab
//! and decides on each observation of it (tab). The helper draws it (`core::helper::guide`);
//! the wire carries its state (`core::messages`); the worker runs it (`core::worker`).

mod element;
mod steps;
mod tab;

pub use element::PageElement;
pub use steps::*;
pub use tab::*;
