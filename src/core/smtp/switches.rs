//! The switches on the admin-center pages (issue 13): a press, a name, a result.

use serde::{Deserialize, Serialize};

use crate::core::address::valid_address;

/// A click on Save beside an SMTP AUTH switch, as the content script saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchPress {
    /// Its delivery id (issue 31): a repeat of this press is answered as the first was, and the
    /// page's results for it name it.
    pub id: String,
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
    /// Which cue found the switch (structure, such as "SMTP among the email apps' boxes", or
    /// words) and the Save ("primary button", "filled button", "submit button", "save words").
    #[serde(default)]
    pub found_by: Option<String>,
    #[serde(default)]
    pub save_by: Option<String>,
}

/// What a Save beside an SMTP AUTH switch changes, or why it records nothing. The boxes mean
/// what the pages say: "Turn off SMTP AUTH protocol for your organization" ticked is *off*;
/// "Authenticated SMTP" (a mailbox's email apps, or Modern authentication) ticked is *on*.
pub fn on_switch_press(
    press: &SwitchPress,
    waiting: Option<&crate::core::pending::Pending>,
    center: Option<crate::core::page::hosts::Center>,
) -> Result<(crate::core::log::Action, Option<String>), String> {
    use crate::core::log::{Action, Scope};
    if !press.trusted {
        return Err("a click not made by the admin is ignored".to_string());
    }
    if !press.in_panel {
        return Err("a click outside the panel that holds the switch is ignored".to_string());
    }
    if press.save_by.as_deref().is_none_or(str::is_empty) {
        return Err("a click on a button that is not the panel's Save is ignored".to_string());
    }
    if press.before == press.after {
        return Err("the switch was not changed".to_string());
    }
    // Which switch is also where it is (issue 32): the organisation's on the Exchange admin
    // center, a mailbox's and the authentication policy's on the Microsoft 365 admin center.
    // A page in any language records; its words are a second cue, never a condition (its
    // messages are read by `read_result`, and only where AuthPilot reads them).
    if let Some(center) = center {
        if center != center_of(press.scope) {
            return Err(format!(
                "the {} switch is not on this admin center",
                press.scope.id()
            ));
        }
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

/// The admin center a switch is on: the organisation's in the Exchange admin center's Mail flow
/// settings; a mailbox's (Active users) and the authentication policy's (Modern authentication)
/// in the Microsoft 365 admin center (shared/docs/smtp-auth.md).
pub fn center_of(scope: crate::core::log::Scope) -> crate::core::page::hosts::Center {
    use crate::core::log::Scope;
    use crate::core::page::hosts::Center;
    match scope {
        Scope::Organization => Center::Exchange,
        Scope::Mailbox | Scope::AuthenticationPolicy => Center::Microsoft365,
    }
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
/// bar is a failure whatever its words), then its words in a language whose messages AuthPilot
/// reads, with negation ("Your changes weren't saved." is a failure) and warnings about unsaved
/// changes told apart; an unmarked message in any other language is `submitted`. `None`: not a
/// result (keep waiting), or unsure — never a guess.
pub fn read_result(
    kind: Option<crate::core::page::words::MessageKind>,
    text: &str,
    lang: Option<&str>,
) -> Option<crate::core::log::Outcome> {
    use crate::core::log::Outcome;
    use crate::core::page::words::{read_message, Meaning};
    match read_message(kind, text, lang) {
        Meaning::Saved => Some(Outcome::Succeeded),
        Meaning::Failed => Some(Outcome::Failed),
        // The page answered in words AuthPilot does not read: recorded `submitted` at once, and
        // a later result read by its markup supersedes it.
        Meaning::Unread => Some(Outcome::Submitted),
        Meaning::Unsaved | Meaning::Unclear => None,
    }
}

/// A page's message after a Save beside a switch (or none, but the page showed the save went:
/// `sent`), as the content script read it: its words, the kind its markup gives, its language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    #[serde(default)]
    pub kind: Option<crate::core::page::words::MessageKind>,
    pub text: String,
    #[serde(default)]
    pub sent: bool,
    #[serde(default)]
    pub lang: Option<String>,
}

impl Reading {
    /// What it settles the waiting change as: the message read by meaning, or `submitted` when
    /// the page only showed that the save went; `None`: not a result (keep waiting).
    pub fn outcome(&self) -> Option<crate::core::log::Outcome> {
        read_result(self.kind, &self.text, self.lang.as_deref())
            .or(self.sent.then_some(crate::core::log::Outcome::Submitted))
    }

    /// The page's own words, as kept in the log (none for a save that showed no message).
    pub fn message(&self) -> Option<String> {
        (!self.text.trim().is_empty())
            .then(|| self.text.chars().take(crate::core::log::MAX_TEXT).collect())
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
