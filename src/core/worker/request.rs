//! The worker's requests from AuthPilot's own pages about the action log: append, import,
//! outcome updates, summaries and exports.

use super::log;
use super::step::*;
use serde_json::Value;

use super::storage::Stop;
use crate::core::log::export;
use crate::core::log::{outcome_update, Draft, Outcome};
use crate::core::messages::{answers, ExportFormat, Request};

impl Step<'_> {
    /// The action-log requests AuthPilot's own pages may make.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn log_request(&mut self, request: Request) -> Result<Value, Stop> {
        match request {
            Request::LogAppend { draft } => {
                let (settings, managed) = in_force(&self.txn)?;
                let entry = log::append(&mut self.txn, managed.mark(draft))?;
                self.after_append(&entry, &settings);
                Ok(ok(answers::Appended { entry }))
            }
            Request::LogUpdate {
                target,
                outcome,
                id,
            } => self.update_outcome(target, outcome, id).map(ok),
            Request::LogSummary {} | Request::LogHistory { .. } => self.log_read(&request),
            Request::LogExport { format } => self.export(format).map(ok),
            Request::LogImport { text } => {
                let (merge, added) = log::import(&mut self.txn, &text)?;
                Ok(ok(answers::Imported {
                    added: added as u64,
                    already_present: merge.already_present as u64,
                }))
            }
            other => Err(Stop::Refused(format!(
                "{} is not a log request",
                other.name()
            ))),
        }
    }

    /// The log requests that only read: the board (from the verified chain's memo) and one
    /// protocol's history. A page runs these itself, read-only (`handle_read`).
    pub(super) fn log_read(&mut self, request: &Request) -> Result<Value, Stop> {
        match request {
            Request::LogSummary {} => {
                log::summary(&mut self.txn).map(|summary| ok(answers::SummaryAnswer { summary }))
            }
            Request::LogHistory { protocol } => {
                let log = log::load(&mut self.txn)?;
                Ok(ok(answers::History {
                    entries: log
                        .entries
                        .into_iter()
                        .filter(|e| e.protocol == *protocol)
                        .collect(),
                }))
            }
            other => Err(Stop::Refused(format!(
                "{} is not a request that only reads the log",
                other.name()
            ))),
        }
    }

    /// A later outcome for a `submitted` entry: a new entry that supersedes it (once).
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn update_outcome(
        &mut self,
        target: String,
        outcome: Outcome,
        id: String,
    ) -> Result<answers::Appended, Stop> {
        let log = log::load(&mut self.txn)?;
        let original = log
            .entries
            .iter()
            .find(|e| e.id == target)
            .ok_or_else(|| Stop::Refused(t!("error_no_entry", target)))?;
        if let Some(later) = log
            .entries
            .iter()
            .find(|e| e.supersedes.as_deref() == Some(target.as_str()))
        {
            return Err(Stop::Refused(t!(
                "error_already_updated",
                original.seq,
                later.seq
            )));
        }
        let draft: Draft = outcome_update(original, id, outcome, self.env.now(), None)?;
        let (_, managed) = in_force(&self.txn)?;
        let entry = log::append(&mut self.txn, managed.mark(draft))?;
        Ok(answers::Appended { entry })
    }

    /// The whole log as a file's text; a log that fails verification is not exported.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn export(&mut self, format: ExportFormat) -> Result<answers::Exported, Stop> {
        let log = log::load(&mut self.txn)?;
        if let Err(broken) = log.verified {
            return Err(Stop::Refused(t!("error_export_broken", broken.describe())));
        }
        let content = match format {
            ExportFormat::Json => export::to_json(&log.entries, self.env.now()),
            ExportFormat::Csv => export::to_csv(&log.entries),
        };
        Ok(answers::Exported {
            content,
            count: log.entries.len() as u64,
        })
    }
}
