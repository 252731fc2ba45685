//! Which phase of Microsoft's Basic-auth retirement applies at an instant, and what an
//! admin in a given cloud should do then. All boundaries are UTC midnights from domain.md.

use serde::{Deserialize, Serialize};

use crate::core::cloud::Cloud;
use crate::core::protocols::Protocol;
use crate::core::time::{Date, Instant};

/// The query that finds the diagnostic in Help & support.
pub const QUERY: &str = "Diag: Enable Basic Auth in EXO";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Until 2022-08-31: Basic disabled only in tenants not using it; the diagnostic re-enables.
    #[serde(rename = "before-opt-out")]
    BeforeOptOut,
    /// 2022-09-01 to 2022-09-30: "Option 1", opt-out only.
    #[serde(rename = "opt-out")]
    OptOut,
    /// 2022-10-01 to 2022-12-31: "Option 2", re-enable once per protocol.
    #[serde(rename = "re-enable")]
    ReEnable,
    /// From 2023-01-01: Basic permanently disabled; the diagnostic does nothing.
    #[serde(rename = "retired")]
    Retired,
}

/// What the diagnostic can do for a worldwide tenant in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiagnosticAction {
    #[serde(rename = "opt-out")]
    OptOut,
    #[serde(rename = "re-enable")]
    ReEnable,
}

fn utc_midnight(year: i32, month: u8, day: u8) -> Instant {
    Date::new(year, month, day)
        .expect("a fixed, valid date")
        .start()
}

/// The first second of the opt-out window, 2022-09-01T00:00:00Z.
pub fn opt_out_opens() -> Instant {
    utc_midnight(2022, 9, 1)
}
/// The first second of the re-enable window, 2022-10-01T00:00:00Z.
pub fn re_enable_opens() -> Instant {
    utc_midnight(2022, 10, 1)
}
/// The first second of permanent disablement, 2023-01-01T00:00:00Z.
pub fn retired_from() -> Instant {
    utc_midnight(2023, 1, 1)
}

impl Phase {
    pub fn at(instant: Instant) -> Phase {
        if instant < opt_out_opens() {
            Phase::BeforeOptOut
        } else if instant < re_enable_opens() {
            Phase::OptOut
        } else if instant < retired_from() {
            Phase::ReEnable
        } else {
            Phase::Retired
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Phase::BeforeOptOut => "before-opt-out",
            Phase::OptOut => "opt-out",
            Phase::ReEnable => "re-enable",
            Phase::Retired => "retired",
        }
    }

    /// What the diagnostic offers a worldwide tenant in this phase.
    pub fn diagnostic_action(self) -> Option<DiagnosticAction> {
        match self {
            Phase::BeforeOptOut | Phase::ReEnable => Some(DiagnosticAction::ReEnable),
            Phase::OptOut => Some(DiagnosticAction::OptOut),
            Phase::Retired => None,
        }
    }

    /// When this phase ends (the first second of the next), if it ends.
    pub fn ends(self) -> Option<Instant> {
        match self {
            Phase::BeforeOptOut => Some(opt_out_opens()),
            Phase::OptOut => Some(re_enable_opens()),
            Phase::ReEnable => Some(retired_from()),
            Phase::Retired => None,
        }
    }
}

/// The practice date when it rehearses the diagnostic: a date before it closed (1 January
/// 2023). Only then do the popup and the helper offer the diagnostic's actions (pre-fill, its
/// steps); on the real date, and under a practice date from 2023 on, they lead with SMTP AUTH
/// and keep 2022 as a short "What happened in 2022" (issue 27).
pub fn rehearsal(practice: Option<Date>) -> Option<Date> {
    practice.filter(|d| d.start() < retired_from())
}

/// Everything the popup and the helper say about a date, for one cloud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    pub phase: Phase,
    pub cloud: Cloud,
    pub title: String,
    pub summary: String,
    /// What the diagnostic will do here and now, if the admin can run it at all.
    pub diagnostic: Option<DiagnosticAction>,
    pub steps: Vec<String>,
    pub warnings: Vec<String>,
    /// Days left in the phase, counting the current day, while a deadline matters.
    pub days_left: Option<i64>,
}

/// "EWS, POP and IMAP": protocols named as a sentence lists them.
pub fn list_protocols(protocols: &[Protocol]) -> String {
    let names: Vec<&str> = protocols.iter().map(|p| p.short()).collect();
    match names.as_slice() {
        [] => t!("list_every_protocol"),
        [one] => (*one).to_string(),
        [init @ .., last] => t!("list_and", init.join(&t!("list_separator")), last),
    }
}

/// Modern auth: what applies since 2023 in every cloud.
fn retired_steps(needed: &[Protocol]) -> Vec<String> {
    vec![
        t!("retired_step_off"),
        t!("retired_step_modern_auth", list_protocols(needed)),
        t!("retired_step_check"),
    ]
}

fn diagnostic_steps(action: DiagnosticAction, needed: &[Protocol]) -> Vec<String> {
    let (label, after) = match action {
        DiagnosticAction::OptOut => (OPT_OUT_LABEL, t!("step_after_opt_out")),
        DiagnosticAction::ReEnable => (ENABLE_LABEL, t!("step_after_re_enable")),
    };
    vec![
        t!("step_sign_in"),
        t!("step_search", QUERY),
        t!("step_choose_protocol", label),
        t!("step_each_protocol", list_protocols(needed)),
        after,
    ]
}

/// The diagnostic's own labels for its drop-down, quoted as Microsoft's page shows them.
pub const OPT_OUT_LABEL: &str = "Protocol to Opt Out";
pub const ENABLE_LABEL: &str = "Protocol to Enable";

fn days_left(instant: Instant, end: Instant) -> i64 {
    end.date().days_since_epoch() - instant.date().days_since_epoch()
}

/// What an admin of a tenant in `cloud` who needs `needed` should do at `instant`.
pub fn guidance(instant: Instant, cloud: Cloud, needed: &[Protocol]) -> Guidance {
    let phase = Phase::at(instant);
    let deadline = phase.ends().filter(|_| phase != Phase::BeforeOptOut);
    let mut warnings = Vec::new();
    let (title, summary, diagnostic, steps) = match (phase, cloud) {
        (Phase::Retired, _) => (
            t!("retired_title"),
            t!("retired_summary"),
            None,
            retired_steps(needed),
        ),
        (Phase::BeforeOptOut, Cloud::Worldwide) => {
            warnings.push(t!("before_warning_archive"));
            (
                t!("before_title"),
                t!("before_summary"),
                Some(DiagnosticAction::ReEnable),
                diagnostic_steps(DiagnosticAction::ReEnable, needed),
            )
        }
        (Phase::OptOut, Cloud::Worldwide) => {
            warnings.push(t!("opt_out_warning_archived"));
            warnings.push(t!("opt_out_warning_no_re_enable"));
            warnings.push(t!("opt_out_warning_postpones"));
            (
                t!("opt_out_title"),
                t!("opt_out_summary"),
                Some(DiagnosticAction::OptOut),
                diagnostic_steps(DiagnosticAction::OptOut, needed),
            )
        }
        (Phase::ReEnable, Cloud::Worldwide) => {
            warnings.push(t!("re_enable_warning_once"));
            (
                t!("re_enable_title"),
                t!("re_enable_summary"),
                Some(DiagnosticAction::ReEnable),
                diagnostic_steps(DiagnosticAction::ReEnable, needed),
            )
        }
        (Phase::OptOut, Cloud::Gcc) => (
            t!("gcc_opt_out_title"),
            t!("gcc_opt_out_summary"),
            None,
            vec![
                t!("gcc_opt_out_step_find_post"),
                t!("gcc_opt_out_step_follow", list_protocols(needed)),
                t!("step_record_manually"),
            ],
        ),
        (Phase::BeforeOptOut | Phase::ReEnable, Cloud::Gcc) => (
            t!("gcc_ticket_title"),
            t!("gcc_ticket_summary"),
            None,
            support_ticket_steps(needed),
        ),
        (_, sovereign) => (
            t!("sovereign_title", sovereign.name()),
            t!("sovereign_summary", sovereign.name()),
            None,
            support_ticket_steps(needed),
        ),
    };
    Guidance {
        phase,
        cloud,
        title,
        summary,
        diagnostic,
        steps,
        warnings,
        days_left: deadline.map(|end| days_left(instant, end)),
    }
}

fn support_ticket_steps(needed: &[Protocol]) -> Vec<String> {
    vec![
        t!("ticket_step_open"),
        t!("ticket_step_name", list_protocols(needed)),
        t!("ticket_step_record"),
    ]
}

/// Where "Open admin center" goes for a cloud: the cloud's admin home; while the 2022
/// diagnostic is rehearsed, on the worldwide admin center the page that pre-fills its query,
/// and for GCC the Message Center (where its opt-out post was).
pub fn open_admin_center_url(cloud: Cloud, rehearsing: bool) -> String {
    if !rehearsing {
        cloud.admin_center_home().to_string()
    } else if cloud.has_self_help_diagnostic() {
        format!(
            "https://admin.microsoft.com/AdminPortal/?searchSolutions={}#/homepage",
            crate::core::page::hosts::percent_encode(QUERY)
        )
    } else if cloud == Cloud::Gcc {
        "https://admin.microsoft.com/Adminportal/Home#/MessageCenter".to_string()
    } else {
        cloud.admin_center_home().to_string()
    }
}
