//! `verify`, `merge`, `reconcile` and `report`: each reads its files with the core's readers
//! and applies the core's rules, the ones the extension applies; only the printing is here.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::core::audit::read::{AuditFile, Record, Target, Tool};
use crate::core::audit::reconcile::{reconcile as hold, Reconciliation, Why};
use crate::core::audit::AuditResult;
use crate::core::log::import::{plan_merge, read_log};
use crate::core::log::{chain_all, export, verify as verify_chain, Entry, Head, Scope};
use crate::core::report::{html_file, ReportModel};
use crate::core::time::Instant;

use super::read::{self, AuditArg, ReadAudit};
use super::{exit, Failure, Lang};

fn io(e: std::io::Error) -> Failure {
    Failure::input(format!("cannot write: {e}"))
}

/// Each file's version, count, head and verdict; the first entry (or line) that fails and why,
/// in the popup's words. Status 0 only when every file verifies.
pub fn verify(logs: &[PathBuf], as_json: bool, out: &mut dyn Write) -> Result<i32, Failure> {
    let mut status = exit::OK;
    for path in logs {
        let shown = path.display().to_string();
        let verdict = read::text_of(path).and_then(|text| {
            read_log(&text).map_err(|e| Failure {
                message: e,
                status: exit::NOT_VERIFIED,
            })
        });
        let (line, object) = match verdict {
            Err(f) => {
                status = exit::NOT_VERIFIED;
                (
                    format!("{shown}: NOT VERIFIED — {}", f.message),
                    json!({"file": shown, "verified": false, "error": f.message}),
                )
            }
            Ok(file) => {
                let count = file.entries.len();
                match verify_chain(&file.entries) {
                    Ok(head) => (
                        format!(
                            "{shown}: format version {}, {count} entries, head seq {} hash {}: verified",
                            file.version, head.count, head.last_hash
                        ),
                        json!({"file": shown, "version": file.version, "entries": count,
                               "head": {"seq": head.count, "hash": head.last_hash}, "verified": true}),
                    ),
                    Err(broken) => {
                        status = exit::NOT_VERIFIED;
                        let why = t!("import_chain_broken", broken.describe());
                        (
                            format!(
                                "{shown}: format version {}, {count} entries: NOT VERIFIED — {why}",
                                file.version
                            ),
                            json!({"file": shown, "version": file.version, "entries": count,
                                   "verified": false, "first_bad_entry": {"position": broken.position, "id": broken.id}, "error": why}),
                        )
                    }
                }
            }
        };
        if as_json {
            writeln!(out, "{object}").map_err(io)?;
        } else {
            writeln!(out, "{line}").map_err(io)?;
        }
    }
    Ok(status)
}

/// Writes `text` to `path` whole or not at all (a temporary file beside it, then renamed).
pub fn write_whole(path: &Path, text: &str) -> Result<(), Failure> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".authpilot-partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Failure::input(format!("{}: cannot be written: {e}", path.display()))
        })
}

/// The logs merged in the order given, by the popup's import rules (`plan_merge`): the same
/// entry twice kept once, the same id with other content refused naming both files, a later
/// outcome kept with the entry it updates. Written only when every file was accepted.
pub fn merge(
    logs: &[PathBuf],
    output: &Path,
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
    crate::core::log::import::check_size(text.len()).map_err(|e| {
        Failure::input(format!(
            "the merged log is not written: {e} (merge fewer logs into each file)"
        ))
    })?;
    write_whole(output, &text)?;
    writeln!(
        out,
        "{} files merged: {} entries ({present} present more than once, kept once), written to {}",
        logs.len(),
        merged.len(),
        output.display()
    )
    .map_err(io)?;
    Ok(exit::OK)
}

fn why_id(why: Why) -> &'static str {
    match why {
        Why::Failed => "failed",
        Why::Submitted => "submitted",
        Why::NotYetArrived => "not-yet-arrived",
        Why::OlderThanFile => "older-than-file",
        Why::NotInRecord => "not-in-record",
    }
}

fn tool_id(tool: Tool) -> &'static str {
    match tool {
        Tool::ExchangeAdminCenter => "exchange-admin-center",
        Tool::PowerShell => "powershell",
        Tool::Unknown => "unknown",
    }
}

/// An entry as the JSON output names it (docs/cli.md).
#[derive(serde::Serialize)]
struct EntryOut<'a> {
    id: &'a str,
    seq: u64,
    at: &'a str,
    scope: Option<&'static str>,
    mailbox: Option<&'a str>,
    action: &'static str,
    outcome: &'static str,
}

fn entry_out(e: &Entry) -> EntryOut<'_> {
    EntryOut {
        id: &e.id,
        seq: e.seq,
        at: &e.at,
        scope: e.scope.map(Scope::id),
        mailbox: e.mailbox.as_deref(),
        action: e.action.id(),
        outcome: e.outcome.id(),
    }
}

/// An audit record as the JSON output names it.
#[derive(serde::Serialize)]
struct RecordOut<'a> {
    id: &'a str,
    at: String,
    user: &'a str,
    tool: &'static str,
    operation: &'a str,
    target: &'static str,
    name: Option<&'a str>,
    action: &'static str,
    succeeded: bool,
    line: usize,
}

fn record_out(r: &Record) -> RecordOut<'_> {
    let (target, name) = match &r.target {
        Target::Organization => ("organization", None),
        Target::Policy(n) => ("authentication-policy", Some(n.as_str())),
        Target::Mailbox(m) => ("mailbox", Some(m.as_str())),
        Target::Unknown(x) => ("unknown", Some(x.as_str())),
    };
    RecordOut {
        id: &r.id,
        at: r.at.to_rfc3339(),
        user: &r.user,
        tool: tool_id(r.tool),
        operation: &r.operation,
        target,
        name,
        action: r.action.id(),
        succeeded: r.succeeded,
        line: r.line,
    }
}

/// One tenant's reconciliation in the documented JSON schema (docs/cli.md), serialized as it is
/// written (no JSON tree in memory).
fn tenant_json(
    out: &mut dyn Write,
    tenant: &str,
    files: &[&ReadAudit],
    entries: usize,
    r: &Reconciliation,
) -> Result<(), Failure> {
    #[derive(serde::Serialize)]
    struct Pair<'a> {
        entry: EntryOut<'a>,
        record: RecordOut<'a>,
    }
    #[derive(serde::Serialize)]
    struct OnlyLog<'a> {
        entry: EntryOut<'a>,
        why: &'static str,
    }
    #[derive(serde::Serialize)]
    struct OnlyTenant<'a> {
        record: RecordOut<'a>,
        before_log: bool,
    }
    #[derive(serde::Serialize)]
    struct State {
        action: &'static str,
        at: String,
    }
    #[derive(serde::Serialize)]
    struct Disagreeing<'a> {
        mailbox: &'a str,
        authpilot: State,
        tenant: State,
    }
    #[derive(serde::Serialize)]
    struct TenantOut<'a> {
        tenant: &'a str,
        audit_files: Vec<String>,
        records_read: usize,
        log_entries: usize,
        matched: Vec<Pair<'a>>,
        only_in_log: Vec<OnlyLog<'a>>,
        only_in_tenant: Vec<OnlyTenant<'a>>,
        unknown_target: Vec<RecordOut<'a>>,
        disagreeing_senders: Vec<Disagreeing<'a>>,
    }
    let doc = TenantOut {
        tenant,
        audit_files: files.iter().map(|f| f.path.display().to_string()).collect(),
        records_read: files.iter().map(|f| f.rows.saturating_sub(1)).sum(),
        log_entries: entries,
        matched: r
            .matched
            .iter()
            .map(|(e, x)| Pair {
                entry: entry_out(e),
                record: record_out(x),
            })
            .collect(),
        only_in_log: r
            .only_authpilot
            .iter()
            .map(|(e, w)| OnlyLog {
                entry: entry_out(e),
                why: why_id(*w),
            })
            .collect(),
        only_in_tenant: r
            .only_tenant
            .iter()
            .map(|x| OnlyTenant {
                record: record_out(x),
                before_log: r.before_log(x),
            })
            .collect(),
        unknown_target: r.cannot_tell.iter().map(record_out).collect(),
        disagreeing_senders: r
            .disagreements
            .iter()
            .map(|d| Disagreeing {
                mailbox: &d.mailbox,
                authpilot: State {
                    action: d.authpilot.0.id(),
                    at: d.authpilot.1.to_rfc3339(),
                },
                tenant: State {
                    action: d.tenant.0.id(),
                    at: d.tenant.1.to_rfc3339(),
                },
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| Failure::input(e.to_string()))
}

fn tenant_text(tenant: &str, files: &[&ReadAudit], r: &Reconciliation) -> String {
    let mut s = format!(
        "== {tenant} ({}) ==\n",
        files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let subject = |e: &Entry| {
        e.mailbox
            .clone()
            .unwrap_or_else(|| e.scope.map_or("?", Scope::id).to_string())
    };
    s += &format!("matched: {}\n", r.matched.len());
    for (e, x) in &r.matched {
        s += &format!(
            "  {} {} {} — {} by {}\n",
            e.at,
            subject(e),
            e.action.id(),
            x.at.to_rfc3339(),
            x.user
        );
    }
    s += &format!("only in AuthPilot's log: {}\n", r.only_authpilot.len());
    for (e, why) in &r.only_authpilot {
        s += &format!(
            "  {} {} {} ({}) — {}\n",
            e.at,
            subject(e),
            e.action.id(),
            e.outcome.id(),
            why_id(*why)
        );
    }
    s += &format!("only in the tenant's record: {}\n", r.only_tenant.len());
    for x in &r.only_tenant {
        s += &format!(
            "  {} {} {} by {} with {}{}\n",
            x.at.to_rfc3339(),
            record_out(x).name.unwrap_or("organization"),
            x.action.id(),
            x.user,
            tool_id(x.tool),
            if r.before_log(x) {
                " (before AuthPilot's log began)"
            } else {
                ""
            }
        );
    }
    s += &format!("cannot tell which mailbox: {}\n", r.cannot_tell.len());
    for x in &r.cannot_tell {
        s += &format!(
            "  {} {} {} by {}\n",
            x.at.to_rfc3339(),
            record_out(x).name.unwrap_or(""),
            x.action.id(),
            x.user
        );
    }
    s += &format!("listed senders that disagree: {}\n", r.disagreements.len());
    for d in &r.disagreements {
        s += &format!(
            "  {}: AuthPilot {} ({}), the tenant {} ({})\n",
            d.mailbox,
            d.authpilot.0.id(),
            d.authpilot.1.to_rfc3339(),
            d.tenant.0.id(),
            d.tenant.1.to_rfc3339()
        );
    }
    s
}

/// The senders to compare: those given, else every mailbox the log names.
fn senders_of(given: &[String], entries: &[Entry]) -> Vec<String> {
    if !given.is_empty() {
        return given.iter().map(|s| s.trim().to_lowercase()).collect();
    }
    let mut all: Vec<String> = entries.iter().filter_map(|e| e.mailbox.clone()).collect();
    all.sort();
    all.dedup();
    all
}

/// The verified log held against every audit file, per tenant: the four groups and the
/// senders that disagree. Status 3 when a change after the log began is only in a tenant's
/// record, 4 for bad input, 0 otherwise.
pub fn reconcile(
    log: &Path,
    audits: &[AuditArg],
    senders: &[String],
    as_json: bool,
    now: Instant,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let log = read::verified_log(log)?;
    let files: Vec<ReadAudit> = audits.iter().map(read::audit).collect::<Result<_, _>>()?;
    let mut by_tenant: BTreeMap<String, Vec<&ReadAudit>> = BTreeMap::new();
    for f in &files {
        by_tenant
            .entry(read::tenant_key(&f.tenant))
            .or_default()
            .push(f);
    }
    let tenants: Vec<String> = by_tenant.keys().cloned().collect();
    let mut entries_of: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let log_path = log.path.display().to_string();
    for e in log.file.entries {
        entries_of
            .entry(read::entry_tenant(&e, &tenants))
            .or_default()
            .push(e);
    }
    let mut status = exit::OK;
    if as_json {
        write!(
            out,
            "{{\n\"schema\": \"authpilot-reconcile/1\",\n\"log\": {},\n\"tenants\": [",
            Value::String(log_path)
        )
        .map_err(io)?;
    }
    for (i, (tenant, tenant_files)) in by_tenant.iter().enumerate() {
        let entries = entries_of.remove(tenant).unwrap_or_default();
        let audit = read::combine(&tenant_files.iter().map(|f| &f.file).collect::<Vec<_>>());
        let r = hold(&entries, &audit, &senders_of(senders, &entries), now);
        if r.only_tenant.iter().any(|x| !r.before_log(x)) {
            status = exit::ONLY_IN_TENANT;
        }
        if as_json {
            write!(out, "{}", if i == 0 { "\n" } else { ",\n" }).map_err(io)?;
            tenant_json(out, tenant, tenant_files, entries.len(), &r)?;
        } else {
            write!(out, "{}", tenant_text(tenant, tenant_files, &r)).map_err(io)?;
        }
    }
    // Entries about a tenant no audit file was given for: not held against anything.
    if as_json {
        let unheld: Vec<Value> = entries_of
            .iter()
            .map(|(t, es)| json!({"tenant": t, "entries": es.len()}))
            .collect();
        writeln!(
            out,
            "\n],\n\"tenants_without_audit\": {}\n}}",
            Value::Array(unheld)
        )
        .map_err(io)?;
    } else {
        for (t, es) in &entries_of {
            writeln!(
                out,
                "== {t} ==\nno audit export given: {} log entries not reconciled",
                es.len()
            )
            .map_err(io)?;
        }
    }
    Ok(status)
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
pub fn report(args: &ReportArgs, now: Instant, out: &mut dyn Write) -> Result<i32, Failure> {
    if args.lang == Lang::Ja {
        let ja = crate::core::i18n::Messages::parse(crate::core::i18n::JAPANESE)
            .map_err(Failure::input)?;
        crate::core::i18n::install(std::rc::Rc::new(ja));
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
        times: crate::core::popup::utc_times(),
        senders: senders_of(args.senders, &entries),
        entries: Ok(entries),
        tenant: args.tenant.clone(),
        audit,
        include_ip: args.ip,
        loading: false,
    };
    write_whole(args.output, &html_file(&model))?;
    writeln!(out, "report written to {}", args.output.display()).map_err(io)?;
    Ok(exit::OK)
}
