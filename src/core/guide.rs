//! The in-page helper: which step the admin is on, which page element to outline, which
//! needed protocols are done, and the overlay's view. Pure: the overlay page and the
//! worker only feed it facts.

use serde::{Deserialize, Serialize};

use super::cloud::Cloud;
use super::diagnostic::{PageResult, PageState, Pending, QUERY};
use super::log::{Action, Outcome, Summary};
use super::protocols::Protocol;
use super::time::Instant;
use super::timeline::{guidance, DiagnosticAction, Guidance, Phase};
use super::view::{el, Element, Node};

/// The page elements the guide can point at (the content script's table has the same keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    #[serde(rename = "help-button")]
    HelpButton,
    #[serde(rename = "search-box")]
    SearchBox,
    #[serde(rename = "run-tests")]
    RunTests,
    #[serde(rename = "dropdown")]
    Dropdown,
    #[serde(rename = "acknowledge")]
    Acknowledge,
    #[serde(rename = "update")]
    Update,
}

impl Target {
    /// How the admin would name it.
    pub fn name(self) -> &'static str {
        match self {
            Target::HelpButton => "Help & support button",
            Target::SearchBox => "Help & support search box",
            Target::RunTests => "Run Tests button",
            Target::Dropdown => "protocol drop-down",
            Target::Acknowledge => "acknowledgement box",
            Target::Update => "Update button",
        }
    }

    fn seen(self, page: &PageState) -> bool {
        match self {
            Target::HelpButton => page.help_button,
            Target::SearchBox => page.search_box,
            Target::RunTests => page.run_tests,
            Target::Dropdown => page.mode.is_some(),
            Target::Acknowledge | Target::Update => page.mode.is_some(),
        }
    }
}

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
        DiagnosticAction::OptOut => "Protocol to Opt Out",
        DiagnosticAction::ReEnable => "Protocol to Enable",
    };
    // After a result the admin searches again for the next protocol.
    let past_search = (page.card || page.mode.is_some()) && page.result.is_none();
    let form = page.mode.is_some();
    let chosen_right = form && next.is_some() && page.selected == next;
    let update = match action {
        DiagnosticAction::OptOut => "Select Update",
        DiagnosticAction::ReEnable => "Select Update Settings (or Update)",
    };
    vec![
        Step {
            text: "Open Help & support (lower right).".into(),
            done: page.pane_open || past_search,
            target: Some(Target::HelpButton),
        },
        Step {
            text: format!("Search for \"{QUERY}\" and press Enter."),
            done: past_search,
            target: Some(Target::SearchBox),
        },
        Step {
            text: "Select Run Tests.".into(),
            done: form,
            target: Some(Target::RunTests),
        },
        Step {
            text: format!(
                "Under \"{label}\" choose {}.",
                next.map(|p| p.short()).unwrap_or("the protocol")
            ),
            done: chosen_right,
            target: Some(Target::Dropdown),
        },
        Step {
            text: "Tick the acknowledgement.".into(),
            done: chosen_right && page.acknowledged,
            target: Some(Target::Acknowledge),
        },
        Step {
            text: format!("{update}."),
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
    last: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if page.pane_open {
        out.push("Help pane open".to_string());
    }
    if page.query_filled {
        out.push("Query filled".to_string());
    }
    match page.mode {
        Some(DiagnosticAction::OptOut) => out.push("Form: opt-out mode".to_string()),
        Some(DiagnosticAction::ReEnable) => out.push("Form: re-enable mode".to_string()),
        None => {}
    }
    if let Some(p) = page.selected {
        out.push(format!("{} selected", p.short()));
    }
    if let Some(p) = pending {
        out.push(format!(
            "Submitted {} {} — waiting for the result",
            p.protocol.short(),
            p.action.id()
        ));
    }
    if let Some(PageResult::Failed(_)) = &page.result {
        out.push("Failed — recorded".to_string());
    }
    if let Some(text) = last {
        out.push(text.to_string());
    }
    out
}

/// What the overlay shows.
#[derive(Debug, Clone)]
pub struct OverlayModel {
    pub now: Instant,
    pub practice: Option<super::time::Date>,
    pub cloud: Cloud,
    pub needed: Vec<Protocol>,
    pub page: PageState,
    pub pending: Option<Pending>,
    pub summary: Summary,
    /// The latest recording, such as "Succeeded — recorded".
    pub last_recorded: Option<String>,
    /// An element the current step needs that the page has not shown in reasonable time.
    pub missing: Option<Target>,
    pub minimised: bool,
    pub notice: Option<String>,
}

pub mod actions {
    pub const MINIMISE: &str = "minimise";
    pub const RESTORE: &str = "restore";
    pub const CLOSE: &str = "close";
    pub const PREFILL: &str = "prefill";
    pub const RECORD: &str = "record";
}

impl OverlayModel {
    pub fn guidance(&self) -> Guidance {
        let at = match self.practice {
            Some(d) => d.start().plus_seconds(12 * 3600),
            None => self.now,
        };
        guidance(at, self.cloud, &self.needed)
    }
}

fn button(label: &str, action: &'static str) -> Element {
    el("button")
        .attr("type", "button")
        .attr("data-action", action)
        .text(label)
}

pub fn render(m: &OverlayModel) -> Node {
    let g = m.guidance();
    let done = progress(&m.summary, &m.needed, g.phase);
    let next = next_protocol(&done, m.page.selected);
    let remaining = done.iter().filter(|(_, d)| !d).count();
    let status = status_lines(&m.page, m.pending.as_ref(), m.last_recorded.as_deref());
    let live = el("p")
        .attr("id", "live")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .text(status.last().cloned().unwrap_or_default());
    let head = el("header")
        .child(el("h1").attr("id", "overlay-title").text("AuthPilot"))
        .child(
            el("div")
                .attr("class", "controls")
                .child(if m.minimised {
                    button("Expand", actions::RESTORE)
                        .attr("aria-label", "Expand the AuthPilot helper")
                } else {
                    button("Minimise", actions::MINIMISE)
                        .attr("aria-label", "Minimise the AuthPilot helper")
                })
                .child(
                    button("Close", actions::CLOSE)
                        .attr("aria-label", "Close the AuthPilot helper"),
                ),
        );
    let mut root = el("main")
        .attr(
            "class",
            if m.minimised {
                "overlay minimised"
            } else {
                "overlay"
            },
        )
        .attr("aria-labelledby", "overlay-title")
        .attr("data-phase", g.phase.id())
        .child(head);
    if m.minimised {
        let line = match next {
            Some(p) => format!("Next: {} — {remaining} to go", p.short()),
            None => "All needed protocols done".to_string(),
        };
        return root
            .child(el("p").attr("class", "summary").text(line))
            .child(live)
            .into();
    }
    root = root.child(el("p").attr("class", "phase").text(g.title.clone()));
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
                            Some(p) => format!(
                                "Next protocol: {} ({remaining} of {} to go)",
                                p.short(),
                                m.needed.len()
                            ),
                            None => "Every needed protocol is done.".to_string(),
                        }),
                )
                .child(el("ol").attr("class", "steps").children(list))
                .child(
                    el("div")
                        .attr("class", "buttons")
                        .child(button("Pre-fill diagnostic", actions::PREFILL)),
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
                        .child(button("Record manually", actions::RECORD)),
                );
        }
    }
    if let Some(target) = m.missing {
        root = root.child(
            el("p")
                .attr("class", "warning")
                .attr("role", "alert")
                .attr("id", "missing")
                .text(format!(
                    "AuthPilot cannot see the {} on this page. Carry on by hand and record what you did.",
                    target.name()
                )),
        );
        root = root.child(
            el("div")
                .attr("class", "buttons")
                .child(button("Record manually", actions::RECORD)),
        );
    }
    let board = done.iter().map(|(p, d)| {
        el("li")
            .attr("data-protocol", p.short())
            .attr("data-done", if *d { "true" } else { "false" })
            .text(format!(
                "{} — {}",
                p.short(),
                if *d { "done" } else { "to do" }
            ))
            .into()
    });
    root = root
        .child(el("h2").text("Needed protocols"))
        .child(el("ul").attr("class", "progress").children(board))
        .child(live);
    if let Some(n) = &m.notice {
        root = root.child(el("p").attr("class", "notice").text(n.clone()));
    }
    root.into()
}

/// How long the current step's element may stay unseen before the overlay says so.
pub const MISSING_AFTER_MS: f64 = 8000.0;

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
    pub last_recorded: Option<String>,
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
    snapshot: &super::diagnostic::Snapshot,
    now_ms: f64,
    guidance_now: &Guidance,
    needed: &[Protocol],
    summary: &Summary,
    pending: Option<&Pending>,
) -> Observed {
    let page = super::diagnostic::read_page(snapshot);
    let now = Instant::from_unix_millis(now_ms);
    let settle = pending.and_then(|p| super::diagnostic::settle(p, &page, now));
    let mut state = TabState {
        page: page.clone(),
        ..before.clone()
    };
    if let Some((outcome, _)) = &settle {
        state.last_recorded = Some(match outcome {
            Outcome::Succeeded => "Succeeded — recorded".to_string(),
            Outcome::Failed => "Failed — recorded".to_string(),
            Outcome::Submitted => "Submitted — recorded".to_string(),
        });
    }
    let prefill = !before.arrival_filled && super::diagnostic::should_fill_on_arrival(snapshot);
    state.arrival_filled |= prefill;

    let diagnostic_here = guidance_now.cloud.has_self_help_diagnostic();
    let target = match (guidance_now.diagnostic, diagnostic_here) {
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
    } else if now_ms - before.target_since_ms >= MISSING_AFTER_MS {
        state.missing = target;
    }
    let waiting = pending.is_some() && settle.is_none();
    let recheck_ms = (waiting || (!seen && state.missing.is_none())).then_some(3000);
    let show_helper = page.pane_open || page.card;
    Observed {
        state,
        settle,
        prefill,
        highlight: target.filter(|_| seen),
        recheck_ms,
        show_helper,
    }
}
