//! SMTP AUTH Basic authentication: the deadline still ahead (end of December 2026). Its
//! phases and plan, the senders an organisation lists, the exact PowerShell for each switch,
//! and what a device's error text means. Every fact comes from `shared/docs/smtp-auth.md`
//! with its confidence; what is unconfirmed there is marked so here (`Confidence`), and the
//! popup says so beside it. Each fact lives in one place, to be corrected once: timeline (the
//! phases), plan (the steps and their PowerShell), senders, explain (a device's error; the
//! board), reminders, switches (the switches on the admin-center pages), next (the step to take now,
//! which the first screen and the helper lead with).

/// How sure a fact is (smtp-auth.md: "confirmed" = a Microsoft source says it).
mod timeline;
pub use timeline::*;
mod plan;
pub use plan::*;
mod senders;
pub use senders::*;
mod explain;
pub use explain::*;
mod reminders;
pub use reminders::*;
mod switches;
pub use switches::*;
mod next;
pub use next::*;
