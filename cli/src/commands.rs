//! `verify`, `merge` and `report` (`reconcile` has a room of its own): each reads its files with
//! the core's readers and applies the core's rules, the ones the extension applies; only the
//! printing is here.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use authpilot::core::audit::read::AuditFile;
use authpilot::core::audit::reconcile::reconcile as hold;
use authpilot::core::audit::AuditResult;
use authpilot::core::log::import::{plan_merge, read_log};
use authpilot::core::log::read_links_parallel;
use authpilot::core::log::{chain_all, export, verify as verify_chain, verify_links, Entry, Head};
use authpilot::core::report::{html_file, ReportModel};
use authpilot::core::time::Instant;

use crate::output;
use crate::read::{self, AuditArg, ReadAudit};
use crate::reconcile::senders_of;
use crate::{exit, Failure, Format, Lang};

/// Each file's version, count, head and verdict; the first entry (or line) that fails and why,
/// in the popup's words. Status 0 only when every file verifies. `--format json`: one object
/// per file, a line each (as the first version printed them); CSV: a row per file.
pub fn verify(logs: &[PathBuf], format: Format, out: &mut dyn Write) -> Result<i32, Failure> {
    let mut status = exit::OK;
    let head = [
        "file",
        "version",
        "entries",
        "head_seq",
        "head_hash",
        "verified",
        "first_bad_position",
        "first_bad_id",
        "error",
    ];
    let mut rows = Vec::new();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for path in logs {
        let shown = path.display().to_string();
        // The entries read, and their hashes checked, on every core at once (the core's
        // rules); of each entry only what the chain's rules read is kept.
        let verdict = read::text_of(path)
            .and_then(|text| read_links_parallel(&text, threads).map_err(Failure::NotVerified));
        let (line, object, row) = match verdict {
            Err(f) => {
                status = exit::NOT_VERIFIED;
                let why = f.message().to_string();
                (
                    format!("{shown}: NOT VERIFIED — {why}"),
                    json!({"file": shown, "verified": false, "error": why}),
                    vec![
                        shown.clone(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        "false".into(),
                        String::new(),
                        String::new(),
                        why,
                    ],
                )
            }
            Ok((version, links)) => {
                let count = links.len();
                match verify_links(&links) {
                    Ok(head) => (
                        format!(
                            "{shown}: format version {}, {count} entries, head seq {} hash {}: verified",
                            version, head.count, head.last_hash
                        ),
                        json!({"file": shown, "version": version, "entries": count,
                               "head": {"seq": head.count, "hash": head.last_hash}, "verified": true}),
                        vec![shown.clone(), version.to_string(), count.to_string(), head.count.to_string(), head.last_hash.clone(), "true".into(), String::new(), String::new(), String::new()],
                    ),
                    Err(broken) => {
                        status = exit::NOT_VERIFIED;
                        let why = t!("import_chain_broken", broken.describe());
                        (
                            format!(
                                "{shown}: format version {}, {count} entries: NOT VERIFIED — {why}",
                                version
                            ),
                            json!({"file": shown, "version": version, "entries": count,
                                   "verified": false, "first_bad_entry": {"position": broken.position, "id": broken.id}, "error": why}),
                            vec![shown.clone(), version.to_string(), count.to_string(), String::new(), String::new(), "false".into(), broken.position.to_string(), broken.id.clone(), why],
                        )
                    }
                }
            }
        };
        match format {
            Format::Table => writeln!(out, "{line}")?,
            Format::Json => writeln!(out, "{object}")?,
            Format::Csv => rows.push(row),
        }
    }
    if format == Format::Csv {
        output::csv(out, &head, &rows)?;
    }
    Ok(status)
}

/// Writes `text` to `path` whole or not at all: a temporary file beside it, synced to the disk,
/// then renamed over `path`, and the folder synced so the rename itself survives a power cut.
pub fn write_whole(path: &Path, text: &str) -> Result<(), Failure> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".authpilot-partial");
    let tmp = PathBuf::from(tmp);
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        sync_folder(path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::CannotWrite(format!("{}: cannot be written: {e}", path.display()))
    })
}

/// The folder that holds `path`, synced (where the system allows opening a folder: not on
/// Windows, whose rename is durable once it returns).
fn sync_folder(path: &Path) -> std::io::Result<()> {
    if cfg!(windows) {
        return Ok(());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::File::open(folder)?.sync_all()
}

/// The logs merged in the order given, by the popup's import rules (`plan_merge`): the same
/// entry twice kept once, the same id with other content refused naming both files, a later
/// outcome kept with the entry it updates. Written only when every file was accepted.
pub fn merge(
    logs: &[PathBuf],
    output: &Path,
    format: Format,
    now: Instant,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let mut merged: Vec<Entry> = Vec::new();
    let mut came_from: HashMap<String, String> = HashMap::new();
    let mut present = 0;
    for path in logs {
        let shown = path.display().to_string();
        let text = read::text_of(path)?;
        let file = read_log(&text).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
        let plan = plan_merge(&file, &merged).map_err(|refused| {
            let from = refused
                .conflict
                .as_ref()
                .and_then(|(id, _)| came_from.get(id))
                .map(|first| format!(" (the entry with that id came from {first})"))
                .unwrap_or_default();
            Failure::input(format!("{shown}: {}{from}", refused.message))
        })?;
        present += plan.already_present;
        let head = merged.last().map_or_else(Head::default, |e| Head {
            count: e.seq,
            last_hash: e.hash.clone(),
        });
        for e in chain_all(&head, plan.add) {
            came_from.insert(e.id.clone(), shown.clone());
            merged.push(e);
        }
    }
    verify_chain(&merged).map_err(|b| Failure::input(b.describe()))?;
    let text = export::to_json(&merged, now);
    // The extension imports a log of at most MAX_IMPORT_BYTES: a bigger merge is refused
    // here, so every merged file imports.
    authpilot::core::log::import::check_size(text.len()).map_err(|e| {
        Failure::input(format!(
            "the merged log is not written: {e} (merge fewer logs into each file)"
        ))
    })?;
    write_whole(output, &text)?;
    let shown = output.display().to_string();
    match format {
        Format::Table => writeln!(
            out,
            "{} files merged: {} entries ({present} present more than once, kept once), written to {shown}",
            logs.len(),
            merged.len(),
        )?,
        Format::Json => output::json(
            out,
            &json!({"schema": "authpilot-merge/1", "files": logs.len(), "entries": merged.len(),
                    "present_more_than_once": present, "output": shown}),
        )?,
        Format::Csv => output::csv(
            out,
            &["files", "entries", "present_more_than_once", "output"],
            &[vec![
                logs.len().to_string(),
                merged.len().to_string(),
                present.to_string(),
                shown,
            ]],
        )?,
    }
    Ok(exit::OK)
}

pub struct ReportArgs<'a> {
    pub log: &'a Path,
    pub audits: &'a [AuditArg],
    pub lang: Lang,
    pub ip: bool,
    pub tenant: Option<String>,
    pub senders: &'a [String],
    pub output: &'a Path,
}

/// The extension's audit report (`core::report::html_file`), from the verified log and the
/// audit files given; a broken chain is refused as the extension refuses it, and nothing
/// written.
pub fn report(
    args: &ReportArgs,
    format: Format,
    now: Instant,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    if args.lang == Lang::Ja {
        let ja = authpilot::core::i18n::Messages::parse(authpilot::core::i18n::JAPANESE)
            .map_err(Failure::input)?;
        authpilot::core::i18n::install(std::rc::Rc::new(ja));
    }
    let log = read::verified_log(args.log)?;
    let entries = log.file.entries;
    let audit = if args.audits.is_empty() {
        None
    } else {
        let files: Vec<ReadAudit> = args
            .audits
            .iter()
            .map(read::audit)
            .collect::<Result<_, _>>()?;
        let file: AuditFile = read::combine(&files.iter().map(|f| &f.file).collect::<Vec<_>>());
        let name = files
            .iter()
            .map(|f| {
                f.path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().to_string())
            })
            .collect::<Vec<_>>()
            .join(", ");
        let senders = senders_of(args.senders, &entries);
        Some(Ok(AuditResult {
            name,
            reconciliation: hold(&entries, &file, &senders, now),
            file,
        }))
    };
    let model = ReportModel {
        now,
        times: authpilot::core::popup::utc_times(),
        senders: senders_of(args.senders, &entries),
        entries: Ok(entries),
        tenant: args.tenant.clone(),
        audit,
        include_ip: args.ip,
        loading: false,
    };
    write_whole(args.output, &html_file(&model))?;
    let shown = args.output.display().to_string();
    match format {
        Format::Table => writeln!(out, "report written to {shown}")?,
        Format::Json => output::json(
            out,
            &json!({"schema": "authpilot-report/1", "output": shown}),
        )?,
        Format::Csv => output::csv(out, &["output"], &[vec![shown]])?,
    }
    Ok(exit::OK)
}
