//! The helper's SMTP AUTH views: on a page with an SMTP AUTH switch (its state, whose it is,
//! the plan for it, asking for a mailbox the page does not show), and on any admin-center page
//! when the 2022 diagnostic is not being rehearsed — the step that fits the page (issue 27).

use super::model::{button, frame, words_notice, HelperControl, HelperModel};
use crate::core::diagnostic::timeline::{list_protocols, QUERY};
use crate::core::log::Scope;
use crate::core::pending::Pending;
use crate::core::protocols::Protocol;
use crate::core::view::{el, Element, Node};

/// The helper on a page with an SMTP AUTH switch: the switch's state as the page shows it,
/// whose it is (a listed sender or not), what the plan says for it, and what is recorded; and,
/// for a mailbox change whose flyout did not show the address (`asks`), a field to name it —
/// nothing is recorded until it is named.
pub(super) fn render_switch(
    m: &HelperModel,
    switch: Option<&crate::core::smtp::SwitchSeen>,
    asks: Option<&Pending>,
) -> Node {
    let mut body = frame(m.minimised, Some("smtp")).attr(
        "data-scope",
        switch.map_or(Scope::Mailbox, |s| s.scope).id(),
    );
    // Minimised (remembered, as on every page): one line — what the page shows, or that a
    // mailbox must be named — and the live region.
    if m.minimised {
        let line = match (asks, switch) {
            (Some(p), _) => t!("helper_smtp_ask", p.action.label()),
            (None, Some(s)) => switch_state(s),
            (None, None) => t!("smtp_heading"),
        };
        return body
            .child(el("p").attr("class", "summary").text(line))
            .child(live(m))
            .into();
    }
    body = body.child(el("p").attr("class", "phase").text(t!("smtp_heading")));
    if let Some(notice) = words_notice(m) {
        body = body.child(notice);
    }
    if let Some(pending) = asks {
        body = body.child(ask_mailbox(pending));
    }
    if let Some(switch) = switch {
        body = switch_lines(m, switch, body);
    }
    if let Some(line) = m.last_recording() {
        body = body.child(el("p").attr("id", "last-recording").text(line));
    }
    body.child(live(m)).into()
}

/// "This page shows SMTP AUTH turned on for the organisation."
fn switch_state(switch: &crate::core::smtp::SwitchSeen) -> String {
    let subject = switch
        .mailbox
        .clone()
        .unwrap_or_else(|| switch.scope.subject());
    if switch.on() {
        t!("helper_smtp_on", subject)
    } else {
        t!("helper_smtp_off", subject)
    }
}

/// "Whose mailbox was this?": the change (and its result, once the page showed it) and a field
/// for the address.
fn ask_mailbox(pending: &Pending) -> Element {
    let change = t!("helper_smtp_ask", pending.action.label());
    let result = match &pending.held {
        Some((outcome, _)) => t!("helper_smtp_ask_held", outcome.label()),
        None => t!("helper_smtp_ask_waiting"),
    };
    el("form")
        .attr("id", "ask-mailbox")
        .attr("data-form", HelperControl::NameMailbox.id())
        .attr(
            "data-held",
            if pending.held.is_some() {
                "true"
            } else {
                "false"
            },
        )
        .child(
            el("p")
                .attr("id", "ask-text")
                .text(format!("{change} {result}")),
        )
        .child(
            el("label")
                .attr("for", "mailbox-address")
                .text(t!("helper_smtp_ask_label")),
        )
        .child(
            el("input")
                .attr("id", "mailbox-address")
                .attr("name", "mailbox")
                // Text, not email: the core's message (not the browser's) says what is wrong.
                .attr("type", "text")
                .attr("inputmode", "email")
                .attr("autocomplete", "off")
                .attr("aria-describedby", "ask-text"),
        )
        .child(
            el("button")
                .attr("type", "submit")
                .text(t!("helper_smtp_ask_button")),
        )
}

fn switch_lines(
    m: &HelperModel,
    switch: &crate::core::smtp::SwitchSeen,
    mut body: Element,
) -> Element {
    body = body.child(
        el("p")
            .attr("id", "switch-state")
            .text(switch_state(switch)),
    );
    let plan = match switch.scope {
        Scope::Organization => t!("smtp_step_organization"),
        Scope::Mailbox => t!("smtp_step_per_mailbox"),
        Scope::AuthenticationPolicy => t!("helper_smtp_policy"),
    };
    if let Some(mailbox) = &switch.mailbox {
        let listed = m.senders.iter().any(|s| s.eq_ignore_ascii_case(mailbox));
        body = body.child(
            el("p")
                .attr("id", "listed")
                .attr("data-listed", if listed { "true" } else { "false" })
                .text(if listed {
                    t!("helper_smtp_listed", mailbox.clone())
                } else {
                    t!("helper_smtp_not_listed", mailbox.clone())
                }),
        );
    } else if switch.scope == Scope::Mailbox {
        body = body.child(
            el("p")
                .attr("id", "listed")
                .attr("data-listed", "unknown")
                .text(t!("helper_smtp_no_address")),
        );
    }
    body = body.child(el("p").attr("id", "plan-step").text(plan));
    body = body.child(
        el("p")
            .attr("id", "outlined")
            .attr("class", "detail")
            .text(t!("helper_smtp_outlined")),
    );
    let key = crate::core::log::subject_key(
        Protocol::Smtp,
        Some(switch.scope),
        switch.mailbox.as_deref().map(str::to_lowercase).as_deref(),
    );
    let recorded = m.summary.latest.iter().find(|e| e.subject() == key);
    if switch.scope != Scope::Mailbox || switch.mailbox.is_some() {
        body = body.child(el("p").attr("id", "recorded").text(match recorded {
            Some(e) => t!(
                "helper_smtp_recorded",
                e.action.label(),
                e.outcome.label(),
                crate::core::time::short_utc(&e.at)
            ),
            None => t!("smtp_board_nothing"),
        }));
    }
    if !m.senders.is_empty() {
        let waiting = crate::core::smtp::senders_without_plan(&m.summary.latest, &m.senders).len();
        body = body.child(el("p").attr("class", "detail").text(t!(
            "helper_smtp_senders_done",
            m.senders.len() - waiting,
            m.senders.len()
        )));
    }
    body
}

/// The helper on the admin center when the 2022 diagnostic is not rehearsed: SMTP AUTH's phase
/// and days left, what this page is for in the plan (the clients report, Mail flow settings,
/// Active users, Modern authentication) or else the plan's next step, with the buttons that do
/// it; and, when the Help & support pane or the old diagnostic is on screen, that the
/// diagnostic closed and what to do instead. No diagnostic action is offered.
pub(super) fn render_today(m: &HelperModel) -> Node {
    use crate::core::smtp::{days_until_text, guidance, instant_for, next_step, on_place};
    let practice = m.practice.map(|d| d.start().plus_seconds(12 * 3600));
    let g = guidance(instant_for(practice, m.now), m.cloud, &m.senders);
    let mut root = frame(m.minimised, Some("smtp")).attr("data-smtp-phase", g.phase.id());
    let days = g.days_left.map(days_until_text);
    if m.minimised {
        let line = match &days {
            Some(d) => t!("helper_today_short", d.clone()),
            None => g.title.clone(),
        };
        return root
            .child(el("p").attr("class", "summary").text(line))
            .child(live(m))
            .into();
    }
    root = root.child(el("p").attr("class", "phase").text(g.title));
    if let Some(d) = days {
        root = root.child(el("p").attr("class", "days").attr("id", "days").text(d));
    }
    if let Some(notice) = words_notice(m) {
        root = root.child(notice);
    }
    if m.page.pane_open || m.page.card || m.page.mode.is_some() {
        root = root.child(
            el("p")
                .attr("id", "diagnostic-closed")
                .attr("class", "warning")
                .text(t!(
                    "helper_diagnostic_closed",
                    QUERY,
                    list_protocols(&m.needed)
                )),
        );
    }
    let next = next_step(g.phase, &m.senders, &m.summary.latest);
    let (step_id, text, actions) = match m.place {
        Some(place) => (
            place.id(),
            on_place(place, &m.senders, &m.summary.latest),
            // On its page the step needs no button to reach it; the senders' list does.
            next.actions
                .into_iter()
                .filter(|a| *a != crate::core::smtp::NextAction::Open(place))
                .collect(),
        ),
        None => (next.id, next.text, next.actions),
    };
    root = root
        .child(
            el("p")
                .attr("id", "page-step")
                .attr("data-step", step_id)
                .text(text),
        )
        .child(
            el("div")
                .attr("class", "buttons")
                .children(actions.into_iter().map(|a| today_button(a, m))),
        );
    root.child(live(m)).into()
}

fn live(m: &HelperModel) -> Element {
    el("p")
        .attr("id", "live")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .text(m.notice.clone().unwrap_or_default())
}

/// A next step's button in the helper: a page opens in a new tab (or its address is said to be
/// unknown in this cloud); the senders' list, the plan and the explainer open in the popup's page.
fn today_button(action: crate::core::smtp::NextAction, m: &HelperModel) -> Node {
    use crate::core::smtp::NextAction;
    let popup = |label: String, fragment: &'static str| {
        button(&label, HelperControl::OpenPopup)
            .attr("data-fragment", fragment)
            .into()
    };
    match action {
        NextAction::Open(place) => match place.url(m.cloud) {
            Some(url) => button(&t!("place_open", place.label()), HelperControl::OpenPage)
                .attr("data-url", url)
                .attr("data-place", place.id())
                .into(),
            None => el("p")
                .attr("class", "fineprint")
                .text(t!("place_unknown", place.label(), m.cloud.name()))
                .into(),
        },
        NextAction::ListSenders => popup(t!("smtp_list_senders_button"), "settings"),
        NextAction::SeePlan => popup(t!("smtp_see_plan"), "smtp"),
        NextAction::Explain => popup(t!("smtp_explain_button_open"), "explain"),
    }
}
