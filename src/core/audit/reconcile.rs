//! Holding AuthPilot's log against the tenant's audit record (docs/reconcile.md). Each SMTP
//! AUTH entry of the verified log and each SMTP AUTH audit record ends in one group: matched,
//! only in AuthPilot (with why it may be so), only in the tenant's record (who, when, with
//! which tool), or — for a record that names its mailbox by a GUID or a display name — cannot
//! tell which mailbox, never guessed.

use super::read::{AuditFile, Record, RecordTarget};
use crate::core::log::{Action, Entry, Outcome, Scope};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

/// How far apart an entry (when the admin pressed Save) and its audit record (when the cmdlet
/// ran) may be: 90 minutes, the longest delay audit-log.md gives for the record's own clock to
/// differ from the press is minutes, so this is generous on purpose — a match also needs the
/// same scope, target and direction.
pub const WINDOW_SECONDS: i64 = 90 * 60;

/// How long a change may take to reach the tenant's record (audit-log.md: up to 30 minutes,
/// 60–90 typically through the management API; older docs say 24 hours). Newer than this, an
/// entry missing from the file is "not yet in the tenant's record".
pub const ARRIVAL_SECONDS: i64 = 24 * 3600;

/// Why an entry may be missing from the tenant's record (its id: `Why::id`, kebab-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Why {
    /// The page said the change failed: nothing may have changed.
    Failed,
    /// The page never confirmed it.
    Submitted,
    /// Newer than the record's usual delay, or than the file's last record.
    NotYetArrived,
    /// Older than the file's first record (outside what the file covers).
    OlderThanFile,
    /// Inside the file's time span, confirmed by the page, and not in the record.
    NotInRecord,
}

impl Why {
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// One listed sender whose latest state differs between the two records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub mailbox: String,
    pub authpilot: (Action, Instant),
    pub tenant: (Action, Instant),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reconciliation {
    pub matched: Vec<(Entry, Record)>,
    pub only_authpilot: Vec<(Entry, Why)>,
    pub only_tenant: Vec<Record>,
    pub cannot_tell: Vec<Record>,
    pub disagreements: Vec<Disagreement>,
    /// When AuthPilot's log began (its first SMTP AUTH entry): a record older than that is a
    /// change from before AuthPilot was there, not one it missed.
    pub log_began: Option<Instant>,
}

impl Reconciliation {
    /// Whether a record comes from before AuthPilot's log began.
    pub fn before_log(&self, record: &Record) -> bool {
        self.log_began.is_some_and(|b| record.at < b)
    }
}

fn at(entry: &Entry) -> Option<Instant> {
    Instant::parse_rfc3339(&entry.at).ok()
}

fn same_target(entry: &Entry, record: &Record) -> bool {
    match (&record.target, entry.scope) {
        (RecordTarget::Organization, Some(Scope::Organization)) => true,
        (RecordTarget::Policy(_), Some(Scope::AuthenticationPolicy)) => true,
        (RecordTarget::Mailbox(m), Some(Scope::Mailbox)) => {
            entry.mailbox.as_deref() == Some(m.as_str())
        }
        _ => false,
    }
}

/// Whether an entry and a record can be the same change: target, direction, result, time.
fn pairs(entry: &Entry, when: Option<Instant>, record: &Record) -> Option<i64> {
    let gap = (when?.unix_seconds() - record.at.unix_seconds()).abs();
    let result_agrees = (entry.outcome == Outcome::Failed) != record.succeeded;
    // The cheap tests first: the target's text is compared last.
    (gap <= WINDOW_SECONDS
        && entry.action == record.action
        && result_agrees
        && same_target(entry, record))
    .then_some(gap)
}

/// Which entry each record is, in the records' order: the closest unmatched entry that can be
/// the same change (the earliest in the log of two as close), or none; a record whose mailbox
/// cannot be told is matched to none. The entries with a time are sorted by it once, and a
/// record is held only against those within the window of it (a binary search), not against
/// every entry: the same choice in a few steps instead of thousands (issue 34; a test holds it
/// to holding every record against every entry).
fn assign(smtp: &[&Entry], times: &[Option<Instant>], records: &[Record]) -> Vec<Option<usize>> {
    let mut taken = vec![false; smtp.len()];
    let mut by_time: Vec<(i64, usize)> = times
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((t.as_ref()?.unix_seconds(), i)))
        .collect();
    by_time.sort_unstable();
    records
        .iter()
        .map(|record| {
            if matches!(record.target, RecordTarget::Unknown(_)) {
                return None;
            }
            let at = record.at.unix_seconds();
            let from = by_time.partition_point(|(t, _)| *t < at - WINDOW_SECONDS);
            let (_, i) = by_time[from..]
                .iter()
                .take_while(|(t, _)| *t <= at + WINDOW_SECONDS)
                .filter(|(_, i)| !taken[*i])
                .filter_map(|&(_, i)| pairs(smtp[i], times[i], record).map(|gap| (gap, i)))
                .min()?;
            taken[i] = true;
            Some(i)
        })
        .collect()
}

/// Reconciles the verified log's SMTP AUTH entries with an audit file, as of `now`. `senders`
/// are the listed senders (lower case).
pub fn reconcile(
    entries: &[Entry],
    file: &AuditFile,
    senders: &[String],
    now: Instant,
) -> Reconciliation {
    let mut out = Reconciliation::default();
    let smtp: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.protocol == Protocol::Smtp)
        .collect();
    let mut taken = vec![false; smtp.len()];
    // Each entry's time read once (a file holds thousands of records to hold against them).
    let times: Vec<Option<Instant>> = smtp.iter().map(|e| at(e)).collect();
    out.log_began = times.iter().flatten().min().copied();
    let chosen = assign(&smtp, &times, &file.records);
    for (record, chosen) in file.records.iter().zip(chosen) {
        match (&record.target, chosen) {
            (RecordTarget::Unknown(_), _) => out.cannot_tell.push(record.clone()),
            (_, Some(i)) => {
                taken[i] = true;
                out.matched.push((smtp[i].clone(), record.clone()));
            }
            (_, None) => out.only_tenant.push(record.clone()),
        }
    }
    let (first, last) = file.span.map_or((None, None), |(a, b)| (Some(a), Some(b)));
    for (i, entry) in smtp.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let when = at(entry);
        let why = match entry.outcome {
            Outcome::Failed => Why::Failed,
            Outcome::Submitted => Why::Submitted,
            _ if when.is_some_and(|t| now.unix_seconds() - t.unix_seconds() < ARRIVAL_SECONDS)
                || when.zip(last).is_some_and(|(t, l)| t > l) =>
            {
                Why::NotYetArrived
            }
            _ if when
                .zip(first)
                .is_some_and(|(t, f)| t.unix_seconds() < f.unix_seconds() - WINDOW_SECONDS) =>
            {
                Why::OlderThanFile
            }
            _ => Why::NotInRecord,
        };
        out.only_authpilot.push(((*entry).clone(), why));
    }
    // A listed sender's latest state by each record.
    // Each mailbox's latest state by each record, gathered once (a log may list thousands).
    let mut mine_latest: std::collections::HashMap<&str, (Action, Instant)> = Default::default();
    for (e, when) in smtp.iter().zip(&times) {
        if let (Outcome::Succeeded, Some(Scope::Mailbox), Some(m), Some(t)) =
            (e.outcome, e.scope, e.mailbox.as_deref(), when)
        {
            let slot = mine_latest.entry(m).or_insert((e.action, *t));
            if *t >= slot.1 {
                *slot = (e.action, *t);
            }
        }
    }
    let mut theirs_latest: std::collections::HashMap<&str, (Action, Instant)> = Default::default();
    for r in file.records.iter().filter(|r| r.succeeded) {
        if let RecordTarget::Mailbox(m) = &r.target {
            let slot = theirs_latest.entry(m.as_str()).or_insert((r.action, r.at));
            if r.at >= slot.1 {
                *slot = (r.action, r.at);
            }
        }
    }
    for sender in senders {
        let mine = mine_latest.get(sender.as_str()).copied();
        let theirs = theirs_latest.get(sender.as_str()).copied();
        if let (Some(a), Some(t)) = (mine, theirs) {
            if a.0 != t.0 {
                out.disagreements.push(Disagreement {
                    mailbox: sender.clone(),
                    authpilot: a,
                    tenant: t,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::read::Tool;
    use crate::core::log::{Draft, Head};

    /// Holding every record against every entry, as `reconcile` did before issue 34.
    fn assign_all_pairs(
        smtp: &[&Entry],
        times: &[Option<Instant>],
        records: &[Record],
    ) -> Vec<Option<usize>> {
        let mut taken = vec![false; smtp.len()];
        records
            .iter()
            .map(|record| {
                if matches!(record.target, RecordTarget::Unknown(_)) {
                    return None;
                }
                let (_, i) = smtp
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !taken[*i])
                    .filter_map(|(i, e)| pairs(e, times[i], record).map(|gap| (gap, i)))
                    .min()?;
                taken[i] = true;
                Some(i)
            })
            .collect()
    }

    /// Generated logs and records, dense in time (many within a window of each other, ties
    /// included, entries out of time order, some without a readable time): the window's
    /// choice is every pair's choice.
    #[test]
    fn the_window_chooses_as_every_pair_does() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let base = Instant::parse_rfc3339("2026-12-01T00:00:00Z").expect("a time");
        let mailboxes = ["a@contoso.com", "b@contoso.com", "c@contoso.com"];
        let actions = [Action::TurnOn, Action::TurnOff];
        let mut matched = 0;
        for round in 0..200 {
            let mut head = Head::default();
            let entries: Vec<Entry> = (0..next(40))
                .map(|k| {
                    let at = base.plus_seconds(next(6) as i64 * 1800 + next(3) as i64 * 60);
                    let mailbox = (next(2) == 0).then(|| mailboxes[next(3) as usize]);
                    let outcome = ["succeeded", "failed", "submitted"][next(3) as usize];
                    let draft: Draft = serde_json::from_value(serde_json::json!({
                        "id": format!("e-{round}-{k}"),
                        "at": if next(15) == 0 { "not a time".to_string() } else { at.to_rfc3339() },
                        "protocol": "SMTP",
                        "scope": if mailbox.is_some() { "mailbox" } else { "organization" },
                        "mailbox": mailbox,
                        "action": actions[next(2) as usize].id(),
                        "outcome": outcome,
                        "source": "observed", "cloud": "worldwide",
                    }))
                    .expect("a draft");
                    let entry = draft.chain(&head);
                    head = Head { count: entry.seq, last_hash: entry.hash.clone() };
                    entry
                })
                .collect();
            let records: Vec<Record> = (0..next(40))
                .map(|k| Record {
                    line: k as usize + 2,
                    id: format!("r-{k}"),
                    at: base.plus_seconds(next(6) as i64 * 1800 + next(3) as i64 * 60),
                    operation: "Set-CASMailbox".into(),
                    user: "admin@contoso.com".into(),
                    tool: Tool::Unknown,
                    app_id: None,
                    external_access: false,
                    succeeded: next(4) != 0,
                    client_ip: None,
                    target: match next(5) {
                        0 => RecordTarget::Organization,
                        1 => RecordTarget::Unknown("Printer".into()),
                        _ => RecordTarget::Mailbox(mailboxes[next(3) as usize].into()),
                    },
                    action: actions[next(2) as usize],
                })
                .collect();
            let smtp: Vec<&Entry> = entries.iter().collect();
            let times: Vec<Option<Instant>> = smtp.iter().map(|e| at(e)).collect();
            let windowed = assign(&smtp, &times, &records);
            assert_eq!(
                windowed,
                assign_all_pairs(&smtp, &times, &records),
                "round {round}"
            );
            matched += windowed.iter().flatten().count();
        }
        assert!(matched > 200, "the rounds match records: {matched}");
    }
}
