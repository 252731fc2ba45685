//! The timeline: the phases of SMTP AUTH's retirement, to the second, and the instant its guidance is for.

use serde::{Deserialize, Serialize};

use crate::core::time::{Date, Instant};

/// How sure a fact is (docs/smtp-auth.md gives each one's source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    #[serde(rename = "confirmed")]
    Confirmed,
    #[serde(rename = "unconfirmed")]
    Unconfirmed,
}

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

pub(super) fn midnight(year: i32, month: u8, day: u8) -> Instant {
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
/// Whole days from `today` until 31 December 2026 — 28 on 3 December, 0 on the day itself —
/// while that day is ahead or today; `None` after it. Counted the way a reader counts ("28 days
/// until 31 December"), not counting today in: the popup, the helper and the reminders all say
/// this one number, worded by `days_until_text`.
pub fn days_until_last_day(today: Date) -> Option<i64> {
    let days = last_day().days_since_epoch() - today.days_since_epoch();
    (days >= 0).then_some(days)
}

/// "28 days until 31 December 2026", "1 day until …", "31 December 2026 is today".
pub fn days_until_text(days: i64) -> String {
    match days {
        0 => t!("smtp_days_today"),
        1 => t!("smtp_day_until"),
        n => t!("smtp_days_until", n),
    }
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
