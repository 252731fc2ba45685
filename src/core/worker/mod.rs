//! The service worker's rules, as one state machine: `handle(request, origin, storage, env)`
//! answers a message and says what follows — storage changes, alarms, the badge,
//! notifications and the views to push — and each Chrome event (`tab_updated`,
//! `tab_removed`, `alarm`, `browser_started`, `settings_changed`) does the same. Nothing here
//! waits or touches Chrome: `run::run_step` loads what a step asks for and runs it again, cold
//! or warm, over a storage `Backend` (`chrome.storage` in `web::copy`, a map in native tests),
//! and `web::worker` carries out what it returns.

mod event;
pub mod log;
mod press;
mod request;
pub mod run;
mod step;
pub mod storage;
mod tab;

pub use event::{
    alarm, browser_started, settings_changed, tab_removed, tab_updated, tab_view, waiting_tabs,
};
pub use step::{handle, handle_read, refusal, view, Done, Effect, Env, PREFS_KEY};
pub use tab::prefill_answer;
