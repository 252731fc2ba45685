//! The Log tab: each protocol's latest entry, its history, export and import.

use super::model::*;
use crate::core::diagnostic::timeline::Phase;
use crate::core::log::{Entry, Outcome};
use crate::core::protocols::Protocol;
use crate::core::view::{el, Element, Node};
use crate::core::walkthrough::is_done;

/// "Re-enable · Succeeded · 2022-10-15 10:00 UTC" (the time as `times` shows it)
pub(super) fn describe_entry(e: &Entry, times: &TimeDisplay) -> String {
    t!(
        "entry_line",
        e.action.label(),
        e.outcome.label(),
        times(&e.at)
    )
}

pub use crate::core::time::short_utc as short_time;

/// Whether a protocol is done for the phase that applies (today or the practice date).
pub(super) fn done_for(model: &PopupModel, protocol: Protocol) -> bool {
    let phase = Phase::at(model.settings().effective_instant(model.now));
    model
        .log
        .as_ref()
        .is_ok_and(|s| is_done(s, protocol, phase))
}

pub(super) fn board_section(model: &PopupModel) -> Element {
    let settings = model.settings();
    let header = el("tr")
        .child(el("th").attr("scope", "col").text(t!("board_protocol")))
        .child(el("th").attr("scope", "col").text(t!("board_needed")))
        .child(el("th").attr("scope", "col").text(t!("board_last_action")))
        .child(
            el("th").attr("scope", "col").child(
                el("span")
                    .attr("class", "visually-hidden")
                    .text(t!("board_history")),
            ),
        );
    let open = model.history.as_ref().map(|(p, _)| *p);
    let rows = Protocol::ALL.into_iter().map(|p| {
        let needed = settings.needed.contains(&p);
        let latest = model.log.as_ref().ok().and_then(|s| s.latest_for(p));
        el("tr")
            .attr("data-protocol", p.short())
            .attr("class", if needed { "needed" } else { "" })
            .child(
                el("th")
                    .attr("scope", "row")
                    .attr(
                        "title",
                        t!(
                            "board_protocol_title",
                            p.diagnostic_label(),
                            p.blocked_apps_bit()
                        ),
                    )
                    .text(p.short()),
            )
            .child(
                el("td")
                    .attr("class", "need")
                    .text(match (needed, done_for(model, p)) {
                        (true, true) => t!("board_needed_done"),
                        (true, false) => t!("board_needed_to_do"),
                        (false, _) => "—".to_string(),
                    }),
            )
            .child(
                el("td")
                    .attr("class", "last")
                    .attr(
                        "data-outcome",
                        latest.map(|e| e.outcome.id()).unwrap_or("none"),
                    )
                    .text(
                        latest
                            .map(|e| describe_entry(e, &model.times))
                            .unwrap_or_else(|| t!("board_no_action")),
                    ),
            )
            .child(
                el("td").child(
                    el("button")
                        .attr("type", "button")
                        .attr("class", "link")
                        .attr("data-action", Control::History.id())
                        .attr("data-protocol", p.short())
                        .attr(
                            "aria-expanded",
                            if open == Some(p) { "true" } else { "false" },
                        )
                        .attr("aria-label", t!("history_of", p.short()))
                        .text(t!("board_history")),
                ),
            )
            .into()
    });
    let mut s = section("board", &t!("board_heading")).child(
        el("table")
            .child(el("thead").child(header))
            .child(el("tbody").children(rows)),
    );
    if let Some((protocol, entries)) = &model.history {
        s = s.child(history(*protocol, entries, &model.times));
    }
    s
}

pub(super) fn history(protocol: Protocol, entries: &[Entry], times: &TimeDisplay) -> Element {
    let mut list = el("ol").attr("class", "history");
    for e in entries.iter().rev() {
        let mut item = el("li")
            .attr("data-seq", e.seq.to_string())
            .child(el("span").text(t!(
                "history_line",
                e.seq,
                describe_entry(e, times),
                e.source.label()
            )));
        if let Some(target) = &e.supersedes {
            item = item.child(
                el("span")
                    .attr("class", "detail")
                    .text(t!("history_updates", short_id(target))),
            );
        }
        for extra in [&e.message, &e.note, &e.tenant].into_iter().flatten() {
            item = item.child(el("p").attr("class", "detail").text(extra.clone()));
        }
        if let Some(by) = &e.effective_by {
            item = item.child(
                el("p")
                    .attr("class", "detail")
                    .text(t!("history_should_work_by", times(by))),
            );
        }
        let settled = entries
            .iter()
            .any(|later| later.supersedes.as_deref() == Some(e.id.as_str()));
        if e.outcome == Outcome::Submitted && !settled {
            for (outcome, label) in [
                (Outcome::Succeeded, t!("history_mark_succeeded")),
                (Outcome::Failed, t!("history_mark_failed")),
            ] {
                item = item.child(
                    el("button")
                        .attr("type", "button")
                        .attr("class", "link")
                        .attr("data-action", Control::Mark.id())
                        .attr("data-id", e.id.clone())
                        .attr("data-outcome", outcome.id())
                        .text(label),
                );
            }
        }
        list = list.child(item);
    }
    let mut box_ = el("div")
        .attr("id", "history")
        .attr("role", "region")
        .attr("aria-label", t!("history_of", protocol.short()))
        .child(el("h3").text(t!("history_of", protocol.short())));
    box_ = if entries.is_empty() {
        box_.child(el("p").text(t!("history_empty")))
    } else {
        box_.child(list)
    };
    box_
}

pub(super) fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

pub(super) fn log_section(model: &PopupModel) -> Element {
    let status = match &model.log {
        Ok(summary) => match &summary.broken {
            None => el("p")
                .attr("id", "log-status")
                .attr("class", "status ok")
                .attr("data-verified", "true")
                .text(if summary.count == 1 {
                    t!("log_verified_one")
                } else {
                    t!("log_verified_many", summary.count)
                }),
            Some(b) => el("p")
                .attr("id", "log-status")
                .attr("class", "status warning")
                .attr("data-verified", "false")
                .attr("role", "alert")
                .text(t!("log_broken", b.describe())),
        },
        Err(problem) => el("p")
            .attr("id", "log-status")
            .attr("class", "status warning")
            .attr("data-verified", "unknown")
            .attr("role", "alert")
            .text(problem.clone()),
    };
    let button = |label: &str, action: &'static str, format: &str| -> Node {
        el("button")
            .attr("type", "button")
            .attr("data-action", action)
            .attr("data-format", format)
            .text(label)
            .into()
    };
    section("log", &t!("log_heading"))
        .child(status)
        .child(
            el("div")
                .attr("class", "buttons")
                .child(button(&t!("log_export_json"), Control::Export.id(), "json"))
                .child(button(&t!("log_export_csv"), Control::Export.id(), "csv"))
                .child(button(&t!("log_import"), Control::Import.id(), "json")),
        )
        .child(
            el("input")
                .attr("type", "file")
                .attr("id", "import-file")
                .attr("accept", ".json,application/json")
                .attr("hidden", "")
                .attr("tabindex", "-1")
                .attr("aria-hidden", "true"),
        )
}
