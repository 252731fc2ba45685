//! Settings an organisation pushes by policy (issue 14): Chrome and Edge hand them to AuthPilot
//! through `chrome.storage.managed`, shaped by `extension/managed_schema.json`. Each value is
//! checked like a typed-in one; a bad value is reported ("set by your organisation, but
//! invalid: …") and ignored whole, never half-applied. A valid value wins over the admin's
//! own, and its field is read-only in the popup.
//!
//! The schema declares only types, not allowed values: Chrome silently drops a value that
//! breaks the schema (it shows only on chrome://policy), so anything narrower than a type is
//! left to this module, which can say what is wrong in the popup.

use serde_json::{Map, Value};

use crate::core::cloud::Cloud;
use crate::core::log::{Draft, MAX_TEXT};
use crate::core::protocols::Protocol;
use crate::core::settings::{Settings, SettingsForm};

/// The policy names, as the schema and the deployment guide spell them.
pub mod policy {
    pub const CLOUD: &str = "Cloud";
    pub const TENANT_NAME: &str = "TenantName";
    pub const NEEDED_PROTOCOLS: &str = "NeededProtocols";
    pub const SMTP_SENDERS: &str = "SmtpSenders";
    pub const DEADLINE_REMINDERS: &str = "DeadlineReminders";
    pub const DEVICE_TEST_REMINDERS: &str = "DeviceTestReminders";
    pub const ALLOW_PRACTICE_DATE: &str = "AllowPracticeDate";
    pub const POPUP_NOTE: &str = "PopupNote";
    pub const ALL: [&str; 8] = [
        CLOUD,
        TENANT_NAME,
        NEEDED_PROTOCOLS,
        SMTP_SENDERS,
        DEADLINE_REMINDERS,
        DEVICE_TEST_REMINDERS,
        ALLOW_PRACTICE_DATE,
        POPUP_NOTE,
    ];
}

const MAX_TENANT: usize = 256;
const MAX_NOTE: usize = 500;

/// A managed value that was set but cannot be used: which policy, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub policy: String,
    pub message: String,
}

impl Problem {
    /// "Set by your organisation, but invalid: …" — what the popup shows.
    pub fn describe(&self) -> String {
        t!("managed_invalid", self.policy.clone(), self.message.clone())
    }
}

/// What the organisation set, each value checked; `None` where nothing valid is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Managed {
    pub cloud: Option<Cloud>,
    pub tenant: Option<String>,
    pub needed: Option<Vec<Protocol>>,
    pub smtp_senders: Option<Vec<String>>,
    pub deadline_reminders: Option<bool>,
    pub device_test_reminders: Option<bool>,
    /// `Some(false)`: the practice date may not be used (it is cleared and locked).
    pub allow_practice_date: Option<bool>,
    /// A note for the popup, such as who to call.
    pub note: Option<String>,
    pub problems: Vec<Problem>,
}

/// The settings form's fields a managed value can lock.
pub mod field {
    pub const CLOUD: &str = "cloud";
    pub const NEEDED: &str = "needed";
    pub const PRACTICE_DATE: &str = "practice_date";
    pub const SMTP_SENDERS: &str = "smtp_senders";
    pub const DEADLINE_REMINDERS: &str = "deadline_reminders";
    pub const DEVICE_TEST_REMINDERS: &str = "device_test_reminders";
}

impl Managed {
    /// Reads what `chrome.storage.managed.get(null)` gave (an object of policy names).
    pub fn read(value: &Value) -> Managed {
        let mut m = Managed::default();
        let Some(object) = value.as_object() else {
            if !value.is_null() {
                m.problem("", t!("managed_not_object"));
            }
            return m;
        };
        for key in object.keys() {
            if !policy::ALL.contains(&key.as_str()) {
                m.problem(key, t!("managed_unknown_policy"));
            }
        }
        m.cloud = m.check(object, policy::CLOUD, |v| {
            let id = text(v)?;
            Cloud::from_id(id.trim()).ok_or_else(|| {
                let ids: Vec<&str> = Cloud::ALL.iter().map(|c| c.id()).collect();
                t!("managed_bad_cloud", id, ids.join(", "))
            })
        });
        m.tenant = m.check(object, policy::TENANT_NAME, |v| {
            line(text(v)?, MAX_TENANT, false)
        });
        m.needed = m.check(object, policy::NEEDED_PROTOCOLS, |v| {
            let names = texts(v)?;
            if names.is_empty() {
                return Err(t!("settings_no_protocol"));
            }
            let mut needed = Vec::new();
            for name in names {
                let p =
                    Protocol::parse(name).ok_or_else(|| t!("settings_unknown_protocol", name))?;
                if !needed.contains(&p) {
                    needed.push(p);
                }
            }
            needed.sort();
            Ok(needed)
        });
        m.smtp_senders = m.check(object, policy::SMTP_SENDERS, |v| {
            crate::core::smtp::parse_senders(&texts(v)?.join("\n")).map_err(|bad| bad.describe())
        });
        m.deadline_reminders = m.check(object, policy::DEADLINE_REMINDERS, flag);
        m.device_test_reminders = m.check(object, policy::DEVICE_TEST_REMINDERS, flag);
        m.allow_practice_date = m.check(object, policy::ALLOW_PRACTICE_DATE, flag);
        m.note = m.check(object, policy::POPUP_NOTE, |v| {
            line(text(v)?, MAX_NOTE, true)
        });
        m
    }

    fn problem(&mut self, policy: &str, message: String) {
        self.problems.push(Problem {
            policy: policy.to_string(),
            message,
        });
    }

    /// One policy's value, checked whole: a problem is reported and the value ignored.
    fn check<T>(
        &mut self,
        object: &Map<String, Value>,
        name: &str,
        read: impl FnOnce(&Value) -> Result<T, String>,
    ) -> Option<T> {
        let value = object.get(name)?;
        match read(value) {
            Ok(v) => Some(v),
            Err(message) => {
                self.problem(name, message);
                None
            }
        }
    }

    /// Whether any valid managed value is in force.
    pub fn in_force(&self) -> bool {
        self.cloud.is_some()
            || self.tenant.is_some()
            || self.needed.is_some()
            || self.smtp_senders.is_some()
            || self.deadline_reminders.is_some()
            || self.device_test_reminders.is_some()
            || self.allow_practice_date.is_some()
            || self.note.is_some()
    }

    /// Whether a settings form field is set by the organisation (read-only).
    pub fn locks(&self, field: &str) -> bool {
        match field {
            field::CLOUD => self.cloud.is_some(),
            field::NEEDED => self.needed.is_some(),
            field::PRACTICE_DATE => self.allow_practice_date == Some(false),
            field::SMTP_SENDERS => self.smtp_senders.is_some(),
            field::DEADLINE_REMINDERS => self.deadline_reminders.is_some(),
            field::DEVICE_TEST_REMINDERS => self.device_test_reminders.is_some(),
            _ => false,
        }
    }

    /// The settings in force: each valid managed value over the admin's own.
    pub fn apply(&self, own: &Settings) -> Settings {
        Settings {
            cloud: self.cloud.unwrap_or(own.cloud),
            needed: self.needed.clone().unwrap_or_else(|| own.needed.clone()),
            practice_date: if self.allow_practice_date == Some(false) {
                None
            } else {
                own.practice_date
            },
            smtp_senders: self
                .smtp_senders
                .clone()
                .unwrap_or_else(|| own.smtp_senders.clone()),
            deadline_reminders: self.deadline_reminders.unwrap_or(own.deadline_reminders),
            device_test_reminders: self
                .device_test_reminders
                .unwrap_or(own.device_test_reminders),
        }
    }

    /// The form as it is to be checked and stored when the admin saves: locked fields (shown
    /// read-only, with the organisation's value, and not submitted) take the admin's own
    /// stored value, so saving never writes the organisation's values as the admin's.
    pub fn fill_locked(&self, mut form: SettingsForm, own: &Settings) -> SettingsForm {
        let stored = own.to_form();
        if self.locks(field::CLOUD) {
            form.cloud = stored.cloud;
        }
        if self.locks(field::NEEDED) {
            form.needed = stored.needed;
        }
        if self.locks(field::PRACTICE_DATE) {
            form.practice_date = stored.practice_date;
        }
        if self.locks(field::SMTP_SENDERS) {
            form.smtp_senders = stored.smtp_senders;
        }
        if self.locks(field::DEADLINE_REMINDERS) {
            form.deadline_reminders = stored.deadline_reminders;
        }
        if self.locks(field::DEVICE_TEST_REMINDERS) {
            form.device_test_reminders = stored.device_test_reminders;
        }
        form
    }

    /// A log entry made while a managed configuration is in force says so (in its note), and
    /// carries the organisation's tenant name when it has none of its own.
    pub fn mark(&self, mut draft: Draft) -> Draft {
        if !self.in_force() {
            return draft;
        }
        if draft.tenant.as_deref().is_none_or(|t| t.trim().is_empty()) {
            draft.tenant = self.tenant.clone();
        }
        let said = t!("note_managed");
        draft.note = Some(match draft.note.take().filter(|n| !n.trim().is_empty()) {
            Some(note) if note.contains(&said) => note,
            // The admin's own note is never cut: the rare entry whose note leaves no room for
            // the sentence keeps every word and goes without it.
            Some(note) if note.chars().count() + 1 + said.chars().count() > MAX_TEXT => note,
            Some(note) => format!("{note} {said}"),
            None => said,
        });
        draft
    }
}

fn text(v: &Value) -> Result<&str, String> {
    v.as_str().ok_or_else(|| t!("managed_not_text"))
}

fn texts(v: &Value) -> Result<Vec<&str>, String> {
    v.as_array()
        .ok_or_else(|| t!("managed_not_list"))?
        .iter()
        .map(text)
        .collect()
}

fn flag(v: &Value) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| t!("managed_not_flag"))
}

/// A short text: trimmed, not empty, within `max` characters, no control characters (line
/// breaks only where `lines`).
fn line(text: &str, max: usize, lines: bool) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(t!("managed_empty"));
    }
    if text.chars().count() > max {
        return Err(t!("managed_too_long", max));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !(lines && c == '\n'))
    {
        return Err(t!("managed_control_chars"));
    }
    Ok(text.to_string())
}
