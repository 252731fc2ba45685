//! The alarms AuthPilot sets (issue 25: a type, not strings matched in two places): each one's
//! name in `chrome.alarms` is made and read here only. It depends on nothing else in the core.

/// A deadline reminder for SMTP AUTH: 14 and 3 days before 31 December 2026, and the first day
/// after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deadline {
    Before14,
    Before3,
    NewYear,
}

impl Deadline {
    pub const ALL: [Deadline; 3] = [Deadline::Before14, Deadline::Before3, Deadline::NewYear];
}

/// An alarm, by what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Alarm {
    /// A press waiting for its page's result in a tab: the wait is over.
    WaitOver { tab: i64 },
    /// A re-enable recorded: it should work by now (an hour later).
    Effective { entry: String },
    /// A mailbox turned on: test the device.
    DeviceTest { entry: String },
    /// A deadline reminder.
    Deadline(Deadline),
}

impl Alarm {
    /// Its name in `chrome.alarms`.
    pub fn name(&self) -> String {
        match self {
            // The same text as the press's storage key (`messages::pending_key`; a test pins
            // the two together), so `chrome.alarms` shows which tab's press it ends.
            Alarm::WaitOver { tab } => format!("pending:{tab}"),
            Alarm::Effective { entry } => format!("effective:{entry}"),
            Alarm::DeviceTest { entry } => format!("smtp-test:{entry}"),
            Alarm::Deadline(Deadline::Before14) => "smtp:before-14".into(),
            Alarm::Deadline(Deadline::Before3) => "smtp:before-3".into(),
            Alarm::Deadline(Deadline::NewYear) => "smtp:new-year".into(),
        }
    }

    /// The alarm a name is (`None`: not one of AuthPilot's).
    pub fn parse(name: &str) -> Option<Alarm> {
        if let Some(tab) = name.strip_prefix("pending:") {
            return tab.parse().ok().map(|tab| Alarm::WaitOver { tab });
        }
        if let Some(entry) = name.strip_prefix("effective:") {
            return Some(Alarm::Effective {
                entry: entry.to_string(),
            });
        }
        if let Some(entry) = name.strip_prefix("smtp-test:") {
            return Some(Alarm::DeviceTest {
                entry: entry.to_string(),
            });
        }
        Deadline::ALL
            .into_iter()
            .map(Alarm::Deadline)
            .find(|a| a.name() == name)
    }
}
