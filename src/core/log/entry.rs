//! A log entry: its fields (one list: `entry_fields!`), the draft a page asks to append, its
//! canonical form and hash, ids, outcome updates.

use serde::{Deserialize, Serialize};

use crate::core::cloud::Cloud;
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

/// The `prev_hash` of the first entry.
pub const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A re-enable takes effect "within an hour (usually much sooner)".
pub const EFFECTIVE_AFTER_SECONDS: i64 = 3600;

/// Longest free text kept in `note` and `message`, in characters.
pub const MAX_TEXT: usize = 2000;
/// Longest tenant name or domain, in characters.
pub const MAX_TENANT: usize = 256;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Action {
    /// The 2022 diagnostic: keep Basic past 2022-10-01 for a protocol.
    OptOut,
    /// The 2022 diagnostic: turn Basic back on for a protocol.
    ReEnable,
    /// SMTP AUTH (log version 2): allowed at this scope.
    TurnOn,
    /// SMTP AUTH: not allowed at this scope.
    TurnOff,
    /// SMTP AUTH, mailbox scope: no setting of its own, the organisation's applies (`$null`).
    FollowOrganization,
}

/// Where an SMTP AUTH switch applies (log version 2; docs/log-format.md).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Scope {
    /// `Set-TransportConfig -SmtpClientAuthenticationDisabled`, or the Exchange admin center's
    /// "Turn off SMTP AUTH protocol for your organization".
    Organization,
    /// `Set-CASMailbox -SmtpClientAuthenticationDisabled` for one mailbox, or "Authenticated
    /// SMTP" in a user's email apps.
    Mailbox,
    /// `AllowBasicAuthSmtp` on an authentication policy, or "Authenticated SMTP" under Modern
    /// authentication.
    AuthenticationPolicy,
}

impl Scope {
    pub const ALL: [Scope; 3] = [
        Scope::Organization,
        Scope::Mailbox,
        Scope::AuthenticationPolicy,
    ];
    /// Its id on the wire and in files: the variant's name in kebab case (strum and serde
    /// derive both from it).
    pub fn id(self) -> &'static str {
        self.into()
    }
    pub fn from_id(id: &str) -> Option<Scope> {
        id.parse().ok()
    }
    pub fn label(self) -> String {
        match self {
            Scope::Organization => t!("scope_organization"),
            Scope::Mailbox => t!("scope_mailbox"),
            Scope::AuthenticationPolicy => t!("scope_authentication_policy"),
        }
    }
    /// The scope as the object of a sentence: "turned on for the organisation".
    pub fn subject(self) -> String {
        match self {
            Scope::Organization => t!("subject_organization"),
            Scope::Mailbox => t!("scope_mailbox"),
            Scope::AuthenticationPolicy => t!("subject_authentication_policy"),
        }
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Outcome {
    Submitted,
    Succeeded,
    Failed,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Source {
    /// Seen on the admin center's diagnostic by the content script.
    Observed,
    /// Entered by the admin ("Record manually").
    Manual,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::OptOut,
        Action::ReEnable,
        Action::TurnOn,
        Action::TurnOff,
        Action::FollowOrganization,
    ];
    /// Its id on the wire and in files: the variant's name in kebab case (strum and serde
    /// derive both from it).
    pub fn id(self) -> &'static str {
        self.into()
    }
    /// How the popup names it.
    pub fn label(self) -> String {
        match self {
            Action::OptOut => t!("action_opt_out"),
            Action::ReEnable => t!("action_re_enable"),
            Action::TurnOn => t!("action_turn_on"),
            Action::TurnOff => t!("action_turn_off"),
            Action::FollowOrganization => t!("action_follow_organization"),
        }
    }
    /// Whether this action belongs to SMTP AUTH's switches (else to the 2022 diagnostic).
    pub fn is_smtp(self) -> bool {
        matches!(
            self,
            Action::TurnOn | Action::TurnOff | Action::FollowOrganization
        )
    }
    pub fn from_id(id: &str) -> Option<Action> {
        id.parse().ok()
    }
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Submitted, Outcome::Succeeded, Outcome::Failed];
    /// Its id on the wire and in files: the variant's name in kebab case (strum and serde
    /// derive both from it).
    pub fn id(self) -> &'static str {
        self.into()
    }
    /// How the popup names it.
    pub fn label(self) -> String {
        match self {
            Outcome::Submitted => t!("outcome_submitted"),
            Outcome::Succeeded => t!("outcome_succeeded"),
            Outcome::Failed => t!("outcome_failed"),
        }
    }
    pub fn from_id(id: &str) -> Option<Outcome> {
        id.parse().ok()
    }
}

impl Source {
    /// Its id on the wire and in files: the variant's name in kebab case (strum and serde
    /// derive both from it).
    pub fn id(self) -> &'static str {
        self.into()
    }
    /// How the popup names it.
    pub fn label(self) -> String {
        match self {
            Source::Observed => t!("source_observed"),
            Source::Manual => t!("source_manual"),
        }
    }
}

/// The one list of an entry's fields. From it come `Draft` (what a page asks the worker to
/// append: the list), `Entry` (the draft placed in the chain: `seq` after `id`, `prev_hash` and
/// `hash` last), `FIELDS` (the export order: CSV columns, JSON keys), `Entry::content` and
/// `Draft::chain`; the canonical form and the CSV row are read off the entry's JSON by field
/// name, so a field added here is in all of them.
macro_rules! entry_fields {
    (
        $(#[$id_meta:meta])* id: $id_ty:ty,
        $( $(#[$meta:meta])* $name:ident : $ty:ty ),* $(,)?
    ) => {
        /// An entry before it has a place in a chain: what a page asks the worker to append.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Draft {
            $(#[$id_meta])* pub id: $id_ty,
            $( $(#[$meta])* pub $name: $ty, )*
        }

        /// One stored entry, exactly as exported.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Entry {
            $(#[$id_meta])* pub id: $id_ty,
            /// Its place in the chain, from 1.
            pub seq: u64,
            $( $(#[$meta])* pub $name: $ty, )*
            /// The hash of the entry before it (`ZERO_HASH` for the first).
            pub prev_hash: String,
            /// SHA-256 of its canonical form.
            pub hash: String,
        }

        /// An entry's fields, in the order they are exported (CSV columns, JSON keys).
        pub const FIELDS: &[&str] = &["id", "seq", $( stringify!($name), )* "prev_hash", "hash"];

        impl Entry {
            /// Writes one field's value as JSON (`null` for an absent optional field); false
            /// when the entry has no such field.
            pub(crate) fn write_field(&self, name: &str, out: &mut Vec<u8>) -> bool {
                let written = match name {
                    "id" => write_json(out, &self.id),
                    "seq" => write_json(out, &self.seq),
                    $( stringify!($name) => write_json(out, &self.$name), )*
                    "prev_hash" => write_json(out, &self.prev_hash),
                    "hash" => write_json(out, &self.hash),
                    _ => return false,
                };
                written.is_ok()
            }

            /// The fields that say what happened, without the chain (`seq`, `prev_hash`,
            /// `hash`): two entries with the same id must agree on these.
            pub fn content(&self) -> Draft {
                Draft {
                    id: self.id.clone(),
                    $( $name: self.$name.clone(), )*
                }
            }

            /// The entry taken apart without a copy: its content, `seq`, `prev_hash`, `hash`
            /// (`join` puts it back) — to check the content's rules on 100,000 entries
            /// without cloning each (issue 34).
            pub(crate) fn split(self) -> (Draft, u64, String, String) {
                let Entry { id, seq, $( $name, )* prev_hash, hash } = self;
                (Draft { id, $( $name, )* }, seq, prev_hash, hash)
            }

            pub(crate) fn join(content: Draft, seq: u64, prev_hash: String, hash: String) -> Entry {
                let Draft { id, $( $name, )* } = content;
                Entry { id, seq, $( $name, )* prev_hash, hash }
            }
        }

        impl Draft {
            /// Places the draft after `head`: the next sequence number, chained to the last
            /// hash.
            pub fn chain(self, head: &Head) -> Entry {
                let mut entry = Entry {
                    id: self.id,
                    seq: head.count + 1,
                    $( $name: self.$name, )*
                    prev_hash: head.last_hash.clone(),
                    hash: String::new(),
                };
                entry.hash = entry.compute_hash();
                entry
            }
        }
    };
}

entry_fields! {
    id: String,
    at: String,
    protocol: Protocol,
    /// SMTP AUTH only (version 2): where the switch applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<Scope>,
    /// SMTP AUTH, mailbox scope only (version 2): the mailbox's address, lower case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mailbox: Option<String>,
    action: Action,
    outcome: Outcome,
    source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    host: Option<String>,
    cloud: Cloud,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    effective_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mc437540_seen: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    supersedes: Option<String>,
}

/// The end of the stored chain: how many entries and the last hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub count: u64,
    pub last_hash: String,
}

impl Default for Head {
    fn default() -> Self {
        Head {
            count: 0,
            last_hash: ZERO_HASH.to_string(),
        }
    }
}

/// `bytes` in lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = vec![0; bytes.len() * 2];
    write_hex(bytes, &mut out);
    String::from_utf8(out).expect("hex digits are ASCII")
}

/// `bytes` in lower-case hex into `out` (twice as long).
pub(crate) fn write_hex(bytes: &[u8], out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (b, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
}

/// One field's value as JSON, exactly as serde_json writes it; a text with nothing to escape
/// (the common case: ids, times, hashes, addresses) is written straight — serde_json's escaping
/// loop was a tenth of `verify`'s time (issue 34; a test holds the two to each other).
fn write_json<T: Serialize + 'static>(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    let any: &dyn std::any::Any = value;
    let text = match any.downcast_ref::<String>() {
        Some(s) => Some(s.as_str()),
        None => any
            .downcast_ref::<Option<String>>()
            .and_then(Option::as_deref),
    };
    match text {
        Some(s) if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') => {
            out.reserve(s.len() + 2);
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
            Ok(())
        }
        _ => serde_json::to_writer(out, value),
    }
}

/// A version-4 UUID from 16 random bytes (the web front draws them from
/// `crypto.getRandomValues`).
pub fn new_id(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Whether an id is acceptable: 1 to 64 ASCII letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Draft {
    /// Checks every field's rules; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        if !valid_id(&self.id) {
            return Err(t!("draft_bad_id"));
        }
        check_stamp("at", &self.at)?;
        self.check_smtp()?;
        if let Some(by) = &self.effective_by {
            check_stamp("effective_by", by)?;
            if !(self.action == Action::ReEnable && self.outcome == Outcome::Succeeded) {
                return Err(t!("draft_effective_by_only_success"));
            }
        }
        if self.mc437540_seen.is_some() && self.action != Action::OptOut {
            return Err(t!("draft_mc437540_only_opt_out"));
        }
        if let Some(s) = &self.supersedes {
            if !valid_id(s) || *s == self.id {
                return Err(t!("draft_bad_supersedes"));
            }
        }
        check_text("host", self.host.as_deref(), 253)?;
        check_text("tenant", self.tenant.as_deref(), MAX_TENANT)?;
        check_text("message", self.message.as_deref(), MAX_TEXT)?;
        check_text("note", self.note.as_deref(), MAX_TEXT)?;
        Ok(())
    }
}

impl Draft {
    /// Version 2's rules: SMTP AUTH entries have a scope and SMTP actions, a mailbox exactly
    /// when the scope is `mailbox`, and follow-organization only there; the diagnostic's
    /// protocols have neither scope nor mailbox, and only opt-out or re-enable.
    fn check_smtp(&self) -> Result<(), String> {
        if self.protocol != Protocol::Smtp {
            if self.scope.is_some() || self.mailbox.is_some() {
                return Err(t!("draft_scope_only_smtp"));
            }
            if self.action.is_smtp() {
                return Err(t!("draft_action_only_smtp", self.action.id()));
            }
            return Ok(());
        }
        let Some(scope) = self.scope else {
            return Err(t!("draft_smtp_needs_scope"));
        };
        if !self.action.is_smtp() {
            return Err(t!("draft_smtp_action", self.action.id()));
        }
        match (&self.mailbox, scope) {
            (None, Scope::Mailbox) => return Err(t!("draft_mailbox_needed")),
            (Some(m), Scope::Mailbox) => {
                if !crate::core::address::valid_address(m) || !is_lower_case(m) {
                    return Err(t!("draft_bad_mailbox", m));
                }
            }
            (Some(_), _) => return Err(t!("draft_mailbox_only_mailbox_scope")),
            (None, _) => {}
        }
        if self.action == Action::FollowOrganization && scope != Scope::Mailbox {
            return Err(t!("draft_follow_only_mailbox"));
        }
        Ok(())
    }
}

/// The key an entry's latest state is kept under (`log_latest`, the board): the protocol
/// for the diagnostic's, and for SMTP AUTH the scope and, for a mailbox, its address.
pub fn subject_key(protocol: Protocol, scope: Option<Scope>, mailbox: Option<&str>) -> String {
    match (protocol, scope, mailbox) {
        (Protocol::Smtp, Some(Scope::Mailbox), Some(m)) => format!("SMTP mailbox {m}"),
        (Protocol::Smtp, Some(scope), _) => format!("SMTP {}", scope.id()),
        (p, _, _) => p.short().to_string(),
    }
}

impl Entry {
    pub fn subject(&self) -> String {
        subject_key(self.protocol, self.scope, self.mailbox.as_deref())
    }
}

/// `text.to_lowercase() == text`, without the copy when the text is ASCII (a valid address is).
fn is_lower_case(text: &str) -> bool {
    if text.is_ascii() {
        return !text.bytes().any(|b| b.is_ascii_uppercase());
    }
    text.to_lowercase() == text
}

pub(crate) fn check_stamp(field: &str, text: &str) -> Result<(), String> {
    match Instant::parse_rfc3339(text) {
        Ok(t) if t.to_rfc3339() == text => Ok(()),
        _ => Err(t!("draft_bad_time", field, text)),
    }
}

pub(crate) fn check_text(field: &str, text: Option<&str>, max: usize) -> Result<(), String> {
    match text {
        Some(t) if t.chars().count() > max => Err(t!("draft_too_long", field, max)),
        Some(t) if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') => {
            Err(t!("draft_control_chars", field))
        }
        _ => Ok(()),
    }
}

/// When a re-enable recorded at `at` should work: one hour later.
pub fn effective_by(at: Instant) -> String {
    at.plus_seconds(EFFECTIVE_AFTER_SECONDS).to_rfc3339()
}

/// A later outcome for an entry that was `submitted`: a new entry that supersedes it, so
/// the first record stays as it was.
pub fn outcome_update(
    original: &Entry,
    id: String,
    outcome: Outcome,
    now: Instant,
    message: Option<String>,
) -> Result<Draft, String> {
    if original.outcome != Outcome::Submitted {
        return Err(t!(
            "update_already_settled",
            original.seq,
            original.outcome.label()
        ));
    }
    if outcome == Outcome::Submitted {
        return Err(t!("update_needs_result"));
    }
    let submitted_at = Instant::parse_rfc3339(&original.at).map_err(|e| e.0)?;
    // What happened is the original's; when, the outcome, its message and the link are new.
    let draft = Draft {
        id,
        at: now.to_rfc3339(),
        outcome,
        message,
        note: None,
        effective_by: (original.action == Action::ReEnable && outcome == Outcome::Succeeded)
            .then(|| effective_by(submitted_at)),
        supersedes: Some(original.id.clone()),
        ..original.content()
    };
    draft.validate()?;
    Ok(draft)
}
