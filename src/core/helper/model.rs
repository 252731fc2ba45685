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

use crate::core::walkthrough::PageElement;

/// What the helper shows.
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
    pub missing: Option<PageElement>,
    pub minimised: bool,
    pub notice: Option<String>,
    /// An SMTP AUTH switch on screen: the helper shows its SMTP AUTH view.
    pub switch: Option<crate::core::smtp::SwitchSeen>,
    /// The admin's listed SMTP AUTH senders.
    pub senders: Vec<String>,
    /// The plan's page this tab shows (the SMTP AUTH clients report, Active users…), if any.
    pub place: Option<crate::core::smtp::Place>,
}

/// The helper's controls, named in `data-action` (a form's in `data-form`) by their kebab-case
/// id: the web front reads a click back into a `HelperMsg` by this type (issue 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum HelperControl {
    Minimise,
    Restore,
    Close,
    /// Move the helper to the other side of the page (remembered).
    Dock,
    Prefill,
    Record,
    Report,
    /// The form (`data-form`, sent by submitting) naming the mailbox of a change whose flyout
    /// did not show it.
    NameMailbox,
    /// Open an admin-center page in a new tab (`data-url`).
    OpenPage,
    /// Open the popup's page at a part of it (`data-fragment`: settings, smtp, explain).
    OpenPopup,
}

impl HelperControl {
    pub fn id(self) -> &'static str {
        self.into()
    }
    pub fn from_id(id: &str) -> Option<HelperControl> {
        id.parse().ok()
    }
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

pub(crate) fn button(label: &str, action: HelperControl) -> Element {
    el("button")
        .attr("type", "button")
        .attr("data-action", action.id())
        .text(label)
}

/// The 2022 diagnostic on a page in a language whose words AuthPilot does not read (its words
/// are English and Japanese only): it records nothing there, says so, and offers Record
/// manually.
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
                    .child(button(&t!("record_manually"), HelperControl::Record)),
            ),
    )
}

/// On an SMTP AUTH page in a language whose messages AuthPilot does not read (issue 32): one
/// line saying that the page's words are not read and what that means for the outcome. A switch
/// there is still recorded (found by the page itself; its outcome from Fluent's markup, or
/// `submitted`).
pub(crate) fn words_notice(m: &HelperModel) -> Option<Element> {
    let lang = m.page.unreadable.as_ref()?;
    Some(
        el("p")
            .attr("class", "detail")
            .attr("id", "words-unread")
            .text(t!("helper_words_unread", lang)),
    )
}

/// The helper's frame, whatever it shows: its `main` (classed by the view, `smtp` or none, and
/// by whether it is minimised) and its header.
pub(crate) fn frame(minimised: bool, view: Option<&str>) -> Element {
    let mut class = String::from("helper");
    if let Some(view) = view {
        class = format!("{class} {view}");
    }
    if minimised {
        class.push_str(" minimised");
    }
    el("main")
        .attr("class", class)
        .attr("aria-labelledby", "helper-title")
        .child(header(minimised))
}

/// The helper's header: its name, Minimise (or Expand) and Close.
pub(crate) fn header(minimised: bool) -> Element {
    el("header")
        .child(el("h1").attr("id", "helper-title").text("AuthPilot"))
        .child(
            el("div")
                .attr("class", "controls")
                .child(if minimised {
                    button(&t!("helper_expand"), HelperControl::Restore)
                        .attr("aria-label", t!("helper_expand_label"))
                } else {
                    button(&t!("helper_minimise"), HelperControl::Minimise)
                        .attr("aria-label", t!("helper_minimise_label"))
                })
                .child(
                    button(&t!("helper_dock"), HelperControl::Dock)
                        .attr("aria-label", t!("helper_dock_label")),
                )
                .child(
                    button(&t!("helper_close"), HelperControl::Close)
                        .attr("aria-label", t!("helper_close_label")),
                ),
        )
}
