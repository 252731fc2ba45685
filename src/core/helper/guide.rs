//! The in-page helper's view of the 2022 diagnostic's walk-through: its live status lines and
//! the steps drawn from `core::walkthrough` (which step the admin is on, what to outline, which
//! needed protocols are done). Pure: the helper page only feeds it facts.

use crate::core::diagnostic::timeline::{DiagnosticAction, Phase};
use crate::core::diagnostic::{PageResult, PageState, Pending};
use crate::core::log::Outcome;
use crate::core::view::{el, Node};

use super::model::{button, frame, unreadable_notice, HelperControl, HelperModel};
use crate::core::walkthrough::{next_protocol, progress, recorded, steps};

/// Short live status lines, as the admin progresses.
pub fn status_lines(
    page: &PageState,
    pending: Option<&Pending>,
    last: Option<Outcome>,
) -> Vec<String> {
    let mut out = Vec::new();
    if page.pane_open {
        out.push(t!("status_pane_open"));
    }
    if page.query_filled {
        out.push(t!("status_query_filled"));
    }
    match page.mode {
        Some(DiagnosticAction::OptOut) => out.push(t!("status_form_opt_out")),
        Some(DiagnosticAction::ReEnable) => out.push(t!("status_form_re_enable")),
        None => {}
    }
    if let Some(p) = page.selected {
        out.push(t!("status_selected", p.short()));
    }
    // One already recorded `submitted` (only watched for a later result) is not "waiting".
    if let Some(p) = pending.filter(|p| p.submitted.is_none()) {
        out.push(t!("status_waiting", p.protocol.short(), p.action.label()));
    }
    if let Some(PageResult::Failed(_)) = &page.result {
        out.push(t!("status_failed_recorded"));
    }
    if let Some(outcome) = last {
        out.push(recorded(outcome));
    }
    out
}

pub fn render(m: &HelperModel) -> Node {
    let asks = m.pending.as_ref().filter(|p| p.asks_mailbox());
    if m.switch.is_some() || asks.is_some() {
        return super::smtp::render_switch(m, m.switch.as_ref(), asks);
    }
    let g = m.guidance();
    // Today first (issue 27): unless the 2022 diagnostic is rehearsed, the helper is about
    // SMTP AUTH — the step that fits this page.
    if g.phase == Phase::Retired {
        return super::smtp::render_today(m);
    }
    let done = progress(&m.summary, &m.needed, g.phase);
    let next = next_protocol(&done, m.page.selected);
    let remaining = done.iter().filter(|(_, d)| !d).count();
    let status = status_lines(&m.page, m.pending.as_ref(), m.last_recorded);
    let live = el("p")
        .attr("id", "live")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .text(status.last().cloned().unwrap_or_default());
    let mut root = frame(m.minimised, None).attr("data-phase", g.phase.id());
    if m.minimised {
        let line = match next {
            Some(p) => t!("helper_next_short", p.short(), remaining),
            None => t!("helper_all_done_short"),
        };
        return root
            .child(el("p").attr("class", "summary").text(line))
            .child(live)
            .into();
    }
    root = root.child(el("p").attr("class", "phase").text(g.title.clone()));
    if let Some(notice) = unreadable_notice(m) {
        root = root.child(notice);
    }
    match (g.diagnostic, m.cloud.has_self_help_diagnostic()) {
        (Some(action), true) => {
            let steps = steps(action, &m.page, next);
            let current = steps.iter().position(|s| !s.done);
            let list = steps.iter().enumerate().map(|(i, s)| {
                el("li")
                    .attr(
                        "class",
                        if s.done {
                            "done"
                        } else if Some(i) == current {
                            "current"
                        } else {
                            ""
                        },
                    )
                    .attr(
                        "aria-current",
                        if Some(i) == current { "step" } else { "false" },
                    )
                    .text(format!("{}{}", if s.done { "✓ " } else { "" }, s.text))
                    .into()
            });
            root = root
                .child(
                    el("p")
                        .attr("class", "next")
                        .attr("id", "next-protocol")
                        .text(match next {
                            Some(p) => t!("helper_next", p.short(), remaining, m.needed.len()),
                            None => t!("helper_all_done"),
                        }),
                )
                .child(el("ol").attr("class", "steps").children(list))
                .children(
                    (m.page.not_english.is_some() && m.page.unreadable.is_none()).then(|| {
                        el("p")
                            .attr("class", "hint")
                            .attr("id", "labels-in-english")
                            .text(t!("helper_labels_in_english"))
                            .into()
                    }),
                )
                .child(
                    el("div")
                        .attr("class", "buttons")
                        .child(button(&t!("button_prefill"), HelperControl::Prefill)),
                );
        }
        _ => {
            root = root
                .child(
                    el("ol")
                        .attr("class", "steps")
                        .children(g.steps.iter().map(|t| el("li").text(t.clone()).into())),
                )
                .child(
                    el("div")
                        .attr("class", "buttons")
                        .child(button(&t!("record_manually"), HelperControl::Record)),
                );
        }
    }
    if let Some(target) = m.missing {
        root = root.child(
            el("p")
                .attr("class", "warning")
                .attr("role", "alert")
                .attr("id", "missing")
                .text(t!("helper_missing", target.name())),
        );
        root = root.child(
            el("div")
                .attr("class", "buttons")
                .child(button(&t!("record_manually"), HelperControl::Record)),
        );
    }
    let board = done.iter().map(|(p, d)| {
        el("li")
            .attr("data-protocol", p.short())
            .attr("data-done", if *d { "true" } else { "false" })
            .text(if *d {
                t!("helper_protocol_done", p.short())
            } else {
                t!("helper_protocol_to_do", p.short())
            })
            .into()
    });
    root = root
        .child(el("h2").text(t!("helper_needed_heading")))
        .child(el("ul").attr("class", "progress").children(board))
        // The last recording named, beside the live status: what, its outcome and when.
        .children(
            m.last_recording()
                .map(|line| el("p").attr("id", "last-recording").text(line).into()),
        )
        .child(live)
        .child(
            el("div")
                .attr("class", "buttons footer")
                .child(button(&t!("helper_copy_report"), HelperControl::Report)),
        );
    if let Some(n) = &m.notice {
        root = root.child(el("p").attr("class", "notice").text(n.clone()));
    }
    root.into()
}
