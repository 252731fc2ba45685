//! The messages the service worker accepts, and the checks on who may send each one.
//! Anything that does not parse into `Request` is refused with a reason.

use serde::{Deserialize, Serialize};

use super::diagnostic::{Press, Snapshot};
use super::hosts::{classify, Location};
use super::log::{Draft, Outcome};
use super::protocols::Protocol;

/// A message to the service worker, as `{"type": "...", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
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
    LogSummary,
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
    OverlayState,
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
    /// Whether this origin may make this request: the content script only reports what it
    /// sees; everything that reads or changes the log comes from AuthPilot's own pages.
    pub fn may(&self, request: &Request) -> bool {
        let from_page = matches!(
            request,
            Request::PagePresent { .. } | Request::Observe { .. } | Request::Pressed { .. }
        );
        match self {
            Origin::AdminCenterPage { .. } => from_page,
            Origin::ExtensionPage { .. } => !from_page,
        }
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
}

/// The session-storage key for a tab's presence record.
pub fn presence_key(tab_id: i64) -> String {
    format!("tab:{tab_id}")
}

/// The session-storage key for the guide's state of a tab.
pub fn tab_state_key(tab_id: i64) -> String {
    format!("guide:{tab_id}")
}

/// The local-storage key for a submission waiting for its result in a tab.
pub fn pending_key(tab_id: i64) -> String {
    format!("pending:{tab_id}")
}
