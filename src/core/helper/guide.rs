//! The in-page helper: which step the admin is on, which page element to outline, which
//! needed protocols are done, and the overlay's view. Pure: the overlay page and the
//! worker only feed it facts.

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::timeline::{
    DiagnosticAction, Guidance, Phase, ENABLE_LABEL, OPT_OUT_LABEL,
};
use crate::core::diagnostic::{PageResult, PageState, Pending, QUERY};
use crate::core::log::{Action, Outcome, Summary};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;
use crate::core::view::{el, Node};

use super::model::{button, frame, unreadable_notice, HelperControl, HelperModel};
use super::target::Target;

/// Whether a needed protocol is done for the phase, from its latest log entry.
pub fn is_done(summary: &Summary, protocol: Protocol, phase: Phase) -> bool {
    let Some(e) = summary.latest_for(protocol) else {
        return false;
    };
    match phase.diagnostic_action() {
        Some(DiagnosticAction::OptOut) => {
            e.action == Action::OptOut && e.outcome != Outcome::Failed
        }
        Some(DiagnosticAction::ReEnable) => {
            e.action == Action::ReEnable && e.outcome == Outcome::Succeeded
        }
        None => false,
    }
}

/// Each needed protocol and whether it is done, in the diagnostic's order.
pub fn progress(summary: &Summary, needed: &[Protocol], phase: Phase) -> Vec<(Protocol, bool)> {
    needed
        .iter()
        .map(|p| (*p, is_done(summary, *p, phase)))
        .collect()
}

/// The protocol to do next: the one the admin chose on the form when it is needed and not
/// yet done, otherwise the first needed one not done.
pub fn next_protocol(progress: &[(Protocol, bool)], chosen: Option<Protocol>) -> Option<Protocol> {
    let open = |p: Protocol| progress.iter().any(|(q, done)| *q == p && !done);
    chosen
        .filter(|p| open(*p))
        .or_else(|| progress.iter().find(|(_, d)| !d).map(|(p, _)| *p))
}

/// One step of the walk-through and whether the page shows it done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub text: String,
    pub done: bool,
    pub target: Option<Target>,
}

/// The steps on the admin center for the diagnostic, given the page and the next protocol.
pub fn steps(action: DiagnosticAction, page: &PageState, next: Option<Protocol>) -> Vec<Step> {
    let label = match action {
        DiagnosticAction::OptOut => OPT_OUT_LABEL,
        DiagnosticAction::ReEnable => ENABLE_LABEL,
    };
    // After a result the admin searches again for the next protocol.
    let past_search = (page.card || page.mode.is_some()) && page.result.is_none();
    let form = page.mode.is_some();
    let chosen_right = form && next.is_some() && page.selected == next;
    let update = match action {
        DiagnosticAction::OptOut => t!("guide_step_update"),
        DiagnosticAction::ReEnable => t!("guide_step_update_settings"),
    };
    vec![
        Step {
            text: t!("guide_step_open_help"),
            done: page.pane_open || past_search,
            target: Some(Target::HelpButton),
        },
        Step {
            text: t!("guide_step_search", QUERY),
            done: past_search,
            target: Some(Target::SearchBox),
        },
        Step {
            text: t!("guide_step_run_tests"),
            done: form,
            target: Some(Target::RunTests),
        },
        Step {
            text: match next {
                Some(p) => t!("guide_step_choose", label, p.short()),
                None => t!("guide_step_choose_any", label),
            },
            done: chosen_right,
            target: Some(Target::Dropdown),
        },
        Step {
            text: t!("guide_step_acknowledge"),
            done: chosen_right && page.acknowledged,
            target: Some(Target::Acknowledge),
        },
        Step {
            text: update,
            done: false,
            target: Some(Target::Update),
        },
    ]
}

/// The first step not done: its element is the one to outline.
pub fn current_target(steps: &[Step]) -> Option<Target> {
    steps.iter().find(|s| !s.done).and_then(|s| s.target)
}

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
            Some(p) => t!("overlay_next_short", p.short(), remaining),
            None => t!("overlay_all_done_short"),
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
                            Some(p) => t!("overlay_next", p.short(), remaining, m.needed.len()),
                            None => t!("overlay_all_done"),
                        }),
                )
                .child(el("ol").attr("class", "steps").children(list))
                .children(
                    (m.page.not_english.is_some() && m.page.unreadable.is_none()).then(|| {
                        el("p")
                            .attr("class", "hint")
                            .attr("id", "labels-in-english")
                            .text(t!("overlay_labels_in_english"))
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
                .text(t!("overlay_missing", target.name())),
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
                t!("overlay_protocol_done", p.short())
            } else {
                t!("overlay_protocol_to_do", p.short())
            })
            .into()
    });
    root = root
        .child(el("h2").text(t!("overlay_needed_heading")))
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
                .child(button(&t!("overlay_copy_report"), HelperControl::Report)),
        );
    if let Some(n) = &m.notice {
        root = root.child(el("p").attr("class", "notice").text(n.clone()));
    }
    root.into()
}

/// How long the current step's element may stay unseen, with nothing loading in the
/// diagnostic's region, before the overlay says so: long enough for a page to render what
/// the last click asked for, short enough that the admin is told at once.
pub const MISSING_AFTER_MS: f64 = 2000.0;

/// What the worker keeps (in session storage) about the guide in one tab.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TabState {
    pub page: PageState,
    /// The element the current step needs, and since when (ms since the epoch).
    pub target: Option<Target>,
    pub target_since_ms: f64,
    pub missing: Option<Target>,
    /// The query was filled after an arrival through `?searchSolutions=` the page ignored.
    pub arrival_filled: bool,
    pub last_recorded: Option<Outcome>,
    /// An SMTP AUTH switch on screen (the helper's SMTP AUTH view), if any.
    #[serde(default)]
    pub switch: Option<crate::core::smtp::SwitchSeen>,
}

/// What the worker should do after an observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub state: TabState,
    /// The pending submission settled: record it with this outcome and message.
    pub settle: Option<(Outcome, Option<String>)>,
    /// Ask the content script to fill (and search) the query.
    pub prefill: bool,
    /// The element to outline.
    pub highlight: Option<Target>,
    /// Ask for another observation after this many ms even if the page does not change.
    pub recheck_ms: Option<u64>,
    /// Show the helper now: the Help & support pane or the diagnostic is on screen.
    pub show_helper: bool,
}

/// The worker's decision on one observation of a tab.
pub fn observe(
    before: &TabState,
    snapshot: &crate::core::diagnostic::Snapshot,
    now_ms: f64,
    guidance_now: &Guidance,
    needed: &[Protocol],
    summary: &Summary,
    pending: Option<&Pending>,
) -> Observed {
    let mut page = crate::core::diagnostic::read_page(snapshot);
    // A form whose label is in words AuthPilot has not seen (a Japanese page) is in the mode the
    // diagnostic offered on this date (one mode at a time, domain.md).
    if page.mode.is_none() && snapshot.form_label.is_some() {
        page.mode = guidance_now.diagnostic;
        page.selected = page
            .mode
            .and(snapshot.selected.as_deref().and_then(Protocol::parse));
    }
    let now = Instant::from_unix_millis(now_ms);
    // An SMTP AUTH change settles from its panel's message (`switch-result`), never from
    // what the diagnostic shows.
    let settle = pending
        .filter(|p| p.protocol != Protocol::Smtp)
        .and_then(|p| crate::core::diagnostic::settle(p, snapshot, &page, now));
    let mut state = TabState {
        page: page.clone(),
        ..before.clone()
    };
    if let Some((outcome, _)) = &settle {
        state.last_recorded = Some(*outcome);
    }
    let prefill =
        !before.arrival_filled && crate::core::diagnostic::should_fill_on_arrival(snapshot);
    state.arrival_filled |= prefill;
    state.switch = snapshot.switch.clone();

    // On a page with an SMTP AUTH switch the helper is about that switch: no diagnostic step.
    let diagnostic_here =
        guidance_now.cloud.has_self_help_diagnostic() && snapshot.switch.is_none();
    let target = match (guidance_now.diagnostic, diagnostic_here) {
        _ if snapshot.switch.is_some() => Some(Target::Switch),
        (Some(action), true) => {
            let next = next_protocol(
                &progress(summary, needed, guidance_now.phase),
                page.selected,
            );
            current_target(&steps(action, &page, next))
        }
        _ => None,
    };
    let seen = target.is_none_or(|t| t.seen(&page));
    if target != before.target {
        state.target = target;
        state.target_since_ms = now_ms;
        state.missing = None;
    } else if seen {
        state.missing = None;
    } else if page.busy {
        // Still loading: the wait starts once the page is done.
        state.target_since_ms = now_ms;
    } else if now_ms - before.target_since_ms >= MISSING_AFTER_MS {
        state.missing = target;
    }
    // Asked again only to time the "cannot see" notice. A waiting press is not polled: its
    // result arrives with the page's own changes (the content script reports each), and the
    // wait's end with its alarm.
    let recheck_ms = (!seen && state.missing.is_none()).then_some(MISSING_AFTER_MS as u64 / 2);
    let show_helper = page.pane_open || page.card || snapshot.switch.is_some();
    Observed {
        state,
        settle,
        prefill,
        highlight: target.filter(|_| seen),
        recheck_ms,
        show_helper,
    }
}

/// What the admin is told when a pre-fill could not find an element: the content script
/// names it as a `Target` (`"help-button"`, `"search-box"`).
pub fn prefill_error(code: &str) -> String {
    match code {
        "help-button" => t!("overlay_missing", Target::HelpButton.name()),
        "search-box" => t!("overlay_missing", Target::SearchBox.name()),
        _ => t!("error_prefill_refused"),
    }
}

/// "Succeeded — recorded": what the helper says once a result is in the log.
pub fn recorded(outcome: Outcome) -> String {
    match outcome {
        Outcome::Submitted => t!("status_submitted_recorded"),
        Outcome::Succeeded => t!("status_succeeded_recorded"),
        Outcome::Failed => t!("status_failed_recorded"),
    }
}
