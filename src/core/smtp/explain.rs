//! What a device's error text means; the changes the admin records and the board of listed senders.

use serde::Serialize;

use super::plan::*;
use super::timeline::*;
use crate::core::address::valid_address;
use crate::core::cloud::Cloud;
use crate::core::time::Instant;

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
        id: "hve-external",
        needles: &["5.5.105"],
        text: "550 5.5.105",
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
        "hve-external" => (
            t!("smtp_explain_hve"),
            t!("smtp_cause_hve"),
            t!("smtp_next_hve"),
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
