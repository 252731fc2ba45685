//! The popup's model — what the popup knows: where the tab is, the settings, the time, the
//! tab shown, what it was asked — and the pieces every tab's view shares.

use crate::core::audit::AuditResult;
use crate::core::log::{Entry, ManualForm, Summary};
use crate::core::page::hosts::Location;
use crate::core::protocols::Protocol;
use crate::core::settings::{FieldError, Loaded, Settings, SettingsForm};
use crate::core::time::Instant;
use crate::core::view::{el, Element};

/// Shows a stored UTC time (`2022-10-15T10:00:00Z`) the way the admin reads times: the web
/// front passes one in the admin's locale and time zone; `utc_times` is the fallback.
pub type TimeDisplay = std::rc::Rc<dyn Fn(&str) -> String>;

/// "2022-10-15 10:00 UTC": times as stored, for tests and when no locale is known.
pub fn utc_times() -> TimeDisplay {
    std::rc::Rc::new(crate::core::time::short_utc)
}

/// Everything the popup shows, gathered by the web front.
#[derive(Clone)]
pub struct PopupModel {
    pub location: Location,
    /// The browser tab the popup is about (its active tab, or `?tab=` when opened as a page).
    pub tab_id: Option<i64>,
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
    /// "Record manually" is open: at once when the helper's "Record manually" opened the
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
    pub explained: Option<Option<crate::core::smtp::Explanation>>,
    /// The section shown, as a tab of its tab list (the popup is at most 800 × 600: one part
    /// at a time).
    pub section: Section,
    /// What the organisation set by policy (issue 14): its note, its tenant name, the fields
    /// it locks, and the values it set that are invalid.
    pub managed: crate::core::managed::Managed,
    /// An audit file read and held against the log (issue 21), or why it was refused: in the
    /// popup's memory only, never stored.
    pub audit: Option<Result<AuditResult, String>>,
    /// The field a next step's button asked for (`smtp_senders`, `explain_text`): the web front
    /// focuses it after drawing, and the explainer is open for it.
    pub focus: Option<String>,
    /// Answers the first screen still waits for (`PopupMsg::Start`): it is drawn, and the
    /// popup is ready, when none is left.
    pub starting: u8,
}

/// The popup's four parts. `Now` answers "where am I, what applies, what next" for the
/// 2022 diagnostic and SMTP AUTH; the others are one keystroke away (Alt+1 … Alt+4, or the
/// arrow keys on the tab list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Now,
    Smtp,
    Log,
    Settings,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Now, Section::Smtp, Section::Log, Section::Settings];
    pub fn id(self) -> &'static str {
        match self {
            Section::Now => "now",
            Section::Smtp => "smtp",
            Section::Log => "log",
            Section::Settings => "settings",
        }
    }
    pub fn from_id(id: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|t| t.id() == id)
    }
    pub(super) fn label(self) -> String {
        match self {
            Section::Now => t!("nav_now"),
            Section::Smtp => t!("nav_smtp"),
            Section::Log => t!("nav_log"),
            Section::Settings => t!("nav_settings"),
        }
    }
    /// The tab a key moves to from this one (ArrowLeft/Right wrap, Home, End).
    pub fn after_key(self, key: &str) -> Option<Section> {
        let i = Section::ALL.iter().position(|t| *t == self)?;
        let n = Section::ALL.len();
        match key {
            "ArrowRight" => Some(Section::ALL[(i + 1) % n]),
            "ArrowLeft" => Some(Section::ALL[(i + n - 1) % n]),
            "Home" => Some(Section::ALL[0]),
            "End" => Some(Section::ALL[n - 1]),
            _ => None,
        }
    }
    /// The tab an address's `#fragment` asks for (`#record` is in the log, `#explain` — the
    /// error explainer — in SMTP AUTH).
    pub fn from_fragment(fragment: &str) -> Option<Section> {
        match fragment.trim_start_matches('#') {
            "record" => Some(Section::Log),
            "explain" => Some(Section::Smtp),
            other => Section::from_id(other),
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
    pub change: crate::core::smtp::Change,
}

impl PopupModel {
    /// A popup with nothing yet said, no form problems, an empty log and times in UTC: the
    /// web front and tests set what they know on top of it.
    pub fn new(location: Location, loaded: Loaded, now: Instant) -> PopupModel {
        PopupModel {
            location,
            tab_id: None,
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
            section: Section::Now,
            managed: crate::core::managed::Managed::default(),
            audit: None,
            focus: None,
            starting: 0,
        }
    }

    /// Whether the first screen has everything it shows (no answer from `Start` outstanding).
    pub fn ready(&self) -> bool {
        self.starting == 0
    }

    pub fn settings(&self) -> &Settings {
        self.loaded.settings()
    }
}

/// The controls the popup draws, named in `data-action` (their kebab-case id): the web front
/// reads a click back into a `PopupMsg` by this type, never by a bare string (issue 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum Control {
    OpenAdminCenter,
    SaveSettings,
    UseToday,
    History,
    Record,
    Mark,
    Export,
    Prefill,
    PrefillSearch,
    ShowHelper,
    Import,
    /// Copy a PowerShell line (`data-line`; a change it makes in `data-scope`,
    /// `data-mailbox`, `data-change`).
    CopyCommand,
    /// Record the copied command as run (`data-outcome`: succeeded or failed).
    RecordRun,
    /// The copied command was not run: record nothing.
    NotRun,
    /// Explain the pasted error text.
    Explain,
    /// Show a section (its tab, `data-tab`).
    Section,
    /// Read an audit file (issue 21).
    Audit,
    /// Open the printable audit report.
    Report,
}

impl Control {
    pub fn id(self) -> &'static str {
        self.into()
    }
    pub fn from_id(id: &str) -> Option<Control> {
        id.parse().ok()
    }
}

/// A link-like button that shows another tab.
pub(super) fn go_to(tab: Section, label: String) -> Element {
    el("button")
        .attr("type", "button")
        .attr("class", "link")
        .attr("data-action", Control::Section.id())
        .attr("data-tab", tab.id())
        .text(label)
}

pub(super) fn section(id: &'static str, heading: &str) -> Element {
    el("section")
        .attr("id", id)
        .attr("aria-labelledby", format!("{id}-heading"))
        .child(el("h2").attr("id", format!("{id}-heading")).text(heading))
}

pub(super) fn select(id: &'static str, options: &[(&str, &str)], chosen: &str) -> Element {
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
