//! The reminders before the deadline and after a mailbox is turned on.

use super::explain::*;
use super::timeline::*;
use crate::core::alarms::{Alarm, Deadline};
use crate::core::time::Instant;

/// When the device-test reminder comes after the recorded turn-on: an hour (third parties
/// say such changes take 15–60 minutes; Microsoft gives no figure).
pub const TEST_AFTER_SECONDS: i64 = 3600;

/// The deadline reminders to have at `now` (name, when): 14 and 3 days before 31 December
/// 2026 and on 1 January 2027, at 09:00 UTC, those still ahead — none when turned off.
pub fn deadline_alarms(now: Instant, on: bool) -> Vec<(Alarm, Instant)> {
    if !on {
        return Vec::new();
    }
    [
        (Deadline::Before14, midnight(2026, 12, 17)),
        (Deadline::Before3, midnight(2026, 12, 28)),
        (Deadline::NewYear, midnight(2027, 1, 1)),
    ]
    .into_iter()
    .map(|(d, day)| (Alarm::Deadline(d), day.plus_seconds(9 * 3600)))
    .filter(|(_, when)| *when > now)
    .collect()
}

/// The device-test reminder an appended entry calls for, if any: a succeeded turn-on for a
/// mailbox, with the reminders on.
pub fn device_test_alarm(entry: &crate::core::log::Entry, on: bool) -> Option<(Alarm, Instant)> {
    use crate::core::log::{Action, Outcome, Scope};
    let wanted = on
        && entry.protocol == crate::core::protocols::Protocol::Smtp
        && entry.scope == Some(Scope::Mailbox)
        && entry.action == Action::TurnOn
        && entry.outcome == Outcome::Succeeded;
    let at = Instant::parse_rfc3339(&entry.at).ok()?;
    wanted.then(|| {
        (
            Alarm::DeviceTest {
                entry: entry.id.clone(),
            },
            at.plus_seconds(TEST_AFTER_SECONDS),
        )
    })
}

/// What a deadline alarm says when it fires at `now` (title, message), or nothing when every
/// listed sender has a recorded change (or none are listed).
pub fn deadline_reminder(
    deadline: Deadline,
    now: Instant,
    latest: &[crate::core::log::Entry],
    senders: &[String],
) -> Option<(String, String)> {
    let waiting = senders_without_plan(latest, senders).len();
    if waiting == 0 {
        return None;
    }
    let message = match (deadline, days_until_last_day(now.date())) {
        (Deadline::Before14 | Deadline::Before3, Some(days)) => {
            t!("reminder_smtp_before", days_until_text(days), waiting)
        }
        (Deadline::NewYear, _) => t!("reminder_smtp_new_year", waiting),
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
