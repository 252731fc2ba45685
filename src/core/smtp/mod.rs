//! SMTP AUTH Basic authentication: the deadline still ahead (end of December 2026). Its
//! phases and plan, the senders an organisation lists, the exact PowerShell for each switch,
//! and what a device's error text means. Every fact comes from `shared/docs/smtp-auth.md`
//! with its confidence; what is unconfirmed there is marked so here (`Confidence`), and the
//! popup says so beside it. Each fact lives in one place in this file, to be corrected once.

use serde::{Deserialize, Serialize};

use crate::core::cloud::Cloud;
use crate::core::time::{Date, Instant};

/// How sure a fact is (smtp-auth.md: "confirmed" = a Microsoft source says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    #[serde(rename = "confirmed")]
    Confirmed,
    #[serde(rename = "unconfirmed")]
    Unconfirmed,
}

// ---- The timeline ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SmtpPhase {
    /// Before 2026-01-27: the retirement was scheduled (September 2025, then March–April 2026).
    #[serde(rename = "scheduled")]
    Scheduled,
    /// 2026-01-27 to 2026-11-30: on hold, "behavior remains unchanged" until December 2026.
    #[serde(rename = "unchanged")]
    Unchanged,
    /// December 2026: Basic goes off by default for existing tenants at the end of the month
    /// (the exact day is not published).
    #[serde(rename = "december-2026")]
    December2026,
    /// From 2027-01-01: off by default; admins can still turn it on.
    #[serde(rename = "off-by-default")]
    OffByDefault,
    /// From 2027-07-01: "Second half of 2027: Microsoft will announce the final removal date."
    #[serde(rename = "removal-announced")]
    RemovalAnnounced,
}

fn midnight(year: i32, month: u8, day: u8) -> Instant {
    Date::new(year, month, day).expect("a fixed date").start()
}

/// The day the hold was announced (Exchange Team blog, 2026-01-27).
pub fn hold_announced() -> Instant {
    midnight(2026, 1, 27)
}
/// The first day of the month in which Basic goes off by default.
pub fn december_starts() -> Instant {
    midnight(2026, 12, 1)
}
/// The last day it can happen on ("end of December 2026"; the exact day is unconfirmed).
pub fn last_day() -> Date {
    Date::new(2026, 12, 31).expect("a fixed date")
}
/// The first day after December 2026.
pub fn off_by_default_from() -> Instant {
    midnight(2027, 1, 1)
}
/// The start of "the second half of 2027", when the final removal date is to be announced.
pub fn removal_announcement_from() -> Instant {
    midnight(2027, 7, 1)
}

impl SmtpPhase {
    pub fn at(instant: Instant) -> SmtpPhase {
        if instant < hold_announced() {
            SmtpPhase::Scheduled
        } else if instant < december_starts() {
            SmtpPhase::Unchanged
        } else if instant < off_by_default_from() {
            SmtpPhase::December2026
        } else if instant < removal_announcement_from() {
            SmtpPhase::OffByDefault
        } else {
            SmtpPhase::RemovalAnnounced
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            SmtpPhase::Scheduled => "scheduled",
            SmtpPhase::Unchanged => "unchanged",
            SmtpPhase::December2026 => "december-2026",
            SmtpPhase::OffByDefault => "off-by-default",
            SmtpPhase::RemovalAnnounced => "removal-announced",
        }
    }
}

/// An admin-center page where a switch is read or changed (smtp-auth.md, "Where these pages
/// live"), with its address in the admin's cloud when it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Place {
    /// Exchange admin center, Settings > Mail flow (the organisation's switch).
    MailFlowSettings,
    /// Exchange admin center, Reports > Mail flow > SMTP AUTH clients report.
    ClientsReport,
    /// Microsoft 365 admin center, Users > Active users (a mailbox's "Authenticated SMTP").
    ActiveUsers,
    /// Microsoft 365 admin center, Org settings > Modern authentication (the policy's box).
    ModernAuthentication,
}

impl Place {
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
    /// Days from today until 31 December 2026, counting today, while that day is ahead.
    pub days_left: Option<i64>,
    /// Facts the admin should know are not confirmed by Microsoft, for this phase.
    pub unconfirmed: Vec<String>,
    pub steps: Vec<PlanStep>,
}

/// What applies at `instant`, with a plan for the listed `senders`.
pub fn guidance(instant: Instant, cloud: Cloud, senders: &[String]) -> SmtpGuidance {
    let phase = SmtpPhase::at(instant);
    let today = instant.date();
    let days_left = (instant < off_by_default_from())
        .then(|| last_day().days_since_epoch() - today.days_since_epoch() + 1);
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

/// The first day of SMTP AUTH's own timeline (the retirement's announcement, 2024-04-15).
pub fn announced() -> Instant {
    midnight(2024, 4, 15)
}

/// The instant SMTP AUTH's guidance is for: the practice date when it falls in SMTP AUTH's
/// own timeline (from its announcement on), else now — a practice date that rehearses 2022
/// never hides the deadline still ahead.
pub fn instant_for(practice: Option<Instant>, now: Instant) -> Instant {
    practice.filter(|p| *p >= announced()).unwrap_or(now)
}

// ---- The senders -------------------------------------------------------------------------

/// How many senders AuthPilot keeps (a longer list is refused, not cut).
pub const MAX_SENDERS: usize = 500;

pub use crate::core::address::valid_address;

/// A sender address that was refused: where, and what was there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSender {
    pub line: usize,
    pub text: String,
}

impl BadSender {
    pub fn describe(&self) -> String {
        t!("smtp_bad_sender", self.line, self.text)
    }
}

/// One CSV line's fields (RFC 4180 quotes: `"a, b"`, `""` inside quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("one field").push(c),
        }
    }
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

/// Reads a list of senders: typed or pasted one per line, or the Exchange admin center's SMTP
/// AUTH clients report exported as CSV (the "Sender address" column, found by its header).
/// Addresses are lower-cased, blank lines skipped, repeats kept once, in the order given.
/// The first bad address refuses the whole list (nothing is half-applied).
pub fn parse_senders(text: &str) -> Result<Vec<String>, BadSender> {
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let column = lines.first().and_then(|(_, header)| {
        csv_fields(header).iter().position(|f| {
            let f = f.to_lowercase();
            f == "sender address" || f == "senderaddress" || f == "sender"
        })
    });
    let mut out: Vec<String> = Vec::new();
    let rows = match column {
        Some(_) => &lines[1..],
        None => &lines[..],
    };
    for (line, row) in rows {
        let candidate = match column {
            Some(c) => csv_fields(row).get(c).cloned().unwrap_or_default(),
            None => row
                .trim_matches(|c| c == ',' || c == ';')
                .trim()
                .to_string(),
        };
        let address = candidate.to_lowercase();
        if !valid_address(&address) {
            return Err(BadSender {
                line: *line,
                text: candidate.chars().take(80).collect(),
            });
        }
        if !out.contains(&address) {
            out.push(address);
        }
    }
    if out.len() > MAX_SENDERS {
        return Err(BadSender {
            line: lines.len(),
            text: t!("smtp_too_many_senders", MAX_SENDERS),
        });
    }
    Ok(out)
}

// ---- What a device's error means ---------------------------------------------------------

/// A known answer from the server, and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Identifier of the known text (stable, for tests and the log).
    pub id: &'static str,
    /// The known text, as servers answer it.
    pub known: &'static str,
    pub meaning: String,
    /// The switch that causes it, and at which scope, if one does.
    pub cause: String,
    pub next_step: String,
    pub confidence: Confidence,
    /// The mailbox the pasted text shows (after `MAIL FROM:`, in `AUTH` or anywhere), if any.
    pub mailbox: Option<String>,
    /// The command that fixes it for that mailbox, when there is one.
    pub command: Option<String>,
}

struct Known {
    id: &'static str,
    /// Every one of these must appear (compared without case, white space squeezed).
    needles: &'static [&'static str],
    text: &'static str,
    confidence: Confidence,
}

/// The table of smtp-auth.md "What clients see", most specific first.
const KNOWN: &[Known] = &[
    Known {
        id: "basic-not-supported",
        needles: &["5.7.30", "basic authentication is not supported for client submission"],
        text: "550 5.7.30 Basic authentication is not supported for Client Submission.",
        confidence: Confidence::Confirmed,
    },
    Known {
        id: "disabled-for-tenant",
        needles: &["5.7.139", "smtpclientauthentication is disabled for the tenant"],
        text: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
        confidence: Confidence::Unconfirmed,
    },
    Known {
        id: "disabled-for-mailbox",
        needles: &["5.7.139", "smtpclientauthentication is disabled for the mailbox"],
        text: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.",
        confidence: Confidence::Unconfirmed,
    },
    Known {
        id: "basic-disabled-policy",
        needles: &["5.7.139", "basic authentication is disabled"],
        text: "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
        confidence: Confidence::Unconfirmed,
    },
    Known {
        id: "security-defaults",
        needles: &["5.7.139", "security defaults policy"],
        text: "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.",
        confidence: Confidence::Unconfirmed,
    },
    Known {
        id: "criteria-not-met",
        needles: &["5.7.139", "did not meet the criteria to be authenticated"],
        text: "535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.",
        confidence: Confidence::Unconfirmed,
    },
    Known {
        id: "client-not-authenticated",
        needles: &["5.7.57", "client not authenticated to send mail"],
        text: "5.7.57 Client not authenticated to send mail",
        confidence: Confidence::Unconfirmed,
    },
];

/// Lower case, every run of white space one space (pastes wrap lines anywhere).
fn squeeze(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The first address-like word in `text` that `valid_address` accepts, lower-cased.
fn find_address(text: &str) -> Option<String> {
    let from = text.to_lowercase();
    // MAIL FROM:<a@b> first: the sender, not a recipient or a server's contact address.
    let after_from = from.find("mail from:").map(|i| &from[i + 10..]);
    let scan = |t: &str| {
        t.split(|c: char| c.is_whitespace() || "<>()[]\"',;:".contains(c))
            .map(|w| w.trim_end_matches('.'))
            .find(|w| valid_address(w))
            .map(str::to_string)
    };
    after_from
        .and_then(scan)
        .or_else(|| scan(&from).filter(|a| !a.ends_with("aka.ms")))
}

/// What a pasted error means, or `None` when it is not one of the known texts (AuthPilot
/// then says it does not know it, rather than guess).
pub fn explain(pasted: &str) -> Option<Explanation> {
    let text = squeeze(pasted);
    // A 5.7.57 that wraps a more specific answer is explained by the specific one.
    let known = KNOWN
        .iter()
        .find(|k| k.needles.iter().all(|n| text.contains(n)))?;
    let mailbox = find_address(pasted);
    let (meaning, cause, next_step, command) = match known.id {
        "basic-not-supported" => (
            t!("smtp_explain_removed"),
            t!("smtp_cause_removed"),
            t!("smtp_next_removed"),
            None,
        ),
        "disabled-for-tenant" => (
            t!("smtp_explain_tenant"),
            t!("smtp_cause_tenant"),
            t!("smtp_next_tenant"),
            mailbox
                .as_deref()
                .map(|m| powershell::mailbox_set(m, Some(true))),
        ),
        "disabled-for-mailbox" => (
            t!("smtp_explain_mailbox"),
            t!("smtp_cause_mailbox"),
            t!("smtp_next_mailbox"),
            mailbox
                .as_deref()
                .map(|m| powershell::mailbox_set(m, Some(true))),
        ),
        "basic-disabled-policy" => (
            t!("smtp_explain_policy"),
            t!("smtp_cause_policy"),
            t!("smtp_next_policy"),
            None,
        ),
        "security-defaults" => (
            t!("smtp_explain_defaults"),
            t!("smtp_cause_defaults"),
            t!("smtp_next_defaults"),
            None,
        ),
        "criteria-not-met" => (
            t!("smtp_explain_criteria"),
            t!("smtp_cause_criteria"),
            t!("smtp_next_criteria"),
            None,
        ),
        _ => (
            t!("smtp_explain_not_authenticated"),
            t!("smtp_cause_not_authenticated"),
            t!("smtp_next_not_authenticated"),
            None,
        ),
    };
    Some(Explanation {
        id: known.id,
        known: known.text,
        meaning,
        cause,
        next_step,
        confidence: known.confidence,
        mailbox,
        command,
    })
}

impl Change {
    /// The log entry for a change the admin says was made (after copying its PowerShell, or
    /// recorded by hand), validated.
    pub fn draft(
        &self,
        id: String,
        at: Instant,
        outcome: crate::core::log::Outcome,
        cloud: Cloud,
        note: Option<String>,
    ) -> Result<crate::core::log::Draft, String> {
        let draft = crate::core::log::Draft {
            id,
            at: at.to_rfc3339(),
            protocol: crate::core::protocols::Protocol::Smtp,
            scope: Some(self.scope),
            mailbox: self.mailbox.clone(),
            action: self.action,
            outcome,
            source: crate::core::log::Source::Manual,
            host: None,
            cloud,
            tenant: None,
            message: None,
            note,
            effective_by: None,
            mc437540_seen: None,
            supersedes: None,
        };
        draft.validate()?;
        Ok(draft)
    }
}

/// The latest recorded SMTP AUTH state per subject, for the board: the organisation, the
/// authentication policy, then each listed sender in the admin's order (unrecorded ones too).
pub fn board<'a>(
    latest: &'a [crate::core::log::Entry],
    senders: &'a [String],
) -> Vec<(
    crate::core::log::Scope,
    Option<&'a str>,
    Option<&'a crate::core::log::Entry>,
)> {
    use crate::core::log::{subject_key, Scope};
    use crate::core::protocols::Protocol;
    let find = |scope: Scope, mailbox: Option<&str>| {
        let key = subject_key(Protocol::Smtp, Some(scope), mailbox);
        latest.iter().find(|e| e.subject() == key)
    };
    let mut rows = vec![
        (Scope::Organization, None, find(Scope::Organization, None)),
        (
            Scope::AuthenticationPolicy,
            None,
            find(Scope::AuthenticationPolicy, None),
        ),
    ];
    rows.extend(senders.iter().map(|m| {
        (
            Scope::Mailbox,
            Some(m.as_str()),
            find(Scope::Mailbox, Some(m)),
        )
    }));
    rows
}

/// The listed senders with no SMTP AUTH entry recorded yet (what the reminders are about).
pub fn senders_without_plan<'a>(
    latest: &'a [crate::core::log::Entry],
    senders: &'a [String],
) -> Vec<&'a str> {
    board(latest, senders)
        .into_iter()
        .filter_map(|(_, mailbox, entry)| mailbox.filter(|_| entry.is_none()))
        .collect()
}

// ---- Reminders ---------------------------------------------------------------------------

/// Alarm names: before the deadline and on the first day after it.
pub const ALARM_BEFORE_14: &str = "smtp:before-14";
pub const ALARM_BEFORE_3: &str = "smtp:before-3";
pub const ALARM_NEW_YEAR: &str = "smtp:new-year";
/// `smtp-test:<entry id>`: test the device after a recorded turn-on for a mailbox.
pub const ALARM_TEST_PREFIX: &str = "smtp-test:";
/// When the device-test reminder comes after the recorded turn-on: an hour (third parties
/// say such changes take 15–60 minutes; Microsoft gives no figure).
pub const TEST_AFTER_SECONDS: i64 = 3600;

/// The deadline reminders to have at `now` (name, when): 14 and 3 days before 31 December
/// 2026 and on 1 January 2027, at 09:00 UTC, those still ahead — none when turned off.
pub fn deadline_alarms(now: Instant, on: bool) -> Vec<(&'static str, Instant)> {
    if !on {
        return Vec::new();
    }
    [
        (ALARM_BEFORE_14, midnight(2026, 12, 17)),
        (ALARM_BEFORE_3, midnight(2026, 12, 28)),
        (ALARM_NEW_YEAR, midnight(2027, 1, 1)),
    ]
    .into_iter()
    .map(|(name, day)| (name, day.plus_seconds(9 * 3600)))
    .filter(|(_, when)| *when > now)
    .collect()
}

/// The device-test reminder an appended entry calls for, if any: a succeeded turn-on for a
/// mailbox, with the reminders on.
pub fn device_test_alarm(entry: &crate::core::log::Entry, on: bool) -> Option<(String, Instant)> {
    use crate::core::log::{Action, Outcome, Scope};
    let wanted = on
        && entry.protocol == crate::core::protocols::Protocol::Smtp
        && entry.scope == Some(Scope::Mailbox)
        && entry.action == Action::TurnOn
        && entry.outcome == Outcome::Succeeded;
    let at = Instant::parse_rfc3339(&entry.at).ok()?;
    wanted.then(|| {
        (
            format!("{ALARM_TEST_PREFIX}{}", entry.id),
            at.plus_seconds(TEST_AFTER_SECONDS),
        )
    })
}

/// What a deadline alarm says when it fires at `now` (title, message), or nothing when every
/// listed sender has a recorded change (or none are listed).
pub fn deadline_reminder(
    name: &str,
    now: Instant,
    latest: &[crate::core::log::Entry],
    senders: &[String],
) -> Option<(String, String)> {
    let waiting = senders_without_plan(latest, senders).len();
    if waiting == 0 {
        return None;
    }
    let days = last_day().days_since_epoch() - now.date().days_since_epoch() + 1;
    let message = match name {
        ALARM_BEFORE_14 | ALARM_BEFORE_3 => t!("reminder_smtp_before", days, waiting),
        ALARM_NEW_YEAR => t!("reminder_smtp_new_year", waiting),
        _ => return None,
    };
    Some((t!("reminder_smtp_title"), message))
}

/// What the device-test alarm says.
pub fn device_test_reminder(entry: &crate::core::log::Entry) -> (String, String) {
    (
        t!("reminder_smtp_title"),
        t!(
            "reminder_device_test",
            entry.mailbox.as_deref().unwrap_or("?")
        ),
    )
}

// ---- On the admin-center pages (issue 13) -------------------------------------------------

/// A click on Save beside an SMTP AUTH switch, as the content script saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchPress {
    /// `event.isTrusted`: false for clicks a page script made.
    pub trusted: bool,
    /// The button is inside the flyout or panel that holds the switch.
    pub in_panel: bool,
    pub scope: crate::core::log::Scope,
    /// For a mailbox: its address as the flyout shows it.
    #[serde(default)]
    pub mailbox: Option<String>,
    /// The check box as it was when the panel appeared, and as it is at the click.
    pub before: bool,
    pub after: bool,
    /// The page's (or the panel's) language, such as `ja-JP`.
    #[serde(default)]
    pub lang: Option<String>,
}

/// What a Save beside an SMTP AUTH switch changes, or why it records nothing. The boxes mean
/// what the pages say: "Turn off SMTP AUTH protocol for your organization" ticked is *off*;
/// "Authenticated SMTP" (a mailbox's email apps, or Modern authentication) ticked is *on*.
pub fn on_switch_press(
    press: &SwitchPress,
    waiting: Option<&crate::core::pending::Pending>,
) -> Result<(crate::core::log::Action, Option<String>), String> {
    use crate::core::log::{Action, Scope};
    if !press.trusted {
        return Err("a click not made by the admin is ignored".to_string());
    }
    if !press.in_panel {
        return Err("a click outside the panel that holds the switch is ignored".to_string());
    }
    if press.before == press.after {
        return Err("the switch was not changed".to_string());
    }
    // A page in a language AuthPilot has no words for is not read at all: its messages could
    // say "not saved" in words AuthPilot cannot tell from "saved".
    if let Some(lang) = press
        .lang
        .as_deref()
        .filter(|l| !crate::core::page::words::can_read(Some(l)))
    {
        return Err(t!("error_unreadable_language", lang));
    }
    // A mailbox whose address the flyout does not show (or shows unreadably) is accepted with
    // none: the change waits until the admin names it in the helper (`name_mailbox`).
    let mailbox = match (press.scope, &press.mailbox) {
        (Scope::Mailbox, Some(m)) if valid_address(&m.to_lowercase()) => Some(m.to_lowercase()),
        _ => None,
    };
    let on = match press.scope {
        Scope::Organization => !press.after,
        Scope::Mailbox | Scope::AuthenticationPolicy => press.after,
    };
    if waiting.is_some_and(|p| p.submitted.is_none()) {
        return Err("a change is already waiting for its result".to_string());
    }
    Ok((if on { Action::TurnOn } else { Action::TurnOff }, mailbox))
}

/// The address the admin typed in the helper for a mailbox change whose flyout did not show
/// one: lower-cased if it is an address, refused (with what to type) if not, and refused when
/// no change is waiting for an address.
pub fn name_mailbox(
    pending: Option<&crate::core::pending::Pending>,
    typed: &str,
) -> Result<String, String> {
    if !pending.is_some_and(crate::core::pending::Pending::asks_mailbox) {
        return Err(t!("error_no_change_to_name"));
    }
    let address = typed.trim().to_lowercase();
    if !valid_address(&address) {
        return Err(t!("error_mailbox_address", typed.trim()));
    }
    Ok(address)
}

/// What a new message in a switch's panel (or a toast) says of the pending save, read by
/// meaning (`page_words::read_message`): the page's own kind of message first (a Fluent error
/// bar is a failure whatever its words), then its words in any language AuthPilot reads, with
/// negation ("Your changes weren't saved." is a failure) and warnings about unsaved changes
/// told apart. `None`: not a result (keep waiting), or unsure — never a guess.
pub fn read_result(
    kind: Option<crate::core::page::words::MessageKind>,
    text: &str,
) -> Option<crate::core::log::Outcome> {
    use crate::core::log::Outcome;
    use crate::core::page::words::{read_message, Meaning};
    match read_message(kind, text) {
        Meaning::Saved => Some(Outcome::Succeeded),
        Meaning::Failed => Some(Outcome::Failed),
        Meaning::Unsaved | Meaning::Unclear => None,
    }
}

/// An SMTP AUTH switch on screen, as the content script reads it (part of its observation),
/// for the helper: which switch, whose, and whether its box is ticked now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchSeen {
    pub scope: crate::core::log::Scope,
    #[serde(default)]
    pub mailbox: Option<String>,
    pub checked: bool,
}

impl SwitchSeen {
    /// Whether SMTP AUTH is on at this scope, as the page shows it (the organisation's box
    /// says "Turn off").
    pub fn on(&self) -> bool {
        match self.scope {
            crate::core::log::Scope::Organization => !self.checked,
            _ => self.checked,
        }
    }
    /// Refuses an over-long address before anything is kept.
    pub fn check(&self) -> Result<(), String> {
        match &self.mailbox {
            Some(m) if m.chars().count() > 320 => {
                Err("observation with an over-long text refused".into())
            }
            _ => Ok(()),
        }
    }
}
