//! Platform-neutral logic: everything AuthPilot decides, with no JS or DOM in sight, so
//! native `cargo test` reaches every rule.

#[macro_use]
pub mod i18n;

pub mod address;
pub mod alarms;
pub mod audit;
pub mod cloud;
pub mod csv;
pub mod delivery;
pub mod diagnostic;
pub mod field;
pub mod helper;
pub mod keys;
pub mod log;
pub mod managed;
pub mod messages;
pub mod page;
pub mod pending;
pub mod popup;
pub mod prefs;
pub mod protocols;
pub mod report;
pub mod settings;
pub mod smtp;
pub mod status;
pub mod time;
pub mod view;
pub mod walkthrough;
pub mod worker;
