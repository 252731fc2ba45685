//! The toolbar popup as a pure function of what the popup knows: where the tab is, the
//! settings, the time. Every word and every state the popup shows is decided here.

use super::cloud::Cloud;
use super::log::{Action, Entry, ManualForm, Outcome, Scope, Summary};
use super::protocols::Protocol;
use super::settings::{FieldError, Loaded, Settings, SettingsForm, SETTINGS_SCHEMA};
use super::time::Instant;
use super::view::{el, Element, Node};
use crate::core::diagnostic::timeline::{
    guidance, list_protocols, rehearsal, DiagnosticAction, Phase,
};
use crate::core::helper::is_done;
use crate::core::page::hosts::{effective_cloud, Center, Location};

pub mod audit;
mod log;
mod now;
mod record;
mod settings;
mod smtp;
use audit::*;
pub use log::short_time;
use log::*;
use now::*;
use record::*;
use settings::*;
use smtp::*;

/// Shows a stored UTC time (`2022-10-15T10:00:00Z`) the way the admin reads times: the web
/// front passes one in the admin's locale and time zone; `utc_times` is the fallback.
pub type TimeDisplay = std::rc::Rc<dyn Fn(&str) -> String>;

/// "2022-10-15 10:00 UTC": times as stored, for tests and when no locale is known.
pub fn utc_times() -> TimeDisplay {
    std::rc::Rc::new(short_time)
}

/// Everything the popup shows, gathered by the web front.
#[derive(Clone)]
pub struct PopupModel {
    pub location: Location,
    /// Whether AuthPilot's content script reported from this tab.
    pub content_script_seen: bool,
    pub loaded: Loaded,
    pub now: Instant,
    /// Problems with the last submitted settings form (shown next to the fields).
    pub form_errors: Vec<FieldError>,
    /// A one-line confirmation or failure, announced to screen readers.
    pub notice: Option<String>,
    /// The action log's board data, or why the worker could not give it.
    pub log: Result<Summary, String>,
    /// The protocol whose full history is open, with its entries.
    pub history: Option<(Protocol, Vec<Entry>)>,
    /// Problems with the last submitted "Record manually" form.
    pub record_errors: Vec<FieldError>,
    /// What the admin last submitted in each form, while it was refused or not saved: shown
    /// again as entered, so a refusal never costs the admin what they typed.
    pub settings_form: Option<SettingsForm>,
    pub record_form: Option<ManualForm>,
    /// "Record manually" is open: at once when the overlay's "Record manually" opened the
    /// popup, after a refusal, or because the admin opened it (kept across redraws).
    pub open_record: bool,
    /// How stored UTC times are shown.
    pub times: TimeDisplay,
    /// The PowerShell line the admin just copied that changes a setting: the popup asks
    /// whether it was run, to record it (copying alone records nothing).
    pub asked: Option<Asked>,
    /// What the admin pasted into the error explainer, and what AuthPilot made of it
    /// (`Some(None)`: not a text AuthPilot knows).
    pub explain_text: String,
    pub explained: Option<Option<super::smtp::Explanation>>,
    /// The tab shown (the popup is at most 800 × 600: one part at a time).
    pub tab: Tab,
    /// What the organisation set by policy (issue 14): its note, its tenant name, the fields
    /// it locks, and the values it set that are invalid.
    pub managed: super::managed::Managed,
    /// An audit file read and held against the log (issue 21), or why it was refused: in the
    /// popup's memory only, never stored.
    pub audit: Option<Result<AuditResult, String>>,
    /// The field a next step's button asked for (`smtp_senders`, `explain_text`): the web front
    /// focuses it after drawing, and the explainer is open for it.
    pub focus: Option<String>,
}

/// The popup's four parts. `Now` answers "where am I, what applies, what next" for the
/// 2022 diagnostic and SMTP AUTH; the others are one keystroke away (Alt+1 … Alt+4, or the
/// arrow keys on the tab list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Now,
    Smtp,
    Log,
    Settings,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Now, Tab::Smtp, Tab::Log, Tab::Settings];
    pub fn id(self) -> &'static str {
        match self {
            Tab::Now => "now",
            Tab::Smtp => "smtp",
            Tab::Log => "log",
            Tab::Settings => "settings",
        }
    }
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
    fn label(self) -> String {
        match self {
            Tab::Now => t!("nav_now"),
            Tab::Smtp => t!("nav_smtp"),
            Tab::Log => t!("nav_log"),
            Tab::Settings => t!("nav_settings"),
        }
    }
    /// The tab a key moves to from this one (ArrowLeft/Right wrap, Home, End).
    pub fn after_key(self, key: &str) -> Option<Tab> {
        let i = Tab::ALL.iter().position(|t| *t == self)?;
        let n = Tab::ALL.len();
        match key {
            "ArrowRight" => Some(Tab::ALL[(i + 1) % n]),
            "ArrowLeft" => Some(Tab::ALL[(i + n - 1) % n]),
            "Home" => Some(Tab::ALL[0]),
            "End" => Some(Tab::ALL[n - 1]),
            _ => None,
        }
    }
    /// The tab an address's `#fragment` asks for (`#record` is in the log, `#explain` — the
    /// error explainer — in SMTP AUTH).
    pub fn from_fragment(fragment: &str) -> Option<Tab> {
        match fragment.trim_start_matches('#') {
            "record" => Some(Tab::Log),
            "explain" => Some(Tab::Smtp),
            other => Tab::from_id(other),
        }
    }
}

/// The field an address's `#fragment` asks to focus (`#explain`: the explainer's text).
pub fn focus_from_fragment(fragment: &str) -> Option<String> {
    (fragment.trim_start_matches('#') == "explain").then(|| "explain_text".to_string())
}

/// A copied command that changes a setting, waiting for "did you run it?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub line: String,
    pub change: super::smtp::Change,
}

impl PopupModel {
    /// A popup with nothing yet said, no form problems, an empty log and times in UTC: the
    /// web front and tests set what they know on top of it.
    pub fn new(location: Location, loaded: Loaded, now: Instant) -> PopupModel {
        PopupModel {
            location,
            content_script_seen: false,
            loaded,
            now,
            form_errors: Vec::new(),
            notice: None,
            log: Ok(Summary::default()),
            history: None,
            record_errors: Vec::new(),
            settings_form: None,
            record_form: None,
            open_record: false,
            times: utc_times(),
            asked: None,
            explain_text: String::new(),
            explained: None,
            tab: Tab::Now,
            managed: super::managed::Managed::default(),
            audit: None,
            focus: None,
        }
    }

    pub fn settings(&self) -> &Settings {
        self.loaded.settings()
    }
}

/// Actions the popup's controls carry in `data-action`.
pub mod actions {
    pub const OPEN_ADMIN_CENTER: &str = "open-admin-center";
    pub const SAVE_SETTINGS: &str = "save-settings";
    pub const USE_TODAY: &str = "use-today";
    pub const HISTORY: &str = "history";
    pub const RECORD: &str = "record";
    pub const MARK: &str = "mark";
    pub const EXPORT: &str = "export";
    pub const PREFILL: &str = "prefill";
    pub const PREFILL_SEARCH: &str = "prefill-search";
    pub const SHOW_HELPER: &str = "show-helper";
    pub const IMPORT: &str = "import";
    /// Copy a PowerShell line (`data-line`; a change it makes in `data-scope`,
    /// `data-mailbox`, `data-change`).
    pub const COPY_COMMAND: &str = "copy-command";
    /// Record the copied command as run (`data-outcome`: succeeded or failed).
    pub const RECORD_RUN: &str = "record-run";
    /// The copied command was not run: record nothing.
    pub const NOT_RUN: &str = "not-run";
    /// Explain the pasted error text.
    pub const EXPLAIN: &str = "explain";
    /// Show a tab (`data-tab`).
    pub const TAB: &str = "tab";
    /// Read an audit file (issue 21).
    pub const AUDIT: &str = "audit";
    /// Open the printable audit report.
    pub const REPORT: &str = "report";
}

pub fn render(model: &PopupModel) -> Node {
    let settings = model.settings();
    let (cloud, mismatch) = effective_cloud(&model.location, settings.cloud);
    let panel = |tab: Tab, parts: Vec<Element>| -> Node {
        el("div")
            .attr("role", "tabpanel")
            .attr("id", format!("panel-{}", tab.id()))
            .attr("aria-labelledby", format!("tab-{}", tab.id()))
            .flag("hidden", tab != model.tab)
            .children(parts.into_iter().map(Node::from))
            .into()
    };
    el("main")
        .attr("class", "popup")
        .child(
            el("header")
                .child(el("h1").text("AuthPilot"))
                .child(el("p").attr("class", "tagline").text(t!("popup_tagline"))),
        )
        .child(tab_list(model.tab))
        .child(panel(
            Tab::Now,
            managed_section(model)
                .into_iter()
                .chain([
                    location_section(model, cloud, mismatch.clone()),
                    // Today first (issue 27): SMTP AUTH's deadline is the one still ahead.
                    smtp_now(model, cloud),
                    phase_section(model, cloud),
                ])
                .collect(),
        ))
        .child(panel(Tab::Smtp, vec![smtp_section(model, cloud)]))
        .child(panel(
            Tab::Log,
            vec![
                board_section(model),
                record_section(model),
                log_section(model),
                audit_section(model),
            ],
        ))
        .child(panel(Tab::Settings, vec![settings_section(model)]))
        .child(
            el("p")
                .attr("id", "notice")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .text(model.notice.clone().unwrap_or_default()),
        )
        .into()
}

/// The tab list (WAI-ARIA tabs: the selected tab is the one in the Tab order, arrow keys move
/// between tabs, Alt+1 … Alt+4 reach each from anywhere — handled by the web front, not by
/// `accesskey`, whose modifier differs by platform).
fn tab_list(selected: Tab) -> Element {
    el("div")
        .attr("role", "tablist")
        .attr("aria-label", t!("nav_label"))
        .children(Tab::ALL.into_iter().enumerate().map(|(i, tab)| {
            let key = (i + 1).to_string();
            el("button")
                .attr("type", "button")
                .attr("role", "tab")
                .attr("id", format!("tab-{}", tab.id()))
                .attr("aria-controls", format!("panel-{}", tab.id()))
                .attr(
                    "aria-selected",
                    if tab == selected { "true" } else { "false" },
                )
                .attr("tabindex", if tab == selected { "0" } else { "-1" })
                .attr("data-action", actions::TAB)
                .attr("data-tab", tab.id())
                .attr("aria-keyshortcuts", format!("Alt+{key}"))
                .text(tab.label())
                .into()
        }))
}

/// A link-like button that shows another tab.
fn go_to(tab: Tab, label: String) -> Element {
    el("button")
        .attr("type", "button")
        .attr("class", "link")
        .attr("data-action", actions::TAB)
        .attr("data-tab", tab.id())
        .text(label)
}

fn section(id: &'static str, heading: &str) -> Element {
    el("section")
        .attr("id", id)
        .attr("aria-labelledby", format!("{id}-heading"))
        .child(el("h2").attr("id", format!("{id}-heading")).text(heading))
}

fn select(id: &'static str, options: &[(&str, &str)], chosen: &str) -> Element {
    el("select")
        .attr("id", id)
        .attr("name", id)
        .children(options.iter().map(|(value, label)| {
            el("option")
                .attr("value", *value)
                .flag("selected", *value == chosen)
                .text(*label)
                .into()
        }))
}
