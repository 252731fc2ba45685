//! The eight protocols of the "Enable Basic Auth in EXO" diagnostic: short names, the
//! diagnostic's own labels, their BasicAuthBlockedApps bits, and every spelling we accept.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Protocol {
    #[serde(rename = "EAS")]
    Eas,
    #[serde(rename = "EWS")]
    Ews,
    #[serde(rename = "POP")]
    Pop,
    #[serde(rename = "IMAP")]
    Imap,
    #[serde(rename = "RemotePowerShell")]
    RemotePowerShell,
    #[serde(rename = "MAPI")]
    Mapi,
    #[serde(rename = "OAB")]
    Oab,
    #[serde(rename = "RPC")]
    Rpc,
    /// SMTP AUTH (authenticated client submission): not one of the diagnostic's protocols,
    /// its own switches (core::smtp); in the log from version 2.
    #[serde(rename = "SMTP")]
    Smtp,
}

impl Protocol {
    /// The diagnostic's eight, in its order (SMTP AUTH is not one of them).
    pub const ALL: [Protocol; 8] = [
        Protocol::Eas,
        Protocol::Ews,
        Protocol::Pop,
        Protocol::Imap,
        Protocol::RemotePowerShell,
        Protocol::Mapi,
        Protocol::Oab,
        Protocol::Rpc,
    ];

    /// What a mail-reading product like the customer's needs by default.
    pub const MAIL_READING: [Protocol; 3] = [Protocol::Ews, Protocol::Pop, Protocol::Imap];

    /// The short name, also the identifier in storage and logs.
    pub fn short(self) -> &'static str {
        match self {
            Protocol::Eas => "EAS",
            Protocol::Ews => "EWS",
            Protocol::Pop => "POP",
            Protocol::Imap => "IMAP",
            Protocol::RemotePowerShell => "RemotePowerShell",
            Protocol::Mapi => "MAPI",
            Protocol::Oab => "OAB",
            Protocol::Rpc => "RPC",
            Protocol::Smtp => "SMTP",
        }
    }

    /// The label the diagnostic lists it under.
    pub fn diagnostic_label(self) -> &'static str {
        match self {
            Protocol::Eas => "Exchange ActiveSync (EAS, used by mobile devices)",
            Protocol::Ews => "Exchange Web Services (EWS, used by Outlook for Windows & Mac)",
            Protocol::Pop => "Post Office Protocol (POP3, used by email clients)",
            Protocol::Imap => "Internet Message Access Protocol (IMAP, used by email clients)",
            Protocol::RemotePowerShell => {
                "Exchange Online Remote PowerShell (used for executing scripts)"
            }
            Protocol::Mapi => "MAPI (used by all versions of Outlook for Windows)",
            Protocol::Oab => "Offline Address Book (OAB, used by Outlook for Windows)",
            Protocol::Rpc => "RPC (used by older versions of Outlook for Windows)",
            Protocol::Smtp => "SMTP AUTH (authenticated SMTP client submission)",
        }
    }

    /// Its bit in `Get-OrganizationConfig | Select BasicAuthBlockedApps` (community-sourced).
    pub fn blocked_apps_bit(self) -> u8 {
        match self {
            Protocol::Smtp => 0,
            p => 1 << (p as u8),
        }
    }

    /// Reads any spelling the diagnostic or an admin uses: "POP", "pop3", the diagnostic's
    /// full label, "Internet Message Access Protocol", "imap4", "Remote PowerShell", ...
    pub fn parse(text: &str) -> Option<Protocol> {
        let key = normalise(text);
        if key.is_empty() {
            return None;
        }
        Protocol::ALL.into_iter().find(|p| {
            normalise(p.short()) == key
                || normalise(p.diagnostic_label()) == key
                || aliases(*p).iter().any(|a| normalise(a) == key)
        })
    }
}

impl Protocol {
    /// Like `parse`, and SMTP AUTH too: for the log (Record manually, history), never for
    /// the diagnostic's drop-down or the protocols the mail product needs.
    pub fn parse_any(text: &str) -> Option<Protocol> {
        Protocol::parse(text).or_else(|| {
            let key = normalise(text);
            (!key.is_empty()
                && (normalise(Protocol::Smtp.short()) == key
                    || aliases(Protocol::Smtp).iter().any(|a| normalise(a) == key)))
            .then_some(Protocol::Smtp)
        })
    }
}

fn aliases(protocol: Protocol) -> &'static [&'static str] {
    match protocol {
        Protocol::Eas => &["Exchange ActiveSync", "ActiveSync"],
        Protocol::Ews => &["Exchange Web Services", "WebServices"],
        Protocol::Pop => &["POP3", "Post Office Protocol", "Post Office Protocol 3"],
        Protocol::Imap => &["IMAP4", "Internet Message Access Protocol"],
        Protocol::RemotePowerShell => &[
            "Remote PowerShell",
            "PowerShell",
            "Exchange Online Remote PowerShell",
            "RPS",
        ],
        Protocol::Mapi => &["MAPI over HTTP", "MAPI/HTTP"],
        Protocol::Oab => &["Offline Address Book"],
        Protocol::Rpc => &["RPC over HTTP", "Outlook Anywhere"],
        Protocol::Smtp => &["SMTP AUTH", "Authenticated SMTP", "SMTP Client Submission"],
    }
}

/// Lower-case letters and digits only, with a trailing parenthetical dropped, so
/// "Post Office Protocol (POP3, used by email clients)" and "post-office protocol" agree.
fn normalise(text: &str) -> String {
    let text = text.trim();
    // "Post Office Protocol (POP3, used by email clients)": the name before the brackets, in
    // ASCII or full-width ones (a Japanese page's "（…）").
    let without_paren = match (text.find(['(', '（']), text.ends_with([')', '）'])) {
        (Some(open), true) if open > 0 => &text[..open],
        _ => text,
    };
    without_paren
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
