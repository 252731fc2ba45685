//! A press that counts and waits for the page's answer — the diagnostic's Update or Save beside
//! an SMTP AUTH switch — and what becomes of it once the answer is read. Its own module, so the
//! diagnostic and SMTP AUTH share it without depending on each other.

use serde::{Deserialize, Serialize};

use crate::core::log::{Action, Outcome};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

/// How long a pressed Update may wait for a result before it is recorded as `submitted`.
pub const RESULT_WAIT_SECONDS: i64 = 120;
/// How long the content script watches the page for a result after an accepted press: the
/// wait above and a few seconds for a message that arrives as it ends (the worker's alarm ends
/// the wait itself). Sent to the content script in the answer to `page-present`, so the page
/// side restates no time (issue 25).
pub const WATCH_MS: u64 = (RESULT_WAIT_SECONDS as u64 + 5) * 1000;
/// How long the page may take, after its spinner went or its panel closed, to show a message
/// before a save is said to have gone without one (a page may drop its spinner a render before
/// its message appears: the first clean-clone run of issue 19 caught exactly that).
pub const GRACE_MS: u64 = 1500;
/// The longest a new message is given to finish appearing before it is read (issue 32): Fluent
/// v9 draws a toast's intent icon — the only place its kind shows — as the toast enters, so a
/// message read on its first frame may show no kind yet. Read once its entrance is over, or after
/// this long.
pub const APPEAR_MS: u64 = 600;

/// A press of Update that counts, waiting for its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The id its log entry will have, so settling twice records it once.
    pub id: String,
    /// The delivery id of the press that started it (issue 31): a page's result names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub press: Option<String>,
    pub protocol: Protocol,
    pub action: Action,
    pub at: String,
    pub host: String,
    pub cloud: crate::core::cloud::Cloud,
    /// Set while a practice date is in force, so rehearsals are told apart in the log.
    pub note: Option<String>,
    /// SMTP AUTH switches (issue 13): where the change applies, and the mailbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<crate::core::log::Scope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox: Option<String>,
    /// A mailbox change whose result came before its address: the outcome and message, kept
    /// until the admin names the mailbox in the helper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<(Outcome, Option<String>)>,
    /// The diagnostic region's texts at the press: none of them is ever its result.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts_before: Vec<String>,
    /// The entry already recorded `submitted` for it (the page answered in a way AuthPilot
    /// could not read as a result): a result read later supersedes that entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<String>,
}

/// What becomes of a pending submission once the page's answer is read (`settle`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Record it with this outcome and forget it.
    Record,
    /// Record it `submitted` now and keep watching: a result read within the wait supersedes it.
    RecordAndWatch,
    /// A result for an entry already recorded `submitted`: a new entry that supersedes it.
    Supersede(String),
    /// Nothing to record (already recorded `submitted`, and no result came): forget it.
    Forget,
    /// Nothing yet.
    Wait,
}

/// The rule for a settlement: a `submitted` read before the wait is over is recorded and
/// watched; a real outcome for one already recorded supersedes it; the wait's end forgets it.
pub fn next(pending: &Pending, outcome: Outcome, now: Instant) -> Next {
    match (&pending.submitted, outcome) {
        (None, Outcome::Submitted) if !expired(pending, now) => Next::RecordAndWatch,
        (None, _) => Next::Record,
        (Some(original), Outcome::Succeeded | Outcome::Failed) => Next::Supersede(original.clone()),
        (Some(_), _) if expired(pending, now) => Next::Forget,
        (Some(_), _) => Next::Wait,
    }
}

impl Pending {
    /// A mailbox change that cannot be recorded until the admin names the mailbox.
    pub fn asks_mailbox(&self) -> bool {
        self.scope == Some(crate::core::log::Scope::Mailbox) && self.mailbox.is_none()
    }
}

/// Whether a pending submission has waited long enough to be recorded as `submitted`.
pub fn expired(pending: &Pending, now: Instant) -> bool {
    Instant::parse_rfc3339(&pending.at).map_or(true, |at| {
        now.unix_seconds() - at.unix_seconds() >= RESULT_WAIT_SECONDS
    })
}

/// Why a pending press's wait ends without the page's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswered {
    /// Its tab closed (or is gone after the browser restarted).
    TabGone,
    /// Its alarm fired: the wait may be over.
    WaitOver,
}

/// What becomes of a pending press whose wait ends without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Recorded `submitted`: the admin pressed it; the page may have sent it.
    Record,
    /// Forgotten, recording nothing: already recorded `submitted`, or a mailbox change whose
    /// address was never named (there is no mailbox to record it under).
    Forget,
    /// Still waiting: its wait is not over, or its result is held for the mailbox's name.
    Keep,
}

/// The rule for a press whose tab is gone or whose wait may be over.
pub fn unanswered(pending: &Pending, why: Unanswered, now: Instant) -> Ending {
    let over = expired(pending, now);
    match why {
        _ if pending.submitted.is_some() => {
            if why == Unanswered::TabGone || over {
                Ending::Forget
            } else {
                Ending::Keep
            }
        }
        Unanswered::TabGone if pending.asks_mailbox() => Ending::Forget,
        Unanswered::WaitOver if !over => Ending::Keep,
        _ if pending.held.is_some() => Ending::Keep,
        _ => Ending::Record,
    }
}
