//! Which phase of Microsoft's Basic-auth retirement applies at an instant, and what an
//! admin in a given cloud should do then. All boundaries are UTC midnights from domain.md.

use serde::{Deserialize, Serialize};

use super::cloud::Cloud;
use super::diagnostic::QUERY;
use super::protocols::Protocol;
use super::time::{Date, Instant};

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

/// Everything the popup and overlay say about a date, for one cloud.
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
    /// SMTP AUTH's separate timeline, as it stands at this instant.
    pub smtp_auth: String,
}

fn list(protocols: &[Protocol]) -> String {
    if protocols.is_empty() {
        return "each protocol your mail product uses".to_string();
    }
    let names: Vec<&str> = protocols.iter().map(|p| p.short()).collect();
    match names.as_slice() {
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => unreachable!(),
    }
}

/// Modern auth: what applies since 2023 in every cloud.
fn retired_steps(needed: &[Protocol]) -> Vec<String> {
    vec![
        "Basic authentication was switched off for good in the first week of January 2023, \
         in every tenant and whatever its opt-out status. The diagnostic can no longer opt \
         out or re-enable a protocol."
            .to_string(),
        format!(
            "Move your mail-reading product to modern authentication (OAuth 2.0) for {}: ask \
             its vendor for OAuth support and register the app in Microsoft Entra ID.",
            list(needed)
        ),
        "Check what is blocked with Get-OrganizationConfig | Select BasicAuthBlockedApps \
         (255 means all eight protocols are blocked) or Get-AuthenticationPolicy."
            .to_string(),
    ]
}

fn diagnostic_steps(action: DiagnosticAction, needed: &[Protocol]) -> Vec<String> {
    let (label, after) = match action {
        DiagnosticAction::OptOut => (
            "Protocol to Opt Out",
            "The form looks the same after you opt out: that is expected. Microsoft confirms \
             received opt-outs with Message Center post MC437540.",
        ),
        DiagnosticAction::ReEnable => (
            "Protocol to Enable",
            "Basic authentication works again for that protocol within an hour (usually much \
             sooner): then test your mail product's connection.",
        ),
    };
    vec![
        "Sign in to the Microsoft 365 admin center as a Global Administrator.".to_string(),
        format!(
            "Open Help & support (lower right) and search for \"{QUERY}\", then choose Run Tests."
        ),
        format!(
            "Under \"{label}\" choose one protocol, tick the acknowledgement and select Update."
        ),
        format!("Run the diagnostic once for each of {}.", list(needed)),
        after.to_string(),
    ]
}

fn smtp_auth_note(instant: Instant) -> String {
    if instant < utc_midnight(2026, 1, 27) {
        "SMTP AUTH (Client Submission) is not part of this diagnostic and has its own timeline."
            .to_string()
    } else if instant < utc_midnight(2026, 12, 1) {
        "SMTP AUTH (Client Submission) is not part of this diagnostic: Microsoft makes no \
         change to it until December 2026; at the end of December 2026 Basic for SMTP AUTH is \
         turned off by default in existing tenants (admins can turn it back on)."
            .to_string()
    } else if instant < utc_midnight(2027, 1, 1) {
        "SMTP AUTH (Client Submission): at the end of December 2026 Basic for SMTP AUTH is \
         turned off by default in existing tenants (admins can turn it back on); tenants \
         created after December 2026 have none."
            .to_string()
    } else {
        "SMTP AUTH (Client Submission): Basic is off by default in existing tenants since the \
         end of December 2026 (admins can turn it back on) and absent in new ones; Microsoft \
         will announce the final removal date in the second half of 2027. Clients without it \
         see \"550 5.7.30 Basic authentication is not supported for Client Submission.\""
            .to_string()
    }
}

fn days_left(instant: Instant, end: Instant) -> i64 {
    end.date().days_since_epoch() - instant.date().days_since_epoch()
}

/// What an admin of a tenant in `cloud` who needs `needed` should do at `instant`.
pub fn guidance(instant: Instant, cloud: Cloud, needed: &[Protocol]) -> Guidance {
    let phase = Phase::at(instant);
    let smtp_auth = smtp_auth_note(instant);
    let deadline = phase.ends().filter(|_| phase != Phase::BeforeOptOut);
    let mut warnings = Vec::new();
    let (title, summary, diagnostic, steps) = match (phase, cloud) {
        (Phase::Retired, _) => (
            "Basic authentication is permanently disabled".to_string(),
            "Since 1 January 2023 nothing in the admin center turns Basic authentication back \
             on for Exchange Online."
                .to_string(),
            None,
            retired_steps(needed),
        ),
        (Phase::BeforeOptOut, Cloud::Worldwide) => {
            warnings.push(
                "On 1 September 2022 Microsoft archives every earlier opt-out and re-enable \
                 request: submit again in September."
                    .to_string(),
            );
            (
                "Basic auth is being disabled in tenants that do not use it".to_string(),
                "Microsoft disables Basic authentication only in tenants not using it, after a \
                 30-day Message Center notice (MC286990, MC375736). If a protocol you need was \
                 disabled, the diagnostic can re-enable it."
                    .to_string(),
                Some(DiagnosticAction::ReEnable),
                diagnostic_steps(DiagnosticAction::ReEnable, needed),
            )
        }
        (Phase::OptOut, Cloud::Worldwide) => {
            warnings.push(
                "Requests made before 1 September 2022 were archived: opt out again now."
                    .to_string(),
            );
            warnings.push(
                "In September the diagnostic cannot re-enable a protocol: that needs a \
                 support ticket."
                    .to_string(),
            );
            warnings.push(
                "Opting out only postpones: Microsoft disables Basic auth for all tenants \
                 permanently in January 2023."
                    .to_string(),
            );
            (
                "Option 1: opt out (by 30 September 2022)".to_string(),
                "During September 2022 the diagnostic offers only the opt-out: it tells \
                 Microsoft not to disable Basic for a protocol during October."
                    .to_string(),
                Some(DiagnosticAction::OptOut),
                diagnostic_steps(DiagnosticAction::OptOut, needed),
            )
        }
        (Phase::ReEnable, Cloud::Worldwide) => {
            warnings.push(
                "Each protocol can be re-enabled once. Basic auth is disabled for all tenants \
                 permanently in January 2023."
                    .to_string(),
            );
            (
                "Option 2: re-enable a disabled protocol (until 31 December 2022)".to_string(),
                "From 1 October 2022 the diagnostic re-enables Basic authentication for a \
                 protocol Microsoft disabled."
                    .to_string(),
                Some(DiagnosticAction::ReEnable),
                diagnostic_steps(DiagnosticAction::ReEnable, needed),
            )
        }
        (Phase::OptOut, Cloud::Gcc) => (
            "GCC: opt out through your tenant's Message Center post".to_string(),
            "GCC tenants cannot use the self-help diagnostic. Microsoft sent each GCC tenant a \
             Message Center post describing how to opt out."
                .to_string(),
            None,
            vec![
                "Open Message Center in the admin center and find the post about opting out \
                 of Basic authentication being disabled."
                    .to_string(),
                format!(
                    "Follow its process for {} before 1 October 2022.",
                    list(needed)
                ),
                "Record each request here with \"Record manually\".".to_string(),
            ],
        ),
        (Phase::BeforeOptOut | Phase::ReEnable, Cloud::Gcc) => (
            "GCC: re-enable through a support ticket".to_string(),
            "GCC tenants cannot use the self-help diagnostic: re-enabling a protocol needs a \
             support ticket."
                .to_string(),
            None,
            support_ticket_steps(needed),
        ),
        (_, sovereign) => (
            format!("{}: use a support ticket", sovereign.name()),
            format!(
                "The self-help diagnostic is not available in the {} cloud: opting out or \
                 re-enabling Basic authentication goes through a support ticket.",
                sovereign.name()
            ),
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
        smtp_auth,
    }
}

fn support_ticket_steps(needed: &[Protocol]) -> Vec<String> {
    vec![
        "Open a support ticket from your admin center's Help & support (or your usual \
         Microsoft support channel)."
            .to_string(),
        format!(
            "Name the protocols your mail product needs ({}) and what you ask for.",
            list(needed)
        ),
        "Record each request and its outcome here with \"Record manually\".".to_string(),
    ]
}
