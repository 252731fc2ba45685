//! The messages the service worker accepts, and the checks on who may send each one.
//! Anything that does not parse into `Request` is refused with a reason.

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::{Press, Snapshot};
use crate::core::log::{Draft, Outcome};
use crate::core::page::hosts::{classify, Location};
use crate::core::protocols::Protocol;

/// A message to the service worker. On the wire (what `chrome.runtime.sendMessage` carries,
/// and what content.js writes) it is `{"type": "...", ...fields}`; serde sees it externally
/// tagged, `{"...": {fields}}` — `to_wire`/`from_wire` here (and `web::request_to_js`/
/// `request_from_js` on JS values) move the tag. An internally tagged enum made serde buffer
/// every message and compile every nested type's deserializer twice: 14.5 KB of the gzipped
/// wasm (issue 11). The pages build these values and the worker reads them, so both sides
/// share one type. Variants without fields are written `{}` so that serde refuses unknown
/// fields on them too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Request {
    /// From the content script: "an admin-center page is here, on this hash route".
    #[serde(rename = "page-present")]
    PagePresent { route: String },
    /// From the popup: what AuthPilot knows of a tab.
    #[serde(rename = "tab-status")]
    TabStatus {
        #[serde(rename = "tabId")]
        tab_id: i64,
    },
    /// From the popup: record one action ("Record manually").
    #[serde(rename = "log-append")]
    LogAppend { draft: Draft },
    /// From the popup: a later outcome for a `submitted` entry.
    #[serde(rename = "log-update")]
    LogUpdate {
        target: String,
        outcome: Outcome,
        id: String,
    },
    /// From the popup or overlay: the board's data.
    #[serde(rename = "log-summary")]
    LogSummary {},
    /// From the popup: every entry for one protocol.
    #[serde(rename = "log-history")]
    LogHistory { protocol: Protocol },
    /// From the popup: the whole log as a file's text.
    #[serde(rename = "log-export")]
    LogExport { format: ExportFormat },
    /// From the popup: an exported JSON file's text to merge.
    #[serde(rename = "log-import")]
    LogImport { text: String },
    /// From the content script: what the page shows now.
    #[serde(rename = "observe")]
    Observe { snapshot: Snapshot },
    /// From the content script: the diagnostic's Update button was clicked.
    #[serde(rename = "pressed")]
    Pressed { press: Press },
    /// From the popup (naming the tab) or the overlay (its own tab): fill the query.
    #[serde(rename = "prefill")]
    Prefill {
        #[serde(rename = "tabId", default)]
        tab_id: Option<i64>,
        submit: bool,
    },
    /// From the overlay: what the guide knows of its tab.
    #[serde(rename = "overlay-state")]
    HelperView {},
    /// From the content script: Save was clicked beside an SMTP AUTH switch.
    #[serde(rename = "switch-pressed")]
    SwitchPressed {
        press: crate::core::smtp::SwitchPress,
    },
    /// From the content script: a new message in the panel of a pending SMTP AUTH change (or
    /// a toast), as the page shows it, with the kind its markup gives (Fluent's success or
    /// error bar); the core reads whether it is the saved message or an error.
    #[serde(rename = "switch-result")]
    SwitchResult {
        /// Its delivery id (issue 31), and the delivery id of the press it answers.
        id: String,
        press: String,
        text: String,
        #[serde(default)]
        kind: Option<crate::core::page::words::MessageKind>,
        /// No message, but the page showed the save went: its spinner came and went, or its
        /// panel closed. The change is recorded `submitted` at once; a message read later
        /// supersedes it.
        #[serde(default)]
        sent: bool,
        /// The message's language (its nearest `lang`), such as `de-DE`: its words are read
        /// only in a language AuthPilot has a table for (issue 32).
        #[serde(default)]
        lang: Option<String>,
    },
    /// From the overlay: the address of the mailbox whose change is waiting for it (the
    /// flyout did not show one).
    #[serde(rename = "name-mailbox")]
    NameMailbox { id: String, address: String },
    /// From the popup (naming the tab: "Show the helper") or the helper (its own tab): a
    /// change to the helper's remembered state, which the worker writes (issue 25) and tells
    /// the tab's content script and every helper.
    #[serde(rename = "helper")]
    Helper {
        change: HelperChange,
        #[serde(rename = "tabId", default)]
        tab_id: Option<i64>,
    },
}

/// Where the admin let go of the helper after dragging it, as the page measured its frame
/// (CSS pixels): its left edge and width, its gap to the window's bottom, the window's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dropped {
    pub left: i32,
    pub width: i32,
    pub gap: i32,
    pub viewport_width: i32,
}

/// The highest the helper is remembered above the window's bottom (px): a drop above it is kept
/// at it, so a remembered place is on screen in any window AuthPilot is likely to meet.
pub const MAX_LIFT: u32 = 2000;

/// What the admin did to the helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelperChange {
    /// "Show the helper" (the popup): shown again, where it was docked.
    #[serde(rename = "show")]
    Show,
    #[serde(rename = "minimise")]
    Minimise,
    #[serde(rename = "restore")]
    Restore,
    #[serde(rename = "close")]
    Close,
    /// "Move": to the other side of the page.
    #[serde(rename = "dock")]
    Dock,
    /// Dragged and let go: it docks to the nearer side, at the height it was left.
    #[serde(rename = "place")]
    Place(Dropped),
}

/// The key that names a request on the wire.
impl Request {
    /// The request's name on the wire.
    pub fn name(&self) -> &'static str {
        match self {
            Request::PagePresent { .. } => "page-present",
            Request::TabStatus { .. } => "tab-status",
            Request::LogAppend { .. } => "log-append",
            Request::LogUpdate { .. } => "log-update",
            Request::LogSummary {} => "log-summary",
            Request::LogHistory { .. } => "log-history",
            Request::LogExport { .. } => "log-export",
            Request::LogImport { .. } => "log-import",
            Request::Observe { .. } => "observe",
            Request::Pressed { .. } => "pressed",
            Request::Prefill { .. } => "prefill",
            Request::HelperView {} => "overlay-state",
            Request::SwitchPressed { .. } => "switch-pressed",
            Request::SwitchResult { .. } => "switch-result",
            Request::NameMailbox { .. } => "name-mailbox",
            Request::Helper { .. } => "helper",
        }
    }
}

pub const WIRE_TAG: &str = "type";

impl Request {
    /// The delivery id of a message that carries an admin's action or its result (issue 31):
    /// its sender sends it until the worker answers, and a repeat is answered as the first was.
    pub fn delivery_id(&self) -> Option<&str> {
        match self {
            Request::Pressed { press } => Some(&press.id),
            Request::SwitchPressed { press } => Some(&press.id),
            Request::SwitchResult { id, .. } | Request::NameMailbox { id, .. } => Some(id),
            Request::PagePresent { .. }
            | Request::TabStatus { .. }
            | Request::LogAppend { .. }
            | Request::LogUpdate { .. }
            | Request::LogSummary {}
            | Request::LogHistory { .. }
            | Request::LogExport { .. }
            | Request::LogImport { .. }
            | Request::Observe { .. }
            | Request::Prefill { .. }
            | Request::HelperView {}
            | Request::Helper { .. } => None,
        }
    }
}

impl Request {
    /// `{"type": kind, ...fields}` (the wire) from serde's `{kind: {fields}}`.
    pub fn to_wire(&self) -> serde_json::Value {
        let tagged = serde_json::to_value(self).expect("a request is JSON");
        let Some((kind, fields)) = tagged.as_object().and_then(|o| o.iter().next()) else {
            return tagged;
        };
        let mut wire = serde_json::Map::new();
        wire.insert(WIRE_TAG.into(), kind.clone().into());
        if let Some(fields) = fields.as_object() {
            wire.extend(fields.clone());
        }
        wire.into()
    }

    /// Reads the wire form: an object whose `type` names the request; every other key is a
    /// field of it.
    pub fn from_wire(wire: serde_json::Value) -> Result<Request, String> {
        let serde_json::Value::Object(mut fields) = wire else {
            return Err("a message must be an object".into());
        };
        let Some(serde_json::Value::String(kind)) = fields.remove(WIRE_TAG) else {
            return Err("a message needs a \"type\"".into());
        };
        let mut tagged = serde_json::Map::new();
        tagged.insert(kind, fields.into());
        serde_json::from_value(tagged.into()).map_err(|e| e.to_string())
    }
}

/// A message to AuthPilot's content script in a tab, from the worker or a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum TabMessage {
    /// Fill the diagnostic's query (and search, as Enter would).
    #[serde(rename = "prefill")]
    Prefill { query: String, submit: bool },
    /// The helper's remembered state; `show`: show the helper now ("Show the helper").
    #[serde(rename = "overlay-prefs")]
    Helper {
        prefs: HelperPrefs,
        #[serde(default)]
        show: bool,
    },
    /// Describe what the adapter sees, for "Copy page report".
    #[serde(rename = "page-report")]
    PageReport {},
}

/// A message the worker broadcasts to its own pages (`chrome.runtime.sendMessage`), for the
/// in-page helpers: a view changed (one tab's, or every tab's when `tab` is none). A helper holds
/// a port only while the worker runs; Chrome closes it when it stops the idle worker, and the
/// helper does not reconnect (that started the worker once per idle half-minute, issue 24) —
/// this tells it to connect again because there is something new to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum PageMessage {
    #[serde(rename = "views-changed")]
    ViewsChanged {
        #[serde(default)]
        tab: Option<i64>,
    },
}

impl PageMessage {
    /// Whether a helper in `tab` has something new to ask for.
    pub fn concerns(&self, tab: Option<i64>) -> bool {
        match self {
            PageMessage::ViewsChanged { tab: None } => true,
            PageMessage::ViewsChanged { tab: Some(t) } => tab == Some(*t),
        }
    }
}

/// The in-page helper's preferences, remembered across pages (storage key `overlay`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperPrefs {
    #[serde(default)]
    pub minimised: bool,
    #[serde(default)]
    pub closed: bool,
    /// Docked on the right of the page (the admin moved it there); the left otherwise.
    #[serde(default)]
    pub right: bool,
    /// How far above the window's bottom the admin dragged it (px; 0: the corner).
    #[serde(default)]
    pub lift: u32,
}

impl HelperPrefs {
    /// The prefs after the admin's change: showing it again opens it where it was docked;
    /// Move switches the side; the rest keep the side.
    pub fn apply(self, change: HelperChange) -> HelperPrefs {
        match change {
            HelperChange::Show => HelperPrefs {
                minimised: false,
                closed: false,
                ..self
            },
            HelperChange::Minimise => HelperPrefs {
                minimised: true,
                ..self
            },
            HelperChange::Restore => HelperPrefs {
                minimised: false,
                ..self
            },
            HelperChange::Close => HelperPrefs {
                closed: true,
                ..self
            },
            HelperChange::Dock => HelperPrefs {
                right: !self.right,
                ..self
            },
            // The nearer side is the one its middle was dropped in; the height is kept, within
            // the window (never below its bottom, never above MAX_LIFT).
            HelperChange::Place(d) => HelperPrefs {
                right: 2 * d.left + d.width > d.viewport_width,
                lift: d.gap.clamp(0, MAX_LIFT as i32) as u32,
                ..self
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "csv")]
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json",
            ExportFormat::Csv => "text/csv;charset=utf-8",
        }
    }
}

/// Who sent a message, as Chrome's `MessageSender` describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Sender {
    /// The extension id of the sender.
    #[serde(default)]
    pub id: Option<String>,
    /// The URL of the sending page or frame.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub tab: Option<SenderTab>,
    #[serde(default, rename = "frameId")]
    pub frame_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SenderTab {
    pub id: i64,
}

/// Where a message came from, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// One of AuthPilot's own extension pages (popup, overlay); `tab_id` when it is shown
    /// inside a tab (the overlay's iframe, or the popup opened as a page).
    ExtensionPage { tab_id: Option<i64> },
    /// AuthPilot's content script in an admin-center tab.
    AdminCenterPage {
        tab_id: i64,
        frame_id: i64,
        location: Location,
    },
}

impl Origin {
    /// The tab a message came from: the content script's, or the extension page's shown in one.
    pub fn tab(&self) -> Option<i64> {
        match self {
            Origin::AdminCenterPage { tab_id, .. } => Some(*tab_id),
            Origin::ExtensionPage { tab_id } => *tab_id,
        }
    }
}

/// Who sends a request: each request has one sender, named once in [`Request::sent_by`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentBy {
    /// The content script: it only reports what the page shows.
    ContentScript,
    /// AuthPilot's own pages (popup, helper, report): everything that reads or changes the log.
    OwnPage,
}

impl Request {
    /// The one sender of each request. The match has no catch-all: a new request does not
    /// compile until it is given its sender here.
    pub fn sent_by(&self) -> SentBy {
        match self {
            Request::PagePresent { .. }
            | Request::Observe { .. }
            | Request::Pressed { .. }
            | Request::SwitchPressed { .. }
            | Request::SwitchResult { .. } => SentBy::ContentScript,
            Request::TabStatus { .. }
            | Request::LogAppend { .. }
            | Request::LogUpdate { .. }
            | Request::LogSummary {}
            | Request::LogHistory { .. }
            | Request::LogExport { .. }
            | Request::LogImport { .. }
            | Request::Prefill { .. }
            | Request::HelperView {}
            | Request::NameMailbox { .. }
            | Request::Helper { .. } => SentBy::OwnPage,
        }
    }
}

impl Origin {
    /// Whether this origin may make this request: only its one sender may (`Request::sent_by`).
    pub fn may(&self, request: &Request) -> bool {
        let sender = match self {
            Origin::AdminCenterPage { .. } => SentBy::ContentScript,
            Origin::ExtensionPage { .. } => SentBy::OwnPage,
        };
        request.sent_by() == sender
    }
}

/// Decides whether `sender` is AuthPilot's own page or its content script on the admin
/// center. `own_id` is `chrome.runtime.id`.
pub fn check_sender(sender: &Sender, own_id: &str) -> Result<Origin, String> {
    if sender.id.as_deref() != Some(own_id) {
        return Err("message from another extension or a web page refused".to_string());
    }
    let url = sender.url.as_deref().unwrap_or("");
    // The popup or overlay, whether shown as a popup, in a tab or in an iframe.
    if url.starts_with(&format!("chrome-extension://{own_id}/")) {
        return Ok(Origin::ExtensionPage {
            tab_id: sender.tab.as_ref().map(|t| t.id),
        });
    }
    let tab = sender.tab.as_ref().ok_or("message without a tab refused")?;
    let location = classify(url);
    if !location.is_admin_center() {
        return Err(format!(
            "message from a page that is not the admin center refused ({url})"
        ));
    }
    Ok(Origin::AdminCenterPage {
        tab_id: tab.id,
        frame_id: sender.frame_id.unwrap_or(0),
        location,
    })
}

/// What the service worker keeps (in session storage) about a tab its content script
/// reported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabPresence {
    pub host: String,
    pub route: String,
    pub at: String,
    /// The SMTP AUTH plan's page the tab shows (the helper says what to do there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<crate::core::smtp::Place>,
}

/// The session-storage key for a tab's presence record.
pub fn presence_key(tab_id: i64) -> String {
    crate::core::keys::StoreKey::Presence(tab_id).name()
}

/// The session-storage key for the guide's state of a tab.
pub fn tab_state_key(tab_id: i64) -> String {
    crate::core::keys::StoreKey::TabState(tab_id).name()
}

/// The local-storage key for a submission waiting for its result in a tab.
pub fn pending_key(tab_id: i64) -> String {
    crate::core::keys::StoreKey::Pending(tab_id).name()
}

/// The worker's answers: `{ok: true, …}` with one of these types' fields, or
/// `{ok: false, error}` ([`Refusal`]). The worker writes them and the pages (and the content
/// script, in plain JS, by the same field names) read them.
pub mod answers {
    use serde::{Deserialize, Serialize};

    use super::{HelperPrefs, TabPresence};
    use crate::core::cloud::Cloud;
    use crate::core::diagnostic::Pending;
    use crate::core::helper::{TabState, Target};
    use crate::core::log::{Action, Entry, Summary};
    use crate::core::protocols::Protocol;

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
        pub overlay: Option<HelperPrefs>,
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
        pub highlight: Option<Target>,
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
    /// it came before its press, and is kept until the press arrives (issue 31).
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SwitchSettled {
        pub outcome: Option<super::Outcome>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub held: bool,
    }

    /// `prefill`: the content script's reply, passed on.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Prefilled {
        #[serde(default)]
        pub filled: bool,
        #[serde(default)]
        pub submitted: bool,
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

    /// `overlay-state`: what the guide knows of the helper's tab.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct HelperView {
        pub state: TabState,
        pub pending: Option<Pending>,
        pub latest: Vec<Entry>,
        #[serde(rename = "tabId")]
        pub tab_id: i64,
        pub cloud: Cloud,
        /// The settings in force, as stored (`Settings::to_stored`).
        #[serde(default)]
        pub settings: serde_json::Value,
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
}
