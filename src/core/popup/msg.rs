//! The popup's messages (what the admin did, or what came back: [`PopupMsg`], and what a
//! worker's answer was for: [`Reply`]), its effects ([`PopupEffect`]) and what `update` needs
//! from the world ([`PopupEnv`]): the types `core::popup::update` works with.

use crate::core::log::{ManualForm, Outcome};
use crate::core::messages::answers::Answer;
use crate::core::messages::{ExportFormat, Request};
use crate::core::protocols::Protocol;
use crate::core::settings::{Loaded, Settings, SettingsForm};
use crate::core::smtp::Change;
use crate::core::time::{Date, Instant};

use super::model::Section;

/// A file the admin picks in the popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePick {
    /// An exported log to merge ("Import…").
    Import,
    /// A tenant's audit export to hold against the log ("Read an audit file…").
    Audit,
}

impl FilePick {
    /// The id of the file input the view draws for it.
    pub fn input_id(self) -> &'static str {
        match self {
            FilePick::Import => "import-file",
            FilePick::Audit => "audit-file",
        }
    }
    pub fn from_input_id(id: &str) -> Option<FilePick> {
        [FilePick::Import, FilePick::Audit]
            .into_iter()
            .find(|p| p.input_id() == id)
    }
}

/// What happened in the popup: the admin's clicks and typing, and the results of effects.
#[derive(Debug, Clone)]
pub enum PopupMsg {
    /// The popup opened: the tab it is about (its address, when Chrome gives one, and id),
    /// its own address's `#fragment` (`#record`, `#smtp`, `#explain`…), and the settings in
    /// force with the organisation's policy, read from storage. What the worker knows (the
    /// board, whether AuthPilot's content script reported from the tab) is asked for from here.
    Start {
        url: Option<String>,
        tab_id: Option<i64>,
        fragment: String,
        loaded: Loaded,
        managed: crate::core::managed::Managed,
    },
    /// The settings form changed (kept as typed across redraws).
    SettingsTyped(SettingsForm),
    /// The "Record manually" form changed.
    RecordTyped(ManualForm),
    /// "Record manually" opened or closed.
    RecordToggled(bool),
    /// Save on the settings form; "Use today" sends the form with its practice date cleared.
    SaveSettings(SettingsForm),
    UseToday(SettingsForm),
    /// The admin's own stored settings, read for a save (fields the organisation locks keep
    /// them).
    OwnSettings {
        form: SettingsForm,
        own: Settings,
    },
    /// The settings were written, or why not.
    SettingsWritten {
        settings: Settings,
        form: SettingsForm,
        result: Result<(), String>,
    },
    /// The organisation's policy changed while the popup was open.
    PolicyChanged {
        loaded: Loaded,
        managed: crate::core::managed::Managed,
    },
    /// "Record" on the manual form.
    Record(ManualForm),
    /// A protocol's History button.
    ToggleHistory(Protocol),
    /// A later outcome for a `submitted` entry.
    Mark {
        target: String,
        outcome: Outcome,
    },
    Export(ExportFormat),
    Choose(FilePick),
    /// A file was picked: its name and size (read only when the size is accepted).
    Chosen {
        pick: FilePick,
        name: String,
        size: usize,
    },
    /// The picked file's text, or why it could not be read.
    FileRead {
        pick: FilePick,
        name: String,
        text: Result<String, String>,
    },
    OpenReport,
    /// Open an admin-center page (a next step's button).
    OpenUrl(String),
    /// Fill the diagnostic's query in the tab (and search, when `submit`).
    Prefill {
        submit: bool,
    },
    ShowHelper,
    /// Copy a PowerShell line; `change` is the setting it changes, if it changes one.
    CopyCommand {
        line: String,
        change: Option<Change>,
    },
    /// The line was copied, or why not.
    Copied {
        line: String,
        change: Option<Change>,
        result: Result<(), String>,
    },
    /// The copied command was run, with the outcome the admin reports; or it was not.
    RecordRun(Outcome),
    NotRun,
    /// Explain the pasted error text.
    Explain(String),
    /// Show a section (and focus a field a next step asked for).
    ShowSection {
        section: Section,
        focus: Option<String>,
    },
    /// The worker's answer to a request, typed by the request.
    Answered {
        reply: Reply,
        /// Boxed: an answer (a history, a log's text) is far larger than any other message.
        answer: Box<Result<Answer, String>>,
    },
}

impl PopupMsg {
    /// Whether the popup is drawn again after it: not while the admin types or opens "Record
    /// manually" (the form's state is kept in the model, the page already shows it).
    pub fn redraws(&self) -> bool {
        !matches!(
            self,
            PopupMsg::SettingsTyped(_) | PopupMsg::RecordTyped(_) | PopupMsg::RecordToggled(_)
        )
    }
}

/// What a request to the worker was for: decides what its answer does.
#[derive(Debug, Clone)]
pub enum Reply {
    /// The first screen's board (the log's summary).
    FirstBoard,
    /// What the worker knows of the popup's tab.
    TabStatus,
    /// The manual form's entry: on success the form closes.
    Recorded {
        what: String,
        form: ManualForm,
    },
    /// A change to the log; the board is read again with `done` (or the refusal) as notice.
    Changed {
        done: String,
    },
    Imported {
        name: String,
    },
    /// The board read again after a change, with what to say; the open history follows.
    Board {
        notice: String,
    },
    /// A protocol's history: opened (`refreshed` none), or read again after a change.
    History {
        protocol: Protocol,
        refreshed: Option<String>,
    },
    Exported {
        format: ExportFormat,
        today: Date,
    },
    Prefilled {
        submit: bool,
    },
    HelperShown,
    /// The audit file's reading: the log's board first (a broken chain is not reconciled),
    /// then its SMTP AUTH entries.
    AuditBoard {
        name: String,
        text: String,
    },
    AuditHistory {
        name: String,
        text: String,
    },
}

/// What the popup asks its web front to do. Each comes back as a [`PopupMsg`].
#[derive(Debug, Clone, PartialEq)]
pub enum PopupEffect {
    Ask(Request),
    ReadOwnSettings(SettingsForm),
    WriteSettings {
        settings: Settings,
        form: SettingsForm,
    },
    Download {
        name: String,
        content: String,
        mime: &'static str,
    },
    /// Open an extension page (`report.html`) or an admin-center address in a new tab.
    OpenTab(String),
    /// Open the file picker (its input's id).
    ChooseFile(FilePick),
    /// Read the picked file's text.
    ReadFile {
        pick: FilePick,
        name: String,
    },
    /// Copy a line to the clipboard; `change` comes back with the result.
    Copy {
        line: String,
        change: Option<Change>,
    },
    /// Put the focus on this element (`#id`) after drawing.
    Focus(String),
}

/// What `update` needs from the world: the time and fresh ids (the web front's clock and
/// `crypto.randomUUID`; fixed ones in tests).
pub trait PopupEnv {
    fn now(&self) -> Instant;
    fn fresh_id(&self) -> Result<String, String>;
    /// The admin's local calendar date, for file names.
    fn today(&self) -> Date;
}
