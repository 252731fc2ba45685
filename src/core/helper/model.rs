//! The in-page helper's model — what it is given to show — and the pieces its views share
//! (buttons, the notice for a page AuthPilot cannot read). Its views: the 2022 diagnostic's
//! walk-through (`guide`) and SMTP AUTH's (`helper_smtp`).

use crate::core::cloud::Cloud;
use crate::core::diagnostic::timeline::{guidance, Guidance};
use crate::core::diagnostic::{PageState, Pending};
use crate::core::log::{Outcome, Summary};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;
use crate::core::view::{el, Element};

use super::target::Target;

/// What the overlay shows.
#[derive(Debug, Clone)]
pub struct HelperModel {
    pub now: Instant,
    pub practice: Option<crate::core::time::Date>,
    pub cloud: Cloud,
    pub needed: Vec<Protocol>,
    pub page: PageState,
    pub pending: Option<Pending>,
    pub summary: Summary,
    /// The outcome of the latest recording ("Succeeded — recorded").
    pub last_recorded: Option<Outcome>,
    /// An element the current step needs that the page has not shown in reasonable time.
    pub missing: Option<Target>,
    pub minimised: bool,
    pub notice: Option<String>,
    /// An SMTP AUTH switch on screen: the helper shows its SMTP AUTH view.
    pub switch: Option<crate::core::smtp::SwitchSeen>,
    /// The admin's listed SMTP AUTH senders.
    pub senders: Vec<String>,
    /// The plan's page this tab shows (the SMTP AUTH clients report, Active users…), if any.
    pub place: Option<crate::core::smtp::Place>,
}

pub mod actions {
    pub const MINIMISE: &str = "minimise";
    pub const RESTORE: &str = "restore";
    pub const CLOSE: &str = "close";
    /// Move the helper to the other side of the page (remembered).
    pub const DOCK: &str = "dock";
    pub const PREFILL: &str = "prefill";
    pub const RECORD: &str = "record";
    pub const REPORT: &str = "report";
    /// The form (`data-form`, sent by submitting) naming the mailbox of a change whose flyout
    /// did not show it.
    pub const NAME_MAILBOX: &str = "name-mailbox";
    /// Open an admin-center page in a new tab (`data-url`).
    pub const OPEN_PAGE: &str = "open-page";
    /// Open the popup's page at a part of it (`data-fragment`: settings, smtp, explain).
    pub const OPEN_POPUP: &str = "open-popup";
}

impl HelperModel {
    /// The helper's last recording, named (issue 25): "Last recorded: IMAP re-enable —
    /// Succeeded, recorded 2026-12-03 10:32 UTC." — the newest of the entries it was given,
    /// once this tab has recorded something.
    pub fn last_recording(&self) -> Option<String> {
        self.last_recorded?;
        let e = self.summary.latest.iter().max_by_key(|e| e.seq)?;
        let what = if e.protocol == Protocol::Smtp {
            let subject = e.mailbox.clone().unwrap_or_else(|| {
                e.scope
                    .unwrap_or(crate::core::log::Scope::Organization)
                    .subject()
            });
            t!("last_recording_smtp", subject, e.action.label())
        } else {
            t!(
                "last_recording_protocol",
                e.protocol.short(),
                e.action.label()
            )
        };
        Some(t!(
            "last_recording",
            what,
            e.outcome.label(),
            crate::core::time::short_utc(&e.at)
        ))
    }
    pub fn guidance(&self) -> Guidance {
        let at = match self.practice {
            Some(d) => d.start().plus_seconds(12 * 3600),
            None => self.now,
        };
        guidance(at, self.cloud, &self.needed)
    }
}

pub(crate) fn button(label: &str, action: &'static str) -> Element {
    el("button")
        .attr("type", "button")
        .attr("data-action", action)
        .text(label)
}

/// On a page in a language AuthPilot has no words for: it records nothing there, says so, and
/// offers Record manually.
pub(crate) fn unreadable_notice(m: &HelperModel) -> Option<Element> {
    let lang = m.page.unreadable.as_ref()?;
    Some(
        el("div")
            .attr("class", "unreadable")
            .child(
                el("p")
                    .attr("class", "warning")
                    .attr("role", "alert")
                    .attr("id", "unreadable")
                    .text(t!("error_unreadable_language", lang)),
            )
            .child(
                el("div")
                    .attr("class", "buttons")
                    .child(button(&t!("record_manually"), actions::RECORD)),
            ),
    )
}

/// The helper's frame, whatever it shows: its `main` (classed by the view, `smtp` or none, and
/// by whether it is minimised) and its header.
pub(crate) fn frame(minimised: bool, view: Option<&str>) -> Element {
    let mut class = String::from("overlay");
    if let Some(view) = view {
        class = format!("{class} {view}");
    }
    if minimised {
        class.push_str(" minimised");
    }
    el("main")
        .attr("class", class)
        .attr("aria-labelledby", "overlay-title")
        .child(header(minimised))
}

/// The helper's header: its name, Minimise (or Expand) and Close.
pub(crate) fn header(minimised: bool) -> Element {
    el("header")
        .child(el("h1").attr("id", "overlay-title").text("AuthPilot"))
        .child(
            el("div")
                .attr("class", "controls")
                .child(if minimised {
                    button(&t!("overlay_expand"), actions::RESTORE)
                        .attr("aria-label", t!("overlay_expand_label"))
                } else {
                    button(&t!("overlay_minimise"), actions::MINIMISE)
                        .attr("aria-label", t!("overlay_minimise_label"))
                })
                .child(
                    button(&t!("overlay_dock"), actions::DOCK)
                        .attr("aria-label", t!("overlay_dock_label")),
                )
                .child(
                    button(&t!("overlay_close"), actions::CLOSE)
                        .attr("aria-label", t!("overlay_close_label")),
                ),
        )
}
