//! The plan for the phase in force: where each step is done, and the exact PowerShell.

use serde::{Deserialize, Serialize};

use super::timeline::*;
use crate::core::cloud::Cloud;
use crate::core::time::Instant;

/// An admin-center page where a switch is read or changed (smtp-auth.md, "Where these pages
/// live"), with its address in the admin's cloud when it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// Exchange admin center, Settings > Mail flow (the organisation's switch).
    #[serde(rename = "mail-flow-settings")]
    MailFlowSettings,
    /// Exchange admin center, Reports > Mail flow > SMTP AUTH clients report.
    #[serde(rename = "clients-report")]
    ClientsReport,
    /// Microsoft 365 admin center, Users > Active users (a mailbox's "Authenticated SMTP").
    #[serde(rename = "active-users")]
    ActiveUsers,
    /// Microsoft 365 admin center, Org settings > Modern authentication (the policy's box).
    #[serde(rename = "modern-authentication")]
    ModernAuthentication,
}

impl Place {
    pub const ALL: [Place; 4] = [
        Place::ClientsReport,
        Place::MailFlowSettings,
        Place::ActiveUsers,
        Place::ModernAuthentication,
    ];
    /// Its name in the popup's markup (`data-place`).
    pub fn id(self) -> &'static str {
        match self {
            Place::MailFlowSettings => "mail-flow-settings",
            Place::ClientsReport => "clients-report",
            Place::ActiveUsers => "active-users",
            Place::ModernAuthentication => "modern-authentication",
        }
    }
    pub fn label(self) -> String {
        match self {
            Place::MailFlowSettings => t!("place_mail_flow_settings"),
            Place::ClientsReport => t!("place_clients_report"),
            Place::ActiveUsers => t!("place_active_users"),
            Place::ModernAuthentication => t!("place_modern_authentication"),
        }
    }
    /// The page's address for a tenant in `cloud`; `None` where it is not known (GCC High,
    /// DoD and 21Vianet: smtp-auth.md names no address for them, and AuthPilot invents none).
    pub fn url(self, cloud: Cloud) -> Option<&'static str> {
        if !cloud.uses_worldwide_hosts() {
            return None;
        }
        Some(match self {
            Place::MailFlowSettings => "https://admin.exchange.microsoft.com/#/settings",
            Place::ClientsReport => {
                "https://admin.exchange.microsoft.com/#/reports/smtpauthmailflowdetails"
            }
            Place::ActiveUsers => "https://admin.microsoft.com/Adminportal/Home#/users",
            Place::ModernAuthentication => {
                "https://admin.microsoft.com/#/Settings/Services/:/Settings/L1/ModernAuthentication"
            }
        })
    }
}

/// One step of the plan, with the PowerShell that reads or changes what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    pub id: &'static str,
    pub text: String,
    /// The admin-center pages for this step.
    pub places: Vec<Place>,
    /// Commands for this step (the admin's own addresses filled in), each with a label.
    pub commands: Vec<Command>,
}

/// A PowerShell line the popup offers with a Copy button. `records` says what running it
/// changes, so the popup can ask afterwards whether it was run and record that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    pub label: String,
    pub line: String,
    pub records: Option<Change>,
}

/// A change of one switch: what an SMTP AUTH log entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub scope: crate::core::log::Scope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mailbox: Option<String>,
    pub action: crate::core::log::Action,
}

/// What the popup says about SMTP AUTH at an instant, for a tenant in `cloud` with these
/// listed senders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmtpGuidance {
    pub phase: SmtpPhase,
    pub title: String,
    pub summary: String,
    /// Whole days until 31 December 2026 (`days_until_last_day`), while it is ahead or today.
    pub days_left: Option<i64>,
    /// Facts the admin should know are not confirmed by Microsoft, for this phase.
    pub unconfirmed: Vec<String>,
    pub steps: Vec<PlanStep>,
}

/// What applies at `instant`, with a plan for the listed `senders`.
pub fn guidance(instant: Instant, cloud: Cloud, senders: &[String]) -> SmtpGuidance {
    let phase = SmtpPhase::at(instant);
    let days_left = days_until_last_day(instant.date());
    let (title, summary) = match phase {
        SmtpPhase::Scheduled => (t!("smtp_scheduled_title"), t!("smtp_scheduled_summary")),
        SmtpPhase::Unchanged => (t!("smtp_unchanged_title"), t!("smtp_unchanged_summary")),
        SmtpPhase::December2026 => (t!("smtp_december_title"), t!("smtp_december_summary")),
        SmtpPhase::OffByDefault => (t!("smtp_off_title"), t!("smtp_off_summary")),
        SmtpPhase::RemovalAnnounced => (t!("smtp_removal_title"), t!("smtp_removal_summary")),
    };
    let mut unconfirmed = Vec::new();
    if phase <= SmtpPhase::OffByDefault {
        unconfirmed.push(t!("smtp_unconfirmed_day"));
        unconfirmed.push(t!("smtp_unconfirmed_switch"));
    }
    if !matches!(cloud, Cloud::Worldwide | Cloud::Gcc) {
        unconfirmed.push(t!("smtp_unconfirmed_sovereign", cloud.name()));
    }
    SmtpGuidance {
        phase,
        title,
        summary,
        days_left,
        unconfirmed,
        steps: plan(phase, senders),
    }
}

/// The plan: find who uses it, move them off Basic, and only where still needed turn it on
/// per mailbox (never for the whole organisation).
pub fn plan(phase: SmtpPhase, senders: &[String]) -> Vec<PlanStep> {
    let mut find = vec![Command {
        label: t!("smtp_cmd_org_read"),
        line: powershell::org_read(),
        records: None,
    }];
    find.push(Command {
        label: t!("smtp_cmd_list_allowed"),
        line: powershell::list_allowed(),
        records: None,
    });
    find.extend(senders.iter().map(|s| Command {
        label: t!("smtp_cmd_mailbox_read", s),
        line: powershell::mailbox_read(s),
        records: None,
    }));
    let mut steps = vec![
        PlanStep {
            id: "find",
            text: t!("smtp_step_find"),
            places: vec![Place::ClientsReport],
            commands: find,
        },
        PlanStep {
            id: "move",
            text: t!("smtp_step_move"),
            places: Vec::new(),
            commands: Vec::new(),
        },
    ];
    let per_mailbox = senders
        .iter()
        .flat_map(|s| {
            [
                Command {
                    label: t!("smtp_cmd_mailbox_on", s),
                    line: powershell::mailbox_set(s, Some(true)),
                    records: Some(Change {
                        scope: crate::core::log::Scope::Mailbox,
                        mailbox: Some(s.clone()),
                        action: crate::core::log::Action::TurnOn,
                    }),
                },
                Command {
                    label: t!("smtp_cmd_mailbox_off", s),
                    line: powershell::mailbox_set(s, Some(false)),
                    records: Some(Change {
                        scope: crate::core::log::Scope::Mailbox,
                        mailbox: Some(s.clone()),
                        action: crate::core::log::Action::TurnOff,
                    }),
                },
            ]
        })
        .collect();
    steps.push(PlanStep {
        id: "per-mailbox",
        places: vec![Place::ActiveUsers],
        text: if phase >= SmtpPhase::OffByDefault {
            t!("smtp_step_per_mailbox_now")
        } else {
            t!("smtp_step_per_mailbox")
        },
        commands: per_mailbox,
    });
    steps.push(PlanStep {
        id: "organization",
        text: t!("smtp_step_organization"),
        places: vec![Place::MailFlowSettings, Place::ModernAuthentication],
        commands: vec![Command {
            label: t!("smtp_cmd_org_off"),
            line: powershell::org_set(false),
            records: Some(Change {
                scope: crate::core::log::Scope::Organization,
                mailbox: None,
                action: crate::core::log::Action::TurnOff,
            }),
        }],
    });
    steps
}

/// The exact PowerShell (Exchange Online module) for each switch, from smtp-auth.md.
pub mod powershell {
    /// A PowerShell single-quoted string: `'` doubled, nothing else is special inside.
    pub fn quote(text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }
    pub fn org_read() -> String {
        "Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled".into()
    }
    /// `on`: SMTP AUTH allowed for the organisation.
    pub fn org_set(on: bool) -> String {
        format!(
            "Set-TransportConfig -SmtpClientAuthenticationDisabled ${}",
            if on { "false" } else { "true" }
        )
    }
    pub fn mailbox_read(mailbox: &str) -> String {
        format!(
            "Get-CASMailbox -Identity {} | Format-List SmtpClientAuthenticationDisabled",
            quote(mailbox)
        )
    }
    /// `Some(true)`: on for this mailbox; `Some(false)`: off; `None`: follow the organisation.
    pub fn mailbox_set(mailbox: &str, on: Option<bool>) -> String {
        let value = match on {
            Some(true) => "$false",
            Some(false) => "$true",
            None => "$null",
        };
        format!(
            "Set-CASMailbox -Identity {} -SmtpClientAuthenticationDisabled {value}",
            quote(mailbox)
        )
    }
    pub fn list_allowed() -> String {
        "Get-CASMailbox -ResultSize Unlimited | Where-Object { $_.SmtpClientAuthenticationDisabled -eq $false }".into()
    }
}
