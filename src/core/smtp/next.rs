//! What to do next about SMTP AUTH, as one step with the buttons that do it: the popup's first
//! screen and the helper lead with it on the real date (issue 27). It follows the plan
//! (`plan.rs`): find who sends, move them off Basic or turn it on per mailbox, keep the
//! organisation off — and from 2027, the change that happened and the errors devices show.

use serde::Serialize;

use super::explain::*;
use super::plan::*;
use super::timeline::*;

use crate::core::log::{Entry, Scope};

/// What a next step's button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NextAction {
    /// Open an admin-center page in the admin's cloud (or say its address is not known).
    Open(Place),
    /// Go to the list of senders (Settings).
    ListSenders,
    /// The SMTP AUTH tab: the whole plan with its PowerShell.
    SeePlan,
    /// The error explainer: what a device's error means.
    Explain,
}

/// The step an admin should take next, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// `find`, `per-mailbox`, `organization`, `done` (December and before); `check-devices`,
    /// `done-after` (from 2027).
    pub id: &'static str,
    pub text: String,
    /// The buttons, most useful first.
    pub actions: Vec<NextAction>,
}

/// How many waiting senders a line names before it says "and N more".
pub const NAMED_SENDERS: usize = 3;

/// "a@x, b@y, c@z and 2 more".
pub fn name_senders(senders: &[&str]) -> String {
    let shown = senders
        .iter()
        .take(NAMED_SENDERS)
        .copied()
        .collect::<Vec<_>>();
    let list = shown.join(&t!("list_separator"));
    match senders.len().saturating_sub(NAMED_SENDERS) {
        0 => list,
        more => t!("smtp_senders_and_more", list, more),
    }
}

/// The next step at a phase, for the listed `senders`, given each subject's latest entry.
pub fn next_step(phase: SmtpPhase, senders: &[String], latest: &[Entry]) -> NextStep {
    let waiting = senders_without_plan(latest, senders);
    let after = phase >= SmtpPhase::OffByDefault;
    if senders.is_empty() {
        return NextStep {
            id: "find",
            text: if after {
                t!("smtp_next_find_after")
            } else {
                t!("smtp_next_find")
            },
            actions: vec![
                NextAction::Open(Place::ClientsReport),
                NextAction::ListSenders,
            ],
        };
    }
    if !waiting.is_empty() {
        let names = name_senders(&waiting);
        return if after {
            NextStep {
                id: "check-devices",
                text: t!("smtp_next_check_devices", names),
                actions: vec![NextAction::Open(Place::ActiveUsers), NextAction::Explain],
            }
        } else {
            NextStep {
                id: "per-mailbox",
                text: t!("smtp_next_per_mailbox", waiting.len(), senders.len(), names),
                actions: vec![NextAction::Open(Place::ActiveUsers), NextAction::SeePlan],
            }
        };
    }
    let organization_recorded = board(latest, senders)
        .iter()
        .any(|(scope, _, entry)| *scope == Scope::Organization && entry.is_some());
    if !organization_recorded && !after {
        return NextStep {
            id: "organization",
            text: t!("smtp_next_organization"),
            actions: vec![NextAction::Open(Place::MailFlowSettings)],
        };
    }
    if after {
        NextStep {
            id: "done-after",
            text: t!("smtp_next_done_after"),
            actions: vec![NextAction::Explain],
        }
    } else {
        NextStep {
            id: "done",
            text: t!("smtp_next_done"),
            actions: vec![NextAction::SeePlan],
        }
    }
}

/// One line of the board: the organisation's and the policy's last recorded change, and how
/// many listed senders have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardLine<'a> {
    pub organization: Option<&'a Entry>,
    pub policy: Option<&'a Entry>,
    pub recorded: usize,
    pub listed: usize,
}

pub fn board_line<'a>(latest: &'a [Entry], senders: &'a [String]) -> BoardLine<'a> {
    let rows = board(latest, senders);
    let of = |wanted: Scope| {
        rows.iter()
            .find(|(scope, mailbox, _)| *scope == wanted && mailbox.is_none())
            .and_then(|(_, _, entry)| *entry)
    };
    BoardLine {
        organization: of(Scope::Organization),
        policy: of(Scope::AuthenticationPolicy),
        recorded: rows
            .iter()
            .filter(|(_, mailbox, entry)| mailbox.is_some() && entry.is_some())
            .count(),
        listed: senders.len(),
    }
}

/// The SMTP AUTH page a tab shows, from its admin center and hash route, when it is one the
/// plan names (the helper says what to do there).
pub fn place_of(location: &crate::core::page::hosts::Location) -> Option<Place> {
    use crate::core::page::hosts::{Center, Location};
    let Location::AdminCenter { center, route, .. } = location else {
        return None;
    };
    let route = route.to_ascii_lowercase();
    let under = |prefix: &str| {
        route == prefix
            || route
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(['/', '?']))
    };
    match center {
        Center::Exchange if under("/reports/smtpauthmailflowdetails") => Some(Place::ClientsReport),
        Center::Exchange if under("/settings") => Some(Place::MailFlowSettings),
        Center::Microsoft365 if under("/users") => Some(Place::ActiveUsers),
        Center::Microsoft365 if route.contains("/modernauthentication") => {
            Some(Place::ModernAuthentication)
        }
        _ => None,
    }
}

/// What the helper says on one of the plan's pages: what this page is for in the plan.
pub fn on_place(place: Place, senders: &[String], latest: &[Entry]) -> String {
    match place {
        Place::ClientsReport => t!("helper_on_clients_report"),
        Place::MailFlowSettings => t!("helper_on_mail_flow_settings"),
        Place::ActiveUsers => {
            let waiting = senders_without_plan(latest, senders);
            if senders.is_empty() {
                t!("helper_on_active_users_no_senders")
            } else if waiting.is_empty() {
                t!("helper_on_active_users_all_recorded")
            } else {
                t!(
                    "helper_on_active_users",
                    waiting.len(),
                    name_senders(&waiting)
                )
            }
        }
        Place::ModernAuthentication => t!("helper_smtp_policy"),
    }
}
