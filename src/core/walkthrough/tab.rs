//! What the worker keeps about one tab (the page as last observed, the element the current step
//! needs and since when, the switch on screen) and its decision on each observation.

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::timeline::Guidance;
use crate::core::diagnostic::{PageState, Pending};
use crate::core::log::{Outcome, Summary};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

use super::element::PageElement;
use super::steps::{current_target, next_protocol, progress, steps};

/// How long the current step's element may stay unseen, with nothing loading in the
/// diagnostic's region, before the helper says so: long enough for a page to render what
/// the last click asked for, short enough that the admin is told at once.
pub const MISSING_AFTER_MS: f64 = 2000.0;

/// What the worker keeps (in session storage) about the guide in one tab.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TabState {
    pub page: PageState,
    /// The element the current step needs, and since when (ms since the epoch).
    pub target: Option<PageElement>,
    pub target_since_ms: f64,
    pub missing: Option<PageElement>,
    /// The query was filled after an arrival through `?searchSolutions=` the page ignored.
    pub arrival_filled: bool,
    pub last_recorded: Option<Outcome>,
    /// An SMTP AUTH switch on screen (the helper's SMTP AUTH view), if any.
    #[serde(default)]
    pub switch: Option<crate::core::smtp::SwitchSeen>,
}

/// What the worker should do after an observation (the wire's answer to it is
/// `messages::answers::Observed`, made from this).
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    pub state: TabState,
    /// The pending submission settled: record it with this outcome and message.
    pub settle: Option<(Outcome, Option<String>)>,
    /// Ask the content script to fill (and search) the query.
    pub prefill: bool,
    /// The element to outline.
    pub highlight: Option<PageElement>,
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
) -> Reaction {
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
        _ if snapshot.switch.is_some() => Some(PageElement::Switch),
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
    Reaction {
        state,
        settle,
        prefill,
        highlight: target.filter(|_| seen),
        recheck_ms,
        show_helper,
    }
}

/// What the admin is told when a pre-fill could not find an element: the content script
/// names it as a `PageElement` (`"help-button"`, `"search-box"`).
pub fn prefill_error(code: &str) -> String {
    match code {
        "help-button" => t!("helper_missing", PageElement::HelpButton.name()),
        "search-box" => t!("helper_missing", PageElement::SearchBox.name()),
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
