//! `status`: the managed-service provider's board — per tenant, the organisation switch, each
//! authentication policy and each mailbox with SMTP AUTH on, since when and from which source —
//! or, with `--history`, every change over time; from any number of logs and audit exports,
//! as of a moment (`--at`). The rules are `core::status`'s; only the printing is here.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use authpilot::core::status::{board, TenantBoard, TenantInput};
use authpilot::core::time::Instant;

use crate::output;
use crate::read::{self, AuditArg};
use crate::{exit, Failure, Format};

/// Every tenant's sources: the logs' entries by the tenant they name, the audit files by the
/// tenant given for them or named in them.
pub fn inputs(logs: &[PathBuf], audits: &[AuditArg]) -> Result<Vec<TenantInput>, Failure> {
    let mut by: BTreeMap<String, TenantInput> = BTreeMap::new();
    let files: Vec<read::ReadAudit> = audits.iter().map(read::audit).collect::<Result<_, _>>()?;
    for f in files {
        let key = read::tenant_key(&f.tenant);
        let input = by.entry(key.clone()).or_insert_with(|| TenantInput {
            tenant: key,
            ..TenantInput::default()
        });
        input.audits.push(f.file);
    }
    let mut entries = Vec::new();
    for path in logs {
        entries.extend(read::verified_log(path)?.file.entries);
    }
    let mut named: Vec<String> = by.keys().cloned().collect();
    named.extend(
        entries
            .iter()
            .filter_map(|e| e.tenant.as_deref())
            .filter(|t| !t.trim().is_empty())
            .map(read::tenant_key),
    );
    named.sort();
    named.dedup();
    // The same entry in two logs (a technician's log and a merged one) counts once.
    let mut seen = std::collections::HashSet::new();
    for e in entries {
        if !seen.insert(e.id.clone()) {
            continue;
        }
        let key = read::entry_tenant(&e, &named);
        by.entry(key.clone())
            .or_insert_with(|| TenantInput {
                tenant: key,
                ..TenantInput::default()
            })
            .entries
            .push(e);
    }
    Ok(by.into_values().collect())
}

pub fn status(
    logs: &[PathBuf],
    audits: &[AuditArg],
    format: Format,
    at: Option<Instant>,
    history: bool,
    now: Instant,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    let boards: Vec<TenantBoard> = inputs(logs, audits)?
        .iter()
        .map(|input| board(input, at, now))
        .collect();
    let head: &[&str] = if history {
        &[
            "tenant", "at", "subject", "action", "outcome", "source", "by",
        ]
    } else {
        &["tenant", "subject", "state", "since", "source"]
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for b in &boards {
        if history {
            for e in &b.history {
                rows.push(vec![
                    b.tenant.clone(),
                    e.at.to_rfc3339(),
                    e.subject.label(),
                    e.action.id().into(),
                    e.outcome.id().into(),
                    e.source.id().into(),
                    e.by.clone().unwrap_or_default(),
                ]);
            }
        } else {
            for r in &b.rows {
                rows.push(vec![
                    b.tenant.clone(),
                    r.subject.label(),
                    r.state.id().into(),
                    r.since.to_rfc3339(),
                    r.source.id().into(),
                ]);
            }
        }
    }
    match format {
        Format::Json => {
            let doc = serde_json::json!({
                "schema": "authpilot-status/1",
                "at": at.map(|a| a.to_rfc3339()),
                "tenants": boards.iter().map(|b| {
                    let mut v = serde_json::to_value(b).unwrap_or_default();
                    if !history {
                        v.as_object_mut().map(|o| o.remove("history"));
                    }
                    v
                }).collect::<Vec<_>>(),
            });
            output::json(out, &doc)?;
        }
        Format::Csv => output::csv(out, head, &rows)?,
        Format::Table => output::table(out, head, &rows, Some("(no SMTP AUTH change known)"))?,
    }
    Ok(exit::OK)
}
