//! The SMTP AUTH tab: the deadline, the plan per sender with its PowerShell, the board, the explainer.

use super::*;

/// SMTP AUTH's instant: the practice date only when it is in SMTP AUTH's timeline.
pub(super) fn smtp_instant(model: &PopupModel) -> Instant {
    let practice = model
        .settings()
        .practice_date
        .map(|_| model.settings().effective_instant(model.now));
    crate::core::smtp::instant_for(practice, model.now)
}

/// The first screen's line on SMTP AUTH: days left and the next step.
pub(super) fn smtp_now(model: &PopupModel, cloud: Cloud) -> Element {
    let settings = model.settings();
    let g = crate::core::smtp::guidance(smtp_instant(model), cloud, &settings.smtp_senders);
    let latest = model
        .log
        .as_ref()
        .map(|s| s.latest.as_slice())
        .unwrap_or(&[]);
    let waiting = crate::core::smtp::senders_without_plan(latest, &settings.smtp_senders);
    let next = if settings.smtp_senders.is_empty() {
        t!("smtp_next_list_senders")
    } else if !waiting.is_empty() {
        t!("smtp_next_plan_senders", waiting.len())
    } else {
        t!("smtp_next_all_recorded")
    };
    let mut p = el("p")
        .attr("id", "smtp-now")
        .attr("data-smtp-phase", g.phase.id())
        .child(el("strong").text(g.title));
    if let Some(days) = g.days_left {
        p = p.text(" — ").child(
            el("span")
                .attr("class", "days")
                .text(t!("smtp_days_left", days)),
        );
    }
    p.text(". ")
        .text(next)
        .text(" ")
        .child(go_to(Tab::Smtp, t!("smtp_see_plan")))
}

pub(super) fn smtp_section(model: &PopupModel, cloud: Cloud) -> Element {
    use crate::core::smtp::{board, guidance};
    let settings = model.settings();
    let g = guidance(smtp_instant(model), cloud, &settings.smtp_senders);
    let mut s = section("smtp", &t!("smtp_heading"))
        .attr("data-smtp-phase", g.phase.id())
        .child(el("h3").attr("id", "smtp-title").text(g.title))
        .child(el("p").text(g.summary));
    if let Some(days) = g.days_left {
        s = s.child(
            el("p")
                .attr("class", "deadline")
                .attr("id", "smtp-days")
                .text(t!("smtp_days_left", days)),
        );
    }
    if !g.unconfirmed.is_empty() {
        s = s.child(
            el("ul")
                .attr("class", "unconfirmed")
                .children(g.unconfirmed.into_iter().map(|u| el("li").text(u).into())),
        );
    }
    if let Some(asked) = &model.asked {
        s = s.child(
            el("div")
                .attr("id", "asked")
                .attr("role", "group")
                .attr("aria-labelledby", "asked-question")
                .child(el("p").attr("id", "asked-question").text(t!("smtp_asked")))
                .child(el("code").text(asked.line.clone()))
                .child(
                    el("div")
                        .attr("class", "buttons")
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", actions::RECORD_RUN)
                                .attr("data-outcome", "succeeded")
                                .text(t!("smtp_asked_worked")),
                        )
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", actions::RECORD_RUN)
                                .attr("data-outcome", "failed")
                                .text(t!("smtp_asked_failed")),
                        )
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", actions::NOT_RUN)
                                .text(t!("smtp_asked_not_run")),
                        ),
                ),
        );
    }
    // The board: the last recorded state of each switch and listed sender.
    let latest = model
        .log
        .as_ref()
        .map(|s| s.latest.as_slice())
        .unwrap_or(&[]);
    let rows = board(latest, &settings.smtp_senders)
        .into_iter()
        .map(|(scope, mailbox, entry)| {
            let subject = mailbox.map(str::to_string).unwrap_or_else(|| scope.label());
            let state = match entry {
                Some(e) => describe_entry(e, &model.times),
                None => t!("smtp_board_nothing"),
            };
            el("tr")
                .attr("data-subject", mailbox.unwrap_or(scope.id()))
                .child(el("th").attr("scope", "row").text(subject))
                .child(el("td").text(state))
                .into()
        });
    s = s.child(
        el("table")
            .attr("id", "smtp-board")
            .child(el("caption").text(t!("smtp_board_caption")))
            .child(
                el("tr")
                    .child(el("th").attr("scope", "col").text(t!("smtp_board_subject")))
                    .child(el("th").attr("scope", "col").text(t!("board_last_action"))),
            )
            .children(rows),
    );
    if settings.smtp_senders.is_empty() {
        s = s.child(
            el("p").attr("class", "detail").child(
                el("a")
                    .attr("href", "#smtp_senders")
                    .text(t!("smtp_list_senders_link")),
            ),
        );
    }
    // The plan, with the PowerShell of each step.
    let steps = g.steps.into_iter().map(|step| {
        let commands: Vec<Node> = step
            .commands
            .into_iter()
            .map(|c| {
                let mut copy = el("button")
                    .attr("type", "button")
                    .attr("data-action", actions::COPY_COMMAND)
                    .attr("data-line", c.line.clone())
                    .attr("aria-label", t!("smtp_copy_label", c.label.clone()))
                    .text(t!("smtp_copy"));
                if let Some(change) = &c.records {
                    copy = copy
                        .attr("data-scope", change.scope.id())
                        .attr("data-change", change.action.id());
                    if let Some(m) = &change.mailbox {
                        copy = copy.attr("data-mailbox", m.as_str());
                    }
                }
                el("li")
                    .attr("class", "command")
                    .child(el("span").attr("class", "label").text(c.label))
                    .child(el("code").text(c.line))
                    .child(copy)
                    .into()
            })
            .collect();
        let count = commands.len();
        let mut li = el("li")
            .attr("data-step", step.id)
            .child(el("p").text(step.text));
        if !step.places.is_empty() {
            let opens = step.places.iter().map(|place| match place.url(cloud) {
                Some(url) => el("button")
                    .attr("type", "button")
                    .attr("data-action", actions::OPEN_ADMIN_CENTER)
                    .attr("data-url", url)
                    .text(t!("place_open", place.label()))
                    .into(),
                None => el("span")
                    .attr("class", "fineprint")
                    .text(t!("place_unknown", place.label(), cloud.name()))
                    .into(),
            });
            li = li.child(el("div").attr("class", "buttons places").children(opens));
        }
        if count > 0 {
            li = li.child(
                el("details")
                    .attr("class", "powershell")
                    .child(el("summary").text(t!("smtp_powershell", count)))
                    .child(el("ul").attr("class", "commands").children(commands)),
            );
        }
        li.into()
    });
    s = s.child(el("h3").text(t!("smtp_plan_heading"))).child(
        el("ol")
            .attr("class", "steps")
            .attr("id", "smtp-plan")
            .children(steps),
    );
    // The error explainer.
    let mut explainer = el("form")
        .attr("data-action", actions::EXPLAIN)
        .attr("novalidate", "")
        .child(
            el("label")
                .attr("for", "explain_text")
                .text(t!("smtp_explain_label")),
        )
        .child(
            el("textarea")
                .attr("id", "explain_text")
                .attr("name", "explain_text")
                .attr("rows", "3")
                .attr("spellcheck", "false")
                .text(model.explain_text.clone()),
        )
        .child(
            el("div").attr("class", "buttons").child(
                el("button")
                    .attr("type", "submit")
                    .text(t!("smtp_explain_button")),
            ),
        );
    if let Some(found) = &model.explained {
        let result = match found {
            None => el("p")
                .attr("class", "warning")
                .text(t!("smtp_explain_unknown")),
            Some(e) => {
                let mut d = el("dl")
                    .attr("data-known", e.id)
                    .child(el("dt").text(t!("smtp_explain_known")))
                    .child(el("dd").child(el("code").text(e.known)))
                    .child(el("dt").text(t!("smtp_explain_meaning")))
                    .child(el("dd").text(e.meaning.clone()))
                    .child(el("dt").text(t!("smtp_explain_cause")))
                    .child(el("dd").text(e.cause.clone()))
                    .child(el("dt").text(t!("smtp_explain_next")))
                    .child(el("dd").text(e.next_step.clone()));
                if let Some(m) = &e.mailbox {
                    d = d
                        .child(el("dt").text(t!("smtp_explain_mailbox")))
                        .child(el("dd").text(m.clone()));
                }
                if let Some(line) = &e.command {
                    d = d.child(el("dd").child(el("code").text(line.clone())));
                }
                if e.confidence == crate::core::smtp::Confidence::Unconfirmed {
                    d = d.child(
                        el("dd")
                            .attr("class", "unconfirmed")
                            .text(t!("smtp_explain_unconfirmed")),
                    );
                }
                d
            }
        };
        explainer = explainer.child(
            el("div")
                .attr("id", "explained")
                .attr("role", "status")
                .child(result),
        );
    }
    s.child(
        el("details")
            .attr("id", "explainer")
            .flag(
                "open",
                model.explained.is_some() || !model.explain_text.is_empty(),
            )
            .child(el("summary").text(t!("smtp_explain_heading")))
            .child(explainer),
    )
}
