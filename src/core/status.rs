//! SMTP AUTH's state per tenant over time, from action logs and the tenants' audit exports
//! together (issue 26: the managed-service provider's board for many tenants at once). Each
//! change AuthPilot recorded and each the tenant's record holds is one event; a change in both
//! (matched by `audit::reconcile`, the popup's rule) is one event from both. The board is the
//! latest state of the organisation switch, each authentication policy and each mailbox turned
//! on, as of a moment, with since when and from which source; the history is every event.

use serde::Serialize;

use crate::core::audit::read::{combine, AuditFile, Record, RecordTarget};
use crate::core::audit::reconcile::reconcile;
use crate::core::log::{Action, Entry, Outcome, Scope};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

fn rfc3339<S: serde::Serializer>(at: &Instant, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339())
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "scope", content = "name", rename_all = "kebab-case")]
pub enum Subject {
    Organization,
    /// An authentication policy, by the name the tenant's record gives (AuthPilot's log does
    /// not name one: `None`).
    AuthenticationPolicy(Option<String>),
    Mailbox(String),
}

impl Subject {
    pub fn label(&self) -> String {
        match self {
            Subject::Organization => "organization".into(),
            Subject::AuthenticationPolicy(None) => "authentication-policy".into(),
            Subject::AuthenticationPolicy(Some(n)) => format!("authentication-policy {n}"),
            Subject::Mailbox(m) => m.clone(),
        }
    }
}

/// Where an event was read (its id, `Source::id`, is its serde name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Source {
    /// Only in AuthPilot's log.
    Log,
    /// Only in the tenant's audit record.
    Tenant,
    /// In both (matched).
    Both,
}

impl Source {
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// One change, as the sources tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    #[serde(serialize_with = "rfc3339")]
    pub at: Instant,
    pub subject: Subject,
    pub action: Action,
    /// Whether it took effect: the log's outcome (`submitted` is not known to have), or the
    /// record's result.
    pub outcome: Outcome,
    pub source: Source,
    /// Who made it, when the tenant's record says.
    pub by: Option<String>,
}

/// One line of the board: the subject's latest state that took effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub subject: Subject,
    pub state: Action,
    #[serde(serialize_with = "rfc3339")]
    pub since: Instant,
    pub source: Source,
}

/// One tenant's board and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantBoard {
    pub tenant: String,
    /// The organisation switch and each policy whatever their state; each mailbox only while
    /// SMTP AUTH is on for it.
    pub rows: Vec<Row>,
    /// Every event up to the moment asked, oldest first.
    pub history: Vec<Event>,
}

/// A tenant's sources: the log entries about it and its audit exports.
#[derive(Debug, Clone, Default)]
pub struct TenantInput {
    pub tenant: String,
    pub entries: Vec<Entry>,
    pub audits: Vec<AuditFile>,
}

fn subject_of_entry(e: &Entry) -> Option<Subject> {
    Some(match e.scope? {
        Scope::Organization => Subject::Organization,
        Scope::AuthenticationPolicy => Subject::AuthenticationPolicy(None),
        Scope::Mailbox => Subject::Mailbox(e.mailbox.clone()?),
    })
}

fn subject_of_record(r: &Record) -> Option<Subject> {
    Some(match &r.target {
        RecordTarget::Organization => Subject::Organization,
        RecordTarget::Policy(name) => Subject::AuthenticationPolicy(Some(name.clone())),
        RecordTarget::Mailbox(m) => Subject::Mailbox(m.clone()),
        // Never guessed (reconcile's "cannot tell which mailbox").
        RecordTarget::Unknown(_) => return None,
    })
}

/// The events of one tenant's sources: the log's SMTP AUTH entries (a later outcome stands for
/// the entry it supersedes), the records of its audit files (the same record in two files
/// once), a matched pair once.
pub fn events(input: &TenantInput, now: Instant) -> Vec<Event> {
    let smtp: Vec<Entry> = {
        let superseded: std::collections::HashSet<&str> = input
            .entries
            .iter()
            .filter_map(|e| e.supersedes.as_deref())
            .collect();
        input
            .entries
            .iter()
            .filter(|e| e.protocol == Protocol::Smtp && !superseded.contains(e.id.as_str()))
            .cloned()
            .collect()
    };
    // The tenant's files as one: a record in two files once, sorted by time.
    let file = combine(&input.audits.iter().collect::<Vec<_>>());
    let matched = reconcile(&smtp, &file, &[], now);
    let mut out = Vec::new();
    let log_event = |e: &Entry, source: Source, by: Option<String>| {
        Some(Event {
            at: Instant::parse_rfc3339(&e.at).ok()?,
            subject: subject_of_entry(e)?,
            action: e.action,
            outcome: e.outcome,
            source,
            by,
        })
    };
    for (e, r) in &matched.matched {
        out.extend(log_event(e, Source::Both, Some(r.user.clone())));
    }
    for (e, _) in &matched.only_authpilot {
        out.extend(log_event(e, Source::Log, None));
    }
    for r in &matched.only_tenant {
        if let Some(subject) = subject_of_record(r) {
            out.push(Event {
                at: r.at,
                subject,
                action: r.action,
                outcome: if r.succeeded {
                    Outcome::Succeeded
                } else {
                    Outcome::Failed
                },
                source: Source::Tenant,
                by: Some(r.user.clone()),
            });
        }
    }
    out.sort_by(|a, b| a.at.cmp(&b.at).then(a.subject.cmp(&b.subject)));
    out
}

/// The board of one tenant as of `at` (`None`: everything known).
pub fn board(input: &TenantInput, at: Option<Instant>, now: Instant) -> TenantBoard {
    let history: Vec<Event> = events(input, now)
        .into_iter()
        .filter(|e| at.is_none_or(|at| e.at <= at))
        .collect();
    let mut latest: std::collections::BTreeMap<Subject, &Event> = Default::default();
    for e in history.iter().filter(|e| e.outcome == Outcome::Succeeded) {
        latest.insert(e.subject.clone(), e);
    }
    let rows = latest
        .into_iter()
        .filter(|(s, e)| !matches!(s, Subject::Mailbox(_)) || e.action == Action::TurnOn)
        .map(|(subject, e)| Row {
            subject,
            state: e.action,
            since: e.at,
            source: e.source,
        })
        .collect();
    TenantBoard {
        tenant: input.tenant.clone(),
        rows,
        history,
    }
}
