//! The audit report page on the pattern of every context (issue 33): what the admin did, or what
//! came back, is a typed [`ReportMsg`]; [`update`] changes the [`ReportModel`] and says what to
//! do next as [`ReportEffect`]s; `render` draws the model. `web::report` only turns DOM events
//! into messages and carries out effects, each of which comes back as a message.

use crate::core::audit::held_against;
use crate::core::audit::read::check_size;
use crate::core::log::Entry;
use crate::core::messages::answers::Answer;
use crate::core::messages::{ExportFormat, Request};
use crate::core::time::Instant;

pub use super::control::ReportControl;
use super::{file_name, html_file, ReportModel};

/// What happened on the report page.
#[derive(Debug, Clone)]
pub enum ReportMsg {
    /// The page started: the settings in force say the listed senders, the organisation's
    /// policy the tenant's name; the local date names a saved file.
    Start {
        senders: Vec<String>,
        tenant: Option<String>,
    },
    /// The worker's answer to the page's request (the verified chain as a JSON export).
    Answered(Box<Result<Answer, String>>),
    Print,
    /// "Save as HTML", on the admin's local date.
    SaveHtml {
        today: crate::core::time::Date,
    },
    ReadAudit,
    IncludeIp(bool),
    /// An audit file was picked: its name and size (read only when the size is accepted).
    Chosen {
        name: String,
        size: usize,
    },
    /// The picked file's text, or why it could not be read.
    FileRead {
        name: String,
        text: Result<String, String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReportEffect {
    /// Ask the worker; its answer comes back as `ReportMsg::Answered`.
    Ask(Box<Request>),
    Print,
    Download {
        name: String,
        content: String,
        mime: &'static str,
    },
    /// Open the file picker.
    ChooseFile,
    /// Read the picked file's text.
    ReadFile {
        name: String,
    },
}

/// The report page's one state machine. `now` is the page's clock (the reconciliation's).
pub fn update(model: &mut ReportModel, msg: ReportMsg, now: Instant) -> Vec<ReportEffect> {
    match msg {
        ReportMsg::Start { senders, tenant } => {
            model.now = now;
            model.senders = senders;
            model.tenant = tenant;
            // The verified chain: the worker's JSON export, which it refuses to make from a
            // broken one.
            vec![ReportEffect::Ask(Box::new(Request::LogExport {
                format: ExportFormat::Json,
            }))]
        }
        ReportMsg::Answered(answer) => {
            model.loading = false;
            model.entries = match *answer {
                Ok(Answer::Exported(e)) => entries_of(&e.content),
                Ok(_) => Err(t!("error_worker_refused")),
                Err(e) => Err(e),
            };
            Vec::new()
        }
        ReportMsg::Print => vec![ReportEffect::Print],
        ReportMsg::SaveHtml { today } => vec![ReportEffect::Download {
            name: file_name(today),
            content: html_file(model),
            mime: "text/html",
        }],
        ReportMsg::ReadAudit => vec![ReportEffect::ChooseFile],
        ReportMsg::IncludeIp(on) => {
            model.include_ip = on;
            Vec::new()
        }
        ReportMsg::Chosen { name, size } => match check_size(&name, size) {
            Ok(()) => vec![ReportEffect::ReadFile { name }],
            Err(problem) => {
                model.audit = Some(Err(problem));
                Vec::new()
            }
        },
        ReportMsg::FileRead { name, text } => {
            model.audit = Some(match (text, &model.entries) {
                (Ok(text), Ok(entries)) => held_against(name, &text, entries, &model.senders, now),
                (Err(e), _) => Err(t!("notice_file_unreadable", name, e)),
                (Ok(_), Err(e)) => Err(e.clone()),
            });
            Vec::new()
        }
    }
}

/// The entries of the worker's JSON export (`core::log::export::to_json`).
fn entries_of(content: &str) -> Result<Vec<Entry>, String> {
    #[derive(serde::Deserialize)]
    struct File {
        entries: Vec<Entry>,
    }
    serde_json::from_str::<File>(content)
        .map(|f| f.entries)
        .map_err(|e| t!("error_answer_unreadable", e.to_string()))
}
