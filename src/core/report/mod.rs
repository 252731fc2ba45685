//! The printable audit report (issue 21): an extension page made only from the verified
//! chain, per tenant — the SMTP AUTH changes, a picture per scope and listed mailbox of SMTP
//! AUTH on or off over time with the end-of-December change marked, the reconciliation with an
//! audit file when one was read, and the 2022 diagnostic's actions in their own section. It
//! prints to PDF from the browser (print styles, a page break between sections) and saves as
//! one self-contained HTML file (its styles are inside it).

pub mod control;
pub mod picture;
pub mod update;

use control::ReportControl;

use crate::core::audit::reconcile::Reconciliation;
use crate::core::audit::AuditResult;
use crate::core::log::{Entry, Outcome, Scope};
use crate::core::popup::audit::{
    audit_file_input, entry_subject, target_label, tool_label, why_label,
};
use crate::core::popup::{short_time, TimeDisplay};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;
use crate::core::view::{el, text, Element, Node};

/// The page's own styles, inside the page so a saved copy needs nothing else.
pub const STYLE: &str = include_str!("report.css");

/// What the report is drawn from.
pub struct ReportModel {
    pub now: Instant,
    /// Local time with UTC beside it.
    pub times: TimeDisplay,
    /// The verified chain, or why there is none to print.
    pub entries: Result<Vec<Entry>, String>,
    pub tenant: Option<String>,
    pub senders: Vec<String>,
    pub audit: Option<Result<AuditResult, String>>,
    /// Show the audit records' IP addresses (off unless the admin asks).
    pub include_ip: bool,
    /// The verified chain is still being asked for (the page says so, and is not ready).
    pub loading: bool,
}

/// Local time with UTC beside it: "Dec 2, 2026, 7:00 PM (2026-12-02 10:00 UTC)".
/// Where the local time is UTC's own wording (the command line has no locale), once.
fn when(times: &TimeDisplay, stamp: &str) -> String {
    let (local, utc) = (times(stamp), short_time(stamp));
    if local == utc {
        utc
    } else {
        format!("{local} ({utc})")
    }
}

fn section(id: &'static str, heading: String) -> Element {
    el("section")
        .attr("id", id)
        .attr("aria-labelledby", format!("{id}-heading"))
        .child(el("h2").attr("id", format!("{id}-heading")).text(heading))
}

fn table(head: &[String], rows: Vec<Vec<String>>) -> Element {
    el("table")
        .child(
            el("thead").child(
                el("tr").children(
                    head.iter()
                        .map(|h| el("th").attr("scope", "col").text(h.clone()).into()),
                ),
            ),
        )
        .child(el("tbody").children(rows.into_iter().map(|r| {
            el("tr")
                .children(r.into_iter().map(|c| el("td").text(c).into()))
                .into()
        })))
}

fn controls(m: &ReportModel, can_print: bool) -> Element {
    let button = |control: ReportControl, label: String| {
        el("button")
            .attr("type", "button")
            .attr("data-action", control.id())
            .flag("disabled", !can_print)
            .text(label)
    };
    el("div")
        .attr("class", "controls no-print")
        .child(button(ReportControl::Print, t!("report_print")))
        .child(button(ReportControl::SaveHtml, t!("report_save_html")))
        .child(
            el("button")
                .attr("type", "button")
                .attr("data-action", ReportControl::ReadAudit.id())
                .text(t!("audit_read")),
        )
        .child(
            el("label")
                .child(
                    el("input")
                        .attr("type", "checkbox")
                        .attr("id", ReportControl::IncludeIp.id())
                        .flag("checked", m.include_ip),
                )
                .child(text(t!("report_include_ip"))),
        )
        .child(audit_file_input())
}

/// The report as one self-contained HTML file: the page without its controls, its styles
/// inside it, no script. The extension's "Save as HTML" and `authpilot report` both write
/// exactly this (issue 26).
pub fn html_file(m: &ReportModel) -> String {
    let page = render(m)
        .without_class("no-print")
        .map(|n| n.to_html())
        .unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>AuthPilot</title></head><body>{page}</body></html>\n",
        t!("report_lang")
    )
}

/// The file name a saved report gets.
pub fn file_name(today: crate::core::time::Date) -> String {
    format!("authpilot-audit-report-{today}.html")
}

/// The whole page.
pub fn render(m: &ReportModel) -> Node {
    let mut main = el("main")
        .attr("class", "report")
        .child(el("style").text(STYLE))
        .child(el("h1").text(t!("report_title")));
    if m.loading {
        return main
            .child(controls(m, false))
            .child(
                el("p")
                    .attr("id", "report-loading")
                    .attr("class", "status")
                    .attr("role", "status")
                    .text(t!("loading")),
            )
            .into();
    }
    let entries = match &m.entries {
        Ok(entries) => entries,
        Err(problem) => {
            return main
                .child(controls(m, false))
                .child(
                    el("p")
                        .attr("id", "report-refused")
                        .attr("class", "status warning")
                        .attr("role", "alert")
                        .text(t!("report_refused", problem)),
                )
                .into()
        }
    };
    let head = entries.last();
    main = main
        .child(controls(m, true))
        .child(el("p").attr("id", "report-meta").text(t!(
            "report_meta",
            m.tenant.clone().unwrap_or_else(|| t!("report_no_tenant")),
            when(&m.times, &m.now.to_rfc3339())
        )))
        .child(el("p").attr("id", "report-chain").text(match head {
            Some(h) => t!("report_chain", entries.len(), h.seq, h.id, h.hash),
            None => t!("report_chain_empty"),
        }));
    let smtp: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.protocol == Protocol::Smtp)
        .collect();
    // What changed.
    let heads = [
        t!("report_col_when"),
        t!("report_col_subject"),
        t!("report_col_action"),
        t!("report_col_outcome"),
        t!("report_col_message"),
    ];
    let row = |e: &&Entry| {
        vec![
            when(&m.times, &e.at),
            entry_subject(e),
            e.action.label(),
            e.outcome.label(),
            e.message.clone().unwrap_or_default(),
        ]
    };
    // Per tenant: an entry's own tenant, else the one the organisation's policy names. A log
    // that holds one tenant (the usual case) gets one table.
    let tenant_of = |e: &Entry| e.tenant.clone().or_else(|| m.tenant.clone());
    let mut tenants: Vec<Option<String>> = Vec::new();
    for e in &smtp {
        if !tenants.contains(&tenant_of(e)) {
            tenants.push(tenant_of(e));
        }
    }
    let mut changes = section("report-changes", t!("report_changes_heading"));
    if smtp.is_empty() {
        changes = changes.child(el("p").text(t!("report_none")));
    } else if tenants.len() == 1 {
        changes = changes.child(table(&heads, smtp.iter().map(row).collect()));
    } else {
        for tenant in &tenants {
            let name = tenant.clone().unwrap_or_else(|| t!("report_no_tenant"));
            changes = changes
                .child(
                    el("h3")
                        .attr("class", "tenant")
                        .text(t!("report_tenant", name)),
                )
                .child(table(
                    &heads,
                    smtp.iter()
                        .filter(|e| tenant_of(e) == *tenant)
                        .map(row)
                        .collect(),
                ));
        }
    }
    main = main.child(changes);
    // Pictures.
    let mut subjects: Vec<(Scope, Option<String>)> = vec![
        (Scope::Organization, None),
        (Scope::AuthenticationPolicy, None),
    ];
    let mut mailboxes: Vec<String> = m.senders.clone();
    for e in &smtp {
        if let (Some(Scope::Mailbox), Some(mb)) = (e.scope, &e.mailbox) {
            if !mailboxes.contains(mb) {
                mailboxes.push(mb.clone());
            }
        }
    }
    subjects.extend(mailboxes.into_iter().map(|mb| (Scope::Mailbox, Some(mb))));
    let pictures = subjects.iter().map(|(scope, mailbox)| {
        let mine: Vec<&Entry> = smtp
            .iter()
            .copied()
            .filter(|e| {
                e.scope == Some(*scope) && e.mailbox == *mailbox && e.outcome == Outcome::Succeeded
            })
            .collect();
        let name = mailbox.clone().unwrap_or_else(|| scope.label());
        el("figure")
            .attr("class", "picture")
            .child(picture::timeline(&name, &mine, m.now))
            .child(el("figcaption").text(name))
            .into()
    });
    main = main.child(
        section("report-pictures", t!("report_pictures_heading"))
            .child(
                el("p")
                    .attr("class", "hint")
                    .text(t!("report_pictures_hint")),
            )
            .children(pictures),
    );
    // The reconciliation, when a file was read.
    if let Some(audit) = &m.audit {
        main = main.child(reconciliation(m, audit));
    }
    // The 2022 diagnostic.
    let diag: Vec<Vec<String>> = entries
        .iter()
        .filter(|e| e.protocol != Protocol::Smtp)
        .map(|e| {
            vec![
                when(&m.times, &e.at),
                e.protocol.short().to_string(),
                e.action.label(),
                e.outcome.label(),
                e.message.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut d = section("report-diagnostic", t!("report_diagnostic_heading"));
    d = if diag.is_empty() {
        d.child(el("p").text(t!("report_none")))
    } else {
        let heads = [
            t!("report_col_when"),
            t!("report_col_protocol"),
            t!("report_col_action"),
            t!("report_col_outcome"),
            t!("report_col_message"),
        ];
        d.child(table(&heads, diag))
    };
    main.child(d).into()
}

fn reconciliation(m: &ReportModel, audit: &Result<AuditResult, String>) -> Element {
    let s = section("report-reconcile", t!("report_reconcile_heading"));
    let audit = match audit {
        Ok(a) => a,
        Err(problem) => {
            return s.child(
                el("p")
                    .attr("class", "status warning")
                    .attr("role", "alert")
                    .text(problem.clone()),
            )
        }
    };
    let r: &Reconciliation = &audit.reconciliation;
    let counts = [
        ("matched", t!("audit_group_matched"), r.matched.len()),
        (
            "only-authpilot",
            t!("audit_group_only_authpilot"),
            r.only_authpilot.len(),
        ),
        (
            "only-tenant",
            t!("audit_group_only_tenant"),
            r.only_tenant.len(),
        ),
        (
            "cannot-tell",
            t!("audit_group_cannot_tell"),
            r.cannot_tell.len(),
        ),
    ];
    let record_row = |x: &crate::core::audit::read::Record| {
        let before = if r.before_log(x) {
            t!("audit_before_log")
        } else {
            String::new()
        };
        let mut row = vec![
            when(&m.times, &x.at.to_rfc3339()) + &before,
            target_label(&x.target),
            x.action.label(),
            x.user.clone(),
            tool_label(x.tool) + if x.external_access { " *" } else { "" },
        ];
        if m.include_ip {
            row.push(x.client_ip.clone().unwrap_or_default());
        }
        row
    };
    let mut record_head = vec![
        t!("report_col_when"),
        t!("report_col_subject"),
        t!("report_col_action"),
        t!("report_col_user"),
        t!("report_col_tool"),
    ];
    if m.include_ip {
        record_head.push(t!("report_col_ip"));
    }
    s.child(el("p").text(t!(
        "report_reconcile_file",
        audit.name,
        audit.file.records.len(),
        audit.file.skipped
    )))
    .child(
        el("ul")
            .attr("id", "report-counts")
            .children(counts.iter().map(|(id, label, n)| {
                el("li")
                    .attr("data-group", *id)
                    .text(t!("audit_group_count", label, n))
                    .into()
            })),
    )
    .children(r.disagreements.iter().map(|d| {
        el("p")
            .attr("class", "status warning")
            .text(t!(
                "audit_disagree_line",
                d.mailbox,
                d.authpilot.0.label(),
                when(&m.times, &d.authpilot.1.to_rfc3339()),
                d.tenant.0.label(),
                when(&m.times, &d.tenant.1.to_rfc3339())
            ))
            .into()
    }))
    .child(el("h3").text(t!("audit_group_matched")))
    .child(table(
        &[
            t!("report_col_subject"),
            t!("report_col_action"),
            t!("report_col_when"),
            t!("report_col_tenant_when"),
            t!("report_col_user"),
        ],
        r.matched
            .iter()
            .map(|(e, x)| {
                vec![
                    entry_subject(e),
                    e.action.label(),
                    when(&m.times, &e.at),
                    when(&m.times, &x.at.to_rfc3339()),
                    x.user.clone(),
                ]
            })
            .collect(),
    ))
    .child(el("h3").text(t!("audit_group_only_authpilot")))
    .child(table(
        &[
            t!("report_col_when"),
            t!("report_col_subject"),
            t!("report_col_action"),
            t!("report_col_outcome"),
            t!("report_col_why"),
        ],
        r.only_authpilot
            .iter()
            .map(|(e, why)| {
                vec![
                    when(&m.times, &e.at),
                    entry_subject(e),
                    e.action.label(),
                    e.outcome.label(),
                    why_label(*why),
                ]
            })
            .collect(),
    ))
    .child(el("h3").text(t!("audit_group_only_tenant")))
    .child(table(
        &record_head,
        r.only_tenant.iter().map(record_row).collect(),
    ))
    .child(el("h3").text(t!("audit_group_cannot_tell")))
    .child(table(
        &record_head,
        r.cannot_tell.iter().map(record_row).collect(),
    ))
}
