//! The Log tab's "The tenant's audit log" (issue 21): the PowerShell that exports the last 30
//! days of SMTP AUTH changes, reading such a file (in the popup only: never stored, sent or
//! logged), and the reconciliation's four groups.

use super::model::*;
use crate::core::log::{Entry, Scope};
use crate::core::view::{el, Element};

use crate::core::audit::read::{Form, Record, RecordTarget, Tool};
use crate::core::audit::reconcile::Why;

pub use crate::core::audit::AuditResult;

fn form_label(form: Form) -> String {
    match form {
        Form::Purview => t!("audit_form_purview"),
        Form::Classic => t!("audit_form_classic"),
        Form::PowerShell => t!("audit_form_powershell"),
    }
}

pub fn tool_label(tool: Tool) -> String {
    match tool {
        Tool::ExchangeAdminCenter => t!("audit_tool_eac"),
        Tool::PowerShell => t!("audit_tool_powershell"),
        Tool::Unknown => t!("audit_tool_unknown"),
    }
}

pub fn why_label(why: Why) -> String {
    match why {
        Why::Failed => t!("audit_why_failed"),
        Why::Submitted => t!("audit_why_submitted"),
        Why::NotYetArrived => t!("audit_why_not_yet"),
        Why::OlderThanFile => t!("audit_why_older"),
        Why::NotInRecord => t!("audit_why_not_in_record"),
    }
}

/// "the organisation", "the authentication policy Default", "scanner@contoso.com", or the
/// record's own words for a mailbox AuthPilot cannot tell.
pub fn target_label(target: &RecordTarget) -> String {
    match target {
        RecordTarget::Organization => Scope::Organization.label(),
        RecordTarget::Policy(name) => t!("audit_target_policy", name),
        RecordTarget::Mailbox(m) => m.clone(),
        RecordTarget::Unknown(words) => t!("audit_target_unknown", words),
    }
}

pub fn entry_subject(e: &Entry) -> String {
    match (e.scope, &e.mailbox) {
        (Some(Scope::Mailbox), Some(m)) => m.clone(),
        (Some(scope), _) => scope.label(),
        (None, _) => e.protocol.short().to_string(),
    }
}

fn record_line(r: &Record, times: &TimeDisplay, before_log: bool) -> String {
    t!(
        "audit_record_line",
        target_label(&r.target),
        r.action.label(),
        times(&r.at.to_rfc3339()),
        if r.user.is_empty() {
            "?".to_string()
        } else {
            r.user.clone()
        },
        tool_label(r.tool)
    ) + &if r.external_access {
        t!("audit_external")
    } else {
        String::new()
    } + &if before_log {
        t!("audit_before_log")
    } else {
        String::new()
    }
}

/// One group of the reconciliation, a disclosure showing its count. The groups the admin must
/// act on (a change only in the tenant's record, a target that cannot be told) are open by
/// default when they hold anything (issue 25); the others stay closed.
fn group(id: &'static str, title: String, lines: Vec<String>, act_on: bool) -> Element {
    let open = act_on && !lines.is_empty();
    el("details")
        .flag("open", open)
        .attr("class", "audit-group")
        .attr("data-group", id)
        .attr("data-count", lines.len().to_string())
        .child(el("summary").text(t!("audit_group_count", title, lines.len())))
        .child(el("ul").children(lines.into_iter().map(|l| el("li").text(l).into())))
}

/// The hidden file input an "Read an audit file…" button opens (the popup's and the report's).
pub fn audit_file_input() -> Element {
    el("input")
        .attr("type", "file")
        .attr("id", super::update::FilePick::Audit.input_id())
        .attr("accept", ".csv,text/csv")
        .attr("hidden", "")
        .attr("tabindex", "-1")
        .attr("aria-hidden", "true")
}

pub(super) fn audit_section(model: &PopupModel) -> Element {
    let times = &model.times;
    let command = crate::core::audit::EXPORT_COMMAND;
    let mut s = section("audit", &t!("audit_heading"))
        .child(el("p").text(t!("audit_intro")))
        .child(
            el("pre")
                .attr("id", "audit-command")
                .child(el("code").text(command)),
        )
        .child(
            el("div")
                .attr("class", "buttons")
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", Control::CopyCommand.id())
                        .attr("data-line", command)
                        .text(t!("audit_copy_command")),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", Control::Audit.id())
                        .text(t!("audit_read")),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", Control::Report.id())
                        .text(t!("audit_open_report")),
                ),
        )
        .child(audit_file_input())
        .child(el("p").attr("class", "hint").text(t!("audit_privacy")));
    let Some(result) = &model.audit else {
        return s;
    };
    let result = match result {
        Ok(r) => r,
        Err(problem) => {
            return s.child(
                el("p")
                    .attr("id", "audit-status")
                    .attr("class", "status warning")
                    .attr("role", "alert")
                    .text(problem.clone()),
            )
        }
    };
    let r = &result.reconciliation;
    s = s.child(
        el("p")
            .attr("id", "audit-status")
            .attr("class", "status")
            .attr("role", "status")
            .text(t!(
                "audit_read_summary",
                result.name,
                form_label(result.file.form),
                result.file.records.len(),
                result.file.skipped
            )),
    );
    if !r.disagreements.is_empty() {
        s = s.child(
            el("div")
                .attr("id", "audit-disagreements")
                .attr("class", "status warning")
                .attr("role", "alert")
                .child(el("p").text(t!("audit_disagree_heading")))
                .child(el("ul").children(r.disagreements.iter().map(|d| {
                    el("li")
                        .text(t!(
                            "audit_disagree_line",
                            d.mailbox,
                            d.authpilot.0.label(),
                            times(&d.authpilot.1.to_rfc3339()),
                            d.tenant.0.label(),
                            times(&d.tenant.1.to_rfc3339())
                        ))
                        .into()
                }))),
        );
    }
    let matched = r
        .matched
        .iter()
        .map(|(e, rec)| {
            t!(
                "audit_matched_line",
                entry_subject(e),
                e.action.label(),
                times(&e.at),
                times(&rec.at.to_rfc3339()),
                rec.user.clone()
            )
        })
        .collect();
    let only_mine = r
        .only_authpilot
        .iter()
        .map(|(e, why)| {
            t!(
                "audit_only_mine_line",
                entry_subject(e),
                e.action.label(),
                e.outcome.label(),
                times(&e.at),
                why_label(*why)
            )
        })
        .collect();
    let only_tenant = r
        .only_tenant
        .iter()
        .map(|x| record_line(x, times, r.before_log(x)))
        .collect();
    let cannot = r
        .cannot_tell
        .iter()
        .map(|x| record_line(x, times, r.before_log(x)))
        .collect();
    s.child(
        el("div")
            .attr("id", "audit-groups")
            .child(group("matched", t!("audit_group_matched"), matched, false))
            .child(group(
                "only-authpilot",
                t!("audit_group_only_authpilot"),
                only_mine,
                false,
            ))
            .child(group(
                "only-tenant",
                t!("audit_group_only_tenant"),
                only_tenant,
                true,
            ))
            .child(group(
                "cannot-tell",
                t!("audit_group_cannot_tell"),
                cannot,
                true,
            )),
    )
}
