//! `reconcile`: the verified log held against every audit export, per tenant — the core's
//! reconciliation (`core::audit::reconcile`), printed as a table, the documented JSON schema
//! (`authpilot-reconcile/1`) or CSV rows.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};

use authpilot::core::audit::read::{Record, RecordTarget};
use authpilot::core::audit::reconcile::{reconcile as hold, Reconciliation};
use authpilot::core::log::{Entry, Scope};
use authpilot::core::time::Instant;

use crate::output;
use crate::read::{self, AuditArg, ReadAudit};
use crate::{exit, Failure, Format};

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
        RecordTarget::Organization => ("organization", None),
        RecordTarget::Policy(n) => ("authentication-policy", Some(n.as_str())),
        RecordTarget::Mailbox(m) => ("mailbox", Some(m.as_str())),
        RecordTarget::Unknown(x) => ("unknown", Some(x.as_str())),
    };
    RecordOut {
        id: &r.id,
        at: r.at.to_rfc3339(),
        user: &r.user,
        tool: r.tool.id(),
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
                why: w.id(),
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
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| Failure::CannotWrite(e.to_string()))
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
            why.id()
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
            x.tool.id(),
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
pub fn senders_of(given: &[String], entries: &[Entry]) -> Vec<String> {
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
    format: Format,
    now: Instant,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let as_json = format == Format::Json;
    let mut rows: Vec<Vec<String>> = Vec::new();
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
        )?;
    }
    for (i, (tenant, tenant_files)) in by_tenant.iter().enumerate() {
        let entries = entries_of.remove(tenant).unwrap_or_default();
        let audit = read::combine(&tenant_files.iter().map(|f| &f.file).collect::<Vec<_>>());
        let r = hold(&entries, &audit, &senders_of(senders, &entries), now);
        if r.only_tenant.iter().any(|x| !r.before_log(x)) {
            status = exit::ONLY_IN_TENANT;
        }
        match format {
            Format::Json => {
                write!(out, "{}", if i == 0 { "\n" } else { ",\n" })?;
                tenant_json(out, tenant, tenant_files, entries.len(), &r)?;
            }
            Format::Table => write!(out, "{}", tenant_text(tenant, tenant_files, &r))?,
            Format::Csv => rows.extend(tenant_rows(tenant, &r)),
        }
    }
    // Entries about a tenant no audit file was given for: not held against anything.
    match format {
        Format::Json => {
            let unheld: Vec<Value> = entries_of
                .iter()
                .map(|(t, es)| json!({"tenant": t, "entries": es.len()}))
                .collect();
            writeln!(
                out,
                "\n],\n\"tenants_without_audit\": {}\n}}",
                Value::Array(unheld)
            )?;
        }
        Format::Table => {
            for (t, es) in &entries_of {
                writeln!(
                    out,
                    "== {t} ==\nno audit export given: {} log entries not reconciled",
                    es.len()
                )?;
            }
        }
        Format::Csv => {
            for (t, es) in &entries_of {
                let mut row = vec![String::new(); CSV_HEAD.len()];
                row[0] = t.clone();
                row[1] = "no-audit-export".into();
                row[2] = format!("{} log entries", es.len());
                rows.push(row);
            }
            output::csv(out, &CSV_HEAD, &rows)?;
        }
    }
    Ok(status)
}

/// `reconcile --format csv`: a row per matched pair, entry, record and disagreeing sender.
const CSV_HEAD: [&str; 13] = [
    "tenant",
    "group",
    "subject",
    "action",
    "outcome",
    "log_at",
    "tenant_at",
    "by",
    "tool",
    "why",
    "before_log",
    "entry_id",
    "record_id",
];

fn tenant_rows(tenant: &str, r: &Reconciliation) -> Vec<Vec<String>> {
    let subject = |e: &Entry| {
        e.mailbox
            .clone()
            .unwrap_or_else(|| e.scope.map_or("?", Scope::id).to_string())
    };
    let named = |x: &Record| record_out(x).name.unwrap_or("organization").to_string();
    let row = |cells: [&str; 12]| {
        std::iter::once(tenant)
            .chain(cells)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let mut rows = Vec::new();
    for (e, x) in &r.matched {
        rows.push(row([
            "matched",
            &subject(e),
            e.action.id(),
            e.outcome.id(),
            &e.at,
            &x.at.to_rfc3339(),
            &x.user,
            x.tool.id(),
            "",
            "",
            &e.id,
            &x.id,
        ]));
    }
    for (e, why) in &r.only_authpilot {
        rows.push(row([
            "only-in-log",
            &subject(e),
            e.action.id(),
            e.outcome.id(),
            &e.at,
            "",
            "",
            "",
            why.id(),
            "",
            &e.id,
            "",
        ]));
    }
    // A record only the tenant's audit knows (`before_log` said), or whose target it cannot tell.
    let record_row = |group: &str, x: &Record, before_log: &str| {
        row([
            group,
            &named(x),
            x.action.id(),
            if x.succeeded { "succeeded" } else { "failed" },
            "",
            &x.at.to_rfc3339(),
            &x.user,
            x.tool.id(),
            "",
            before_log,
            "",
            &x.id,
        ])
    };
    for x in &r.only_tenant {
        let before = if r.before_log(x) { "true" } else { "false" };
        rows.push(record_row("only-in-tenant", x, before));
    }
    for x in &r.cannot_tell {
        rows.push(record_row("unknown-target", x, ""));
    }
    for d in &r.disagreements {
        rows.push(row([
            "disagreeing-sender",
            &d.mailbox,
            d.authpilot.0.id(),
            "",
            &d.authpilot.1.to_rfc3339(),
            &format!("{} {}", d.tenant.1.to_rfc3339(), d.tenant.0.id()),
            "",
            "",
            "",
            "",
            "",
            "",
        ]));
    }
    rows
}
