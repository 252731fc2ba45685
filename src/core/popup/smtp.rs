//! The SMTP AUTH tab: the deadline, the plan per sender with its PowerShell, the board, the explainer.

use super::log::describe_entry;
use super::model::*;
use crate::core::cloud::Cloud;
use crate::core::log::Entry;
use crate::core::time::Instant;
use crate::core::view::{el, Element, Node};

/// SMTP AUTH's instant: the practice date only when it is in SMTP AUTH's timeline.
pub(super) fn smtp_instant(model: &PopupModel) -> Instant {
    let practice = model
        .settings()
        .practice_date
        .map(|_| model.settings().effective_instant(model.now));
    crate::core::smtp::instant_for(practice, model.now)
}

/// The first screen's SMTP AUTH card (issue 27): the phase, the days left worded so they
/// cannot be misread, the plan's next step as buttons that do it, and one line of the board.
/// A practice date in SMTP AUTH's own timeline is named beside it.
pub(super) fn smtp_now(model: &PopupModel, cloud: Cloud) -> Element {
    use crate::core::smtp::{board_line, days_until_text, guidance, next_step};
    let settings = model.settings();
    let at = smtp_instant(model);
    let g = guidance(at, cloud, &settings.smtp_senders);
    let latest = model
        .log
        .as_ref()
        .map(|s| s.latest.as_slice())
        .unwrap_or(&[]);
    let next = next_step(g.phase, &settings.smtp_senders, latest);
    // The phase is the heading ("SMTP AUTH: Basic goes off by default at the end of this month").
    let mut s = section("smtp-now", &g.title).attr("data-smtp-phase", g.phase.id());
    if at != model.now {
        s = s.child(el("p").attr("class", "when").text(t!(
            "phase_when_practice",
            (model.times)(&at.date().to_string())
        )));
    }
    if let Some(days) = g.days_left {
        s = s.child(
            el("p")
                .attr("class", "days")
                .attr("id", "smtp-now-days")
                .attr("data-days", days.to_string())
                .text(days_until_text(days)),
        );
    }
    s = s
        .child(
            el("p")
                .attr("id", "next-step")
                .attr("data-step", next.id)
                .text(next.text),
        )
        .child(
            el("div")
                .attr("class", "buttons next")
                .children(next.actions.iter().map(|a| next_button(*a, cloud))),
        );
    // The board line links to the plan unless the next step's buttons already do.
    let plan_link = (!next
        .actions
        .contains(&crate::core::smtp::NextAction::SeePlan))
    .then(|| go_to(Section::Smtp, t!("smtp_see_plan")));
    let line = board_line(latest, &settings.smtp_senders);
    let state = |entry: Option<&Entry>| match entry {
        Some(e) => describe_entry(e, &model.times),
        None => t!("smtp_board_nothing"),
    };
    s.child(
        el("p")
            .attr("id", "smtp-board-line")
            .attr("class", "detail")
            .text(t!(
                "smtp_board_line",
                state(line.organization),
                state(line.policy),
                line.recorded,
                line.listed
            ))
            .children(
                plan_link
                    .into_iter()
                    .map(|link| el("span").text(" ").child(link).into()),
            ),
    )
}

/// A next step's button: it opens the page (or says its address is not known in this cloud),
/// shows the senders' field, the plan or the explainer.
fn next_button(action: crate::core::smtp::NextAction, cloud: Cloud) -> Node {
    use crate::core::smtp::NextAction;
    let button = |label: String| el("button").attr("type", "button").text(label);
    match action {
        NextAction::Open(place) => match place.url(cloud) {
            Some(url) => button(t!("place_open", place.label()))
                .attr("data-action", Control::OpenAdminCenter.id())
                .attr("data-url", url)
                .attr("data-place", place.id())
                .into(),
            None => el("span")
                .attr("class", "fineprint")
                .text(t!("place_unknown", place.label(), cloud.name()))
                .into(),
        },
        NextAction::ListSenders => button(t!("smtp_list_senders_button"))
            .attr("data-action", Control::Section.id())
            .attr("data-tab", Section::Settings.id())
            .attr("data-focus", "smtp_senders")
            .into(),
        NextAction::SeePlan => button(t!("smtp_see_plan"))
            .attr("data-action", Control::Section.id())
            .attr("data-tab", Section::Smtp.id())
            .into(),
        NextAction::Explain => button(t!("smtp_explain_button_open"))
            .attr("data-action", Control::Section.id())
            .attr("data-tab", Section::Smtp.id())
            .attr("data-focus", "explain_text")
            .into(),
    }
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
                .attr("data-days", days.to_string())
                .text(crate::core::smtp::days_until_text(days)),
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
                                .attr("data-action", Control::RecordRun.id())
                                .attr("data-outcome", "succeeded")
                                .text(t!("smtp_asked_worked")),
                        )
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", Control::RecordRun.id())
                                .attr("data-outcome", "failed")
                                .text(t!("smtp_asked_failed")),
                        )
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", Control::NotRun.id())
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
                    .attr("data-action", Control::CopyCommand.id())
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
                    .attr("data-action", Control::OpenAdminCenter.id())
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
        .attr("data-action", Control::Explain.id())
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
                model.explained.is_some()
                    || !model.explain_text.is_empty()
                    || model.focus.as_deref() == Some("explain_text"),
            )
            .child(el("summary").text(t!("smtp_explain_heading")))
            .child(explainer),
    )
}
