//! The 2022 diagnostic's walk-through, as the admin goes through it on one tab: which needed
//! protocols are done, which to do next, the steps and the element each needs.

use crate::core::diagnostic::timeline::{DiagnosticAction, Phase, ENABLE_LABEL, OPT_OUT_LABEL};
use crate::core::diagnostic::{PageState, QUERY};
use crate::core::log::{Action, Outcome, Summary};
use crate::core::protocols::Protocol;

use super::element::PageElement;

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
    pub target: Option<PageElement>,
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
            target: Some(PageElement::HelpButton),
        },
        Step {
            text: t!("guide_step_search", QUERY),
            done: past_search,
            target: Some(PageElement::SearchBox),
        },
        Step {
            text: t!("guide_step_run_tests"),
            done: form,
            target: Some(PageElement::RunTests),
        },
        Step {
            text: match next {
                Some(p) => t!("guide_step_choose", label, p.short()),
                None => t!("guide_step_choose_any", label),
            },
            done: chosen_right,
            target: Some(PageElement::Dropdown),
        },
        Step {
            text: t!("guide_step_acknowledge"),
            done: chosen_right && page.acknowledged,
            target: Some(PageElement::Acknowledge),
        },
        Step {
            text: update,
            done: false,
            target: Some(PageElement::Update),
        },
    ]
}

/// The first step not done: its element is the one to outline.
pub fn current_target(steps: &[Step]) -> Option<PageElement> {
    steps.iter().find(|s| !s.done).and_then(|s| s.target)
}
