//! The messages the service worker accepts, and the checks on who may send each one.
//! Anything that does not parse into `Request` is refused with a reason.

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::{Press, Snapshot};
use crate::core::log::{Draft, Outcome};
use crate::core::page::hosts::{classify, Location};
pub use crate::core::prefs::{Dropped, HelperChange, HelperPrefs, MAX_LIFT};
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
    /// From the popup or the helper: the board's data.
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
    /// From the popup (naming the tab) or the helper (its own tab): fill the query.
    #[serde(rename = "prefill")]
    Prefill {
        #[serde(rename = "tabId", default)]
        tab_id: Option<i64>,
        submit: bool,
    },
    /// From the helper: what the guide knows of its tab.
    #[serde(rename = "helper-view")]
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
    /// From the helper: the address of the mailbox whose change is waiting for it (the
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
            Request::HelperView {} => "helper-view",
            Request::SwitchPressed { .. } => "switch-pressed",
            Request::SwitchResult { .. } => "switch-result",
            Request::NameMailbox { .. } => "name-mailbox",
            Request::Helper { .. } => "helper",
        }
    }
}

pub const WIRE_TAG: &str = "type";

impl Request {
    /// Whether the request only reads (the log's board and a protocol's history, what the
    /// worker knows of a tab): a page may answer it itself with the worker's own step over
    /// storage, read-only (`core::worker::run::read_step`), instead of starting the worker
    /// (issue 34).
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            Request::LogSummary {} | Request::LogHistory { .. } | Request::TabStatus { .. }
        )
    }

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
    #[serde(rename = "helper-prefs")]
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
    /// One of AuthPilot's own extension pages (popup, helper, report); `tab_id` when it is shown
    /// inside a tab (the helper's iframe, or the popup opened as a page).
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
    // The popup, the helper or the report, whether shown as a popup, in a tab or in an iframe.
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

/// The name of the port each in-page helper opens to be pushed its tab's view (`sw.js` lets no
/// other through; pinned by tests/core_keys.rs).
pub const HELPER_PORT: &str = "helper";

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

pub mod answers;
