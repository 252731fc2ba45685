//! The worker's answers: `{ok: true, …}` with one of these types' fields, or
//! `{ok: false, error}` ([`Refusal`]). The worker writes them and the pages (and the content
//! script, in plain JS, by the same field names) read them.

use serde::{Deserialize, Serialize};

use super::{HelperPrefs, TabPresence};
use crate::core::cloud::Cloud;
use crate::core::diagnostic::Pending;
use crate::core::log::{Action, Entry, Summary};
use crate::core::protocols::Protocol;
use crate::core::walkthrough::{PageElement, TabState};

/// Any refusal: what went wrong, in words the admin may be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub ok: bool,
    pub error: String,
}

impl Refusal {
    pub fn new(error: impl Into<String>) -> Refusal {
        Refusal {
            ok: false,
            error: error.into(),
        }
    }
}

/// `page-present`: the admin center is here; the helper's remembered state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagePresent {
    pub active: bool,
    pub host: String,
    pub cloud: Cloud,
    pub helper: Option<HelperPrefs>,
    /// How the content script frames the helper (`core::prefs::FRAME`).
    pub frame: crate::core::prefs::FrameLayout,
    /// How long the content script watches for a press's result
    /// (`core::pending::WATCH_MS`).
    pub watch_ms: u64,
    /// How the content script delivers what carries an action (`core::delivery::POLICY`).
    pub delivery: crate::core::delivery::Policy,
    /// How long after a spinner went (or a panel closed) a save is said to have gone with no
    /// message (`core::pending::GRACE_MS`), and the longest a new message is given to
    /// finish appearing before it is read (`core::pending::APPEAR_MS`).
    pub grace_ms: u64,
    pub appear_ms: u64,
}

/// `tab-status`: what the worker knows of a tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabStatus {
    pub content_script_seen: bool,
    pub presence: Option<TabPresence>,
}

/// `observe`: what the content script should do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    pub highlight: Option<PageElement>,
    pub prefill: Option<PrefillAsk>,
    pub recheck_ms: Option<u64>,
    pub show_helper: bool,
}

/// Fill this query (and search, when `submit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefillAsk {
    pub query: String,
    pub submit: bool,
}

/// `pressed`: whether a click on Update started a submission, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pressed {
    pub accepted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// `name-mailbox`: the address as recorded (lower-cased), and whether the change was
/// recorded now (its result had come) or waits for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub mailbox: String,
    pub recorded: bool,
}

/// `switch-result`: what the message settled the pending change as, if it did; `held`:
/// it came before its press, and is kept until the press arrives (issue 31). What the content
/// script does next is said here too (issue 33), so it restates no rule: `ends_watch` — the
/// change is settled, stop watching the page for it; `box_saved` — the box's state is now the
/// saved one (a Save without a change from here records nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SwitchSettled {
    pub outcome: Option<super::Outcome>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub held: bool,
    #[serde(default)]
    pub ends_watch: bool,
    #[serde(default)]
    pub box_saved: bool,
}

impl SwitchSettled {
    /// The answer for a change settled with `outcome` (or not settled): a success or a failure
    /// ends the watch; only a success saves the box's state (a failure saved nothing, so Save
    /// again is still a change); `submitted` keeps watching for a result that supersedes it.
    pub fn after(outcome: Option<super::Outcome>) -> SwitchSettled {
        use super::Outcome;
        SwitchSettled {
            outcome,
            held: false,
            ends_watch: matches!(outcome, Some(Outcome::Succeeded | Outcome::Failed)),
            box_saved: outcome == Some(Outcome::Succeeded),
        }
    }
}

/// `prefill`: the content script's reply, passed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefilled {
    #[serde(default)]
    pub filled: bool,
    #[serde(default)]
    pub submitted: bool,
}

/// The content script's own reply to the helper's "Copy page report" (`TabMessage::PageReport`).
#[derive(Debug, Clone, Deserialize)]
pub struct PageReportReply {
    pub report: crate::core::page::report::PageReport,
}

/// The content script's own reply to a pre-fill: `{ok, filled, submitted}` or
/// `{ok: false, error: "help-button" | "search-box"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefillReply {
    pub ok: bool,
    #[serde(default)]
    pub filled: bool,
    #[serde(default)]
    pub submitted: bool,
    #[serde(default)]
    pub error: Option<String>,
}

/// `helper-view`: what the guide knows of the helper's tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelperView {
    pub state: TabState,
    pub pending: Option<Pending>,
    pub latest: Vec<Entry>,
    #[serde(rename = "tabId")]
    pub tab_id: i64,
    pub cloud: Cloud,
    /// The settings in force (on the wire in their stored form, `Settings::to_stored`); boxed,
    /// as the largest part of any answer.
    #[serde(default)]
    pub settings: Box<crate::core::settings::Settings>,
    /// The SMTP AUTH plan's page the tab shows, if any.
    #[serde(default)]
    pub place: Option<crate::core::smtp::Place>,
    /// The helper's remembered state (written by the worker: a change pushes every view).
    #[serde(default)]
    pub prefs: HelperPrefs,
}

/// `helper`: the helper's remembered state after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helper {
    pub prefs: HelperPrefs,
}

/// `log-append`, `log-update`: the entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appended {
    pub entry: Entry,
}

/// `log-summary`: the board's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryAnswer {
    pub summary: Summary,
}

/// `log-history`: every entry of one protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub entries: Vec<Entry>,
}

/// `log-export`: the file's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub content: String,
    pub count: u64,
}

/// `log-import`: how many entries were new, and how many were there already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub added: u64,
    pub already_present: u64,
}

/// The answer to each request, one type per request (issue 25): the worker writes an
/// `Answer` (`{ok: true, …}` with its fields) and a page reads the one its request gets
/// with [`Answer::read`] — which type answers which request is decided here, once.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    PagePresent(PagePresent),
    TabStatus(TabStatus),
    Appended(Appended),
    Summary(SummaryAnswer),
    History(History),
    Exported(Exported),
    Imported(Imported),
    Observed(Observed),
    Pressed(Pressed),
    Prefilled(Prefilled),
    HelperView(HelperView),
    Named(Named),
    Settled(SwitchSettled),
    Helper(Helper),
}

macro_rules! answer_from {
    ($($variant:ident($type:ty)),* $(,)?) => {
        $(impl From<$type> for Answer {
            fn from(value: $type) -> Answer {
                Answer::$variant(value)
            }
        })*
    };
}
answer_from!(
    PagePresent(PagePresent),
    TabStatus(TabStatus),
    Appended(Appended),
    Summary(SummaryAnswer),
    History(History),
    Exported(Exported),
    Imported(Imported),
    Observed(Observed),
    Pressed(Pressed),
    Prefilled(Prefilled),
    HelperView(HelperView),
    Named(Named),
    Settled(SwitchSettled),
    Helper(Helper),
);

impl Answer {
    /// Reads the answer `request` gets from its wire form: `Err` with the worker's words
    /// for a refusal (`{ok: false, error}`), or why the answer is not the request's type.
    pub fn read(request: &super::Request, wire: serde_json::Value) -> Result<Answer, String> {
        use super::Request as R;
        if wire.get("ok").and_then(|o| o.as_bool()) != Some(true) {
            return Err(wire
                .get("error")
                .and_then(|e| e.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| t!("error_worker_refused")));
        }
        fn as_<T: serde::de::DeserializeOwned>(
            wire: serde_json::Value,
            to: fn(T) -> Answer,
        ) -> Result<Answer, String> {
            serde_json::from_value(wire)
                .map(to)
                .map_err(|e| t!("error_answer_unreadable", e.to_string()))
        }
        match request {
            R::PagePresent { .. } => as_(wire, Answer::PagePresent),
            R::TabStatus { .. } => as_(wire, Answer::TabStatus),
            R::LogAppend { .. } | R::LogUpdate { .. } => as_(wire, Answer::Appended),
            R::LogSummary {} => as_(wire, Answer::Summary),
            R::LogHistory { .. } => as_(wire, Answer::History),
            R::LogExport { .. } => as_(wire, Answer::Exported),
            R::LogImport { .. } => as_(wire, Answer::Imported),
            R::Observe { .. } => as_(wire, Answer::Observed),
            R::Pressed { .. } | R::SwitchPressed { .. } => as_(wire, Answer::Pressed),
            R::Prefill { .. } => as_(wire, Answer::Prefilled),
            R::HelperView {} => as_(wire, Answer::HelperView),
            R::NameMailbox { .. } => as_(wire, Answer::Named),
            R::SwitchResult { .. } => as_(wire, Answer::Settled),
            R::Helper { .. } => as_(wire, Answer::Helper),
        }
    }
}
